"""Configuration: `.probelint.yaml`, `[tool.probelint]` in pyproject.toml, or `--config PATH`.

The file is found the way ruff and yamllint find theirs: in the working directory or the nearest
parent, stopping at the repository root (a folder holding `.git`), so a hook or a CI step run from
any folder of a repository sees the same settings. In one folder `.probelint.yaml` wins over
`pyproject.toml`, and a `pyproject.toml` without `[tool.probelint]` does not count.

It is validated against `schemas/config.schema.json`, the same schema editors use, and every
problem is reported as `FILE:LINE:COL: message` at the key at fault, with a did-you-mean for
misspelt keys, rule ids and options. The schema's per-rule part is generated from the rule modules
(`build_schema`): regenerate it with `python -m probelint.config > schemas/config.schema.json`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from probelint.config.discovery import find_config, toml
from probelint.engine.settings import KUBERNETES_VERSION_OPTION
from probelint.engine.suppressions import IgnoreEntry
from probelint.findings import Severity
from probelint.model import versions
from probelint.reading.loader import load_text
from probelint.reading.yamlview import collect_entries, scalar_value
from probelint.resources import data_dir
from probelint.rules import Rule, all_rules
from probelint.suggest import close_matches

SCHEMA_FILE = "config.schema.json"
SEVERITY_CHOICES = ("off", "info", "warning", "error")
FAIL_ON_CHOICES = ("error", "warning", "info")
IGNORE_FIELDS = ("rule", "kind", "namespace", "name", "container")
KUBERNETES_VERSION_PATTERN = r"^v?1\.[0-9]+(\.[0-9]+)?$"

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

KeyPath = tuple[str | int, ...]
_BOOL_TAG = "tag:yaml.org,2002:bool"


class ConfigError(Exception):
    """A configuration that cannot be used; each message is `FILE:LINE:COL: what is wrong`."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class Config:
    """What a configuration file says, already validated."""

    path: str  # as shown in messages
    base_dir: str  # absolute; `exclude` globs are relative to it
    kubernetes_version: str | None = None
    fail_on: str | None = None
    exclude: tuple[str, ...] = ()
    off: frozenset[str] = frozenset()
    severities: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    ignore: tuple[IgnoreEntry, ...] = ()

    def excludes(self, path: str) -> bool:
        """Whether an `exclude` glob matches the file (standard input is never excluded).

        A glob is matched against the path relative to the configuration's folder and against the
        path as given; a glob without `/` also matches any single folder or file name, so `vendor`
        or `*.generated.yaml` work at any depth, as in .gitignore.
        """
        if path == "-" or not self.exclude:
            return False
        candidates = {_posix(os.path.normpath(path))}
        relative = os.path.relpath(os.path.abspath(path), self.base_dir)
        if not relative.startswith(os.pardir):
            candidates.add(_posix(relative))
        for pattern in self.exclude:
            pattern = pattern.strip().rstrip("/")
            patterns = {pattern, pattern.removeprefix("./"), pattern.removeprefix("**/")}
            for candidate in candidates:
                parts = candidate.split("/")
                prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
                if any(fnmatchcase(prefix, p) for prefix in prefixes for p in patterns):
                    return True
                if "/" not in pattern and any(fnmatchcase(part, pattern) for part in parts):
                    return True
        return False


def _posix(path: str) -> str:
    return path.replace(os.sep, "/")


# ---------------------------------------------------------------------------------------------
# Finding and reading the file


def display_path(path: str) -> str:
    """The path relative to the working directory when it is below it, as editors want it."""
    relative = os.path.relpath(os.path.abspath(path))
    return path if relative.startswith(os.pardir) else relative


