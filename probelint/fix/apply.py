"""Fix one file: lint it, run the fixes of its findings, place the edits, and prove them before use.

For each `---` part that holds a finding with a fix, ruamel.yaml loads the part, each fix edits it, and
`merge.py` carries the edit back onto the original lines; `verify.py` accepts the result or says why
not, and a part that fails is left as it was. Fixing repeats (at most MAX_PASSES times) until no
fixable finding is left, so that a second `--fix` changes nothing.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.error import YAMLError as RuamelError
from yaml.nodes import Node, ScalarNode

from probelint.engine.linter import Linter
from probelint.findings import Finding
from probelint.fix.diff import unified_diff
from probelint.fix.edits import CannotFix, Editor
from probelint.fix.fixes import FixContext, fix_for
from probelint.fix.merge import Conflict, Hunk, apply_hunks, merge
from probelint.fix.roundtrip import Chunk, FileFormatError, KeptNull, SourceText, load_chunk, split_chunks
from probelint.fix.verify import first_line, verify
from probelint.model.extract import workloads_in
from probelint.paths import is_within
from probelint.reading.loader import Document, decode_file, iter_documents

MAX_PASSES = 4
MAX_RESTARTS = 3
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


@dataclass
class _ChunkOutcome:
    hunks: list[Hunk] | None = None  # the part's edit in file lines, when it was placed and proven
    applied: list[Finding] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    intended: str | None = None


class FileFixer:
    """Fixes files for one run: the linter (rules, options, suppressions) decides what is found."""

    def __init__(self, linter: Linter, fix_rendered: bool = False) -> None:
        self.linter = linter
        self.fix_rendered = fix_rendered

    def fixable(self, findings: Iterable[Finding]) -> list[Finding]:
        return [f for f in findings if f.document is not None and f.path and fix_for(f.rule) is not None]

    def findings(self, display: str, data: bytes) -> list[Finding]:
        report = self.linter.lint_file(display, data)
        if report.error is not None:
            return []
        return self.linter.finish([report]).findings

    def fix(self, display: str, data: bytes) -> FileFix:
        result = FileFix(display)
        report = self.linter.lint_file(display, data)
        if report.error is not None:
            result.error = report.error
            return result
        pending = self.fixable(self.linter.finish([report]).findings)
        if not pending:
            return result
        try:
            original = SourceText.from_bytes(data)
        except FileFormatError as error:
            result.refused = [Refusal(f, f"{error}", "file format") for f in pending]
            return result
        result.original = original
        result.chunks = split_chunks(original.lines)
        result.templates = _templates(display, data, result.chunks)
        given_up: dict[FindingKey, Refusal] = {}
        for _ in range(MAX_RESTARTS):
            refused = dict(given_up)
            current, applied, intended, unresolved = self._passes(display, original, pending, refused)
            if not unresolved:
                break
            # A fix left its finding in place: start again from the original without it, so that
            # nothing it changed is written.
            given_up.update(unresolved)
        else:
            refused, current, applied, intended = given_up, original, {}, []
        result.intended = intended
        result.preview = current
        result.fixed = self._without_held(result, current)
        result.held = [refusal.finding for refusal in refused.values() if refusal.group == HELD]
        held_keys = {finding_key(f) for f in result.held}
        result.applied = [f for key, f in applied.items() if key not in held_keys and key not in refused]
        result.refused = list(refused.values())
        if result.changed and result.fixed is not None and result.refused:
            latest = {finding_key(f): f for f in self.findings(display, result.fixed.to_bytes())}
            result.refused = [
                dataclasses.replace(refusal, now=latest.get(finding_key(refusal.finding))) for refusal in result.refused
            ]
        return result

    def _passes(
        self, display: str, original: SourceText, pending: list[Finding], refused: dict[FindingKey, Refusal]
    ) -> tuple[SourceText, dict[FindingKey, Finding], list[str], dict[FindingKey, Refusal]]:
        """Fix pass after pass until nothing fixable is left; also returns the fixes that did not work."""
        applied: dict[FindingKey, Finding] = {}
        intended: list[str] = []
        unresolved: dict[FindingKey, Refusal] = {}
        current = original
        pending = [f for f in pending if finding_key(f) not in refused]
        for _ in range(MAX_PASSES):
            if not pending:
                break
            new, outcomes = self._pass(display, current, pending)
            for outcome in outcomes:
                for refusal in outcome.refused:
                    refused.setdefault(finding_key(refusal.finding), refusal)
                for finding in outcome.applied:
                    applied.setdefault(finding_key(finding), finding)
                if outcome.intended:
                    intended.append(outcome.intended)
            if new is None:
                break
            current = new
            pending = []
            for finding in self.fixable(self.findings(display, current.to_bytes())):
                key = finding_key(finding)
                if key in applied and key not in refused:  # fixed, yet still there
                    reason = "the fix did not make the finding go away; please report this"
                    unresolved[key] = Refusal(applied[key], reason, "internal")
                elif key not in refused:
                    pending.append(finding)
            if unresolved:
                break
        return current, applied, intended, unresolved

    # one pass over the file

    def _pass(
        self, display: str, text: SourceText, findings: list[Finding]
    ) -> tuple[SourceText | None, list[_ChunkOutcome]]:
        loaded = decode_file(display, text.to_bytes())
        chunks = split_chunks(text.lines)
        starts = [chunk.start for chunk in chunks]
        placement: dict[int, tuple[int, int]] = {}  # document index -> (part, position in the part)
        by_document: dict[int, list[Finding]] = {}
        for finding in findings:
            assert finding.document is not None
            by_document.setdefault(finding.document, []).append(finding)
        outcomes: list[_ChunkOutcome] = []
        hunks: list[Hunk] = []

        def fix_part(index: int, members: list[Document], part_findings: list[Finding]) -> None:
            try:
                outcome = self._fix_chunk(display, text, chunks[index], members, part_findings, placement)
            except Exception as error:  # a bug (ours or ruamel.yaml's) must cost this document only
                reason = f"fixing this document failed ({type(error).__name__}: {error}); please report this"
                outcome = _ChunkOutcome(refused=[Refusal(f, reason, "internal") for f in part_findings])
            outcomes.append(outcome)
            if outcome.hunks is not None:
                hunks.extend(outcome.hunks)

        # Documents stream in, one `---` part after the other: each part is fixed once all of its
        # documents are in, then dropped, so memory is that of a part, not of the file.
        current = -1
        members: list[Document] = []
        part_findings: list[Finding] = []
        documents = iter_documents(loaded) if not loaded.problems else iter(())
        for document in documents:
            if _is_empty(document.root):  # `---` with nothing after it: no findings, and no position
                continue
            index = bisect.bisect_right(starts, document.root.start_mark.line) - 1
            if index != current:
                if part_findings:
                    fix_part(current, members, part_findings)
                current, members, part_findings = index, [], []
            placement[document.index] = (index, len(members))
            members.append(document)
            part_findings.extend(by_document.pop(document.index, []))
        if part_findings:
            fix_part(current, members, part_findings)
        for lost in by_document.values():
            outcomes.extend(
                _ChunkOutcome(refused=[Refusal(f, "its document cannot be found", "internal")]) for f in lost
            )
        if not hunks:
            return None, outcomes
        return text.replaced_many((hunk.start, hunk.end, hunk.lines) for hunk in hunks), outcomes

    def _fix_chunk(
        self,
        display: str,
        text: SourceText,
        chunk: Chunk,
        documents: list[Document],
        findings: list[Finding],
        placement: Mapping[int, tuple[int, int]],
    ) -> _ChunkOutcome:
        lines = text.lines[chunk.start : chunk.end]
        outcome = _ChunkOutcome()
        skipped: set[FindingKey] = set()
        while True:
            try:
                loaded = load_chunk(lines)
            except (RuamelError, RecursionError) as error:
                reason = f"ruamel.yaml cannot read the document: {first_line(error)}"
                outcome.refused = [Refusal(f, reason, "ruamel.yaml cannot read the document") for f in findings]
                return outcome
            contents = [document for document in loaded.documents if not _is_empty_value(document)]
            if len(contents) != len(documents):
                reason = "ruamel.yaml and the loader split this part of the stream into different documents"
                outcome.refused = [Refusal(f, reason, "document boundaries differ") for f in findings]
                return outcome
            unedited = loaded.dump()
            editors: dict[int, Editor] = {}
            applied: list[Finding] = []
            refused: list[Refusal] = []
            restart = False
            for finding in findings:
                if finding_key(finding) in skipped:
                    continue
                assert finding.document is not None
                position = placement[finding.document][1]
                editor = editors.setdefault(position, Editor(contents[position]))
                before = len(editor.changes)
                problem = self._run_fix(finding, documents[position], editor)
                if problem is None:
                    if len(editor.changes) > before:
                        applied.append(finding)
                    continue
                refused.append(problem)
                if len(editor.changes) != before or problem.group == "internal":  # maybe half done: start again
                    skipped.add(finding_key(finding))
                    outcome.refused.append(problem)
                    restart = True
                    break
            if not restart:
                break
        outcome.refused.extend(refused)
        if not applied:
            return outcome
        edited = loaded.dump()
        intended = unified_diff(
            display, SourceText(unedited, [], False), SourceText(edited, [], False), first_line=chunk.start
        )
        placed = merge(lines, unedited, edited)
        if isinstance(placed, Conflict):
            reason = (
                f"ruamel.yaml cannot write this document back unchanged around the edit: {placed.describe(chunk.start)}"
            )
            outcome.refused.extend(Refusal(f, reason, f"round trip: {placed.reason}") for f in applied)
            outcome.intended = intended
            return outcome
        new_lines = apply_hunks(lines, placed)
        changes = {position: editor.changes for position, editor in editors.items()}
        wrong = verify(lines, new_lines, changes, documents, placed, chunk.start)
        if wrong is not None:
            outcome.refused.extend(Refusal(f, wrong, "verification") for f in applied)
            outcome.intended = intended
            return outcome
        if self._is_held(documents):
            template = next(d.source for d in documents if d.source)
            outcome.refused.extend(
                Refusal(
                    f,
                    f"the object is rendered by Helm from {template}: change the template (or pass --fix-rendered "
                    f"to edit the rendered file)",
                    HELD,
                )
                for f in applied
            )
        outcome.hunks = [Hunk(h.start + chunk.start, h.end + chunk.start, h.lines) for h in placed]
        outcome.applied = applied
        return outcome

    def _run_fix(self, finding: Finding, document: Document, editor: Editor) -> Refusal | None:
        fix = fix_for(finding.rule)
        active = self.linter.rules.get(finding.rule)
        if fix is None or active is None:
            return Refusal(finding, "the rule has no fix", "no fix")
        workload = _workload_of(document, finding.path)
        if workload is None:
            return Refusal(finding, "the object cannot be found", "internal")
        try:
            fix.apply(FixContext(finding, active.options, workload, editor))
        except CannotFix as error:
            return Refusal(finding, str(error), "not safe to fix here")
        except Exception as error:  # a fix bug must not cost the rest of the run
            return Refusal(finding, f"the fix failed ({type(error).__name__}: {error}); please report this", "internal")
        return None

    def _is_held(self, documents: list[Document]) -> bool:
        return not self.fix_rendered and any(document.source for document in documents)

    def _without_held(self, result: FileFix, preview: SourceText) -> SourceText:
        """The preview with rendered documents put back as they were (unless --fix-rendered)."""
        original = result.original
        assert original is not None
        if self.fix_rendered or not any(result.templates):
            return preview
        new_chunks = split_chunks(preview.lines)
        if len(new_chunks) != len(result.chunks):  # cannot happen: fixes never add or remove `---` lines
            return original
        lines: list[str] = []
        endings: list[str] = []
        for old, new, template in zip(result.chunks, new_chunks, result.templates, strict=True):
            source, chunk = (original, old) if template else (preview, new)
            lines += source.lines[chunk.start : chunk.end]
            endings += source.endings[chunk.start : chunk.end]
        return SourceText(lines, endings, original.bom)


def _templates(display: str, data: bytes, chunks: list[Chunk]) -> list[str | None]:
    """The Helm template of each `---` part (from its documents' `# Source:` comments)."""
    starts = [chunk.start for chunk in chunks]
    templates: list[str | None] = [None] * len(chunks)
    loaded = decode_file(display, data)
    if loaded.problems or "# Source:" not in loaded.text:  # no Helm template names any part
        return templates
    for document in iter_documents(loaded):  # streamed: one document in memory at a time
        index = bisect.bisect_right(starts, document.root.start_mark.line) - 1
        if document.source and 0 <= index < len(templates):
            templates[index] = document.source
    return templates


def _is_empty(root: Node) -> bool:
    return isinstance(root, ScalarNode) and root.tag == "tag:yaml.org,2002:null" and not root.value


def _is_empty_value(document: Any) -> bool:
    return document is None or (isinstance(document, KeptNull) and not document.text)


def _workload_of(document: Document, path: str) -> Any:
    best = None
    for workload in workloads_in(document):
        prefix = workload.root.path
        within = not prefix or is_within(path, prefix)
        if within and (best is None or len(prefix) > len(best.root.path)):
            best = workload
    return best
