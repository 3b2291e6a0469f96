"""The rule catalog: one module per rule, each with its id, default severity, options and `check`.

A rule reads the model (`probelint.model`) and yields `Problem`s; it never formats output.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any, NamedTuple, Protocol

from probelint.findings import Finding, Problem, Severity
from probelint.model.services import RunContext
from probelint.model.workload import Workload


def rule_module_names() -> list[str]:
    """Every rule module in this package (one per rule; private modules start with `_`), from the
    folder's listing, as `fix.fixable_rules` finds the fixes."""
    names = os.listdir(__path__[0])
    return sorted(name.removesuffix(".py") for name in names if name.endswith(".py") and not name.startswith("_"))


# Reported by the engine itself, not by a rule module; listed so that selection and docs know them.
BUILTIN_RULES = {
    "yaml-syntax": (
        Severity.ERROR,
        "The file or document is not valid YAML (or is an unrendered Helm template).",
    ),
    "helm-render": (
        Severity.ERROR,
        "A Helm chart's template fails to render, or the chart cannot be read; reported at the line Helm names.",
    ),
    "internal-error": (Severity.ERROR, "probelint itself failed on this object; please report it."),
    "unused-suppression": (
        Severity.INFO,
        "A probelint comment or probelint/ignore annotation suppresses nothing; remove it before it hides a problem.",
    ),
}


class CheckFunction(Protocol):
    def __call__(self, workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]: ...


class RefineFunction(Protocol):
    """Optional second pass, once every file is read: adjust a finding with what the whole run knows."""

    def __call__(self, finding: Finding, run: RunContext, options: Mapping[str, Any]) -> Finding: ...


class Rule(NamedTuple):
    id: str
    severity: Severity
    summary: str
    options: Mapping[str, Any]
    check: CheckFunction | None
    module: str | None
    refine: RefineFunction | None = None

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            id=module.ID,
            severity=module.SEVERITY,
            summary=module.SUMMARY,
            options=dict(getattr(module, "OPTIONS", {})),
            check=module.check,
            module=module.__name__,
            refine=getattr(module, "refine", None),
        )


@functools.cache
def all_rules() -> list[Rule]:
    rules = [Rule(rule_id, severity, summary, {}, None, None) for rule_id, (severity, summary) in BUILTIN_RULES.items()]
    for name in rule_module_names():
        rules.append(Rule.from_module(importlib.import_module(f"{__name__}.{name}")))
    return sorted(rules, key=lambda rule: rule.id)