def load_config(path: str) -> Config:
    """Read and validate a configuration file; raises ConfigError."""
    shown = display_path(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        raise ConfigError([f"{shown}: cannot read the configuration: {error.strerror or error}"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError([f"{shown}: the configuration is not UTF-8 text ({error.reason})"]) from None
    if path.endswith(".toml"):
        data, positions, raws = _read_toml(shown, text)
    else:
        data, positions, raws = _read_yaml(shown, text)
    validate(data, positions, raws, shown)
    return _build(data, positions, shown, os.path.dirname(os.path.abspath(path)))


def _read_yaml(shown: str, text: str) -> tuple[Any, dict[KeyPath, tuple[int, int]], dict[KeyPath, str]]:
    loaded = load_text(shown, text)
    if loaded.problems:
        raise ConfigError([f"{shown}:{p.line}:{p.column}: {p.message}" for p in loaded.problems])
    positions: dict[KeyPath, tuple[int, int]] = {(): (1, 1)}
    raws: dict[KeyPath, str] = {}
    if not loaded.documents:
        return {}, positions, raws
    if len(loaded.documents) > 1:
        mark = loaded.documents[1].root.start_mark
        raise ConfigError([f"{shown}:{mark.line + 1}:{mark.column + 1}: a configuration holds one YAML document"])
    root = loaded.documents[0].root
    positions[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
    data = _to_python(root, (), positions, raws)
    return ({} if data is None else data), positions, raws


def _to_python(node: Node, path: KeyPath, positions: dict[KeyPath, tuple[int, int]], raws: dict[KeyPath, str]) -> Any:
    """Plain data for jsonschema, recording where each key (or list item) is written."""
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for name, entry in collect_entries(node).items():
            child = (*path, name)
            positions[child] = (entry.key.start_mark.line + 1, entry.key.start_mark.column + 1)
            result[name] = _to_python(entry.value, child, positions, raws)
        return result
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = (*path, index)
            positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(_to_python(item, child, positions, raws))
        return items
    if isinstance(node, ScalarNode):
        raws[path] = str(node.value)
        if node.tag == _BOOL_TAG and str(node.value).lower() not in ("true", "false"):
            return str(node.value)  # YAML 1.2, as editors read it: `severity: off` is the string "off"
        return scalar_value(node)
    return None


def _read_toml(shown: str, text: str) -> tuple[Any, dict[KeyPath, tuple[int, int]], dict[KeyPath, str]]:
    try:
        document = toml().loads(text)
    except ValueError as error:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        where = f"{match.group(1)}:{match.group(2)}" if match else "1:1"
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error)) or "invalid TOML"
        raise ConfigError([f"{shown}:{where}: {message}"]) from None
    tool = document.get("tool")
    if not isinstance(tool, dict) or "probelint" not in tool:
        raise ConfigError([f"{shown}:1:1: no [tool.probelint] table in this file"])
    prefix = ("tool", "probelint")
    scanned = _scan_toml(text)
    positions = {path[2:]: where for path, where in scanned.positions.items() if path[:2] == prefix}
    positions.setdefault((), (1, 1))
    raws = {path[2:]: raw for path, raw in scanned.raws.items() if path[:2] == prefix}
    return tool["probelint"], positions, raws


# ---------------------------------------------------------------------------------------------
# Validation


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
    from jsonschema import Draft7Validator  # only when there is a configuration: it takes 50 ms to import

    problems: list[_Problem] = []
    for error in Draft7Validator(schema()).iter_errors(data):
        problems.extend(_explain(error, raws))
    if not problems:
        return
    located = sorted({(*_position(positions, problem.path), problem.message) for problem in problems})
    raise ConfigError([f"{shown}:{line}:{column}: {message}" for line, column, message in located])


def _position(positions: Mapping[KeyPath, tuple[int, int]], path: KeyPath) -> tuple[int, int]:
    while path not in positions and path:
        path = path[:-1]
    return positions.get(path, (1, 1))


def _label(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "the configuration"


def _did_you_mean(word: str, candidates: list[str]) -> str:
    close = close_matches(word, candidates, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _explain(error: ValidationError, raws: Mapping[KeyPath, str]) -> Iterator[_Problem]:
    path: KeyPath = tuple(error.absolute_path)
    label = _label(path)
    instance: Any = error.instance
    if error.validator in ("anyOf", "oneOf") and error.context:
        branches: dict[int, list[ValidationError]] = {}
        for sub in error.context:
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
        return
    if error.validator == "additionalProperties":
        known = list(_schema_of(error).get("properties", {}))
        for key in instance:
            if key not in known:
                yield _Problem((*path, key), _unknown_key(path, str(key), known))
        return
    if error.validator == "type":
        message = f"{label}: expected {_type_names(error.validator_value)}, got {_describe(error.instance)}"
        if error.validator_value == "string" and isinstance(error.instance, (int, float)):
            raw = raws.get(path, str(error.instance))
            message += f'; {raw} is read as a number: quote it, "{raw}"'
        yield _Problem(path, message)
        return
    if error.validator == "enum":
        choices = [str(choice) for choice in _as_list(error.validator_value)]
        if path[:1] == ("ignore",):
            hint = _did_you_mean(str(error.instance), choices)
            yield _Problem(path, f"{label}: {error.instance!r} is not a probelint rule{hint}")
            return
        hint = _did_you_mean(str(error.instance), choices) if isinstance(error.instance, str) else ""
        yield _Problem(path, f"{label}: {error.instance!r} is not one of {', '.join(choices)}{hint}")
        return
    if error.validator == "pattern" and path == ("kubernetes-version",):
        yield _Problem(path, f'{label}: {error.instance!r} is not a Kubernetes version such as "1.30"')
        return
    if error.validator == "minProperties" and path[:1] == ("ignore",):
        yield _Problem(
            path,
            f"{label}: an ignore entry must match on at least one of {', '.join(IGNORE_FIELDS)} "
            f"(an empty one would silence every finding)",
        )
        return
    yield _Problem(path, f"{label}: {error.message}")


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


# ---------------------------------------------------------------------------------------------
# Building the Config


def _build(data: dict[str, Any], positions: Mapping[KeyPath, tuple[int, int]], shown: str, base_dir: str) -> Config:
    config = Config(path=shown, base_dir=base_dir)
    version = data.get("kubernetes-version")
    config.kubernetes_version = versions.normalize(version) if isinstance(version, str) else None
    config.fail_on = data.get("fail-on")
    config.exclude = tuple(data.get("exclude") or ())
    off: set[str] = set()
    for rule_id, setting in (data.get("rules") or {}).items():
        severity = setting if isinstance(setting, str) else setting.get("severity")
        if severity == "off":
            off.add(rule_id)
        elif severity is not None:
            config.severities[rule_id] = Severity.parse(severity)
        if isinstance(setting, dict):
            options = {key: value for key, value in setting.items() if key != "severity"}
            if options:
                config.options[rule_id] = options
    config.off = frozenset(off)
    entries = []
    for index, entry in enumerate(data.get("ignore") or ()):
        line, column = _position(positions, ("ignore", index))
        fields = {name: str(entry[name]) for name in IGNORE_FIELDS if entry.get(name) is not None}
        entries.append(IgnoreEntry(**fields, file=shown, line=line, column=column))
    config.ignore = tuple(entries)
    return config


def load_configuration(explicit: str | None, start: str | None = None) -> Config | None:
    """`--config PATH` when given, else the file found from `start` (the working directory), else None."""
    if explicit is not None:
        if not os.path.isfile(explicit):
            raise ConfigError([f"{explicit}: no such configuration file"])
        return load_config(explicit)
    found = find_config(start if start is not None else os.getcwd())
    return load_config(found) if found is not None else None


# ---------------------------------------------------------------------------------------------
# The schema, generated from the rule modules


def _option_schema(default: Any) -> dict[str, Any]:
    if isinstance(default, bool):
        kind: dict[str, Any] = {"type": "boolean"}
    elif isinstance(default, int):
        kind = {"type": "integer"}
    elif isinstance(default, float):
        kind = {"type": "number"}
    elif isinstance(default, str):
        kind = {"type": "string"}
    elif isinstance(default, (list, tuple)):
        kind = {"type": "array"}
        default = list(default)
    elif isinstance(default, dict):
        kind = {"type": "object"}
    else:
        kind = {}
    return {**kind, "default": default}


def build_schema(rules: list[Rule] | None = None) -> dict[str, Any]:
    """The configuration's JSON Schema (draft-07, which editors' YAML and JSON services all support)."""
    rules = rules if rules is not None else all_rules()
    rule_properties: dict[str, Any] = {}
    for rule in rules:
        options: dict[str, Any] = {"severity": {"$ref": "#/definitions/severity"}}
        for name, default in rule.options.items():
            if name != KUBERNETES_VERSION_OPTION:  # the run's top-level kubernetes-version fills it
                options[name] = _option_schema(default)
        rule_properties[rule.id] = {
            "description": f"{rule.summary} (default severity: {rule.severity.label})",
            "anyOf": [
                {"$ref": "#/definitions/severity"},
                {"type": "object", "properties": options, "additionalProperties": False},
            ],
        }
    ids = [rule.id for rule in rules]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "probelint configuration",
        "description": "`.probelint.yaml`, or `[tool.probelint]` in pyproject.toml. Command-line options win.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "kubernetes-version": {
                "description": 'The Kubernetes version the manifests are applied to, such as "1.30" (quoted).',
                "type": "string",
                "pattern": KUBERNETES_VERSION_PATTERN,
            },
            "fail-on": {
                "description": "Exit 1 when there is a finding at or above this severity (default: warning).",
                "type": "string",
                "enum": list(FAIL_ON_CHOICES),
            },
            "exclude": {
                "description": "Files not to lint: globs relative to this file's folder; a glob without / "
                "matches a file or folder name at any depth.",
                "type": "array",
                "items": {"type": "string"},
            },
            "rules": {
                "description": "Per rule: a severity, or a mapping with severity and the rule's options.",
                "type": "object",
                "properties": rule_properties,
                "additionalProperties": False,
            },
            "ignore": {
                "description": "Findings not to report: each entry matches on every field it gives (globs allowed).",
                "type": "array",
                "items": {"$ref": "#/definitions/ignoreEntry"},
            },
        },
        "definitions": {
            "severity": {"type": "string", "enum": list(SEVERITY_CHOICES)},
            "ignoreEntry": {
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "properties": {
                    "rule": {
                        "description": "A rule id, or a glob such as aws-node-*.",
                        "anyOf": [{"enum": ids}, {"type": "string", "pattern": r"[*?\[]"}],
                    },
                    "kind": {"type": "string", "description": "Object kind (case-insensitive), e.g. Deployment."},
                    "namespace": {"type": "string"},
                    "name": {"type": "string", "description": "Object name (metadata.name)."},
                    "container": {"type": "string"},
                },
            },
        },
    }


def schema_text(rules: list[Rule] | None = None) -> str:
    return json.dumps(build_schema(rules), indent=2) + "\n"


# ---------------------------------------------------------------------------------------------
# Key positions in TOML (tomllib keeps none)


def toml_positions(text: str) -> dict[KeyPath, tuple[int, int]]:
    """1-based (line, column) of every key, table header and array item in a TOML document.

    Only positions: values come from tomllib, which has already accepted the text. A construct this
    scanner does not follow ends the scan; the keys seen so far keep their positions.
    """
    return _scan_toml(text).positions


def _scan_toml(text: str) -> _TomlScanner:
    scanner = _TomlScanner(text)
    with contextlib.suppress(IndexError, ValueError):
        scanner.document()
    return scanner


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class _TomlScanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.index = 0
        self.positions: dict[KeyPath, tuple[int, int]] = {}
        self.raws: dict[KeyPath, str] = {}  # the text of bare values (numbers, booleans, dates)
        self._array_tables: dict[KeyPath, int] = {}

    def _where(self) -> tuple[int, int]:
        line_start = self.text.rfind("\n", 0, self.index) + 1
        return self.text.count("\n", 0, self.index) + 1, self.index - line_start + 1

    def _peek(self, length: int = 1) -> str:
        return self.text[self.index : self.index + length]

    def _skip(self, newlines: bool) -> None:
        while self.index < len(self.text):
            char = self.text[self.index]
            if char in " \t\r" or (newlines and char == "\n"):
                self.index += 1
            elif char == "#":
                end = self.text.find("\n", self.index)
                self.index = len(self.text) if end < 0 else end
            else:
                return

    def document(self) -> None:
        table: KeyPath = ()
        while True:
            self._skip(newlines=True)
            if self.index >= len(self.text):
                return
            where = self._where()
            if self._peek(2) == "[[":
                self.index += 2
                keys = self._keys()
                self.index += 2  # ]]
                count = self._array_tables.get(keys, 0)
                self._array_tables[keys] = count + 1
                table = (*keys, count)
                self.positions.setdefault(keys, where)
                self.positions[table] = where
            elif self._peek() == "[":
                self.index += 1
                table = self._keys()
                self.index += 1  # ]
                self.positions[table] = where
            else:
                self._key_value(table)

    def _keys(self) -> tuple[str, ...]:
        keys = []
        while True:
            self._skip(newlines=False)
            char = self._peek()
            if char in "\"'":
                keys.append(self._string())
            else:
                match = _BARE_KEY.match(self.text, self.index)
                if match is None:
                    raise ValueError("key expected")
                keys.append(match.group(0))
                self.index = match.end()
            self._skip(newlines=False)
            if self._peek() != ".":
                return tuple(keys)
            self.index += 1

    def _key_value(self, table: KeyPath) -> None:
        where = self._where()
        path = (*table, *self._keys())
        self.positions[path] = where
        self._skip(newlines=False)
        self.index += 1  # =
        self._value(path)

    def _value(self, path: KeyPath) -> None:
        self._skip(newlines=False)
        char = self._peek()
        if char == "{":
            self.index += 1
            while True:
                self._skip(newlines=True)
                if self._peek() == "}":
                    self.index += 1
                    return
                if self._peek() == ",":
                    self.index += 1
                    continue
                self._key_value(path)
        elif char == "[":
            self.index += 1
            item = 0
            while True:
                self._skip(newlines=True)
                if self._peek() == "]":
                    self.index += 1
                    return
                if self._peek() == ",":
                    self.index += 1
                    continue
                item_path = (*path, item)
                self.positions[item_path] = self._where()
                self._value(item_path)
                item += 1
        elif char in "\"'":
            self._string()
        else:
            start = self.index
            while self.index < len(self.text) and self.text[self.index] not in ",]}\n#":
                self.index += 1
            self.raws[path] = self.text[start : self.index].strip()

    def _string(self) -> str:
        quote = self._peek()
        if self._peek(3) == quote * 3:
            end = self.text.index(quote * 3, self.index + 3)
            while self.text[end + 3 : end + 4] == quote:  # up to two quotes may close the content
                end += 1
            value = self.text[self.index + 3 : end]
            self.index = end + 3
            return value
        position = self.index + 1
        while True:
            char = self.text[position]
            if char == "\\" and quote == '"':
                position += 2
                continue
            if char == quote:
                break
            if char == "\n":
                raise ValueError("unterminated string")
            position += 1
        value = self.text[self.index + 1 : position]
        self.index = position + 1
        return value


if __name__ == "__main__":  # pragma: no cover - `python -m probelint.config > schemas/config.schema.json`
    sys.stdout.write(schema_text())
