"""Head to head: probelint against libyaml's floors, yamllint and Checkov, on the same files.

    python benchmarks/compare.py [PATH] [--runs 3] [--times 10] [--timeout 600] [--checkov-memory-gb 16]
    python benchmarks/compare.py --scale 1,2,5,10 [--scale-runs 1] [--scale-only]

PATH defaults to ../shared/corpus. Every tool gets the same files: the plain YAML files `probelint
PATH` lints (its own discovery, see floor.py), linked into a scratch folder that holds nothing else,
once and --times times over. Helm charts are rendered by probelint before they are linted, which no
other tool here does: they are left out of that comparison and timed per chart on their own
(`probelint -j1 CHART`, rendering included).

Every tool runs as a separate process (start-up included), in alternating order each round; the
table gives the median wall time, the peak memory (max RSS of the process and its children), MB/s
over the bytes of those files, and the time as a multiple of the libyaml compose floor (GC off) and
of probelint --jobs 1. The floors are floor.py's, the same as bench.py's, which measures in one
process without start-up. A tool that is not installed is skipped; one that runs out of time or
memory is reported as such.

--scale F1,F2,...: probelint --jobs 1 and --jobs 2 on the files linked F times over (--scale-runs
alternating runs each, medians): wall time, CPU time (of the parent and its workers), the CPU time
per copy as a multiple of that at the first factor (1.00 all along: linear; CPU time moves less than
wall time with other work on the machine), and the peak RSS, the largest of the parent and each
worker (what wait4 reports for a process whose children it waited for). Each table gives the load average before
and after: on a shared machine other work lengthens wall times, --jobs 2 most of all.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.floor import DEFAULT_CORPUS, FLOOR_NAMES, plain_files, size_of  # noqa: E402

FLOOR_SCRIPT = str(ROOT / "benchmarks" / "floor.py")
FLOOR = FLOOR_NAMES["compose"]
PROBELINT = "probelint --jobs 1"
# This checkout's probelint, whatever the folder; its modules compiled once (see compile_once), as an
# installed package's are: with PYTHONDONTWRITEBYTECODE every run would compile them all again.
ENVIRONMENT = {
    **{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPATH": str(ROOT),
}
PROBELINT_2 = "probelint --jobs 2"


@dataclass
class Tool:
    name: str
    command: Callable[[Path], list[str]]
    memory_limit_gb: float | None = None


@dataclass
class Outcome:
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)  # user + system, the process and its children
    peak_mb: float = 0.0
    failure: str | None = None


def _find(program: str) -> str | None:
    beside = Path(sys.executable).parent / program
    return str(beside) if beside.exists() else shutil.which(program)


def tools(args: argparse.Namespace, file_list: Path) -> list[Tool]:
    """The tools, each run on a folder holding exactly the files of `file_list` (the floors read the list)."""
    probelint = [sys.executable, "-m", "probelint"]
    found = [
        Tool(PROBELINT, lambda path: [*probelint, "-j1", "--no-color", str(path)]),
        Tool(PROBELINT_2, lambda path: [*probelint, "-j2", "--no-color", str(path)]),
        Tool(FLOOR, lambda path: [sys.executable, FLOOR_SCRIPT, "compose", str(file_list)]),
        Tool(FLOOR_NAMES["parse"], lambda path: [sys.executable, FLOOR_SCRIPT, "parse", str(file_list)]),
    ]
    yamllint = _find("yamllint")
    if yamllint:
        found.append(Tool("yamllint", lambda path: [yamllint, "-f", "parsable", str(path)]))
    checkov = args.checkov or _find("checkov")
    if checkov:
        found.append(
            Tool(
                "checkov --framework kubernetes",
                lambda path: [checkov, "--framework", "kubernetes", "-d", str(path), "--quiet", "--compact"],
                memory_limit_gb=args.checkov_memory_gb,
            )
        )
    return found


def compile_once() -> None:
    """Write the bytecode of this checkout's modules, which every probelint process then loads."""
    import compileall

    compileall.compile_dir(str(ROOT / "probelint"), quiet=1)


