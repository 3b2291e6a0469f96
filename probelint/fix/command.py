"""`--fix` and `--diff` for the command line: fix each file, write it safely, say what was not fixed.

`--diff` prints the patch and writes nothing. `--fix` writes each changed file atomically (a temporary
file in the same folder, then a rename, with the original's permissions), or the fixed stream to
standard output for `-`, and the caller then reports what is left. Notes about what was not fixed go
to standard error, with the change that was meant when it could not be placed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field

from ..engine import Linter, Result
from ..files import STDIN, describe_os_error, read_bytes
from .apply import HELD, FileFix, FileFixer

Echo = Callable[[str], None]


@dataclass
class FixRun:
    """Totals of a `--fix` or `--diff` run, and the linting of the fixed files for the report."""

    files_changed: int = 0
    fixed: int = 0
    not_fixed: int = 0
    errors: list[str] = field(default_factory=list)
    pending: bool = False  # --diff: there is something to fix
    result: Result | None = None


def run_diff(linter: Linter, paths: list[str], fix_rendered: bool, out: Echo, err: Echo) -> FixRun:
    """Print the unified diff of every fix; change nothing."""
    run = FixRun()
    fixer = FileFixer(linter, fix_rendered=fix_rendered)
    for path in paths:
        fixed = _fix_path(fixer, path, run)
        if fixed is None:
            continue
        patch = fixed.diff()
        if patch:
            out(patch)
            run.pending = True
            run.files_changed += 1
        run.fixed += len(fixed.applied) + len(fixed.held)
        _explain(fixed, err, diff_mode=True)
        if fixed.intended:
            run.pending = True
        run.not_fixed += sum(1 for refusal in fixed.refused if refusal.group != HELD)
    return run


def run_fix(linter: Linter, paths: list[str], fix_rendered: bool, err: Echo) -> FixRun:
    """Fix every file in place (standard input: to standard output), then lint what is left."""
    run = FixRun()
    fixer = FileFixer(linter, fix_rendered=fix_rendered)
    final: dict[str, bytes] = {}
    for path in paths:
        data = _read(path, run)
        if data is None:
            continue
        fixed = fixer.fix(path, data)
        if fixed.error is not None:
            run.errors.append(fixed.error)
            continue
        new = fixed.fixed.to_bytes() if fixed.changed and fixed.fixed is not None else data
        if path == STDIN:
            sys.stdout.buffer.write(new)
            sys.stdout.flush()
        elif new != data:
            problem = write_atomically(path, data, new)
            if problem is not None:
                run.errors.append(problem)
                final[path] = data
                continue
        final[path] = new
        if new != data:
            run.files_changed += 1
        run.fixed += len(fixed.applied)
        run.not_fixed += len(fixed.refused)
        _explain(fixed, err, diff_mode=False)
    reports = [linter.lint_file(path, final[path]) for path in paths if path in final]
    run.result = linter.finish(reports)
    return run


def _fix_path(fixer: FileFixer, path: str, run: FixRun) -> FileFix | None:
    data = _read(path, run)
    if data is None:
        return None
    fixed = fixer.fix(path, data)
    if fixed.error is not None:
        run.errors.append(fixed.error)
        return None
    return fixed


def _read(path: str, run: FixRun) -> bytes | None:
    try:
        return read_bytes(path)
    except OSError as error:
        run.errors.append(describe_os_error(path, error))
        return None


def _explain(fixed: FileFix, err: Echo, diff_mode: bool) -> None:
    """One line per finding that was not fixed (and the change that was meant, when it is known)."""
    for refusal in fixed.refused:
        finding = refusal.finding
        where = f"{finding.file}:{finding.line}:{finding.column}"
        if refusal.group == HELD and diff_mode:
            err(f"probelint: {where}: {finding.rule}: rendered by Helm from {finding.source}: change the template")
            continue
        err(f"probelint: {where}: {finding.rule} not fixed: {refusal.reason}")
    for intended in fixed.intended:
        err("probelint: the change that was meant (as ruamel.yaml would write the document):")
        err(intended.rstrip("\n"))


def write_atomically(path: str, expected: bytes, data: bytes) -> str | None:
    """Replace the file's content with `data`; None on success, else why nothing was written.

    The new content goes to a temporary file in the same folder (so the rename cannot cross file
    systems), gets the original's permission bits, and replaces the file in one rename. If the file
    changed since it was read, it is left alone. A symbolic link is followed and kept.
    """
    target = os.path.realpath(path)
    try:
        info = os.stat(target)
        with open(target, "rb") as handle:
            if handle.read() != expected:
                return f"{path}: changed while it was being fixed; not written"
    except OSError as error:
        return describe_os_error(path, error)
    folder = os.path.dirname(target) or "."
    temporary = None
    try:
        prefix = f".{os.path.basename(target)}."
        descriptor, temporary = tempfile.mkstemp(prefix=prefix, suffix=".probelint", dir=folder)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        return f"{path}: cannot write the fixed file: {error.strerror or error}; the original is unchanged"
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def cli_diff(linter: Linter, paths: list[str], fix_rendered: bool, had_errors: bool) -> int:
    """`--diff`: the exit code is 1 when something would be fixed, 2 on errors, else 0."""
    run = run_diff(linter, paths, fix_rendered, out=_write_stdout, err=_write_stderr)
    for error in run.errors:
        _write_stderr(f"probelint: {error}")
    if run.pending:
        note = f"; {_plural(run.not_fixed, 'problem')} cannot be fixed automatically" if run.not_fixed else ""
        counts = f"{_plural(run.fixed, 'problem')} in {_plural(run.files_changed, 'file')}"
        _write_stderr(f"probelint: --fix would fix {counts}{note}")
    if had_errors or run.errors:
        return 2
    return 1 if run.pending else 0


def cli_fix(linter: Linter, paths: list[str], fix_rendered: bool) -> Result:
    """`--fix`: fix, say what was fixed, and return the findings that are left for the report."""
    run = run_fix(linter, paths, fix_rendered, err=_write_stderr)
    assert run.result is not None
    if run.fixed or run.not_fixed:
        note = f"; {_plural(run.not_fixed, 'problem')} not fixed (see above)" if run.not_fixed else ""
        _write_stderr(f"probelint: fixed {_plural(run.fixed, 'problem')} in {_plural(run.files_changed, 'file')}{note}")
    run.result.errors[:0] = run.errors
    return run.result


def fix_note(rule_id: str) -> str:
    """For `--explain`: whether `--fix` changes what this rule finds, and how."""
    from .fixes import fix_for

    fix = fix_for(rule_id)
    if fix is None:
        return "Autofix: none. probelint --fix never changes what this rule finds."
    return f"Autofix: probelint --fix {fix.summary} (preview it with --diff)."


def _write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _write_stderr(text: str) -> None:
    sys.stderr.write(text + "\n")
