"""Lint files on several processes while keeping the exact order and output of a serial run.

Each worker builds its own Linter from the (picklable) Settings and per-folder scopes once; files go out in chunks and
reports come back in input order, so `--jobs N` prints byte-for-byte what `--jobs 1` prints.
Standard input is read here, in the parent, and shipped to a worker as bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from probelint.engine.linter import FileReport, Linter, Scopes
from probelint.engine.settings import Settings
from probelint.reading.files import DEFAULT_MAX_FILE_SIZE, STDIN, read_bytes

# Below this many files a pool costs more (process start-up) than it saves.
MIN_FILES_FOR_POOL = 16

_worker: Linter | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _start_worker(settings: Settings, scopes: Scopes, records_workloads: bool) -> None:
    global _worker
    _worker = Linter(settings, scopes=scopes, records_workloads=records_workloads)


def _lint_one(task: tuple[str, bytes | None]) -> FileReport:
    assert _worker is not None
    path, data = task
    return _worker.lint_file(path, data)


def with_stdin_read(
    paths: list[str], stdin: bytes | None = None, limit: int = DEFAULT_MAX_FILE_SIZE
) -> list[tuple[str, bytes | None]]:
    """(path, bytes) pairs for work sent to other processes: standard input is read here, in the
    parent (a worker has none), unless its bytes are given; other files are read by the worker (None)."""
    tasks: list[tuple[str, bytes | None]] = []
    for path in paths:
        data = None
        if path == STDIN:
            try:
                data = stdin if stdin is not None else read_bytes(STDIN, limit)
            except OSError:
                data = b""
        tasks.append((path, data))
    return tasks


def lint_reports(
    linter: Linter,
    paths: list[str],
    jobs: int,
    streams: Sequence[tuple[str, bytes]] = (),
    stdin: bytes | None = None,
) -> Iterator[FileReport]:
    """FileReports for `paths`, then for `streams` (name, bytes already in hand, such as a rendered
    chart), in order, computed on up to `jobs` processes. `stdin`: standard input, when already read."""
    count = len(paths) + len(streams)
    if jobs <= 1 or count < MIN_FILES_FOR_POOL:
        for path in paths:
            yield linter.lint_file(path, stdin if path == STDIN else None)
        for name, data in streams:
            yield linter.lint_file(name, data)
        return
    tasks = with_stdin_read(paths, stdin, linter.settings.max_file_size) + [(name, data) for name, data in streams]
    jobs = min(jobs, len(tasks))  # a process per file at most
    chunksize = max(1, min(32, len(tasks) // (jobs * 8)))
    from concurrent.futures import ProcessPoolExecutor  # a slow import: only when a pool is used

    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(linter.settings, linter.scopes, linter.records_workloads)
    ) as pool:
        yield from pool.map(_lint_one, tasks, chunksize=chunksize)
