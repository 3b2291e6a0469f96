"""The port and handler rule ids, their findings read out of the text output, and a Pod to put containers in."""

from __future__ import annotations

NOT_FOUND = "probe-port-not-found"
NOT_DECLARED = "probe-port-not-declared"
PATH = "http-probe-path-invalid"
HOST = "http-probe-host-set"
SCHEME = "http-probe-scheme-mismatch"
EXEC = "exec-probe-command-invalid"


def found(result) -> list[tuple[int, int, str, str]]:
    """(line, column, severity, rule) of every finding, in output order."""
    rows = []
    for line in result.lines:
        where, severity, rule = line.split(" ")[:3]
        _, row, column, _ = where.split(":")
        rows.append((int(row), int(column), severity, rule))
    return rows


def pod(containers: str, spec_extra: str = "") -> str:
    """A Pod whose `containers:` list is `containers` (already indented by four spaces)."""
    return f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{spec_extra}  containers:\n{containers}"
