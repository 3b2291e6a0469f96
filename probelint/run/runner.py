"""One run: configuration, discovery, lint | fix | diff, the report, and the exit status.

Messages go to standard error and the report to standard output (or the output file), so that a
caller without a terminal, such as a test, sees exactly what a user sees.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from probelint.config.model import ConfigError
from probelint.config.scopes import Configurations
from probelint.config.settings import settings_for
from probelint.engine.linter import Linter, Result
from probelint.engine.settings import Settings
from probelint.findings import Severity
from probelint.reading.files import STDIN, read_bytes
from probelint.reporters import Summary, get_reporter
from probelint.reporters.common import fixable_count
from probelint.run.charts import ChartRender, lint_chart_reports, map_rendered_streams, render_charts, streams
from probelint.run.discovery import Discovery, discover
from probelint.run.parallel import default_jobs, lint_reports
from probelint.run.request import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, RunRequest

if TYPE_CHECKING:
    from probelint.config.model import Config


class ConfigurationFailed(Exception):
    """The configuration cannot be used; its messages were already printed."""


def execute(request: RunRequest) -> int:
    """Carry out the request and return the exit status (0 clean, 1 findings, 2 errors)."""
    try:
        configs = _configurations(request.config_path)
        found = _discover(request.paths, configs)
    except ConfigurationFailed:
        return EXIT_ERROR
    config = configs.main
    if request.show_files:
        sys.stdout.write("".join(f"{path}\n" for path in (*found.files, *found.charts)))
        return EXIT_ERROR if found.errors else EXIT_OK
    jobs = request.jobs or default_jobs()
    linter = _linter(request, configs)
    if found.charts and request.mode in ("fix", "diff"):
        _message("probelint: Helm charts are linted, not fixed: each finding names the template or values line to edit")
    if request.mode == "diff":
        from probelint.fix.command import cli_diff

        return cli_diff(linter, found.files, request.fix_rendered, bool(found.errors), jobs)
    charts, chart_errors = render_charts(found.charts, request.helm, config)
    if request.mode == "fix":
        from probelint.fix.command import cli_fix

        result = cli_fix(linter, found.files, request.fix_rendered, jobs, charts)
    else:
        stdin = _read_stdin() if STDIN in found.files else None  # kept to map `helm template` output
        result = lint(linter, found.files, jobs, charts, show_progress=True, stdin=stdin)
        result.findings = map_rendered_streams(result.findings, stdin, request.helm, config)
    result.errors = chart_errors + result.errors
    for error in result.errors:
        _message(f"probelint: {error}")
    failed = bool(found.errors or result.errors)
    if request.mode == "suppress":
        return _add_suppressions(linter, result, failed)
    if request.write_baseline is not None:
        return _write_baseline(request.write_baseline, result, failed)
    note = None
    baseline = request.baseline or (config.baseline if config is not None else None)
    if baseline is not None:
        note = _apply_baseline(baseline, result)
        if note is None:
            return EXIT_ERROR
    errors = (*found.errors, *result.errors)
    written = _report(
        request, result, fixed_stdin=request.mode == "fix" and STDIN in found.files, note=note, errors=errors
    )
    if failed or not written:
        return EXIT_ERROR
    fail_on = request.fail_on or (config.fail_on if config is not None else None) or "warning"
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(fail_on)
    if any(finding.severity >= threshold for finding in result.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _add_suppressions(linter: Linter, result: Result, failed: bool) -> int:
    from probelint.fix.suppress import add_suppressions

    outcome = add_suppressions(linter, result.findings)
    for note in outcome.notes:
        _message(f"probelint: {note}")
    files = f"{outcome.files} file{'' if outcome.files == 1 else 's'}"
    _message(f"probelint: added {outcome.added} suppression comment{'' if outcome.added == 1 else 's'} in {files}")
    return EXIT_ERROR if failed or outcome.failed else EXIT_OK


def _write_baseline(path: str, result: Result, failed: bool) -> int:
    """Record the findings in a baseline; exit 0 (2 when files could not be read: they are not recorded)."""
    from probelint import baseline

    try:
        baseline.write(path, result.findings)
    except OSError as error:
        _message(f"probelint: cannot write the baseline {path}: {error.strerror or error}")
        return EXIT_ERROR
    count = len(result.findings)
    _message(f"probelint: recorded {count} finding{'' if count == 1 else 's'} in {path}")
    return EXIT_ERROR if failed else EXIT_OK


def _apply_baseline(path: str, result: Result) -> str | None:
    """Drop the findings the baseline records; the note for the summary, or None when it cannot be read."""
    from probelint import baseline

    try:
        filtered = baseline.apply(path, result.findings)
    except baseline.BaselineError as error:
        _message(f"probelint: {error}")
        return None
    result.findings = filtered.findings
    note = f"{filtered.baselined} more in the baseline {path}"
    if filtered.stale:
        verb = "matches" if filtered.stale == 1 else "match"
        note += f"; {filtered.stale} of its entries {verb} nothing now: refresh it with --write-baseline"
    return note


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


def _read_stdin() -> bytes:
    try:
        return read_bytes(STDIN)
    except OSError:
        return b""


def _configurations(explicit: str | None) -> Configurations:
    try:
        return Configurations(explicit)
    except ConfigError as bad:
        for message in bad.messages:
            _message(message)
        raise ConfigurationFailed from None


def _discover(paths: tuple[str, ...], configs: Configurations) -> Discovery:
    """The files and charts to lint, without those their own configuration excludes."""
    found = discover(list(paths))
    try:
        found.files = [path for path in found.files if not _excluded(path, configs.for_file(path))]
        found.charts = [chart for chart in found.charts if not _excluded(chart, configs.for_file(chart))]
        _drop_git_ignored(found, configs)
    except ConfigError as bad:
        for message in bad.messages:
            _message(message)
        raise ConfigurationFailed from None
    for error in found.errors:
        _message(f"probelint: {error}")
    return found


def _drop_git_ignored(found: Discovery, configs: Configurations) -> None:
    """Leave out what git ignores among the files found in folders (a file named on the command line
    is linted), unless the file's configuration says `respect-gitignore: false`."""
    candidates = [
        path
        for path in (*found.files, *found.charts)
        if path in found.walked and _respects_gitignore(configs.for_file(path))
    ]
    if not candidates:
        return
    from probelint.run.gitignore import ignored

    left_out = ignored(candidates)
    if left_out:
        found.files = [path for path in found.files if path not in left_out]
        found.charts = [chart for chart in found.charts if chart not in left_out]


