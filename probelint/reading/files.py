"""Find the files to lint and read them, turning OS errors into messages instead of tracebacks."""

from __future__ import annotations

import errno
import os
import re
import stat
import sys

STDIN = "-"

# What one file (or standard input) may hold: far above any real manifest or rendered chart, far
# below what would exhaust memory once composed (a YAML node costs about 40 times its text).
DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024
_SIZE = r"^\s*([0-9]+)\s*([KMG]?)(i?B)?\s*$"  # compiled when an option or configuration gives a size
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


class NotLintable(OSError):
    """The path is not a regular file, or it holds more than the size limit: not read, and said why."""


def parse_size(text: str | int) -> int:
    """Bytes from `1000000`, `512K`, `64M`, `1G` (binary units; `MB`, `MiB` mean the same); ValueError else."""
    if isinstance(text, int) and not isinstance(text, bool):
        size = text
    else:
        match = re.match(_SIZE, str(text), re.IGNORECASE)
        if match is None:
            raise ValueError(f"not a size: {text!r} (write bytes, or a number with K, M or G)")
        size = int(match.group(1)) * _UNITS[match.group(2).upper()]
    if size < 1:
        raise ValueError(f"a size must be at least 1 byte, not {text!r}")
    return size


def show_size(size: int) -> str:
    for unit in ("G", "M", "K"):
        if size % _UNITS[unit] == 0:
            return f"{size // _UNITS[unit]}{unit}"
    return str(size)


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bytes(path: str, limit: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """The file's bytes (standard input for `-`); raises OSError with a readable message.

    Only a regular file is read (links are followed): it is opened without blocking, so a FIFO that
    appeared after the folder was walked cannot hang the run, and checked on the open handle. More
    than `limit` bytes are refused, also when the file grows while being read.
    """
    if path == STDIN:
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            return b""
        try:
            data = stream.read(limit + 1)
        except ValueError:  # closed standard input
            return b""
        return data  # the linter reports standard input over the limit (it holds limit + 1 bytes)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        kind = file_kind(info.st_mode)
        if kind is not None:
            raise NotLintable(errno.EINVAL, f"{kind}, not a regular file: not read", path)
        if info.st_size > limit:
            raise NotLintable(errno.EFBIG, too_large(limit), path)
        # A byte past the size it has tells whether it grew; only then read on, up to the limit. (Asking
        # for the limit at once would allocate that much for every file.)
        data = handle.read(info.st_size + 1)
        if len(data) > info.st_size:
            data += handle.read(limit + 1 - len(data))
        if len(data) > limit:
            raise NotLintable(errno.EFBIG, too_large(limit), path)
        return data


def too_large(limit: int) -> str:
    return f"larger than the {show_size(limit)} limit: not read (raise it with --max-file-size or max-file-size)"


def describe_os_error(path: str, error: OSError) -> str:
    if isinstance(error, NotLintable):
        return f"{path}: {error.strerror}"
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


def display_path(path: str) -> str:
    """The path relative to the working directory when it lies below it, as editors and CI
    annotations want it; otherwise as given."""
    relative = os.path.relpath(os.path.abspath(path))
    return path if relative.startswith(os.pardir) else relative
