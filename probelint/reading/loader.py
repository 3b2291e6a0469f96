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
import operator
import re
from collections.abc import Callable, Iterator
from typing import ClassVar, cast

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from probelint.reading.decode import ReadProblem, decode
from probelint.reading.guards import alias_problem, depth_problem, may_be_too_deep, may_have_aliases
from probelint.reading.lines import count_breaks
from probelint.reading.problems import (
    broken_chunk_problem,
    keep_first_template_problem,
    syntax_problem,
    template_key_problem,
)
from probelint.reading.skipping import CAN_SKIP, SkippingReader, document_starts
from probelint.reading.yamlview import walk_nodes

try:  # pragma: no cover - which branch runs depends on how PyYAML was built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class KubernetesLoader(_BaseLoader):
    """libyaml's composer with go-yaml v2's scalar rules (`y`/`n` are booleans, `1e3` a float)."""

    # libyaml's composer calls these two around every node for path resolvers, which this loader has
    # none of: builtins that take the same arguments and do nothing cost far less than the Python ones.
    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]
    # What `yaml.load` builds for a boolean (--fix compares loaded values): `y` and `n` too.
    bool_values: ClassVar[dict[str, bool]] = {**_BaseLoader.bool_values, "y": True, "n": False}

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        """The tag of a node, remembered per plain scalar value: manifests repeat a small set of keys
        and values, and the resolver's regex tries are a large part of composing. (This loader has
        no path resolvers, so a plain scalar's tag depends on its value alone, a quoted one's and a
        collection's on nothing.)"""
        if kind is ScalarNode:
            if not implicit[0]:
                return _SCALAR_TAG
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = _base_resolve(self, kind, value, implicit)
                if len(_RESOLVED) < _RESOLVED_LIMIT and len(value) <= _RESOLVED_VALUE_LIMIT:
                    _RESOLVED[value] = tag
            return tag
        return _MAPPING_TAG if kind is MappingNode else _SEQUENCE_TAG


_SCALAR_TAG: str = KubernetesLoader.DEFAULT_SCALAR_TAG
_MAPPING_TAG: str = KubernetesLoader.DEFAULT_MAPPING_TAG
_SEQUENCE_TAG: str = KubernetesLoader.DEFAULT_SEQUENCE_TAG
_base_resolve = cast(Callable[[KubernetesLoader, type[Node], str, tuple[bool, bool]], str], _BaseLoader.resolve)
_RESOLVED: dict[str, str] = {}
_RESOLVED_LIMIT = 100_000
_RESOLVED_VALUE_LIMIT = 100


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


_SOURCE_PREFIX = "# Source: "
_DOC_END_RE = re.compile(r"[ \t\r\n]*\.\.\.(?=[ \t\r\n]|$)[^\r\n]*(?:\r\n|\r|\n)?")


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
    """Every document at once, each composed (for callers that need them all, such as configuration
    files); the engine streams instead."""
    loaded = LoadedFile(display, text)
    with gc_paused():
        loaded.documents = list(iter_documents(loaded))
    return loaded


def iter_documents(
    loaded: LoadedFile, skip_irrelevant: bool = False, skip: Callable[[int, str], bool] | None = None
) -> Iterator[Document]:
    """The file's documents one at a time, so that memory is that of one document, not the file.

    `skip_irrelevant`: documents that cannot matter to any rule (relevance.py) are read but not
    composed; each still takes its place, as an empty document. `skip(line, span)`: instead, which
    documents to leave uncomposed (see SkippingReader).

    Problems (syntax errors, unrendered templates, alias bombs) are appended to `loaded.problems` as
    they are met. After a syntax error, the rest of the stream is re-read one `---` chunk at a time
    so that the documents after the broken one are still linted.

    `skip(line, text)`: the `---` documents (by the 0-based line they start on) not to compose, for
    a caller that needs only some (see SkippingReader); by default those that cannot matter to a rule.
    Skipped documents are empty, and keep their place.
    """
    attacher = _Attacher(loaded)
    resume_at = 0  # where the documents not yet composed begin
    stream: SkippingReader | str = loaded.text
    wanted = (skip is not None and CAN_SKIP) or (skip_irrelevant and SKIP_DOCUMENTS)
    if wanted and not loaded.text.startswith("\ufeff"):
        stream = SkippingReader(loaded.text, skip)
    try:
        for root in yaml.compose_all(stream, Loader=KubernetesLoader):
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
    keep_first_template_problem(loaded.problems)


