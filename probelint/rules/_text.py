"""Short phrases the rules' messages share, so that every message fits in MESSAGE_LIMIT characters."""

from __future__ import annotations

from probelint.findings import clip
from probelint.model.workload import Probe

# How much of a name, command or value a message quotes; the detail quotes it whole.
NAME_WIDTH = 32
VALUE_WIDTH = 40


def brief(probe: Probe, name: str) -> str:
    """A defaulted field, tersely: `timeoutSeconds 1`, `timeoutSeconds unset, so 1s`, `... 0, so 1s`."""
    state, default = probe.defaulted(name)
    if state == "unset":
        return f"{name} unset, so {default}"
    if state == "zero":
        return f"{name} 0, so {default}"
    return f"{name} {probe.effective(name)}"


def short_name(text: str) -> str:
    """A container, port or Service name as a message quotes it."""
    return clip(text, NAME_WIDTH)


def short_value(text: str) -> str:
    """A command, path or other written value as a message quotes it."""
    return clip(text, VALUE_WIDTH)
