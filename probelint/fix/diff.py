"""Unified diffs of fixes that `patch -p0` (or `git apply -p0`) applies to the file as it is.

Lines keep their own endings, so a CRLF file gets a CRLF patch, and a last line without a newline
is marked the standard way. A hunk inside a Helm-rendered document names its template in the hunk
header, where diff tools show the enclosing section.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from difflib import SequenceMatcher

from probelint.fix.roundtrip import SourceText

NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(
    display: str,
    old: SourceText,
    new: SourceText,
    label: Callable[[int], str | None] | None = None,
    first_line: int = 0,
    context: int = 3,
    changed: Sequence[tuple[int, int, int, int]] | None = None,
) -> str:
    """The diff from `old` to `new`; line numbers start at `first_line` + 1 (for a part of a file).

    `changed`: the ranges of lines (old start, old end, new start, new end), in order, outside which
    the two texts hold the same lines one for one (the `---` parts a fix rewrote). Only those ranges
    are compared, so that a large file with a few changes costs its changes, not its size squared."""
    opcodes = _opcodes(old, new) if changed is None else _opcodes_within(old, new, changed)
    groups = list(_grouped(opcodes, context))
    if not groups:
        return ""
    out = [f"--- {display}\n", f"+++ {display}\n"]
    for group in groups:
        o1, o2, n1, n2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        header = f"@@ -{_range(o1 + first_line, o2 - o1)} +{_range(n1 + first_line, n2 - n1)} @@"
        section = label(o1 + first_line) if label is not None else None
        out.append(f"{header} {section}\n" if section else header + "\n")
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out.extend(_line(" ", old, index) for index in range(a1, a2))
                continue
            out.extend(_line("-", old, index) for index in range(a1, a2))
            out.extend(_line("+", new, index) for index in range(b1, b2))
    return "".join(out)


def intended_diff(display: str, unedited: list[str], edited: list[str], first_line: int) -> str:
    """The change a fix meant, as ruamel.yaml writes a part before and after it (lines without their
    endings), for a fix that could not be placed."""
    return unified_diff(display, SourceText(unedited, [], False), SourceText(edited, [], False), first_line=first_line)


Opcode = tuple[str, int, int, int, int]


def _opcodes(old: SourceText, new: SourceText, span: tuple[int, int, int, int] | None = None) -> list[Opcode]:
    a1, a2, b1, b2 = span if span is not None else (0, len(old.lines), 0, len(new.lines))
    matcher = SequenceMatcher(None, _with_endings(old, a1, a2), _with_endings(new, b1, b2), autojunk=False)
    return [(tag, i1 + a1, i2 + a1, j1 + b1, j2 + b1) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def _opcodes_within(old: SourceText, new: SourceText, changed: Sequence[tuple[int, int, int, int]]) -> list[Opcode]:
    """The opcodes of the whole texts, the lines outside `changed` being equal one for one."""
    opcodes: list[Opcode] = []
    at_old = at_new = 0
    for span in [*changed, (len(old.lines), len(old.lines), len(new.lines), len(new.lines))]:
        for tag, i1, i2, j1, j2 in [("equal", at_old, span[0], at_new, span[2]), *_opcodes(old, new, span)]:
            if i1 == i2 and j1 == j2:
                continue
            if tag == "equal" and opcodes and opcodes[-1][0] == "equal":  # one run of equal lines, as difflib gives
                _, i1, _, j1, _ = opcodes.pop()
            opcodes.append((tag, i1, i2, j1, j2))
        at_old, at_new = span[1], span[3]
    return opcodes


def _grouped(opcodes: list[Opcode], context: int) -> Iterator[list[Opcode]]:
    """The changes with `context` equal lines around them, in hunks (difflib's get_grouped_opcodes)."""
    codes = list(opcodes) or [("equal", 0, 1, 0, 1)]
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * context:  # a long run of equal lines ends the hunk
            group.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _with_endings(text: SourceText, start: int, end: int) -> list[str]:
    """Lines [start, end) with their endings, so that a changed ending (a new last line) counts as a change."""
    if len(text.endings) != len(text.lines):
        return [line + "\n" for line in text.lines[start:end]]
    return [line + ending for line, ending in zip(text.lines[start:end], text.endings[start:end], strict=True)]


def _range(start: int, length: int) -> str:
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _line(prefix: str, text: SourceText, index: int) -> str:
    ending = text.endings[index] if index < len(text.endings) else "\n"
    if not ending:
        return f"{prefix}{text.lines[index]}\n{NO_NEWLINE}"
    return f"{prefix}{text.lines[index]}{ending}"
