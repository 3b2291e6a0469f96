"""Read the examples out of a rule document (rules/<id>.md).

A document has `### Failing` and `### Passing` sections. Each holds a ```yaml block; the failing one
is followed by a ```text block with the exact output probelint gives for it (as `example.yaml`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.support import ROOT

RULES_DIR = ROOT / "rules"

_FENCE_RE = re.compile(r"^```(\w*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
_TABLE_RE = re.compile(r"^\|---\|---\|---\|\n\| (\w+) \| (.*?) \| (\w+) \|$", re.MULTILINE)
_OPTION_RE = re.compile(r"`([\w-]+): ([^`]*)`")


@dataclass
class RuleDoc:
    rule_id: str
    severity: str
    options: dict[str, str]
    failing: list[tuple[str, list[str]]]  # (yaml, expected output lines)
    passing: list[str]
    text: str


def _blocks(section: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _FENCE_RE.finditer(section)]


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^### {heading}\b.*?$(.*?)(?=^#{{2,3}} |\Z)", text, re.MULTILINE | re.DOTALL)
    return match.group(1) if match else ""


def parse(path: Path) -> RuleDoc:
    text = path.read_text(encoding="utf-8")
    title = text.splitlines()[0].removeprefix("# ").strip()
    table = _TABLE_RE.search(text)
    severity, options_text = (table.group(1), table.group(2)) if table else ("", "")
    options = dict(_OPTION_RE.findall(options_text))
    failing: list[tuple[str, list[str]]] = []
    pending: str | None = None
    for lang, body in _blocks(_section(text, "Failing")):
        if lang == "yaml":
            pending = body
        elif lang == "text" and pending is not None:
            failing.append((pending, [line for line in body.splitlines() if line.strip()]))
            pending = None
    passing = [body for lang, body in _blocks(_section(text, "Passing")) if lang == "yaml"]
    return RuleDoc(title, severity, options, failing, passing, text)


def all_docs() -> list[RuleDoc]:
    return [parse(path) for path in sorted(RULES_DIR.glob("*.md"))]
