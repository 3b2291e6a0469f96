"""What a configuration file says, once read and validated: `Config`, and `ConfigError` for one that cannot be used."""

from __future__ import annotations

from typing import Any, NamedTuple

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


class ChartSettings(NamedTuple):
    """How to render Helm charts (the configuration's `helm:` section); None: not set here."""

    values: tuple[str, ...] | None = None  # absolute paths; later files win
    set: tuple[str, ...] | None = None
    release_name: str | None = None
    namespace: str | None = None
    all_values: bool | None = None

    def over(self, base: ChartSettings) -> ChartSettings:
        """These settings where they are set, `base`'s elsewhere."""
        return base._replace(**{name: value for name, value in self._asdict().items() if value is not None})


class Config:
    """What a configuration file says, already validated."""

    __slots__ = (
        "base_dir",
        "baseline",
        "charts",
        "exclude",
        "fail_on",
        "helm",
        "ignore",
        "inherited_exclude",
        "kubernetes_version",
        "max_file_size",
        "off",
        "options",
        "path",
        "respect_gitignore",
        "severities",
    )

    def __init__(self, path: str, base_dir: str) -> None:
        self.path = path  # as shown in messages
        self.base_dir = base_dir  # absolute; `exclude` globs are relative to it
        self.kubernetes_version: str | None = None
        self.fail_on: str | None = None  # error | warning | info | never
        self.max_file_size: int | None = None  # bytes
        self.baseline: str | None = None  # absolute path of the baseline file
        self.exclude: tuple[str, ...] = ()
        self.respect_gitignore = True  # leave out the files git ignores
        # The `exclude` globs of the configurations this one extends, each with the folder they are relative to.
        self.inherited_exclude: tuple[tuple[str, tuple[str, ...]], ...] = ()
        self.off: frozenset[str] = frozenset()
        self.severities: dict[str, Severity] = {}
        self.options: dict[str, dict[str, Any]] = {}
        self.ignore: tuple[IgnoreEntry, ...] = ()
        self.helm = ChartSettings()  # for every chart
        self.charts: dict[str, ChartSettings] = {}  # by the chart folder's absolute path

    def excludes(self, path: str) -> bool:
        """Whether an `exclude` glob matches the file (standard input is never excluded; see `matches_globs`)."""
        if path == "-":
            return False
        if self.exclude and matches_globs(path, self.exclude, self.base_dir):
            return True
        return any(matches_globs(path, globs, folder) for folder, globs in self.inherited_exclude)
