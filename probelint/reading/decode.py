"""Bytes to text the way kubectl accepts them, or a problem with the position of the first bad byte."""

from __future__ import annotations

import codecs
from typing import NamedTuple


class ReadProblem(NamedTuple):
    """Something that kept (part of) a file from being read as YAML."""

    line: int
    column: int
    message: str


def decode(data: bytes) -> tuple[str | None, ReadProblem | None]:
    """Bytes to text the way kubectl accepts them: UTF-8 (BOM optional) or UTF-16 with a BOM."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE starts both BOMs
        return None, ReadProblem(1, 1, "UTF-32 text: Kubernetes reads UTF-8 or UTF-16; save the file as UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            return None, ReadProblem(1, 1, f"not valid UTF-16 text ({exc.reason})")
    nul = data.find(b"\x00", 0, 8192)
    if nul != -1:
        line, column = byte_position(data, nul)
        return None, ReadProblem(line, column, "binary file (NUL byte): not YAML text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        byte = data[exc.start]
        return None, ReadProblem(
            line, column, f"not UTF-8 text: byte 0x{byte:02X} cannot be decoded; save the file as UTF-8"
        )


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column
