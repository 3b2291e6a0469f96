"""Round-trip a piece of a document instead of all of it: the probe or the container a fix is about.

ruamel.yaml's pure-Python round trip is what a fix costs most, and it grows with the text it reads
and writes; a fix usually changes a few lines of one probe. A fragment is a block mapping of the
document (a probe, a container, a pod spec) with everything below it, cut out of the original lines
and moved to the left margin: a mapping that is a key's value on its own, a mapping that is a list
item with its `- ` (as a one-item list). ruamel.yaml lays a nested block out as it lays it out at the
left margin, shifted by its indentation, so the edit found on the fragment is, once shifted back,
the edit found on the whole document.

A fix that reaches outside its fragment (`edits.OutsideFragment`) gets the next larger one. Where a
fragment could differ from the whole document, the whole document is used instead: anchors, aliases
and merge keys, duplicate keys (ruamel.yaml refuses a document with them), `...` and directives, a
line inside the fragment that is indented less than it, and an edit on the fragment's first line (the
lines before it would decide how it is placed). The edit is then verified on the whole `---` part, as
any other (`verify.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from probelint.fix.edits import Path
from probelint.fix.merge import Hunk
from probelint.fix.roundtrip import LoadedChunk, Style, make_yaml
from probelint.paths import ObjectPath
from probelint.reading.guards import anchor_or_alias_at
from probelint.reading.yamlview import walk_nodes

_DASH_RE = re.compile(r"^( *)- +$")  # what comes before a list item's first key on its line
_MERGE_KEY_RE = re.compile(r"<<\s*:")  # a superset: a shell here-document (`cat <<EOF`) is not one


class Fragment(NamedTuple):
    """Lines [first, end) of a `---` part (0-based, in the part) holding the block mapping at `path`,
    moved left by `shift` columns; `item`: the mapping is a list item, cut with its `- `."""

    path: Path
    first: int
    end: int
    shift: int
    item: bool


def can_cut(lines: Sequence[str], root: Node) -> bool:
    """Whether fragments of this part's one document read as they do in the document: a block
    mapping, nothing after its `...` but comments and directives, no anchor, alias, merge key or
    duplicate key."""
    if not isinstance(root, MappingNode) or root.flow_style or not _one_document(lines):
        return False
    if any(_MERGE_KEY_RE.search(line) for line in lines) or anchor_or_alias_at("\n".join(lines)):
        return False
    return not _has_duplicate_keys(root)


def _one_document(lines: Sequence[str]) -> bool:
    ended = False
    for line in lines:
        if ended and line.strip() and not line.lstrip().startswith(("#", "%")):
            return False
        if line.startswith("%") and not ended:
            return False
        ended = ended or line.startswith("...")
    return True


def _has_duplicate_keys(root: Node) -> bool:
    for node in walk_nodes([root]):
        if isinstance(node, MappingNode):
            keys = [key.value for key, _ in node.value if isinstance(key, ScalarNode)]
            if len(keys) != len(node.value) or len(set(keys)) != len(keys):
                return True
    return False


def candidates(root: Node, path: Path) -> list[tuple[ObjectPath, MappingNode]]:
    """The block mappings on the way to `path` below the document's root, innermost first."""
    found: list[tuple[ObjectPath, MappingNode]] = []
    node = root
    for depth, segment in enumerate(path):
        if isinstance(node, MappingNode) and isinstance(segment, str):
            values = [value for key, value in node.value if key.value == segment]
            if len(values) != 1:
                break
            node = values[0]
        elif isinstance(node, SequenceNode) and isinstance(segment, int) and 0 <= segment < len(node.value):
            node = node.value[segment]
        else:
            break
        if isinstance(node, MappingNode) and not node.flow_style and node.value:
            found.append((ObjectPath(path[: depth + 1]), node))
    found.reverse()
    return found


def cut(lines: Sequence[str], path: Path, node: MappingNode, part_start: int) -> tuple[Fragment, list[str]] | None:
    """The fragment of `node` and its lines moved to the left margin; None when it cannot be cut."""
    first, column = node.start_mark.line - part_start, node.start_mark.column
    if not 0 <= first < len(lines):
        return None
    head = lines[first][:column]
    item = isinstance(path[-1], int) if path else False
    if item:
        dash = _DASH_RE.match(head)
        if dash is None:
            return None
        shift = len(dash.group(1))
    elif head.strip(" "):
        return None
    else:
        shift = column
    end = _end(lines, node, part_start, column)
    moved = [lines[first][shift:]]
    for line in lines[first + 1 : end]:
        if line.strip() and not line.startswith(" " * shift):
            return None
        moved.append(line[shift:])
    return Fragment(path, first, end, shift, item), moved


def _end(lines: Sequence[str], node: MappingNode, part_start: int, column: int) -> int:
    """Past the mapping's last line: its content, then the blank and comment lines after it up to
    the first comment indented less than its keys (which is about what follows it)."""
    last: Node = node
    while isinstance(last, (MappingNode, SequenceNode)) and not last.flow_style and last.value:
        last = last.value[-1][1] if isinstance(last, MappingNode) else last.value[-1]
    mark = last.end_mark
    content_end = mark.line if mark.column == 0 and mark.line > last.start_mark.line else mark.line + 1
    end = content_end - part_start
    limit = min(len(lines), node.end_mark.line - part_start)
    while end < limit:
        stripped = lines[end].strip()
        if stripped and (not stripped.startswith("#") or len(lines[end]) - len(lines[end].lstrip(" ")) < column):
            break
        end += 1
    return end


def load(moved: list[str], fragment: Fragment, style: Style) -> LoadedChunk | None:
    """The fragment through ruamel.yaml, written with the document's style; None when it does not
    read as the same mapping (as many keys, one document)."""
    rt = make_yaml(style, explicit_start=False, explicit_end=False)
    try:
        documents = list(rt.load_all("".join(line + "\n" for line in moved)))
    except (RuamelError, RecursionError):
        return None
    if len(documents) != 1:
        return None
    return LoadedChunk(documents, rt) if _root(documents[0], fragment) is not None else None


def root(loaded: LoadedChunk, fragment: Fragment) -> Any:
    """The mapping the fragment holds (inside its one-item list for a list item)."""
    return _root(loaded.documents[0], fragment)


def _root(document: Any, fragment: Fragment) -> CommentedMap | None:
    if fragment.item:
        if not isinstance(document, CommentedSeq) or len(document) != 1:
            return None
        document = document[0]
    return document if isinstance(document, CommentedMap) else None


def placed(hunks: list[Hunk], fragment: Fragment) -> list[Hunk] | None:
    """The fragment's hunks as hunks of the part (lines moved back right); None when one is on its
    first line, where the lines before the fragment would decide the indentation."""
    pad = " " * fragment.shift
    out = []
    for hunk in hunks:
        if hunk.start == 0:
            return None
        lines = tuple(pad + line if line else line for line in hunk.lines)
        out.append(Hunk(hunk.start + fragment.first, hunk.end + fragment.first, lines))
    return out
