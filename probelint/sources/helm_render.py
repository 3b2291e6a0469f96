"""Render a chart with Helm's engine, twice: as is (what gets linted) and instrumented (the line map).

A template that fails to render is reported as a problem at the file, line and column Helm names,
and the chart is rendered again without it (in a scratch copy where that template is emptied), so
the rest of the chart is still linted. When Helm's error names no template that can be left out
(a broken helper, invalid values), nothing is rendered and the problem is all there is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from probelint.sources.chart_layout import (
    ChartDir,
    chart_tree,
    missing_dependencies,
    produces_manifest,
    read_chart_yaml,
    template_files,
)
from probelint.sources.helm_engine import ChartError, RenderFailed, find_engine
from probelint.sources.instrument import LineMap, instrument, read_markers
from probelint.sources.sourcemap import RenderedChart, RenderProblem, TemplateSource
from probelint.sources.stream import assemble
from probelint.sources.values import Layer, ValuesScope, parse_set_simple, read_layer, scope_for, set_layer


class HelmOptions(NamedTuple):
    values_files: tuple[str, ...] = ()  # `-f`, later files win
    set_values: tuple[str, ...] = ()  # `--set`, on top of the files
    release_name: str | None = None  # default: the chart's name
    namespace: str = "default"


_LOCATION = re.compile(r"(?P<file>[\w.@+-]+(?:/[\w.@+-]+)+):(?P<line>\d+)(?::(?P<column>\d+))?")
_EXECUTING = re.compile(r'executing "(?P<top>[^"]+)"')
_PREFIX = re.compile(r"^(?:Error: )?(?:template: )?(?:(?:parse|execution) error at )?\(?")


def render_chart(chart_dir: str, options: HelmOptions | None = None) -> RenderedChart:
    """Render `chart_dir` as `helm template` would and map the result back to the committed files.

    Raises HelmUnavailableError (no engine) or ChartError (no readable chart or values file)."""
    options = options or HelmOptions()
    if not os.path.isfile(os.path.join(chart_dir, "Chart.yaml")):
        raise ChartError(f"{chart_dir}: not a Helm chart (no Chart.yaml)")
    engine = find_engine()
    try:
        meta, _ = read_chart_yaml(chart_dir)
        tree = chart_tree(chart_dir)
        files = template_files(chart_dir, tree)
        user = [read_layer(path, path) for path in options.values_files]
    except (OSError, ValueError) as exc:
        raise ChartError(" ".join(str(exc).split())) from None
    set_parser: Callable[[str], dict[str, Any]] = engine.parse_set() or parse_set_simple
    try:
        user.append(set_layer(options.set_values, set_parser))
    except Exception as exc:  # the SDK raises its own error class for a malformed --set
        raise ChartError(f"--set: {' '.join(str(exc).split())}") from None
    values: dict[str, Any] = {}
    for layer in user:
        values = _merge(values, layer.data)
    release = options.release_name or str(meta.get("name") or os.path.basename(os.path.abspath(chart_dir)))
    args = [a for f in options.values_files for a in ("-f", os.path.abspath(f))]
    args += [a for s in options.set_values for a in ("--set", s)]

    problems = [
        RenderProblem(
            _display(chart_dir, "Chart.yaml"),
            dep.line,
            dep.column,
            f"dependency {dep.name!r} is declared in Chart.yaml but missing under charts/ (`helm dependency build`)",
        )
        for dep in missing_dependencies(chart_dir)
    ]

    def render(overrides: Mapping[str, str]) -> dict[str, str]:
        if not overrides:
            return engine.render(chart_dir, values, args, release, options.namespace)
        return engine.render_overlay(chart_dir, overrides, values, args, release, options.namespace)

    outputs, emptied = _render_resilient(render, chart_dir, tree, problems)
    outputs = {k: v for k, v in outputs.items() if produces_manifest(k)}
    maps = _line_maps(render, chart_dir, files, emptied, outputs)
    sources = [TemplateSource(_display(chart_dir, rel), rel) for rel in files]
    scopes = _scopes(chart_dir, tree, user)
    return RenderedChart(chart_dir, assemble(outputs), problems, maps, sources, _by_source(tree, files), scopes)


def _merge(low: Any, high: Any) -> Any:
    if isinstance(low, dict) and isinstance(high, dict):
        merged = dict(low)
        for key, value in high.items():
            merged[key] = _merge(low[key], value) if key in low else value
        return merged
    return high


def _display(chart_dir: str, rel: str) -> str:
    return os.path.normpath(os.path.join(chart_dir, rel))


def _to_rel(tree: list[ChartDir], source: str) -> str | None:
    for chart in sorted(tree, key=lambda c: -len(c.source_prefix)):
        if source.startswith(chart.source_prefix):
            return os.path.join(chart.rel_dir, source[len(chart.source_prefix) :])
    return None


def _by_source(tree: list[ChartDir], files: list[str]) -> dict[str, tuple[int, int]]:
    """`# Source:` path → (index in `files`, index of its chart in `tree`)."""
    result: dict[str, tuple[int, int]] = {}
    for chart_index, chart in enumerate(tree):
        templates = os.path.join(chart.rel_dir, "templates") + os.sep
        for i, rel in enumerate(files):
            if rel.startswith(templates):
                inside = os.path.relpath(rel, chart.rel_dir or ".").replace(os.sep, "/")
                result[chart.source_prefix + inside] = (i, chart_index)
    return result


def _scopes(chart_dir: str, tree: list[ChartDir], user: list[Layer]) -> list[ValuesScope]:
    own: dict[str, Layer | None] = {}
    for chart in tree:
        path = os.path.join(chart_dir, chart.rel_dir, "values.yaml")
        own[chart.rel_dir] = (
            read_layer(path, _display(chart_dir, os.path.join(chart.rel_dir, "values.yaml")))
            if os.path.isfile(path)
            else None
        )
    scopes: list[ValuesScope] = []
    for chart in tree:
        chain: list[tuple[str, Layer | None]] = []
        for depth in range(1, len(chart.chain) + 1):
            prefix = chart.chain[:depth]
            holder = next(c for c in tree if c.chain == prefix)
            chain.append((prefix[-1], own[holder.rel_dir]))
        scopes.append(scope_for(chain, user))
    return scopes


def _render_resilient(
    render: Callable[[Mapping[str, str]], dict[str, str]],
    chart_dir: str,
    tree: list[ChartDir],
    problems: list[RenderProblem],
) -> tuple[dict[str, str], set[str]]:
    """Render; on a template error, report it and render again with that template emptied."""
    emptied: set[str] = set()
    while True:
        try:
            return render(dict.fromkeys(emptied, "")), emptied
        except RenderFailed as failure:
            problem, culprit = _problem(chart_dir, tree, str(failure))
            problems.append(problem)
            rel = _to_rel(tree, culprit) if culprit else None
            if rel is None or rel in emptied or os.path.basename(rel).startswith("_"):
                return {}, emptied  # a broken helper: every template that includes it fails
            if not os.path.isfile(os.path.join(chart_dir, rel)):
                return {}, emptied
            emptied.add(rel.replace(os.sep, "/"))


def _problem(chart_dir: str, tree: list[ChartDir], message: str) -> tuple[RenderProblem, str | None]:
    """Helm's error as a problem at the template position it names, and the template to leave out."""
    text = " ".join(message.split())
    where = _LOCATION.search(text)
    top = _EXECUTING.search(text)
    if where is None:
        return RenderProblem(_display(chart_dir, "Chart.yaml"), 1, 1, text), None
    rel = _to_rel(tree, where.group("file"))
    file = _display(chart_dir, rel) if rel else where.group("file")
    detail = text[where.end() :].lstrip("): ").strip() or text
    if where.start() > 0 and not _PREFIX.fullmatch(text[: where.start()]):
        detail = f"{text[: where.start()].strip()} {detail}"
    line = int(where.group("line"))
    problem = RenderProblem(file, line, _column(file, line, where.group("column")), detail)
    return problem, top.group("top") if top else where.group("file")


