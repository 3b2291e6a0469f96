"""Refuse what Kubernetes refuses before it costs us: alias bombs and anchors that contain themselves."""

from __future__ import annotations

import re

import yaml
from yaml.nodes import Node

from probelint.reading.decode import ReadProblem
from probelint.reading.lines import OTHER_BREAKS

# An anchor or alias token: each pattern starts with its literal, which the regex engine finds fast.
_ANCHOR_RE = re.compile(r"&[^\s\[\]{},]+")
_ALIAS_RE = re.compile(r"\*[^\s\[\]{},]+")


_BEFORE_NODE = frozenset(" \t\r\n\x85\u2028\u2029[{,:-")  # every line break libyaml knows


# Nodes a document may expand to through aliases before it is treated as an alias bomb. Kubernetes'
# YAML reader refuses such documents too ("yaml: document contains excessive aliasing").
ALIAS_EXPANSION_LIMIT = 1_000_000


def expanded_size(root: Node, limit: int = ALIAS_EXPANSION_LIMIT) -> int | None:
    """How many nodes a document becomes once aliases are expanded (capped at `limit`).

    None when an anchor contains itself. Shared nodes are counted once per reference, but each is
    visited once, so the count itself costs time linear in the composed (not the expanded) size.
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            in_progress.discard(key)
            total = 1
            for child in _children(node):
                total = min(limit, total + sizes[id(child)])
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in in_progress:
            return None
        in_progress.add(key)
        stack.append((node, True))
        for child in _children(node):
            child_key = id(child)
            if child_key in in_progress:
                return None
            if child_key not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def may_have_aliases(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether some `*name` in text[start:end], where a node can start, names an `&name` anchor there.

    Only aliases make a document bigger than what was composed, or recursive, so the expansion walk
    is needed only then. Both token patterns are supersets of the real thing (`&&` in a shell script,
    `*` in a cron schedule match too), so an empty intersection proves there is no alias. Anchors do
    not reach across documents, so a document's own span is enough. Aliases are looked for first:
    most documents with a `*` have none where a node starts.
    """
    end = len(text) if end is None else end
    if text.find("*", start, end) == -1 or text.find("&", start, end) == -1:
        return False
    aliases = _names_at_node_start(_ALIAS_RE, text, start, end)
    return bool(aliases) and not aliases.isdisjoint(_names_at_node_start(_ANCHOR_RE, text, start, end))


def _names_at_node_start(pattern: re.Pattern[str], text: str, start: int, end: int) -> set[str]:
    names = set()
    for match in pattern.finditer(text, start, end):
        at = match.start()
        if at == 0 or text[at - 1] in _BEFORE_NODE:
            names.add(match.group()[1:])
    return names


def alias_at(text: str) -> bool:
    """Whether `text` may hold an alias: a `*name` where a node can start (at a line's indentation,
    after `:`, `-`, `?`, `[`, `{`, `,` and spaces; an alias node has no tag). A superset: `key: *.yaml` in a
    plain scalar counts, `e.g. *.yaml` inside one does not. Anchors alone change nothing: without an
    alias a document is as big as its text, and an alias naming no anchor is an error to report."""
    if text.find("*") == -1:
        return False
    return any(at_node_start(text, match.start(), after_tag=False) for match in _ALIAS_RE.finditer(text))


def anchor_or_alias_at(text: str) -> bool:
    """Whether `text` may hold an anchor or an alias where a node can start (see alias_at)."""
    if alias_at(text):
        return True
    return text.find("&") != -1 and any(at_node_start(text, match.start()) for match in _ANCHOR_RE.finditer(text))


def anchor_repeated(text: str) -> bool:
    """Whether some `&name` where a node can start occurs twice in `text`: the composer refuses a
    document that defines an anchor twice ("found duplicate anchor"), which a bare parse does not
    notice. A superset (`&&` opening two lines of a plain scalar counts)."""
    if text.find("&") == -1:
        return False
    names: set[str] = set()
    for match in _ANCHOR_RE.finditer(text):
        if at_node_start(text, match.start()):
            name = match.group()
            if name in names:
                return True
            names.add(name)
    return False


_NODE_STARTS_AFTER = frozenset("\n\r\x85\u2028\u2029:-?[{,")


def at_node_start(text: str, index: int, after_tag: bool = True) -> bool:
    """Whether a node (or its anchor or tag) could start at `index`, judged from the text before it;
    `after_tag`: after a tag too (`key: !!map &anchor`; an alias takes no tag)."""
    before = index - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    if before < 0 or text[before] in _NODE_STARTS_AFTER:
        return True
    if not after_tag:
        return False
    word_start = max(text.rfind(" ", 0, before), text.rfind("\n", 0, before)) + 1
    return text.startswith("!", word_start)


