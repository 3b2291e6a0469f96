"""Suppressions: comments, annotations and configuration entries that silence findings.

Three ways to silence a finding, for three kinds of author:

- comments in the manifest (`# probelint: disable=rule-a`, `disable-next-line=`, `disable-file=`), for
  people who edit the YAML itself;
- the `probelint/ignore` annotation on an object's or its pod template's metadata, for chart authors:
  `helm template` drops comments from templates that produce them, but keeps metadata;
- `ignore` entries in the configuration, for whoever runs probelint across many manifests.

They are applied per file, after the rules, so each file is judged on its own text (and `--jobs`
gives the same answer). A comment or annotation that silences nothing is reported as
`unused-suppression`, so stale ones do not linger and hide the next real problem. Configuration
entries are never reported: a run on a few files (a pre-commit hook) cannot tell whether they are
stale.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Iterator
from fnmatch import fnmatchcase
from typing import NamedTuple

from yaml.nodes import Node, ScalarNode

from probelint.filematch import matches_globs
from probelint.findings import Finding, Severity, Suppressed
from probelint.model.workload import Workload
from probelint.reading.lines import LINE_BREAK_RE
from probelint.reading.loader import LoadedFile
from probelint.reading.yamlview import walk_nodes
from probelint.suggest import did_you_mean

UNUSED_RULE = "unused-suppression"
ANNOTATION = "probelint/ignore"
DIRECTIVES = ("disable", "disable-next-line", "disable-file")

# `# probelint: WORD[=rule-a, rule-b]`; anything after the rule list (a reason) is ignored.
_COMMENT_PATTERN = (
    r"#[ \t]*probelint[ \t]*:[ \t]*(?P<word>[A-Za-z_-]*)"
    r"(?P<eq>[ \t]*=[ \t]*(?P<rules>[^\s,]+(?:[ \t]*,[ \t]*[^\s,]+)*)?)?"
)
_DOC_START_RE = re.compile(r"^---(?=[ \t\r\n]|$)", re.MULTILINE)


class Directive:
    """One written suppression: a `# probelint:` comment or one item of a `probelint/ignore` annotation."""

    text: str  # as written, for --show-suppressed and messages
    line: int
    column: int
    rules: tuple[str, ...]  # empty: every rule
    scope: str  # for messages: "on line 12", "in this document", "for this object"
    first: int  # the lines a comment covers (inclusive)
    last: int
    container: str | None  # annotations: only this container's findings
    workload: Workload | None  # annotations: the object it sits on
    problem: str | None  # why it can never match anything (malformed), when known up front
    used: set[str]  # rule ids it silenced

    def __init__(
        self,
        text: str,
        line: int,
        column: int,
        rules: tuple[str, ...],
        scope: str,
        first: int = 0,
        last: int = -1,
        container: str | None = None,
        workload: Workload | None = None,
        problem: str | None = None,
        used: set[str] | None = None,
    ) -> None:
        self.text = text
        self.line = line
        self.column = column
        self.rules = rules
        self.scope = scope
        self.first = first
        self.last = last
        self.container = container
        self.workload = workload
        self.problem = problem
        self.used = used if used is not None else set()

    def covers(self, finding: Finding) -> bool:
        if self.problem is not None:
            return False
        if self.rules and finding.rule not in self.rules:
            return False
        if self.workload is not None:
            return self.container is None or finding.container == self.container
        return self.first <= finding.line <= self.last


class IgnoreEntry(NamedTuple):
    """A configuration `ignore` entry: every given field must match (fnmatch globs; kind ignores case)."""

    rule: str | None = None
    kind: str | None = None
    namespace: str | None = None
    name: str | None = None
    container: str | None = None
    file: str = ""  # where the entry is written, for --show-suppressed
    line: int = 0
    column: int = 0
    paths: tuple[str, ...] | None = None  # file globs, relative to `base_dir` (see filematch)
    base_dir: str = ""  # the configuration's folder

    def matches(self, finding: Finding) -> bool:
        if self.paths is not None and not matches_globs(finding.file, self.paths, self.base_dir):
            return False
        kind = (finding.kind or "").lower()
        if self.kind is not None and "." not in self.kind:
            kind = kind.partition(".")[0]  # `kind: Service` also matches Service.serving.knative.dev
        checks = (
            (self.rule, finding.rule),
            (self.kind.lower() if self.kind is not None else None, kind),
            (self.namespace, finding.namespace),
            (self.name, finding.name),
            (self.container, finding.container),
        )
        return all(pattern is None or fnmatchcase(value or "", pattern) for pattern, value in checks)

    def describe(self) -> str:
        fields = ("rule", "kind", "namespace", "name", "container")
        parts = [f"{name}: {getattr(self, name)}" for name in fields if getattr(self, name) is not None]
        if self.paths is not None:
            parts.append(f"paths: [{', '.join(self.paths)}]")
        return "ignore entry {" + ", ".join(parts) + "}"


class FileSuppressor:
    """Sorts one file's findings into kept and suppressed, and finds the suppressions that matched nothing."""

    def __init__(self, loaded: LoadedFile, known_rules: Collection[str], entries: Iterable[IgnoreEntry] = ()) -> None:
        self.display = loaded.display
        self.known = known_rules
        self.entries = tuple(entries)
        # Comments and annotations both contain the word: most files have neither and skip all the work.
        self.mentioned = "probelint" in loaded.text
        self.comments = comment_directives(loaded) if self.mentioned else []
        self.annotations: list[Directive] = []
        self.kept: list[Finding] = []
        self.suppressed: list[Suppressed] = []

    def add(self, findings: Iterable[Finding], workload: Workload | None = None) -> None:
        """Sort findings; those of a workload also meet the annotations on it."""
        if not self.mentioned and not self.entries:
            self.kept.extend(findings)
            return
        directives = self.comments
        if workload is not None and self.mentioned:
            own = annotation_directives(workload)
            if own:
                self.annotations.extend(own)
                directives = [*self.comments, *own]
        for finding in findings:
            self._sort(finding, directives)

    def _sort(self, finding: Finding, directives: list[Directive]) -> None:
        first: Directive | None = None
        for directive in directives:
            if directive.covers(finding):
                directive.used.add(finding.rule)
                first = first or directive
        if first is not None:
            self.suppressed.append(Suppressed(finding, first.text, self.display, first.line, first.column))
            return
        for entry in self.entries:
            if entry.matches(finding):
                self.suppressed.append(Suppressed(finding, entry.describe(), entry.file, entry.line, entry.column))
                return
        self.kept.append(finding)

    def unused(self, severity: Severity, ran: Collection[str], all_ran: bool) -> list[Finding]:
        """An info finding for each comment or annotation that silenced nothing.

        Only rules that ran can be judged: a `disable=rule-b` during `--select rule-a` is not stale, and
        a bare `disable` is judged only when every rule ran. Unknown rules, missing containers and
        malformed comments can never match, so they are always reported.
        """
        findings = []
        for directive in [*self.comments, *self.annotations]:
            for message in self._unused_messages(directive, ran, all_ran):
                workload = directive.workload
                findings.append(
                    Finding(
                        rule=UNUSED_RULE,
                        severity=severity,
                        message=message,
                        file=self.display,
                        line=directive.line,
                        column=directive.column,
                        kind=workload.label if workload is not None else None,
                        namespace=workload.namespace if workload is not None else None,
                        name=workload.name if workload is not None else None,
                        source=workload.source if workload is not None else None,
                    )
                )
        return [finding for finding in findings if not any(entry.matches(finding) for entry in self.entries)]

    def _unused_messages(self, directive: Directive, ran: Collection[str], all_ran: bool) -> Iterator[str]:
        quoted = f"`{directive.text}`"
        if directive.problem is not None:
            yield f"{quoted} suppresses nothing: {directive.problem}"
            return
        if not directive.rules:
            if all_ran and not directive.used:
                yield f"{quoted} suppresses nothing: no finding {directive.scope}; remove it"
            return
        for rule in directive.rules:
            if rule not in self.known:
                hint = did_you_mean(rule, sorted(self.known))
                yield f"{quoted} suppresses nothing: {rule} is not a probelint rule{hint}"
            elif (
                directive.workload is not None
                and directive.container is not None
                and not _has_container(directive.workload, directive.container)
            ):
                names = ", ".join(c.name for c in directive.workload.containers) or "none"
                yield (
                    f"{quoted} suppresses nothing: this object has no container named "
                    f"{directive.container} (containers: {names}); fix or remove the entry"
                )
            elif rule in ran and rule not in directive.used:
                yield f"{quoted} suppresses nothing: no {rule} finding {directive.scope}; remove it"


