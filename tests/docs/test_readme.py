"""The README stays true: every rule is listed with its severity, and its first screen has the two commands."""

from __future__ import annotations

import re

from probelint.rules import all_rules
from tests.support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
_ROW_RE = re.compile(r"^\| \[`([\w-]+)`\]\(rules/([\w-]+)\.md\) \| (\w+) \|", re.MULTILINE)


def test_every_rule_is_in_the_readme_table_with_its_severity_and_document() -> None:
    rows = {match.group(1): (match.group(2), match.group(3)) for match in _ROW_RE.finditer(README)}
    expected = {rule.id: (rule.id, rule.severity.label) for rule in all_rules()}
    assert rows == expected
    for rule_id in rows:
        assert (ROOT / "rules" / f"{rule_id}.md").is_file()


def test_first_screen_has_the_install_and_test_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:25])
    assert "pip install . && .venv/bin/probelint examples/" in first_screen
    assert "pip install '.[test]' && .venv/bin/python -m pytest" in first_screen


def test_the_sample_output_on_the_first_screen_is_real() -> None:
    from tests.support import run_cli

    sample = next(line for line in README.splitlines() if line.startswith("examples/"))
    run = run_cli([sample.split(":", 1)[0]], cwd=ROOT)
    assert sample in run.lines
