"""Documents no rule reads are left uncomposed; they keep their place in the stream all the same:
what follows them is read, attributed and fixed as if they had been composed."""

from __future__ import annotations

from tests.support import run_cli

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: x
    readinessProbe:
      exec: {command: [pg_isready]}
      timeoutSeconds: 1
"""


def test_a_broken_document_after_a_first_one_left_uncomposed(lint) -> None:
    run = lint("# c\nfoo: bar\ndata:\n  a: b\n---\nkind: ConfigMap\ndata:\n  a: [1\n")
    assert [line.split(": ")[0] for line in run.lines] == ["example.yaml:9:1"]


def test_a_first_document_left_uncomposed_keeps_its_helm_source_to_itself(lint) -> None:
    run = lint("# Source: chart/templates/cm.yaml\nfoo: bar\n---\n" + POD, "--select", "liveness-probe-missing")
    assert run.lines[0].startswith("example.yaml:9:5: warning liveness-probe-missing")
    assert "chart/templates" not in run.stdout


def test_a_document_after_one_left_uncomposed_is_fixed(tmp_path) -> None:
    path = tmp_path / "stream.yaml"
    path.write_text("---\n# Source: chart/templates/values.yaml\nfoo: bar\n---\n" + POD)
    run = run_cli(["--diff", "--select", "probe-timeout-too-low", str(path)])
    assert "+      timeoutSeconds: 2" in run.stdout


def test_an_alias_naming_no_anchor_in_a_document_no_rule_reads_is_reported(lint) -> None:
    run = lint("kind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: *undefined\n")
    assert [line.split(": ")[0] for line in run.lines] == ["example.yaml:4:6"]
    assert "found undefined alias" in run.stdout


def test_an_alias_bomb_in_a_document_no_rule_reads_is_reported(lint) -> None:
    lines = ['  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"  a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]" for level in range(1, 10)]
    run = lint("kind: ConfigMap\nmetadata: {name: x}\ndata:\n" + "\n".join(lines) + "\n")
    assert "alias bomb" in run.stdout
