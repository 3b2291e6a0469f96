"""Discovery walks folders itself (os.scandir, real paths joined rather than resolved): it must find
exactly what os.walk and os.path.realpath find, in the same order, on a tree with every kind of entry."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from probelint.run.discovery import discover

needs_links = pytest.mark.skipif(os.name != "posix", reason="needs symbolic links and FIFOs")


def tricky_tree(root: Path) -> Path:
    """A folder with links to files and folders, a loop, a dangling link, a FIFO, hidden and vendored
    folders, a chart, JSON files and patches."""
    tree = root / "tree"
    for folder in ("b", "a/deep", ".hidden", "node_modules", "chart/templates", "chart/charts/sub", "k"):
        (tree / folder).mkdir(parents=True)
    for name in ("b/z.yaml", "b/a.yml", "a/deep/x.yaml", "a/y.yaml", ".hidden/h.yaml", "node_modules/n.yaml"):
        (tree / name).write_text("kind: Pod\n")
    (tree / "a" / ".dot.yaml").write_text("kind: Pod\n")
    (tree / "a" / "notes.txt").write_text("not YAML\n")
    (tree / "a" / "object.json").write_text('{"apiVersion": "v1", "kind": "Pod"}')
    (tree / "a" / "package.json").write_text('{"name": "x"}')
    (tree / "chart" / "Chart.yaml").write_text("name: chart\nversion: 1.0.0\n")
    (tree / "chart" / "templates" / "t.yaml").write_text("kind: Pod\n")
    (tree / "k" / "kustomization.yaml").write_text("patches:\n  - path: patch.yaml\n")
    (tree / "k" / "patch.yaml").write_text("kind: Deployment\n")
    (tree / "k" / "base.yaml").write_text("kind: Deployment\n")
    outside = root / "outside"
    outside.mkdir()
    (outside / "o.yaml").write_text("kind: Pod\n")
    (tree / "b" / "to-file.yaml").symlink_to(tree / "a" / "y.yaml")  # the same file twice: linted once
    (tree / "b" / "to-outside.yaml").symlink_to(outside / "o.yaml")
    (tree / "b" / "to-folder.yaml").symlink_to(outside, target_is_directory=True)  # a folder: neither walked nor read
    (tree / "b" / "loop").symlink_to(tree / "b", target_is_directory=True)
    (tree / "b" / "dangling.yaml").symlink_to(tree / "nowhere.yaml")
    (tree / "k" / "to-patch.yaml").symlink_to(tree / "k" / "patch.yaml")
    os.mkfifo(tree / "a" / "pipe.yaml")
    return tree


@needs_links
def test_the_walk_finds_what_os_walk_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tricky_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found = discover(["tree", "tree/a/y.yaml", "outside/o.yaml", str(tmp_path / "tree" / "k")])
    assert found.files == [
        "tree/a/object.json",
        "tree/a/y.yaml",
        "tree/a/deep/x.yaml",
        "tree/b/a.yml",
        "tree/b/dangling.yaml",
        "tree/b/to-outside.yaml",
        "tree/b/z.yaml",
        "tree/k/base.yaml",
        "tree/k/kustomization.yaml",
        "tree/k/patch.yaml",
    ]
    assert found.charts == ["tree/chart"]
    assert found.skipped == ["tree/a/pipe.yaml: a FIFO (named pipe), not a regular file: skipped"]
    assert found.errors == []
    assert found.patches == frozenset({str((tree / "k" / "patch.yaml").resolve())})
    assert "tree/b/to-file.yaml" in found.walked


@needs_links
def test_a_walk_through_a_linked_folder_resolves_real_paths_through_it(tmp_path: Path) -> None:
    """Below a folder named through a link, a file's real path is the link's target joined with its
    name: the same file named directly as well is linted once."""
    tree = tricky_tree(tmp_path)
    (tmp_path / "link").symlink_to(tree / "a", target_is_directory=True)
    found = discover([str(tmp_path / "link"), str(tree / "a" / "deep" / "x.yaml")])
    assert found.files == [str(tmp_path / "link" / name) for name in ("object.json", "y.yaml", "deep/x.yaml")]
