"""Read a file so that it can be written back unchanged, and load one document of it with ruamel.yaml.

A file is kept as lines with their own endings (LF, CRLF), its byte-order mark and whether it ends in
a newline. It is cut into documents at `---` lines, the way Helm and the loader cut it, and only the
documents that need an edit are round-tripped through ruamel.yaml. Each one is loaded and dumped with
the indentation it actually uses (mapping indent, sequence indent and dash offset, detected per
document), explicit `---`/`...` markers as written, nulls spelled as written, and no line wrapping.
`merge.py` then decides whether the dump is faithful enough around the edit.
"""

from __future__ import annotations

import codecs
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.representer import RoundTripRepresenter
from yaml.nodes import MappingNode, Node, SequenceNode

from probelint.reading.loader import KubernetesLoader
from probelint.reading.yamlview import walk_nodes

_DOC_START_RE = re.compile(r"^---(?=[ \t]|$)")
_DOC_END_RE = re.compile(r"^\.\.\.(?=[ \t]|$)")
_NULL_TAG = "tag:yaml.org,2002:null"
# Characters PyYAML and ruamel.yaml also treat as line breaks; a file with them is not rewritten.
_ODD_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
_NO_WRAP = 1 << 30


class FileFormatError(Exception):
    """The file's bytes are in a form that probelint does not write back (UTF-16, odd line breaks)."""


class SourceText:
    """A file as lines (without their endings), each line's ending, and its byte-order mark."""

    __slots__ = ("bom", "endings", "lines")

    def __init__(self, lines: list[str], endings: list[str], bom: bool) -> None:
        self.lines = lines
        self.endings = endings  # "\n" or "\r\n"; "" only for a last line without a newline
        self.bom = bom

    @classmethod
    def from_bytes(cls, data: bytes) -> SourceText:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise FileFormatError("the file is UTF-16; probelint only rewrites UTF-8 files")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileFormatError("the file is not valid UTF-8") from None
        return cls.from_text(text, bom=data.startswith(codecs.BOM_UTF8))

    @classmethod
    def from_text(cls, text: str, bom: bool = False) -> SourceText:
        lines: list[str] = []
        endings: list[str] = []
        for raw in text.split("\n"):
            lines.append(raw)
            endings.append("\n")
        endings[-1] = ""
        if lines and lines[-1] == "":  # the text ended with a newline: no extra empty line
            lines.pop()
            endings.pop()
        for index, line in enumerate(lines):
            if line.endswith("\r") and endings[index]:
                lines[index] = line[:-1]
                endings[index] = "\r\n"
        if any(char in line for line in lines for char in _ODD_BREAKS):
            raise FileFormatError("the file has carriage returns or Unicode line breaks that are not line endings")
        return cls(lines, endings, bom)

    @property
    def newline(self) -> str:
        """The file's usual line ending, for lines a fix adds."""
        counts = Counter(ending for ending in self.endings if ending)
        return counts.most_common(1)[0][0] if counts else "\n"

    def to_bytes(self) -> bytes:
        body = "".join(line + ending for line, ending in zip(self.lines, self.endings, strict=True))
        return (codecs.BOM_UTF8 if self.bom else b"") + body.encode("utf-8")

    def replaced(self, start: int, end: int, new_lines: list[str]) -> SourceText:
        """A copy with lines [start, end) replaced; new lines get the ending of the lines they replace,
        or of the line before them."""
        return self.replaced_many([(start, end, new_lines)])

    def replaced_many(self, edits: Iterable[tuple[int, int, Sequence[str]]]) -> SourceText:
        """A copy with each range of lines [start, end) replaced (ranges must not overlap), in one pass
        over the file whatever the number of edits, as `replaced` would do one edit at a time."""
        newline = self.newline
        lines: list[str] = []
        endings: list[str] = []
        at = 0
        for start, end, new_lines in sorted(edits, key=lambda edit: edit[0]):
            lines.extend(self.lines[at:start])
            endings.extend(self.endings[at:start])
            before = self.endings[start - 1] if 0 < start <= len(self.endings) else ""
            fill = next((ending for ending in self.endings[start:end] if ending), before or newline)
            lines.extend(new_lines)
            endings.extend([fill] * len(new_lines))
            at = end
        lines.extend(self.lines[at:])
        endings.extend(self.endings[at:])
        if lines:
            last_ending = self.endings[-1] if self.endings else "\n"
            endings = [ending or newline for ending in endings]
            endings[-1] = last_ending
        return SourceText(lines, endings, self.bom)


