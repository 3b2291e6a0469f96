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
from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class Hunk:
    """Replace original lines [start, end) with `lines`."""

    start: int
    end: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
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


def merge(original: list[str], unedited: list[str], edited: list[str]) -> list[Hunk] | Conflict:
    """The edit as hunks over the original lines, or the conflict that prevents it."""
    rewrites = _matcher(original, unedited).get_opcodes()
    to_original: dict[int, int] = {-1: -1, len(unedited): len(original)}
    for tag, o1, _o2, u1, u2 in rewrites:
        if tag == "equal":
            for offset in range(u2 - u1):
                to_original[u1 + offset] = o1 + offset
    hunks: list[Hunk] = []
    for tag, u1, u2, e1, e2 in _matcher(unedited, edited).get_opcodes():
        if tag == "equal":
            continue
        before = to_original.get(u1 - 1)
        placed = before is not None and all(
            to_original.get(index) == before + 1 + (index - u1) for index in range(u1, u2 + 1)
        )
        if not placed or before is None:
            return _conflict_near(rewrites, original, unedited, u1, u2)
        hunks.append(Hunk(before + 1, before + 1 + (u2 - u1), tuple(edited[e1:e2])))
    return hunks


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
