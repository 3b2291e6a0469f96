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
from probelint.findings import Finding, Severity
from probelint.reading.files import STDIN, read_bytes
from probelint.reporters.common import printable
from probelint.run.charts import (
    ChartJob,
    ChartRender,
    chart_jobs,
    chart_reports,
    lint_chart_reports,
    map_rendered_streams,
    render_charts,
    streams,
)
from probelint.run.discovery import SKIPPED_DIRS, YAML_SUFFIXES, Discovery, discover
from probelint.run.kustomize import KustomizeBuild, build_all, map_origins
from probelint.run.kustomize import streams as built_streams
from probelint.run.output import message, report
from probelint.run.parallel import default_jobs, lint_with_charts
from probelint.run.request import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, RunRequest

if TYPE_CHECKING:
    from probelint.config.model import Config


class ConfigurationFailed(Exception):
    """The configuration cannot be used; its messages were already printed."""


def execute(request: RunRequest) -> int:
    """Carry out the request and return the exit status (0 clean, 1 findings, 2 errors)."""
    try:
        configs = configurations(request.config_path)
        found = _discover(request.paths, configs)
    except ConfigurationFailed:
        return EXIT_ERROR
    early = _before_linting(request, configs, found)
    if early is not None:
        return early
    linter = linter_for(request, configs, found.patches)
    if request.mode == "diff":
        from probelint.fix.command import cli_diff

        return cli_diff(linter, found.files, request.fix_rendered, bool(found.errors), request.jobs or default_jobs())
    if any(_is_file(path) for path in request.paths):
        from probelint.run.context import RepositoryServices

        linter.outside_services = RepositoryServices(
            request.paths, found.files, configs.main, linter.settings.max_file_size
        )
    result, failed = _lint_found(request, configs, found, linter)
    if request.mode == "suppress":
        from probelint.run.adoption import add_suppressions

        return add_suppressions(linter, result, failed)
    if request.write_baseline is not None:
        from probelint.run.adoption import write_baseline

        return write_baseline(request.write_baseline, result, failed)
    return _conclude(request, configs.main, found, result, failed)


def _before_linting(request: RunRequest, configs: Configurations, found: Discovery) -> int | None:
    """The exit status when the run ends before linting (--show-files, a report file that is an
    input); notes about what fixing leaves alone."""
    if request.output_file not in (None, "-") and _is_an_input(request.output_file, request.paths, found, configs.main):
        message(
            f"probelint: the output file {request.output_file} is one of the files being linted; "
            "write the report somewhere else"
        )
        return EXIT_ERROR
    if request.show_files:
        sys.stdout.write("".join(f"{path}\n" for path in (*found.files, *found.charts)))
        return EXIT_ERROR if found.errors else EXIT_OK
    if request.mode in ("fix", "diff") and found.charts:
        message("probelint: Helm charts are linted, not fixed: each finding names the template or values line to edit")
    if request.mode in ("fix", "diff") and request.kustomize:
        message("probelint: --kustomize builds are linted, not fixed: lint without --fix/--diff to see them")
    return None


def _conclude(request: RunRequest, config: Config | None, found: Discovery, result: Result, failed: bool) -> int:
    """Apply the baseline, report, and choose the exit status."""
    note = None
    baseline = request.baseline or (config.baseline if config is not None else None)
    if baseline is not None:
        from probelint.run.adoption import apply_baseline

        note = apply_baseline(baseline, result)
        if note is None:
            return EXIT_ERROR
    fixed_stdin = request.mode == "fix" and STDIN in found.files
    written = report(request, result, fixed_stdin, note=note, errors=(*found.errors, *result.errors))
    if result.files == 0 and not failed:
        message(f"probelint: no file was linted: {_why_nothing(found)}")
        if request.fail_if_no_files:
            return EXIT_ERROR
    if failed or not written:
        return EXIT_ERROR
    return exit_status(request, config, result.findings)


def exit_status(request: RunRequest, config: Config | None, findings: Sequence[Finding]) -> int:
    """1 when a finding is at or above the fail level (`never`: no level), else 0."""
    fail_on = request.fail_on or (config.fail_on if config is not None else None) or "warning"
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(fail_on)
    return EXIT_FINDINGS if any(finding.severity >= threshold for finding in findings) else EXIT_OK


def lint_request(request: RunRequest, configs: Configurations, show_progress: bool = False) -> tuple[Result, bool]:
    """Discover and lint the request's paths: the result, and whether any path, chart or build could
    not be read (errors are printed)."""
    found = _discover(request.paths, configs)
    return _lint_found(request, configs, found, linter_for(request, configs, found.patches), show_progress)


def _lint_found(
    request: RunRequest, configs: Configurations, found: Discovery, linter: Linter, show_progress: bool = True
) -> tuple[Result, bool]:
    """Lint (or fix, then lint) what discovery found: charts rendered, Kustomize folders built, and
    `helm template` output mapped onto its chart; errors printed."""
    config = configs.main
    jobs = request.jobs or default_jobs()
    if request.mode == "fix":
        from probelint.fix.command import cli_fix

        charts, chart_errors = render_charts(found.charts, request.helm, config)
        builds, build_errors = build_all(request.kustomize)
        result = cli_fix(linter, found.files, request.fix_rendered, jobs, charts)
        result.errors = chart_errors + build_errors + result.errors
    else:
        to_render = chart_jobs(found.charts, request.helm, config)  # rendered where they are linted
        builds, build_errors = build_all(request.kustomize)
        stdin = _read_stdin(linter.settings.max_file_size) if STDIN in found.files else None  # to map `helm template`
        result = lint(linter, found.files, jobs, (), show_progress, stdin, builds, to_render, build_errors)
        result.findings = map_rendered_streams(result.findings, stdin, request.helm, config)
    for error in result.errors:
        message(f"probelint: {printable(error)}")
    return result, bool(found.errors or result.errors)


