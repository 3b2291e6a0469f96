"""Which configuration applies to each linted file.

Without `--config`, each file gets the nearest `.probelint.yaml` (or `pyproject.toml` with
`[tool.probelint]`) in its folder or a parent, stopping at the repository root, whatever the working
folder: a nested configuration governs its subtree, and linting `repo/deploy` from elsewhere reads
`repo/.probelint.yaml`. `--config PATH` applies to every file.

Run-wide settings that no single file owns (fail-on, baseline, Helm rendering defaults) come from
`--config`, else from the configuration found from the working folder, as before.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from probelint.config.discovery import find_config
from probelint.reading.files import STDIN

if TYPE_CHECKING:
    from probelint.config.model import Config


class Configurations:
    """The run's configurations, found and loaded once per folder; raises ConfigError on a bad one."""

    def __init__(self, explicit: str | None) -> None:
        self.explicit = explicit is not None
        self._by_path: dict[str, Config] = {}
        self._by_folder: dict[str, Config | None] = {}
        if explicit is not None:
            from probelint.config.loading import load_configuration

            self.main = load_configuration(explicit)
        else:
            self.main = self.for_folder(os.getcwd())

    def for_folder(self, folder: str) -> Config | None:
        folder = os.path.abspath(folder)
        if folder not in self._by_folder:
            found = find_config(folder)
            self._by_folder[folder] = None if found is None else self._load(found)
        return self._by_folder[folder]

    def for_file(self, path: str) -> Config | None:
        """The configuration of a file (standard input: the working folder's); `--config` for all."""
        if self.explicit:
            return self.main
        if path == STDIN:
            return self.for_folder(os.getcwd())
        absolute = os.path.abspath(path)
        return self.for_folder(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))

    def _load(self, path: str) -> Config:
        key = os.path.abspath(path)
        if key not in self._by_path:
            from probelint.config.loading import load_config

            self._by_path[key] = load_config(path)
        return self._by_path[key]

    def found(self) -> list[Config]:
        """Every configuration found so far, in the order found."""
        return list(self._by_path.values())
