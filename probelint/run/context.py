"""Services from the rest of the repository, so that a verdict does not depend on how files were batched.

pre-commit passes the changed files, split into several invocations when the list is long (even with
`require_serial`), so a Service and the workload it selects may land in different runs. When files are
named on the command line, the Services of every other YAML file of their repository (the folder
holding `.git`) are read too, and `readiness-probe-missing` sees the same Services whatever the
batches. Only files that mention `kind: Service` are parsed, and only their Services are kept; files
that cannot be read or parsed are passed over silently (they are not being linted).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from probelint.model.services import Service, services_in
from probelint.reading.files import STDIN, read_bytes
from probelint.reading.loader import decode_file, iter_documents
from probelint.run.discovery import CHART_FILE, SKIPPED_DIRS, YAML_SUFFIXES
from probelint.run.gitignore import repository_root

if TYPE_CHECKING:
    from probelint.config.model import Config

# `kind: Service` at a line's start, in a mapping or as a list item (`- kind: Service`), quoted or not.
_SERVICE_RE = re.compile(rb"^[ \t]*(?:-[ \t]+)?kind:[ \t]*[\"']?Service[\"']?[ \t]*(?:#.*)?\r?$", re.MULTILINE)


def repository_services(
    paths: Iterable[str], linted: Iterable[str], config: Config | None, limit: int
) -> list[Service]:
    """The Services in the repositories of the files named in `paths`, outside the files `linted`."""
    roots = []
    for path in paths:
        if path != STDIN and os.path.isfile(path):
            root = repository_root(path)
            if root is not None and root not in roots:
                roots.append(root)
    if not roots:
        return []
    skip = {os.path.realpath(path) for path in linted if path != STDIN}
    services: list[Service] = []
    for root in roots:
        for path in _yaml_files(root):
            if os.path.realpath(path) in skip or (config is not None and config.excludes(path)):
                continue
            skip.add(os.path.realpath(path))
            services.extend(service._replace(stream=path) for service in _services_of(path, limit))
    return services


def _yaml_files(root: str) -> Iterator[str]:
    """YAML files as discovery finds them (no hidden or vendored folders), without Helm charts."""
    for directory, dirs, files in os.walk(root):
        if CHART_FILE in files:
            dirs[:] = []
            continue
        dirs[:] = [name for name in sorted(dirs) if not name.startswith(".") and name not in SKIPPED_DIRS]
        for name in sorted(files):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                yield os.path.join(directory, name)


def _services_of(path: str, limit: int) -> list[Service]:
    try:
        data = read_bytes(path, limit)
    except OSError:
        return []
    if _SERVICE_RE.search(data) is None:
        return []
    loaded = decode_file(path, data)
    try:
        return [
            service for document in iter_documents(loaded, skip_irrelevant=True) for service in services_in(document)
        ]
    except Exception:  # another file's oddities must not break this run
        return []
