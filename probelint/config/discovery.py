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
        found = config_in(directory)
        if found is not None or is_search_end(directory):
            return found
        directory = os.path.dirname(directory)


def config_in(directory: str) -> str | None:
    """The configuration file in the absolute folder `directory` itself, or None."""
    for name in CONFIG_NAMES:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            return candidate
    pyproject = os.path.join(directory, PYPROJECT)
    if os.path.isfile(pyproject) and _has_tool_table(pyproject):
        return pyproject
    return None


def is_search_end(directory: str) -> bool:
    """Whether the search for a configuration stops at `directory` (absolute): a repository's root, or
    the file system's."""
    return os.path.exists(os.path.join(directory, ".git")) or os.path.dirname(directory) == directory


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
