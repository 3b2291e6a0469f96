"""What fixing a file gives: the texts before and after, the findings fixed, and those refused with why."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from probelint.findings import Finding
from probelint.fix.diff import unified_diff
from probelint.fix.roundtrip import Chunk, SourceText

# The refusal group of a fix placed in a document Helm rendered (kept unless --fix-rendered).
HELD = "rendered by Helm"

FindingKey = tuple[str, str, int | None]


def finding_key(finding: Finding) -> FindingKey:
    """What identifies a finding across passes, when lines have moved."""
    return (finding.rule, finding.path, finding.document)


@dataclass(frozen=True)
class Refusal:
    """A finding whose fix was not applied, why, and a short label to group refusals by."""

    finding: Finding
    reason: str
    group: str
    now: Finding | None = None  # the same finding in the file as --fix wrote it (lines may have moved)

    @property
    def where(self) -> Finding:
        return self.now or self.finding


@dataclass
class FileFix:
    """What fixing one file gives: the texts, what was fixed, what was not and why."""

    display: str
    original: SourceText | None = None
    preview: SourceText | None = None  # every placed change, rendered documents included (--diff)
    fixed: SourceText | None = None  # what --fix writes (rendered documents only with --fix-rendered)
    applied: list[Finding] = field(default_factory=list)
    held: list[Finding] = field(default_factory=list)  # placed in the preview, but in a rendered document
    refused: list[Refusal] = field(default_factory=list)
    intended: list[str] = field(default_factory=list)  # diffs of changes that could not be placed
    templates: list[str | None] = field(default_factory=list)  # per `---` part of the original
    chunks: list[Chunk] = field(default_factory=list)
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.fixed is not None and self.original is not None and self.fixed.lines != self.original.lines

    def template_at(self, line: int) -> str | None:
        """The Helm template that rendered the original line (0-based), if any."""
        starts = [chunk.start for chunk in self.chunks]
        index = bisect.bisect_right(starts, line) - 1
        return self.templates[index] if 0 <= index < len(self.templates) else None

    def diff(self) -> str:
        """Every placed change (rendered documents too) as a unified diff against the original."""
        if self.original is None or self.preview is None:
            return ""
        return unified_diff(self.display, self.original, self.preview, label=self._label)

    def _label(self, line: int) -> str | None:
        template = self.template_at(line)
        return f"rendered from {template}" if template else None
