"""Containers to order for the API-validity rule tests, and their findings read out of the text output."""

from __future__ import annotations

import re
import textwrap

from tests.support import Run, details
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES as HEAD

API_RULES = "probe-invalid,probe-on-init-container,duplicate-key,env-value-not-string"
_LINE_RE = re.compile(r"^example\.yaml:(\d+):(\d+): \w+ ([\w-]+) ")
BODY = len(HEAD.splitlines()) + 1  # the line of the first line of a container body


KEY, SUB, SUBSUB = 11, 13, 15  # columns of a container key, of a key under it, and one level deeper


def deployment(body: str) -> str:
    """HEAD plus container fields, written at the container's indentation (first body line: BODY)."""
    return HEAD + textwrap.indent(textwrap.dedent(body), " " * 10)


def found(result) -> list[tuple[int, int, str]]:
    """(line, column, rule) of every finding."""
    rows = []
    for line in result.lines:
        match = _LINE_RE.match(line)
        assert match, line
        rows.append((int(match.group(1)), int(match.group(2)), match.group(3)))
    return rows


def only(result: Run) -> str:
    """The single finding's line."""
    assert len(result.lines) == 1, result.lines
    return result.lines[0]


def only_and_detail(lint, text: str, *args: str) -> tuple[str, str]:
    """The single finding's text line, and its detail from the same lint with `--format json`."""
    line = only(lint(text, *args))
    (detail,) = details(lint(text, *args, "--format", "json"))
    return line, detail
