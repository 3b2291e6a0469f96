"""Find the shipped rule documents and schemas: inside the wheel, or beside the package in a checkout."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

from probelint import __version__

# Where users read about probelint and each rule; SARIF, JSON and the README link here. A rule's
# document is pinned to the release's tag, so a link matches the version that reported the finding.
PROJECT_URL = "https://github.com/probelint/probelint"
RULE_DOC_URL = PROJECT_URL + "/blob/v" + __version__ + "/rules/{rule_id}.md"

# os.path, not pathlib, on the start-up path: pathlib imports urllib, which linting does not need.
_PACKAGE = os.path.dirname(os.path.realpath(__file__))


def data_path(name: str, filename: str) -> str:
    """A shipped file: `probelint/_data/<name>/<filename>` when installed, `<repo>/<name>/...` in a checkout."""
    installed = os.path.join(_PACKAGE, "_data", name)
    folder = installed if os.path.isdir(installed) else os.path.join(os.path.dirname(_PACKAGE), name)
    return os.path.join(folder, filename)


def data_dir(name: str) -> Path:
    """`rules` or `schemas`: `probelint/_data/<name>` when installed, `<repo>/<name>` in a checkout."""
    from pathlib import Path

    return Path(data_path(name, ""))


def rule_doc(rule_id: str) -> str | None:
    try:
        with open(data_path("rules", f"{rule_id}.md"), encoding="utf-8") as handle:
            return handle.read()
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
