"""Fix one file: lint it, run the fixes of its findings, place the edits, and prove them before use.

For each `---` part that holds a finding with a fix, `parts.py` runs the fixes on a ruamel.yaml copy
of the part (or of the pieces of it they change), carries the edit back onto the original lines and
proves it; a part that fails is left as it was. Fixing repeats (at most MAX_PASSES times) until no
fixable finding is left, so that a second `--fix` changes nothing.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable

from yaml.nodes import Node, ScalarNode

from probelint.engine.linter import FileReport, Linter
from probelint.findings import Finding
from probelint.fix.fixes import fix_for
from probelint.fix.merge import Hunk
from probelint.fix.parts import Part, PartFixer, PartOutcome
from probelint.fix.regressions import REGRESSION, added_findings, culprits
from probelint.fix.results import HELD, FileFix, FindingKey, Refusal, finding_key
from probelint.fix.roundtrip import Chunk, FileFormatError, SourceText, split_chunks
from probelint.reading.loader import Document, decode_file, iter_documents

MAX_PASSES = 4
MAX_RESTARTS = 3


class FileFixer:
    """Fixes files for one run: the linter (rules, options, suppressions) decides what is found."""

    def __init__(self, linter: Linter, fix_rendered: bool = False) -> None:
        self.linter = linter
        self.fix_rendered = fix_rendered
        self.parts = PartFixer(linter, fix_rendered, lambda rule_id: fix_for(rule_id))  # looked up when used
        # The lints of the file being fixed, by the digest of the bytes linted: the text a pass wrote is
        # linted once, whether for the next pass, the regression check, the notes or the final report.
        self._lints: dict[bytes, tuple[FileReport, list[Finding]]] = {}
        self._templates: dict[int, str | None] = {}  # the Helm template of each part fixed, by part

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
        self._templates = result.templates = {}
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
            new, outcomes = self._pass(display, current, pending, self._templates)
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
        self, display: str, text: SourceText, findings: list[Finding], templates: dict[int, str | None]
    ) -> tuple[SourceText | None, list[PartOutcome]]:
        """Fix each `---` part that holds one of `findings`, once: the text with the edits made (None
        when nothing changed) and what happened per part. Only those parts are composed; the Helm
        template of each is noted in `templates` (by part)."""
        chunks = split_chunks(text.lines)
        starts = [chunk.start for chunk in chunks]
        wanted = {bisect.bisect_right(starts, finding.line - 1) - 1 for finding in findings}
        by_document: dict[int, list[Finding]] = {}
        for finding in findings:
            assert finding.document is not None
            by_document.setdefault(finding.document, []).append(finding)
        outcomes: list[PartOutcome] = []
        hunks: list[Hunk] = []
        loaded = decode_file(display, text.to_bytes())
        if not loaded.problems:
            documents = iter_documents(loaded, skip=lambda line, _: bisect.bisect_right(starts, line) - 1 not in wanted)
            self._fix_parts(display, text, chunks, documents, by_document, templates, outcomes, hunks)
        if by_document and not loaded.problems:  # a finding outside its document's part: read them all
            loaded = decode_file(display, text.to_bytes())
            documents = iter_documents(loaded, skip_irrelevant=True)
            self._fix_parts(display, text, chunks, documents, by_document, templates, outcomes, hunks)
        for lost in by_document.values():
            outcomes.extend(PartOutcome(refused=[Refusal(f, "its document cannot be found", "internal")]) for f in lost)
        if not hunks:
            return None, outcomes
        return text.replaced_many((hunk.start, hunk.end, hunk.lines) for hunk in hunks), outcomes

    def _fix_parts(
        self,
        display: str,
        text: SourceText,
        chunks: list[Chunk],
        documents: Iterable[Document],
        by_document: dict[int, list[Finding]],
        templates: dict[int, str | None],
        outcomes: list[PartOutcome],
        hunks: list[Hunk],
    ) -> None:
        """Fix the parts of the findings in `by_document` (taken out as their documents come), as the
        documents stream in: each part once all of its documents are in, then dropped, so that memory is
        that of a part, not of the file."""
        starts = [chunk.start for chunk in chunks]
        placement: dict[int, tuple[int, int]] = {}  # document index -> (part, position in the part)

        def fix_part(index: int, members: list[Document], part_findings: list[Finding]) -> None:
            chunk = chunks[index]
            positions = [placement[finding.document][1] for finding in part_findings if finding.document is not None]
            part = Part(text.lines[chunk.start : chunk.end], chunk.start, members, part_findings, positions)
            try:
                outcome = self.parts.fix(display, part)
            except Exception as error:  # a bug (ours or ruamel.yaml's) must cost this document only
                reason = f"fixing this document failed ({type(error).__name__}: {error}); please report this"
                outcome = PartOutcome(refused=[Refusal(f, reason, "internal") for f in part_findings])
            outcomes.append(outcome)
            if outcome.hunks is not None:
                hunks.extend(outcome.hunks)

        current = -1
        members: list[Document] = []
        part_findings: list[Finding] = []
        for document in documents:
            if _is_empty(document.root):  # `---` with nothing after it: no findings, and no position
                continue
            index = bisect.bisect_right(starts, document.root.start_mark.line) - 1
            templates[index] = document.source or templates.get(index)
            if index != current:
                if part_findings:
                    fix_part(current, members, part_findings)
                current, members, part_findings = index, [], []
            placement[document.index] = (index, len(members))
            members.append(document)
            part_findings.extend(by_document.pop(document.index, []))
        if part_findings:
            fix_part(current, members, part_findings)

    def _without_held(self, result: FileFix, preview: SourceText) -> SourceText:
        """The preview with rendered documents put back as they were (unless --fix-rendered)."""
        original = result.original
        assert original is not None
        if self.fix_rendered or not any(result.templates.values()):
            return preview
        new_chunks = split_chunks(preview.lines)
        if len(new_chunks) != len(result.chunks):  # cannot happen: fixes never add or remove `---` lines
            return original
        lines: list[str] = []
        endings: list[str] = []
        for index, (old, new) in enumerate(zip(result.chunks, new_chunks, strict=True)):
            source, chunk = (original, old) if result.templates.get(index) else (preview, new)
            lines += source.lines[chunk.start : chunk.end]
            endings += source.endings[chunk.start : chunk.end]
        return SourceText(lines, endings, original.bom)


def _is_empty(root: Node) -> bool:
    return isinstance(root, ScalarNode) and root.tag == "tag:yaml.org,2002:null" and not root.value
