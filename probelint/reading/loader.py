"""Turn bytes into positioned YAML documents, or into precise reading problems.

Reading uses libyaml's composer through PyYAML (fast, keeps every node's position); scalars resolve
the YAML 1.1 way Kubernetes does. A broken document costs only itself: the stream is re-read one
`---` chunk at a time so that its neighbours are still linted.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import itertools
import re
from collections.abc import Iterator

import yaml
from yaml.nodes import Node

from probelint.reading.decode import ReadProblem, decode
from probelint.reading.guards import alias_problem, depth_problem, has_long_line, may_be_too_deep, may_have_aliases
from probelint.reading.lines import OTHER_BREAKS, count_breaks, line_offset
from probelint.reading.yamlview import walk_nodes

try:  # pragma: no cover - which branch runs depends on how PyYAML was built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class KubernetesLoader(_BaseLoader):
    """libyaml's composer with go-yaml v2's scalar rules (`y`/`n` are booleans, `1e3` a float)."""


KubernetesLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:y|Y|n|N)$"), list("yYnN"))
KubernetesLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)
# `08080`, `089`: not octal, so go-yaml v2 falls through to its float rule and reads a number (8080).
KubernetesLoader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"^[-+]?0[0-9]*[89][0-9]*$"), list("-+0"))
# YAML 1.1 base 60 (`1:30` is 90, `1:30.5` is 90.5 to PyYAML): go-yaml v2, and so Kubernetes, has no such
# numbers and reads a string. Checked before PyYAML's own int and float rules, which would match first.
_BASE_60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
for _first in "-+0123456789":
    KubernetesLoader.yaml_implicit_resolvers[_first].insert(0, ("tag:yaml.org,2002:str", _BASE_60))

_C_READER = _BaseLoader.__name__.startswith("C")  # libyaml reads: its error offsets count UTF-8 bytes

_SOURCE_RE = re.compile(r"^# Source: (.+?)\s*$", re.MULTILINE)
_DOC_START_RE = re.compile(r"(?:\A|(?<=[\n\r\x85\u2028\u2029]))---(?=[ \t\r\n]|\Z)")  # at a libyaml line start
_DOC_END_RE = re.compile(r"[ \t\r\n]*\.\.\.(?=[ \t\r\n]|$)[^\r\n]*(?:\r\n|\r|\n)?")
_TEMPLATE_RE = re.compile(r"\{\{-?\s*[^}]*\}\}")
_TEMPLATE_MESSAGE = "unrendered Helm template"


class Document:
    root: Node
    index: int
    source: str | None  # the Helm template named by a `# Source:` comment

    def __init__(self, root: Node, index: int, source: str | None) -> None:
        self.root = root
        self.index = index
        self.source = source


class LoadedFile:
    display: str
    text: str
    documents: list[Document]
    problems: list[ReadProblem]

    def __init__(
        self,
        display: str,
        text: str,
        documents: list[Document] | None = None,
        problems: list[ReadProblem] | None = None,
    ) -> None:
        self.display = display
        self.text = text
        self.documents = documents if documents is not None else []
        self.problems = problems if problems is not None else []


def load_bytes(display: str, data: bytes) -> LoadedFile:
    loaded = decode_file(display, data)
    return load_text(display, loaded.text) if not loaded.problems else loaded


def decode_file(display: str, data: bytes) -> LoadedFile:
    """The file's text, documents not read yet (see iter_documents); a problem when it is not text."""
    text, problem = decode(data)
    if text is None:
        assert problem is not None
        return LoadedFile(display, "", problems=[problem])
    return LoadedFile(display, text)


def load_text(display: str, text: str) -> LoadedFile:
    """Every document at once (for callers that need them all); the engine streams instead."""
    loaded = LoadedFile(display, text)
    with gc_paused():
        loaded.documents = list(iter_documents(loaded))
    return loaded


def iter_documents(loaded: LoadedFile) -> Iterator[Document]:
    """The file's documents one at a time, so that memory is that of one document, not the file.

    Problems (syntax errors, unrendered templates, alias bombs) are appended to `loaded.problems` as
    they are met. After a syntax error, the rest of the stream is re-read one `---` chunk at a time
    so that the documents after the broken one are still linted.
    """
    attacher = _Attacher(loaded)
    resume_at = 0  # where the documents not yet composed begin
    try:
        for root in yaml.compose_all(loaded.text, Loader=KubernetesLoader):
            resume_at = root.end_mark.index
            document = attacher.attach(root)
            if document is not None:
                yield document
    except yaml.YAMLError as exc:
        for chunk_root, chunk_end_line in _compose_chunks(
            loaded.text, loaded.problems, exc, _after_end_marker(loaded.text, resume_at)
        ):
            if chunk_root is None:  # a broken chunk: still a document of the stream, with its own `# Source:`
                attacher.skip(chunk_end_line)
                continue
            document = attacher.attach(chunk_root)
            if document is not None:
                yield document
    except RecursionError:
        loaded.problems.append(ReadProblem(1, 1, "nesting too deep to read"))
    _keep_first_template_problem(loaded.problems)


