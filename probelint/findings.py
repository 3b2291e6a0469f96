"""Severities, the problems rules yield, and the findings reporters print.

Records, here and in the whole package: an immutable record is a `NamedTuple`; a mutable one is a
plain class with an explicit `__init__`. No dataclasses: creating one generates code at import time, and
probelint starts on every commit (see CONTRIBUTING.md).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from probelint.sources.origin_ref import OriginRef


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
    """Where a finding points: the dotted object path and the 1-based line and column.

    `end_line` and `end_column` bound the key or value at fault (1-based, the column just past its last
    character, as YAML end marks are); 0 when the extent is unknown.
    """

    path: str
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0


# A finding's `message` fits in this many characters; the long explanation goes to `detail`.
MESSAGE_LIMIT = 120


def clip(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis in the middle, for names and values in messages."""
    if len(text) <= width:
        return text
    head = (width - 1) // 2 + (width - 1) % 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head) :]


def fit_message(message: str, detail: str = "") -> tuple[str, str]:
    """A message over MESSAGE_LIMIT (a parser's or a suppression's words) cut at its last `; ` that fits,
    or with an ellipsis; the whole text then leads the detail, so nothing is lost."""
    if len(message) <= MESSAGE_LIMIT:
        return message, detail
    cut = message.rfind("; ", 0, MESSAGE_LIMIT)
    short = message[:cut] if cut > MESSAGE_LIMIT // 2 else message[: MESSAGE_LIMIT - 1].rstrip() + "…"
    whole = message if message.endswith((".", "?", ")")) else message + "."
    return short, f"{whole} {detail}".strip()


class Problem(NamedTuple):
    """What a rule reports: where and why. The engine adds the file, object and rule metadata."""

    loc: Loc
    message: str  # at most MESSAGE_LIMIT characters: what is wrong and the fix, with the numbers
    container: str | None = None
    severity: Severity | None = None  # None: the rule's configured severity
    tag: str | None = None  # not reported: lets the rule's `refine` recognise its own finding
    detail: str = ""  # why it matters and what the cluster will say (kubelet/API errors, verbatim)
    needs: int | None = None  # the least value the rule accepts at `loc`: ranks overlapping findings


class Location(NamedTuple):
    """Another place a finding shows up. role: `template` (a chart's template), `values` (a values
    file), `base` (the Kustomize resource file that holds the object), `patch` (a Kustomize patch file
    that sets the key) or `rendered` (the line in the rendered or built stream; for a chart or a
    `--kustomize` build, `file` then names the chart or the kustomization's folder)."""

    file: str
    line: int
    column: int
    role: str


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
    # Why it matters and what the cluster will say; shown by --format full, JSON, SARIF and --explain.
    detail: str = ""
    # The extent of the key or value at fault (see Loc); 0 when unknown.
    end_line: int = 0
    end_column: int = 0
    # False when the position is the nearest enclosing key that maps for sure, not the key at fault.
    exact: bool = True
    # For findings on rendered charts and Kustomize builds: every other place the finding shows up.
    locations: tuple[Location, ...] = ()
    # Not reported: on an object that names its origin file (a Kustomize build), the way back there.
    origin: OriginRef | None = None
    # Not reported: the Problem's `needs`, for merging findings that overlap (engine/overlaps.py).
    needs: int | None = None
    # Not reported: the text of the scalar at `path` (None when it is a mapping, a list or absent);
    # the engine records it so that a baseline can tell a changed value from a moved line.
    value: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)


class Suppressed(NamedTuple):
    """A finding that a suppression silenced, and which one: shown by `--show-suppressed`."""

    finding: Finding
    by: str  # the suppression as written, e.g. `# probelint: disable=rule-a` or `probelint/ignore: rule-a`
    file: str  # where that suppression is written
    line: int
    column: int
