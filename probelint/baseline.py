"""Baselines: record the findings a repository already has, then report only new ones.

A baseline entry names a finding by what survives unrelated edits: rule, file, object (kind,
namespace, name), container, YAML key path, and the value at fault (the scalar the engine read at
that path, `Finding.value`). Lines and columns are left out, so inserting or deleting lines does not
bring a baselined finding back; changing the value at fault does, since that is a new decision.

The file is pretty JSON, one entry per finding, entries and keys sorted, so that refreshing it gives
a readable diff. Files are written relative to the baseline's folder, so the run can start anywhere.
Entries that match no current finding are counted, so the user knows when to refresh the file.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections import Counter
from typing import NamedTuple

from probelint.findings import Finding
from probelint.reading.files import STDIN
from probelint.reporters.common import identity

FORMAT_VERSION = 1
FIELDS = ("rule", "file", "kind", "namespace", "name", "container", "path", "value")

Key = tuple[str, ...]
# Entries are sorted file by file, then object by object, as a reader scans them.
_ORDER = ("file", "kind", "namespace", "name", "container", "path", "rule", "value")


class BaselineError(Exception):
    """The baseline file cannot be read or is not a probelint baseline."""


class Filtered(NamedTuple):
    """The findings a baseline does not cover, and how many of its entries matched nothing."""

    findings: list[Finding]
    baselined: int
    stale: int


def _relative(file: str, base_dir: str) -> str:
    if file == STDIN:
        return STDIN
    relative = os.path.relpath(os.path.abspath(file), base_dir)
    return relative.replace(os.sep, "/")


def key_of(finding: Finding, base_dir: str) -> Key:
    """The finding's identity with the file relative to `base_dir`, followed by its value at fault."""
    return (*identity(finding, _relative(finding.file, base_dir)), finding.value or "")


def render(findings: list[Finding], base_dir: str) -> str:
    """The baseline file's text for these findings."""
    entries = [dict(zip(FIELDS, key_of(finding, base_dir), strict=True)) for finding in findings]
    entries.sort(key=lambda entry: tuple(entry[name] for name in _ORDER))
    document = {"probelint-baseline": FORMAT_VERSION, "findings": entries}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(path: str, findings: list[Finding]) -> None:
    """Write the baseline atomically (a reader never sees half a file); raises OSError."""
    base_dir = os.path.dirname(os.path.abspath(path))
    os.makedirs(base_dir, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=".probelint-baseline.", dir=base_dir)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(render(findings, base_dir))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read(path: str) -> Counter[Key]:
    """The entries of a baseline file, with how often each occurs; raises BaselineError."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except OSError as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error.strerror or error}") from None
    except ValueError as error:
        raise BaselineError(f"{path}: the baseline is not JSON: {error}") from None
    if not isinstance(document, dict) or document.get("probelint-baseline") != FORMAT_VERSION:
        raise BaselineError(f"{path}: not a probelint baseline (write one with --write-baseline)")
    entries = document.get("findings")
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise BaselineError(f"{path}: `findings` must be a list of entries")
    return Counter(tuple(str(entry.get(name) or "") for name in FIELDS) for entry in entries)


def apply(path: str, findings: list[Finding]) -> Filtered:
    """The findings the baseline at `path` does not cover; raises BaselineError."""
    remaining = read(path)
    base_dir = os.path.dirname(os.path.abspath(path))
    kept: list[Finding] = []
    for finding in findings:
        key = key_of(finding, base_dir)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            kept.append(finding)
    return Filtered(kept, len(findings) - len(kept), sum(remaining.values()))
