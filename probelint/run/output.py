"""What a run prints: messages on standard error, the report on standard output or in report files."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterable
from typing import TextIO

from probelint.engine.linter import Result
from probelint.reporters import Summary, get_line_reporter, get_reporter
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
    pieces: Iterable[str]
    if request.statistics:
        from probelint.reporters import statistics

        render = statistics.render_json if request.output_format == "json" else statistics.render_text
        pieces = (render(result.findings),)
    else:
        pieces = get_line_reporter(request.output_format)(result.findings, summary, to_stdout and request.colour)
    if request.output_format == "github" and not request.statistics:
        from probelint.reporters.github_summary import append_summary

        problem = append_summary(result.findings, summary, os.environ)
        if problem is not None:
            message(f"probelint: {problem}")
    written = True
    if to_stdout:
        stream = sys.stderr if fixed_stdin else sys.stdout  # stdout holds the fixed stream
        write_pieces(stream, pieces)
    else:
        assert request.output_file is not None
        written = write_report(request.output_file, "".join(pieces))
    for name, path in request.extra_outputs:
        written = write_report(path, get_reporter(name)(result.findings, summary, False)) and written
    if not request.quiet:
        message(summary.line() + (f" ({note})" if note else ""))
        fixable = fixable_count(result.findings)
        if fixable and request.mode != "fix":
            message(f"[*] {fixable} fixable with probelint --fix (preview with --diff)")
    return written


# Pieces of a report are joined up to about this many characters per write: few writes, and never
# the whole report (and its encoded bytes) in memory at once.
_WRITE_SIZE = 1 << 16


def write_pieces(stream: TextIO, pieces: Iterable[str]) -> None:
    """Write the report's pieces in batches of about _WRITE_SIZE characters, then flush."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= _WRITE_SIZE:
            stream.write("".join(batch))
            batch, size = [], 0
    stream.write("".join(batch))
    stream.flush()


def write_report(path: str, report: str) -> bool:
    """Write the report file (creating its folder, as CI artifact paths often need); False on failure.

    A regular file is replaced in one rename of a complete, flushed temporary file in the same
    folder, so a full disk or a crash leaves the previous report or none, never a truncated one that
    a consumer (such as code scanning reading SARIF) would accept. Anything else (`/dev/stdout`, a
    pipe) is written directly.
    """
    target = os.path.realpath(path)
    try:
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        try:
            info: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            info = None
        if info is not None and not stat.S_ISREG(info.st_mode):
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(report)
            return True
        _replace_file(target, report.encode("utf-8"), stat.S_IMODE(info.st_mode) if info else _new_file_mode())
    except OSError as error:
        message(f"probelint: cannot write the report to {path}: {error.strerror or error}")
        return False
    return True


_TEMPORARY_SUFFIX = ".probelint-tmp"


def _replace_file(target: str, data: bytes, mode: int) -> None:
    folder, name = os.path.dirname(target) or ".", os.path.basename(target)
    _remove_leftovers(folder, name)
    import tempfile  # only a report file needs it

    descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=_TEMPORARY_SUFFIX, dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _remove_leftovers(folder: str, name: str) -> None:
    """Delete temporary reports that a killed run (SIGKILL, power loss) left next to this report: the
    process id in their name is no longer running."""
    prefix = f".{name}."
    with contextlib.suppress(OSError):
        for entry in os.listdir(folder):
            if not (entry.startswith(prefix) and entry.endswith(_TEMPORARY_SUFFIX)):
                continue
            pid = entry[len(prefix) :].split(".", 1)[0]
            if pid.isdigit() and not _running(int(pid)):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, entry))


def _running(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end the process there: keep the file
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def _new_file_mode() -> int:
    """The mode `open()` would give a new file: 0o666 less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def message(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
