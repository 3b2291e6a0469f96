"""Validate configuration data against the shipped schema and explain each problem.

Every problem becomes `FILE:LINE:COL: message` at the key at fault, in file order, with a
did-you-mean for misspelt keys, rule ids and options.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from probelint.config.model import IGNORE_FIELDS, ConfigError, KeyPath
from probelint.engine.settings import KUBERNETES_VERSION_OPTION
from probelint.paths import ObjectPath
from probelint.resources import data_dir
from probelint.suggest import did_you_mean

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

SCHEMA_FILE = "config.schema.json"


class _Problem(NamedTuple):
    path: KeyPath
    message: str


def schema() -> dict[str, Any]:
    """The shipped `schemas/config.schema.json` (what editors see too)."""
    with open(data_dir("schemas") / SCHEMA_FILE, encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def validate(data: Any, positions: Mapping[KeyPath, tuple[int, int]], raws: Mapping[KeyPath, str], shown: str) -> None:
    """Raise ConfigError with every problem jsonschema finds, at its key, in file order."""
    from jsonschema import Draft7Validator  # only when there is a configuration: a slow import

    problems: list[_Problem] = []
    for error in Draft7Validator(schema()).iter_errors(data):
        problems.extend(_explain(error, raws))
    if not problems:
        return
    located = sorted({(*position(positions, problem.path), problem.message) for problem in problems})
    raise ConfigError([f"{shown}:{line}:{column}: {message}" for line, column, message in located])


def position(positions: Mapping[KeyPath, tuple[int, int]], path: KeyPath) -> tuple[int, int]:
    while path not in positions and path:
        path = path[:-1]
    return positions.get(path, (1, 1))


def _label(path: KeyPath) -> str:
    return str(ObjectPath(path)) or "the configuration"


def _did_you_mean(word: str, candidates: list[str]) -> str:
    return did_you_mean(word, candidates, " (did you mean {!r}?)")


def _explain(error: ValidationError, raws: Mapping[KeyPath, str]) -> Iterator[_Problem]:
    path: KeyPath = tuple(error.absolute_path)
    label = _label(path)
    if error.validator in ("anyOf", "oneOf") and error.context:
        yield from _explain_branches(error, path, label, raws)
    elif error.validator == "additionalProperties":
        known = list(_schema_of(error).get("properties", {}))
        instance: Any = error.instance
        for key in instance:
            if key not in known:
                yield _Problem((*path, key), _unknown_key(path, str(key), known))
    elif error.validator == "type":
        yield _Problem(path, _type_message(error, path, label, raws))
    elif error.validator == "enum":
        yield _Problem(path, _enum_message(error, path, label))
    elif error.validator == "pattern" and path == ("kubernetes-version",):
        yield _Problem(path, f'{label}: {error.instance!r} is not a Kubernetes version such as "1.30"')
    elif error.validator == "minimum":
        hint = " (0 would turn the rule off: use severity off for that)" if error.validator_value == 1 else ""
        yield _Problem(path, f"{label}: {error.instance!r} is less than the minimum, {error.validator_value}{hint}")
    elif error.validator == "minProperties" and path[:1] == ("ignore",):
        yield _Problem(
            path,
            f"{label}: an ignore entry must match on at least one of {', '.join(IGNORE_FIELDS)} "
            f"(an empty one would silence every finding)",
        )
    else:
        yield _Problem(path, f"{label}: {error.message}")


def _explain_branches(
    error: ValidationError, path: KeyPath, label: str, raws: Mapping[KeyPath, str]
) -> Iterator[_Problem]:
    """An anyOf/oneOf: the problems of the first branch of the right type, else "expected A or B"."""
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    viable = [
        errors
        for _, errors in sorted(branches.items())
        if not any(sub.validator == "type" and not sub.relative_path for sub in errors)
    ]
    if viable:
        for sub in viable[0]:
            yield from _explain(sub, raws)
        return
    expected = " or ".join(_type_names(_schema_of(errors[0]).get("type")) for errors in branches.values())
    yield _Problem(path, f"{label}: expected {expected}, got {_describe(error.instance)}")


def _type_message(error: ValidationError, path: KeyPath, label: str, raws: Mapping[KeyPath, str]) -> str:
    message = f"{label}: expected {_type_names(error.validator_value)}, got {_describe(error.instance)}"
    if error.validator_value == "string" and isinstance(error.instance, (int, float)):
        raw = raws.get(path, str(error.instance))
        message += f'; {raw} is read as a number: quote it, "{raw}"'
    return message


def _enum_message(error: ValidationError, path: KeyPath, label: str) -> str:
    choices = [str(choice) for choice in _as_list(error.validator_value)]
    if path[:1] == ("ignore",):
        hint = _did_you_mean(str(error.instance), choices)
        return f"{label}: {error.instance!r} is not a probelint rule{hint}"
    hint = _did_you_mean(str(error.instance), choices) if isinstance(error.instance, str) else ""
    return f"{label}: {error.instance!r} is not one of {', '.join(choices)}{hint}"


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _schema_of(error: ValidationError) -> Mapping[str, Any]:
    return error.schema if isinstance(error.schema, Mapping) else {}


def _unknown_key(parent: KeyPath, key: str, known: list[str]) -> str:
    hint = _did_you_mean(key, known)
    if parent == ("rules",):
        return f"unknown rule {key!r}{hint or '; see probelint --list-rules'}"
    if len(parent) == 2 and parent[0] == "rules":
        if key == KUBERNETES_VERSION_OPTION:
            return f"{key} is set for the whole run: use the top-level kubernetes-version key"
        options = [name for name in known if name != "severity"]
        takes = f"it takes severity and {', '.join(options)}" if options else "it takes only severity"
        return f"unknown option {key!r} for rule {parent[1]}{hint}; {takes}"
    if parent[:1] == ("ignore",):
        return f"unknown key {key!r} in an ignore entry{hint}; match on {', '.join(IGNORE_FIELDS)}"
    return f"unknown key {key!r}{hint}; the configuration takes {', '.join(known)}"


def _type_names(value: Any) -> str:
    names = {
        "string": "a string",
        "integer": "an integer",
        "number": "a number",
        "boolean": "true or false",
        "array": "a list",
        "object": "a mapping",
        "null": "nothing",
    }
    values = value if isinstance(value, list) else [value]
    return " or ".join(names.get(str(item), str(item)) for item in values)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "the boolean " + ("true" if value else "false")
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the string "{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing"
