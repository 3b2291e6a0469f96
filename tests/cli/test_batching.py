"""pre-commit may split the changed files into several invocations: the verdict must not change."""

from __future__ import annotations

from pathlib import Path

from tests.support import run_cli

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
"""
RULE = ("--select", "readiness-probe-missing")


def repository(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "service.yaml").write_text(SERVICE)
    (tmp_path / "k8s" / "deployment.yaml").write_text(DEPLOYMENT)
    return tmp_path


def test_two_batches_give_what_one_gives(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    together = run_cli([*RULE, "k8s/service.yaml", "k8s/deployment.yaml"], cwd=repo)
    first = run_cli([*RULE, "k8s/service.yaml"], cwd=repo)
    second = run_cli([*RULE, "k8s/deployment.yaml"], cwd=repo)
    assert together.lines[0].startswith("k8s/deployment.yaml:13:11: error readiness-probe-missing")
    assert "Service web selects it" in together.stdout
    assert first.stdout + second.stdout == together.stdout
    assert (first.code, second.code) == (0, together.code)


def test_a_service_in_a_list_elsewhere_counts_too(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    items = "".join(f"  - {line}\n" if i == 0 else f"    {line}\n" for i, line in enumerate(SERVICE.splitlines()))
    (repo / "k8s" / "service.yaml").write_text(f"apiVersion: v1\nkind: List\nitems:\n{items}")
    run = run_cli([*RULE, "k8s/deployment.yaml"], cwd=repo)
    assert run.lines[0].startswith("k8s/deployment.yaml:13:11: error readiness-probe-missing"), run.stdout


def test_outside_a_repository_only_the_named_files_count(tmp_path: Path) -> None:
    (tmp_path / "service.yaml").write_text(SERVICE)
    (tmp_path / "deployment.yaml").write_text(DEPLOYMENT)
    run = run_cli([*RULE, "deployment.yaml"], cwd=tmp_path)
    assert run.lines[0].startswith("deployment.yaml:13:11: warning readiness-probe-missing")


def test_excluded_and_hidden_files_are_not_read(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    (repo / "k8s" / "service.yaml").unlink()
    (repo / ".hidden").mkdir()
    (repo / ".hidden" / "service.yaml").write_text(SERVICE)
    (repo / "vendor").mkdir()
    (repo / "vendor" / "service.yaml").write_text(SERVICE)
    (repo / ".probelint.yaml").write_text("exclude: [vendor]\n")
    run = run_cli([*RULE, "k8s/deployment.yaml"], cwd=repo)
    assert run.lines[0].startswith("k8s/deployment.yaml:13:11: warning readiness-probe-missing")
