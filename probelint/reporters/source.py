"""Source lines around a finding with a caret under it, for `--format full`.

Positions are PyYAML's: 1-based lines split at every YAML line break (CRLF counts once; CR, NEL, LS
and PS count too) and columns in code points of the decoded text, after any byte-order mark. The
caret line repeats the display width of what precedes the column: a tab is shown as TAB_WIDTH
spaces, a wide East Asian character takes two cells and a combining mark none, so the caret lands
under the right character on a terminal. Control characters are shown as U+FFFD, one cell each.
"""

from __future__ import annotations

import re
import unicodedata

from probelint.reading.decode import decode
from probelint.reading.files import STDIN, read_bytes
from probelint.reporters.common import is_control

TAB_WIDTH = 4
CONTEXT = 1  # lines shown before and after the finding's line
_LINE_BREAK_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_REPLACEMENT = "\ufffd"


def split_lines(text: str) -> list[str]:
    """The text's lines as YAML counts them, without their line breaks."""
    return _LINE_BREAK_RE.split(text)


def char_width(char: str) -> int:
    if char == "\t":
        return TAB_WIDTH
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display(line: str) -> str:
    """The line as shown: tabs expanded, control characters replaced."""
    out = []
    for char in line:
        if char == "\t":
            out.append(" " * TAB_WIDTH)
        elif is_control(char):  # one column each, so the caret stays under its character
            out.append(_REPLACEMENT)
        else:
            out.append(char)
    return "".join(out)


def width(text: str) -> int:
    return sum(1 if is_control(char) and char != "\t" else char_width(char) for char in text)


def caret(line: str, column: int, end_column: int | None) -> str:
    """Spaces to `column`, then `^` and `~` under the rest of the extent on this line (1-based columns)."""
    start = min(max(column, 1), len(line) + 1) - 1
    pad = " " * width(line[:start])
    if end_column is None or end_column <= column + 1:
        return pad + "^"
    under = max(width(line[start : min(end_column - 1, len(line))]), 1)
    return pad + "^" + "~" * (under - 1)


class SourceCache:
    """Each file's decoded lines, read once (findings come sorted by file)."""

    def __init__(self) -> None:
        self._path: str | None = None
        self._lines: list[str] | None = None

    def lines(self, path: str) -> list[str] | None:
        """The file's lines; None for standard input (already read) or a file that cannot be read now."""
        if path != self._path:
            self._path, self._lines = path, None
            if path != STDIN:
                try:
                    text, _problem = decode(read_bytes(path))
                except OSError:
                    text = None
                self._lines = split_lines(text) if text is not None else None
                if self._lines and not self._lines[-1]:
                    self._lines.pop()  # the file's final line break ends the last line, it starts none
        return self._lines


def excerpt(lines: list[str], line: int, column: int, end_line: int, end_column: int) -> list[tuple[str, str]]:
    """(gutter, text) rows: the finding's line with CONTEXT lines around it and the caret row."""
    if not 1 <= line <= len(lines):
        return []
    rows = []
    first, last = max(1, line - CONTEXT), min(len(lines), line + CONTEXT)
    for number in range(first, last + 1):
        text = lines[number - 1]
        rows.append((str(number), display(text).rstrip()))
        if number == line:
            same_line = end_line == line and end_column > 0
            rows.append(("", caret(text, column, end_column if same_line else None)))
    return rows
