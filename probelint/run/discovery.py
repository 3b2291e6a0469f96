"""Find the files to lint: expand folders in a stable order, skip hidden and vendored folders,
and name each file once however it was spelt."""

from __future__ import annotations

import os
from collections.abc import Iterator

from probelint.reading.files import STDIN, file_kind
from probelint.sources.chart_layout import find_chart
from probelint.sources.kustomization import PatchIndex

YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIX = ".json"
_JSON_HEAD_BYTES = 65536
CHART_FILE = "Chart.yaml"
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


class Discovery:
    files: list[str]  # YAML files (and `-`), in order
    charts: list[str]  # Helm chart folders to render, in order
    patches: frozenset[str]  # real paths of the files that a kustomization names as patches
    errors: list[str]  # named paths that cannot be linted: the run exits 2
    walked: set[str]  # the files and charts found inside a folder, rather than named
    skipped: list[str]  # files found in folders that are not regular files: said, not linted
    excluded: int

    def __init__(self) -> None:
        self.files = []
        self.charts = []
        self.patches = frozenset()
        self.errors = []
        self.walked = set()
        self.skipped = []
        self.excluded = 0  # files the configuration's `exclude` left out


def discover(paths: list[str]) -> Discovery:
    """Expand the command line's paths, in order, without duplicates.

    A folder holding `Chart.yaml` is a Helm chart: it is rendered, not walked. A file inside a chart
    (a template, a values file, `Chart.yaml`, a subchart's file) stands for its chart, so a pre-commit
    hook that passes the changed files lints each changed chart once. Files that a kustomization in
    their folder or above names as patches are noted: they hold partial objects.
    """
    found = Discovery()
    seen: set[str] = set()
    real_files: list[str] = []  # the real path of each file in found.files, for the patch index

    def add(candidate: str, real: str | None = None, folder: bool = True) -> None:
        """`real`: the candidate's real path when already known; `folder`: whether it may be a chart's folder."""
        key = candidate if candidate == STDIN else real or os.path.realpath(candidate)
        if key in seen:  # `d` and `./d/a.yaml` name one file: lint it once, as first spelt
            return
        seen.add(key)
        if folder and candidate != STDIN and os.path.isfile(os.path.join(candidate, CHART_FILE)):
            found.charts.append(candidate)
        else:
            found.files.append(candidate)
            real_files.append(key)

    for path in paths:
        if path == STDIN:
            add(STDIN)
        elif os.path.isdir(path):
            chart = find_chart(path)
            if chart is not None:
                add(chart)
                continue
            for candidate, real, is_file in _walk(path, found):
                found.walked.add(candidate)
                add(candidate, real, folder=not is_file)
        elif os.path.lexists(path):
            kind = _not_regular(path)
            if kind is not None:
                found.errors.append(f"{path}: {kind}, not a regular file: not linted")
                continue
            chart = find_chart(path)
            add(chart if chart is not None else path)
        else:
            found.errors.append(f"{path}: no such file or directory")
    index = PatchIndex()
    found.patches = frozenset(real for real in real_files if real != STDIN and index.holds(real))
    return found


def _walk(root: str, found: Discovery) -> Iterator[tuple[str, str, bool]]:
    """(path, real path, whether it is a file) of the YAML files (and JSON files of Kubernetes objects)
    below `root`, and of the charts there (yielded as their folder, never walked into)."""
    yield from _walk_folder(root, os.path.realpath(root), found)


def _walk_folder(directory: str, real: str, found: Discovery) -> Iterator[tuple[str, str, bool]]:
    """As os.walk(followlinks=False), top-down in name order: the folder's files, then each of its
    folders. `real`: the folder's real path; below it, the real path of an entry that is not a link
    is the folder's joined with its name, so only links need os.path.realpath (a system call per
    path component)."""
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        found.errors.append(f"{error.filename}: {error.strerror or error}")
        return
    folders = [entry for entry in entries if _is_folder(entry)]
    folder_names = {entry.name for entry in folders}
    if CHART_FILE in (entry.name for entry in entries) and CHART_FILE not in folder_names:
        yield directory, real, False
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") or not name.endswith((*YAML_SUFFIXES, JSON_SUFFIX)) or name in folder_names:
            continue
        if not _is_plain_file(entry):
            kind = _not_regular(entry.path)  # before opening it: a FIFO would hang the walk
            if kind is not None:
                found.skipped.append(f"{entry.path}: {kind}, not a regular file: skipped")
                continue
            entry_real = os.path.realpath(entry.path)
        else:
            entry_real = os.path.join(real, name)
        if not name.endswith(JSON_SUFFIX) or holds_kubernetes_json(entry.path):
            yield entry.path, entry_real, True
    for entry in folders:
        if not entry.name.startswith(".") and entry.name not in SKIPPED_DIRS and not _is_link(entry):
            yield from _walk_folder(entry.path, os.path.join(real, entry.name), found)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a folder, links followed (what os.walk lists as one)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _is_plain_file(entry: os.DirEntry[str]) -> bool:
    """A regular file that is not a link, known from the folder's listing without a system call on most
    file systems."""
    try:
        return not entry.is_symlink() and entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def holds_kubernetes_json(path: str) -> bool:
    """Whether a JSON file looks like Kubernetes objects: a JSON object whose first 64 KiB name an
    `apiVersion` and a `kind` (an object, or a List whose first item has them; `kubectl get -o json`
    writes `kind: List` after the items). Anything else (package.json, tsconfig.json...) is skipped
    quietly; reading only the head keeps the walk cheap."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_JSON_HEAD_BYTES)
    except OSError:
        return False
    return kubernetes_json_head(head)


def kubernetes_json_head(data: bytes) -> bool:
    """Whether a JSON file's bytes (its first 64 KiB are enough) look like Kubernetes objects (see
    holds_kubernetes_json)."""
    head = data[:_JSON_HEAD_BYTES].removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"{") and b'"apiVersion"' in head and b'"kind"' in head


def _not_regular(path: str) -> str | None:
    """What the path is when, links followed, it is not a regular file (a device or FIFO would hang
    or exhaust memory when read); None for a regular file, or a broken link (reported when read)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return file_kind(mode)
