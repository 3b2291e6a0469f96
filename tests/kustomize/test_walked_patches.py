"""Kustomize patches among the files linted: partial objects, so nothing is reported for what they
leave out, while what they set is checked at its own line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from probelint.run.parallel import MIN_FILES_FOR_POOL
from probelint.sources.kustomization import PatchIndex, patch_files
from tests.support import run_cli, run_process
from tests.support.kustomize import LIVENESS_PATCH, write_tree


def _positions(stdout: str) -> list[tuple[str, str, int, int]]:
    return [(f["rule"], f["file"], f["line"], f["column"]) for f in json.loads(stdout)["findings"]]


def test_a_walked_tree_reports_only_what_the_patches_set(tmp_path: Path) -> None:
    write_tree(tmp_path)
    run = run_cli(["--format", "json", "base", "overlay"], cwd=tmp_path)
    # No liveness/readiness-probe-missing or probe-invalid (no handler) on the patches; the JSON 6902
    # file is a list of operations, never a workload. The timeout the patch sets is too low.
    assert _positions(run.stdout) == [("probe-timeout-too-low", "overlay/liveness-timeout.yaml", 12, 13)]
    assert run.code == 1


def test_a_patch_given_alone_is_known_by_the_kustomization_above_it(tmp_path: Path) -> None:
    write_tree(tmp_path)
    run = run_cli(["--format", "json", "overlay/liveness-timeout.yaml"], cwd=tmp_path)
    assert _positions(run.stdout) == [("probe-timeout-too-low", "overlay/liveness-timeout.yaml", 12, 13)]


def test_the_same_file_named_by_no_kustomization_is_a_whole_object(tmp_path: Path) -> None:
    (tmp_path / "deployment.yaml").write_text(LIVENESS_PATCH)
    run = run_cli(
        ["--format", "json", "--select", "readiness-probe-missing,probe-invalid", "deployment.yaml"], cwd=tmp_path
    )
    assert _positions(run.stdout) == [("readiness-probe-missing", "deployment.yaml", 9, 11)]


def test_unset_fields_of_a_patch_are_unknown_not_defaulted(tmp_path: Path) -> None:
    write_tree(tmp_path)
    # Without timeoutSeconds the patch says nothing about it: the base's 5 is what runs.
    patch = LIVENESS_PATCH.replace("            timeoutSeconds: 1\n", "")
    (tmp_path / "overlay" / "liveness-timeout.yaml").write_text(patch)
    run = run_cli(["--format", "json", "overlay"], cwd=tmp_path)
    assert _positions(run.stdout) == []
    assert run.code == 0


def test_kustomization_entries_that_name_patch_files(tmp_path: Path) -> None:
    (tmp_path / "Kustomization").write_text(
        "patchesStrategicMerge:\n  - a.yaml\n  - |-\n    kind: Deployment\n"
        "patchesJson6902:\n  - path: sub/ops.yaml\n    target: {kind: Deployment, name: web}\n"
        "patches:\n  - path: b.yml\n  - patch: '[]'\n"
    )
    (tmp_path / "sub").mkdir()
    for name in ("a.yaml", "b.yml", "sub/ops.yaml", "c.yaml"):
        (tmp_path / name).write_text("{}\n")
    found = patch_files(str(tmp_path / "Kustomization"))
    assert [Path(patch.path).relative_to(tmp_path).as_posix() for patch in found] == ["a.yaml", "b.yml", "sub/ops.yaml"]
    assert found[2].target == {"kind": "Deployment", "name": "web"}
    index = PatchIndex()
    assert [index.is_patch(str(tmp_path / name)) for name in ("a.yaml", "sub/ops.yaml", "c.yaml")] == [
        True,
        True,
        False,
    ]


@pytest.mark.integration
def test_jobs_2_prints_what_jobs_1_prints_on_a_tree_with_patches(tmp_path: Path) -> None:
    write_tree(tmp_path)
    overlay = tmp_path / "overlay"
    entries = []
    for i in range(MIN_FILES_FOR_POOL):
        name = f"patch-{i:02}.yaml"
        (overlay / name).write_text(LIVENESS_PATCH)
        entries.append(f"  - path: {name}\n")
    kustomization = overlay / "kustomization.yaml"
    kustomization.write_text(kustomization.read_text().replace("patches:\n", "patches:\n" + "".join(entries)))
    serial = run_process(["--format", "json", "--jobs", "1", "base", "overlay"], cwd=tmp_path)
    parallel = run_process(["--format", "json", "--jobs", "2", "base", "overlay"], cwd=tmp_path)
    assert parallel == serial
    rules = {finding["rule"] for finding in json.loads(serial.stdout)["findings"]}
    assert rules == {"probe-timeout-too-low"}
