"""A baseline over real repositories: moving every line keeps every finding baselined, and changing one
value at fault brings back exactly that finding."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.support import CORPUS, CORPUS_MARKS, run_process

pytestmark = [*CORPUS_MARKS, pytest.mark.slow]

_TIMEOUT = re.compile(r"^(\s*timeoutSeconds:\s*)(\d+)\s*$", re.MULTILINE)


def _in_chart_templates(path: Path) -> bool:
    return any(part == "templates" and (parent / "Chart.yaml").exists() for parent, part in _parents(path))


def _parents(path: Path) -> list[tuple[Path, str]]:
    """(folder, name of the child of it on the way to `path`) for each folder above `path`."""
    return [(parent, path.parts[len(parent.parts)]) for parent in path.parents if parent != path]


def _candidate(root: Path) -> Path:
    """The first plain manifest (not a chart's file) with an httpGet probe's timeoutSeconds above 1."""
    for path in sorted(root.rglob("*.yaml")):
        if any((parent / "Chart.yaml").exists() for parent in path.parents if root in parent.parents):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if "httpGet" in text and "kind: Deployment" in text and "---" not in text:
            match = _TIMEOUT.search(text)
            if match is not None and int(match.group(2)) > 1:
                return path
    raise AssertionError("no manifest with a timeoutSeconds in the corpus")


def test_baseline_survives_moved_lines_and_catches_a_changed_value(tmp_path: Path) -> None:
    root = tmp_path / "real"
    shutil.copytree(CORPUS / "real", root)
    written = run_process(["-j", "2", "--write-baseline", "baseline.json", "real"], cwd=tmp_path)
    assert written.code in (0, 2), written.stderr  # 2: files the corpus keeps unreadable on purpose
    assert "recorded" in written.stderr
    # Every file gets lines at its top, except Helm templates: there the comment would be rendered into
    # the chart's output, which checked-in copies of that output (matched to their template) lack.
    for path in root.rglob("*"):
        if path.suffix in (".yaml", ".yml") and path.is_file() and not _in_chart_templates(path):
            path.write_bytes(b"# lines inserted above everything\n\n" + path.read_bytes())
    again = run_process(["-j", "2", "--baseline", "baseline.json", "real"], cwd=tmp_path)
    assert again.stdout == ""
    assert again.code == written.code
    assert "entries match nothing" not in again.stderr

    target = _candidate(root)
    text = target.read_text(encoding="utf-8")
    match = _TIMEOUT.search(text)
    assert match is not None
    target.write_text(text[: match.start(2)] + "1" + text[match.end(2) :], encoding="utf-8")
    line = text.count("\n", 0, match.start(2)) + 1
    changed = run_process(["-j", "2", "--baseline", "baseline.json", "real"], cwd=tmp_path)
    relative = target.relative_to(tmp_path).as_posix()
    assert len(changed.lines) == 1, changed.stdout
    assert changed.lines[0].startswith(f"{relative}:{line}:")
    assert "timeoutSeconds 1" in changed.lines[0]
