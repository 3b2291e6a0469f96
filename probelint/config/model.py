"""What a configuration file says, once read and validated: `Config`, and `ConfigError` for one that cannot be used."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

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


@dataclass(frozen=True)
class ChartSettings:
    """How to render Helm charts (the configuration's `helm:` section); None: not set here."""

    values: tuple[str, ...] | None = None  # absolute paths; later files win
    set: tuple[str, ...] | None = None
    release_name: str | None = None
    namespace: str | None = None
    all_values: bool | None = None


@dataclass
class Config:
    """What a configuration file says, already validated."""

    path: str  # as shown in messages
    base_dir: str  # absolute; `exclude` globs are relative to it
    kubernetes_version: str | None = None
    fail_on: str | None = None
    max_file_size: int | None = None  # bytes
    exclude: tuple[str, ...] = ()
    off: frozenset[str] = frozenset()
    severities: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    ignore: tuple[IgnoreEntry, ...] = ()
    helm: ChartSettings = field(default_factory=ChartSettings)  # for every chart
    charts: dict[str, ChartSettings] = field(default_factory=dict)  # by the chart folder's absolute path

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
