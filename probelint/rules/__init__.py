"""The rule catalog: one module per rule, each with its id, default severity, options and `check`.

A rule reads the model (`probelint.model`) and yields `Problem`s; it never formats output.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol

from ..findings import Problem, Severity
from ..model import Workload

RULE_MODULES = (
    "startup_probe_missing",
    "probe_timeout_too_low",
    "exec_probe_timeout_mismatch",
    "prestop_exceeds_grace_period",
    "aws_node_enforcing_mode",
    "aws_node_tcp_early_demux",
    "aws_node_probe_timeout",
    "aws_node_probe_address",
    "aws_node_version_unknown",
)

# Reported by the engine itself, not by a rule module; listed so that selection and docs know them.
BUILTIN_RULES = {
    "yaml-syntax": (
        Severity.ERROR,
        "The file or document is not valid YAML (or is an unrendered Helm template).",
    ),
}


class CheckFunction(Protocol):
    def __call__(self, workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]: ...


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    options: Mapping[str, Any]
    check: CheckFunction | None
    module: str | None

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            id=module.ID,
            severity=module.SEVERITY,
            summary=module.SUMMARY,
            options=dict(getattr(module, "OPTIONS", {})),
            check=module.check,
            module=module.__name__,
        )


def all_rules() -> list[Rule]:
    rules = [Rule(rule_id, severity, summary, {}, None, None) for rule_id, (severity, summary) in BUILTIN_RULES.items()]
    for name in RULE_MODULES:
        rules.append(Rule.from_module(importlib.import_module(f"{__name__}.{name}")))
    return sorted(rules, key=lambda rule: rule.id)


def rules_by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in all_rules()}
