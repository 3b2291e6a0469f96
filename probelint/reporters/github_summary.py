"""The GitHub Actions job summary: Markdown appended to the file `GITHUB_STEP_SUMMARY` names.

Annotations are capped by GitHub (10 errors and 10 warnings per step, more are dropped silently), so
the summary is where a reviewer sees everything: counts per rule and severity, the first findings as
a table linking to the lines at the commit under test, and a note when the cap hid annotations.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from urllib.parse import quote

from probelint.findings import Finding, Severity
from probelint.reporters import Summary
from probelint.reporters.common import object_name, report_path

# GitHub shows at most this many annotations of each kind (error, warning, notice) per step.
ANNOTATION_CAP = 10
# The table lists this many findings; the counts above it cover every one.
TABLE_ROWS = 50
_LABELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: pipes escaped, lines joined."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _link(finding: Finding, environ: Mapping[str, str]) -> str:
    """`file:line`, linked to the line at the commit under test when the workflow's variables say where."""
    path = report_path(finding.file)
    if path is None:
        return "standard input"
    text = f"{path}:{finding.line}"
    server, repository, sha = (environ.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if not (server and repository and sha) or os.path.isabs(path):
        return f"`{_cell(text)}`"
    return f"[`{_cell(text)}`]({server}/{repository}/blob/{sha}/{quote(path)}#L{finding.line})"


def render_summary(findings: list[Finding], summary: Summary, environ: Mapping[str, str]) -> str:
    lines = ["## probelint", ""]
    if not findings:
        lines.append(f"No findings in {summary.files} file{'' if summary.files == 1 else 's'}.")
    else:
        lines.append(summary.line() + ".")
        lines += ["", "| Rule | Severity | Findings |", "| --- | --- | ---: |"]
        counts = Counter((finding.rule, finding.severity) for finding in findings)
        for (rule, severity), count in sorted(counts.items(), key=lambda item: (-item[0][1], -item[1], item[0][0])):
            lines.append(f"| `{rule}` | {severity.label} | {count} |")
        hidden = {
            severity: count - ANNOTATION_CAP
            for severity, count in summary.counts.items()
            if count > ANNOTATION_CAP and severity in (Severity.ERROR, Severity.WARNING)
        }
        if hidden:
            parts = ", ".join(
                f"{count} {_LABELS[severity]}s" for severity, count in sorted(hidden.items(), reverse=True)
            )
            lines += [
                "",
                "> [!NOTE]",
                f"> GitHub shows at most {ANNOTATION_CAP} error and {ANNOTATION_CAP} warning annotations per step, "
                f"so {parts} have no annotation; every finding is counted above, and the code scanning "
                "results (from the SARIF report) list them all.",
            ]
        ordered = sorted(findings, key=lambda finding: -finding.severity)
        shown = ordered[:TABLE_ROWS]
        lines += ["", "| Severity | Location | Rule | Object | Message |", "| --- | --- | --- | --- | --- |"]
        for finding in shown:
            lines.append(
                f"| {finding.severity.label} | {_link(finding, environ)} | `{finding.rule}` | "
                f"{_cell(object_name(finding))} | {_cell(finding.message)} |"
            )
        if len(ordered) > len(shown):
            lines += ["", f"The first {len(shown)} of {len(ordered)} findings are listed."]
    if summary.errors:
        lines += ["", "### Not linted", ""]
        lines += [f"- {_cell(error)}" for error in summary.errors]
    return "\n".join(lines) + "\n"


def append_summary(findings: list[Finding], summary: Summary, environ: Mapping[str, str]) -> str | None:
    """Append the job summary to `GITHUB_STEP_SUMMARY` when it is set; an error message, or None."""
    path = environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return None
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(render_summary(findings, summary, environ))
    except OSError as error:
        return f"cannot write the job summary to {path}: {error.strerror or error}"
    return None
