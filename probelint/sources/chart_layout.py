"""A chart directory's layout: its subcharts, its template files, and dependencies that are missing."""

from __future__ import annotations

import itertools
import os
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class ChartDir(NamedTuple):
    """One chart of the tree: its name as Helm prints it in `# Source:` paths, and where it lives."""

    source_prefix: str  # "<top>/" or "<top>/charts/<sub>/": the `# Source:` path of its files
    rel_dir: str  # directory relative to the top chart ("" for the top chart)
    chain: tuple[str, ...]  # values keys from the top chart down ("" for the top chart itself)


def read_chart_yaml(chart_dir: str) -> tuple[dict[str, Any], Node | None]:
    path = os.path.join(chart_dir, "Chart.yaml")
    with open(path, encoding="utf-8") as handle:
        node = yaml.compose(handle, Loader=_Loader)
    data = yaml.SafeLoader("").construct_document(node) if node is not None else None
    return (data if isinstance(data, dict) else {}), node


def find_chart(path: str) -> str | None:
    """The chart directory owning `path` (a file or directory): the nearest Chart.yaml upward, or the
    outer chart when that one is a subchart vendored under another chart's `charts/` directory."""
    current = os.path.abspath(path)
    if not os.path.isdir(current):
        current = os.path.dirname(current)
    while not os.path.isfile(os.path.join(current, "Chart.yaml")):
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent
    while True:
        holder = os.path.dirname(current)
        outer = os.path.dirname(holder)
        if os.path.basename(holder) != "charts" or not os.path.isfile(os.path.join(outer, "Chart.yaml")):
            break
        current = outer
    return current if os.path.isabs(path) else os.path.relpath(current)


def chart_tree(chart_dir: str) -> list[ChartDir]:
    """The top chart and every subchart unpacked under `charts/` (archives cannot be mapped back)."""
    meta, _ = read_chart_yaml(chart_dir)
    name = str(meta.get("name") or os.path.basename(os.path.abspath(chart_dir)))
    result = [ChartDir(name + "/", "", ("",))]
    _walk(chart_dir, "", name + "/", ("",), meta, result)
    return result


def _walk(top: str, rel: str, prefix: str, chain: tuple[str, ...], meta: dict[str, Any], out: list[ChartDir]) -> None:
    aliases: dict[str, list[str]] = {}
    for dep in _dependencies(meta, os.path.join(top, rel)):
        if isinstance(dep, dict) and dep.get("alias") and dep.get("name"):
            aliases.setdefault(str(dep["name"]), []).append(str(dep["alias"]))
    charts = os.path.join(top, rel, "charts")
    if not os.path.isdir(charts):
        return
    for entry in sorted(os.listdir(charts)):
        sub_rel = os.path.join(rel, "charts", entry)
        if not os.path.isfile(os.path.join(top, sub_rel, "Chart.yaml")):
            continue
        sub_meta, _ = read_chart_yaml(os.path.join(top, sub_rel))
        sub_name = str(sub_meta.get("name") or entry)
        for key in aliases.get(sub_name, [sub_name]):
            sub_prefix = f"{prefix}charts/{key}/"
            out.append(ChartDir(sub_prefix, sub_rel, (*chain, key)))
            _walk(top, sub_rel, sub_prefix, (*chain, key), sub_meta, out)


def _dependencies(meta: dict[str, Any], chart_dir: str) -> list[Any]:
    deps = meta.get("dependencies")
    if deps is None and os.path.isfile(os.path.join(chart_dir, "requirements.yaml")):
        with open(os.path.join(chart_dir, "requirements.yaml"), encoding="utf-8") as handle:
            deps = (yaml.safe_load(handle) or {}).get("dependencies")
    return deps if isinstance(deps, list) else []


class MissingDependency(NamedTuple):
    name: str
    line: int  # 1-based position of the entry's `name` value in Chart.yaml (1, 1 when unknown)
    column: int


def missing_dependencies(chart_dir: str) -> list[MissingDependency]:
    """Dependencies Chart.yaml declares that are neither a directory nor an archive under `charts/`."""
    meta, node = read_chart_yaml(chart_dir)
    present: set[str] = set()
    archives: list[str] = []
    charts = os.path.join(chart_dir, "charts")
    if os.path.isdir(charts):
        for entry in os.listdir(charts):
            full = os.path.join(charts, entry)
            if os.path.isfile(os.path.join(full, "Chart.yaml")):
                sub, _ = read_chart_yaml(full)
                present.add(str(sub.get("name") or entry))
            elif entry.endswith(".tgz"):
                archives.append(entry)
    missing: list[MissingDependency] = []
    for index, dep in enumerate(_dependencies(meta, chart_dir)):
        if not isinstance(dep, dict) or not dep.get("name"):
            continue
        name = str(dep["name"])
        if name in present or any(a.startswith(name + "-") for a in archives):
            continue
        line, column = _dependency_position(node, index)
        missing.append(MissingDependency(name, line, column))
    return missing


def _dependency_position(node: Node | None, index: int) -> tuple[int, int]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            deps = isinstance(key, ScalarNode) and key.value == "dependencies" and isinstance(value, SequenceNode)
            if deps and index < len(value.value):
                item = value.value[index]
                if isinstance(item, MappingNode):
                    for k, v in item.value:
                        if isinstance(k, ScalarNode) and k.value == "name":
                            return v.start_mark.line + 1, v.start_mark.column + 1
                return item.start_mark.line + 1, item.start_mark.column + 1
    return 1, 1


def template_files(chart_dir: str, tree: list[ChartDir]) -> list[str]:
    """Paths (relative to the top chart) of the templates that produce manifests: not `_*` helpers,
    not NOTES.txt, not `templates/tests/`."""
    files: list[str] = []
    for chart in tree:
        base = os.path.join(chart_dir, chart.rel_dir, "templates")
        for root, dirs, names in os.walk(base):
            dirs.sort()
            for name in sorted(names):
                rel = os.path.relpath(os.path.join(root, name), chart_dir)
                if produces_manifest(rel):
                    files.append(rel)
    return files


def produces_manifest(path: str) -> bool:
    """Whether a template path (any prefix) is one whose output Helm installs."""
    parts = path.replace(os.sep, "/").split("/")
    if parts[-1].startswith("_") or parts[-1] == "NOTES.txt":
        return False
    return not any(a == "templates" and b == "tests" for a, b in itertools.pairwise(parts))
