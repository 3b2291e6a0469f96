"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

`::error file=F,line=L,col=C,title=RULE::MESSAGE` (warning and notice for the other severities). The
runner reads these lines from a step's standard output, so no upload step is needed. Values are
escaped the way the runner unescapes them (actions/toolkit `command.ts`): `%`, CR and LF everywhere,
and `:` and `,` inside properties too. `github_summary` writes the job summary beside them.
"""

from __future__ import annotations

from probelint.findings import Finding, Severity
from probelint.reporters import Summary
from probelint.reporters.common import full_message, printable, report_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The runner's escapes for `%`, CR and LF, then every other control character written out (ESC
    sequences would reach the log, which is shown on a terminal)."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_finding(finding: Finding) -> str:
    properties: list[tuple[str, object]] = []
    path = report_path(finding.file)
    if path is not None:  # standard input has no file in the repository: an unplaced annotation
        properties += [("file", path), ("line", finding.line), ("col", finding.column)]
    properties.append(("title", finding.rule))
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{COMMANDS[finding.severity]} {props}::{escape_data(full_message(finding))}"


def render(findings: list[Finding], summary: Summary, colour: bool) -> str:
    """Errors first, then warnings, then notices (each in file order): GitHub shows only the first few
    annotations of each kind per step, and the errors are what blocks a merge."""
    ordered = sorted(findings, key=lambda finding: -finding.severity)
    return "".join(format_finding(finding) + "\n" for finding in ordered)
