"""A yes/no answer to "is this valid against our schema?" without importing jsonschema.

Almost every probe in a repository is valid, and importing jsonschema takes longer than linting a
small file. So `probe-invalid` asks this small interpreter first and calls jsonschema only
for an instance that fails here, to get the errors. It covers exactly the keywords that the files in
`schemas/` use; on any other keyword it answers None ("cannot tell") and jsonschema decides.
tests/test_quickschema.py checks that both always agree.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from probelint.resources import data_path

_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples", "deprecated"}
)


class Unsupported(Exception):
    """The schema uses a keyword this interpreter does not know."""


@functools.cache
def _document(name: str) -> dict[str, Any]:
    with open(data_path("schemas", name), encoding="utf-8") as handle:
        contents: dict[str, Any] = json.load(handle)
    return contents


@functools.cache
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


def _resolve(ref: str, base: str) -> tuple[dict[str, Any], str]:
    """The subschema a `$ref` names, and the document it lives in (for its own relative refs)."""
    name, _, pointer = ref.partition("#")
    document = name or base
    target: Any = _document(document)
    for part in (p for p in pointer.split("/") if p):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    if not isinstance(target, dict):
        raise Unsupported(ref)
    return target, document


def is_valid(ref: str, instance: Any) -> bool | None:
    """Whether `instance` is valid against the schema at `ref` (`file#/pointer`); None: cannot tell."""
    schema, document = _resolve(ref, "")
    try:
        return _valid(schema, instance, document)
    except (Unsupported, KeyError, re.error):
        return None


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Callable[[Any], bool]] = {
    "integer": _is_integer,
    "number": _is_number,
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
}


def _equal(left: Any, right: Any) -> bool:
    """JSON equality: true is not 1."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    return bool(left == right)


def _valid(schema: Any, value: Any, document: str) -> bool:
    if schema is True:
        return True
    if schema is False:
        return False
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema))
    for keyword, argument in schema.items():
        if keyword in _ANNOTATIONS or keyword.startswith("x-") or keyword in ("then", "else"):
            continue
        if not _keyword(keyword, argument, schema, value, document):
            return False
    return True


_COMBINATORS = frozenset({"$ref", "not", "allOf", "anyOf", "oneOf", "if"})
_BOUNDS = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
_STRING_KEYWORDS = frozenset({"pattern", "minLength", "maxLength"})
_ARRAY_KEYWORDS = frozenset({"items", "minItems", "maxItems"})
_OBJECT_KEYWORDS = frozenset(
    {"required", "properties", "additionalProperties", "dependentSchemas", "dependentRequired"}
)


def _keyword(keyword: str, argument: Any, schema: dict[str, Any], value: Any, document: str) -> bool:
    if keyword in _COMBINATORS:
        return _combinator(keyword, argument, schema, value, document)
    if keyword == "type":
        names = argument if isinstance(argument, list) else [argument]
        return any(_TYPES[name](value) for name in names)
    if keyword == "enum":
        return any(_equal(value, option) for option in argument)
    if keyword == "const":
        return _equal(value, argument)
    if keyword in _BOUNDS:
        return _bound(keyword, argument, value)
    if keyword in _STRING_KEYWORDS:
        return _string_keyword(keyword, argument, value)
    if keyword in _ARRAY_KEYWORDS:
        return _array_keyword(keyword, argument, value, document)
    if keyword in _OBJECT_KEYWORDS:
        if not isinstance(value, dict):
            return True
        return _object_keyword(keyword, argument, schema, value, document)
    raise Unsupported(keyword)


def _combinator(keyword: str, argument: Any, schema: dict[str, Any], value: Any, document: str) -> bool:
    """`$ref`, `not`, `allOf`, `anyOf`, `oneOf` and `if`: keywords that apply other schemas."""
    if keyword == "$ref":
        target, target_document = _resolve(argument, document)
        return _valid(target, value, target_document)
    if keyword == "not":
        return not _valid(argument, value, document)
    if keyword == "allOf":
        return all(_valid(part, value, document) for part in argument)
    if keyword == "anyOf":
        return any(_valid(part, value, document) for part in argument)
    if keyword == "oneOf":
        return sum(1 for part in argument if _valid(part, value, document)) == 1
    branch = "then" if _valid(argument, value, document) else "else"
    return branch not in schema or _valid(schema[branch], value, document)


def _bound(keyword: str, argument: Any, value: Any) -> bool:
    if not _is_number(value):
        return True
    bounds: dict[str, bool] = {
        "minimum": value >= argument,
        "maximum": value <= argument,
        "exclusiveMinimum": value > argument,
        "exclusiveMaximum": value < argument,
    }
    return bounds[keyword]


def _string_keyword(keyword: str, argument: Any, value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if keyword == "pattern":
        return _pattern(argument).search(value) is not None
    return bool(len(value) >= argument if keyword == "minLength" else len(value) <= argument)


def _array_keyword(keyword: str, argument: Any, value: Any, document: str) -> bool:
    if not isinstance(value, list):
        return True
    if keyword == "items":
        return all(_valid(argument, item, document) for item in value)
    return bool(len(value) >= argument if keyword == "minItems" else len(value) <= argument)


def _object_keyword(keyword: str, argument: Any, schema: dict[str, Any], value: dict[str, Any], document: str) -> bool:
    if keyword == "required":
        return all(name in value for name in argument)
    if keyword == "properties":
        return all(_valid(sub, value[name], document) for name, sub in argument.items() if name in value)
    if keyword == "additionalProperties":
        if "patternProperties" in schema:
            raise Unsupported("patternProperties")
        known = schema.get("properties", {})
        return all(_valid(argument, item, document) for name, item in value.items() if name not in known)
    if keyword == "dependentRequired":
        return all(all(other in value for other in needed) for name, needed in argument.items() if name in value)
    return all(_valid(sub, value, document) for name, sub in argument.items() if name in value)
