"""Object paths: where a node sits in its object, as findings show it (`spec.containers[0].livenessProbe`).

The text form is what `Loc.path` and every finding carry; in a `kind: List` it starts at
`items[N]`, and the object itself is `""`. `ObjectPath` is the same path as its segments (mapping
keys and list indexes), for code that walks or edits data.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

Segment = str | int

_SEGMENT_RE = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def join_key(path: str, key: str) -> str:
    """The path of `key` in the mapping at `path`."""
    return f"{path}.{key}" if path else key


def join_index(path: str, index: int) -> str:
    """The path of item `index` in the list at `path`."""
    return f"{path}[{index}]"


def join(path: str, segments: Iterable[Segment]) -> str:
    """`path` followed by keys and indexes: `join("a", ("b", 0))` is `a.b[0]`."""
    for segment in segments:
        path = join_index(path, segment) if isinstance(segment, int) else join_key(path, segment)
    return path


def is_within(path: str, prefix: str) -> bool:
    """Whether `path` is `prefix` or below it (`a.b[0]` is within `a.b`, `a.bc` is not)."""
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


class ObjectPath(tuple[Segment, ...]):
    """A path as its segments, `("spec", "containers", 0)`; `str()` gives the text form."""

    __slots__ = ()

    @staticmethod
    def parse(text: str) -> ObjectPath:
        """`a.b[0].c` -> ("a", "b", 0, "c"). Remembered: every finding's path is parsed, and a few
        paths (a container's probes) make most of them."""
        return _parse(text)

    def __str__(self) -> str:
        return join("", self)

    def child(self, key: str) -> ObjectPath:
        return ObjectPath((*self, key))

    def item(self, index: int) -> ObjectPath:
        return ObjectPath((*self, index))

    @property
    def parent(self) -> ObjectPath:
        return ObjectPath(self[:-1])


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> ObjectPath:
    return ObjectPath(
        match.group(1) if match.group(1) is not None else int(match.group(2)) for match in _SEGMENT_RE.finditer(text)
    )
