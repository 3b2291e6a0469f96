"""Severities, the problems rules yield, and the findings reporters print.

Records, here and in the whole package: an immutable record is a `NamedTuple`; a mutable one is a
plain class with an explicit `__init__`. No dataclasses: creating one generates code at import time, and
probelint starts on every commit (see CONTRIBUTING.md).
"""

from __future__ import annotations

import enum
from typing import NamedTuple


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (choose error, warning or info)") from None


class Loc(NamedTuple):
    """Where a finding points: the dotted object path and the 1-based line and column."""

    path: str
    line: int
    column: int


class Problem(NamedTuple):
    """What a rule reports: where and why. The engine adds the file, object and rule metadata."""

    loc: Loc
    message: str
    container: str | None = None
    severity: Severity | None = None  # None: the rule's configured severity
    tag: str | None = None  # not reported: lets the rule's `refine` recognise its own finding


class Finding(NamedTuple):
    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    path: str = ""
    kind: str | None = None
    namespace: str | None = None
    name: str | None = None
    container: str | None = None
    source: str | None = None
    # Not reported: what a run-wide pass (Services selecting pods) needs to know about the object.
    pod_labels: tuple[tuple[str, str], ...] = ()
    # Not reported: the index of the object's document in its file, for --fix (paths are per document).
    document: int | None = None
    # Not reported: the Problem's tag, for the rule's `refine`.
    tag: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)


class Suppressed(NamedTuple):
    """A finding that a suppression silenced, and which one: shown by `--show-suppressed`."""

    finding: Finding
    by: str  # the suppression as written, e.g. `# probelint: disable=rule-a` or `probelint/ignore: rule-a`
    file: str  # where that suppression is written
    line: int
    column: int
