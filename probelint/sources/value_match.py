"""Which values path produced a rendered key or value, checked against the values themselves.

Candidates come from the `.Values` references of the template lines that printed the node. A
candidate counts only if the values hold exactly what was rendered: a scalar equal to the rendered
scalar, or a mapping/list printed whole (toYaml) that the rendered tree contains, walked down to the
node. Elements of a `range` are told apart by a sibling in the rendered mapping (the `name:` printed
from the map key, or fields of a list element); anything still ambiguous yields no answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from probelint.sources.template_refs import ELEMENT, KEY, Ref
from probelint.sources.values import Origin, Path, PathPart, ValuesScope, get, is_missing, loose_equal


class Rendered(NamedTuple):
    """The rendered node a finding is about."""

    doc: Any  # the whole document as Python data
    path: Path  # keys and indices from the document root to the node
    value: Any  # the node's value
    value_mode: bool  # True: the finding is about the scalar value; False: about the key itself


class Match(NamedTuple):
    path: Path
    origin: Origin


class _Candidate(NamedTuple):
    path: Path
    choices: tuple[PathPart, ...]  # the element keys/indices a `range` expanded to


def _expand(scope: ValuesScope, ref: Ref) -> list[tuple[Path, tuple[PathPart, ...], bool]]:
    """Concrete paths for a reference: (path, element choices, is the key itself)."""
    results: list[tuple[Path, tuple[PathPart, ...], bool]] = [((), (), False)]
    for i, part in enumerate(ref):
        nxt: list[tuple[Path, tuple[PathPart, ...], bool]] = []
        for path, choices, _ in results:
            if part in (ELEMENT, KEY):
                collection = scope.value(path)
                keys: Sequence[PathPart] = (
                    list(collection)
                    if isinstance(collection, dict)
                    else list(range(len(collection)))
                    if isinstance(collection, list)
                    else []
                )
                for k in keys:
                    nxt.append(((*path, k), (*choices, k), part == KEY and i == len(ref) - 1))
            else:
                nxt.append(((*path, part), choices, False))
        results = nxt
    return results


def _fits(values: Any, rendered: Any) -> int | None:
    """How a values collection sits in a rendered one: 0 for a mapping whose entries are all there,
    the offset of a list that appears as a contiguous run; None when it does not fit (or is ambiguous)."""
    if isinstance(values, dict) and isinstance(rendered, dict):
        ok = all(k in rendered and loose_equal(v, rendered[k]) for k, v in values.items())
        return 0 if ok and values else None
    if isinstance(values, list) and isinstance(rendered, list) and values:
        offsets = [
            o
            for o in range(len(rendered) - len(values) + 1)
            if all(loose_equal(a, b) for a, b in zip(values, rendered[o : o + len(values)], strict=True))
        ]
        return offsets[0] if len(offsets) == 1 else None
    return None


def _walk(scope: ValuesScope, base: Path, rendered: Rendered) -> list[Path]:
    """Values paths under `base` (a collection printed whole) that hold the rendered node."""
    found: list[Path] = []
    values = scope.value(base)
    if not isinstance(values, (dict, list)):
        return found
    for depth in range(len(rendered.path)):
        ancestor = get(rendered.doc, rendered.path[:depth])
        offset = _fits(values, ancestor)
        if offset is None:
            continue
        rest = list(rendered.path[depth:])
        if isinstance(rest[0], int):
            rest[0] -= offset
        candidate = (*base, *rest)
        target = scope.value(candidate)
        if is_missing(target):
            continue
        if rendered.value_mode and not loose_equal(target, rendered.value):
            continue
        found.append(candidate)
    return found


def _sibling_ok(rendered: Rendered, choice: PathPart, element: Any) -> bool:
    parent = get(rendered.doc, rendered.path[:-1])
    if not isinstance(parent, dict):
        return False
    own = rendered.path[-1]
    siblings = {k: v for k, v in parent.items() if k != own and not isinstance(v, (dict, list))}
    if isinstance(choice, str):
        return any(loose_equal(v, choice) for v in siblings.values())
    if isinstance(element, dict):
        common = [k for k in siblings if k in element]
        return bool(common) and all(loose_equal(element[k], siblings[k]) for k in common)
    return False


def match(scope: ValuesScope, refs: Sequence[Ref], rendered: Rendered) -> Match | None:
    distinct = {c.path: c for c in _candidates(scope, refs, rendered)}
    if len(distinct) > 1:
        distinct = {path: cand for path, cand in distinct.items() if _told_apart(scope, rendered, path, cand)}
    if len(distinct) != 1:
        return None
    (path,) = distinct
    origin = scope.origin(path)
    if origin is None:
        return None
    if rendered.value_mode and not _printed_equal(path, distinct[path], origin, rendered):
        return None
    return Match(path, origin)


def _candidates(scope: ValuesScope, refs: Sequence[Ref], rendered: Rendered) -> list[_Candidate]:
    """The values paths the references can stand for that hold what was rendered."""
    candidates: list[_Candidate] = []
    key = rendered.path[-1] if rendered.path else None
    for ref in refs:
        for path, choices, is_key in _expand(scope, ref):
            if is_key:
                printed = path[-1]
                if (rendered.value_mode and loose_equal(printed, rendered.value)) or (
                    not rendered.value_mode and printed == key
                ):
                    candidates.append(_Candidate(path, choices))
                continue
            value = scope.value(path)
            if is_missing(value):
                continue
            if isinstance(value, (dict, list)):
                candidates.extend(_Candidate(p, choices) for p in _walk(scope, path, rendered))
            elif rendered.value_mode and loose_equal(value, rendered.value):
                candidates.append(_Candidate(path, choices))
    return candidates


def _told_apart(scope: ValuesScope, rendered: Rendered, path: Path, cand: _Candidate) -> bool:
    """Among several candidates, one from a `range` whose element matches the rendered siblings."""
    if not cand.choices:
        return False
    head = path[: _choice_depth(path, cand.choices)]
    return _sibling_ok(rendered, cand.choices[-1], scope.value(head))


def _choice_depth(path: Path, choices: tuple[PathPart, ...]) -> int:
    """Length of the prefix of `path` that ends at the last `range` element chosen."""
    last = choices[-1]
    for i in range(len(path) - 1, -1, -1):
        if path[i] == last:
            return i + 1
    return len(path)


def _printed_equal(path: Path, cand: _Candidate, origin: Origin, rendered: Rendered) -> bool:
    """The layer that sets the path holds what was printed (the key itself, for a printed range key)."""
    if loose_equal(origin.value, rendered.value):
        return True
    return bool(cand.choices) and path[-1] == cand.choices[-1] and loose_equal(path[-1], rendered.value)
