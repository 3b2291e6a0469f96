"""Which documents of a stream cannot matter to any rule, decided from their text before composing.

Composing is most of the cost of reading, and most of the bytes of real manifests are documents no
rule reads (CustomResourceDefinitions, ConfigMaps). A document is left uncomposed only when its text
proves that it yields no workload, no Service and no List item (or holds no object at all), and that
nothing in it needs a node walk (`{{`, a `probelint` comment); anything unusual (flow or quoted
top-level keys, directives, `...`, line breaks other than \\n) keeps it composed. skipping.py then
also makes sure that it reads on its own with nothing to report and holds no alias.
"""

from __future__ import annotations

import re

from probelint.model.kinds import CONTAINER_KEYS, NOT_PODS
from probelint.reading.guards import at_node_start
from probelint.reading.lines import OTHER_BREAKS

# Kinds that matter by kind alone: those extract.py reads a pod spec from by kind, Service
# (services.py) and every `...List` (its items). Any other kind matters only through `spec.template`.
KINDS_THAT_MATTER = frozenset({"Pod", "PodTemplate", "CronJob", "Service"})
LIST_SUFFIX = "List"

# A column-0 line that is not a plain key: a complex or quoted key, a merge, flow, a tag, an anchor or
# alias, a directive, a document end.
_UNUSUAL_TOP_LEVEL_RE = re.compile(r"\n(?:[?\"'{\[!&*%]|<<|\.\.\.)")
_VALUE_STARTS_NOT_PLAIN = tuple("!&*|>{[@`%")
_COLUMN_ZERO_CONTENT_RE = re.compile(r"\n[^ \t\n#]")
_CONTENT_RE = re.compile(r"^[ \t]*[^ \t\n#]", re.MULTILINE)
_CHILD_UNUSUAL_RE: dict[int, re.Pattern[str]] = {}
_CONTAINER_KEY_RE = re.compile(r"(?:containers?|sidecars)[\"']?\s*:")
# An escape in a double-quoted scalar that may spell a letter, or join two lines.
_ESCAPE_RE = re.compile("\\\\[xuU\r\n\x85\u2028\u2029]")


def cannot_matter(span: str) -> bool:
    """Whether the document `span` (from its `---`, or the start of the stream, to the next) provably
    yields nothing any rule reads."""
    kind = _top_level_scalar(span, "kind")
    if kind is None:
        if "kind" in span:
            return False  # a kind the text alone cannot tell (JSON, a flow mapping, a list of objects)
        if not span.startswith("---") and _CONTENT_RE.search(span) is None:
            return False  # only comments before the first `---`: no document to stand in for
    elif kind in KINDS_THAT_MATTER or kind.endswith(LIST_SUFFIX):
        return False
    if "probelint" in span or "\r" in span or "\t" in span or _template_at_node_start(span):
        return False
    if any(brk in span for brk in OTHER_BREAKS) or _UNUSUAL_TOP_LEVEL_RE.search(span):
        return False
    if span.startswith(("%", "...", "?", '"', "'", "{", "[", "<<")):
        return False
    if kind is None:
        return True  # no object at all: every workload and Service has a kind
    if kind not in NOT_PODS and _may_name_containers(span):
        return False  # the model finds pod specs by shape, and in custom kinds at their own paths
    return not _may_have_spec_template(span)


def _may_name_containers(span: str) -> bool:
    """Whether some key may be `containers`, `container` or `sidecars` (quoted or not, `key :` too),
    where the model looks for pods: a mere mention (a description, a Role's rule) is no key. With a
    double-quoted escape (`\\x3a`) or an explicit key (`? `) about, any mention counts."""
    if not any(key in span for key in CONTAINER_KEYS):
        return False
    return "? " in span or _ESCAPE_RE.search(span) is not None or _CONTAINER_KEY_RE.search(span) is not None


def _template_at_node_start(span: str) -> bool:
    """Whether some `{{` could start a node (a flow mapping keyed by a flow mapping: an unrendered
    template, which loader.py reports); inside a quoted or plain scalar it is just text."""
    position = span.find("{{")
    while position != -1:
        if at_node_start(span, position):
            return True
        position = span.find("{{", position + 2)
    return False


def _key_lines(span: str, key: str) -> list[int]:
    """Where each column-0 line whose key is `key` (`key:` or `key :`) starts."""
    starts = [0] if span.startswith(key) else []
    position = span.find("\n" + key)
    while position != -1:
        starts.append(position + 1)
        position = span.find("\n" + key, position + 1)
    found = []
    for start in starts:
        after = start + len(key)
        while after < len(span) and span[after] == " ":
            after += 1
        if span.startswith(":", after):
            found.append(start)
    return found


def _line_value(span: str, line_start: int) -> tuple[str, int]:
    """The text after the key's colon on that line, without a comment, stripped; where the line ends."""
    end = span.find("\n", line_start)
    end = len(span) if end == -1 else end
    value = span[span.index(":", line_start) + 1 : end]
    if value.startswith("#"):
        value = ""
    comment = value.find(" #")
    if comment != -1:
        value = value[:comment]
    return value.strip(" "), end


def _top_level_scalar(span: str, key: str) -> str | None:
    """The one column-0 `key: value` of the document as a plain or simply quoted string on its line;
    None when there is none, more than one, or anything that needs the parser to tell."""
    lines = _key_lines(span, key)
    if len(lines) != 1:
        return None
    value, end = _line_value(span, lines[0])
    if not value or value.startswith(_VALUE_STARTS_NOT_PLAIN) or "\\" in value:
        return None
    if value[0] in "\"'":
        if len(value) < 2 or value[-1] != value[0] or value[0] in value[1:-1]:
            return None
        return value[1:-1]
    next_line = span[end + 1 : span.find("\n", end + 1) if span.find("\n", end + 1) != -1 else len(span)]
    if next_line.startswith(" ") and next_line.strip(" ") and not next_line.lstrip(" ").startswith("#"):
        return None  # a plain scalar may go on on the next line
    return value


def _may_have_spec_template(span: str) -> bool:
    """Whether the column-0 `spec:` may have a `template` key (where extract.py looks for a pod spec)."""
    lines = _key_lines(span, "spec")
    if not lines:
        return False
    if len(lines) > 1:
        return True
    value, end = _line_value(span, lines[0])
    if value:
        return True  # a flow mapping, an alias, a tag, a block scalar: ask the parser
    block_end_match = _COLUMN_ZERO_CONTENT_RE.search(span, end)
    block_end = block_end_match.start() if block_end_match is not None else len(span)
    indent = _first_child_indent(span, end, block_end)
    if indent is None:
        return False  # no children: spec is null
    unusual = _CHILD_UNUSUAL_RE.get(indent)
    if unusual is None:
        unusual = _CHILD_UNUSUAL_RE.setdefault(indent, re.compile(f"\\n {{0,{indent}}}" + "[?\"'<{\\[!&*]"))
    if unusual.search(span, end, block_end):
        return True
    position = span.find("template", end, block_end)
    while position != -1:
        line_start = span.rfind("\n", 0, position) + 1
        if not span[line_start:position].strip(" ") and position - line_start <= indent:
            return True
        position = span.find("template", position + 1, block_end)
    return False


def _first_child_indent(span: str, start: int, end: int) -> int | None:
    position = start
    while position < end:
        line_end = span.find("\n", position + 1)
        line_end = end if line_end == -1 or line_end > end else line_end
        line = span[position + 1 : line_end]
        content = line.lstrip(" ")
        if content and not content.startswith("#"):
            return len(line) - len(content)
        position = line_end
    return None
