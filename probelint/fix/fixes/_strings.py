"""Write a new string in the style of the one it replaces, and never as something YAML 1.1 misreads."""

from __future__ import annotations

from typing import Any

import yaml
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from probelint.reading.loader import KubernetesLoader


def reads_as_itself(text: str) -> bool:
    """True when `text` written plain is read back by Kubernetes (YAML 1.1) as this very string."""
    try:
        return yaml.load(text, Loader=KubernetesLoader) == text and "\n" not in text
    except yaml.YAMLError:
        return False


def like(old: Any, text: str) -> Any:
    """`text` with the scalar style of `old` (quoted, literal...), double-quoted when plain would mislead."""
    if isinstance(old, ScalarString):
        return type(old)(text)
    return text if reads_as_itself(text) else DoubleQuotedScalarString(text)
