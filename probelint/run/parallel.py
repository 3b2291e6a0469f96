"""Lint files on several processes while keeping the exact order and output of a serial run.

Each worker builds its own Linter from the (picklable) Settings and per-folder scopes once; files go out in chunks and
reports come back in input order, so `--jobs N` prints byte-for-byte what `--jobs 1` prints.
Standard input is read here, in the parent, and shipped to a worker as bytes. Helm charts are
rendered and linted in the workers too (one task each, sent first: a chart costs as much as many
files), so that Helm's engine is loaded only there and charts render while files are linted.
"""

from __future__ import annotations

import gc
import os
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from probelint.engine.linter import FileReport, Linter, Scopes
from probelint.engine.settings import Settings
from probelint.reading.files import DEFAULT_MAX_FILE_SIZE, STDIN, read_bytes

if TYPE_CHECKING:
    from concurrent.futures import Future

    from probelint.run.charts import ChartJob, ChartLint

# Below this many files a pool costs more (process start-up) than it saves.
MIN_FILES_FOR_POOL = 16

_worker: Linter | None = None

Task = tuple[str, bytes | None]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _start_worker(settings: Settings, scopes: Scopes, records_workloads: bool) -> None:
    global _worker
    _worker = Linter(settings, scopes=scopes, records_workloads=records_workloads)
    # What a forked worker inherits (modules, the run's lists of files) is never garbage here: out of
    # the collector's sight, it is not walked at every full collection, nor copied page by page.
    gc.freeze()


def _lint_chunk(tasks: list[Task]) -> list[FileReport]:
    assert _worker is not None
    return [_worker.lint_file(path, data) for path, data in tasks]


def _lint_chart(job: ChartJob) -> ChartLint:
    from probelint.run.charts import lint_chart

    assert _worker is not None
    return lint_chart(_worker, job)


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
    for report in lint_with_charts(linter, paths, jobs, streams, stdin):
        assert isinstance(report, FileReport)
        yield report


def lint_with_charts(
    linter: Linter,
    paths: list[str],
    jobs: int,
    streams: Sequence[tuple[str, bytes]] = (),
    stdin: bytes | None = None,
    charts: Sequence[ChartJob] = (),
) -> Iterator[FileReport | ChartLint]:
    """As lint_reports, then a ChartLint for each chart to render and lint."""
    count = len(paths) + len(streams) + len(charts)
    if jobs <= 1 or count < MIN_FILES_FOR_POOL:
        for path in paths:
            yield linter.lint_file(path, stdin if path == STDIN else None)
        for name, data in streams:
            yield linter.lint_file(name, data)
        if charts:
            from probelint.run.charts import lint_chart

            yield from (lint_chart(linter, job) for job in charts)
        return
    tasks = with_stdin_read(paths, stdin, linter.settings.max_file_size) + [(name, data) for name, data in streams]
    # Helm's engine is Go code, whose runtime does not survive a fork: when this process has loaded it
    # already (a library caller), its children must not call it, and the charts are rendered here.
    here = list(charts) if "helm_python" in sys.modules else []
    charts = [] if here else charts
    jobs = min(jobs, count)  # a process per file at most
    size = max(1, min(32, len(tasks) // (jobs * 8)))
    from concurrent.futures import ProcessPoolExecutor  # a slow import: only when a pool is used

    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(linter.settings, linter.scopes, linter.records_workloads)
    ) as pool:
        # Submitted in this order, started in this order: the charts first. Each future is let go
        # once its reports are out, so that what the caller no longer needs is not kept to the end.
        rendering = deque(pool.submit(_lint_chart, job) for job in charts)
        linting = deque(pool.submit(_lint_chunk, tasks[i : i + size]) for i in range(0, len(tasks), size))
        try:
            while linting:
                yield from linting.popleft().result()
            while rendering:
                yield rendering.popleft().result()
            if here:
                from probelint.run.charts import lint_chart

                yield from (lint_chart(linter, job) for job in here)
        finally:  # stopped early (an error, or the caller closed us): drop the work not started
            pending: list[Future[ChartLint] | Future[list[FileReport]]] = [*rendering, *linting]
            for future in pending:
                future.cancel()
