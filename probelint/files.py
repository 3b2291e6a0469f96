"""Find the files to lint and read them, turning OS errors into messages instead of tracebacks."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator

YAML_SUFFIXES = (".yaml", ".yml")
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})
STDIN = "-"


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


def read_bytes(path: str) -> bytes:
    """The file's bytes (standard input for `-`); raises OSError with a readable message."""
    if path == STDIN:
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            return b""
        try:
            return stream.read()
        except ValueError:  # closed standard input
            return b""
    with open(path, "rb") as handle:
        return handle.read()


def describe_os_error(path: str, error: OSError) -> str:
    if path == STDIN and error.errno == errno.EBADF:
        return f"{path}: standard input is closed"
    if isinstance(error, FileNotFoundError):
        if os.path.islink(path):
            return f"{path}: broken symbolic link (its target does not exist)"
        return f"{path}: no such file or directory (did it vanish while linting?)"
    if isinstance(error, PermissionError):
        return f"{path}: permission denied"
    if isinstance(error, IsADirectoryError):
        return f"{path}: is a directory"
    return f"{path}: cannot read: {error.strerror or error}"
