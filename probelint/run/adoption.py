"""Adopting probelint on a repository with findings: a baseline that records them, and suppression
comments written above them."""

from __future__ import annotations

from probelint.engine.linter import Linter, Result
from probelint.run.output import message
from probelint.run.request import EXIT_ERROR, EXIT_OK


def add_suppressions(linter: Linter, result: Result, failed: bool) -> int:
    from probelint.fix.suppress import add_suppressions

    outcome = add_suppressions(linter, result.findings)
    for note in outcome.notes:
        message(f"probelint: {note}")
    files = f"{outcome.files} file{'' if outcome.files == 1 else 's'}"
    message(f"probelint: added {outcome.added} suppression comment{'' if outcome.added == 1 else 's'} in {files}")
    return EXIT_ERROR if failed or outcome.failed else EXIT_OK


def write_baseline(path: str, result: Result, failed: bool) -> int:
    """Record the findings in a baseline; exit 0 (2 when files could not be read: they are not recorded)."""
    from probelint import baseline

    try:
        baseline.write(path, result.findings)
    except OSError as error:
        message(f"probelint: cannot write the baseline {path}: {error.strerror or error}")
        return EXIT_ERROR
    count = len(result.findings)
    message(f"probelint: recorded {count} finding{'' if count == 1 else 's'} in {path}")
    return EXIT_ERROR if failed else EXIT_OK


def apply_baseline(path: str, result: Result) -> str | None:
    """Drop the findings the baseline records; the note for the summary, or None when it cannot be read."""
    from probelint import baseline

    try:
        filtered = baseline.apply(path, result.findings)
    except baseline.BaselineError as error:
        message(f"probelint: {error}")
        return None
    result.findings = filtered.findings
    note = f"{filtered.baselined} more in the baseline {path}"
    if filtered.stale:
        verb = "matches" if filtered.stale == 1 else "match"
        note += f"; {filtered.stale} of its entries {verb} nothing now: refresh it with --write-baseline"
    return note
