"""`--fix` and `--diff` for the command line: fix each file, write it safely, say what was not fixed.

`--diff` prints the patch and writes nothing. `--fix` writes each changed file in place (see
write_in_place), or the fixed stream to standard output for `-`, and the caller then reports what is
left. Notes about what was not fixed go to standard error, with the change that was meant when it
could not be placed. Files are fixed on `--jobs` processes like linting is; output comes in input
order either way.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from probelint.engine.linter import FileReport, Linter, Result, Scopes
from probelint.engine.settings import Settings
from probelint.fix import writing
from probelint.fix.apply import FileFixer
from probelint.fix.results import HELD, FileFix
from probelint.reading.files import STDIN, describe_os_error, read_bytes, too_large
from probelint.run.charts import ChartRender, lint_chart_reports, streams
from probelint.run.parallel import MIN_FILES_FOR_POOL, lint_reports, with_stdin_read


class FileOutcome:
    """What fixing one file printed and did (small and picklable: it comes back from a worker)."""

    __slots__ = (
        "changed",
        "error",
        "fixed",
        "not_fixed",
        "notes",
        "notes_if_unwritten",
        "original_digest",
        "output",
        "patch",
        "path",
        "pending",
        "report",
    )

    def __init__(
        self,
        path: str,
        patch: str = "",
        notes: list[str] | None = None,
        fixed: int = 0,
        not_fixed: int = 0,
        changed: bool = False,
        pending: bool = False,
        error: str | None = None,
        output: bytes | None = None,
    ) -> None:
        self.path = path
        self.patch = patch  # --diff: the unified diff
        self.notes: list[str] = notes if notes is not None else []  # for standard error
        self.fixed = fixed
        self.not_fixed = not_fixed
        self.changed = changed  # --fix: the file was rewritten; --diff: it would be
        self.pending = pending  # --diff: something (even only by hand) is to be fixed
        self.error = error
        # --fix: the fixed content, for standard output (`-`: what is left is linted from it) or to be
        # written by the parent process (see write_outcome), with a digest of the bytes it was made from.
        self.output = output
        self.original_digest = b""
        self.notes_if_unwritten: list[str] = []  # positions of the original
        # --fix: the lint of what the file holds once written (the fixed content, or the original when
        # nothing changed), for the report of what is left; None to lint the file again.
        self.report: FileReport | None = None


class FixRun:
    """Totals of a `--fix` or `--diff` run."""

    __slots__ = ("errors", "files_changed", "fixed", "not_fixed", "pending")

    def __init__(
        self,
        files_changed: int = 0,
        fixed: int = 0,
        not_fixed: int = 0,
        errors: list[str] | None = None,
        pending: bool = False,
    ) -> None:
        self.files_changed = files_changed
        self.fixed = fixed
        self.not_fixed = not_fixed
        self.errors: list[str] = errors if errors is not None else []
        self.pending = pending

    def add(self, outcome: FileOutcome) -> None:
        if outcome.error is not None:
            self.errors.append(outcome.error)
            return
        self.files_changed += outcome.changed
        self.fixed += outcome.fixed
        self.not_fixed += outcome.not_fixed
        self.pending = self.pending or outcome.pending


def fix_one(fixer: FileFixer, path: str, data: bytes | None, write: bool) -> FileOutcome:
    """Fix one file: `write` rewrites it (or returns the stream for `-`), else only the diff is made."""
    outcome = FileOutcome(path)
    if data is None:
        try:
            data = read_bytes(path, fixer.linter.settings.max_file_size)
        except OSError as error:
            outcome.error = describe_os_error(path, error)
            return outcome
    if len(data) > fixer.linter.settings.max_file_size:  # standard input, read up to one byte over
        outcome.error = f"{path}: {too_large(fixer.linter.settings.max_file_size)}"
        return outcome
    fixed = fixer.fix(path, data)
    if fixed.error is not None:
        outcome.error = fixed.error
        return outcome
    if not write:
        # The patch also shows the changes in Helm-rendered documents (to carry over to the template),
        # but the counts are --fix's: those are not fixed unless --fix-rendered writes them.
        outcome.notes = explain(fixed, diff_mode=True)
        outcome.patch = fixed.diff()
        outcome.changed = fixed.changed
        outcome.pending = bool(outcome.patch) or bool(fixed.intended)
        outcome.fixed = len(fixed.applied)
        outcome.not_fixed = len(fixed.refused)
        return outcome
    new = fixed.fixed.to_bytes() if fixed.changed and fixed.fixed is not None else data
    outcome.report = fixer.report(path, new)
    if path == STDIN or new != data:
        outcome.output = new
    if path != STDIN and new != data:
        outcome.original_digest = hashlib.sha256(data).digest()
        outcome.notes_if_unwritten = explain(fixed, diff_mode=True)
    outcome.notes = explain(fixed, diff_mode=False)
    outcome.changed = new != data
    outcome.fixed = len(fixed.applied)
    outcome.not_fixed = len(fixed.refused)
    return outcome


def write_outcome(outcome: FileOutcome) -> None:
    """Write a fixed file (in the parent process, one file at a time, so that an interrupted run knows
    exactly which files it rewrote); on failure the outcome becomes an error."""
    if outcome.path == STDIN or outcome.output is None or outcome.error is not None:
        return
    problem = writing.write_in_place(outcome.path, outcome.original_digest, outcome.output)
    outcome.output = None
    if problem is not None:  # nothing was written: positions are the original's
        outcome.notes = outcome.notes_if_unwritten
        outcome.error = problem
        outcome.changed = False
        outcome.report = None


def explain(fixed: FileFix, diff_mode: bool) -> list[str]:
    """One line per finding that was not fixed, and the change that was meant when it is known.

    Positions are those of the file as it is on disk afterwards: the original's for --diff, the
    fixed file's for --fix (a fix above a refused finding moves it down)."""
    notes = []
    for refusal in fixed.refused:
        finding = refusal.finding if diff_mode else refusal.where
        where = f"{finding.file}:{finding.line}:{finding.column}"
        if refusal.group == HELD and diff_mode:
            notes.append(
                f"probelint: {where}: {finding.rule}: rendered by Helm from {finding.source}: change the template"
            )
        else:
            notes.append(f"probelint: {where}: {finding.rule} not fixed: {refusal.reason}")
    for intended in fixed.intended:
        notes.append("probelint: the change that was meant (as ruamel.yaml would write the document):")
        notes.append(intended.rstrip("\n"))
    return notes


