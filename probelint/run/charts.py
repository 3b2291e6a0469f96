"""Helm charts in a run: render each one, lint the rendered stream, and report every finding at the
template or values line it came from (see probelint.sources for how a rendered line is traced)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from probelint.engine.linter import FileReport, Linter
from probelint.findings import Finding, Severity
from probelint.reading.files import STDIN, display_path, read_bytes

if TYPE_CHECKING:
    from probelint.config.model import ChartSettings, Config
    from probelint.run.request import HelmRequest
    from probelint.sources.helm_render import HelmOptions
    from probelint.sources.sourcemap import RenderedChart

RENDER_RULE = "helm-render"
SET_NOTE = "value set by --set"


class ChartRender(NamedTuple):
    """One chart rendered with one set of values: the stream to lint and the way back to its files."""

    chart_dir: str
    values_label: str | None  # the values file linted on top of the defaults (--all-values), if any
    rendered: RenderedChart


class ChartJob(NamedTuple):
    """A chart to render and lint wherever the work is done (a worker process when there is a pool):
    its folder and its renders, each a values file label (--all-values) and Helm's options."""

    chart_dir: str
    renders: tuple[tuple[str | None, HelmOptions], ...]


class ChartLint(NamedTuple):
    """One chart linted: its findings remapped onto its files and merged over its renders (None when
    none rendered), and why a render failed (the renders before it still count)."""

    report: FileReport | None
    error: str | None
    engine_missing: bool = False  # no Helm engine at all: `error` says how to get one


def chart_jobs(chart_dirs: Sequence[str], helm: HelmRequest, config: Config | None = None) -> list[ChartJob]:
    """What to render for each chart: once with its values, and once per `ci/*-values.yaml` on top with
    --all-values. Nothing is rendered here, and Helm's engine is not loaded."""
    if not chart_dirs:
        return []
    from probelint.sources.helm_render import HelmOptions

    jobs: list[ChartJob] = []
    for chart_dir in chart_dirs:
        settings = chart_settings(chart_dir, helm, config)
        values = settings.values or ()
        variants: list[tuple[str | None, tuple[str, ...]]] = [(None, values)]
        if settings.all_values:
            import glob

            for extra in sorted(glob.glob(os.path.join(glob.escape(chart_dir), "ci", "*-values.yaml"))):
                variants.append((extra, (*values, extra)))
        options = [
            HelmOptions(files, settings.set or (), settings.release_name, settings.namespace or "default")
            for _, files in variants
        ]
        jobs.append(ChartJob(chart_dir, tuple(zip((label for label, _ in variants), options, strict=True))))
    return jobs


def render_job(job: ChartJob) -> tuple[list[ChartRender], str | None]:
    """The job's renders in order, up to the first that fails, and its message. Raises
    HelmUnavailableError when there is no Helm engine."""
    from probelint.sources.helm_engine import ChartError
    from probelint.sources.helm_render import render_chart

    renders: list[ChartRender] = []
    for label, options in job.renders:
        try:
            renders.append(ChartRender(job.chart_dir, label, render_chart(job.chart_dir, options)))
        except ChartError as error:
            return renders, str(error)
    return renders, None


def render_charts(
    chart_dirs: Sequence[str], helm: HelmRequest, config: Config | None = None
) -> tuple[list[ChartRender], list[str]]:
    """Render every chart here (see chart_jobs); error messages for the charts that cannot be rendered
    at all. Helm's engine is loaded only when there is a chart."""
    from probelint.sources.helm_engine import HelmUnavailableError

    renders: list[ChartRender] = []
    errors: list[str] = []
    for job in chart_jobs(chart_dirs, helm, config):
        try:
            done, error = render_job(job)
        except HelmUnavailableError as missing:
            return [], [str(missing)]
        renders.extend(done)
        if error is not None:
            errors.append(error)
    return renders, errors


