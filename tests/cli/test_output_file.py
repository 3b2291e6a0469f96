"""`-o/--output-file` never overwrites what is being linted, and a report file is whole or absent."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.support import run_cli

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx
      readinessProbe:
        httpGet: {path: /, port: 80}
"""


@pytest.mark.parametrize("mode", [[], ["--fix"]])
def test_an_input_file_is_refused_as_the_output(tmp_path: Path, mode: list[str]) -> None:
    (tmp_path / "a.yaml").write_text(POD)
    run = run_cli([*mode, "-o", "a.yaml", "a.yaml"], cwd=tmp_path)
    assert run.code == 2
    assert "the output file a.yaml is one of the files being linted" in run.stderr
    assert (tmp_path / "a.yaml").read_text() == POD


def test_another_name_for_an_input_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(POD)
    os.link(tmp_path / "a.yaml", tmp_path / "hard.yaml")
    (tmp_path / "soft.txt").symlink_to("a.yaml")
    for output in ("hard.yaml", "soft.txt", "./a.yaml"):
        run = run_cli(["-o", output, "a.yaml"], cwd=tmp_path)
        assert run.code == 2, output
    assert (tmp_path / "a.yaml").read_text() == POD


def test_a_new_file_that_walking_the_folder_would_lint_is_refused(tmp_path: Path) -> None:
    (tmp_path / "manifests").mkdir()
    (tmp_path / "manifests" / "a.yaml").write_text(POD)
    run = run_cli(["-o", "manifests/reports/report.yaml", "manifests"], cwd=tmp_path)
    assert run.code == 2
    assert "is one of the files being linted" in run.stderr
    assert not (tmp_path / "manifests" / "reports").exists()


@pytest.mark.parametrize("output", ["manifests/report.sarif", "manifests/.reports/r.yaml", "report.yaml"])
def test_outputs_that_are_not_linted_are_fine(tmp_path: Path, output: str) -> None:
    (tmp_path / "manifests").mkdir()
    (tmp_path / "manifests" / "a.yaml").write_text(POD)
    run = run_cli(["--format", "json", "-o", output, "manifests"], cwd=tmp_path)
    assert run.code == 1, run.stderr
    assert (tmp_path / output).read_text().startswith("{")


def test_a_failed_report_write_keeps_the_previous_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.yaml").write_text(POD)
    (tmp_path / "report.sarif").write_text("previous\n")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    run = run_cli(["--format", "sarif", "-o", "report.sarif", "a.yaml"], cwd=tmp_path)
    assert run.code == 2
    assert "cannot write the report to report.sarif: No space left on device" in run.stderr
    assert (tmp_path / "report.sarif").read_text() == "previous\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.yaml", "report.sarif"]


def test_a_report_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(POD)
    (tmp_path / "report.txt").write_text("previous\n")
    os.chmod(tmp_path / "report.txt", 0o640)
    assert run_cli(["-o", "report.txt", "a.yaml"], cwd=tmp_path).code == 1
    assert os.stat(tmp_path / "report.txt").st_mode & 0o777 == 0o640
    assert "a.yaml:" in (tmp_path / "report.txt").read_text()