def _column(path: str, line: int, offset: str | None) -> int:
    """The 1-based character column of Go's `file:line:col`, whose col is a 0-based byte offset in the line."""
    if offset is None:
        return 1
    byte = int(offset)
    try:
        with open(path, "rb") as handle:
            text = handle.read().split(b"\n")[line - 1]
    except (OSError, IndexError):
        return byte + 1
    return len(text[:byte].decode("utf-8", "replace")) + 1


def _line_maps(
    render: Callable[[Mapping[str, str]], dict[str, str]],
    chart_dir: str,
    files: list[str],
    emptied: set[str],
    outputs: dict[str, str],
) -> dict[str, LineMap | None]:
    """Render instrumented copies; a template whose instrumented output does not verify is retried
    alone in a second copy (e.g. a checksum of another instrumented template changed it)."""
    maps: dict[str, LineMap | None] = dict.fromkeys(outputs)
    wanted = [rel for rel in files if rel.replace(os.sep, "/") not in emptied]
    for _attempt in range(2):
        if not wanted or not outputs:
            break
        overrides = dict.fromkeys(emptied, "")
        for index, rel in enumerate(files):
            if rel in wanted:
                with open(os.path.join(chart_dir, rel), encoding="utf-8") as handle:
                    overrides[rel.replace(os.sep, "/")] = instrument(handle.read(), index).text
        try:
            marked = render(overrides)
        except RenderFailed:
            marked = {}
        failed: set[str] = set()
        for source, normal in outputs.items():
            if maps[source] is None:
                maps[source] = read_markers(normal, marked.get(source, ""))
                if maps[source] is None:
                    failed.add(source)
        wanted = [rel for rel in wanted if any(source.endswith("/" + rel.replace(os.sep, "/")) for source in failed)]
    return maps
