"""Throughput of probelint end to end, next to the raw libyaml compose of the same files.

    python benchmarks/bench.py [PATH] [--runs N]

PATH defaults to ../shared/corpus (beside the repository). The files are those `probelint PATH` would
lint (the same directory walk). Both sides read every file from disk (warm page cache) on one process:

- raw: read the bytes, decode them, `yaml.compose_all(text, Loader=yaml.CSafeLoader)`; the floor any
  linter built on PyYAML's libyaml composer pays;
- probelint: `lint_settings(files)` with every rule, then the text report
  rendered to a string: everything the command does except start-up and printing.

probelint pauses the cyclic garbage collector while a file is linted (see loader.gc_paused); the raw
compose is also timed that way, for reference, so the gain from that alone is visible.

Each side runs --runs times, interleaved (after one warm-up run), and the median is reported. Times are
CPU seconds of this process (both sides are single-threaded and CPU-bound), so that other work on a
shared machine does not skew the ratio; the wall-clock medians are printed too. The target is probelint
at no less than half the raw compose throughput (ratio >= 0.5).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from probelint.reading.loader import gc_paused  # noqa: E402
from probelint.reporters import Summary, get_reporter  # noqa: E402
from probelint.run.discovery import discover  # noqa: E402
from probelint.run.runner import lint_settings  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
TARGET_RATIO = 0.5


@dataclass
class Timing:
    cpu: float
    wall: float


def raw_compose(files: list[str]) -> int:
    """Compose every document of every file with libyaml; the number of documents composed."""
    documents = 0
    for path in files:
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        try:
            for _ in yaml.compose_all(text, Loader=yaml.CSafeLoader):
                documents += 1
        except yaml.YAMLError:
            continue  # a broken document ends the raw stream; probelint re-reads past it
    return documents


def raw_compose_gc_paused(files: list[str]) -> int:
    """The raw compose with the cyclic garbage collector paused, as probelint reads: for reference."""
    with gc_paused():
        return raw_compose(files)


def probelint_run(files: list[str]) -> int:
    """Lint like the command line does (one process), render the text report; the number of findings."""
    result = lint_settings(files)
    report = get_reporter("text")(result.findings, Summary.of(result.findings, result.files), False)
    assert isinstance(report, str)
    return len(result.findings)


def timed(function: Callable[[list[str]], int], files: list[str]) -> Timing:
    cpu, wall = time.process_time(), time.perf_counter()
    function(files)
    return Timing(time.process_time() - cpu, time.perf_counter() - wall)


def median_timings(sides: list[Callable[[list[str]], int]], files: list[str], runs: int) -> list[Timing]:
    """Per side, the median CPU and wall time over `runs` interleaved runs (so both see the same load)."""
    for function in sides:
        function(files)  # warm-up: page cache, imports, rule discovery
    samples: list[list[Timing]] = [[] for _ in sides]
    for _ in range(runs):
        for function, taken in zip(sides, samples, strict=True):
            taken.append(timed(function, files))
    return [
        Timing(statistics.median(t.cpu for t in taken), statistics.median(t.wall for t in taken)) for taken in samples
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_CORPUS), help="files or folder to lint")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per side (median reported)")
    args = parser.parse_args(argv)

    if not Path(args.path).exists():
        print(f"bench: {args.path} does not exist", file=sys.stderr)
        return 2
    files = discover([args.path]).files
    size = sum(Path(path).stat().st_size for path in files)
    documents = raw_compose(files)
    findings = probelint_run(files)
    megabytes = size / 1_000_000

    raw, lint, raw_paused = median_timings([raw_compose, probelint_run, raw_compose_gc_paused], files, args.runs)
    ratio = raw.cpu / lint.cpu

    print(f"input: {args.path}")
    print(f"{len(files)} files, {megabytes:.2f} MB, {documents} documents, {findings} findings; median of {args.runs}")
    print(f"{'':24}{'CPU s':>8}{'MB/s':>8}{'docs/s':>8}{'wall s':>9}")
    for name, timing in (
        ("raw libyaml compose", raw),
        ("probelint end to end", lint),
        ("(raw, GC paused)", raw_paused),
    ):
        print(f"{name:24}{timing.cpu:8.2f}{megabytes / timing.cpu:8.2f}{documents / timing.cpu:8.0f}{timing.wall:9.2f}")
    verdict = "meets" if ratio >= TARGET_RATIO else "misses"
    print(f"ratio probelint/raw: {ratio:.2f}x ({verdict} the {TARGET_RATIO}x target)")
    print(f"ratio probelint/raw with GC paused on both sides: {raw_paused.cpu / lint.cpu:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
