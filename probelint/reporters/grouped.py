"""`--format grouped`: findings under each file, then under each object, in file order.

examples/web-deployment.yaml
  Deployment/shop/orders
    42:13  warning  probe-timeout-too-low [*]  readiness probe (httpGet): ... [orders]
"""

from __future__ import annotations

from probelint.findings import Finding
from probelint.reporters import Summary
from probelint.reporters.common import is_fixable, object_name, readable
from probelint.reporters.text import _BOLD, FIX_MARK, format_suppressed, paint, severity_word

OUTSIDE = "(not in an object)"


def _object_key(finding: Finding) -> str:
    if finding.kind is None:
        return OUTSIDE
    header = object_name(finding._replace(container=None))
    return f"{header} [from {finding.source}]" if finding.source else header


def render(findings: list[Finding], summary: Summary, colour: bool) -> str:
    files: dict[str, dict[str, list[Finding]]] = {}
    findings = [readable(finding) for finding in findings]
    for finding in findings:
        files.setdefault(finding.file, {}).setdefault(_object_key(finding), []).append(finding)
    where_width = max((len(f"{f.line}:{f.column}") for f in findings), default=0)
    rule_width = max((len(f.rule) + (len(FIX_MARK) + 1 if is_fixable(f) else 0) for f in findings), default=0)
    out = []
    for file, objects in files.items():
        out.append(paint(file, _BOLD, colour))
        for header, items in objects.items():
            out.append(f"  {header}")
            for finding in items:
                where = f"{finding.line}:{finding.column}"
                rule = finding.rule + (f" {FIX_MARK}" if is_fixable(finding) else "")
                severity = severity_word(finding.severity, colour) + " " * (7 - len(finding.severity.label))
                container = f" [{finding.container}]" if finding.container else ""
                out.append(
                    f"    {where:<{where_width}}  {severity}  {rule:<{rule_width}}  {finding.message}{container}"
                )
        out.append("")
    out.extend(format_suppressed(item) for item in summary.suppressed)
    return "".join(line + "\n" for line in out)
