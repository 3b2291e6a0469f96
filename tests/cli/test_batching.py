"""pre-commit may split the changed files into several invocations: the verdict must not change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from probelint.run import context
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


# A Service as YAML and JSON can spell it; each must count when its file is not in the batch.
SPELLINGS = {
    "flow": "{apiVersion: v1, kind: Service, metadata: {name: web}, spec: {selector: {app: web}}}\n",
    "json-in-yaml": '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, '
    '"spec": {"selector": {"app": "web"}}}\n',
    "quoted-key": SERVICE.replace("kind: Service", '"kind": "Service"'),
    "space-before-colon": SERVICE.replace("kind: Service", "kind : Service"),
    "tag": SERVICE.replace("kind: Service", "kind: !!str Service"),
    "anchor-and-alias": "apiVersion: v1\nkind: &k Service\nmetadata: {name: web, labels: {k: *k}}\n"
    "spec:\n  selector: {app: web}\n",
    "value-on-next-line": SERVICE.replace("kind: Service", "kind:\n  Service"),
    "folded-block": SERVICE.replace("kind: Service", "kind: >-\n  Service"),
    "hex-escape": SERVICE.replace("kind: Service", 'kind: "Serv\\x69ce"'),
    "unicode-escape": SERVICE.replace("kind: Service", 'kind: "\\u0053ervice"'),
    "escaped-line-break": SERVICE.replace("kind: Service", 'kind: "Serv\\\n  ice"'),
    "list-of-flow-items": "apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: Service, "
    "metadata: {name: web}, spec: {selector: {app: web}}}]\n",
    "crlf": SERVICE.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_spelling_of_a_service_elsewhere_counts(tmp_path: Path, spelling: str) -> None:
    repo = repository(tmp_path)
    (repo / "k8s" / "service.yaml").write_bytes(SPELLINGS[spelling].encode())
    together = run_cli([*RULE, "k8s/deployment.yaml", "k8s/service.yaml"], cwd=repo)
    alone = run_cli([*RULE, "k8s/deployment.yaml"], cwd=repo)
    assert together.lines[0].startswith("k8s/deployment.yaml:13:11: error readiness-probe-missing"), together.stdout
    assert alone.stdout == together.stdout


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "service.json",
            b'{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, '
            b'"spec": {"selector": {"app": "web"}}}\n',
        ),
        ("service.yaml", b"\xff\xfe" + SERVICE.encode("utf-16-le")),  # UTF-16 with its BOM
        ("service.yml", b"\xef\xbb\xbf" + SERVICE.encode()),  # UTF-8 with a BOM
    ],
)
def test_json_and_other_encodings_elsewhere_count(tmp_path: Path, name: str, data: bytes) -> None:
    repo = repository(tmp_path)
    (repo / "k8s" / "service.yaml").unlink()
    (repo / name).write_bytes(data)  # at the root: it serves every folder below
    together = run_cli([*RULE, "k8s/deployment.yaml", name], cwd=repo)
    alone = run_cli([*RULE, "k8s/deployment.yaml"], cwd=repo)
    assert together.lines[0].startswith("k8s/deployment.yaml:13:11: error readiness-probe-missing"), together.stdout
    assert alone.stdout == together.stdout


def test_only_what_can_serve_the_named_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Service selects pods of its own folder and below: the folders from the root down to the named
    file's are read, and only once a finding asks (a pod with labels and no readiness probe)."""
    repo = repository(tmp_path)
    for name in ("top.yaml", "k8s/other.yaml", "k8s/sub/below.yaml", "docs/beside.yaml", "chart/Chart.yaml"):
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_text(SERVICE)
    read: list[str] = []

    def recording(path: str, limit: int) -> bytes:
        read.append(os.path.relpath(path, repo))
        return Path(path).read_bytes()

    monkeypatch.setattr(context, "read_bytes", recording)
    run = run_cli([*RULE, "k8s/deployment.yaml"], cwd=repo)
    assert run.lines[0].startswith("k8s/deployment.yaml:13:11: error readiness-probe-missing")
    assert read == ["top.yaml", "k8s/other.yaml", "k8s/service.yaml"]
    read.clear()
    ready = DEPLOYMENT.replace("image: nginx\n", "image: nginx\n          readinessProbe: {tcpSocket: {port: 80}}\n")
    (repo / "k8s" / "deployment.yaml").write_text(ready)
    assert run_cli([*RULE, "k8s/deployment.yaml"], cwd=repo).stdout == ""
    assert read == []


@pytest.mark.parametrize(
    "text",
    ["kind: ServiceAccount\n", "kind: ServiceMonitor\n", "serviceName: web\n", "kind: NodeService\n", "# Services\n"],
)
def test_texts_that_cannot_hold_a_service_are_not_parsed(text: str) -> None:
    assert not context.may_hold_service(text)


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_the_prefilter_keeps_every_spelling(spelling: str) -> None:
    assert context.may_hold_service(SPELLINGS[spelling])
