"""The shipped pre-commit hook on a repository with a Helm chart: a changed template or values file
lints its chart, rendered once, with findings on the chart's own lines (real pre-commit, real git)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT
from tests.support.helmchart import write_chart

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]
SNAPSHOT_IGNORE = shutil.ignore_patterns(
    ".git", "__pycache__", "*.pyc", ".venv", "venv", "build", "dist", "*.egg-info", ".*_cache", ".hypothesis"
)
CONFIG = """\
repos:
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: probelint
        args: [--select, probe-timeout-too-low]
"""
TEMPLATE = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx
      readinessProbe:
        httpGet: {path: /ready, port: 8080}
        timeoutSeconds: {{ .Values.timeout }}
"""


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_a_changed_values_file_lints_its_chart_at_the_values_line(tmp_path: Path) -> None:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.is_file():
        pytest.skip("pre-commit is not installed beside this Python")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "SKIP"}
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "home"),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@probelint.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@probelint.invalid",
        GIT_CONFIG_NOSYSTEM="1",
    )
    hook_repo = tmp_path / "probelint"
    shutil.copytree(ROOT, hook_repo, ignore=SNAPSHOT_IGNORE)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-verify", "-m", "snapshot"]):
        assert _run(["git", *args], hook_repo, env).returncode == 0
    rev = _run(["git", "rev-parse", "HEAD"], hook_repo, env).stdout.strip()

    user = tmp_path / "user"
    user.mkdir()
    assert _run(["git", "init", "-q"], user, env).returncode == 0
    (user / ".pre-commit-config.yaml").write_text(CONFIG.format(repo=hook_repo.as_posix(), rev=rev))
    write_chart(user / "charts", {"values.yaml": "timeout: 5\n", "templates/pod.yaml": TEMPLATE}, name="web")
    assert _run(["git", "add", "-A"], user, env).returncode == 0
    assert _run(["git", "commit", "-q", "--no-verify", "-m", "chart"], user, env).returncode == 0
    assert _run([str(pre_commit), "install"], user, env).returncode == 0

    (user / "charts" / "web" / "values.yaml").write_text("# one second is enough, surely\ntimeout: 1\n")
    assert _run(["git", "add", "-A"], user, env).returncode == 0
    failed = _run(["git", "commit", "-q", "-m", "faster"], user, env)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "\ncharts/web/values.yaml:2:1: warning probe-timeout-too-low " in output

    (user / "charts" / "web" / "values.yaml").write_text("timeout: 3\n")
    assert _run(["git", "add", "-A"], user, env).returncode == 0
    passed = _run(["git", "commit", "-q", "-m", "enough"], user, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
