"""Kubernetes versions as `--kubernetes-version` and the configuration write them: "1.30", "v1.30", "1.30.2".

Only the minor version matters to probelint (feature gates change per minor release), so a version is
the pair (1, minor). The grammar is the configuration schema's `kubernetes-version` pattern.
"""

from __future__ import annotations

import re

_VERSION_RE = re.compile(r"^v?1\.([0-9]+)(?:\.[0-9]+)?$")

KubernetesVersion = tuple[int, int]


def parse(text: str) -> KubernetesVersion:
    """`"1.30"` → (1, 30); ValueError for anything that is not a Kubernetes 1.x version."""
    match = _VERSION_RE.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a Kubernetes version such as 1.30")
    return 1, int(match.group(1))


def normalize(text: str) -> str:
    """The canonical "1.30" form of a valid version (ValueError otherwise)."""
    return show(parse(text))


def show(version: KubernetesVersion) -> str:
    return f"{version[0]}.{version[1]}"
