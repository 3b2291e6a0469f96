"""Write a fixed file into the file itself, keeping what belongs to the file (owner, mode, links,
extended attributes), never over a save made meanwhile or a read-only file, and with the original
bytes put back if writing fails."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator

from probelint.reading.files import describe_os_error


def write_in_place(path: str, expected_digest: bytes, data: bytes) -> str | None:
    """Write `data` into the file itself; None on success, else why the file holds its original bytes.

    Writing into the existing file, as ruff and black do, keeps everything that belongs to the file
    rather than to its content: owner and group, permission bits, extended attributes, ACLs and
    SELinux labels, and every hard link and symbolic link to it sees the fixed content. Through the
    handle that then writes, the file must still hold exactly the bytes that were fixed (their
    SHA-256 is `expected_digest`; a save made in an editor during the run is not overwritten) and
    must not be read-only (judged by the mode bits, as an editor does: root may write anything).
    Room for the new content is reserved first where the platform allows, so a full disk fails
    before anything is overwritten; if writing fails anyway, the original bytes, read through that
    handle and kept in memory, are written back.
    """
    target = os.path.realpath(path)
    try:
        info = os.stat(target)
    except OSError as error:
        return describe_os_error(path, error)
    if not stat.S_ISREG(info.st_mode):
        return f"{path}: not a regular file; not written"
    if not info.st_mode & 0o222:
        return f"{path}: the file is read-only; not written (make it writable to fix it)"
    try:
        descriptor = os.open(target, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except PermissionError:
        return f"{path}: not writable (permission denied); not written"
    except OSError as error:
        return f"{path}: cannot open the file for writing: {error.strerror or error}; not written"
    try:
        return _rewrite(path, descriptor, expected_digest, data)
    finally:
        os.close(descriptor)


def _rewrite(path: str, descriptor: int, expected_digest: bytes, data: bytes) -> str | None:
    try:
        info = os.fstat(descriptor)
        if not info.st_mode & 0o222:
            return f"{path}: the file is read-only; not written (make it writable to fix it)"
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            expected = handle.read()
        if hashlib.sha256(expected).digest() != expected_digest:
            return f"{path}: changed while it was being fixed; not written"
        _reserve(descriptor, len(expected), len(data))
    except OSError as error:
        return f"{path}: cannot write the fixed file: {error.strerror or error}; the original is unchanged"
    try:
        _replace_content(descriptor, data)
    except OSError as error:
        reason = error.strerror or str(error)
        try:
            _replace_content(descriptor, expected)
        except OSError:
            saved = _save_elsewhere(path, expected)
            return f"{path}: cannot write the fixed file: {reason}; restoring it failed too: the original is in {saved}"
        return f"{path}: cannot write the fixed file: {reason}; the original was written back"
    return None


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while a file is being rewritten and counted (they arrive right after), so
    that an interrupted run leaves each file whole, fixed or as it was, and knows which it rewrote."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _reserve(descriptor: int, old_size: int, new_size: int) -> None:
    """Allocate the blocks the new content needs before any byte is overwritten (raises ENOSPC)."""
    if new_size <= old_size or not hasattr(os, "posix_fallocate"):
        return
    try:
        os.posix_fallocate(descriptor, 0, new_size)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.ftruncate(descriptor, old_size)  # an emulated allocation may have grown the file
        if error.errno in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
            return  # the file system cannot reserve: write and rely on writing back on failure
        raise


def _replace_content(descriptor: int, data: bytes) -> None:
    """Overwrite from the start, cut the file to `data`'s length, and flush it to the disk."""
    os.lseek(descriptor, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        view = view[_write(descriptor, view) :]
    os.ftruncate(descriptor, len(data))
    os.fsync(descriptor)


def _write(descriptor: int, chunk: memoryview) -> int:
    return os.write(descriptor, chunk)


def _save_elsewhere(path: str, data: bytes) -> str:
    """Keep the original bytes in the system's temporary folder when they cannot go back in place."""
    try:
        descriptor, saved = tempfile.mkstemp(prefix=f"{os.path.basename(path)}.", suffix=".orig")
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        return saved
    except OSError:
        return "no file (it could not be saved either)"
