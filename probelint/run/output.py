"""What a run prints: messages on standard error, the report on standard output or in report files."""

from __future__ import annotations

import os
import sys

from probelint.engine.linter import Result
from probelint.reporters import Summary, get_reporter
from probelint.reporters.common import fixable_count
from probelint.run.request import RunRequest


def report(
    request: RunRequest, result: Result, fixed_stdin: bool, note: str | None = None, errors: tuple[str, ...] = ()
) -> bool:
    """Print or write the report and the summary line; False when the report file cannot be written."""
    summary = Summary.of(result.findings, result.files)._replace(errors=errors)
    if request.show_suppressed:
        summary = summary._replace(suppressed=tuple(result.suppressed))
    to_stdout = request.output_file in (None, "-")
    if request.statistics:
        from probelint.reporters import statistics

        render = statistics.render_json if request.output_format == "json" else statistics.render_text
        text = render(result.findings)
    else:
        text = get_reporter(request.output_format)(result.findings, summary, to_stdout and request.colour)
    if request.output_format == "github" and not request.statistics:
        from probelint.reporters.github_summary import append_summary

        problem = append_summary(result.findings, summary, os.environ)
        if problem is not None:
            message(f"probelint: {problem}")
    written = True
    if to_stdout:
        stream = sys.stderr if fixed_stdin else sys.stdout  # stdout holds the fixed stream
        stream.write(text)
        stream.flush()
    else:
        assert request.output_file is not None
        written = write_report(request.output_file, text)
    for name, path in request.extra_outputs:
        written = write_report(path, get_reporter(name)(result.findings, summary, False)) and written
    if not request.quiet:
        message(summary.line() + (f" ({note})" if note else ""))
        fixable = fixable_count(result.findings)
        if fixable and request.mode != "fix":
            message(f"[*] {fixable} fixable with probelint --fix (preview with --diff)")
    return written


def write_report(path: str, report: str) -> bool:
    """Write the report file (creating its folder, as CI artifact paths often need); False on failure."""
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(report)
    except OSError as error:
        message(f"probelint: cannot write the report to {path}: {error.strerror or error}")
        return False
    return True


def message(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
