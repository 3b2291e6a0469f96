"""Objects that name their origin file (`kubectl kustomize` output, piped in or built by
`--kustomize`): each finding at the committed file's line, every other place in `locations`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import probelint.sources.kustomize_build
from tests.support import run_cli
from tests.support.kustomize import write_tree

SELECT = "probe-timeout-too-low,startup-probe-missing,liveness-probe-missing,readiness-probe-missing"
needs_kubectl = pytest.mark.skipif(
    shutil.which("kubectl") is None and shutil.which("kustomize") is None, reason="no kubectl or kustomize"
)
# What `kubectl kustomize` prints for the overlay when its kustomization asks for origin and
# transformer annotations (buildMetadata: [originAnnotations, transformerAnnotations]).
PIPED = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    alpha.config.kubernetes.io/transformations: |
      - configuredIn: overlay/kustomization.yaml
        configuredBy:
          apiVersion: builtin
          kind: PatchTransformer
    config.kubernetes.io/origin: |
      path: base/deployment.yaml
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.27
        livenessProbe:
          httpGet:
            path: /healthz
            port: http
          initialDelaySeconds: 60
          timeoutSeconds: 1
        name: web
        ports:
        - containerPort: 8080
          name: http
        readinessProbe:
          httpGet:
            path: /ready
            port: http
          timeoutSeconds: 1
"""


def _findings(stdout: str) -> list[tuple[str, str, int, int, bool]]:
    return [(f["rule"], f["file"], f["line"], f["column"], f["exact"]) for f in json.loads(stdout)["findings"]]


def test_piped_output_with_origins_is_reported_on_the_committed_files(tmp_path: Path) -> None:
    write_tree(tmp_path)
    run = run_cli(["--format", "json", "--select", SELECT, "-"], cwd=tmp_path, stdin=PIPED.encode())
    assert _findings(run.stdout) == [
        # initialDelaySeconds comes from an inline patch: no file holds it, so the enclosing key.
        ("startup-probe-missing", "base/deployment.yaml", 18, 11, False),
        ("probe-timeout-too-low", "overlay/liveness-timeout.yaml", 12, 13, True),  # the strategic-merge patch
        ("probe-timeout-too-low", "overlay/readiness-ops.yaml", 3, 3, True),  # the JSON 6902 operation's value
    ]
    first, second, third = json.loads(run.stdout)["findings"]
    assert first["locations"] == [{"file": "-", "line": 28, "column": 11, "role": "rendered"}]
    assert second["locations"] == [
        {"file": "base/deployment.yaml", "line": 20, "column": 13, "role": "base"},
        {"file": "-", "line": 29, "column": 11, "role": "rendered"},
    ]
    assert [where["role"] for where in third["locations"]] == ["base", "rendered"]


def test_a_value_no_file_holds_is_never_reported_at_a_line_that_does_not_hold_it(tmp_path: Path) -> None:
    write_tree(tmp_path)
    piped = PIPED.replace("configuredIn: overlay/", "configuredIn: elsewhere/")  # the patches cannot be found
    run = run_cli(["--format", "json", "--select", "probe-timeout-too-low", "-"], cwd=tmp_path, stdin=piped.encode())
    # The base holds timeoutSeconds: 5, not 1: the enclosing probe key, marked inexact.
    assert _findings(run.stdout) == [
        ("probe-timeout-too-low", "base/deployment.yaml", 18, 11, False),
        ("probe-timeout-too-low", "base/deployment.yaml", 21, 11, False),
    ]


def test_an_origin_file_that_is_not_there_leaves_the_finding_on_the_stream(tmp_path: Path) -> None:
    run = run_cli(["--format", "json", "--select", "probe-timeout-too-low", "-"], cwd=tmp_path, stdin=PIPED.encode())
    assert _findings(run.stdout) == [
        ("probe-timeout-too-low", "-", 29, 11, True),
        ("probe-timeout-too-low", "-", 38, 11, True),
    ]


def test_without_kustomize_or_kubectl_one_line_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    run = run_cli(["--kustomize", "overlay"], cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.splitlines()[0] == f"probelint: {probelint.sources.kustomize_build.INSTALL_HINT}"


@pytest.mark.integration
@needs_kubectl
def test_kustomize_maps_onto_the_resource_and_patch_lines(tmp_path: Path) -> None:
    write_tree(tmp_path)
    run = run_cli(["--format", "json", "--select", SELECT, "--kustomize", "overlay"], cwd=tmp_path)
    assert _findings(run.stdout) == [
        ("startup-probe-missing", "base/deployment.yaml", 18, 11, False),
        ("probe-timeout-too-low", "overlay/liveness-timeout.yaml", 12, 13, True),
        ("probe-timeout-too-low", "overlay/readiness-ops.yaml", 3, 3, True),
    ]
    second = json.loads(run.stdout)["findings"][1]
    assert second["locations"][0] == {"file": "base/deployment.yaml", "line": 20, "column": 13, "role": "base"}
    assert second["locations"][1]["file"] == "overlay"
    assert second["locations"][1]["role"] == "rendered"
    assert run.code == 1
    assert "probelint-kustomize" not in run.stdout + run.stderr  # the temporary folder is no business of the user's


@pytest.mark.integration
@needs_kubectl
def test_the_annotations_change_no_finding(tmp_path: Path) -> None:
    import subprocess

    write_tree(tmp_path)
    plain = subprocess.run(["kubectl", "kustomize", "overlay"], cwd=tmp_path, capture_output=True, check=True).stdout
    piped = run_cli(["--format", "json", "-"], cwd=tmp_path, stdin=plain)
    built = run_cli(["--format", "json", "--kustomize", "overlay"], cwd=tmp_path)
    assert [(f["rule"], f["message"]) for f in json.loads(built.stdout)["findings"]] == [
        (f["rule"], f["message"]) for f in json.loads(piped.stdout)["findings"]
    ]


@pytest.mark.integration
@needs_kubectl
def test_a_build_error_is_one_message_with_kustomizes_words(tmp_path: Path) -> None:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "kustomization.yaml").write_text("resources:\n  - missing.yaml\n")
    run = run_cli(["--kustomize", "broken"], cwd=tmp_path)
    assert run.code == 2
    errors = [line for line in run.stderr.splitlines() if line.startswith("probelint: ")]
    assert len(errors) == 1
    assert errors[0].startswith("probelint: broken: kustomize build failed: ")
    assert "missing.yaml" in errors[0]
