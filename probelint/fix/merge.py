"""Carry an edit made through ruamel.yaml back onto the original lines, and nothing else.

Three versions of a document: the original lines (O), ruamel.yaml's dump of it before the edit (U)
and after it (E). U differs from E only where the fix changed something; U may also differ from O
where ruamel.yaml writes something its own way (a stray space, a re-indented list, a joined
multi-line string). Each U→E hunk is applied to O only if the hunk and the line on either side of
it read exactly the same in O and in U: then the result equals O everywhere except the lines the
fix touched. Otherwise the file is not round-trippable around the edit, and the fix is refused with
the first line ruamel.yaml would have changed and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import NamedTuple


class Hunk(NamedTuple):
    """Replace original lines [start, end) with `lines`."""

    start: int
    end: int
    lines: tuple[str, ...]


class Conflict(NamedTuple):
    """Why an edit cannot be placed: the original line and how ruamel.yaml would rewrite it."""

    line: int  # 0-based, in the original
    original: str | None
    rewritten: str | None
    reason: str

    def describe(self, first_line: int = 0) -> str:
        where = f"line {self.line + first_line + 1}"
        if self.original is not None and self.rewritten is not None:
            return f"{where}: {self.reason} (ruamel.yaml would write {self.original!r} as {self.rewritten!r})"
        if self.original is not None:
            return f"{where}: {self.reason} (ruamel.yaml would drop {self.original!r})"
        return f"{where}: {self.reason}"


def _matcher(a: list[str], b: list[str]) -> SequenceMatcher[str]:
    return SequenceMatcher(None, a, b, autojunk=False)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    """A line ruamel.yaml lays out itself (not blank, not a comment it copies verbatim)."""
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def merge(original: list[str], unedited: list[str], edited: list[str]) -> list[Hunk] | Conflict:
    """The edit as hunks over the original lines, or the conflict that prevents it.

    Lines are matched on their text without leading spaces, so a list that this document indents
    differently from the rest (ruamel.yaml has one setting per document and re-indents it) still
    matches. Each new line is then indented the way the original indents its previous sibling or
    its parent.
    """
    rewrites = _matcher([line.lstrip(" ") for line in original], [line.lstrip(" ") for line in unedited]).get_opcodes()
    to_original: dict[int, int] = {}  # unedited line -> the same line in the original
    aligned: dict[int, int] = {}  # ... or its counterpart in a rewrite of as many lines (for indentation)
    for tag, o1, o2, u1, u2 in rewrites:
        if tag == "equal" or (tag == "replace" and o2 - o1 == u2 - u1):
            for offset in range(u2 - u1):
                aligned[u1 + offset] = o1 + offset
                if tag == "equal":
                    to_original[u1 + offset] = o1 + offset
    hunks: list[Hunk] = []
    for tag, u1, u2, e1, e2 in _matcher(unedited, edited).get_opcodes():
        if tag == "equal":
            continue
        hunk = _place(original, unedited, to_original, aligned, u1, u2, edited[e1:e2])
        if hunk is None:
            return _conflict_near(rewrites, original, unedited, u1, u2)
        hunks.append(hunk)
    return hunks


def _place(
    original: list[str],
    unedited: list[str],
    to_original: dict[int, int],
    aligned: dict[int, int],
    u1: int,
    u2: int,
    new: list[str],
) -> Hunk | None:
    """Where the unedited lines [u1, u2) are in the original, and the new lines shifted to match."""
    replaced = [to_original.get(index) for index in range(u1, u2)]
    if any(line is None for line in replaced):
        return None
    if replaced:
        first = replaced[0]
        assert first is not None
        if replaced != list(range(first, first + len(replaced))):
            return None
        start, end = first, first + len(replaced)
    else:  # a pure insertion: after the line before it, or before the line after it
        before, after = to_original.get(u1 - 1), to_original.get(u2)
        if u1 == 0:
            before = -1
        if u2 == len(unedited):
            after = len(original)
        if before is not None and after is not None and after != before + 1:
            return None
        if before is not None:
            start = end = before + 1
        elif after is not None:
            start = end = after
        else:
            return None
    placed: list[tuple[int, int]] = []  # (indentation in the dump, shift) of the new lines so far
    lines = []
    for line in new:
        if _is_content(line):
            shift = _shift_for(_indent(line), placed, original, unedited, aligned, u1)
            if shift is None or _indent(line) + shift < 0:
                return None
            placed.append((_indent(line), shift))
            line = " " * shift + line if shift > 0 else line[-shift:]
        lines.append(line)
    return Hunk(start, end, tuple(lines))


def _shift_for(
    indent: int,
    placed: list[tuple[int, int]],
    original: list[str],
    unedited: list[str],
    aligned: dict[int, int],
    u1: int,
) -> int | None:
    """How far the original indents a new line relative to ruamel.yaml: as much as the closest line
    above it at the same or a lower level (its previous sibling, or its parent)."""
    for level, shift in reversed(placed):
        if level <= indent:
            return shift
    for index in range(u1 - 1, -1, -1):
        line = unedited[index]
        if not _is_content(line) or _indent(line) > indent:
            continue
        source = aligned.get(index)
        return None if source is None else _indent(original[source]) - _indent(line)
    return 0


def apply_hunks(lines: list[str], hunks: list[Hunk]) -> list[str]:
    result = list(lines)
    for hunk in sorted(hunks, key=lambda h: h.start, reverse=True):
        result[hunk.start : hunk.end] = hunk.lines
    return result


def _conflict_near(
    rewrites: Sequence[tuple[str, int, int, int, int]], original: list[str], unedited: list[str], u1: int, u2: int
) -> Conflict:
    """The ruamel.yaml rewrite closest to the unplaceable hunk [u1, u2) of the unedited dump."""
    best: tuple[int, str, int, int, int, int] | None = None
    for tag, o1, o2, w1, w2 in rewrites:
        if tag == "equal":
            continue
        distance = 0 if w1 <= u2 and w2 >= u1 - 1 else min(abs(w1 - u2), abs(w2 - u1))
        if best is None or distance < best[0]:
            best = (distance, tag, o1, o2, w1, w2)
    if best is None:  # cannot happen: a placement only fails next to a rewrite
        return Conflict(0, None, None, "ruamel.yaml rewrites the document")
    _, tag, o1, o2, w1, w2 = best
    return describe_rewrite(original[o1:o2], unedited[w1:w2], o1)


def describe_rewrite(before: list[str], after: list[str], line: int) -> Conflict:
    """Name the kind of change ruamel.yaml makes to these lines, for people and for grouping."""
    first_before = before[0] if before else None
    first_after = after[0] if after else None
    if not after:
        if all(not text.strip() for text in before):
            return Conflict(line, first_before, None, "whitespace-only lines")
        return Conflict(line, first_before, None, "lines ruamel.yaml does not keep")
    if not before:
        return Conflict(line, None, first_after, "a line ruamel.yaml would add")
    if len(before) != len(after):
        joined_before = " ".join(text.strip() for text in before)
        joined_after = " ".join(text.strip() for text in after)
        if joined_before.split() == joined_after.split():
            return Conflict(line, first_before, first_after, "a value written over several lines")
    for old, new in zip(before, after, strict=False):
        if old == new:
            continue
        if old.rstrip() == new.rstrip():
            return Conflict(line, old, new, "trailing whitespace")
        if old.strip() == new.strip():
            return Conflict(line, old, new, "indentation that differs from the rest of the document")
        if old.replace(" ", "") == new.replace(" ", ""):
            return Conflict(line, old, new, "spacing that ruamel.yaml normalises")
        return Conflict(line, old, new, "formatting that ruamel.yaml normalises")
    return Conflict(line, first_before, first_after, "formatting that ruamel.yaml normalises")
