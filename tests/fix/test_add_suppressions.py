"""`--add-suppressions`: a comment above every finding, recognised by the suppression reader, proved harmless."""

from __future__ import annotations

from pathlib import Path

from probelint.engine.linter import Linter
from probelint.engine.settings import Settings
from probelint.findings import Finding, Location, Severity
from probelint.fix.suppress import add_suppressions, with_comments
from tests.support import run_cli
from tests.support.manifests import SHORT_TIMEOUT_DEPLOYMENT

BLOCK = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data:
  script: |
    line one
    line two
"""


def test_comments_silence_every_finding_and_a_second_run_adds_none(tmp_path: Path) -> None:
    (tmp_path / "web.yaml").write_text(SHORT_TIMEOUT_DEPLOYMENT, encoding="utf-8")
    before = run_cli(["web.yaml"], cwd=tmp_path)
    assert before.code == 1
    run = run_cli(["--add-suppressions", "web.yaml"], cwd=tmp_path)
    assert run.code == 0
    assert f"added {len(before.lines)} suppression comments in 1 file" in run.stderr
    text = (tmp_path / "web.yaml").read_text(encoding="utf-8")
    assert "            # probelint: disable-next-line=probe-timeout-too-low\n            timeoutSeconds: 1\n" in text
    after = run_cli(["web.yaml"], cwd=tmp_path)
    assert (after.code, after.stdout) == (0, "")
    again = run_cli(["--add-suppressions", "web.yaml"], cwd=tmp_path)
    assert "added 0 suppression comments in 0 files" in again.stderr
    assert (tmp_path / "web.yaml").read_text(encoding="utf-8") == text


def test_line_endings_and_rules_sharing_a_line() -> None:
    text = "a: 1\r\n  b: 2\r\nc: 3"
    assert with_comments(text, {2: {"rule-b", "rule-a"}, 3: {"rule-c"}}) == (
        "a: 1\r\n  # probelint: disable-next-line=rule-a,rule-b\r\n  b: 2\r\n"
        "# probelint: disable-next-line=rule-c\nc: 3"
    )


def _finding(file: str, line: int, **changes: object) -> Finding:
    fields: dict[str, object] = {
        "rule": "probe-timeout-too-low",
        "severity": Severity.WARNING,
        "message": "m",
        "file": file,
        "line": line,
        "column": 5,
    }
    return Finding(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_comment_inside_a_block_scalar_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    outcome = add_suppressions(Linter(Settings()), [_finding(str(path), 7)])
    assert outcome.added == 0
    assert outcome.notes == [f"{path}: a comment would change the YAML data (inside a block scalar?); left unchanged"]
    assert path.read_text(encoding="utf-8") == BLOCK


def test_findings_on_charts_and_standard_input_are_left_with_a_note(tmp_path: Path) -> None:
    chart = _finding("charts/web/values.yaml", 2, locations=(Location("charts/web", 9, 1, "rendered"),))
    outcome = add_suppressions(Linter(Settings()), [chart, _finding("-", 3)])
    assert outcome.added == 0
    assert outcome.notes == [
        "1 finding on Helm charts (edit the template or values line, or use an ignore entry) left without a comment",
        "1 finding on standard input left without a comment",
    ]


def test_cannot_be_combined_with_fix(tmp_path: Path) -> None:
    run = run_cli(["--add-suppressions", "--fix", "x.yaml"], cwd=tmp_path)
    assert run.code == 2
