"""`--format github`, `--format gitlab` and `--output-file`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from probelint.findings import Finding, Severity
from probelint.reporters import FORMATS, Summary, github, gitlab
from tests.support import run_cli, run_process
from tests.support.manifests import SHORT_TIMEOUT_DEPLOYMENT as BAD

SELECT = ["--select", "probe-timeout-too-low"]


def finding(**changes: Any) -> Finding:
    fields: dict[str, Any] = {
        "rule": "probe-timeout-too-low",
        "severity": Severity.WARNING,
        "message": "timeoutSeconds is 1",
        "file": "k8s/web.yaml",
        "line": 13,
        "column": 13,
        "kind": "Deployment",
        "name": "web",
        "container": "web",
    }
    return Finding(**{**fields, **changes})


def test_formats_are_registered() -> None:
    assert set(FORMATS) >= {"text", "json", "sarif", "github", "gitlab"}


def test_github_annotation_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "web.yaml").write_text(BAD)
    run = run_cli(["--format", "github", *SELECT, "k8s"], cwd=tmp_path)
    assert run.code == 1
    assert run.lines == [
        (
            "::warning file=k8s/web.yaml,line=13,col=13,title=probe-timeout-too-low::readiness probe (httpGet): "
            "timeoutSeconds 1; set 2 or more (Deployment/web[web])"
        )
    ]
    assert run.stderr.splitlines() == [
        "0 errors, 1 warning in 1 file",
        "[*] 1 fixable with probelint --fix (preview with --diff)",
    ]


@pytest.mark.parametrize(
    ("severity", "command"), [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")]
)
def test_github_command_per_severity(severity: Severity, command: str) -> None:
    assert github.format_finding(finding(severity=severity)).startswith(f"::{command} file=k8s/web.yaml,")


def test_github_escapes_data_and_properties() -> None:
    line = github.format_finding(
        finding(file="dir,a:b/x%.yaml", message="100% bad\r\nnext: a, b", source="chart/templates/a.yaml")
    )
    assert line == (
        "::warning file=dir%2Ca%3Ab/x%25.yaml,line=13,col=13,title=probe-timeout-too-low::100%25 "
        "bad%0D%0Anext: a, b (Deployment/web[web]) [from chart/templates/a.yaml]"
    )


def test_github_standard_input_has_no_file() -> None:
    assert github.format_finding(finding(file="-")).startswith("::warning title=probe-timeout-too-low::")


def test_gitlab_code_quality_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / "web.yaml").write_text(BAD)
    run = run_cli(["--format", "gitlab", *SELECT, "./web.yaml"], cwd=tmp_path)
    assert run.code == 1
    [issue] = json.loads(run.stdout)
    fingerprint = issue.pop("fingerprint")
    assert len(fingerprint) == 32
    assert int(fingerprint, 16) >= 0
    assert issue == {
        "type": "issue",
        "categories": ["Bug Risk"],
        "description": "readiness probe (httpGet): timeoutSeconds 1; set 2 or more (Deployment/web[web])",
        "check_name": "probe-timeout-too-low",
        "severity": "minor",
        "location": {"path": "web.yaml", "lines": {"begin": 13}},
    }
    # Stable between runs, and when the finding moves down the file.
    (tmp_path / "web.yaml").write_text("# a comment\n" + BAD)
    [moved] = json.loads(run_cli(["--format", "gitlab", *SELECT, "web.yaml"], cwd=tmp_path).stdout)
    assert moved["location"]["lines"]["begin"] == 14
    assert moved["fingerprint"] == fingerprint


def test_gitlab_severities_and_unique_fingerprints() -> None:
    findings = [
        finding(severity=Severity.ERROR),
        finding(severity=Severity.INFO, container="sidecar"),
        finding(rule="yaml-syntax", kind=None, name=None, container=None, file="-"),
        finding(rule="yaml-syntax", kind=None, name=None, container=None, file="-", line=20),
    ]
    issues = json.loads(gitlab.render(findings, Summary.of(findings, 1), False))
    assert [issue["severity"] for issue in issues] == ["major", "info", "minor", "minor"]
    assert issues[2]["location"]["path"] == "stdin"
    assert len({issue["fingerprint"] for issue in issues}) == 4


def test_output_file_gets_the_report_and_the_terminal_the_summary(tmp_path: Path) -> None:
    (tmp_path / "web.yaml").write_text(BAD)
    run = run_process(["--format", "sarif", "--output-file", "reports/probelint.sarif", *SELECT, "web.yaml"], tmp_path)
    assert run.code == 1
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        "0 errors, 1 warning in 1 file",
        "[*] 1 fixable with probelint --fix (preview with --diff)",
    ]
    log = json.loads((tmp_path / "reports" / "probelint.sarif").read_text(encoding="utf-8"))
    assert [result["ruleId"] for result in log["runs"][0]["results"]] == ["probe-timeout-too-low"]


def test_output_file_text_has_no_colour(tmp_path: Path) -> None:
    (tmp_path / "web.yaml").write_text(BAD)
    run = run_cli(["-o", "out.txt", *SELECT, "web.yaml"], cwd=tmp_path)
    assert run.code == 1
    assert run.stdout == ""
    text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert text.startswith("web.yaml:13:13: warning probe-timeout-too-low ")
    assert "\x1b" not in text


def test_unwritable_output_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "web.yaml").write_text(BAD)
    (tmp_path / "taken").write_text("a file, not a folder")
    run = run_process(["-o", "taken/report.json", "--format", "json", *SELECT, "web.yaml"], tmp_path)
    assert run.code == 2
    assert "probelint: cannot write the report to taken/report.json:" in run.stderr
