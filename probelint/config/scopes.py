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

from probelint.config.discovery import config_in, is_search_end
from probelint.reading.files import STDIN

if TYPE_CHECKING:
    from probelint.config.model import Config


class Configurations:
    """The run's configurations, found and loaded once per folder; raises ConfigError on a bad one."""

    def __init__(self, explicit: str | None) -> None:
        self.explicit = explicit is not None
        self._by_path: dict[str, Config] = {}
        self._by_folder: dict[str, Config | None] = {}  # by absolute folder
        self._by_given_folder: dict[str, Config | None] = {}  # by folder as the paths spell it
        if explicit is not None:
            from probelint.config.loading import load_configuration

            self.main = load_configuration(explicit)
        else:
            self.main = self.for_folder(os.getcwd())

    def for_folder(self, folder: str) -> Config | None:
        folder = os.path.abspath(folder)
        if folder in self._by_folder:
            return self._by_folder[folder]
        # config.discovery.find_config's search, one folder at a time, so that the folders a run
        # walks share what their parents found
        found = config_in(folder)
        config: Config | None = None
        if found is not None:
            config = self._load(found)
        elif not is_search_end(folder):
            config = self.for_folder(os.path.dirname(folder))
        self._by_folder[folder] = config
        return config

    def for_file(self, path: str, is_folder: bool | None = None) -> Config | None:
        """The configuration of a file (standard input: the working folder's); `--config` for all.
        `is_folder`: whether `path` is a folder (a chart's), when the caller knows (None: look)."""
        if self.explicit:
            return self.main
        if path == STDIN:
            return self.for_folder(os.getcwd())
        if is_folder is None:
            is_folder = os.path.isdir(path)
        folder = path if is_folder else os.path.dirname(path) or os.curdir
        if folder not in self._by_given_folder:  # the files of a folder share one search, without an abspath each
            self._by_given_folder[folder] = self.for_folder(folder)
        return self._by_given_folder[folder]

    def _load(self, path: str) -> Config:
        key = os.path.abspath(path)
        if key not in self._by_path:
            from probelint.config.loading import load_config

            self._by_path[key] = load_config(path)
        return self._by_path[key]

    def found(self) -> list[Config]:
        """Every configuration found so far, in the order found."""
        return list(self._by_path.values())
