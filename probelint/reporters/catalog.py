"""Rule metadata for reporters that describe the rules themselves (SARIF), from the rule registry."""

from __future__ import annotations

import functools
from typing import NamedTuple

from probelint.findings import Severity
from probelint.resources import rule_doc_section, rule_doc_url
from probelint.rules import all_rules


class RuleInfo(NamedTuple):
    id: str
    severity: Severity
    summary: str
    description: str  # the document's "What it does", or the summary when there is no document
    why: str | None  # the document's "Why is this bad?"
    fix: str | None  # the document's "How to fix it"
    help_uri: str


@functools.cache
def rule_catalog() -> tuple[RuleInfo, ...]:
    """Every rule, in id order, with the parts of its document a report can quote."""
    return tuple(
        RuleInfo(
            id=rule.id,
            severity=rule.severity,
            summary=rule.summary,
            description=rule_doc_section(rule.id, "What it does") or rule.summary,
            why=rule_doc_section(rule.id, "Why is this bad?"),
            fix=rule_doc_section(rule.id, "How to fix it"),
            help_uri=rule_doc_url(rule.id),
        )
        for rule in all_rules()
    )


def rules_json() -> str:
    """`--list-rules --format json`: every rule's id, severity, summary, fix, options and document."""
    import json

    from probelint.fix import fixable_rules

    document = [
        {
            "id": rule.id,
            "severity": rule.severity.label,
            "summary": rule.summary,
            "fixable": rule.id in fixable_rules(),
            "options": dict(rule.options),
            "url": rule_doc_url(rule.id),
        }
        for rule in all_rules()
    ]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
