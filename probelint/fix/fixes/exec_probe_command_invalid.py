"""exec-probe-command-invalid: split a program written with its arguments in one item into argv.

`["cat /tmp/healthy"]` becomes `["cat", "/tmp/healthy"]`, only when the item holds plain words: no
quotes, backslashes or shell syntax, which would need a shell (or a guess) to split.
"""

from __future__ import annotations

import re

from probelint.fix.fixes import CannotFix, FixContext
from probelint.fix.fixes._strings import like

RULE = "exec-probe-command-invalid"
SUMMARY = "splits a first command item of plain space-separated words into one item per word"

_NOT_PLAIN_RE = re.compile(r"[|&;<>$`*?~()\[\]{}'\"\\#]")


def fix(ctx: FixContext) -> None:
    path = ctx.path
    if not path or path[-1] != 0:
        raise CannotFix("only a program written together with its arguments is fixed automatically")
    item = ctx.editor.get(path)
    if not isinstance(item, str):
        raise CannotFix("the command item is not a string")
    words = item.split()
    if len(words) < 2 or _NOT_PLAIN_RE.search(item):
        raise CannotFix("the item is not plain words: splitting it needs a shell (or a guess)")
    ctx.editor.splice(path, [like(item, word) for word in words])
