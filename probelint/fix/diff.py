"""Unified diffs of fixes that `patch -p0` (or `git apply -p0`) applies to the file as it is.

Lines keep their own endings, so a CRLF file gets a CRLF patch, and a last line without a newline
is marked the standard way. A hunk inside a Helm-rendered document names its template in the hunk
header, where diff tools show the enclosing section.
"""

from __future__ import annotations

from collections.abc import Callable
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
) -> str:
    """The diff from `old` to `new`; line numbers start at `first_line` + 1 (for a part of a file)."""
    matcher = SequenceMatcher(None, _with_endings(old), _with_endings(new), autojunk=False)
    groups = list(matcher.get_grouped_opcodes(context))
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


def _with_endings(text: SourceText) -> list[str]:
    """Lines with their endings, so that a changed ending (a new last line) counts as a change."""
    endings = text.endings if len(text.endings) == len(text.lines) else ["\n"] * len(text.lines)
    return [line + ending for line, ending in zip(text.lines, endings, strict=True)]


def _range(start: int, length: int) -> str:
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _line(prefix: str, text: SourceText, index: int) -> str:
    ending = text.endings[index] if index < len(text.endings) else "\n"
    if not ending:
        return f"{prefix}{text.lines[index]}\n{NO_NEWLINE}"
    return f"{prefix}{text.lines[index]}{ending}"
