"""Every rule has a document whose examples are linted here, through the command line."""

from __future__ import annotations

import shlex

import pytest

from probelint.rules import all_rules
from tests.support import run_cli
from tests.support.ruledocs import RuleDoc, all_docs, write_files

DOCS = {doc.rule_id: doc for doc in all_docs()}
# A failing example's output may start with the command that gives it, e.g. `$ probelint --kubernetes-version
# 1.28 --select k8s-version-unsupported example.yaml`; without one it is `--select <rule> example.yaml`.
COMMAND_PREFIX = "$ probelint "
RULES = {rule.id: rule for rule in all_rules()}


def test_every_rule_has_a_document() -> None:
    assert sorted(DOCS) == sorted(RULES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_document_matches_rule_metadata(rule_id: str) -> None:
    doc, rule = DOCS[rule_id], RULES[rule_id]
    assert doc.severity == rule.severity.label
    assert doc.options == {key: _yaml_scalar(value) for key, value in rule.options.items()}


def _yaml_scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def _examples(kind: str) -> list[tuple[str, int]]:
    return [
        (doc.rule_id, index)
        for doc in DOCS.values()
        for index in range(len(doc.failing if kind == "failing" else doc.passing))
    ]


def test_rules_with_examples_have_both_kinds() -> None:
    for doc in DOCS.values():
        if doc.rule_id == "internal-error":
            continue
        assert doc.failing, f"{doc.rule_id}: no failing example"
        if doc.rule_id != "yaml-syntax":
            assert doc.passing, f"{doc.rule_id}: no passing example"


@pytest.mark.parametrize(("rule_id", "index"), _examples("failing"))
def test_failing_example_gives_exactly_the_documented_output(rule_id: str, index: int, tmp_path) -> None:
    doc: RuleDoc = DOCS[rule_id]
    manifest, expected = doc.failing[index]
    args = ["--select", rule_id, "example.yaml"]
    if expected and expected[0].startswith(COMMAND_PREFIX):  # the example needs more than --select
        args, expected = shlex.split(expected[0].removeprefix(COMMAND_PREFIX)), expected[1:]
    write_files(manifest, tmp_path)
    result = run_cli(args, cwd=tmp_path)
    assert result.lines == expected
    assert result.code == (1 if RULES[rule_id].severity.label != "info" else 0)


@pytest.mark.parametrize(("rule_id", "index"), _examples("passing"))
def test_passing_example_is_clean_under_every_rule(rule_id: str, index: int, tmp_path) -> None:
    files = DOCS[rule_id].passing[index]
    write_files(files, tmp_path)
    result = run_cli(["example.yaml" if "example.yaml" in files else "."], cwd=tmp_path)
    assert result.lines == []
    assert result.code == 0


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_document_ends_with_references_to_upstream_sources(rule_id: str) -> None:
    from tests.support import ROOT

    text = (ROOT / "rules" / f"{rule_id}.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[-1] == "## References"
    references = text.split("## References", 1)[1]
    assert "](https://" in references
