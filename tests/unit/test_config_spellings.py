"""Configuration that is valid somewhere is honoured, and configuration that would silently do
something else is refused at its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import run_cli, run_process

# Readiness timeoutSeconds 3 (at 10:9): a finding only when min-timeout-seconds is raised above 3.
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
        timeoutSeconds: 3
        httpGet: {path: /, port: 80}
"""
RULE = ("--select", "probe-timeout-too-low")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pod.yaml").write_text(POD)
    return tmp_path


@pytest.mark.parametrize(
    "pyproject",
    [
        "[tool.probelint.rules]\nprobe-timeout-too-low = { min-timeout-seconds = 5 }\n",
        '[tool."probelint".rules]\nprobe-timeout-too-low = { min-timeout-seconds = 5 }\n',
        "[tool]\nprobelint = { rules = { probe-timeout-too-low = { min-timeout-seconds = 5 } } }\n",
        '[tool . probelint]\nrules."probe-timeout-too-low".min-timeout-seconds = 5\n',
    ],
)
def test_every_toml_spelling_of_the_table_is_found(repo: Path, pyproject: str) -> None:
    (repo / "pyproject.toml").write_text(pyproject)
    run = run_cli([*RULE, "pod.yaml"], cwd=repo)
    assert run.code == 1, run.stderr
    assert run.lines[0].startswith("pod.yaml:10:9: warning probe-timeout-too-low")


@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_threshold_that_would_turn_a_rule_off_is_refused(repo: Path, value: str) -> None:
    (repo / ".probelint.yaml").write_text(f"rules:\n  probe-timeout-too-low:\n    min-timeout-seconds: {value}\n")
    run = run_cli([*RULE, "pod.yaml"], cwd=repo)
    assert run.code == 2
    assert run.stderr.startswith(
        f".probelint.yaml:3:5: rules.probe-timeout-too-low.min-timeout-seconds: {value} is less than the minimum, 1"
    )


def test_a_negative_number_of_seconds_is_refused(repo: Path) -> None:
    (repo / ".probelint.yaml").write_text("rules:\n  prestop-exceeds-grace-period:\n    shutdown-margin-seconds: -1\n")
    run = run_cli(["pod.yaml"], cwd=repo)
    assert run.code == 2
    assert "shutdown-margin-seconds: -1 is less than the minimum, 0" in run.stderr


def test_a_duplicate_key_is_refused(repo: Path) -> None:
    (repo / ".probelint.yaml").write_text("fail-on: error\nrules:\n  probe-timeout-too-low: off\nfail-on: warning\n")
    run = run_cli([*RULE, "pod.yaml"], cwd=repo)
    assert run.code == 2
    assert run.stderr == ".probelint.yaml:4:1: duplicate key 'fail-on' (first at line 1): write it once\n"


def test_merge_keys_are_not_duplicates(repo: Path) -> None:
    (repo / ".probelint.yaml").write_text(
        "rules:\n  probe-timeout-too-low: &strict {min-timeout-seconds: 5}\n"
        "  aws-node-probe-timeout:\n    <<: *strict\n    min-timeout-seconds: 12\n"
    )
    run = run_cli([*RULE, "pod.yaml"], cwd=repo)
    assert run.code == 1, run.stderr


def test_the_configuration_can_come_from_a_pipe(repo: Path) -> None:
    if not Path("/dev/stdin").exists():
        pytest.skip("no /dev/stdin here")
    run = run_process(  # a real process: /dev/stdin is its file descriptor 0
        [*RULE, "--config", "/dev/stdin", "pod.yaml"],
        cwd=repo,
        stdin=b"rules:\n  probe-timeout-too-low: {min-timeout-seconds: 5}\n",
    )
    assert run.code == 1, run.stderr
    assert run.lines[0].startswith("pod.yaml:10:9:")


def test_a_missing_configuration_is_still_named(repo: Path) -> None:
    run = run_cli(["--config", "nope.yaml", "pod.yaml"], cwd=repo)
    assert run.code == 2
    assert "nope.yaml: no such configuration file" in run.stderr