def run_once(tool: Tool, path: Path, timeout: float) -> tuple[float, float, str | None, float]:
    """Wall seconds, peak RSS in MB, why it failed (None when it finished), and CPU seconds."""

    def limit_memory() -> None:
        if tool.memory_limit_gb:
            size = int(tool.memory_limit_gb * 1024**3)
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    start = time.perf_counter()
    process = subprocess.Popen(
        tool.command(path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=limit_memory,
        start_new_session=True,
        cwd=path,  # no configuration file is picked up from where the benchmark is started
        env=ENVIRONMENT,
    )
    failure = None
    try:
        _, status, usage = os.wait4(process.pid, 0) if timeout <= 0 else _wait_with_timeout(process, timeout)
    except TimeoutError:
        os.killpg(process.pid, signal.SIGKILL)
        _, status, usage = os.wait4(process.pid, 0)
        failure = f"killed after {timeout:.0f} s"
    elapsed = time.perf_counter() - start
    peak_mb = usage.ru_maxrss / 1024
    code = os.waitstatus_to_exitcode(status)
    if failure is None and code < 0:
        failure = f"killed by signal {-code} after {elapsed:.0f} s"
    elif failure is None and tool.memory_limit_gb and code not in (0, 1):
        failure = f"exit {code} after {elapsed:.0f} s (memory capped at {tool.memory_limit_gb:g} GB)"
    return elapsed, peak_mb, failure, usage.ru_utime + usage.ru_stime


def _wait_with_timeout(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, int, resource.struct_rusage]:
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            return pid, status, usage
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.05)


def measure(all_tools: list[Tool], path: Path, runs: int, timeout: float) -> dict[str, Outcome]:
    outcomes = {tool.name: Outcome() for tool in all_tools}
    for round_number in range(runs):
        order = all_tools if round_number % 2 == 0 else list(reversed(all_tools))
        for tool in order:
            outcome = outcomes[tool.name]
            if outcome.failure is not None:
                continue
            seconds, peak, failure, cpu = run_once(tool, path, timeout)
            outcome.peak_mb = max(outcome.peak_mb, peak)
            if failure is not None:
                outcome.failure = failure
            else:
                outcome.seconds.append(seconds)
                outcome.cpu_seconds.append(cpu)
    return outcomes


def link_files(files: list[str], into: Path, copies: int) -> list[str]:
    """Hard-link (or copy) `files` `copies` times under `into`, keeping their relative paths; the new names."""
    common = os.path.commonpath([os.path.abspath(name) for name in files])
    made = []
    for copy in range(copies):
        for name in files:
            target = into / f"copy{copy}" / os.path.relpath(os.path.abspath(name), common)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(name, target)
            except OSError:
                shutil.copyfile(name, target)
            made.append(str(target))
    return made


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def report(title: str, files: list[str], outcomes: dict[str, Outcome], load_before: str) -> None:
    size = size_of(files)
    print(f"\n### {title}: {len(files)} YAML files, {size / 1e6:.1f} MB (the same files for every tool)\n")
    print(f"Before: {load_before}; after: {load_average()}.\n")
    print(
        "| tool | median wall s | fastest wall s | peak RSS MB | MB/s | x the floor's time | x probelint -j1's time |"
    )
    print("|---|---|---|---|---|---|---|")
    medians = {name: statistics.median(o.seconds) for name, o in outcomes.items() if o.failure is None and o.seconds}
    fastest = {name: min(outcomes[name].seconds) for name in medians}
    for name, outcome in outcomes.items():
        if name not in medians:
            print(f"| {name} | did not finish: {outcome.failure} | | {outcome.peak_mb:,.0f} | | | |")
            continue
        median = medians[name]
        print(
            f"| {name} | {median:.2f} | {fastest[name]:.2f} | {outcome.peak_mb:,.0f} | {size / 1e6 / median:.1f}"
            f" | {_ratios(name, FLOOR, medians, fastest)} | {_ratios(name, PROBELINT, medians, fastest)} |"
        )
    print("\nRatios: of the medians, then (in brackets) of the fastest runs, the nearest to a machine left alone.")


def _ratios(name: str, base: str, medians: dict[str, float], fastest: dict[str, float]) -> str:
    if base not in medians:
        return ""
    return f"{medians[name] / medians[base]:.2f} ({fastest[name] / fastest[base]:.2f})"


def chart_report(charts: list[str], runs: int, timeout: float) -> None:
    """Each chart linted on its own (rendering included), next to probelint's start-up alone."""
    if not charts:
        return
    print("\n### Helm charts, each rendered and linted (`probelint -j1 CHART`, start-up included)\n")
    print("| chart | median wall s |")
    print("|---|---|")
    startup = Tool(
        "probelint --version (start-up alone)", lambda path: [sys.executable, "-m", "probelint", "--version"]
    )
    per_chart = [_chart_tool(os.path.abspath(chart)) for chart in charts]
    outcomes = measure([startup, *per_chart], Path(tempfile.gettempdir()), runs, timeout)
    for name, outcome in outcomes.items():
        shown = f"{statistics.median(outcome.seconds):.2f}" if outcome.seconds else f"did not finish: {outcome.failure}"
        print(f"| {name} | {shown} |")


