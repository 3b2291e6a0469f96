"""probelint end to end against libyaml's floors, in one process, on the same files.

    python benchmarks/bench.py [PATH] [--runs N]

PATH defaults to ../shared/corpus. The files are the plain YAML files `probelint PATH` lints, from
its own discovery; Helm charts there are left out (they are rendered first; compare.py times them
per chart). See floor.py for the two floors, both with the cyclic garbage collector off. probelint
runs as the command does (`lint_settings` with every rule, then the text report rendered to a
string), pausing the collector while each file is read, as it does; start-up and printing are left
out (compare.py includes them).

Each side runs --runs times in alternating order (after one warm-up run) and the median is kept.
Times are CPU seconds of this process (every side is single-threaded and CPU-bound), so that other
work on a shared machine weighs less; wall-clock medians are printed too. Ratios are times: probelint
at 1.5x the floor takes one and a half times as long as composing the same files.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.floor import DEFAULT_CORPUS, FLOOR_NAMES, FLOORS, plain_files, size_of  # noqa: E402
from probelint.reporters import Summary, get_reporter  # noqa: E402
from probelint.run.runner import lint_settings  # noqa: E402


@dataclass
class Timing:
    cpu: float
    wall: float


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


def median_timings(sides: dict[str, Callable[[list[str]], int]], files: list[str], runs: int) -> dict[str, Timing]:
    """Per side, the median CPU and wall time over `runs` runs, the order reversed every other run."""
    for function in sides.values():
        function(files)  # warm-up: page cache, imports, rule discovery
    samples: dict[str, list[Timing]] = {name: [] for name in sides}
    for run in range(runs):
        order = list(sides.items())
        for name, function in order if run % 2 == 0 else reversed(order):
            samples[name].append(timed(function, files))
    return {
        name: Timing(statistics.median(t.cpu for t in taken), statistics.median(t.wall for t in taken))
        for name, taken in samples.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_CORPUS), help="files or folder to lint")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per side (median reported)")
    args = parser.parse_args(argv)

    if not Path(args.path).exists():
        print(f"bench: {args.path} does not exist", file=sys.stderr)
        return 2
    files, charts = plain_files(args.path)
    megabytes = size_of(files) / 1e6
    documents = FLOORS["compose"](files)
    findings = probelint_run(files)

    sides = {"probelint": probelint_run, **FLOORS}
    timings = median_timings(sides, files, args.runs)
    lint, floor, parse = timings["probelint"], timings["compose"], timings["parse"]

    print(
        f"input: {args.path}: {len(files)} YAML files, {megabytes:.2f} MB, {documents} documents, {findings} findings"
    )
    print(f"({len(charts)} Helm charts left out: they are rendered first; see compare.py)")
    print(f"median of {args.runs} alternating runs, CPU seconds of one process\n")
    print(f"{'':40}{'CPU s':>8}{'MB/s':>8}{'wall s':>9}{'x floor':>9}")
    for name, label in (("probelint", "probelint end to end (no start-up)"), *FLOOR_NAMES.items()):
        timing = timings[name]
        print(
            f"{label:40}{timing.cpu:8.2f}{megabytes / timing.cpu:8.1f}{timing.wall:9.2f}{timing.cpu / floor.cpu:9.2f}"
        )
    print(f"\nprobelint / libyaml compose, GC off:  {lint.cpu / floor.cpu:.2f}x the time")
    print(f"probelint / libyaml bare parse:       {lint.cpu / parse.cpu:.2f}x the time")
    print(f"compose / bare parse:                 {floor.cpu / parse.cpu:.2f}x the time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
