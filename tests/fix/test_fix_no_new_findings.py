"""--fix never trades one finding for another, and --diff counts what --fix does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from probelint.fix.fixes import FixContext
from probelint.paths import ObjectPath
from tests.fix.test_fix_engine import DEPLOYMENT, _with_fix
from tests.support import run_cli

SLOW_START = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: db
          image: postgres:16
          ports:
            - containerPort: 5432
          readinessProbe:
            tcpSocket: {port: 5432}
            timeoutSeconds: 5
          livenessProbe:
            tcpSocket: {port: 5432}
            initialDelaySeconds: 120
            timeoutSeconds: 30
            periodSeconds: 30
"""


def _rules(lines: list[str]) -> list[str]:
    return sorted(line.split(" ")[2] for line in lines)


def test_startup_probe_fix_keeps_its_timeout_within_its_period(tmp_path: Path) -> None:
    (tmp_path / "db.yaml").write_text(SLOW_START)
    before = run_cli(["db.yaml"], cwd=tmp_path)
    assert "startup-probe-missing" in _rules(before.lines)
    run_cli(["--fix", "db.yaml"], cwd=tmp_path)
    fixed = (tmp_path / "db.yaml").read_text()
    startup = fixed[fixed.index("startupProbe:") :]
    assert "timeoutSeconds: 30" in startup
    assert "periodSeconds: 30" in startup
    assert "failureThreshold: 4" in startup  # 4 × 30 s covers the old 120 s delay
    after = run_cli(["db.yaml"], cwd=tmp_path)
    assert "probe-timeout-exceeds-period" not in _rules(after.lines)
    assert set(_rules(after.lines)) <= set(_rules(before.lines))


def test_a_fix_that_adds_a_finding_is_undone_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def trades(ctx: FixContext) -> None:
        probe = ObjectPath.parse(ctx.probe().view.path)
        ctx.editor.set((*probe, "timeoutSeconds"), 20)  # resolves the finding, but 20 > periodSeconds 10

    _with_fix(monkeypatch, "probe-timeout-too-low", trades)
    (tmp_path / "e.yaml").write_text(DEPLOYMENT)
    result = run_cli(
        ["--fix", "--jobs", "1", "--select", "probe-timeout-too-low,probe-timeout-exceeds-period", "e.yaml"],
        cwd=tmp_path,
    )
    assert (tmp_path / "e.yaml").read_text() == DEPLOYMENT
    assert re.search(
        r"e\.yaml:15:13: probe-timeout-too-low not fixed: the fix would add a finding: probe-timeout-exceeds-period "
        r"\(liveness probe: timeoutSeconds 20 > periodSeconds 10",
        result.stderr,
    )
    assert "fixed 0 problems in 0 files; 2 problems not fixed (see above)" in result.stderr


def test_a_finding_of_a_rule_that_is_not_selected_does_not_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def trades(ctx: FixContext) -> None:
        ctx.editor.set((*ObjectPath.parse(ctx.probe().view.path), "timeoutSeconds"), 20)

    _with_fix(monkeypatch, "probe-timeout-too-low", trades)
    (tmp_path / "e.yaml").write_text(DEPLOYMENT)
    run_cli(["--fix", "--jobs", "1", "--select", "probe-timeout-too-low", "e.yaml"], cwd=tmp_path)
    assert "timeoutSeconds: 20" in (tmp_path / "e.yaml").read_text()  # same settings: nothing new is found


PLAIN = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: plain
spec:
  template:
    spec:
      containers:
        - name: plain
          image: nginx:1.27
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 1
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            timeoutSeconds: 1
"""


def _counts(stderr: str, pattern: str) -> tuple[int, int, int]:
    found = re.search(pattern, stderr)
    assert found is not None, stderr
    return int(found["fixed"]), int(found["files"]), int(found["left"] or 0)


def test_diff_and_fix_count_the_same_on_plain_and_helm_rendered_documents(tmp_path: Path) -> None:
    rendered = (Path(__file__).parent / "fixtures" / "helm-rendered.in.yaml").read_text()
    (tmp_path / "mixed.yaml").write_text(PLAIN + rendered)
    (tmp_path / "plain.yaml").write_text(PLAIN)
    (tmp_path / "rendered.yaml").write_text(rendered)
    names = ["mixed.yaml", "plain.yaml", "rendered.yaml"]
    diff = run_cli(["--diff", *names], cwd=tmp_path)
    assert "rendered from api/templates/deployment.yaml" in diff.stdout  # the patch still shows it
    would = _counts(
        diff.stderr,
        r"--fix would fix (?P<fixed>\d+) problems? in (?P<files>\d+) files?(?:; (?P<left>\d+) problems? would not)?",
    )
    fix = run_cli(["--fix", *names], cwd=tmp_path)
    did = _counts(
        fix.stderr, r"fixed (?P<fixed>\d+) problems? in (?P<files>\d+) files?(?:; (?P<left>\d+) problems? not fixed)?"
    )
    assert would == did
    assert did[1] == 2  # rendered.yaml is left alone: its problems are the template's to fix
    assert did[2] >= 1