def _chart_tool(chart: str) -> Tool:
    return Tool(chart, lambda path: [sys.executable, "-m", "probelint", "-j1", "--no-color", chart])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--times", type=int, default=10, help="copies of the files for the scaled input (0: skip)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per tool run before it is killed")
    parser.add_argument("--checkov", help="path to the checkov command (default: on PATH or beside python)")
    parser.add_argument("--checkov-memory-gb", type=float, default=16.0)
    parser.add_argument("--skip", action="append", default=[], help="tool name prefix to leave out")
    parser.add_argument("--no-charts", action="store_true", help="do not time the Helm charts")
    parser.add_argument("--scale", default="", help="copy factors for the scale table, e.g. 1,2,5,10 (default: none)")
    parser.add_argument("--scale-runs", type=int, default=1, help="runs per side and factor in the scale table")
    parser.add_argument("--scale-only", action="store_true", help="only the scale table (no tools, no charts)")
    args = parser.parse_args()
    if not args.path.is_dir():
        sys.exit(f"{args.path}: not a folder (give the corpus path)")
    files, charts = plain_files(str(args.path))
    compile_once()
    if args.scale_only:
        with tempfile.TemporaryDirectory() as scratch:
            scale_report(files, Path(scratch), [int(factor) for factor in args.scale.split(",")], args)
        return
    with tempfile.TemporaryDirectory() as scratch:
        for copies in (1, args.times) if args.times > 0 else (1,):
            folder = Path(scratch) / f"x{copies}"
            linked = link_files(files, folder, copies)
            rediscovered, no_charts = plain_files(str(folder))
            if sorted(rediscovered) != sorted(linked) or no_charts:
                sys.exit(f"{folder}: the scratch folder must hold just the files to lint")
            file_list = Path(scratch) / f"x{copies}.txt"
            file_list.write_text("\n".join(linked) + "\n")
            selected = [tool for tool in tools(args, file_list) if not any(tool.name.startswith(s) for s in args.skip)]
            if copies == 1:
                print(f"tools: {', '.join(tool.name for tool in selected)}; {args.runs} runs each, alternating")
            title = str(args.path) if copies == 1 else f"{args.path} x{copies}"
            before = load_average()
            report(title, linked, measure(selected, folder, args.runs, args.timeout), before)
        if args.scale:
            scale_report(files, Path(scratch), [int(factor) for factor in args.scale.split(",")], args)
    if not args.no_charts:
        chart_report(charts, args.runs, args.timeout)


def scale_report(files: list[str], scratch: Path, factors: list[int], args: argparse.Namespace) -> None:
    """probelint -j1 and -j2 on the files linked each factor times over: time per copy and peak RSS."""
    probelint = [sys.executable, "-m", "probelint", "--no-color"]
    sides = [
        Tool(PROBELINT, lambda path: [*probelint, "-j1", str(path)]),
        Tool(PROBELINT_2, lambda path: [*probelint, "-j2", str(path)]),
    ]
    print(f"\n### Scale: {PROBELINT} and {PROBELINT_2} on the files linked N times ({args.scale_runs} runs each)\n")
    print(f"Before: {load_average()}.\n")
    print(
        "| copies | files | MB | -j1 wall s | -j1 CPU s | CPU per copy / first | -j1 peak RSS MB "
        "| -j2 wall s | -j2 CPU s | CPU per copy / first | -j2 peak RSS MB | -j2 / -j1 wall |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    first: dict[str, float] = {}
    for factor in factors:
        folder = scratch / f"scale-x{factor}"
        linked = link_files(files, folder, factor)
        outcomes = measure(sides, folder, args.scale_runs, args.timeout)
        cells = [str(factor), f"{len(linked):,}", f"{size_of(linked) / 1e6:.0f}"]
        medians = {}
        for tool in sides:
            outcome = outcomes[tool.name]
            if outcome.failure is not None or not outcome.seconds:
                cells += [f"did not finish: {outcome.failure}", "", "", f"{outcome.peak_mb:.0f}"]
                continue
            median = medians[tool.name] = statistics.median(outcome.seconds)
            cpu = statistics.median(outcome.cpu_seconds)
            per_copy = first.setdefault(tool.name, cpu / factor)
            cells += [f"{median:.2f}", f"{cpu:.2f}", f"{cpu / factor / per_copy:.2f}", f"{outcome.peak_mb:.0f}"]
        both = medians.get(PROBELINT) and medians.get(PROBELINT_2)
        cells.append(f"{medians[PROBELINT_2] / medians[PROBELINT]:.2f}" if both else "")
        print("| " + " | ".join(cells) + " |")
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\nAfter: {load_average()}.")


if __name__ == "__main__":
    main()
