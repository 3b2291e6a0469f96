"""Which `.Values` paths each template line uses, following scopes statically.

Tracked: `.Values.a.b` and `$.Values.a.b`; `with X` (`.` is X inside, the outer `.` in `else`);
`range X` and `range $k, $v := X` (`.`/`$v` an element of X, `$k` its key or index); `$var := X`.
A pipeline with several terms (`default .Values.a .Values.b`, `toYaml .x | nindent 4`) yields every
term as a candidate; callers verify candidates against the rendered value, so an extra candidate can
only make a finding ambiguous, never wrong.

Paths are tuples; `ELEMENT` stands for "some element of the collection before it", `KEY` for "some key
or index of the collection before it".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from probelint.sources.template_scan import Scan, action_lines

ELEMENT = "\x00element"
KEY = "\x00key"
_ROOT = "\x00root"

Ref = tuple[str, ...]
_STRINGS = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|\'(?:[^\'\\]|\\.)*\'')
_TERM = re.compile(r"(\$\w*)((?:\.[A-Za-z_]\w*)*)|((?:\.[A-Za-z_]\w*)+)|(?<![\w)\]])\.(?![\w.])")
_DECL = re.compile(r"^\s*(\$\w+)\s*(?:,\s*(\$\w+)\s*)?:?=")


class _Frame(NamedTuple):
    kind: str
    dot: tuple[Ref, ...]
    outer_dot: tuple[Ref, ...]
    variables: dict[str, tuple[Ref, ...]]


def _terms(body: str, dot: tuple[Ref, ...], frames: list[_Frame]) -> list[Ref]:
    """Every term of a pipeline resolved to candidate paths (root-context paths start with _ROOT)."""
    found: list[Ref] = []
    for m in _TERM.finditer(_STRINGS.sub('""', body)):
        var, var_fields, fields = m.group(1), m.group(2), m.group(3)
        if var is not None:
            if var == "$":
                bases: tuple[Ref, ...] = ((_ROOT,),)
            else:
                bases = ()
                for frame in reversed(frames):
                    if var in frame.variables:
                        bases = frame.variables[var]
                        break
            chain = tuple(var_fields.split(".")[1:]) if var_fields else ()
        elif fields is not None:
            bases, chain = dot, tuple(fields.split(".")[1:])
        else:
            bases, chain = dot, ()
        found.extend(base + chain for base in bases)
    return found


def _values_path(ref: Ref) -> Ref | None:
    if len(ref) >= 2 and ref[0] == _ROOT and ref[1] == "Values":
        return ref[2:]
    return None


def line_refs(result: Scan) -> dict[int, list[Ref]]:
    """The values paths each 1-based template line's actions use (named regions are skipped)."""
    refs_by_action = _action_refs(result)
    by_line: dict[int, list[Ref]] = {}
    for line, actions in action_lines(result).items():
        for action in actions:
            if result.in_named_region(action.start):
                continue  # `$` and `.` there are the caller's argument, unknown here
            for ref in refs_by_action.get(action.start, ()):
                if ref not in by_line.setdefault(line, []):
                    by_line[line].append(ref)
    return by_line


def _action_refs(result: Scan) -> dict[int, list[Ref]]:
    """The values paths each action (by its start offset) uses, following the scopes it opens."""
    frames: list[_Frame] = [_Frame("file", ((_ROOT,),), ((_ROOT,),), {})]
    refs_by_action: dict[int, list[Ref]] = {}
    for action in result.actions:
        if action.comment:
            continue
        word = action.keyword
        if word == "end":
            if len(frames) > 1:
                frames.pop()
            continue
        if word in ("define", "block"):
            frames.append(_Frame(word, (), (), {}))
            continue
        if word == "else":
            terms = _else(action.body, frames)
        elif word in ("if", "with", "range"):
            terms = _open_scope(word, action.body, frames)
        else:
            terms = _plain(action.body, frames)
        refs_by_action[action.start] = [v for v in map(_values_path, terms) if v is not None]
    return refs_by_action


def _else(body: str, frames: list[_Frame]) -> list[Ref]:
    """`else`, `else if X`, `else with X`: the current scope's `.` becomes the outer one, or X."""
    top = frames[-1]
    rest = body[4:].strip()
    sub = rest.split(None, 1)[0] if rest else ""
    pipeline = rest[len(sub) :] if sub in ("if", "with", "range") else ""
    terms = _terms(pipeline, top.outer_dot, frames[:-1]) if pipeline else []
    dot = tuple(terms) if sub == "with" else top.outer_dot
    frames[-1] = _Frame(top.kind, dot, top.outer_dot, {})
    return terms


def _open_scope(word: str, body: str, frames: list[_Frame]) -> list[Ref]:
    """`if`, `with X` (`.` is X inside) or `range X` (`.`, or `$v` of `$k, $v :=`, is an element)."""
    top = frames[-1]
    pipeline = body[len(word) :]
    decl = _DECL.match(pipeline)
    if decl:
        pipeline = pipeline[decl.end() :]
    terms = _terms(pipeline, top.dot, frames)
    variables: dict[str, tuple[Ref, ...]] = {}
    dot = top.dot
    if word == "with":
        dot = tuple(terms)
        if decl:
            variables[decl.group(1)] = dot
    elif word == "range":
        dot = tuple((*t, ELEMENT) for t in terms)
        if decl and decl.group(2):
            variables[decl.group(1)] = tuple((*t, KEY) for t in terms)
            variables[decl.group(2)] = dot
        elif decl:
            variables[decl.group(1)] = dot
    frames.append(_Frame(word, dot, top.dot, variables))
    return terms


def _plain(body: str, frames: list[_Frame]) -> list[Ref]:
    """An action that opens no scope; `$var := X` remembers what $var stands for."""
    top = frames[-1]
    decl = _DECL.match(body)
    pipeline = body[decl.end() :] if decl else body
    terms = _terms(pipeline, top.dot, frames)
    if decl:
        top.variables[decl.group(1)] = tuple(terms)
    return terms
