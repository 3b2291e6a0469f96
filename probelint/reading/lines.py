"""Count lines the way libyaml does (\r\n, \r, \n, NEL, LS, PS), so that positions computed from
text agree with the parser's marks."""

from __future__ import annotations

import re

OTHER_BREAKS = ("\x85", "\u2028", "\u2029")  # line breaks to libyaml besides \r and \n


LINE_BREAK_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what libyaml counts as a line break


def count_breaks(text: str, start: int, end: int) -> int:
    """Line breaks in text[start:end] as libyaml counts them (\r\n, \r, \n, NEL, LS, PS), so that
    lines computed here agree with its marks; `start` and `end` must not split a \r\n."""
    # Count only within [start, end): callers ask for many small spans of one large text.
    count = text.count("\n", start, end)
    carriage_returns = text.count("\r", start, end)
    if carriage_returns:
        count += carriage_returns - text.count("\r\n", start, end)
    for other in OTHER_BREAKS:
        count += text.count(other, start, end)
    return count
