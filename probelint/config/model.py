"""What a configuration file says, once read and validated: `Config`, and `ConfigError` for one that cannot be used."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from probelint.engine.suppressions import IgnoreEntry
from probelint.filematch import matches_globs
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
    fail_on: str | None = None  # error | warning | info | never
    baseline: str | None = None  # absolute path of the baseline file
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True  # leave out the files git ignores
    # The `exclude` globs of the configurations this one extends, each with the folder they are relative to.
    inherited_exclude: tuple[tuple[str, tuple[str, ...]], ...] = ()
    off: frozenset[str] = frozenset()
    severities: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    ignore: tuple[IgnoreEntry, ...] = ()
    helm: ChartSettings = field(default_factory=ChartSettings)  # for every chart
    charts: dict[str, ChartSettings] = field(default_factory=dict)  # by the chart folder's absolute path

    def excludes(self, path: str) -> bool:
        """Whether an `exclude` glob matches the file (standard input is never excluded; see `matches_globs`)."""
        if path == "-":
            return False
        if self.exclude and matches_globs(path, self.exclude, self.base_dir):
            return True
        return any(matches_globs(path, globs, folder) for folder, globs in self.inherited_exclude)
