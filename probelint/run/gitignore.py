"""Leave out the files git ignores, as ruff and most linters do.

Git answers, not a parser of our own: `git check-ignore --stdin -z` applies every rule git applies
(nested .gitignore files, negations, .git/info/exclude, the user's core.excludesFile) and treats
tracked files as not ignored, which a small parser would get subtly wrong. It costs one process per
repository per run; outside a repository, or without git, nothing is left out.
"""

from __future__ import annotations

import functools
import os
from collections import defaultdict
from collections.abc import Collection, Iterable


def repository_root(path: str) -> str | None:
    """The folder holding `.git` at or above `path`, or None."""
    return _root_of(os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path) or "."))


@functools.lru_cache(maxsize=4096)
def _root_of(directory: str) -> str | None:
    """The repository root for an absolute folder; the files of one folder ask once."""
    if os.path.exists(os.path.join(directory, ".git")):
        return directory
    parent = os.path.dirname(directory)
    return None if parent == directory else _root_of(parent)


def ignored(paths: Iterable[str], folders: Collection[str] = ()) -> set[str]:
    """The paths (as given) that git ignores in their repository; `folders`: those of them that are
    folders (the others are files)."""
    import shutil  # with subprocess, only when folders are walked: a named file needs neither
    import subprocess

    git = shutil.which("git")
    if git is None:
        return set()
    by_root: dict[str, list[str]] = defaultdict(list)
    roots: dict[str, str | None] = {}  # by folder as the paths spell it: one search per folder
    for path in paths:
        folder = path if path in folders else os.path.dirname(path) or os.curdir
        if folder not in roots:
            roots[folder] = _root_of(os.path.abspath(folder))
        root = roots[folder]
        if root is not None:
            by_root[root].append(path)
    result: set[str] = set()
    for root, candidates in by_root.items():
        absolute = {os.path.abspath(path): path for path in candidates}
        try:
            done = subprocess.run(
                [git, "-C", root, "check-ignore", "--stdin", "-z"],
                input="\0".join(absolute).encode("utf-8", "surrogateescape") + b"\0",
                capture_output=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode not in (0, 1):  # 128: not a work tree git can read; lint everything
            continue
        for name in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if name:
                original = absolute.get(os.path.abspath(os.path.join(root, name)))
                if original is not None:
                    result.add(original)
    return result
