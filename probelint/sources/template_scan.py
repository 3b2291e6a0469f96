"""A scanner for Go template text: where each `{{ … }}` action is, and which regions are `define … end`.

It does not evaluate anything. It knows just enough of the Go template lexer to find where an action
ends: trim markers (`{{- ` and ` -}}`), comments (`{{/* … */}}`, which may span lines), and string,
raw-string and character literals, which may contain `}}`.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

# Control keywords that open a block closed by `{{ end }}`.
_OPENERS = frozenset({"if", "range", "with", "define", "block"})
# Blocks whose body is not output where it stands (it becomes a named template).
_NAMED = frozenset({"define", "block"})


class Action(NamedTuple):
    """One `{{ … }}`; offsets index the template text, `end` is exclusive."""

    start: int
    end: int
    body: str  # the text between the delimiters and trim markers, stripped
    trim_left: bool
    trim_right: bool
    comment: bool

    @property
    def keyword(self) -> str:
        """The first word of the action (`if`, `range`, `end`, `include`, ...), or "" for a comment."""
        if self.comment:
            return ""
        word = self.body.split(None, 1)
        return word[0] if word else ""


class Scan(NamedTuple):
    text: str
    actions: list[Action]
    named_regions: list[tuple[int, int]]  # `define`/`block` … `end` spans, outermost only
    line_starts: list[int]

    def line_of(self, offset: int) -> int:
        """1-based line of a text offset."""
        return bisect.bisect_right(self.line_starts, offset)

    def column_of(self, offset: int) -> int:
        """1-based column of a text offset."""
        return offset - self.line_starts[self.line_of(offset) - 1] + 1

    def in_named_region(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.named_regions)


# What ends or escapes inside each kind of literal; what matters inside an action's body.
_IN_LITERAL = {'"': re.compile(r'[\\"\n]'), "'": re.compile(r"[\\'\n]"), "`": re.compile("`")}
_IN_ACTION = re.compile(r"[\"`']|}}")
_NEWLINE = re.compile("\n")


def _skip_literal(text: str, i: int) -> int:
    """Index just past the string/raw-string/char literal that starts at `i`."""
    quote = text[i]
    special = _IN_LITERAL[quote]
    i += 1
    while i < len(text):
        found = special.search(text, i)
        if found is None:
            return len(text)
        i = found.start()
        ch = text[i]
        if ch == "\\":  # never in a raw string's pattern
            i += 2
            continue
        if ch == quote:
            return i + 1
        return i  # a newline: unterminated; Go reports it; stop at the line end
    return i


def _action_end(text: str, i: int) -> tuple[int, int]:
    """From just inside `{{` (after any left trim), return (body end, action end)."""
    j = i
    while j < len(text) and text[j] in " \t\r\n":
        j += 1
    if text.startswith("/*", j):
        close = text.find("*/", j + 2)
        if close < 0:
            return len(text), len(text)
        k = close + 2
        if text.startswith(" -}}", k):
            return k, k + 4
        if text.startswith("}}", k):
            return k, k + 2
        # Not a well-formed comment action: Go would fail to parse; treat the rest as the action.
        end = text.find("}}", k)
        return (len(text), len(text)) if end < 0 else (end, end + 2)
    while j < len(text):
        found = _IN_ACTION.search(text, j)
        if found is None:
            break
        j = found.start()
        if text[j] != "}":
            j = _skip_literal(text, j)
            continue
        if j >= 2 and text[j - 1] == "-" and text[j - 2] in " \t\r\n":
            return j - 1, j + 2
        return j, j + 2
    return len(text), len(text)


def scan(text: str) -> Scan:
    actions: list[Action] = []
    i = 0
    while True:
        start = text.find("{{", i)
        if start < 0:
            break
        inner = start + 2
        trim_left = text.startswith("- ", inner) or text.startswith("-\t", inner) or text.startswith("-\n", inner)
        if trim_left:
            inner += 1
        body_end, end = _action_end(text, inner)
        body = text[inner:body_end].strip()
        comment = body.startswith("/*")
        trim_right = text[body_end:end].startswith("-")
        actions.append(Action(start, end, body, trim_left, trim_right, comment))
        i = max(end, start + 2)
    line_starts = [0] + [newline.end() for newline in _NEWLINE.finditer(text)]
    return Scan(text, actions, _named_regions(actions), line_starts)


def _named_regions(actions: list[Action]) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for action in actions:
        word = action.keyword
        if word in _OPENERS:
            stack.append((word, action.start))
        elif word == "end" and stack:
            opener, begin = stack.pop()
            if opener in _NAMED and not any(name in _NAMED for name, _ in stack):
                regions.append((begin, action.end))
    if stack:
        # An unclosed define swallows the rest of the file (Go rejects it; nothing there is output anyway).
        for opener, begin in stack:
            if opener in _NAMED:
                regions.append((begin, actions[-1].end))
                break
    return regions


def action_lines(result: Scan) -> dict[int, list[Action]]:
    """Every action by each 1-based line it spans."""
    by_line: dict[int, list[Action]] = {}
    for action in result.actions:
        for line in range(result.line_of(action.start), result.line_of(max(action.start, action.end - 1)) + 1):
            by_line.setdefault(line, []).append(action)
    return by_line
