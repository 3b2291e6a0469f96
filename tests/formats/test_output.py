"""Output a person reads: golden text, full, grouped and --statistics output on examples/, the length
limits on the shared corpus, the caret of --format full, and the machine formats' new fields."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from probelint.findings import MESSAGE_LIMIT
from probelint.reporters.source import caret, split_lines
from probelint.reporters.terminal import use_colour
from probelint.reporters.text import LINE_WIDTH
from tests.support import CORPUS, ROOT, needs_corpus, run_cli

GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize("name", ["text", "full", "grouped", "statistics"])
def test_golden_output_on_the_examples(name: str) -> None:
    args = ["--statistics"] if name == "statistics" else ["--format", name]
    run = run_cli([*args, "examples/"], cwd=ROOT)
    assert run.stdout == (GOLDEN / f"examples.{name}.txt").read_text(encoding="utf-8")
    assert run.code == 1


def test_statistics_match_the_json_findings() -> None:
    findings = json.loads(run_cli(["--format", "json", "examples/"], cwd=ROOT).stdout)["findings"]
    rows = json.loads(run_cli(["--statistics", "--format", "json", "examples/"], cwd=ROOT).stdout)
    assert {row["rule"]: row["count"] for row in rows} == {
        rule: sum(1 for f in findings if f["rule"] == rule) for rule in {f["rule"] for f in findings}
    }
    assert sum(row["fixable"] for row in rows) == sum(1 for f in findings if f["fixable"])
    assert [row["count"] for row in rows] == sorted((row["count"] for row in rows), reverse=True)


def test_quiet_prints_no_summary_and_fixable_count_closes_the_run() -> None:
    loud = run_cli(["examples/web-deployment.yaml"], cwd=ROOT)
    assert loud.stderr.splitlines()[-1] == "[*] 2 fixable with probelint --fix (preview with --diff)"
    quiet = run_cli(["--quiet", "examples/web-deployment.yaml"], cwd=ROOT)
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout


def test_list_rules_as_json() -> None:
    rules = json.loads(run_cli(["--list-rules", "--format", "json"]).stdout)
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["probe-timeout-too-low"]["fixable"] is True
    assert by_id["liveness-probe-missing"]["fixable"] is False
    assert by_id["probe-timeout-too-low"]["options"] == {"min-timeout-seconds": 2, "include-tcp": False}
    assert by_id["probe-timeout-too-low"]["url"].endswith("/rules/probe-timeout-too-low.md")


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["explain", "probe-timeout-too-low"], "probelint --explain probe-timeout-too-low"),
        (["rules"], "probelint --list-rules"),
        (["check", "."], "probelint ."),
    ],
)
def test_habit_words_are_usage_errors_naming_the_flag(args: list[str], hint: str, tmp_path: Path) -> None:
    run = run_cli(args, cwd=tmp_path)
    assert run.code == 2
    assert hint in run.stderr


def test_a_habit_word_that_is_a_real_path_is_linted(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    run = run_cli(["rules"], cwd=tmp_path)
    assert run.code == 0


def test_color_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    class Pipe(io.StringIO):
        def isatty(self) -> bool:
            return False

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert use_colour("always", Pipe())
    assert not use_colour("never", Pipe())
    assert not use_colour("auto", Pipe())
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_colour("auto", Pipe())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour("auto", Pipe())


# --- the caret ----------------------------------------------------------------------------------------

MANIFEST = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {{note: "{note}"}}
spec:
  template:
    spec:
      containers:
        - name: web
          readinessProbe:
            httpGet: {{path: /ready, port: 80}}
            timeoutSeconds: 1
"""


@pytest.mark.parametrize(
    ("note", "encoding", "newline", "bom"),
    [
        ("plain", "utf-8", "\n", False),
        ("plain", "utf-8", "\r\n", False),
        ("tab\there", "utf-8", "\n", False),
        ("幅の広い文字", "utf-8", "\n", True),
        ("crlf and bom", "utf-8", "\r\n", True),
    ],
)
def test_full_shows_the_right_line_and_caret(note: str, encoding: str, newline: str, bom: bool, tmp_path: Path) -> None:
    text = MANIFEST.format(note=note).replace("\n", newline)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)
    (tmp_path / "x.yaml").write_bytes(data)
    run = run_cli(["--format", "full", "--select", "probe-timeout-too-low", "x.yaml"], cwd=tmp_path)
    lines = run.stdout.splitlines()
    assert lines[0].startswith("x.yaml:13:13: warning probe-timeout-too-low [*] ")
    assert lines[3] == "13 |             timeoutSeconds: 1"
    assert lines[4] == "   |             ^~~~~~~~~~~~~~"
    assert any(line.strip().startswith("= why: The kubelet gives each attempt") for line in lines)
    assert lines[-1] == "   = help: probelint --explain probe-timeout-too-low"


def test_caret_counts_tabs_and_wide_characters() -> None:
    assert caret("\tkey: 1", 2, 5) == "    ^~~"
    assert caret("名前: x", 5, 6) == "      ^"
    assert caret("a: 名前", 4, 6) == "   ^~~~"
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]


def test_full_names_the_helm_template() -> None:
    run = run_cli(
        ["--format", "full", "--select", "aws-node-probe-address", "examples/aws-vpc-cni-helm-template.yaml"], cwd=ROOT
    )
    assert "= note: rendered by Helm from aws-vpc-cni/templates/daemonset.yaml" in run.stdout
    assert "90 |" in run.stdout


# --- the shared corpus --------------------------------------------------------------------------------


@pytest.mark.corpus
@needs_corpus()
def test_messages_and_lines_stay_short_on_the_corpus() -> None:
    real = CORPUS / "real"
    findings = json.loads(run_cli(["--format", "json", str(real)]).stdout)["findings"]
    assert findings
    too_long = [f["message"] for f in findings if len(f["message"]) > MESSAGE_LIMIT]
    assert too_long == []
    for line in run_cli([str(real)]).lines:
        _path, rest = line.split(":", 1)
        assert len(rest) <= LINE_WIDTH, line
