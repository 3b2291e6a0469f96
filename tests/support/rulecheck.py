"""Rule findings read out of the text output, positions in a manifest, and a Deployment to put containers in."""

from __future__ import annotations

import re
from pathlib import Path

_LINE_RE = re.compile(r"^example\.yaml:(\d+):(\d+): (\w+) ([\w-]+) (.*)$")


def found(lines: list[str]) -> list[tuple[str, str]]:
    """(rule, "LINE:COL") of each finding line."""
    result = []
    for line in lines:
        match = _LINE_RE.match(line)
        assert match is not None, line
        result.append((match.group(4), f"{match.group(1)}:{match.group(2)}"))
    return result


def pos(text: str, needle: str, occurrence: int = 1) -> str:
    """ "LINE:COL" (1-based) of the n-th occurrence of `needle` in `text`."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{line}:{column}"


def configure(directory: Path, text: str) -> None:
    (directory / ".probelint.yaml").write_text(text, encoding="utf-8")


def deployment(containers: str, spec: str = "", name: str = "web") -> str:
    """A Deployment; `containers` is the YAML under `containers:` (8-space list items)."""
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
{spec}      containers:
{containers}"""
