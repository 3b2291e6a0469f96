"""Read a configuration file's text into plain data, with the line and column of every key.

YAML goes through the linter's own loader (so a configuration gets the same duplicate-key and
syntax messages as a manifest); TOML through tomllib, which keeps no positions, so a small scanner
finds them in the text. `raws` keeps the text of scalars, for messages such as "1.30 is read as a number".
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from probelint.config.discovery import toml
from probelint.config.model import ConfigError, KeyPath
from probelint.reading.loader import load_text
from probelint.reading.yamlview import collect_entries, scalar_value, walk_nodes

Positions = dict[KeyPath, tuple[int, int]]
Raws = dict[KeyPath, str]
_BOOL_TAG = "tag:yaml.org,2002:bool"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def read_yaml(shown: str, text: str) -> tuple[Any, Positions, Raws]:
    """The data of a one-document YAML configuration, its key positions and its scalars' text."""
    loaded = load_text(shown, text)
    if loaded.problems:
        raise ConfigError([f"{shown}:{p.line}:{p.column}: {p.message}" for p in loaded.problems])
    positions: Positions = {(): (1, 1)}
    raws: Raws = {}
    if not loaded.documents:
        return {}, positions, raws
    if len(loaded.documents) > 1:
        mark = loaded.documents[1].root.start_mark
        raise ConfigError([f"{shown}:{mark.line + 1}:{mark.column + 1}: a configuration holds one YAML document"])
    root = loaded.documents[0].root
    positions[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
    duplicates = [f"{shown}:{line}:{column}: {message}" for line, column, message in _duplicate_keys(root)]
    if duplicates:
        raise ConfigError(duplicates)
    data = _to_python(root, (), positions, raws)
    return ({} if data is None else data), positions, raws


def _duplicate_keys(root: Node) -> list[tuple[int, int, str]]:
    """Each key written twice in one mapping (YAML forbids it; the last would silently win), in file order."""
    found = []
    for node in walk_nodes([root]):
        if not isinstance(node, MappingNode):
            continue
        first: dict[str, int] = {}
        for key, _value in node.value:
            if not isinstance(key, ScalarNode) or key.tag == _MERGE_TAG:
                continue
            line = key.start_mark.line + 1
            if key.value in first:
                message = f"duplicate key {key.value!r} (first at line {first[key.value]}): write it once"
                found.append((line, key.start_mark.column + 1, message))
            else:
                first[key.value] = line
    return sorted(found)


def _to_python(node: Node, path: KeyPath, positions: Positions, raws: Raws) -> Any:
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


def read_toml(shown: str, text: str) -> tuple[Any, Positions, Raws]:
    """The `[tool.probelint]` table of a TOML file, its key positions and its bare values' text."""
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
