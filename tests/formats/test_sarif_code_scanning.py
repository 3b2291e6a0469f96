"""SARIF fields GitHub's "SARIF support for code scanning" page asks for: line hashes, rule precision,
problem severity and category tags, pinned help links, and the invocation's success and notifications."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from probelint import __version__
from probelint.reporters.categories import TAGS
from probelint.rules import all_rules
from tests.support import SHARED, run_cli
from tests.support.manifests import SHORT_TIMEOUT_DEPLOYMENT as TIMEOUT
from tests.support.sarif import code_scanning_problems

SCHEMA = SHARED / "schemas" / "sarif-2.1.0.json"


def sarif(args: list[str], cwd: Path) -> dict[str, Any]:
    run = run_cli(["--format", "sarif", *args], cwd=cwd)
    log: dict[str, Any] = json.loads(run.stdout)
    return log


def _run(tmp_path: Path, *extra: str) -> dict[str, Any]:
    (tmp_path / "web.yaml").write_text(TIMEOUT, encoding="utf-8")
    log = sarif(["--select", "probe-timeout-too-low", "web.yaml", *extra], tmp_path)
    run: dict[str, Any] = log["runs"][0]
    return run


def test_every_rule_has_category_tags_precision_and_problem_severity(tmp_path: Path) -> None:
    rules = {rule.id: rule for rule in all_rules()}
    assert set(TAGS) == set(rules)
    descriptors = _run(tmp_path)["tool"]["driver"]["rules"]
    for descriptor in descriptors:
        properties = descriptor["properties"]
        assert properties["tags"][:2] == ["kubernetes", "probes"]
        assert len(properties["tags"]) > 2
        assert properties["precision"] in ("very-high", "high", "medium", "low")
        expected = {"error": "error", "warning": "warning", "info": "recommendation"}
        assert properties["problem.severity"] == expected[rules[descriptor["id"]].severity.label]
        assert descriptor["helpUri"].endswith(f"/blob/v{__version__}/rules/{descriptor['id']}.md")
    by_id = {descriptor["id"]: descriptor for descriptor in descriptors}
    assert "timing" in by_id["probe-timeout-too-low"]["properties"]["tags"]
    assert "aws-node" in by_id["aws-node-probe-timeout"]["properties"]["tags"]
    assert "missing-probe" in by_id["readiness-probe-missing"]["properties"]["tags"]


def test_line_hash_moves_with_the_line_and_changes_with_the_value(tmp_path: Path) -> None:
    first = _run(tmp_path)["results"][0]["partialFingerprints"]
    assert set(first) == {"probelint/v1", "primaryLocationLineHash"}
    digest, occurrence = first["primaryLocationLineHash"].split(":")
    assert len(digest) == 16
    assert occurrence == "1"
    (tmp_path / "web.yaml").write_text("# moved\n\n" + TIMEOUT, encoding="utf-8")
    moved = sarif(["--select", "probe-timeout-too-low", "web.yaml"], tmp_path)["runs"][0]["results"][0]
    assert moved["partialFingerprints"] == first
    assert moved["locations"][0]["physicalLocation"]["region"]["startLine"] == 15
    (tmp_path / "web.yaml").write_text(TIMEOUT.replace("timeoutSeconds: 1", "timeoutSeconds: 0"), encoding="utf-8")
    changed = sarif(["--select", "probe-timeout-too-low", "web.yaml"], tmp_path)["runs"][0]["results"][0]
    assert changed["partialFingerprints"]["primaryLocationLineHash"] != first["primaryLocationLineHash"]
    assert changed["partialFingerprints"]["probelint/v1"] == first["probelint/v1"]


def test_a_clean_run_is_an_execution_success(tmp_path: Path) -> None:
    assert _run(tmp_path)["invocations"] == [{"executionSuccessful": True}]


def test_missing_and_unreadable_paths_are_notifications(tmp_path: Path) -> None:
    run = _run(tmp_path, "missing.yaml")
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"] == [
        {
            "level": "error",
            "message": {"text": "missing.yaml: no such file or directory"},
            "descriptor": {"id": "probelint/error"},
        }
    ]
    assert len(run["results"]) == 1  # what could be read is still reported


@pytest.mark.corpus
@pytest.mark.skipif(not SCHEMA.is_file(), reason="../shared/schemas/sarif-2.1.0.json is not available")
def test_new_fields_are_valid_against_the_sarif_schema(tmp_path: Path) -> None:
    import jsonschema

    log = sarif(["--select", "probe-timeout-too-low", "web.yaml", "missing.yaml"], _write(tmp_path))
    validator = jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [error.message for error in validator.iter_errors(log)] == []
    assert code_scanning_problems(log) == []


def _write(tmp_path: Path) -> Path:
    (tmp_path / "web.yaml").write_text(TIMEOUT, encoding="utf-8")
    return tmp_path
