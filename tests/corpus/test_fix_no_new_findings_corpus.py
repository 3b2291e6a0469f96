"""`--fix` over a copy of ../shared/corpus/real, then a lint: no finding that was not there before
(by rule, file, object path and container). Skipped without the corpus."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.support import CORPUS, CORPUS_MARKS, run_cli

pytestmark = [*CORPUS_MARKS, pytest.mark.slow]


def _writable(root: Path) -> None:
    for folder, _, files in os.walk(root):
        os.chmod(folder, os.stat(folder).st_mode | stat.S_IWUSR)
        for name in files:
            path = os.path.join(folder, name)
            os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)


def _keys(tmp_path: Path) -> set[tuple[str, str, str, str]]:
    result = run_cli(["--format", "json", "real"], cwd=tmp_path)
    findings = json.loads(result.stdout)
    findings = findings if isinstance(findings, list) else findings["findings"]
    return {(f["rule"], f["file"], f["path"], f["container"] or "") for f in findings}


def test_fix_on_the_corpus_adds_no_finding(tmp_path: Path) -> None:
    shutil.copytree(CORPUS / "real", tmp_path / "real", symlinks=True)
    _writable(tmp_path / "real")
    before = _keys(tmp_path)
    run_cli(["--fix", "real"], cwd=tmp_path)
    added = sorted(_keys(tmp_path) - before)
    assert added == [], added[:20]