# Whether documents that cannot matter are read without being composed (tests turn it off to compare).
SKIP_DOCUMENTS = CAN_SKIP


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
    starts = document_starts(text, resume_at)
    if not starts or starts[0] != resume_at:
        starts.insert(0, resume_at)
    if len(starts) == 1 and resume_at == 0:
        problems.append(broken_chunk_problem(first_error, text, 0, len(text)))
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
            problems.append(broken_chunk_problem(exc, text, begin, end, lines_before))
            yield None, last_line
            continue
        except RecursionError:
            problems.append(ReadProblem(lines_before + 1, 1, "nesting too deep to read"))
            yield None, last_line
            continue
        if lines_before <= first_line <= last_line:  # the stream fails here though the chunk alone reads
            stream_problem = syntax_problem(first_error, text)  # (e.g. a bare document after `...`)
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


class _Attacher:
    """Per-document bookkeeping while streaming: its index, its Helm `# Source:` template, and the
    checks that drop alias bombs and documents that are unrendered templates.

    Those checks walk every node, so each document is walked only when its own text (from the end of
    the document before it) could need it: one alias or `{{` early in a long `helm template` stream
    must not make every later document pay."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.sources = _sources(loaded.text)
        self.source_lines = [line for line, _ in self.sources]
        self.previous_end = -1
        self.previous_end_index = 0
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
        begin, end = self.previous_end_index, root.end_mark.index
        self.previous_end_index = end
        if not isinstance(root, ScalarNode):  # a scalar (a document left uncomposed, say) holds no alias or key
            problem = self._problem(root, begin, end)
            if problem is not None:
                self.loaded.problems.append(problem)
                return None
        return Document(root, index, source)

    def _problem(self, root: Node, begin: int, end: int) -> ReadProblem | None:
        """Why the document at text[begin:end] cannot be linted: an alias bomb, nesting too deep, or
        an unrendered template; each walk runs only when the text shows it may be needed."""
        text = self.loaded.text
        problem = None
        aliased = may_have_aliases(text, begin, end)
        if aliased:
            problem = alias_problem(root)
        if problem is None and (aliased or may_be_too_deep(text, begin, end + 1)):
            problem = depth_problem(root)  # (an alias nests what it names at its own depth)
        if problem is None and text.find("{{", begin, end) != -1:
            problem = template_key_problem(root, text)
        return problem


def _sources(text: str) -> list[tuple[int, str]]:
    """Each `# Source: NAME` comment line (at the start of a line) as (0-based line, NAME).

    A literal search, not a multi-line regex (which tries every line start); lines are counted
    incrementally, so the whole is linear in the file's size.
    """
    sources: list[tuple[int, str]] = []
    counted_to, lines_before = 0, 0
    position = text.find(_SOURCE_PREFIX)
    while position != -1:
        if position == 0 or text[position - 1] == "\n":
            name_start = position + len(_SOURCE_PREFIX)
            line_end = text.find("\n", name_start)
            rest = text[name_start:] if line_end == -1 else text[name_start:line_end]
            if rest:  # the name is the rest of the line less trailing blanks, but never empty
                lines_before += count_breaks(text, counted_to, position)
                counted_to = position
                sources.append((lines_before, rest[0] + rest[1:].rstrip()))
        position = text.find(_SOURCE_PREFIX, position + 1)
    return sources
