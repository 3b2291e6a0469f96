"""Match file paths against the globs a configuration writes (`exclude`, an ignore entry's `paths`)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from fnmatch import fnmatchcase


def _posix(path: str) -> str:
    return path.replace(os.sep, "/")


def matches_globs(path: str, patterns: Iterable[str], base_dir: str) -> bool:
    """Whether a glob matches the file.

    A glob is matched against the path relative to `base_dir` (the configuration's folder) and
    against the path as given, and against each leading folder of them, so `deploy/legacy` covers
    the files below it; a glob without `/` also matches any single folder or file name, so `vendor`
    or `*.generated.yaml` work at any depth, as in .gitignore.
    """
    candidates = {_posix(os.path.normpath(path))}
    relative = os.path.relpath(os.path.abspath(path), base_dir)
    if not relative.startswith(os.pardir):
        candidates.add(_posix(relative))
    for pattern in patterns:
        pattern = pattern.strip().rstrip("/")
        variants = {pattern, pattern.removeprefix("./"), pattern.removeprefix("**/")}
        for candidate in candidates:
            parts = candidate.split("/")
            prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
            if any(fnmatchcase(prefix, variant) for prefix in prefixes for variant in variants):
                return True
            if "/" not in pattern and any(fnmatchcase(part, pattern) for part in parts):
                return True
    return False
