"""Short phrases the rules' messages share, so that every message fits in MESSAGE_LIMIT characters."""

from __future__ import annotations

from yaml.nodes import ScalarNode

from probelint.findings import clip
from probelint.model.workload import PROBE_DEFAULTS, Probe
from probelint.reading.yamlview import is_plain_int, scalar_value

# How much of a name, command or value a message quotes; the detail quotes it whole.
NAME_WIDTH = 32
VALUE_WIDTH = 40


def brief(probe: Probe, name: str) -> str:
    """A defaulted field, tersely: `timeoutSeconds 1`, `timeoutSeconds unset, so 1s`, `... 0, so 1s`."""
    node = probe.view.get(name)
    unit = "s" if name.endswith("Seconds") else ""
    default = PROBE_DEFAULTS.get(name, 0)
    if node is None or (isinstance(node, ScalarNode) and scalar_value(node) is None):
        return f"{name} unset, so {default}{unit}"
    if is_plain_int(node) and scalar_value(node) == 0 and default:
        return f"{name} 0, so {default}{unit}"
    return f"{name} {probe.effective(name)}"


def short_name(text: str) -> str:
    """A container, port or Service name as a message quotes it."""
    return clip(text, NAME_WIDTH)


def short_value(text: str) -> str:
    """A command, path or other written value as a message quotes it."""
    return clip(text, VALUE_WIDTH)
