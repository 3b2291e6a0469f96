"""Find the shipped rule documents and schemas: inside the wheel, or beside the package in a checkout."""

from __future__ import annotations

import re
from pathlib import Path

# Where users read about probelint and each rule; SARIF and the README link here.
PROJECT_URL = "https://github.com/probelint/probelint"
RULE_DOC_URL = PROJECT_URL + "/blob/main/rules/{rule_id}.md"

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


def rule_doc_url(rule_id: str) -> str:
    return RULE_DOC_URL.format(rule_id=rule_id)


def rule_doc_section(rule_id: str, heading: str) -> str | None:
    """The body of a `## heading` section of a rule's document, stripped; None when it has none."""
    text = rule_doc(rule_id)
    if text is None:
        return None
    match = re.search(rf"^## {re.escape(heading)}[ \t]*\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    if match is None:
        return None
    return match.group(1).strip() or None
