"""`--format json` output matches schemas/output.schema.json exactly, on real outputs."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from probelint import __version__
from tests.support import CORPUS, ROOT, needs_corpus, run_cli

SCHEMA_PATH = ROOT / "schemas" / "output.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())

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
          readinessProbe:
            httpGet: {path: /, port: 80}
---
kind: [broken
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
spec:
  template:
    spec:
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni@sha256:0123
"""


def output(args: list[str], cwd: Path = ROOT, stdin: bytes | None = None) -> dict[str, Any]:
    run = run_cli(["--format", "json", *args], cwd=cwd, stdin=stdin)
    assert run.code in (0, 1), run.stderr
    document: dict[str, Any] = json.loads(run.stdout)
    return document


def errors(document: Any) -> list[str]:
    return [f"{list(error.absolute_path)}: {error.message}" for error in VALIDATOR.iter_errors(document)]


def assert_valid(document: dict[str, Any]) -> None:
    assert errors(document) == []
    counts = {"errors": 0, "warnings": 0, "infos": 0}
    for finding in document["findings"]:
        counts[{"error": "errors", "warning": "warnings", "info": "infos"}[finding["severity"]]] += 1
    assert {key: document["summary"][key] for key in counts} == counts


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_examples_output_is_valid() -> None:
    document = output(["examples/"])
    assert document["findings"]
    assert_valid(document)
    assert document["summary"]["files"] == len(list((ROOT / "examples").glob("*.yaml")))


def test_helm_syntax_and_info_findings_on_standard_input_are_valid() -> None:
    document = output(["-"], stdin=HELM.encode())
    assert_valid(document)
    by_rule = {finding["rule"]: finding for finding in document["findings"]}
    assert by_rule["probe-timeout-too-low"]["source"] == "web/templates/deployment.yaml"
    assert by_rule["probe-timeout-too-low"]["file"] == "-"
    syntax = by_rule["yaml-syntax"]
    assert (syntax["line"], syntax["column"], syntax["kind"], syntax["source"], syntax["path"]) == (
        17,
        1,
        None,
        None,
        "",
    )
    assert by_rule["aws-node-version-unknown"]["severity"] == "info"
    assert by_rule["aws-node-version-unknown"]["namespace"] is None


def test_no_findings_is_valid(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("# nothing here\n")
    document = output(["empty.yaml"], cwd=tmp_path)
    assert document == {
        "version": __version__,
        "findings": [],
        "summary": {"files": 1, "errors": 0, "warnings": 0, "infos": 0},
        "errors": [],
    }
    assert_valid(document)


def test_missing_and_unreadable_paths_are_listed_as_errors(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("# nothing here\n")
    run = run_cli(["--format", "json", "empty.yaml", "missing.yaml"], cwd=tmp_path)
    assert run.code == 2
    document = json.loads(run.stdout)
    assert document["errors"] == ["missing.yaml: no such file or directory"]
    assert_valid(document)


def test_suppressed_findings_are_valid(tmp_path: Path) -> None:
    text = HELM.replace(
        "          readinessProbe:\n",
        "          # probelint: disable-next-line=probe-timeout-too-low\n          readinessProbe:\n",
    )
    (tmp_path / "web.yaml").write_text(text)
    document = output(["--show-suppressed", "web.yaml"], cwd=tmp_path)
    assert_valid(document)
    assert [item["rule"] for item in document["suppressed"]] == ["probe-timeout-too-low"]
    assert "probe-timeout-too-low" not in {finding["rule"] for finding in document["findings"]}


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["findings"][0].update(column=0), "column"),
        (lambda d: d["findings"][0].update(line="3"), "line"),
        (lambda d: d["findings"][0].update(severity="fatal"), "severity"),
        (lambda d: d["findings"][0].update(rule="Probe Timeout"), "rule"),
        (lambda d: d["findings"][0].pop("source"), "source"),
        (lambda d: d["findings"][0].update(source=5), "source"),
        (lambda d: d["findings"][0].update(extra=True), "extra"),
        (lambda d: d["summary"].pop("infos"), "infos"),
        (lambda d: d["summary"].update(errors=-1), "errors"),
        (lambda d: d.update(version=1), "version"),
    ],
)
def test_the_schema_rejects_what_probelint_never_prints(change, where: str) -> None:
    document = copy.deepcopy(output(["examples/web-deployment.yaml"]))
    assert errors(document) == []
    change(document)
    found = errors(document)
    assert found
    assert any(where in message for message in found)


@needs_corpus()
def test_corpus_output_is_valid() -> None:
    document = output([str(CORPUS / "real"), str(CORPUS / "peers")])
    assert len(document["findings"]) > 1000
    assert_valid(document)
    rules = {finding["rule"] for finding in document["findings"]}
    assert {"yaml-syntax", "aws-node-probe-timeout", "aws-node-version-unknown"} <= rules
    assert any(finding["source"] for finding in document["findings"])
