"""Line markers: instrument template text, then read the markers back out of the instrumented render.

Each template line outside any action and outside `define … end` gets ` #@pl:<file>:<line>` appended
right after its last non-blank character. A marker holds no newline and no whitespace at its ends
that a trim could eat, so the render keeps its line structure. Lines where a marker could change the
output are left alone: lines that end inside an action, lines whose last action trims to its right
(` -}}`), and blank lines (a `{{-` further down may trim across them).

Whether instrumenting changed anything is checked, not assumed: `read_markers` only returns a map
when the instrumented output with its markers removed equals the normal output byte for byte.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from probelint.sources.template_scan import Scan, scan

MARKER_RE = re.compile(r" #@pl:(\d+):(\d+)")
_MARKER_TAG = "#@pl:"


class Marker(NamedTuple):
    offset: int  # column (0-based) in the normal rendered line where the marked template line's output ends
    file: int
    line: int  # 1-based template line


class Instrumented(NamedTuple):
    text: str
    marked: frozenset[int]  # 1-based lines that carry a marker
    scan: Scan


def instrument(text: str, file_index: int) -> Instrumented:
    result = scan(text)
    by_end = {a.end: a for a in result.actions}
    inserts: list[tuple[int, int]] = []
    action_iter = iter(result.actions)
    pending = next(action_iter, None)
    for number, start in enumerate(result.line_starts, 1):
        newline = text.find("\n", start)
        stop = len(text) if newline < 0 else newline
        if newline < 0 and start == len(text):
            break
        # Actions that started before this line's end: is the line end inside one of them?
        while pending is not None and pending.end <= stop:
            pending = next(action_iter, None)
        if pending is not None and pending.start < stop:
            continue  # the line ends inside an action
        q = stop
        while q > start and text[q - 1] in " \t\r":
            q -= 1
        if q == start:
            continue  # blank line
        ending = by_end.get(q)
        if ending is not None and ending.trim_right:
            continue
        if result.in_named_region(q - 1):
            continue
        inserts.append((q, number))
    pieces: list[str] = []
    last = 0
    for q, number in inserts:
        pieces.append(text[last:q])
        pieces.append(f" {_MARKER_TAG}{file_index}:{number}")
        last = q
    pieces.append(text[last:])
    return Instrumented("".join(pieces), frozenset(n for _, n in inserts), result)


class LineMap(NamedTuple):
    """Markers of one rendered template output, by 0-based output line."""

    markers: list[list[Marker]]

    def owner(self, line: int, column: int) -> Marker | None:
        """The marker that ends the output holding (0-based line, column): the first one after it."""
        for marker in self.markers[line]:
            if marker.offset > column:
                return marker
        for later in self.markers[line + 1 :]:
            if later:
                return later[0]
        return None


def read_markers(normal: str, instrumented: str) -> LineMap | None:
    """The line map of `instrumented`, or None when removing its markers does not give `normal` back."""
    if _MARKER_TAG in normal:
        return None  # the chart itself prints something marker-like: no safe way to tell them apart
    if MARKER_RE.sub("", instrumented) != normal:
        return None
    lines: list[list[Marker]] = []
    for text in instrumented.split("\n"):
        found: list[Marker] = []
        removed = 0
        for m in MARKER_RE.finditer(text):
            found.append(Marker(m.start() - removed, int(m.group(1)), int(m.group(2))))
            removed += m.end() - m.start()
        lines.append(found)
    return LineMap(lines)


def candidate_lines(marked: frozenset[int], named: Scan, line: int) -> list[int]:
    """Template lines whose output a marker on `line` closes: the line itself and the unmarked lines
    right before it (multi-line actions, lines ending in ` -}}`, blank lines), outside `define`s."""
    lines = [line]
    k = line - 1
    while k >= 1 and k not in marked:
        if not named.in_named_region(named.line_starts[k - 1]):
            lines.append(k)
        k -= 1
    return lines
