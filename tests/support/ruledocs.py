"""Read the examples out of a rule document (rules/<id>.md).

A document has `### Failing` and `### Passing` sections. Each holds a ```yaml block; the failing one
is followed by a ```text block with the exact output probelint gives for it (as `example.yaml`).
An example that needs several files (a Helm chart) gives each as a ```yaml block whose first line is
`# file: PATH`; they are written at those paths, and the output's first line says the command.
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
_FILE_RE = re.compile(r"\A# file: (\S+)\n")
EXAMPLE = "example.yaml"

Files = dict[str, str]  # path -> text


@dataclass
class RuleDoc:
    rule_id: str
    severity: str
    options: dict[str, str]
    failing: list[tuple[Files, list[str]]]  # (files, expected output lines)
    passing: list[Files]
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
    failing: list[tuple[Files, list[str]]] = []
    pending: Files = {}
    for lang, body in _blocks(_section(text, "Failing")):
        if lang == "yaml":
            pending = _add_file(pending, body)
        elif lang == "text" and pending:
            failing.append((pending, [line for line in body.splitlines() if line.strip()]))
            pending = {}
    passing: list[Files] = []
    pending = {}
    for lang, body in _blocks(_section(text, "Passing")):
        if lang == "yaml":
            pending = _add_file(pending, body)
            if EXAMPLE in pending:
                passing.append(pending)
                pending = {}
    if pending:
        passing.append(pending)
    return RuleDoc(title, severity, options, failing, passing, text)


def _add_file(files: Files, body: str) -> Files:
    """A block named by `# file: PATH` joins the example's files; an unnamed one is a whole example."""
    named = _FILE_RE.match(body)
    if named is None:
        return {EXAMPLE: body}
    return {**files, named.group(1): body[named.end() :]}


def write_files(files: Files, folder: Path) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def all_docs() -> list[RuleDoc]:
    return [parse(path) for path in sorted(RULES_DIR.glob("*.md"))]
