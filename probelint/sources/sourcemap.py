"""The map from the rendered stream back to the committed template and values files.

For a finding's key in the rendered stream: the line marker that closes its output names the template
line (see `instrument`). Then, in order of preference: the values file key that set the value (or,
for a value given by `--set`, the template line, saying so); the key written literally in the
template; and when neither is certain, the nearest enclosing key that is, marked `exact=False`.
"""

from __future__ import annotations

import bisect
import os
import re
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from probelint.findings import Location
from probelint.sources.instrument import Instrumented, LineMap, candidate_lines, instrument
from probelint.sources.stream import Stream
from probelint.sources.template_refs import ELEMENT, KEY, Ref, line_refs
from probelint.sources.value_match import Rendered, match
from probelint.sources.values import Path, ValuesScope, get, loose_equal

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class Located(NamedTuple):
    primary: Location  # where to report the finding
    exact: bool  # False: the finding's own key could not be placed for sure; primary is an enclosing one
    related: tuple[Location, ...]  # every other place the finding shows up, the rendered one included
    note: str | None  # e.g. "value set by --set (a.b)"


class RenderProblem(NamedTuple):
    file: str
    line: int
    column: int
    message: str


class TemplateSource(NamedTuple):
    file: str  # as the user would write it: the chart directory they gave joined with the path inside
    rel: str  # path inside the top chart


class _Entry(NamedTuple):
    key: ScalarNode
    value: Node
    path: Path


class _Mapped(NamedTuple):
    primary: Location
    related: tuple[Location, ...]
    note: str | None


class _File(NamedTuple):
    source: TemplateSource
    lines: list[str]
    inst: Instrumented
    refs: dict[int, list[Ref]]


