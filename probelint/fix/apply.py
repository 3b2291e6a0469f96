"""Fix one file: lint it, run the fixes of its findings, place the edits, and prove them before use.

For each `---` part that holds a finding with a fix, ruamel.yaml loads the part, each fix edits it, and
`merge.py` carries the edit back onto the original lines; `verify.py` accepts the result or says why
not, and a part that fails is left as it was. Fixing repeats (at most MAX_PASSES times) until no
fixable finding is left, so that a second `--fix` changes nothing.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from ruamel.yaml.error import YAMLError as RuamelError
from yaml.nodes import Node, ScalarNode

from probelint.engine.linter import FileReport, Linter
from probelint.findings import Finding
from probelint.fix.diff import intended_diff
from probelint.fix.edits import CannotFix, Editor
from probelint.fix.fixes import FixContext, fix_for
from probelint.fix.merge import Conflict, Hunk, apply_hunks, merge
from probelint.fix.regressions import REGRESSION, added_findings, culprits
from probelint.fix.results import HELD, FileFix, FindingKey, Refusal, finding_key
from probelint.fix.roundtrip import Chunk, FileFormatError, KeptNull, LoadedChunk, SourceText, load_chunk, split_chunks
from probelint.fix.verify import first_line, verify
from probelint.model.extract import workloads_in
from probelint.paths import is_within
from probelint.reading.loader import Document, decode_file, iter_documents

MAX_PASSES = 4
MAX_RESTARTS = 3


class _ChunkOutcome:
    __slots__ = ("applied", "hunks", "intended", "refused")

    def __init__(
        self,
        hunks: list[Hunk] | None = None,
        applied: list[Finding] | None = None,
        refused: list[Refusal] | None = None,
        intended: str | None = None,
    ) -> None:
        self.hunks = hunks  # the part's edit in file lines, when it was placed and proven
        self.applied: list[Finding] = applied if applied is not None else []
        self.refused: list[Refusal] = refused if refused is not None else []
        self.intended = intended


class FileFixer:
    """Fixes files for one run: the linter (rules, options, suppressions) decides what is found."""

    def __init__(self, linter: Linter, fix_rendered: bool = False) -> None:
        self.linter = linter
        self.fix_rendered = fix_rendered
        # The lints of the file being fixed, by the digest of the bytes linted: the text a pass wrote is
        # linted once, whether for the next pass, the regression check, the notes or the final report.
        self._lints: dict[bytes, tuple[FileReport, list[Finding]]] = {}

    def fixable(self, findings: Iterable[Finding]) -> list[Finding]:
        return [f for f in findings if f.document is not None and f.path and fix_for(f.rule) is not None]

    def report(self, display: str, data: bytes) -> FileReport:
        """The lint of these bytes (as `Linter.lint_file` gives it), computed once per text."""
        return self._lint(display, data)[0]

    def findings(self, display: str, data: bytes) -> list[Finding]:
        """The findings of these bytes after the run-wide step (`Linter.finish`), computed once per text."""
        return self._lint(display, data)[1]

    def _lint(self, display: str, data: bytes) -> tuple[FileReport, list[Finding]]:
        digest = hashlib.blake2b(display.encode("utf-8", "surrogateescape"), digest_size=20)
        digest.update(b"\0")
        digest.update(data)
        key = digest.digest()
        known = self._lints.get(key)
        if known is None:
            report = self.linter.lint_file(display, data)
            findings = [] if report.error is not None else self.linter.finish([report]).findings
            known = self._lints[key] = (report, findings)
        return known

    def fix(self, display: str, data: bytes) -> FileFix:
        self._lints.clear()  # a new file: the texts of the last one are not seen again
        result, report = FileFix(display), self.report(display, data)
        if report.error is not None:
            result.error = report.error
            return result
        found = self.findings(display, data)
        pending = self.fixable(found)
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
            if not unresolved and applied:
                added = added_findings(found, self.findings(display, current.to_bytes()))
                blamed = culprits(added, applied, lambda fix: self._alone(display, original, pending, fix)).items()
                unresolved = {k: Refusal(f, why, REGRESSION) for k, (f, why) in blamed}
            if not unresolved:
                break
            # A fix left its finding or brought a new one: start again from the original without it.
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
                refusal._replace(now=latest.get(finding_key(refusal.finding))) for refusal in result.refused
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

    def _alone(self, display: str, original: SourceText, pending: list[Finding], fix: Finding) -> list[Finding]:
        others = {finding_key(f): Refusal(f, "", "") for f in pending if finding_key(f) != finding_key(fix)}
        return self.findings(display, self._passes(display, original, [fix], others)[0].to_bytes())

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
        edited_chunk = self._edit_chunk(lines, documents, findings, placement, outcome)
        if edited_chunk is None:
            return outcome
        loaded, unedited, editors, applied = edited_chunk
        if not applied:
            return outcome
        edited = loaded.dump()
        placed = merge(lines, unedited, edited)
        if isinstance(placed, Conflict):
            reason = (
                f"ruamel.yaml cannot write this document back unchanged around the edit: {placed.describe(chunk.start)}"
            )
            outcome.refused.extend(Refusal(f, reason, f"round trip: {placed.reason}") for f in applied)
            outcome.intended = intended_diff(display, unedited, edited, chunk.start)
            return outcome
        new_lines = apply_hunks(lines, placed)
        changes = {position: editor.changes for position, editor in editors.items()}
        wrong = verify(lines, new_lines, changes, documents, placed, chunk.start)
        if wrong is not None:
            outcome.refused.extend(Refusal(f, wrong, "verification") for f in applied)
            outcome.intended = intended_diff(display, unedited, edited, chunk.start)
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

    def _edit_chunk(
        self,
        lines: list[str],
        documents: list[Document],
        findings: list[Finding],
        placement: Mapping[int, tuple[int, int]],
        outcome: _ChunkOutcome,
    ) -> tuple[LoadedChunk, list[str], dict[int, Editor], list[Finding]] | None:
        """Load the part with ruamel.yaml and run each finding's fix on it: the loaded part, its text
        before the edits, the editors per document and the findings whose fix changed something.

        A fix that fails half-way is skipped and the part is loaded again; None (with `outcome.refused`
        set) when ruamel.yaml cannot load the part as the loader does."""
        skipped: set[FindingKey] = set()
        while True:
            try:
                loaded = load_chunk(lines)
            except (RuamelError, RecursionError) as error:
                reason = f"ruamel.yaml cannot read the document: {first_line(error)}"
                outcome.refused = [Refusal(f, reason, "ruamel.yaml cannot read the document") for f in findings]
                return None
            contents = [document for document in loaded.documents if not _is_empty_value(document)]
            if len(contents) != len(documents):
                reason = "ruamel.yaml and the loader split this part of the stream into different documents"
                outcome.refused = [Refusal(f, reason, "document boundaries differ") for f in findings]
                return None
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
                outcome.refused.extend(refused)
                return loaded, unedited, editors, applied

    def _run_fix(self, finding: Finding, document: Document, editor: Editor) -> Refusal | None:
        fix = fix_for(finding.rule)
        active = self.linter.for_path(finding.file).rules.get(finding.rule)
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
        if is_within(path, workload.pod_spec.path):  # one object may hold several pod templates
            return workload
        prefix = workload.root.path
        within = not prefix or is_within(path, prefix)
        if within and (best is None or len(prefix) > len(best.root.path)):
            best = workload
    return best
