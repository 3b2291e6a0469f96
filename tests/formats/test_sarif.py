"""`--format sarif`: valid against the official SARIF 2.1.0 schema, and acceptable to GitHub code scanning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from probelint import __version__
from probelint.findings import Finding, Severity
from probelint.reporters import Summary, get_reporter
from probelint.reporters.catalog import rule_catalog
from probelint.reporters.sarif import FULL_DESCRIPTION_LIMIT, render, short_description, unwrap
from probelint.resources import rule_doc_section
from probelint.rules import all_rules
from tests.support import SHARED, run_cli
from tests.support.manifests import SHORT_TIMEOUT_DEPLOYMENT as TIMEOUT
from tests.support.sarif import code_scanning_problems

SCHEMA = SHARED / "schemas" / "sarif-2.1.0.json"


HELM = """\
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          livenessProbe:
            exec:
              command: [cat, /tmp/healthy]
"""


def sarif(args: list[str], cwd: Path, stdin: bytes | None = None) -> tuple[int, dict[str, Any]]:
    run = run_cli(["--format", "sarif", *args], cwd=cwd, stdin=stdin)
    return run.code, json.loads(run.stdout)


@pytest.fixture(scope="module")
def validator() -> Any:
    if not SCHEMA.is_file():
        pytest.skip("../shared/schemas/sarif-2.1.0.json is not available")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_valid(log: dict[str, Any], validator: Any) -> None:
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(log)]
    assert errors == []
    assert code_scanning_problems(log) == []


def test_plain_file_is_valid_with_exact_region(tmp_path: Path, validator: Any) -> None:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "web.yaml").write_text(TIMEOUT)
    code, log = sarif(["--select", "probe-timeout-too-low", "deploy"], tmp_path)
    assert code == 1
    assert_valid(log, validator)
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "probe-timeout-too-low"
    assert result["level"] == "warning"
    assert result["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "deploy/web.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 13, "startColumn": 13, "endLine": 13, "endColumn": 27},
            }
        }
    ]
    assert (
        result["message"]["text"]
        == "readiness probe (httpGet): timeoutSeconds 1; set 2 or more (Deployment/web\\[web\\])"
    )
    assert "context deadline exceeded" in result["message"]["markdown"]
    assert result["message"]["text"].endswith("(Deployment/web\\[web\\])")
    assert "relatedLocations" not in result
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_driver_describes_every_rule_from_the_registry_and_documents(tmp_path: Path, validator: Any) -> None:
    (tmp_path / "web.yaml").write_text(TIMEOUT)
    _, log = sarif(["web.yaml"], tmp_path)
    assert_valid(log, validator)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "probelint"
    assert driver["informationUri"] == "https://github.com/probelint/probelint"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert sorted(rules) == sorted(rule.id for rule in all_rules())
    for rule in all_rules():
        descriptor = rules[rule.id]
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert (
            descriptor["defaultConfiguration"]["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[rule.severity.label]
        )
        assert descriptor["helpUri"] == f"https://github.com/probelint/probelint/blob/v{__version__}/rules/{rule.id}.md"
        what = rule_doc_section(rule.id, "What it does")
        assert descriptor["fullDescription"]["text"] == short_description(unwrap(what) if what else rule.summary)
        assert len(descriptor["fullDescription"]["text"]) <= FULL_DESCRIPTION_LIMIT
    timeout = rules["probe-timeout-too-low"]
    assert timeout["fullDescription"]["text"].startswith(
        "Flags a liveness, readiness or startup probe that uses `httpGet`, `grpc` or `exec` and whose `timeoutSeconds`"
    )
    assert "\n" not in timeout["fullDescription"]["text"]
    assert "**Why is this bad?**" in timeout["help"]["markdown"]


def test_helm_source_is_a_related_location_without_a_region(tmp_path: Path, validator: Any) -> None:
    code, log = sarif(["--select", "probe-timeout-too-low", "-"], tmp_path, stdin=HELM.encode())
    assert code == 1
    assert_valid(log, validator)
    [result] = log["runs"][0]["results"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "stdin", "description": {"text": "standard input"}}
    assert physical["region"] == {"startLine": 14, "startColumn": 11, "endLine": 14, "endColumn": 24}
    assert result["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {"artifactLocation": {"uri": "web/templates/deployment.yaml"}},
            "message": {"text": "Helm template this object was rendered from"},
        }
    ]
    assert result["message"]["text"].endswith(
        "(Deployment/shop/web\\[web\\]) (rendered from [web/templates/deployment.yaml](1))"
    )


def test_no_findings_is_an_empty_but_valid_run(tmp_path: Path, validator: Any) -> None:
    (tmp_path / "ok.yaml").write_text(TIMEOUT.replace("timeoutSeconds: 1", "timeoutSeconds: 3"))
    code, log = sarif(["--select", "probe-timeout-too-low", "ok.yaml"], tmp_path)
    assert code == 0
    assert_valid(log, validator)
    assert log["runs"][0]["results"] == []


def test_syntax_error_has_a_location(tmp_path: Path, validator: Any) -> None:
    (tmp_path / "broken.yaml").write_text("a: [1, 2\nb: 3\n")
    code, log = sarif(["broken.yaml"], tmp_path)
    assert code == 1
    assert_valid(log, validator)
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "yaml-syntax"
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.yaml"


def finding(file: str, **changes: Any) -> Finding:
    fields: dict[str, Any] = {
        "rule": "probe-timeout-too-low",
        "severity": Severity.WARNING,
        "message": "timeoutSeconds is 1",
        "file": file,
        "line": 3,
        "column": 5,
    }
    return Finding(**{**fields, **changes})


def render_results(findings: list[Finding]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    log = json.loads(render(findings, Summary.of(findings, 1), False))
    return log, log["runs"][0]["results"]


def test_uris_are_relative_encoded_and_absolute_outside_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, validator: Any
) -> None:
    work = tmp_path / "repo"
    work.mkdir()
    monkeypatch.chdir(work)
    outside = tmp_path / "elsewhere" / "x.yaml"
    log, results = render_results(
        [
            finding("./k8s/my app.yaml"),
            finding(str(work / "k8s" / "web.yaml")),
            finding(str(outside)),
            finding("k8s/50%.yaml"),
        ]
    )
    assert_valid(log, validator)
    uris = [result["locations"][0]["physicalLocation"]["artifactLocation"] for result in results]
    assert uris == [
        {"uri": "k8s/my%20app.yaml", "uriBaseId": "%SRCROOT%"},
        {"uri": "k8s/web.yaml", "uriBaseId": "%SRCROOT%"},
        {"uri": outside.as_uri()},
        {"uri": "k8s/50%25.yaml", "uriBaseId": "%SRCROOT%"},
    ]


def test_levels_escapes_and_fingerprints(validator: Any) -> None:
    findings = [
        finding("a.yaml", severity=Severity.ERROR),
        finding("a.yaml", severity=Severity.INFO, rule="yaml-syntax", message=r"bad [x] \ here"),
        finding("a.yaml", severity=Severity.INFO, rule="yaml-syntax", message="second", line=9),
    ]
    log, results = render_results(findings)
    assert_valid(log, validator)
    assert [result["level"] for result in results] == ["error", "note", "note"]
    assert results[1]["message"]["text"] == r"bad \[x\] \\ here"
    prints = [result["partialFingerprints"]["probelint/v1"] for result in results]
    assert len(set(prints)) == 3
    # A finding keeps its fingerprint when lines move above it.
    _, moved = render_results([finding("a.yaml", severity=Severity.ERROR, line=40)])
    assert moved[0]["partialFingerprints"] == results[0]["partialFingerprints"]


def test_rule_index_follows_the_catalog() -> None:
    catalog = rule_catalog()
    _, results = render_results([finding("a.yaml", rule=rule.id) for rule in catalog])
    assert [result["ruleIndex"] for result in results] == list(range(len(catalog)))


def test_registered_under_its_name() -> None:
    assert get_reporter("sarif") is render


def test_suppressed_findings_are_results_with_a_suppression(tmp_path: Path, validator: Any) -> None:
    (tmp_path / "web.yaml").write_text(TIMEOUT.replace("timeoutSeconds: 1", "timeoutSeconds: 1  # probelint: disable"))
    code, log = sarif(["--select", "probe-timeout-too-low", "web.yaml"], tmp_path)
    assert code == 0
    assert log["runs"][0]["results"] == []

    code, log = sarif(["--show-suppressed", "--select", "probe-timeout-too-low", "web.yaml"], tmp_path)
    assert code == 0
    assert_valid(log, validator)
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "probe-timeout-too-low"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 13,
        "startColumn": 13,
        "endLine": 13,
        "endColumn": 27,
    }
    [suppression] = result["suppressions"]
    assert suppression["kind"] == "inSource"
    assert suppression["status"] == "accepted"
    assert suppression["justification"].startswith("suppressed by ")
    assert suppression["location"]["physicalLocation"]["artifactLocation"]["uri"] == "web.yaml"
    assert suppression["location"]["physicalLocation"]["region"]["startLine"] == 13
