"""Text from a manifest cannot forge report lines, workflow commands or terminal escapes in any
human format: control characters come out escaped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import run_cli

# A container name (JSON escapes in a double-quoted YAML string) holding a newline and a fake finding,
# a GitHub workflow command, an erase-line sequence, an OSC 52 clipboard write and a bidi override.
HOSTILE = "w\\nevil.yaml:1:1: error x\\n::stop-commands::x\\n::error::f\\e[2K\\e]52;c;aGk=\\a\\u202e"
POD = f"""\
apiVersion: v1
kind: Pod
metadata:
  name: "pod\\r\\e[1A"
spec:
  containers:
    - name: "{HOSTILE}"
      image: nginx
      readinessProbe:
        httpGet: {{path: /, port: 80}}
"""


@pytest.mark.parametrize("output_format", ["text", "full", "grouped", "github"])
def test_no_control_character_reaches_a_human_format(tmp_path: Path, output_format: str) -> None:
    (tmp_path / "a.yaml").write_text(POD)
    run = run_cli(["--format", output_format, "--select", "probe-timeout-too-low", "a.yaml"], cwd=tmp_path)
    assert run.code == 1, run.stderr
    assert "\x1b" not in run.stdout
    assert "\r" not in run.stdout
    assert "\x07" not in run.stdout
    assert "\u202e" not in run.stdout
    lines = run.stdout.splitlines()
    assert not any(line.startswith(("evil.yaml", "::stop-commands", "::error::f")) for line in lines)
    newline = "%0A" if output_format == "github" else r"\n"  # GitHub's own escape for a newline
    assert f"w{newline}evil.yaml:1:1: error x{newline}::stop-c" in run.stdout  # the text format cuts long names
    assert r"\x1b]52;c;aGk=\x07\u202e" in run.stdout


def test_text_has_one_line_per_finding(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(POD)
    run = run_cli(["--select", "probe-timeout-too-low", "a.yaml"], cwd=tmp_path)
    assert len(run.lines) == 1
    assert run.lines[0].startswith("a.yaml:9:7: warning probe-timeout-too-low")


def test_machine_formats_keep_the_names_exactly(tmp_path: Path) -> None:
    """JSON escapes by itself: the name is reported as the manifest has it."""
    (tmp_path / "a.yaml").write_text(POD)
    run = run_cli(["--format", "json", "--select", "probe-timeout-too-low", "a.yaml"], cwd=tmp_path)
    report = json.loads(run.stdout)
    text = json.dumps(report)
    assert "\\u001b]52;c;aGk=" in text


def test_paths_in_messages_are_escaped_too(tmp_path: Path) -> None:
    run = run_cli(["missing\n::error::forged\x1b[2K.yaml"], cwd=tmp_path)
    assert run.code == 2
    assert "probelint: missing\\n::error::forged\\x1b[2K.yaml: no such file or directory" in run.stderr
    assert "\x1b" not in run.stderr