def lint_chart(linter: Linter, job: ChartJob) -> ChartLint:
    """Render the chart, lint each render and move its findings onto the chart's files: what a worker
    does with a chart, so that Helm's engine is loaded there and charts render beside the files."""
    from probelint.sources.helm_engine import HelmUnavailableError

    try:
        renders, error = render_job(job)
    except HelmUnavailableError as missing:
        return ChartLint(None, str(missing), engine_missing=True)
    severity = render_severity(linter)
    merged: FileReport | None = None
    for chart in renders:
        report = remap(linter.lint_file(chart.chart_dir, chart.rendered.text.encode("utf-8")), chart, severity)
        if merged is None:
            merged = report
        else:
            _merge(merged, report)
    return ChartLint(merged, error)


def chart_reports(linted: Iterable[FileReport | ChartLint], errors: list[str]) -> Iterator[FileReport]:
    """The files' reports as they come, then each linted chart's; the charts' errors go to `errors`
    (only the one saying there is no engine when that is so, and then no chart is reported)."""
    charts: list[ChartLint] = []
    for item in linted:
        if isinstance(item, ChartLint):
            charts.append(item)
        else:
            yield item
    missing = next((chart.error for chart in charts if chart.engine_missing and chart.error), None)
    if missing is not None:
        errors.append(missing)
        return
    errors.extend(chart.error for chart in charts if chart.error is not None)
    yield from (chart.report for chart in charts if chart.report is not None)


def chart_settings(chart_dir: str, helm: HelmRequest, config: Config | None) -> ChartSettings:
    """The settings for one chart: the command line's, else the configuration's for that chart, else
    the configuration's `helm:` defaults."""
    from probelint.config.model import ChartSettings

    layers = [ChartSettings()]
    if config is not None:
        layers += [config.helm, config.charts.get(os.path.abspath(chart_dir), ChartSettings())]
    layers.append(
        ChartSettings(
            values=helm.values_files or None,
            set=helm.set_values or None,
            release_name=helm.release_name,
            namespace=helm.namespace,
            all_values=helm.all_values or None,
        )
    )
    merged = layers[0]
    for layer in layers[1:]:
        merged = layer.over(merged)
    return merged


def streams(charts: Sequence[ChartRender]) -> list[tuple[str, bytes]]:
    """What the linter reads for each render: the stream as `helm template` prints it."""
    return [(chart.chart_dir, chart.rendered.text.encode("utf-8")) for chart in charts]


def lint_chart_reports(
    linter: Linter, reports: Iterator[FileReport], charts: Sequence[ChartRender]
) -> Iterator[FileReport]:
    """Pass the files' reports through; then one report per chart, its findings remapped onto the
    chart's files and merged over the chart's renders (--all-values)."""
    pending = list(reports) if charts else None
    if pending is None:
        yield from reports
        return
    yield from pending[: len(pending) - len(charts)]
    severity = render_severity(linter)
    merged: dict[str, FileReport] = {}
    for chart, report in zip(charts, pending[len(pending) - len(charts) :], strict=True):
        report = remap(report, chart, severity)
        into = merged.get(chart.chart_dir)
        if into is None:
            merged[chart.chart_dir] = report
        else:
            _merge(into, report)
    yield from merged.values()


def render_severity(linter: Linter) -> Severity | None:
    """The helm-render rule's severity; None when it is not selected."""
    active = linter.rules.get(RENDER_RULE)
    return active.severity if active is not None else None


def _merge(into: FileReport, report: FileReport) -> None:
    """Another render of the same chart (--all-values): its findings not already there, its Services."""
    into.findings = distinct([*into.findings, *report.findings])
    into.findings.sort(key=Finding.sort_key)
    into.services.extend(report.services)
    into.suppressed.extend(report.suppressed)
    into.workloads.extend(seen for seen in report.workloads if seen not in into.workloads)


def remap(report: FileReport, chart: ChartRender, render_severity: Severity | None) -> FileReport:
    """The chart's findings at their committed positions, plus one finding per template that failed
    to render (`render_severity` None: the helm-render rule is not selected)."""
    findings = [_remapped(finding, chart.rendered) for finding in report.findings]
    if render_severity is not None:
        findings.extend(
            Finding(RENDER_RULE, render_severity, problem.message, problem.file, problem.line, problem.column)
            for problem in chart.rendered.problems
        )
    findings.sort(key=Finding.sort_key)
    report.findings = findings
    report.suppressed = [item._replace(finding=_remapped(item.finding, chart.rendered)) for item in report.suppressed]
    return report


