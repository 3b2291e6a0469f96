"""`helm template` output read from elsewhere (a pipe, a rendered file) lined up with a chart rendered
here, so its findings can be mapped onto the chart's files too.

Only documents whose text is identical in both streams are lined up: a document rendered with other
values than the ones given here keeps its rendered position rather than gain a wrong one.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator

from probelint.reading.files import display_path
from probelint.sources.chart_layout import read_chart_yaml

_SOURCE = "# Source: "
_SEPARATOR = re.compile(r"---[ \t]*(?:#.*)?$")
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})
_MAX_DEPTH = 6


def _documents(text: str) -> Iterator[tuple[str, int, tuple[str, ...]]]:
    """(source, 0-based line of the first content line, content lines) of each `# Source:` document."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.startswith(_SOURCE):
            index += 1
            continue
        source = line[len(_SOURCE) :].strip()
        start = index + 1
        end = start
        while end < len(lines) and not _SEPARATOR.match(lines[end]) and not lines[end].startswith(_SOURCE):
            end += 1
        body = [text.rstrip() for text in lines[start:end]]
        while body and not body[-1]:
            body.pop()
        yield source, start, tuple(body)
        index = end


def align(foreign: str, own: str) -> dict[int, int]:
    """1-based line in `foreign` -> 1-based line in `own`, for the documents both streams hold alike
    (same `# Source:`, same text; several documents of one template are matched in order)."""
    mine: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for source, start, body in _documents(own):
        mine.setdefault((source, body), []).append(start)
    lines: dict[int, int] = {}
    for source, start, body in _documents(foreign):
        starts = mine.get((source, body))
        if not starts:
            continue
        own_start = starts.pop(0)
        for offset in range(len(body)):
            lines[start + offset + 1] = own_start + offset + 1
    return lines


def chart_named(name: str, root: str = ".") -> str | None:
    """The chart folder below `root` whose Chart.yaml has this `name:` (the first path component of a
    `# Source:` comment), nearest first; None when there is none."""
    found = _charts_below(os.path.abspath(root)).get(name)
    return display_path(found) if found is not None else None


@functools.cache
def _charts_below(root: str) -> dict[str, str]:
    """Every chart below the absolute folder `root` by name, the nearest of each name: one walk however
    many streams ask."""
    found: dict[str, tuple[int, str]] = {}
    for directory, dirs, files in os.walk(root):
        depth = directory.count(os.sep) - root.count(os.sep)
        if "Chart.yaml" in files:
            dirs[:] = []  # subcharts are rendered by their parent
            try:
                meta, _ = read_chart_yaml(directory)
            except (OSError, ValueError):
                continue
            name = str(meta.get("name"))
            if name not in found or (depth, directory) < found[name]:
                found[name] = (depth, directory)
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS and depth < _MAX_DEPTH)
    return {name: os.path.normpath(directory) for name, (_, directory) in found.items()}
