"""One run: configuration, discovery, lint | fix | diff, the report, and the exit status.

Messages go to standard error and the report to standard output (or the output file), so that a
caller without a terminal, such as a test, sees exactly what a user sees.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

from probelint.config.discovery import find_config
from probelint.config.settings import settings_for
from probelint.engine.linter import Linter, Result
from probelint.engine.settings import Settings
from probelint.findings import Severity
from probelint.reading.files import STDIN, read_bytes
from probelint.reporters import Summary, get_reporter
from probelint.reporters.common import fixable_count, printable
from probelint.run.charts import ChartRender, lint_chart_reports, map_rendered_streams, render_charts, streams
from probelint.run.discovery import SKIPPED_DIRS, YAML_SUFFIXES, Discovery, discover
from probelint.run.parallel import default_jobs, lint_reports
from probelint.run.request import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, RunRequest

if TYPE_CHECKING:
    from probelint.config.model import Config


class ConfigurationFailed(Exception):
    """The configuration cannot be used; its messages were already printed."""


def execute(request: RunRequest) -> int:
    """Carry out the request and return the exit status (0 clean, 1 findings, 2 errors)."""
    try:
        config = _configuration(request.config_path)
    except ConfigurationFailed:
        return EXIT_ERROR
    found = _discover(request.paths, config)
    if request.output_file not in (None, "-") and _is_an_input(request.output_file, request.paths, found, config):
        _message(
            f"probelint: the output file {request.output_file} is one of the files being linted; "
            "write the report somewhere else"
        )
        return EXIT_ERROR
    settings = settings_for(config, set(request.select), set(request.ignore))
    if request.kubernetes_version is not None:
        settings.kubernetes_version = request.kubernetes_version
    if request.max_file_size is not None:
        settings.max_file_size = request.max_file_size
    jobs = request.jobs or default_jobs()
    linter = Linter(settings)
    if request.mode != "diff" and any(_is_file(path) for path in request.paths):
        from probelint.run.context import repository_services

        linter.context_services = repository_services(request.paths, found.files, config, settings.max_file_size)
    if found.charts and request.mode != "lint":
        _message("probelint: Helm charts are linted, not fixed: each finding names the template or values line to edit")
    if request.mode == "diff":
        from probelint.fix.command import cli_diff

        return cli_diff(linter, found.files, request.fix_rendered, bool(found.errors), jobs)
    charts, chart_errors = render_charts(found.charts, request.helm, config)
    if request.mode == "fix":
        from probelint.fix.command import cli_fix

        result = cli_fix(linter, found.files, request.fix_rendered, jobs, charts)
    else:
        stdin = (
            _read_stdin(settings.max_file_size) if STDIN in found.files else None
        )  # kept to map `helm template` output
        result = lint(linter, found.files, jobs, charts, show_progress=True, stdin=stdin)
        result.findings = map_rendered_streams(result.findings, stdin, request.helm, config)
    result.errors = chart_errors + result.errors
    for error in result.errors:
        _message(f"probelint: {printable(error)}")
    written = _report(request, result, fixed_stdin=request.mode == "fix" and STDIN in found.files)
    if result.files == 0 and not found.errors and not result.errors:
        _message(f"probelint: no file was linted: {_why_nothing(found)}")
        if request.fail_if_no_files:
            return EXIT_ERROR
    if found.errors or result.errors or not written:
        return EXIT_ERROR
    threshold = Severity.parse(request.fail_on or (config.fail_on if config is not None else None) or "warning")
    if any(finding.severity >= threshold for finding in result.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def lint(
    linter: Linter,
    paths: list[str],
    jobs: int = 1,
    charts: Sequence[ChartRender] = (),
    show_progress: bool = False,
    stdin: bytes | None = None,
) -> Result:
    """Lint the files and the rendered charts, in order, on up to `jobs` processes, then refine the
    findings run-wide (`show_progress`: a progress line on a terminal when the run is long; `stdin`:
    standard input's bytes, when already read)."""
    reports = lint_reports(linter, paths, jobs, streams(charts), stdin)
    if show_progress:
        from probelint.reporters.terminal import progress

        reports = progress(reports, len(paths) + len(charts))
    return linter.finish(lint_chart_reports(linter, reports, charts))


def lint_settings(paths: list[str], settings: Settings | None = None, jobs: int = 1) -> Result:
    """Lint with the given settings (every rule by default): the library entry point."""
    return lint(Linter(settings or Settings()), paths, jobs)


def _read_stdin(limit: int) -> bytes:
    try:
        return read_bytes(STDIN, limit)
    except OSError:
        return b""


def _configuration(explicit: str | None) -> Config | None:
    if explicit is None and find_config(os.getcwd()) is None:
        return None  # jsonschema & co. are imported only when there is a file
    from probelint.config.loading import load_configuration
    from probelint.config.model import ConfigError

    try:
        return load_configuration(explicit)
    except ConfigError as bad:
        for message in bad.messages:
            _message(message)
        raise ConfigurationFailed from None


def _discover(paths: tuple[str, ...], config: Config | None) -> Discovery:
    found = discover(list(paths))
    if config is not None:
        kept = [path for path in found.files if not config.excludes(path)]
        found.excluded = len(found.files) - len(kept)
        found.files = kept
    for error in found.errors:
        _message(f"probelint: {printable(error)}")
    for skipped in found.skipped:
        _message(f"probelint: {printable(skipped)}")
    return found


def _report(request: RunRequest, result: Result, fixed_stdin: bool) -> bool:
    """Print or write the report and the summary line; False when the report file cannot be written."""
    summary = Summary.of(result.findings, result.files)
    if request.show_suppressed:
        summary = summary._replace(suppressed=tuple(result.suppressed))
    to_stdout = request.output_file in (None, "-")
    if request.statistics:
        from probelint.reporters import statistics

        render = statistics.render_json if request.output_format == "json" else statistics.render_text
        report = render(result.findings)
    else:
        report = get_reporter(request.output_format)(result.findings, summary, to_stdout and request.colour)
    written = True
    if to_stdout:
        stream = sys.stderr if fixed_stdin else sys.stdout  # stdout holds the fixed stream
        stream.write(report)
        stream.flush()
    else:
        assert request.output_file is not None
        written = _write_report(request.output_file, report)
    if not request.quiet:
        _message(summary.line())
        fixable = fixable_count(result.findings)
        if fixable and request.mode != "fix":
            _message(f"[*] {fixable} fixable with probelint --fix (preview with --diff)")
    return written


def _is_an_input(output: str, paths: Sequence[str], found: Discovery, config: Config | None) -> bool:
    """Whether the report would overwrite a file being linted, or land where walking a folder being
    linted finds it (a chart's folder included), which would make the next run lint the report."""
    try:
        info = os.stat(output)
    except OSError:
        info = None
    if info is not None:
        for path in found.files:
            if path != STDIN and _same_file(path, info):
                return True
    real = os.path.realpath(output)
    if config is not None and config.excludes(output):
        return False
    for folder in [*found.charts, *(path for path in paths if path != STDIN and os.path.isdir(path))]:
        relative = os.path.relpath(real, os.path.realpath(folder))
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            continue
        parts = relative.split(os.sep)
        hidden = any(part.startswith(".") or part in SKIPPED_DIRS for part in parts[:-1])
        if not hidden and parts[-1].endswith(YAML_SUFFIXES) and not parts[-1].startswith("."):
            return True
    return False


def _why_nothing(found: Discovery) -> str:
    if found.skipped:
        return "every file found was skipped (see above)"
    if found.excluded:
        return "every file found is excluded by the configuration"
    return "no .yaml or .yml file in the paths given (hidden folders are not walked)"


def _is_file(path: str) -> bool:
    return path != STDIN and os.path.isfile(path)


def _same_file(path: str, info: os.stat_result) -> bool:
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino)


def _write_report(path: str, report: str) -> bool:
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
        _message(f"probelint: cannot write the report to {path}: {error.strerror or error}")
        return False
    return True


_TEMPORARY_SUFFIX = ".probelint-tmp"


def _replace_file(target: str, data: bytes, mode: int) -> None:
    folder, name = os.path.dirname(target) or ".", os.path.basename(target)
    _remove_leftovers(folder, name)
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


def _message(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