def _remapped(finding: Finding, rendered: RenderedChart) -> Finding:
    located = rendered.locate(finding.line, finding.column, finding.path)
    primary = located.primary
    message = finding.message
    if located.note is not None and located.note.startswith(SET_NOTE):
        message = f"{message} ({located.note})"  # the line to edit is the --set on the command line
    return finding._replace(
        message=message,
        file=display_path(primary.file),
        line=primary.line,
        column=primary.column,
        end_line=0,  # the extent was measured in the rendered stream
        end_column=0,
        exact=located.exact,
        locations=tuple(where._replace(file=display_path(where.file)) for where in located.related),
    )


def map_rendered_streams(
    findings: list[Finding], stdin: bytes | None, helm: HelmRequest, config: Config | None
) -> list[Finding]:
    """Findings on `helm template` output piped in (or in files, with `--chart DIR`), moved onto the
    chart's files when the chart is here: `--chart DIR`, or the chart a `# Source:` names, found below
    the working directory. Documents that this run's render does not reproduce exactly keep their positions."""
    by_file: dict[str, list[int]] = {}
    for index, finding in enumerate(findings):
        piped = finding.file == STDIN or helm.chart is not None  # a committed render is left as it is
        if piped and finding.source and not finding.locations:
            by_file.setdefault(finding.file, []).append(index)
    if not by_file:
        return findings
    from probelint.sources.piped import align, chart_named

    mapped = list(findings)
    renders: dict[str, ChartRender | None] = {}
    for file, indexes in by_file.items():
        text = _text(file, stdin)
        for name in sorted({_chart_of(findings[i]) for i in indexes}):
            chart_dir = helm.chart or chart_named(name)
            if chart_dir is None:
                continue
            if chart_dir not in renders:
                renders[chart_dir] = _best_render(chart_dir, helm, config, text)
            chart = renders[chart_dir]
            if chart is not None:
                lines = align(text, chart.rendered.text)
                for i in indexes:
                    own = lines.get(findings[i].line)
                    if _chart_of(findings[i]) == name and own is not None:
                        mapped[i] = _remapped(findings[i]._replace(line=own), chart.rendered)
    if mapped != findings:
        mapped.sort(key=Finding.sort_key)
    return mapped


def _best_render(chart_dir: str, helm: HelmRequest, config: Config | None, text: str) -> ChartRender | None:
    """The chart rendered as the stream was: with the release name asked for, else with the chart's
    name and with `release-name` (what `helm template CHART` calls it), whichever reproduces more;
    None when it cannot be rendered here or reproduces nothing."""
    from probelint.sources.helm_engine import ChartError, HelmUnavailableError
    from probelint.sources.helm_render import HelmOptions, render_chart
    from probelint.sources.piped import align

    settings = chart_settings(chart_dir, helm, config)
    names = [settings.release_name] if settings.release_name else [None, "release-name"]
    best: tuple[int, ChartRender] | None = None
    for name in names:
        options = HelmOptions(settings.values or (), settings.set or (), name, settings.namespace or "default")
        try:
            chart = ChartRender(chart_dir, None, render_chart(chart_dir, options))
        except (ChartError, HelmUnavailableError, OSError):
            return None
        score = len(align(text, chart.rendered.text))
        if best is None or score > best[0]:
            best = (score, chart)
    return best[1] if best is not None and best[0] else None


def _chart_of(finding: Finding) -> str:
    """The chart a `# Source:` path names (its first component)."""
    return (finding.source or "").split("/", 1)[0]


def _text(file: str, stdin: bytes | None) -> str:
    data = stdin if file == STDIN else read_bytes(file)
    return (data or b"").decode("utf-8-sig", errors="replace")


def distinct(findings: Iterable[Finding]) -> list[Finding]:
    """Each finding once per rule and position, the first one kept (a chart linted with several values
    files repeats the findings that do not depend on them)."""
    seen: set[tuple[str, str, int, int]] = set()
    kept = []
    for finding in findings:
        key = (finding.rule, finding.file, finding.line, finding.column)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept
