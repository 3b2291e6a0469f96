"""One line per finding, `path:line:col: severity rule [*] message (object)`, clickable in editors.

`[*]` marks findings of a rule `--fix` has a fix for. Apart from the path, a line stays within
LINE_WIDTH characters: the object's name parts are shortened in the middle when needed, and the Helm
template (`[from chart/templates/x.yaml]`) is named only when it fits.
"""

from __future__ import annotations

from collections.abc import Iterator

from probelint.findings import Finding, Severity, Suppressed
from probelint.reporters import Summary
from probelint.reporters.common import full_message, is_fixable, object_label, readable, readable_suppressed

LINE_WIDTH = 200
FIX_MARK = "[*]"
_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def paint(text: str, style: str, colour: bool) -> str:
    return f"{style}{text}{_RESET}" if colour else text


def severity_word(severity: Severity, colour: bool) -> str:
    return paint(severity.label, _COLOURS[severity], colour)


def headline(finding: Finding, colour: bool = False) -> str:
    """`severity rule [*] message (object)`: the line without its position."""
    finding = readable(finding)
    rule = finding.rule + (f" {FIX_MARK}" if is_fixable(finding) else "")
    plain = f"{finding.severity.label} {rule} {finding.message}"
    room = LINE_WIDTH - len(f"{finding.line}:{finding.column}: ") - len(plain)
    label = object_label(finding, max(room, 0))
    if len(label) > room:  # names cut to their minimum still do not fit: the other formats name the object
        label = ""
    # The Helm template comes last and only when it fits: --format full, grouped and JSON always name it.
    note = f" [from {finding.source}]" if finding.source else ""
    source = note if len(label) + len(note) <= room else ""
    return f"{severity_word(finding.severity, colour)} {paint(rule, _DIM, colour)} {finding.message}{label}{source}"


def format_finding(finding: Finding, colour: bool = False) -> str:
    finding = readable(finding)
    where = paint(f"{finding.file}:{finding.line}:{finding.column}:", _BOLD, colour)
    return f"{where} {headline(finding, colour)}"


def format_suppressed(item: Suppressed) -> str:
    """A silenced finding; `suppressed` stands where the severity would, so problem matchers skip it."""
    item = readable_suppressed(item)
    finding = item.finding
    text = f"{finding.file}:{finding.line}:{finding.column}: suppressed {finding.rule} {full_message(finding)}"
    return text + f" [{finding.severity.label}, by `{item.by}` at {item.file}:{item.line}:{item.column}]"


def render(findings: list[Finding], summary: Summary, colour: bool) -> str:
    return "".join(render_lines(findings, summary, colour))


def render_lines(findings: list[Finding], summary: Summary, colour: bool) -> Iterator[str]:
    """The report line by line, each ending in a newline: a large run writes it as it goes instead
    of holding it whole (see reporters.get_line_reporter)."""
    for finding in findings:
        yield format_finding(finding, colour) + "\n"
    for item in summary.suppressed:
        yield format_suppressed(item) + "\n"
