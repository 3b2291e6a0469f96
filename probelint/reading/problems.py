"""Why (part of) a stream cannot be read, said where it happens: syntax errors, refused characters,
and unrendered Helm templates."""

from __future__ import annotations

import re

import yaml
from yaml.nodes import Node

from probelint.reading.decode import ReadProblem
from probelint.reading.lines import OTHER_BREAKS, count_breaks
from probelint.reading.yamlview import walk_nodes

_C_READER = bool(getattr(yaml, "__with_libyaml__", False))  # libyaml reads: its error offsets count UTF-8 bytes


_TEMPLATE_RE = re.compile(r"\{\{-?\s*[^}]*\}\}")


TEMPLATE_MESSAGE = "unrendered Helm template"


def keep_first_template_problem(problems: list[ReadProblem]) -> None:
    """A chart template has `{{ }}` in most of its documents; saying "render it first" once is enough."""
    templates = [problem for problem in problems if problem.message.startswith(TEMPLATE_MESSAGE)]
    if len(templates) > 1:
        first = min(templates, key=lambda problem: (problem.line, problem.column))
        problems[:] = [p for p in problems if p is first or not p.message.startswith(TEMPLATE_MESSAGE)]


def broken_chunk_problem(exc: yaml.YAMLError, text: str, begin: int, end: int, lines: int = 0) -> ReadProblem:
    """Why one `---` chunk does not parse: an unrendered Helm template at or before the parser's error
    position is the cause (and the useful thing to say); otherwise the parser's own message.

    `begin` starts a line, the `lines`-th (0-based): positions are counted from there, not from the
    start of the file, so that many broken chunks cost time linear in the file."""
    problem = syntax_problem(exc, text, lines, begin)
    template = _TEMPLATE_RE.search(text, begin, end)
    if template is not None:
        line = lines + count_breaks(text, begin, template.start())
        if line + 1 <= problem.line:
            return _template_problem(text, template.start(), line, _column(text, begin, template.start()))
    return problem


def _column(text: str, line_start: int, offset: int) -> int:
    """The 0-based column of `offset`, on a line that starts at or after `line_start`."""
    return offset - max(line_start, *(text.rfind(brk, line_start, offset) + 1 for brk in ("\n", "\r", *OTHER_BREAKS)))


def syntax_problem(exc: yaml.YAMLError, text: str, lines: int = 0, index: int = 0) -> ReadProblem:
    """The parser's error as a problem; `lines` and `index`: where in the file the parsed chunk starts."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(exc, text, index)
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        line = mark.line + lines
        message = exc.problem or "invalid YAML"
        if exc.context:
            message = f"{message} ({exc.context}"
            if exc.context_mark is not None:
                message += f" at line {exc.context_mark.line + lines + 1}"
            message += ")"
        if _char_at(text, mark.index + index) == "\t":
            message = f"a tab character here: YAML indents with spaces only ({message})"
        return ReadProblem(line + 1, mark.column + 1, message)
    return ReadProblem(1, 1, str(exc).strip() or "invalid YAML")


def _char_at(text: str, position: int) -> str:
    return text[position] if 0 <= position < len(text) else ""


def _reader_problem(exc: yaml.reader.ReaderError, text: str, begin: int) -> ReadProblem:
    """A character the YAML reader refuses (a control character), at its line and column.

    libyaml reports a byte offset into the UTF-8 of the chunk it read, PyYAML's own reader a character
    offset; either is turned into the character's place in `text`."""
    position = exc.position
    if _C_READER:
        position = len(text[begin:].encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
    offset = min(len(text), begin + position)
    line = count_breaks(text, 0, offset)
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return ReadProblem(
        line + 1, _column(text, 0, offset) + 1, f"unacceptable character #x{character:04X}: {exc.reason}"
    )


def _template_problem(text: str, offset: int, line: int, column: int) -> ReadProblem:
    """An unrendered template at `offset`, which is on 0-based `line` and `column`."""
    snippet = _TEMPLATE_RE.search(text, offset)
    shown = snippet.group(0) if snippet else "{{ }}"
    if len(shown) > 40:
        shown = shown[:37] + "...}}"
    return ReadProblem(
        line + 1,
        column + 1,
        f"{TEMPLATE_MESSAGE} ({shown}); render the chart first: helm template CHART | probelint -",
    )


def template_key_problem(root: Node, text: str) -> ReadProblem | None:
    """`name: {{ .Release.Name }}` parses, as a mapping keyed by a mapping: an unrendered template.

    Kubernetes cannot read such a key either, so the document is reported instead of linted.
    """
    for node in walk_nodes([root]):
        if isinstance(node, yaml.MappingNode):
            for key, _ in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    mark = node.start_mark  # (the marks of re-read chunks are moved to the file's indexes too)
                    if text.startswith("{{", mark.index):
                        return _template_problem(text, mark.index, mark.line, mark.column)
    return None