class RenderedChart:
    """A chart rendered like `helm template` prints it, with the way back to its files."""

    def __init__(
        self,
        chart_dir: str,
        stream: Stream,
        problems: list[RenderProblem],
        maps: dict[str, LineMap | None],
        sources: list[TemplateSource],
        by_source: dict[str, tuple[int, int]],
        scopes: list[ValuesScope],
    ) -> None:
        self.chart_dir = chart_dir
        self.text = stream.text
        self.problems = problems
        self._stream = stream
        self._maps = maps
        self._sources = sources
        self._by_source = by_source
        self._scopes = scopes
        self._file_chart = {i: chart for i, chart in reversed(by_source.values())}
        self._files: dict[int, _File] = {}
        self._docs: dict[int, tuple[Node | None, Any]] = {}
        self._lines = stream.text.split("\n")

    def locate(self, line: int, column: int, path: str) -> Located:
        """Where to report a finding whose key is at rendered (1-based) `line`/`column` and whose object
        path within its document is `path` (e.g. `spec.template.spec.containers[0].livenessProbe`)."""
        rendered = Location(self.chart_dir, line, column, "rendered")
        origins = self._stream.origins
        if not 1 <= line <= len(origins) or origins[line - 1] is None:
            return Located(rendered, False, (), "not inside a rendered template")
        doc = bisect.bisect_right(self._stream.doc_starts, line - 1) - 1
        start = self._stream.doc_starts[doc]
        node, data = self._doc(doc)
        chain, hit = _find(node, (line - 1 - start, column - 1)) if node is not None else ([], False)
        if hit:
            entry = chain[-1]
            last = re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1]
            value_mode = isinstance(entry.value, ScalarNode) and (
                last == entry.key.value or path.endswith("." + entry.key.value)
            )
            mapped = self._map(entry, start, data, value_mode)
            if mapped is not None:
                return Located(mapped.primary, True, _related(mapped, rendered), mapped.note)
            chain = chain[:-1]
        for entry in reversed(chain):
            mapped = self._map(entry, start, data, False)
            if mapped is not None:
                return Located(mapped.primary, False, _related(mapped, rendered), "placed at the nearest enclosing key")
        return self._line_level(line - 1, column - 1, rendered)

    def _line_level(self, index: int, column: int, rendered: Location) -> Located:
        """No key maps for sure: the template line whose output holds the finding, else the template."""
        origin = self._stream.origins[index]
        assert origin is not None
        found = self._marker(origin.source, origin.line, column + origin.shift)
        if found is not None:
            file, number = found
            text = file.lines[number - 1]
            where = Location(file.source.file, number, len(text) - len(text.lstrip()) + 1, "template")
            return Located(where, False, (rendered,), "placed at the template line that printed it")
        known = self._by_source.get(origin.source)
        if known is not None:
            where = Location(self._sources[known[0]].file, 1, 1, "template")
            return Located(where, False, (rendered,), "no line map for this template")
        return Located(rendered, False, (), "the template is not part of the chart's files")

    def _marker(self, source: str, line: int, column: int) -> tuple[_File, int] | None:
        line_map = self._maps.get(source)
        marker = line_map.owner(line, column) if line_map is not None else None
        if marker is None or not 0 <= marker.file < len(self._sources):
            return None
        return self._file(marker.file), marker.line

    def _map(self, entry: _Entry, start: int, data: Any, value_mode: bool) -> _Mapped | None:
        origin = self._stream.origins[start + entry.key.start_mark.line]
        if origin is None:
            return None
        out_column = entry.key.start_mark.column + origin.shift
        found = self._marker(origin.source, origin.line, out_column)
        if found is None:
            return None
        file, number = found
        lines = candidate_lines(file.inst.marked, file.inst.scan, number)
        refs = [ref for n in lines for ref in file.refs.get(n, ())]
        scope = self._scopes[self._file_chart.get(self._sources.index(file.source), 0)]
        literal = _literal_keys(file, lines, entry.key.value)
        literal = [(n, c) for n, c in literal if c == out_column]
        value = get(data, entry.path)
        if len(literal) > 1:
            return None
        if literal:
            n, c = literal[0]
            template = Location(file.source.file, n, c + 1, "template")
            if not value_mode and isinstance(entry.value, (MappingNode, SequenceNode)):
                generated = self._generated_from(entry.value, start, scope, value)
                if generated is not None:
                    return _Mapped(generated, (template,), None)
            after = file.lines[n - 1][c + len(entry.key.value) :]
            if value_mode and "{{" in after:
                found_value = match(scope, refs, Rendered(data, entry.path, value, True))
                if found_value is not None:
                    o = found_value.origin
                    if o.file is None:
                        return _Mapped(template, (), f"value set by --set ({_dotted(found_value.path)})")
                    return _Mapped(Location(o.file, o.line, o.column, "values"), (template,), None)
            return _Mapped(template, (), None)
        found_value = match(scope, refs, Rendered(data, entry.path, value, value_mode))
        if found_value is None:
            return None
        action_column = _action_column(file, number)
        template = Location(file.source.file, number, action_column, "template")
        o = found_value.origin
        if o.file is None:
            return _Mapped(template, (), f"value set by --set ({_dotted(found_value.path)})")
        return _Mapped(Location(o.file, o.line, o.column, "values"), (template,), None)

    def _generated_from(self, value: Node, start: int, scope: ValuesScope, data: Any) -> Location | None:
        """The values key a mapping or list is printed from (`range` over it, `toYaml` of it), when
        its entries come from exactly one values collection that a values file sets: a field missing
        there is added in that values file."""
        collections: set[Path] = set()
        last = min(value.end_mark.line, len(self._stream.origins) - 1 - start)
        for line in range(value.start_mark.line, last + 1):
            origin = self._stream.origins[start + line]
            if origin is None:
                continue
            text = self._lines[start + line]
            found = self._marker(origin.source, origin.line, len(text) - len(text.lstrip()) + origin.shift)
            if found is None:
                continue
            file, number = found
            for ref in file.refs.get(number, ()):
                path = _collection_path(ref)
                if path is not None and _printed_into(scope.value(path), data):
                    collections.add(path)
        if len(collections) != 1:
            return None
        origin_of = scope.origin(collections.pop())
        if origin_of is None or origin_of.file is None:
            return None
        return Location(origin_of.file, origin_of.line, origin_of.column, "values")

    def _file(self, index: int) -> _File:
        cached = self._files.get(index)
        if cached is None:
            source = self._sources[index]
            with open(os.path.join(self.chart_dir, source.rel), encoding="utf-8") as handle:
                text = handle.read()
            inst = instrument(text, index)
            cached = _File(source, text.split("\n"), inst, line_refs(inst.scan))
            self._files[index] = cached
        return cached

    def _doc(self, index: int) -> tuple[Node | None, Any]:
        cached = self._docs.get(index)
        if cached is None:
            starts = self._stream.doc_starts
            end = starts[index + 1] - 2 if index + 1 < len(starts) else len(self._lines)
            text = "\n".join(self._lines[starts[index] : end])
            try:
                node = yaml.compose(text, Loader=_Loader)
                data = yaml.SafeLoader("").construct_document(node) if node is not None else None
            except yaml.YAMLError:
                node, data = None, None
            cached = (node, data)
            self._docs[index] = cached
        return cached


