"""A probe, lifecycle hook or port written as a placeholder that a tool fills in later.

`port: ${METRICS_PORT:-9003}` (envsubst), `HELMSUBST_...` (helmify), `@PORT@` or `__PORT__` (sed) and
`{{ port }}` are not values the API server will ever see: judging them would report decoding errors
that are not there. probelint says once per object that it could not judge these fields, and the
other rules skip them; lint the manifest after substitution to check them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from yaml.nodes import Node, ScalarNode

from probelint.findings import Problem, Severity, clip
from probelint.model.placeholders import placeholder_in
from probelint.model.workload import PROBE_KINDS, Workload
from probelint.reading.yamlview import loc_of, walk_nodes

ID = "unresolved-placeholder"
SEVERITY = Severity.INFO
SUMMARY = "A probe, lifecycle hook or container port holds a placeholder (envsubst, helmify, sed), so it is not judged."
OPTIONS: Mapping[str, Any] = {}

_FIELDS = (*PROBE_KINDS, "lifecycle", "ports")


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    found: list[tuple[Node, str, str]] = []
    for container in workload.containers:
        for field in _FIELDS:
            entry = container.view.entries.get(field)
            if entry is None:
                continue
            for node in walk_nodes([entry.value]):
                text = placeholder_in(node.value) if isinstance(node, ScalarNode) else None
                if text is not None:
                    found.append((node, text, container.name))
    if not found:
        return
    node, text, container_name = min(found, key=lambda item: (item[0].start_mark.line, item[0].start_mark.column))
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    yield Problem(
        loc_of(node, ""),
        f"placeholder {clip(text, 40)}{more}: filled in later, so not checked; lint the substituted manifest",
        container_name,
        detail="Probe, lifecycle and port values written as placeholders (envsubst, helmify, sed, {{ }}) are "
        "replaced before the manifest reaches the API server; probelint does not report them as API errors. "
        "Run probelint on the output of the substitution to check them.",
    )