def _has_container(workload: Workload, name: str) -> bool:
    return any(container.name == name for container in workload.containers)


def annotation_directives(workload: Workload) -> list[Directive]:
    """The items of `probelint/ignore` on the object's metadata and on its pod template's metadata.

    Items are comma-separated: `rule-a` silences the rule for the whole object, `rule-a:web` only
    for the container named `web`.
    """
    directives: list[Directive] = []
    seen: set[int] = set()
    for metadata in (workload.metadata, workload.pod_template_metadata):
        annotations = metadata.map("annotations") if metadata is not None else None
        if annotations is None or id(annotations.node) in seen:
            continue
        seen.add(id(annotations.node))
        value = annotations.get_str(ANNOTATION)
        if value is None:
            continue
        loc = annotations.key_loc(ANNOTATION)
        items = [item.strip() for item in value.split(",") if item.strip()]
        if not items:
            directives.append(
                Directive(
                    f"{ANNOTATION}: {value!r}",
                    loc.line,
                    loc.column,
                    (),
                    "for this object",
                    workload=workload,
                    problem='it names no rule; write "rule-a, rule-b" or "rule-a:container"',
                )
            )
        for item in items:
            rule, _, container = (part.strip() for part in item.partition(":"))
            directives.append(
                Directive(
                    f"{ANNOTATION}: {item}",
                    loc.line,
                    loc.column,
                    (rule,),
                    f"for container {container}" if container else "for this object",
                    container=container or None,
                    workload=workload,
                )
            )
    return directives


