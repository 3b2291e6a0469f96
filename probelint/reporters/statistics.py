"""`--statistics`: one row per rule with its count, severity and how many `--fix` can fix, by count."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from probelint.findings import Finding, Severity
from probelint.reporters.common import is_fixable


class RuleCount(NamedTuple):
    rule: str
    total: int
    severities: dict[Severity, int]  # a rule may grade its findings, and the configuration may too
    fixable: int

    @property
    def severity(self) -> Severity:
        """The highest severity among the rule's findings."""
        return max(self.severities)


def count_rules(findings: list[Finding]) -> list[RuleCount]:
    counts: dict[str, dict[Severity, int]] = {}
    fixable: dict[str, int] = {}
    for finding in findings:
        by_severity = counts.setdefault(finding.rule, {})
        by_severity[finding.severity] = by_severity.get(finding.severity, 0) + 1
        fixable[finding.rule] = fixable.get(finding.rule, 0) + is_fixable(finding)
    rows = [RuleCount(rule, sum(by.values()), by, fixable[rule]) for rule, by in counts.items()]
    return sorted(rows, key=lambda row: (-row.total, row.rule))


def render_text(findings: list[Finding]) -> str:
    rows = count_rules(findings)
    if not rows:
        return ""
    count_width = max(len(str(row.total)) for row in rows)
    rule_width = max(len(row.rule) for row in rows)
    lines = []
    for row in rows:
        severities = "/".join(severity.label for severity in sorted(row.severities, reverse=True))
        fixable = f"[*] {row.fixable} fixable" if row.fixable else ""
        lines.append(f"{row.total:>{count_width}}  {row.rule:<{rule_width}}  {severities:<13} {fixable}".rstrip())
    return "".join(line + "\n" for line in lines)


def render_json(findings: list[Finding]) -> str:
    document: list[dict[str, Any]] = [
        {
            "rule": row.rule,
            "count": row.total,
            "severity": row.severity.label,
            "severities": {
                severity.label: row.severities[severity] for severity in sorted(row.severities, reverse=True)
            },
            "fixable": row.fixable,
        }
        for row in count_rules(findings)
    ]
    return json.dumps(document, indent=2) + "\n"