def _keep_first_template_problem(problems: list[ReadProblem]) -> None:
    """A chart template has `{{ }}` in most of its documents; saying "render it first" once is enough."""
    templates = [problem for problem in problems if problem.message.startswith(_TEMPLATE_MESSAGE)]
    templates.sort(key=lambda problem: (problem.line, problem.column))
    for problem in templates[1:]:
        problems.remove(problem)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file's YAML is alive (the engine pauses around a
    whole file, so its nodes are freed before the collector ever sees them).

    Composing allocates about a million node objects per 25 MB, and each allocation burst triggered
    collections that walked every live object: a third of the linting time. Composed nodes form no
    reference cycles (a recursive alias is the one exception, collected once the collector is back),
    so reference counting frees them just the same.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _after_end_marker(text: str, index: int) -> int:
    """Past a `...` that ends the last document read (libyaml's end mark stops before it)."""
    match = _DOC_END_RE.match(text, index)
    return match.end() if match is not None else index


def _compose_chunks(
    text: str, problems: list[ReadProblem], first_error: yaml.YAMLError, resume_at: int
) -> Iterator[tuple[Node | None, int]]:
    """Re-read a broken stream from `resume_at` document by document: each root with the 0-based
    last line of its chunk, and (None, last line) for a chunk that does not parse (its problem is
    recorded).

    Each chunk is composed on its own and its marks are moved down by the lines before it (padding
    the chunk with newlines instead would re-scan the whole file once per chunk).
    """
    starts = [m.start() for m in _DOC_START_RE.finditer(text, resume_at)]
    if not starts or starts[0] != resume_at:
        starts.insert(0, resume_at)
    if len(starts) == 1 and resume_at == 0:
        problems.append(_broken_chunk_problem(first_error, text, 0, len(text)))
        return
    bounds = [*starts, len(text)]
    mark = first_error.problem_mark if isinstance(first_error, yaml.MarkedYAMLError) else None
    first_line = mark.line if mark is not None else -1
    lines_before, counted_to = 0, 0
    for begin, end in itertools.pairwise(bounds):
        lines_before += count_breaks(text, counted_to, begin)
        counted_to = begin
        last_line = lines_before + max(0, count_breaks(text, begin, end) - 1)
        try:
            chunk_roots = list(yaml.compose_all(text[begin:end], Loader=KubernetesLoader))
        except yaml.YAMLError as exc:
            problems.append(_broken_chunk_problem(exc, text, begin, end, lines_before))
            yield None, last_line
            continue
        except RecursionError:
            problems.append(ReadProblem(lines_before + 1, 1, "nesting too deep to read"))
            yield None, last_line
            continue
        if lines_before <= first_line <= last_line:  # the stream fails here though the chunk alone reads
            stream_problem = _syntax_problem(first_error, text)  # (e.g. a bare document after `...`)
            if stream_problem not in problems:  # the error may sit on the line that starts this chunk
                problems.append(stream_problem)
        for root in chunk_roots:
            _shift_marks(root, lines_before, begin)
            yield root, last_line


def _shift_marks(root: Node, lines: int, index: int) -> None:
    """Move every mark of a chunk's nodes to where the chunk sits in the file (libyaml's marks are
    read-only: each node gets new ones)."""
    for node in walk_nodes([root]):
        node.start_mark = _moved(node.start_mark, lines, index)
        node.end_mark = _moved(node.end_mark, lines, index)


def _moved(mark: yaml.Mark, lines: int, index: int) -> yaml.Mark:
    return yaml.Mark(mark.name, mark.index + index, mark.line + lines, mark.column, None, 0)


def _broken_chunk_problem(exc: yaml.YAMLError, text: str, begin: int, end: int, lines: int = 0) -> ReadProblem:
    """Why one `---` chunk does not parse: an unrendered Helm template at or before the parser's error
    position is the cause (and the useful thing to say); otherwise the parser's own message."""
    problem = _syntax_problem(exc, text, lines, begin)
    template = _TEMPLATE_RE.search(text, begin, end)
    if template is not None and count_breaks(text, 0, template.start()) + 1 <= problem.line:
        return _template_problem(text, template.start())
    return problem