def comment_directives(loaded: LoadedFile) -> list[Directive]:
    """Every `# probelint:` comment in the raw text (the YAML reader drops comments).

    A `#` inside a scalar (a quoted string, a block of shell script) is not a comment: candidates are
    checked against the spans of the scalars the reader found.
    """
    text = loaded.text
    if "probelint" not in text:
        return []
    # Lines as libyaml counts them (CR, NEL, LS and PS break lines too), so they match findings' lines.
    line_starts = [0, *(match.end() for match in LINE_BREAK_RE.finditer(text))]
    candidates = []
    # Compiled here, not at import: only files that mention probelint get this far.
    for match in re.finditer(_COMMENT_PATTERN, text):
        start = match.start()
        if start > 0 and text[start - 1] not in " \t\n\r\x85\u2028\u2029":
            continue  # `a#b` is part of a plain scalar, not a comment
        line = bisect.bisect_right(line_starts, start) - 1
        candidates.append((line, start - line_starts[line], match))
    if not candidates:
        return []
    inside = _inside_scalars([document.root for document in loaded.documents], [(c[0], c[1]) for c in candidates])
    lines = LINE_BREAK_RE.split(text)
    documents = _document_ranges(lines)
    directives = []
    for line, column, match in candidates:
        if (line, column) not in inside:
            directives.append(_comment_directive(match, line + 1, column + 1, lines, documents))
    return directives


def _comment_directive(
    match: re.Match[str], line: int, column: int, lines: list[str], documents: list[tuple[int, int]]
) -> Directive:
    word, rules_text = match.group("word"), match.group("rules")
    text = match.group(0).rstrip()
    rules = tuple(rule.strip() for rule in rules_text.split(",")) if rules_text else ()
    own_line = not lines[line - 1][: column - 1].strip()
    directive = Directive(text, line, column, rules, f"on line {line}")
    if word not in DIRECTIVES:
        hint = did_you_mean(word, sorted(DIRECTIVES)) if word else ""
        directive.problem = (
            f"{word or 'nothing'} is not a probelint directive{hint} "
            f"(write disable, disable-next-line or disable-file, optionally =rule-a,rule-b)"
        )
    elif match.group("eq") and not rules:
        directive.problem = f"{word}= names no rule; name the rules, or drop the = to silence every rule"
    elif word == "disable-file":
        directive.first, directive.last = _document_of(line, documents)
        directive.scope = "in this document"
    elif word == "disable-next-line" or own_line:
        target = _next_code_line(lines, line)
        if target is None:
            directive.problem = "no line follows it in the file"
        else:
            directive.first = directive.last = target
            directive.scope = f"on line {target}"
    else:
        directive.first = directive.last = line
    return directive


def _next_code_line(lines: list[str], line: int) -> int | None:
    """The 1-based number of the next line after `line` that is neither blank nor only a comment."""
    for number in range(line + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _document_ranges(lines: list[str]) -> list[tuple[int, int]]:
    """The (first, last) 1-based lines of each `---` document; a chunk of only comments joins the next."""
    starts = [1] + [number for number, text in enumerate(lines, 1) if _DOC_START_RE.match(text) and number > 1]
    ranges: list[tuple[int, int]] = []
    pending: int | None = None
    for index, start in enumerate(starts):
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(lines)
        body = lines[start:end] if _DOC_START_RE.match(lines[start - 1]) else lines[start - 1 : end]
        has_content = any(text.strip() and not text.strip().startswith("#") for text in body)
        first = pending if pending is not None else start
        if has_content or index + 1 == len(starts):
            ranges.append((first, end))
            pending = None
        else:
            pending = first
    return ranges


def _document_of(line: int, documents: list[tuple[int, int]]) -> tuple[int, int]:
    for first, last in documents:
        if first <= line <= last:
            return first, last
    return line, line


def _inside_scalars(roots: list[Node], positions: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The 0-based (line, column) positions that fall inside a scalar node (so are not comments)."""
    ordered = sorted(positions)
    inside: set[tuple[int, int]] = set()
    for node in walk_nodes(roots):
        if isinstance(node, ScalarNode):
            start = (node.start_mark.line, node.start_mark.column)
            end = (node.end_mark.line, node.end_mark.column)
            index = bisect.bisect_left(ordered, start)
            while index < len(ordered) and ordered[index] < end:
                inside.add(ordered[index])
                index += 1
    return inside
