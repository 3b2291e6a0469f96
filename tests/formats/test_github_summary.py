"""`--format github`: errors annotated first, and the job summary in GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from pathlib import Path

import pytest

from probelint.findings import Finding, Severity
from probelint.reporters import Summary, github
from probelint.reporters.github_summary import render_summary
from tests.support import run_cli

ENVIRON = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/shop", "GITHUB_SHA": "abc123"}


def _finding(index: int, severity: Severity, rule: str = "probe-timeout-too-low") -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        message=f"problem {index} | piped",
        file=f"k8s/app{index:02}.yaml",
        line=index + 1,
        column=3,
        kind="Deployment",
        name=f"app{index}",
        container="web",
    )


def test_annotations_are_ordered_errors_warnings_notices() -> None:
    findings = [_finding(0, Severity.INFO), _finding(1, Severity.WARNING), _finding(2, Severity.ERROR)]
    lines = github.render(findings, Summary.of(findings, 3), False).splitlines()
    assert [line.split()[0] for line in lines] == ["::error", "::warning", "::notice"]


def test_summary_counts_per_rule_and_links_each_line() -> None:
    findings = [_finding(0, Severity.WARNING), _finding(1, Severity.ERROR, "probe-port-not-found")]
    text = render_summary(findings, Summary.of(findings, 2), ENVIRON)
    assert text.startswith("## probelint\n\n1 error, 1 warning in 2 files.\n")
    assert "| `probe-port-not-found` | error | 1 |\n| `probe-timeout-too-low` | warning | 1 |" in text
    table = text.split("| Severity | Location | Rule | Object | Message |\n| --- | --- | --- | --- | --- |\n")[1]
    assert table.splitlines()[0] == (
        "| error | [`k8s/app01.yaml:2`](https://github.com/acme/shop/blob/abc123/k8s/app01.yaml#L2) | "
        "`probe-port-not-found` | Deployment/app1[web] | problem 1 \\| piped |"
    )
    assert "NOTE" not in text


def test_summary_notes_annotations_hidden_by_the_cap() -> None:
    findings = [_finding(index, Severity.WARNING) for index in range(13)]
    text = render_summary(findings, Summary.of(findings, 13), {})
    assert "> [!NOTE]" in text
    assert "so 3 warnings have no annotation" in text
    assert "`k8s/app00.yaml:1`" in text  # no workflow variables: no links


def test_summary_without_findings_and_with_errors() -> None:
    text = render_summary([], Summary(2, dict.fromkeys(Severity, 0), errors=("gone.yaml: no such file",)), {})
    assert text == "## probelint\n\nNo findings in 2 files.\n\n### Not linted\n\n- gone.yaml: no such file\n"


@pytest.mark.parametrize("existing", ["", "earlier step\n"])
def test_cli_appends_the_summary_when_github_step_summary_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: str
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text(existing, encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    (tmp_path / "web.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "    - name: c\n      image: x\n      readinessProbe:\n        httpGet: {path: /, port: 80}\n"
        "        timeoutSeconds: 1\n",
        encoding="utf-8",
    )
    run = run_cli(["--format", "github", "--select", "probe-timeout-too-low", "web.yaml"], cwd=tmp_path)
    assert run.code == 1
    assert run.stdout.startswith("::warning file=web.yaml,line=10,")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(existing + "## probelint\n")
    assert "| `probe-timeout-too-low` | warning | 1 |" in text


def test_other_formats_leave_the_job_summary_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    (tmp_path / "empty.yaml").write_text("# nothing\n", encoding="utf-8")
    assert run_cli(["empty.yaml"], cwd=tmp_path).code == 0
    assert not summary.exists()
