"""Find the shipped rule documents and schemas: inside the wheel, or beside the package in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`rules` or `schemas`: `probelint/_data/<name>` when installed, `<repo>/<name>` in a checkout."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def rule_doc(rule_id: str) -> str | None:
    path = data_dir("rules") / f"{rule_id}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
