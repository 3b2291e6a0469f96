"""One line per finding, `path:line:col: severity rule message (object)`, clickable in editors."""

from __future__ import annotations

from ..findings import Finding, Severity
from . import Summary
from .common import object_label

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def format_finding(finding: Finding, colour: bool = False) -> str:
    where = f"{finding.file}:{finding.line}:{finding.column}:"
    severity = finding.severity.label
    rule = finding.rule
    if colour:
        where = f"{_BOLD}{where}{_RESET}"
        severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
        rule = f"{_DIM}{rule}{_RESET}"
    text = f"{where} {severity} {rule} {finding.message}{object_label(finding)}"
    if finding.source:
        text += f" [from {finding.source}]"
    return text


def render(findings: list[Finding], summary: Summary, colour: bool) -> str:
    return "".join(format_finding(finding, colour) + "\n" for finding in findings)
