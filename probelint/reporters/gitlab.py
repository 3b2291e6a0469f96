"""GitLab code quality report (a subset of the Code Climate format), shown in merge request widgets.

A JSON array of issues with `description`, `check_name`, `fingerprint`, `severity` and
`location.path` / `location.lines.begin`. GitLab compares fingerprints between the source and target
branch to tell new findings from fixed ones, so they leave out line numbers (see `common.fingerprints`).
GitLab's severities are info, minor, major, critical and blocker: error, warning and info map to
major, minor and info (nothing probelint finds is a security hole or outage by itself).
"""

from __future__ import annotations

import json
from typing import Any

from probelint.findings import Finding, Severity
from probelint.reporters import Summary
from probelint.reporters.common import fingerprints, full_message, report_path

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
STDIN_PATH = "stdin"


def render(findings: list[Finding], summary: Summary, colour: bool) -> str:
    issues = [
        _issue(finding, fingerprint) for finding, fingerprint in zip(findings, fingerprints(findings), strict=True)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    return {
        "type": "issue",
        "categories": ["Bug Risk"],
        "description": full_message(finding),
        "check_name": finding.rule,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {"path": report_path(finding.file) or STDIN_PATH, "lines": {"begin": finding.line}},
    }