def _respects_gitignore(config: Config | None) -> bool:
    return config is None or config.respect_gitignore


def _excluded(path: str, config: Config | None) -> bool:
    return config is not None and config.excludes(path)


def _settings(request: RunRequest, config: Config | None) -> Settings:
    settings = settings_for(config, set(request.select), set(request.ignore))
    if request.kubernetes_version is not None:
        settings.kubernetes_version = request.kubernetes_version
    return settings


def _linter(request: RunRequest, configs: Configurations) -> Linter:
    """One linter; without --config, each configuration found governs the files below its folder."""
    if configs.explicit:
        return Linter(_settings(request, configs.main))
    scopes = tuple((config.base_dir, _settings(request, config)) for config in configs.found())
    return Linter(_settings(request, None), scopes=scopes)


def _report(
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
        report = render(result.findings)
    else:
        report = get_reporter(request.output_format)(result.findings, summary, to_stdout and request.colour)
    if request.output_format == "github" and not request.statistics:
        from probelint.reporters.github_summary import append_summary

        problem = append_summary(result.findings, summary, os.environ)
        if problem is not None:
            _message(f"probelint: {problem}")
    written = True
    if to_stdout:
        stream = sys.stderr if fixed_stdin else sys.stdout  # stdout holds the fixed stream
        stream.write(report)
        stream.flush()
    else:
        assert request.output_file is not None
        written = _write_report(request.output_file, report)
    for name, path in request.extra_outputs:
        written = _write_report(path, get_reporter(name)(result.findings, summary, False)) and written
    if not request.quiet:
        _message(summary.line() + (f" ({note})" if note else ""))
        fixable = fixable_count(result.findings)
        if fixable and request.mode != "fix":
            _message(f"[*] {fixable} fixable with probelint --fix (preview with --diff)")
    return written


def _write_report(path: str, report: str) -> bool:
    """Write the report file (creating its folder, as CI artifact paths often need); False on failure."""
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(report)
    except OSError as error:
        _message(f"probelint: cannot write the report to {path}: {error.strerror or error}")
        return False
    return True


def _message(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
