"""probelint never writes to the files it lints (only --fix does): the whole corpus is unchanged after a run."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.support import CORPUS, needs_corpus, run_process

pytestmark = pytest.mark.integration


def snapshot(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every file's size, modification time (ns) and content hash."""
    state = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            info = path.stat()
            state[str(path)] = (info.st_size, info.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
    return state


@needs_corpus()
def test_linting_and_diffing_the_corpus_changes_no_file() -> None:
    before = snapshot(CORPUS)
    lint = run_process([str(CORPUS)])
    diff = run_process(["--diff", "--fix-rendered", str(CORPUS / "real" / "aws__amazon-vpc-cni-k8s")])
    after = snapshot(CORPUS)
    assert lint.code == 1
    assert "Traceback" not in lint.stderr
    assert diff.code == 1
    assert diff.stdout.startswith("--- ")
    assert after == before


def test_linting_a_writable_folder_changes_no_file(tmp_path: Path) -> None:
    manifest = tmp_path / "app.yaml"
    manifest.write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "    - name: c\n      image: x\n      readinessProbe: {httpGet: {path: /, port: 80}, timeoutSeconds: 1}\n"
    )
    os.utime(manifest, ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(tmp_path)
    for args in ([], ["--format", "json"], ["--format", "sarif"], ["--diff"], ["--show-suppressed"]):
        run = run_process([*args, str(manifest)])
        assert run.code == 1, args
    assert snapshot(tmp_path) == before
