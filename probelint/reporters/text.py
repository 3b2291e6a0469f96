"""One line per finding, `path:line:col: severity rule message (object)`, clickable in editors."""

from __future__ import annotations

from probelint.findings import Finding, Severity, Suppressed
from probelint.reporters import Summary
from probelint.reporters.common import full_message

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
    return f"{where} {severity} {rule} {full_message(finding)}"


def format_suppressed(item: Suppressed) -> str:
    """A silenced finding; `suppressed` stands where the severity would, so problem matchers skip it."""
    finding = item.finding
    text = f"{finding.file}:{finding.line}:{finding.column}: suppressed {finding.rule} {full_message(finding)}"
    return text + f" [{finding.severity.label}, by `{item.by}` at {item.file}:{item.line}:{item.column}]"


def render(findings: list[Finding], summary: Summary, colour: bool) -> str:
    lines = [format_finding(finding, colour) for finding in findings]
    lines.extend(format_suppressed(item) for item in summary.suppressed)
    return "".join(line + "\n" for line in lines)