def lint(
    linter: Linter,
    paths: list[str],
    jobs: int = 1,
    charts: Sequence[ChartRender] = (),
    show_progress: bool = False,
    stdin: bytes | None = None,
    builds: Sequence[KustomizeBuild] = (),
    to_render: Sequence[ChartJob] = (),
    build_errors: Sequence[str] = (),
) -> Result:
    """Lint the files, the Kustomize builds and the charts (rendered already, or `to_render` on the
    way), in order, on up to `jobs` processes, then refine the findings run-wide (`show_progress`: a
    progress line on a terminal when the run is long; `stdin`: standard input's bytes, when already
    read). Findings on objects that name their origin file are reported there. The result's errors:
    the charts', then `build_errors`, then the files'."""
    linted = lint_with_charts(linter, paths, jobs, [*built_streams(builds), *streams(charts)], stdin, to_render)
    if show_progress:
        from probelint.reporters.terminal import progress

        linted = progress(linted, len(paths) + len(builds) + len(charts) + len(to_render))
    chart_errors: list[str] = []
    reports = chart_reports(linted, chart_errors)
    skip = {chart.chart_dir for chart in charts} | {job.chart_dir for job in to_render}
    reports = map_origins(reports, builds, skip=skip)
    result = linter.finish(lint_chart_reports(linter, reports, charts))
    result.errors = [*chart_errors, *build_errors, *result.errors]
    return result


def lint_settings(paths: list[str], settings: Settings | None = None, jobs: int = 1) -> Result:
    """Lint with the given settings (every rule by default): the library entry point."""
    return lint(Linter(settings or Settings()), paths, jobs)


def _read_stdin(limit: int) -> bytes | None:
    """Standard input's bytes (up to one past `limit`); None when it cannot be read (the linter then
    reports why)."""
    try:
        return read_bytes(STDIN, limit)
    except OSError:
        return None


def configurations(explicit: str | None) -> Configurations:
    """The configurations of the run (`--config`, else each found from the files linted);
    ConfigurationFailed, with its messages printed, when one cannot be used."""
    try:
        return Configurations(explicit)
    except ConfigError as bad:
        for line in bad.messages:
            message(line)
        raise ConfigurationFailed from None


def _discover(paths: tuple[str, ...], configs: Configurations) -> Discovery:
    """The files and charts to lint, without those their own configuration excludes."""
    found = discover(list(paths))
    try:
        kept = [path for path in found.files if not _excluded(path, configs.for_file(path, is_folder=False))]
        found.excluded = len(found.files) - len(kept)
        found.files = kept
        found.charts = [
            chart for chart in found.charts if not _excluded(chart, configs.for_file(chart, is_folder=True))
        ]
        _drop_git_ignored(found, configs)
    except ConfigError as bad:
        for line in bad.messages:
            message(line)
        raise ConfigurationFailed from None
    for error in found.errors:
        message(f"probelint: {printable(error)}")
    for skipped in found.skipped:
        message(f"probelint: {printable(skipped)}")
    return found


def _drop_git_ignored(found: Discovery, configs: Configurations) -> None:
    """Leave out what git ignores among the files found in folders (a file named on the command line
    is linted), unless the file's configuration says `respect-gitignore: false`."""
    charts = set(found.charts)
    candidates = [
        path
        for path in (*found.files, *found.charts)
        if path in found.walked and _respects_gitignore(configs.for_file(path, is_folder=path in charts))
    ]
    if not candidates:
        return
    from probelint.run.gitignore import ignored

    left_out = ignored(candidates, folders=charts)
    if left_out:
        found.files = [path for path in found.files if path not in left_out]
        found.charts = [chart for chart in found.charts if chart not in left_out]


def _respects_gitignore(config: Config | None) -> bool:
    return config is None or config.respect_gitignore


def _excluded(path: str, config: Config | None) -> bool:
    return config is not None and config.excludes(path)


def _settings(request: RunRequest, config: Config | None, patches: frozenset[str]) -> Settings:
    settings = settings_for(config, set(request.select), set(request.ignore))
    if request.kubernetes_version is not None:
        settings.kubernetes_version = request.kubernetes_version
    settings.partial_files = patches
    if request.max_file_size is not None:
        settings.max_file_size = request.max_file_size
    return settings


def linter_for(request: RunRequest, configs: Configurations, patches: frozenset[str] = frozenset()) -> Linter:
    """One linter; without --config, each configuration found governs the files below its folder.
    `patches`: the Kustomize patch files among the paths (partial objects)."""
    records = request.explain_event is not None  # the workloads linted: the events' owners
    if configs.explicit:
        return Linter(_settings(request, configs.main, patches), records_workloads=records)
    scopes = tuple((config.base_dir, _settings(request, config, patches)) for config in configs.found())
    return Linter(_settings(request, None, patches), scopes=scopes, records_workloads=records)


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
