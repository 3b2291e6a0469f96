"""Fix one `---` part of a file: run its findings' fixes on a ruamel.yaml copy, place the edit on the
original lines, and prove it before it is used.

The fixes run on the smallest pieces of the document that hold what they change (fragments.py), or
on the whole part where a piece could not stand for it. Either way `merge.py` carries ruamel.yaml's
edit back onto the original lines, and `verify.py` proves it on the whole part: a part whose edit
cannot be placed or proven is left as it was, its fixes refused with the reason.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from ruamel.yaml.error import YAMLError as RuamelError
from yaml.nodes import MappingNode

from probelint.engine.linter import Linter
from probelint.findings import Finding
from probelint.fix import fragments
from probelint.fix.diff import intended_diff
from probelint.fix.edits import CannotFix, Change, Editor, OutsideFragment
from probelint.fix.fixes import Fix, FixContext
from probelint.fix.merge import Conflict, Hunk, apply_hunks, merge
from probelint.fix.results import HELD, FindingKey, Refusal, finding_key
from probelint.fix.roundtrip import KeptNull, LoadedChunk, Style, load_chunk, style_of
from probelint.fix.verify import first_line, verify
from probelint.model.extract import workloads_in
from probelint.paths import ObjectPath, is_within
from probelint.reading.loader import Document

# Whether fixes run on fragments where they can (tests turn it off to compare with whole documents).
FRAGMENTS = True


class PartOutcome:
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


class Part(NamedTuple):
    """A `---` part with findings to fix: its lines, where it starts in the file, its documents, and
    per finding the position of its document in the part."""

    lines: list[str]
    start: int
    documents: list[Document]
    findings: list[Finding]
    positions: list[int]


class _Edited(NamedTuple):
    """A copy the fixes ran on: the copy, its dump before the edits, the indexes (in the part's
    findings) of the fixes that changed something, and the fixes refused without changing anything."""

    loaded: LoadedChunk
    unedited: list[str]
    applied: list[int]
    refused: list[Refusal]


class _FragmentEdit(NamedTuple):
    fragment: fragments.Fragment
    lines: list[str]  # the fragment's original lines, moved to the left margin
    edited: _Edited
    editor: Editor
    restarted: list[Refusal]  # fixes refused after changing something (the copy was loaded again)


class _Widen(Exception):
    """The fix of finding `index` reached outside its fragment."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


# What loading a copy gives: the copy and the editor of each finding (by index), or why it cannot
# be loaded (the reason and the group it is counted in).
_Load = Callable[[], tuple[LoadedChunk, Callable[[int], Editor]] | tuple[str, str]]


