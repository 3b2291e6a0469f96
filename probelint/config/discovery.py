"""Find the configuration file.

Kept apart from `config.py`, which validates a configuration with jsonschema: a run without a
configuration file (the common case in a pre-commit hook) never imports that machinery.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

CONFIG_NAMES = (".probelint.yaml", ".probelint.yml")
PYPROJECT = "pyproject.toml"


def find_config(start: str) -> str | None:
    """The configuration for a run started in `start`, or None."""
    directory = os.path.abspath(start)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                return candidate
        pyproject = os.path.join(directory, PYPROJECT)
        if os.path.isfile(pyproject) and _has_tool_table(pyproject):
            return pyproject
        parent = os.path.dirname(directory)
        if os.path.exists(os.path.join(directory, ".git")) or parent == directory:
            return None
        directory = parent


def _has_tool_table(path: str) -> bool:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return False
    if "probelint" not in text:  # `[tool.probelint]`, `[tool."probelint"]`, `[tool]` with `probelint = {...}`
        return False
    try:
        data = toml().loads(text)
    except ValueError:
        return True  # broken: let load_config say where
    tool = data.get("tool")
    return isinstance(tool, dict) and "probelint" in tool


def toml() -> Any:
    """tomllib (Python 3.11+) or its backport tomli, which has the same interface."""
    return importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
