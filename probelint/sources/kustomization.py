"""Kustomization files: which files they name as patches.

A patch file holds a partial object (a strategic-merge patch) or a list of JSON 6902 operations; either
way it is not an object that runs. `patches` entries with `path:`, `patchesStrategicMerge` entries that
name a file, and `patchesJson6902` entries with `path:` are patch files; inline patches (`patch: |`)
are not files, so they concern nobody here.
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple

import yaml

from probelint.reading.decode import decode

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class PatchFile(NamedTuple):
    path: str  # normalised, absolute
    target: dict[str, Any] | None  # the entry's `target:` selector, if any


def kustomization_in(directory: str) -> str | None:
    """The kustomization file of `directory`, if it has one (first of the names kustomize accepts)."""
    for name in KUSTOMIZATION_FILES:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            return candidate
    return None


def read_kustomization(path: str) -> dict[str, Any]:
    """The kustomization as data; empty when it cannot be read (kustomize itself says why, if asked)."""
    try:
        with open(path, "rb") as handle:
            text, _ = decode(handle.read())
        data = yaml.load(text or "", Loader=_Loader)
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def patch_files(kustomization: str) -> list[PatchFile]:
    """The patch files a kustomization names, in the order kustomize applies them."""
    data = read_kustomization(kustomization)
    directory = os.path.dirname(os.path.abspath(kustomization))
    found: list[PatchFile] = []

    def add(entry: Any, target: Any = None) -> None:
        # An inline patch in patchesStrategicMerge is YAML text, not the name of a file.
        if isinstance(entry, str) and entry.strip() and "\n" not in entry:
            path = os.path.normpath(os.path.join(directory, entry.strip()))
            if os.path.isfile(path):
                found.append(PatchFile(path, target if isinstance(target, dict) else None))

    for name in ("patchesStrategicMerge", "patches", "patchesJson6902"):
        entries = data.get(name)
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict):
                add(entry.get("path"), entry.get("target"))
            elif name == "patchesStrategicMerge":  # a file name, or (deprecated) an inline patch
                add(entry)
    return found


class PatchIndex:
    """Answers "is this file a patch?" from the kustomization files in its folder and the folders
    above it (patches normally sit beside or below their kustomization), reading each one once."""

    def __init__(self) -> None:
        # folder -> the non-empty patch sets of its kustomization and those of the folders above it
        self._above: dict[str, tuple[frozenset[str], ...]] = {}

    def is_patch(self, path: str) -> bool:
        return self.holds(os.path.realpath(path))

    def holds(self, real: str) -> bool:
        """Whether the file at the real path `real` is a patch."""
        return any(real in patches for patches in self._applying(os.path.dirname(real)))

    def _applying(self, directory: str) -> tuple[frozenset[str], ...]:
        cached = self._above.get(directory)
        if cached is None:
            parent = os.path.dirname(directory)
            above = self._applying(parent) if parent != directory else ()
            own = self._patches_of(directory)  # read once: the folder's answer is kept
            cached = self._above[directory] = (own, *above) if own else above
        return cached

    @staticmethod
    def _patches_of(directory: str) -> frozenset[str]:
        kustomization = kustomization_in(directory)
        files = patch_files(kustomization) if kustomization is not None else []
        return frozenset(os.path.realpath(patch.path) for patch in files)
