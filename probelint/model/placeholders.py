"""Placeholders that a tool fills in before the manifest reaches the cluster.

envsubst (`${PORT}`, `${PORT:-9003}`, `$PORT`), helmify (`HELMSUBST_...`), sed-style tokens
(`@PORT@`, `__PORT__`) and mustache/Helm (`{{ port }}`). A probe field holding one is not an API
error: its value is simply not known yet, so the rules that judge values leave it alone and
`unresolved-placeholder` says so once per object.
"""

from __future__ import annotations

import os
import re

PLACEHOLDER_RE = re.compile(
    r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}"  # ${VAR}, ${VAR:-default}
    r"|\$[A-Z_][A-Z0-9_]*\b"  # $VAR
    r"|HELMSUBST_\w+"  # helmify
    r"|@[A-Za-z_][A-Za-z0-9_.-]*@"  # @VAR@
    r"|__[A-Z][A-Z0-9_]*__"  # __VAR__
    r"|\{\{.*?\}\}"  # {{ VAR }}
)
CHART_FILE = "Chart.yaml"
# The reader's message for a document that `{{ }}` keeps from parsing (probelint.reading.loader);
# compiled when first used, on such a document.
_UNPARSED_TEMPLATE = r"^unrendered Helm template \(\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}\)"


def is_placeholder_template(message: str) -> bool:
    """The reader stopped at a bare `{{ NAME }}` (mustache, a sed or CI token), not Go template syntax."""
    return re.match(_UNPARSED_TEMPLATE, message) is not None


def placeholder_in(text: object) -> str | None:
    """The first placeholder in a string value, or None (numbers and booleans have none)."""
    if not isinstance(text, str):
        return None
    match = PLACEHOLDER_RE.search(text)
    return match.group(0) if match else None


def chart_above(path: str) -> str | None:
    """The folder of the nearest Chart.yaml at or above the file's folder, or None."""
    if not path or path == "-":
        return None
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.isfile(os.path.join(folder, CHART_FILE)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
