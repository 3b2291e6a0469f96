"""Regressions found in review: document-end markers, Helm sources and paths spelt twice."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: NAME
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          livenessProbe:
            httpGet: {path: /h, port: 80}
            timeoutSeconds: 1
"""
SELECT = ["--select", "probe-timeout-too-low,yaml-syntax"]


def _where(lines: list[str]) -> list[tuple[int, int, str]]:
    result = []
    for line in lines:
        location, rest = line.split(": ", 1)
        _, row, column = location.rsplit(":", 2)
        result.append((int(row), int(column), rest.split()[1]))
    return result


def test_a_document_ended_by_dots_before_a_broken_one_is_not_an_error(lint) -> None:
    text = DEPLOYMENT.replace("NAME", "a") + "...\n---\nbroken: [1, 2\n...\n---\n" + DEPLOYMENT.replace("NAME", "b")
    run = lint(text, *SELECT)
    assert _where(run.lines) == [
        (13, 13, "probe-timeout-too-low"),
        (17, 1, "yaml-syntax"),
        (31, 13, "probe-timeout-too-low"),
    ]


def test_a_broken_document_keeps_its_helm_source_to_itself(lint) -> None:
    text = (
        "---\n# Source: chart/templates/a.yaml\n"
        + DEPLOYMENT.replace("NAME", "a")
        + "---\n# Source: chart/templates/broken.yaml\nbroken: [1, 2\n---\n"
        + DEPLOYMENT.replace("NAME", "b")
    )
    run = lint(text, "--select", "probe-timeout-too-low")
    assert [line.rsplit(" [from ", 1)[-1] if "[from" in line else None for line in run.lines] == [
        "chart/templates/a.yaml]",
        None,
    ]


def test_a_file_named_twice_is_linted_once(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.yaml").write_text(DEPLOYMENT.replace("NAME", "a"))
    run = run_cli([*SELECT, "d", "./d/a.yaml", str(folder / "a.yaml")], cwd=tmp_path)
    assert run.lines == [run.lines[0]]
    assert run.lines[0].startswith("d/a.yaml:13:13:")
    assert "in 1 file" in run.stderr


def test_diff_refuses_a_report_format_or_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(DEPLOYMENT.replace("NAME", "a"))
    for extra in (["--format", "json"], ["--output-file", "out.json"]):
        run = run_cli(["--diff", *extra, "a.yaml"], cwd=tmp_path)
        assert run.code == 2
        assert "--diff prints a unified diff" in run.stderr
    assert not (tmp_path / "out.json").exists()


def test_suppression_comments_count_lines_as_the_yaml_reader_does(lint) -> None:
    """A U+2028 inside a quoted value is a line break to libyaml: findings and comments must agree."""
    text = (
        DEPLOYMENT.replace("NAME", "a")
        .replace("metadata:\n", 'metadata:\n  annotations: {note: "copied\u2028from a wiki"}\n')
        .replace("timeoutSeconds: 1", "timeoutSeconds: 1  # probelint: disable=probe-timeout-too-low")
    )
    run = lint(text, "--select", "probe-timeout-too-low,unused-suppression")
    assert run.lines == []
    assert run.code == 0


def test_documents_after_a_broken_one_are_kept_with_cr_only_line_endings(lint) -> None:
    text = (DEPLOYMENT.replace("NAME", "a") + "---\nbroken: [1, 2\n---\n" + DEPLOYMENT.replace("NAME", "b")).replace(
        "\n", "\r"
    )
    run = lint(text.encode(), *SELECT)
    assert _where(run.lines) == [
        (13, 13, "probe-timeout-too-low"),
        (16, 1, "yaml-syntax"),
        (29, 13, "probe-timeout-too-low"),
    ]


def test_an_empty_select_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(DEPLOYMENT.replace("NAME", "a"))
    for value in ("", ","):
        run = run_cli(["--select", value, "a.yaml"], cwd=tmp_path)
        assert run.code == 2
        assert "--select needs at least one rule id" in run.stderr
