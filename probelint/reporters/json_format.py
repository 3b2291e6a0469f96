"""`{"findings": [...], "summary": {...}}`, described by schemas/output.schema.json."""

from __future__ import annotations

import json
from typing import Any

from probelint import __version__
from probelint.findings import Finding, Severity
from probelint.reporters import Summary
from probelint.reporters.common import is_fixable
from probelint.resources import rule_doc_url


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.label,
        "message": finding.message,
        "detail": finding.detail,
        "fixable": is_fixable(finding),
        "url": rule_doc_url(finding.rule),
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line or finding.line,
        "end_column": finding.end_column or finding.column,
        "path": finding.path,
        "kind": finding.kind,
        "namespace": finding.namespace,
        "name": finding.name,
        "container": finding.container,
        "source": finding.source,
        "exact": finding.exact,
        "locations": [
            {"file": where.file, "line": where.line, "column": where.column, "role": where.role}
            for where in finding.locations
        ],
    }


def render(findings: list[Finding], summary: Summary, colour: bool) -> str:
    document: dict[str, Any] = {
        "version": __version__,
        "findings": [finding_to_dict(finding) for finding in findings],
        "summary": {
            "files": summary.files,
            "errors": summary.counts[Severity.ERROR],
            "warnings": summary.counts[Severity.WARNING],
            "infos": summary.counts[Severity.INFO],
        },
        "errors": list(summary.errors),
    }
    if summary.suppressed:  # --show-suppressed
        document["suppressed"] = [
            {
                **finding_to_dict(item.finding),
                "suppressed_by": {"suppression": item.by, "file": item.file, "line": item.line, "column": item.column},
            }
            for item in summary.suppressed
        ]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
