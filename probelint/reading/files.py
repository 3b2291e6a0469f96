"""Find the files to lint and read them, turning OS errors into messages instead of tracebacks."""

from __future__ import annotations

import errno
import os
import sys

STDIN = "-"


def read_bytes(path: str) -> bytes:
    """The file's bytes (standard input for `-`); raises OSError with a readable message."""
    if path == STDIN:
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            return b""
        try:
            return stream.read()
        except ValueError:  # closed standard input
            return b""
    with open(path, "rb") as handle:
        return handle.read()


def describe_os_error(path: str, error: OSError) -> str:
    if path == STDIN and error.errno == errno.EBADF:
        return f"{path}: standard input is closed"
    if isinstance(error, FileNotFoundError):
        if os.path.islink(path):
            return f"{path}: broken symbolic link (its target does not exist)"
        return f"{path}: no such file or directory (did it vanish while linting?)"
    if isinstance(error, PermissionError):
        return f"{path}: permission denied"
    if isinstance(error, IsADirectoryError):
        return f"{path}: is a directory"
    return f"{path}: cannot read: {error.strerror or error}"
