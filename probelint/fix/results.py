"""What fixing a file gives: the texts before and after, the findings fixed, and those refused with why."""

from __future__ import annotations

import bisect
from typing import NamedTuple

from yaml.nodes import ScalarNode

from probelint.findings import Finding
from probelint.fix.diff import unified_diff
from probelint.fix.roundtrip import Chunk, SourceText, split_chunks
from probelint.reading.loader import decode_file, iter_documents

# The refusal group of a fix placed in a document Helm rendered (kept unless --fix-rendered).
HELD = "rendered by Helm"

FindingKey = tuple[str, str, int | None]


def finding_key(finding: Finding) -> FindingKey:
    """What identifies a finding across passes, when lines have moved."""
    return (finding.rule, finding.path, finding.document)


class Refusal(NamedTuple):
    """A finding whose fix was not applied, why, and a short label to group refusals by."""

    finding: Finding
    reason: str
    group: str
    now: Finding | None = None  # the same finding in the file as --fix wrote it (lines may have moved)

    @property
    def where(self) -> Finding:
        return self.now or self.finding


class FileFix:
    """What fixing one file gives: the texts, what was fixed, what was not and why."""

    __slots__ = (
        "applied",
        "chunks",
        "display",
        "error",
        "fixed",
        "held",
        "intended",
        "original",
        "preview",
        "refused",
        "templates",
    )

    def __init__(
        self,
        display: str,
        original: SourceText | None = None,
        preview: SourceText | None = None,
        fixed: SourceText | None = None,
        applied: list[Finding] | None = None,
        held: list[Finding] | None = None,
        refused: list[Refusal] | None = None,
        intended: list[str] | None = None,
        templates: dict[int, str | None] | None = None,
        chunks: list[Chunk] | None = None,
        error: str | None = None,
    ) -> None:
        self.display = display
        self.original = original
        self.preview = preview  # every placed change, rendered documents included (--diff)
        self.fixed = fixed  # what --fix writes (rendered documents only with --fix-rendered)
        self.applied: list[Finding] = applied if applied is not None else []
        self.held: list[Finding] = held if held is not None else []  # placed in the preview, but in a rendered document
        self.refused: list[Refusal] = refused if refused is not None else []
        self.intended: list[str] = intended if intended is not None else []  # diffs of changes that could not be placed
        # The Helm template of `---` parts of the original, by part: those fixed are known, the others
        # are read when asked for (see template_at).
        self.templates: dict[int, str | None] = templates if templates is not None else {}
        self.chunks: list[Chunk] = chunks if chunks is not None else []
        self.error = error

    @property
    def changed(self) -> bool:
        return self.fixed is not None and self.original is not None and self.fixed.lines != self.original.lines

    def template_at(self, line: int) -> str | None:
        """The Helm template that rendered the original line (0-based), if any."""
        starts = [chunk.start for chunk in self.chunks]
        index = bisect.bisect_right(starts, line) - 1
        if index not in self.templates and self.original is not None:
            self.templates.update(templates_of(self.display, self.original.to_bytes(), starts))
        return self.templates.get(index)

    def diff(self) -> str:
        """Every placed change (rendered documents too) as a unified diff against the original."""
        if self.original is None or self.preview is None:
            return ""
        return unified_diff(self.display, self.original, self.preview, label=self._label, changed=self._changed())

    def _changed(self) -> list[tuple[int, int, int, int]] | None:
        """The `---` parts the fixes rewrote, as (old start, old end, new start, new end); None when the
        parts do not pair up (fixes never add or remove a `---` line)."""
        assert self.original is not None and self.preview is not None
        new_chunks = split_chunks(self.preview.lines)
        if len(new_chunks) != len(self.chunks):
            return None
        old_lines, new_lines = self.original.lines, self.preview.lines
        old_endings, new_endings = self.original.endings, self.preview.endings
        return [
            (old.start, old.end, new.start, new.end)
            for old, new in zip(self.chunks, new_chunks, strict=True)
            if old_lines[old.start : old.end] != new_lines[new.start : new.end]
            or old_endings[old.start : old.end] != new_endings[new.start : new.end]
        ]

    def _label(self, line: int) -> str | None:
        template = self.template_at(line)
        return f"rendered from {template}" if template else None


def templates_of(display: str, data: bytes, starts: list[int]) -> dict[int, str | None]:
    """The Helm template of each `---` part (by the lines they start on), from its documents' `# Source:`
    comments."""
    templates: dict[int, str | None] = dict.fromkeys(range(len(starts)))
    loaded = decode_file(display, data)
    if loaded.problems or "# Source:" not in loaded.text:  # no Helm template names any part
        return templates
    for document in iter_documents(loaded, skip_irrelevant=True):  # streamed: one document in memory at a time
        root = document.root
        if isinstance(root, ScalarNode) and not root.value:  # an empty `---` document sits on the next `---`
            continue
        index = bisect.bisect_right(starts, root.start_mark.line) - 1
        if document.source and 0 <= index < len(starts):
            templates[index] = document.source
    return templates
