"""What a configuration file says, once read and validated: `Config`, and `ConfigError` for one that cannot be used."""

from __future__ import annotations

import os
from fnmatch import fnmatchcase
from typing import Any, NamedTuple

from probelint.engine.suppressions import IgnoreEntry
from probelint.findings import Severity

IGNORE_FIELDS = ("rule", "kind", "namespace", "name", "container")

# A key's place in the configuration's data: mapping keys and list indexes from the top.
KeyPath = tuple[str | int, ...]


class ConfigError(Exception):
    """A configuration that cannot be used; each message is `FILE:LINE:COL: what is wrong`."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


class ChartSettings(NamedTuple):
    """How to render Helm charts (the configuration's `helm:` section); None: not set here."""

    values: tuple[str, ...] | None = None  # absolute paths; later files win
    set: tuple[str, ...] | None = None
    release_name: str | None = None
    namespace: str | None = None
    all_values: bool | None = None


class Config:
    """What a configuration file says, already validated."""

    __slots__ = (
        "base_dir",
        "charts",
        "exclude",
        "fail_on",
        "helm",
        "ignore",
        "kubernetes_version",
        "off",
        "options",
        "path",
        "severities",
    )

    def __init__(self, path: str, base_dir: str) -> None:
        self.path = path  # as shown in messages
        self.base_dir = base_dir  # absolute; `exclude` globs are relative to it
        self.kubernetes_version: str | None = None
        self.fail_on: str | None = None
        self.exclude: tuple[str, ...] = ()
        self.off: frozenset[str] = frozenset()
        self.severities: dict[str, Severity] = {}
        self.options: dict[str, dict[str, Any]] = {}
        self.ignore: tuple[IgnoreEntry, ...] = ()
        self.helm = ChartSettings()  # for every chart
        self.charts: dict[str, ChartSettings] = {}  # by the chart folder's absolute path

    def excludes(self, path: str) -> bool:
        """Whether an `exclude` glob matches the file (standard input is never excluded).

        A glob is matched against the path relative to the configuration's folder and against the
        path as given; a glob without `/` also matches any single folder or file name, so `vendor`
        or `*.generated.yaml` work at any depth, as in .gitignore.
        """
        if path == "-" or not self.exclude:
            return False
        candidates = {_posix(os.path.normpath(path))}
        relative = os.path.relpath(os.path.abspath(path), self.base_dir)
        if not relative.startswith(os.pardir):
            candidates.add(_posix(relative))
        for pattern in self.exclude:
            pattern = pattern.strip().rstrip("/")
            patterns = {pattern, pattern.removeprefix("./"), pattern.removeprefix("**/")}
            for candidate in candidates:
                parts = candidate.split("/")
                prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
                if any(fnmatchcase(prefix, p) for prefix in prefixes for p in patterns):
                    return True
                if "/" not in pattern and any(fnmatchcase(part, pattern) for part in parts):
                    return True
        return False


def _posix(path: str) -> str:
    return path.replace(os.sep, "/")