def _syntax_problem(exc: yaml.YAMLError, text: str, lines: int = 0, begin: int = 0) -> ReadProblem:
    """The parser's error as a problem; `lines` and `begin`: where in the file the parsed chunk starts."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(exc, text, begin)
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        line = mark.line + lines
        message = exc.problem or "invalid YAML"
        if exc.context:
            message = f"{message} ({exc.context}"
            if exc.context_mark is not None:
                message += f" at line {exc.context_mark.line + lines + 1}"
            message += ")"
        if _char_at(text, line, mark.column) == "\t":
            message = f"a tab character here: YAML indents with spaces only ({message})"
        return ReadProblem(line + 1, mark.column + 1, message)
    return ReadProblem(1, 1, str(exc).strip() or "invalid YAML")


def _reader_problem(exc: yaml.reader.ReaderError, text: str, begin: int) -> ReadProblem:
    """A character the YAML reader refuses (a control character), at its line and column.

    libyaml reports a byte offset into the UTF-8 of the chunk it read, PyYAML's own reader a character
    offset; either is turned into the character's place in `text`."""
    position = exc.position
    if _C_READER:
        position = len(text[begin:].encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
    offset = min(len(text), begin + position)
    line = count_breaks(text, 0, offset)
    line_start = line_offset(text, line) or 0
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return ReadProblem(line + 1, offset - line_start + 1, f"unacceptable character #x{character:04X}: {exc.reason}")


def _char_at(text: str, line: int, column: int) -> str:
    start = line_offset(text, line)
    if start is None:
        return ""
    position = start + column
    return text[position] if position < len(text) else ""


def _template_problem(text: str, offset: int) -> ReadProblem:
    line = count_breaks(text, 0, offset) + 1
    column = offset - max(text.rfind(brk, 0, offset) + 1 for brk in ("\n", "\r", *OTHER_BREAKS)) + 1
    snippet = _TEMPLATE_RE.search(text, offset)
    shown = snippet.group(0) if snippet else "{{ }}"
    if len(shown) > 40:
        shown = shown[:37] + "...}}"
    return ReadProblem(
        line,
        column,
        f"{_TEMPLATE_MESSAGE} ({shown}); render the chart first: helm template CHART | probelint -",
    )


def _template_key_problem(root: Node, text: str) -> ReadProblem | None:
    """`name: {{ .Release.Name }}` parses, as a mapping keyed by a mapping: an unrendered template.

    Kubernetes cannot read such a key either, so the document is reported instead of linted.
    """
    for node in walk_nodes([root]):
        if isinstance(node, yaml.MappingNode):
            for key, _ in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    offset = _offset(text, node.start_mark.line, node.start_mark.column)
                    if text.startswith("{{", offset):
                        return _template_problem(text, offset)
    return None


def _offset(text: str, line: int, column: int) -> int:
    """The index in `text` of a 0-based line and column (marks of re-read chunks have shifted indexes)."""
    return (line_offset(text, line) or 0) + column


class _Attacher:
    """Per-document bookkeeping while streaming: its index, its Helm `# Source:` template, and the
    checks that drop alias bombs and documents that are unrendered templates."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.check_aliases = may_have_aliases(loaded.text)
        self.check_templates = "{{" in loaded.text
        self.long_lines = has_long_line(loaded.text)
        self.check_depth = may_be_too_deep(loaded.text, long_lines=self.long_lines)
        self.sources: list[tuple[int, str]] = []
        counted_to, lines_before = 0, 0
        for match in _SOURCE_RE.finditer(loaded.text):  # count lines incrementally: linear in the file size
            lines_before += count_breaks(loaded.text, counted_to, match.start())
            counted_to = match.start()
            self.sources.append((lines_before, match.group(1)))
        self.source_lines = [line for line, _ in self.sources]
        self.previous_end = -1
        self.index = 0

    def skip(self, last_line: int) -> None:
        """A document that could not be read: it takes its place (index, `# Source:`) all the same."""
        self.index += 1
        self.previous_end = last_line + 1

    def attach(self, root: Node) -> Document | None:
        index, self.index = self.index, self.index + 1
        start = root.start_mark.line
        source = None
        position = bisect.bisect_left(self.source_lines, start + 1) - 1
        if position >= 0 and self.source_lines[position] > self.previous_end - 1:
            source = self.sources[position][1]
        self.previous_end = root.end_mark.line
        problem = None
        if self.check_aliases:
            problem = alias_problem(root)
        if (
            problem is None
            and self.check_depth
            and may_be_too_deep(self.loaded.text, root.start_mark.index, root.end_mark.index + 1, self.long_lines)
        ):
            problem = depth_problem(root)
        if problem is None and self.check_templates:
            problem = _template_key_problem(root, self.loaded.text)
        if problem is not None:
            self.loaded.problems.append(problem)
            return None
        return Document(root, index, source)