class Chunk(NamedTuple):
    """Lines [start, end) of a file: one `---`-separated part, as Helm and the loader split streams."""

    start: int
    end: int


def split_chunks(lines: list[str]) -> list[Chunk]:
    starts = [index for index, line in enumerate(lines) if _DOC_START_RE.match(line)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = [*starts, len(lines)]
    return [Chunk(begin, end) for begin, end in itertools.pairwise(bounds) if end > begin or begin == 0]


class Style(NamedTuple):
    """How a document indents: ruamel.yaml's `indent(mapping, sequence, offset)`."""

    mapping: int = 2
    sequence: int = 2
    offset: int = 0


def detect_style(text: str) -> Style:
    """The indentation most of the document uses (votes over nested block mappings and sequences)."""
    try:
        roots = list(yaml.compose_all(text, Loader=KubernetesLoader))
    except (yaml.YAMLError, RecursionError):
        return Style()
    return style_of(roots)


def style_of(roots: Iterable[Node]) -> Style:
    """detect_style of the documents already composed (`roots`)."""
    mapping_votes: Counter[int] = Counter()
    sequence_votes: Counter[tuple[int, int]] = Counter()
    for node in walk_nodes(roots):
        if not isinstance(node, MappingNode):
            continue
        for key, value in node.value:
            column = key.start_mark.column
            if isinstance(value, MappingNode) and not value.flow_style and value.value:
                first = value.value[0][0]
                if first.start_mark.line > key.start_mark.line:
                    mapping_votes[first.start_mark.column - column] += 1
            elif isinstance(value, SequenceNode) and not value.flow_style and value.value:
                item = value.value[0]
                if item.start_mark.line == value.start_mark.line and value.start_mark.line > key.start_mark.line:
                    sequence_votes[(item.start_mark.column - column, value.start_mark.column - column)] += 1
    mapping = mapping_votes.most_common(1)[0][0] if mapping_votes else 2
    mapping = mapping if mapping > 0 else 2
    sequence, offset = sequence_votes.most_common(1)[0][0] if sequence_votes else (mapping, 0)
    offset = max(offset, 0)
    return Style(mapping, max(sequence, offset + 2), offset)


class KeptNull:
    """A null that remembers its spelling (`null`, `~`, `Null` or nothing): ruamel.yaml would drop it."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"KeptNull({self.text!r})"


class _Constructor(RoundTripConstructor):
    def construct_kept_null(self, node: Any) -> KeptNull:
        return KeptNull(str(node.value))


class _Representer(RoundTripRepresenter):
    def represent_kept_null(self, data: KeptNull) -> Any:
        return self.represent_scalar(_NULL_TAG, data.text)


_Constructor.add_constructor(_NULL_TAG, _Constructor.construct_kept_null)
_Representer.add_representer(KeptNull, _Representer.represent_kept_null)


def make_yaml(style: Style, explicit_start: bool, explicit_end: bool) -> YAML:
    """A round-trip ruamel.yaml instance that writes a document the way this one is written."""
    rt = YAML(typ="rt")
    rt.Constructor = _Constructor
    rt.Representer = _Representer
    rt.preserve_quotes = True
    rt.width = _NO_WRAP
    rt.allow_duplicate_keys = False
    rt.indent(mapping=style.mapping, sequence=style.sequence, offset=style.offset)
    rt.explicit_start = explicit_start
    rt.explicit_end = explicit_end
    return rt


class LoadedChunk:
    """One `---` part of a file as ruamel.yaml documents, with the settings that write it back."""

    __slots__ = ("documents", "rt")

    def __init__(self, documents: list[Any], rt: YAML) -> None:
        self.documents = documents
        self.rt = rt

    def dump(self) -> list[str]:
        out = io.StringIO()
        self.rt.dump_all(self.documents, out)
        text = out.getvalue()
        return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def load_chunk(lines: list[str]) -> LoadedChunk:
    """Load a `---` part; raises ruamel.yaml's errors (duplicate keys, syntax) to the caller."""
    text = "".join(line + "\n" for line in lines)
    explicit_start = bool(lines) and _DOC_START_RE.match(lines[0]) is not None
    explicit_end = any(_DOC_END_RE.match(line) for line in lines)
    rt = make_yaml(detect_style(text), explicit_start, explicit_end)
    return LoadedChunk(list(rt.load_all(text)), rt)