# Levels of nesting a document may have. libyaml stops at 1000, but the rules walk documents
# recursively and would hit Python's recursion limit a little below that; no manifest comes close.
MAX_DEPTH = 500
# Slack for the levels a line adds beyond its indentation: the mapping value on the key's own line.
_DEPTH_SLACK = 4
_DEEP_LINE_RE: dict[int, tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]] = {}


def may_be_too_deep(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end] can nest MAX_DEPTH levels. Each level of block nesting needs one more
    column before its content (`- `, `? ` and `: ` included: `- - x` is two levels), and each level of
    flow nesting a `{`, or a `[` for two (`[a: [a: b]]` nests a one-pair mapping in each list), so when
    the brackets and the deepest line's indentation add up to less, it cannot, and the walk is
    skipped. Aliases can nest further still: the loader walks every document with one anyway. Only
    \\n (and \\r\\n) break lines for the indentation count: with any other line break, any line as
    long as that indentation would need to be counts."""
    end = len(text) if end is None else end
    columns = MAX_DEPTH - _DEPTH_SLACK - 2 * text.count("[", start, end) - text.count("{", start, end)
    if columns <= 0:
        return True
    return _deeply_indented(text, start, end, columns)


def may_nest_too_deep(text: str) -> bool:
    """may_be_too_deep, roughly, for a document no rule reads, which the depth walk would only report.
    CRDs and dashboards hold hundreds of brackets, few nested: past that many, their nesting is
    counted (a bracket inside a string or comment counts as if it were flow); only spaces count as
    indentation (a plain substring search). Nesting written as compact `- - -` lists past 250 levels
    goes unreported there."""
    brackets = 2 * text.count("[") + text.count("{")
    if brackets >= MAX_DEPTH - _DEPTH_SLACK:
        brackets = 2 * _bracket_nesting(_NOT_A_BRACKET_RE.sub("", text))
    columns = MAX_DEPTH - _DEPTH_SLACK - brackets
    return columns <= 0 or text.find("\n" + " " * columns) != -1 or text.startswith(" " * columns)


_NOT_A_BRACKET_RE = re.compile(r"[^\[\]{}]+")


def _bracket_nesting(brackets: str) -> int:
    """How deep the brackets of `brackets` (nothing else) nest; a stray closing one is passed over."""
    depth = deepest = 0
    for bracket in brackets:
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest


def _deeply_indented(text: str, start: int, end: int, columns: int) -> bool:
    """Whether a line of text[start:end] is indented `columns` or more (see may_be_too_deep)."""
    first_line, later_line, long_line = _deep_lines(columns)
    lone_returns = text.count("\r", start, end) - text.count("\r\n", start, end)
    if lone_returns or any(text.find(brk, start, end) != -1 for brk in OTHER_BREAKS):
        return long_line.search(text, start, end) is not None
    return first_line.match(text, start, end) is not None or later_line.search(text, start, end) is not None


def _deep_lines(columns: int) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A first line and a later line indented `columns` or more, and any line that long (rounded
    down to tens: a few patterns serve every count). The later one starts with its line break, which
    the regex engine finds fast."""
    columns -= columns % 10
    patterns = _DEEP_LINE_RE.get(columns)
    if patterns is None:
        indent = f"[ \\t?:-]{{{columns}}}"
        long_line = re.compile(f"^[^\\n]{{{columns}}}", re.MULTILINE)
        patterns = _DEEP_LINE_RE.setdefault(columns, (re.compile(indent), re.compile("\\n" + indent), long_line))
    return patterns


def depth_problem(root: Node) -> ReadProblem | None:
    """A problem at the first node nested deeper than MAX_DEPTH; None when there is none."""
    stack: list[tuple[Node, int]] = [(root, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            mark = node.start_mark
            return ReadProblem(
                mark.line + 1, mark.column + 1, f"nesting too deep to read (over {MAX_DEPTH} levels); not linted"
            )
        stack.extend((child, depth + 1) for child in _children(node))
    return None


def alias_problem(root: Node) -> ReadProblem | None:
    size = expanded_size(root)
    mark = root.start_mark
    if size is None:
        return ReadProblem(mark.line + 1, mark.column + 1, "an anchor contains itself (recursive alias); not linted")
    if size >= ALIAS_EXPANSION_LIMIT:
        return ReadProblem(
            mark.line + 1,
            mark.column + 1,
            f"document contains excessive aliasing (expands to over {ALIAS_EXPANSION_LIMIT:,} nodes, an alias "
            "bomb); Kubernetes rejects it too; not linted",
        )
    return None
