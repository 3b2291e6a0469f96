"""`--format full`: each finding's line, then its source with a caret, its detail and where to read more.

An object rendered by Helm (`# Source:`) shows the lines of the rendered stream, which is what was
linted, and names the template they came from.
"""

from __future__ import annotations

import textwrap

from probelint.findings import Finding
from probelint.reporters import Summary
from probelint.reporters.common import readable
from probelint.reporters.source import SourceCache, excerpt
from probelint.reporters.text import format_finding, format_suppressed, paint

DETAIL_WIDTH = 100
_BLUE, _BOLD = "\x1b[34m", "\x1b[1m"


def format_full(finding: Finding, cache: SourceCache, colour: bool = False) -> list[str]:
    source = cache.lines(finding.file)
    finding = readable(finding)
    lines = [format_finding(finding, colour)]
    rows = excerpt(source, finding.line, finding.column, finding.end_line, finding.end_column) if source else []
    gutter = max((len(number) for number, _text in rows), default=1)
    bar = paint(f"{'':>{gutter}} |", _BLUE, colour)
    if rows:
        lines.append(bar)
        for number, text in rows:
            prefix = paint(f"{number:>{gutter}} |", _BLUE, colour)
            shown = paint(text, _BOLD, colour) if not number else text
            lines.append(f"{prefix} {shown}".rstrip())
        lines.append(bar)
    indent = f"{'':>{gutter}} = "
    if finding.source and not finding.locations:  # a chart's own lines need no such note
        lines.append(f"{indent}note: rendered by Helm from {finding.source}; the lines above are the rendered output")
    if finding.detail:
        wrapped = textwrap.wrap(finding.detail, DETAIL_WIDTH, break_long_words=False, break_on_hyphens=False)
        lines.append(f"{indent}why: {wrapped[0]}")
        lines.extend(f"{'':>{len(indent)}}     {part}" for part in wrapped[1:])
    lines.append(f"{indent}help: probelint --explain {finding.rule}")
    return lines


def render(findings: list[Finding], summary: Summary, colour: bool) -> str:
    cache = SourceCache()
    blocks = ["\n".join(format_full(finding, cache, colour)) + "\n" for finding in findings]
    blocks.extend(format_suppressed(item) + "\n" for item in summary.suppressed)
    return "\n".join(blocks)
