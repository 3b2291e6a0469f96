"""Read a stream without composing the documents that cannot matter (see relevance.py): each is
blanked out in what the parser reads, keeping every position and document index of the others."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator

import yaml

from probelint.reading.guards import MAX_DEPTH, alias_at, anchor_repeated, may_nest_too_deep
from probelint.reading.relevance import cannot_matter

try:  # pragma: no cover - which branch runs depends on how PyYAML was built
    from yaml._yaml import CParser as _EventParser
except ImportError:  # pragma: no cover
    _EventParser = None  # type: ignore[assignment, misc]

# Whether a document can be skipped at all: the check that it parses on its own needs libyaml.
CAN_SKIP = _EventParser is not None


class SkippingReader:
    """The text as the parser reads it (a file-like object), one `---` document at a time, with each
    document that cannot matter (see relevance.py) and reads on its own blanked out: the same
    length and line breaks, so every mark of the others is unchanged, and still a document, so every
    index is too. A broken document is never blanked: the parser reports it where it always did.

    `skip(line, span)`, when given, chooses instead which documents to blank (by their text and the
    0-based line they start on); each must also be `one_plain_document`."""

    def __init__(self, text: str, skip: Callable[[int, str], bool] | None = None) -> None:
        self.pieces = self._pieces(text, skip)

    def read(self, size: int = -1, /) -> str:
        """The next document: libyaml asks for `size` bytes and keeps what goes beyond for its next reads."""
        return next(self.pieces, "")

    @staticmethod
    def _pieces(text: str, skip: Callable[[int, str], bool] | None) -> Iterator[str]:
        bounds = document_starts(text)
        if not bounds or bounds[0] != 0:
            bounds.insert(0, 0)
        bounds.append(len(text))
        line = 0
        for begin, end in itertools.pairwise(bounds):
            span = text[begin:end]
            if skip is None:
                blankable = span.startswith("---") or span[:1] not in ("", "\n")
                blank = blankable and cannot_matter(span)
            else:
                blank = skip(line, span) and one_plain_document(span)
                line += span.count("\n")
            yield _blanked(span) if blank and _parses(span) else span


def one_plain_document(span: str) -> bool:
    """Whether `span` is one document that blanking changes nothing for but itself: it starts with
    `---` (so it is a document even empty), has no `...` or directive (which could make it two), and
    no Helm `# Source:` comment after its content, which would name the template of the document
    after it (loader._Attacher looks back to where the document before ends)."""
    if not span.startswith("---") or "\n..." in span or "\n%" in span:
        return False
    source = span.rfind(_SOURCE_LINE)
    if source == -1:
        return True
    marker_line = span[3 : span.find("\n") if "\n" in span else len(span)].strip()
    return not marker_line[:1].strip("#") and not _CONTENT_LINE_RE.search(span, 3, source)


def _parses(span: str) -> bool:
    """Whether the document reads on its own with nothing to report: it parses, and (what only
    composing would otherwise find, or the loader's checks of a composed document) has no alias,
    defines no anchor twice and nests no deeper than the loader reads. Those are looked at, event by
    event, only when the text says they may be there; the rest is libyaml's bare parse."""
    try:
        if alias_at(span) or anchor_repeated(span) or may_nest_too_deep(span):
            return _reads_alone(_EventParser(span))
        _EventParser(span).raw_parse()
    except yaml.YAMLError:
        return False
    return True


def _reads_alone(parser: _EventParser) -> bool:
    anchors: set[str] = set()
    depth = 0  # collections open around the next node
    while (event := parser.get_event()) is not None:
        if isinstance(event, yaml.AliasEvent):  # naming no anchor, or a bomb: the loader reports either
            return False
        if isinstance(event, _ENDS):
            depth -= 1
            continue
        if depth >= MAX_DEPTH:  # this node lies deeper than MAX_DEPTH, as depth_problem counts
            return False
        if isinstance(event, _STARTS):
            depth += 1
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            if anchor in anchors:
                return False
            anchors.add(anchor)
    return True


_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def document_starts(text: str, start: int = 0) -> list[int]:
    """Where each `---` that starts a document is, from `start` on: at the start of a line (as libyaml
    breaks lines) and followed by a blank or the end. (A literal search: a look-behind pattern would
    be tried at every position of the text.)"""
    starts = []
    position = text.find("---", start)
    while position != -1:
        if (position == 0 or text[position - 1] in _BREAKS) and text[position + 3 : position + 4] in _AFTER_MARKER:
            starts.append(position)
        position = text.find("---", position + 3)
    return starts


_SOURCE_LINE = "\n# Source: "
_CONTENT_LINE_RE = re.compile(r"\n[ \t]*[^ \t\r\n#]")  # a line that is not blank or a comment

_BREAKS = frozenset("\n\r\x85\u2028\u2029")


_AFTER_MARKER = frozenset(("", " ", "\t", "\r", "\n"))


def _blanked(span: str) -> str:
    """`span` as a document of nothing: as many characters and line breaks (only \\n, see
    relevance.py), so that what follows starts at the same index and line. A leading `---` is kept;
    without one (the stream's first document) a `~` on its last line keeps it a document, ending where
    the document did, as an empty `---` document's root does."""
    breaks = span.count("\n")
    if span.startswith("---"):
        return "---" + " " * (len(span) - 3 - breaks) + "\n" * breaks
    tail = "~\n" if span.endswith("\n") else "~"
    return " " * (len(span) - breaks - 1) + "\n" * (breaks - tail.count("\n")) + tail
