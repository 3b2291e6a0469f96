"""Find the files to lint: expand folders in a stable order, skip hidden and vendored folders,
and name each file once however it was spelt."""

from __future__ import annotations

import os
from collections.abc import Iterator

from probelint.reading.files import STDIN

YAML_SUFFIXES = (".yaml", ".yml")


SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


class Discovery:
    files: list[str]
    errors: list[str]
    chart_templates: list[str]

    def __init__(
        self, files: list[str] | None = None, errors: list[str] | None = None, chart_templates: list[str] | None = None
    ) -> None:
        self.files = files if files is not None else []
        self.errors = errors if errors is not None else []
        self.chart_templates = chart_templates if chart_templates is not None else []


def discover(paths: list[str]) -> Discovery:
    """Expand the command line's paths, in order, without duplicates."""
    found = Discovery()
    seen: set[str] = set()
    for path in paths:
        if path == STDIN:
            candidates: Iterator[str] = iter([STDIN])
        elif os.path.isdir(path):
            candidates = _walk(path, found)
        elif os.path.lexists(path):
            candidates = iter([path])
        else:
            found.errors.append(f"{path}: no such file or directory")
            continue
        for candidate in candidates:
            key = candidate if candidate == STDIN else os.path.realpath(candidate)
            if key not in seen:  # `d` and `./d/a.yaml` name one file: lint it once, as first spelt
                seen.add(key)
                found.files.append(candidate)
    return found


def _walk(root: str, found: Discovery) -> Iterator[str]:
    def on_error(error: OSError) -> None:
        found.errors.append(f"{error.filename}: {error.strerror or error}")

    for directory, dirs, files in os.walk(root, onerror=on_error):
        is_chart = "Chart.yaml" in files
        kept = []
        for name in sorted(dirs):
            if name.startswith(".") or name in SKIPPED_DIRS:
                continue
            if is_chart and name == "templates":
                found.chart_templates.append(os.path.join(directory, name))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                yield os.path.join(directory, name)
