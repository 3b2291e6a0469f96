"""Read a stream without composing the documents that cannot matter (see relevance.py): each is
blanked out in what the parser reads, keeping every position and document index of the others."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator

import yaml

from probelint.reading.relevance import cannot_matter

try:  # pragma: no cover - which branch runs depends on how PyYAML was built
    from yaml._yaml import CParser as _EventParser
except ImportError:  # pragma: no cover
    _EventParser = None  # type: ignore[assignment, misc]

# Whether a document can be skipped at all: the check that it parses on its own needs libyaml.
CAN_SKIP = _EventParser is not None


class SkippingReader:
    """The text as the parser reads it (a file-like object), one `---` document at a time, with each
    document that cannot matter (see relevance.py) and parses on its own blanked out: the same
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
    try:
        _EventParser(span).raw_parse()
    except yaml.YAMLError:
        return False
    return True


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
    relevance.py), a leading `---` kept, or else a first character `~`, so that it stays a document.
    What follows needs only to start at the same index and line, so the spaces all go first."""
    marker = "---" if span.startswith("---") else "~"
    breaks = span.count("\n")
    return marker + " " * (len(span) - len(marker) - breaks) + "\n" * breaks
