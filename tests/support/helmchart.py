"""Helpers for the Helm source tests: charts written into tmp_path, findings placed by key.

Importing this module skips the importing test module when the Helm SDK is absent."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from probelint.sources.sourcemap import Located, RenderedChart

pytest.importorskip("helm_python")


def write_chart(root: Path, files: dict[str, str], name: str = "demo") -> Path:
    """A chart at root/<name>; `files` maps paths inside the chart to (dedented) text."""
    chart = root / name
    files = {"Chart.yaml": f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n", **files}
    for rel, text in files.items():
        path = chart / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return chart


def key_at(chart: RenderedChart, line_text: str, key: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of `key` on the nth rendered line whose stripped text starts with `line_text`."""
    hits = [i for i, text in enumerate(chart.text.split("\n"), 1) if text.strip().startswith(line_text)]
    line = hits[nth]
    text = chart.text.split("\n")[line - 1]
    return line, text.index(key + ":") + 1


def locate(chart: RenderedChart, line_text: str, key: str, path: str, nth: int = 0) -> Located:
    line, column = key_at(chart, line_text, key, nth)
    return chart.locate(line, column, path)