class PartFixer:
    """Fixes the findings of one part at a time, with the rules' options the linter has."""

    def __init__(self, linter: Linter, fix_rendered: bool, fix_of: Callable[[str], Fix | None]) -> None:
        self.linter = linter
        self.fix_rendered = fix_rendered
        self.fix_of = fix_of  # the fix of a rule id

    def fix(self, display: str, part: Part) -> PartOutcome:
        outcome = self._in_fragments(part) if FRAGMENTS else None
        return outcome if outcome is not None else self._whole(display, part)

    # the whole part

    def _whole(self, display: str, part: Part) -> PartOutcome:
        outcome = PartOutcome()
        editors: dict[int, Editor] = {}  # per document position, in the order first edited

        def load() -> tuple[LoadedChunk, Callable[[int], Editor]] | tuple[str, str]:
            try:
                loaded = load_chunk(part.lines)
            except (RuamelError, RecursionError) as error:
                why = "ruamel.yaml cannot read the document"
                return f"{why}: {first_line(error)}", why
            contents = [document for document in loaded.documents if not _is_empty_value(document)]
            if len(contents) != len(part.documents):
                why = "ruamel.yaml and the loader split this part of the stream into different documents"
                return why, "document boundaries differ"
            editors.clear()

            def editor_for(index: int) -> Editor:
                position = part.positions[index]
                return editors.setdefault(position, Editor(contents[position]))

            return loaded, editor_for

        edited = self._edit(part, list(range(len(part.findings))), load, outcome)
        if edited is None or not edited.applied:
            return outcome
        changes = {position: editor.changes for position, editor in editors.items()}
        dumped = edited.loaded.dump()
        placed = merge(part.lines, edited.unedited, dumped)
        applied = [part.findings[index] for index in edited.applied]
        if isinstance(placed, Conflict):
            where = placed.describe(part.start)
            reason = f"ruamel.yaml cannot write this document back unchanged around the edit: {where}"
            outcome.refused.extend(Refusal(f, reason, f"round trip: {placed.reason}") for f in applied)
            outcome.intended = intended_diff(display, edited.unedited, dumped, part.start)
            return outcome
        wrong = verify(part.lines, apply_hunks(part.lines, placed), changes, part.documents, placed, part.start)
        if wrong is not None:
            outcome.refused.extend(Refusal(f, wrong, "verification") for f in applied)
            outcome.intended = intended_diff(display, edited.unedited, dumped, part.start)
            return outcome
        return self._placed(part, placed, applied, outcome)

    def _placed(self, part: Part, hunks: list[Hunk], applied: list[Finding], outcome: PartOutcome) -> PartOutcome:
        """The outcome of a proven edit (in a Helm-rendered document: placed, but refused unless --fix-rendered)."""
        if not self.fix_rendered and any(document.source for document in part.documents):
            template = next(d.source for d in part.documents if d.source)
            outcome.refused.extend(
                Refusal(
                    f,
                    f"the object is rendered by Helm from {template}: change the template (or pass --fix-rendered "
                    f"to edit the rendered file)",
                    HELD,
                )
                for f in applied
            )
        outcome.hunks = [Hunk(h.start + part.start, h.end + part.start, h.lines) for h in hunks]
        outcome.applied = applied
        return outcome

    # running the fixes on a copy

    def _edit(self, part: Part, members: list[int], load: _Load, outcome: PartOutcome) -> _Edited | None:
        """Load a copy and run the fixes of `members` (indexes in the part's findings) on it, in order.

        A fix that fails half-way is refused (in `outcome.refused`) and the copy is loaded again without
        it. None, with every finding refused, when the copy cannot be loaded."""
        skipped: set[FindingKey] = set()
        while True:
            loaded = load()
            if isinstance(loaded[0], str):
                reason, group = loaded
                outcome.refused = [Refusal(part.findings[index], reason, group) for index in members]
                return None
            copy, editor_for = loaded
            unedited = copy.dump()
            applied: list[int] = []
            refused: list[Refusal] = []
            for index in members:
                finding = part.findings[index]
                if finding_key(finding) in skipped:
                    continue
                editor = editor_for(index)
                before = len(editor.changes)
                try:
                    problem = self._run_fix(finding, part.documents[part.positions[index]], editor)
                except OutsideFragment:
                    raise _Widen(index) from None
                if problem is None:
                    if len(editor.changes) > before:
                        applied.append(index)
                    continue
                if len(editor.changes) != before or problem.group == "internal":  # maybe half done: start again
                    skipped.add(finding_key(finding))
                    outcome.refused.append(problem)
                    break
                refused.append(problem)
            else:
                outcome.refused.extend(refused)
                return _Edited(copy, unedited, applied, refused)

    def _run_fix(self, finding: Finding, document: Document, editor: Editor) -> Refusal | None:
        fix = self.fix_of(finding.rule)
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
        except OutsideFragment:
            raise
        except Exception as error:  # a fix bug must not cost the rest of the run
            return Refusal(finding, f"the fix failed ({type(error).__name__}: {error}); please report this", "internal")
        return None

    # fragments

    def _in_fragments(self, part: Part) -> PartOutcome | None:
        """The outcome of fixing the part on fragments; None where the whole part must be used instead
        (see fragments.py), which then decides, and says, what is and is not fixed."""
        if len(part.documents) != 1 or not fragments.can_cut(part.lines, part.documents[0].root):
            return None
        root = part.documents[0].root
        chains = [fragments.candidates(root, ObjectPath.parse(finding.path)) for finding in part.findings]
        levels = [0] * len(chains)
        style = style_of([root])
        done: dict[tuple[ObjectPath, tuple[int, ...]], _FragmentEdit] = {}  # by fragment and findings
        while all(level < len(chain) for level, chain in zip(levels, chains, strict=True)):
            edits: list[_FragmentEdit] = []
            try:
                for path, node, members in _groups([chain[level] for chain, level in zip(chains, levels, strict=True)]):
                    edit = done.get((path, tuple(members)))
                    if edit is None:
                        edit = self._edit_fragment(part, path, node, members, style)
                        if edit is None:
                            return None
                        done[(path, tuple(members))] = edit
                    edits.append(edit)
            except _Widen as widen:  # that fix gets the next larger fragment, with the fixes already in it
                levels[widen.index] += 1
                continue
            return self._combine(part, edits)
        return None  # a fix reaches the document's root: the whole part it is

    def _edit_fragment(
        self, part: Part, path: ObjectPath, node: MappingNode, members: list[int], style: Style
    ) -> _FragmentEdit | None:
        was_cut = fragments.cut(part.lines, path, node, part.start)
        if was_cut is None:
            return None
        fragment, lines = was_cut
        editors: list[Editor] = []

        def load() -> tuple[LoadedChunk, Callable[[int], Editor]] | tuple[str, str]:
            loaded = fragments.load(lines, fragment, style)
            if loaded is None:
                return "", ""
            editors[:] = [Editor(fragments.root(loaded, fragment), base=fragment.path)]
            return loaded, lambda index: editors[0]

        outcome = PartOutcome()
        edited = self._edit(part, members, load, outcome)
        if edited is None:
            return None
        restarted = outcome.refused[: len(outcome.refused) - len(edited.refused)]
        return _FragmentEdit(fragment, lines, edited, editors[0], restarted)

    def _combine(self, part: Part, edits: list[_FragmentEdit]) -> PartOutcome | None:
        """The fragments' edits placed on the part and verified there, with the refusals in the order the
        whole part gives them; None when an edit cannot be placed or proven this way."""
        order = {id(finding): index for index, finding in enumerate(part.findings)}

        def in_order(refusals: Iterable[Refusal]) -> list[Refusal]:
            return sorted(refusals, key=lambda refusal: order[id(refusal.finding)])

        outcome = PartOutcome()
        outcome.refused = in_order(r for edit in edits for r in edit.restarted)
        outcome.refused += in_order(r for edit in edits for r in edit.edited.refused)
        hunks: list[Hunk] = []
        changes: list[Change] = []
        for edit in edits:
            if not edit.edited.applied:
                continue
            placed = merge(edit.lines, edit.edited.unedited, edit.edited.loaded.dump())
            moved_back = fragments.placed(placed, edit.fragment) if not isinstance(placed, Conflict) else None
            if moved_back is None:
                return None
            hunks += moved_back
            changes += edit.editor.changes
        if not hunks:
            return outcome
        hunks.sort(key=lambda hunk: hunk.start)
        if any(later.start <= earlier.end for earlier, later in itertools.pairwise(hunks)):
            return None  # edits of two fragments side by side: the whole part would see them as one
        if verify(part.lines, apply_hunks(part.lines, hunks), {0: changes}, part.documents, hunks, part.start):
            return None
        applied = sorted(index for edit in edits for index in edit.edited.applied)
        return self._placed(part, hunks, [part.findings[index] for index in applied], outcome)


def _groups(selected: list[tuple[ObjectPath, MappingNode]]) -> list[tuple[ObjectPath, MappingNode, list[int]]]:
    """The fragments to load for the findings' selected ones: a fragment inside another is part of it,
    and its findings run with that one's, in their order."""
    outer: list[tuple[ObjectPath, MappingNode]] = []
    for path, node in sorted(selected, key=lambda item: len(item[0])):
        if not any(path[: len(known)] == known for known, _ in outer):
            outer.append((path, node))
    members: dict[ObjectPath, list[int]] = {path: [] for path, _ in outer}
    for index, (path, _) in enumerate(selected):
        owner = next(known for known, _ in outer if path[: len(known)] == known)
        members[owner].append(index)
    return sorted(((path, node, members[path]) for path, node in outer), key=lambda group: group[2][0])


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
