"""SARIF 2.1.0, the format GitHub code scanning (and most security dashboards) import.

One run; `tool.driver.rules` lists every rule so that `ruleIndex` is stable between runs. Locations
are relative to the repository root (`%SRCROOT%`, see `common.repository_root`). Columns
count Unicode code points, as PyYAML does, and `columnKind` says so. An object rendered by Helm points
at the rendered stream with its exact position, and names its template (from `# Source:`) as a
related location without a region: the template's own line is unknown. With --show-suppressed,
suppressed findings are results too, with a `suppressions` entry naming the comment, annotation or
configuration entry that silenced them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from probelint import __version__
from probelint.findings import Finding, Severity, Suppressed
from probelint.reporters import Summary, categories
from probelint.reporters.catalog import RuleInfo, rule_catalog
from probelint.reporters.common import fingerprints, line_hashes, object_label, report_path, repository_root
from probelint.resources import PROJECT_URL

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
STDIN_URI = "stdin"
FINGERPRINT_KEY = "probelint/v1"
LINE_HASH_KEY = "primaryLocationLineHash"  # GitHub computes one from the line's text when it is missing
# GitHub's `problem.severity` for rules that are not security rules.
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_BRACKET_RE = re.compile(r"([\[\]])")
_LIST_ITEM_RE = re.compile(r"\s*(?:[-*+]|\d+\.)\s")


def render(findings: list[Finding], summary: Summary, colour: bool, catalog: Sequence[RuleInfo] | None = None) -> str:
    rules = list(rule_catalog() if catalog is None else catalog)
    index = {rule.id: position for position, rule in enumerate(rules)}
    suppressed = list(summary.suppressed)  # only with --show-suppressed
    every = [*findings, *(item.finding for item in suppressed)]
    results = [
        _result(finding, index[finding.rule], fingerprint, line_hash)
        for finding, fingerprint, line_hash in zip(every, fingerprints(every), line_hashes(every), strict=True)
    ]
    for item, result in zip(suppressed, results[len(findings) :], strict=True):
        result["suppressions"] = [_suppression(item)]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "probelint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": PROJECT_URL,
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": Path(repository_root()).as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [_invocation(summary.errors)],
        "results": results,
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# GitHub code scanning rejects a rule whose fullDescription is longer than this.
FULL_DESCRIPTION_LIMIT = 1024


def short_description(text: str, limit: int = FULL_DESCRIPTION_LIMIT) -> str:
    """The first paragraphs of `text` that fit in `limit` characters (the first cut at a sentence)."""
    kept = ""
    for paragraph in text.split("\n\n"):
        candidate = f"{kept}\n\n{paragraph}" if kept else paragraph
        if len(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    cut = text.rfind(". ", 0, limit - 1)
    return text[: cut + 1] if cut > 0 else text[: limit - 1] + "…"


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    # Plain-text fields are shown as is (no Markdown), so the documents' hard-wrapped lines are joined.
    description = unwrap(rule.description)
    help_text = description + (f"\n\nHow to fix it: {unwrap(rule.fix)}" if rule.fix else "")
    markdown = [rule.description]
    if rule.why:
        markdown.append(f"**Why is this bad?**\n\n{rule.why}")
    if rule.fix:
        markdown.append(f"**How to fix it**\n\n{rule.fix}")
    markdown.append(f"[Documentation]({rule.help_uri})")
    return {
        "id": rule.id,
        "name": _pascal_case(rule.id),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": short_description(description)},
        "help": {"text": f"{help_text}\n\nDocumentation: {rule.help_uri}", "markdown": "\n\n".join(markdown)},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": categories.tags(rule.id),
            "precision": categories.precision(rule.id),
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
        },
    }


def _invocation(errors: Sequence[str]) -> dict[str, Any]:
    """Whether the run read everything: missing or unreadable paths and failed renders are notifications."""
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": error}, "descriptor": {"id": "probelint/error"}} for error in errors
        ]
    return invocation


_ROLE_TEXT = {
    "template": "the chart template line that writes this",
    "values": "the values file line that sets this",
    "base": "the Kustomize resource file line that holds this",
    "patch": "the Kustomize patch line that sets this",
    "rendered": "the rendered manifest",
}


def _result(finding: Finding, rule_index: int, fingerprint: str, line_hash: str) -> dict[str, Any]:
    message = _escape(finding.message + object_label(finding))
    region = {
        "startLine": max(finding.line, 1),
        "startColumn": max(finding.column, 1),
        "endLine": max(finding.end_line or finding.line, 1),
        "endColumn": max(finding.end_column or finding.column, 1),
    }
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(finding.file),
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint, LINE_HASH_KEY: line_hash},
    }
    if finding.detail:
        result["message"]["markdown"] = f"{message}\n\n{finding.detail}"
    if finding.locations:  # a rendered chart or Kustomize build: the file lines behind the finding
        result["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": {
                    "artifactLocation": artifact_location(where.file),
                    **({} if where.role == "rendered" else {"region": _region(where.line, where.column)}),
                },
                "message": {"text": _ROLE_TEXT[where.role]},
            }
            for number, where in enumerate(finding.locations, start=1)
            if where.role != "rendered"
        ]
    elif finding.source:
        # Embedded link `[text](id)` ties the message to the related location (SARIF §3.11.6).
        result["message"]["text"] = f"{message} (rendered from [{_escape(finding.source)}](1))"
        if finding.detail:
            result["message"]["markdown"] = f"{result['message']['text']}\n\n{finding.detail}"
        result["relatedLocations"] = [
            {
                "id": 1,
                "physicalLocation": {"artifactLocation": {"uri": quote(finding.source, safe="/")}},
                "message": {"text": "Helm template this object was rendered from"},
            }
        ]
    return result


def _region(line: int, column: int) -> dict[str, int]:
    return {"startLine": max(line, 1), "startColumn": max(column, 1)}


def _suppression(item: Suppressed) -> dict[str, Any]:
    """Code scanning shows a suppressed result as a dismissed alert, not an open one."""
    return {
        "kind": "inSource" if item.file == item.finding.file else "external",
        "status": "accepted",
        "justification": f"suppressed by {item.by}",
        "location": {
            "physicalLocation": {
                "artifactLocation": artifact_location(item.file),
                "region": {"startLine": max(item.line, 1), "startColumn": max(item.column, 1)},
            }
        },
    }


def artifact_location(file: str) -> dict[str, Any]:
    """A relative URI under %SRCROOT%; an absolute file URI outside it; `stdin` for standard input."""
    path = report_path(file)
    if path is None:
        return {"uri": STDIN_URI, "description": {"text": "standard input"}}
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def _escape(text: str) -> str:
    """Plain-text SARIF messages reserve `[...](...)` for links: literal brackets get a backslash."""
    return _BRACKET_RE.sub(r"\\\1", text.replace("\\", "\\\\"))


def unwrap(text: str) -> str:
    """Join the hard-wrapped lines of each paragraph; list items keep their own line."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if lines and not _LIST_ITEM_RE.match(line):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.rstrip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _pascal_case(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))
