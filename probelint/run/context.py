"""Services from the rest of the repository, so that a verdict does not depend on how files were batched.

pre-commit passes the changed files, split into several invocations when the list is long (even with
`require_serial`), so a Service and the workload it selects may land in different runs. When files are
named on the command line, the Services of the other files of their repository (the folder holding
`.git`), as discovery would find them there (YAML files and Kubernetes JSON files, no hidden or
vendored folders, no Helm charts), count too, and `readiness-probe-missing` sees the same Services
whatever the batches.

Only what can change a verdict is read, and only when a rule asks (`RunContext.services_selecting`):
a Service read from a file selects only pods read from its folder or below (model/services.py), so
for a stream only the folders from the repository's root down to the stream's own are read, and in
them only the files whose text can hold a Service. Files that cannot be read or parsed are passed
over silently (they are not being linted).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from probelint.model.services import Service, folders_serving, services_in
from probelint.reading.decode import decode
from probelint.reading.files import STDIN, read_bytes
from probelint.reading.loader import LoadedFile, iter_documents
from probelint.run.discovery import CHART_FILE, JSON_SUFFIX, SKIPPED_DIRS, YAML_SUFFIXES, kubernetes_json_head
from probelint.run.gitignore import repository_root

if TYPE_CHECKING:
    from probelint.config.model import Config

# Whether a text can hold a Service: `services_in` keeps the objects whose kind is the string
# "Service", however the YAML spells it (plain or quoted, block or flow, JSON, a List's item, after a
# tag or an anchor). Its letters are in the text, not inside a longer word (`ServiceAccount`), unless a
# double-quoted scalar's escapes make them (`\x53`, `\u0053`, `\U00000053`) or join two lines (a
# backslash before a line break). Compiled when first used (re keeps it): most runs read no other file.
_MAY_HOLD_SERVICE = r"(?<![0-9A-Za-z])Service(?![0-9A-Za-z])|\\[xuU\r\n\x85\u2028\u2029]"


def may_hold_service(text: str) -> bool:
    return re.search(_MAY_HOLD_SERVICE, text) is not None


class RepositoryServices:
    """The Services of the repositories of the files named in `paths`, outside the files `linted`,
    read folder by folder as streams are asked about (each Service with its file as its stream)."""

    def __init__(self, paths: Iterable[str], linted: Iterable[str], config: Config | None, limit: int) -> None:
        self._named = [path for path in paths if path != STDIN]
        self._linted = [path for path in linted if path != STDIN]
        self._config = config
        self._limit = limit
        self._roots: list[str] | None = None
        self._seen: set[str] = set()  # real paths of the files linted or read
        self._walked: dict[tuple[str, str], bool] = {}  # (root, folder): whether walking root reads its files

    def __call__(self, stream: str) -> list[Service]:
        """The Services, not given before, of the files whose Services may select pods of `stream`."""
        services: list[Service] = []
        for path in self._files_for(stream):
            services.extend(service._replace(stream=path) for service in self._services_of(path))
        return services

    def _files_for(self, stream: str) -> Iterator[str]:
        if self._roots is None:
            self._roots = []
            for path in self._named:
                root = repository_root(path) if os.path.isfile(path) else None
                if root is not None and root not in self._roots:
                    self._roots.append(root)
            self._seen = {os.path.realpath(path) for path in self._linted}
        folders = folders_serving(stream)
        for root in self._roots:
            # from the root down, as walking it meets them
            for folder in reversed([folder for folder in folders if _at_or_below(folder, root)]):
                if (root, folder) not in self._walked:
                    yield from self._folder_files(folder, root)

    def _folder_files(self, folder: str, root: str) -> Iterator[str]:
        """The files of `folder` that walking `root` finds (`discovery._walk`'s rules), once each."""
        self._walked[root, folder] = False
        name = os.path.basename(folder)
        if folder != root and (
            not self._walked.get((root, os.path.dirname(folder)))
            or name.startswith(".")
            or name in SKIPPED_DIRS
            or os.path.islink(folder)
        ):
            return
        try:
            with os.scandir(folder) as entries:
                files = sorted(entry.name for entry in entries if not _is_dir(entry))
        except OSError:
            return
        if CHART_FILE in files:  # a Helm chart: rendered, never walked
            return
        self._walked[root, folder] = True
        for name in files:
            path = os.path.join(folder, name)
            if name.startswith(".") or not name.endswith((*YAML_SUFFIXES, JSON_SUFFIX)):
                continue
            real = os.path.realpath(path)
            if real in self._seen or (self._config is not None and self._config.excludes(path)):
                continue
            self._seen.add(real)
            yield path

    def _services_of(self, path: str) -> list[Service]:
        try:
            data = read_bytes(path, self._limit)
        except OSError:  # not a regular file, too large, gone
            return []
        if path.endswith(JSON_SUFFIX) and not kubernetes_json_head(data):
            return []  # package.json and the like, which discovery passes over too
        text, _ = decode(data)
        if text is None or not may_hold_service(text):
            return []
        try:
            documents = iter_documents(LoadedFile(path, text), skip_irrelevant=True)
            return [service for document in documents for service in services_in(document)]
        except Exception:  # another file's oddities must not break this run
            return []


def _at_or_below(folder: str, root: str) -> bool:
    return folder == root or folder.startswith(root.rstrip(os.sep) + os.sep)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """As os.walk tells folders from files: links followed, an unreadable entry is a file."""
    try:
        return entry.is_dir()
    except OSError:
        return False