# --- running over many files ---------------------------------------------------------------------

_worker: FileFixer | None = None


def _start_worker(settings: Settings, scopes: Scopes, fix_rendered: bool) -> None:
    global _worker
    _worker = FileFixer(Linter(settings, scopes=scopes), fix_rendered=fix_rendered)


def _work(task: tuple[str, bytes | None, bool]) -> FileOutcome:
    assert _worker is not None
    return fix_one(_worker, *task)


def fix_all(linter: Linter, paths: list[str], fix_rendered: bool, write: bool, jobs: int) -> Iterator[FileOutcome]:
    """Outcomes in input order, computed on up to `jobs` processes (standard input is read here)."""
    tasks = [(path, data, write) for path, data in with_stdin_read(paths, limit=linter.settings.max_file_size)]
    if jobs <= 1 or len(tasks) < MIN_FILES_FOR_POOL:
        fixer = FileFixer(linter, fix_rendered=fix_rendered)
        for task in tasks:
            yield fix_one(fixer, *task)
        return
    jobs = min(jobs, len(tasks))  # a process per file at most
    chunksize = max(1, min(16, len(tasks) // (jobs * 8)))
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(linter.settings, linter.scopes, fix_rendered)
    ) as pool:
        yield from pool.map(_work, tasks, chunksize=chunksize)


# --- the command line ----------------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def cli_diff(linter: Linter, paths: list[str], fix_rendered: bool, had_errors: bool, jobs: int = 1) -> int:
    """`--diff`: print the patch; the exit code is 1 when there is something to fix, 2 on errors."""
    run = FixRun()
    for outcome in fix_all(linter, paths, fix_rendered, write=False, jobs=jobs):
        if outcome.patch:
            _write_stdout(outcome.patch)
        for note in outcome.notes:
            _write_stderr(note)
        run.add(outcome)
    for error in run.errors:
        _write_stderr(f"probelint: {error}")
    if run.pending:
        counts = f"{_plural(run.fixed, 'problem')} in {_plural(run.files_changed, 'file')}"
        note = f"; {_plural(run.not_fixed, 'problem')} would not be fixed (see above)" if run.not_fixed else ""
        _write_stderr(f"probelint: --fix would fix {counts}{note}")
    if had_errors or run.errors:
        return 2
    return 1 if run.pending else 0


def cli_fix(
    linter: Linter, paths: list[str], fix_rendered: bool, jobs: int = 1, charts: Sequence[ChartRender] = ()
) -> Result:
    """`--fix`: fix, say what was and was not fixed, and lint what is left for the report."""
    run = FixRun()
    rewritten: list[str] = []
    reports: list[FileReport | None] = []  # per path: the lint of what the file now holds, when known
    try:
        for outcome in fix_all(linter, paths, fix_rendered, write=True, jobs=jobs):
            with writing.signals_held():  # Ctrl-C lands after the file is whole and counted
                write_outcome(outcome)
                if outcome.path != STDIN and outcome.changed:
                    rewritten.append(outcome.path)
            if outcome.path == STDIN and outcome.output is not None:
                sys.stdout.buffer.write(outcome.output)
                sys.stdout.flush()
            for note in outcome.notes:
                _write_stderr(note)
            run.add(outcome)
            reports.append(outcome.report if outcome.error is None else None)
            outcome.report = None
    except KeyboardInterrupt:
        _write_stderr(_interrupted(rewritten))
        raise
    if run.fixed or run.not_fixed:
        counts = f"{_plural(run.fixed, 'problem')} in {_plural(run.files_changed, 'file')}"
        note = f"; {_plural(run.not_fixed, 'problem')} not fixed (see above)" if run.not_fixed else ""
        _write_stderr(f"probelint: fixed {counts}{note}")
    result = linter.finish(lint_chart_reports(linter, _reports(linter, paths, reports, jobs, charts), charts))
    result.errors = run.errors + [error for error in result.errors if error not in run.errors]
    return result


def _interrupted(rewritten: list[str]) -> str:
    if not rewritten:
        return "probelint: interrupted; no file was rewritten"
    return f"probelint: interrupted; {_plural(len(rewritten), 'file')} rewritten (each whole): " + ", ".join(rewritten)


def _reports(
    linter: Linter, paths: list[str], known: list[FileReport | None], jobs: int, charts: Sequence[ChartRender]
) -> Iterator[FileReport]:
    """The reports of the files as they are now, then of the charts: a file --fix linted as it wrote it
    (or left it) is not linted again; the others (a file that could not be read or written) are."""
    again = [path for path, report in zip(paths, known, strict=True) if report is None and path != STDIN]
    linted = iter(list(lint_reports(linter, again, jobs, streams(charts))))
    for path, report in zip(paths, known, strict=True):
        if report is not None:
            yield report
        else:  # standard input that gave no fixed stream: it was read already, and nothing is left of it
            yield linter.lint_file(STDIN, b"") if path == STDIN else next(linted)
    yield from linted


def fix_note(rule_id: str) -> str:
    """For `--explain`: whether `--fix` changes what this rule finds, and how."""
    from probelint.fix.fixes import fix_for

    fix = fix_for(rule_id)
    if fix is None:
        return "Autofix: none. probelint --fix never changes what this rule finds."
    return f"Autofix: probelint --fix {fix.summary} (preview it with --diff)."


def _write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _write_stderr(text: str) -> None:
    sys.stderr.write(text + "\n")
