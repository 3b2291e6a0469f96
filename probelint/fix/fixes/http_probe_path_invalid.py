"""http-probe-path-invalid: strip whitespace around an httpGet path (`"/health "` -> `"/health"`).

Only surrounding whitespace has an obvious fix; a URL, a host:port prefix or whitespace inside the
path could mean several things and is left to its author.
"""

from __future__ import annotations

from probelint.fix.fixes import CannotFix, FixContext
from probelint.fix.fixes._strings import like

RULE = "http-probe-path-invalid"
SUMMARY = "strips whitespace around the path (paths with other problems are left alone)"


def fix(ctx: FixContext) -> None:
    value = ctx.editor.get(ctx.path)
    if not isinstance(value, str):
        raise CannotFix("the path is not a string")
    stripped = value.strip()
    if stripped == value or not stripped or any(char.isspace() for char in stripped):
        raise CannotFix("only whitespace around a path is fixed automatically")
    ctx.editor.set(ctx.path, like(value, stripped))