def _related(mapped: _Mapped, rendered: Location) -> tuple[Location, ...]:
    return (*mapped.related, rendered)


def _printed_into(values: Any, rendered: Any) -> bool:
    """Whether a values collection is what the rendered collection's entries were printed from: a
    mapping's keys with equal values (toYaml), a list's items, or a map's keys as the `name`s of the
    rendered list's items (a `range` writing `- name: KEY`)."""
    if not values or not isinstance(values, (dict, list)):
        return False
    if isinstance(values, dict) and isinstance(rendered, dict):
        return all(key in rendered and loose_equal(rendered[key], item) for key, item in values.items())
    if isinstance(values, list) and isinstance(rendered, list):
        return all(any(loose_equal(item, other) for other in rendered) for item in values)
    if isinstance(values, dict) and isinstance(rendered, list):
        names = {str(item.get("name")) for item in rendered if isinstance(item, dict)}
        return 2 * sum(str(key) in names for key in values) >= len(values)
    return False


def _collection_path(ref: Ref) -> Path | None:
    """The values collection a reference prints or walks (`range .Values.env` elements give `env`)."""
    parts = list(ref)
    while parts and parts[-1] in (ELEMENT, KEY):
        parts.pop()
    return tuple(parts) if parts and ELEMENT not in parts and KEY not in parts else None


def _dotted(path: Path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _find(node: Node, target: tuple[int, int]) -> tuple[list[_Entry], bool]:
    """The entries from the root down to the key at `target` (0-based line, column): (chain, hit)."""
    chain: list[_Entry] = []
    path: Path = ()
    current: Node | None = node
    while current is not None:
        nxt: Node | None = None
        if isinstance(current, MappingNode):
            for key, value in current.value:
                if not isinstance(key, ScalarNode):
                    continue
                here = (key.start_mark.line, key.start_mark.column)
                if here == target:
                    chain.append(_Entry(key, value, (*path, key.value)))
                    return chain, True
                if _contains(value, target):
                    path = (*path, key.value)
                    chain.append(_Entry(key, value, path))
                    nxt = value
                    break
        elif isinstance(current, SequenceNode):
            for i, item in enumerate(current.value):
                if _contains(item, target):
                    path = (*path, i)
                    nxt = item
                    break
        current = nxt
    return chain, False


def _contains(node: Node, target: tuple[int, int]) -> bool:
    return (node.start_mark.line, node.start_mark.column) <= target < (node.end_mark.line, node.end_mark.column)


def _literal_keys(file: _File, lines: list[int], key: str) -> list[tuple[int, int]]:
    """(line, 0-based column) of `key:` written as template text (not inside an action) on `lines`."""
    k = re.escape(key)
    pattern = re.compile(rf"(?:^|(?<=[\s,{{\[-]))(?:\"{k}\"|'{k}'|{k})\s*:(?=\s|$)")
    scan = file.inst.scan
    found: list[tuple[int, int]] = []
    for number in lines:
        base = scan.line_starts[number - 1]
        for m in pattern.finditer(file.lines[number - 1]):
            offset = base + m.start()
            if any(a.start <= offset < a.end for a in scan.actions) or scan.in_named_region(offset):
                continue
            found.append((number, m.start()))
    return found


def _action_column(file: _File, number: int) -> int:
    text = file.lines[number - 1]
    at = text.find("{{")
    return (at if at >= 0 else len(text) - len(text.lstrip())) + 1
