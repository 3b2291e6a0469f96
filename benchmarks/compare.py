"""Head to head: probelint against the raw libyaml floor, yamllint and Checkov on the same inputs.

    python benchmarks/compare.py [PATH] [--runs 3] [--times 10] [--timeout 600] [--checkov-memory-gb 16]

PATH defaults to ../shared/corpus. Inputs are PATH itself and PATH copied --times times into a
temporary folder. Every tool runs as a separate process, in alternating order each round, and the
table gives the median wall time, the peak memory (max RSS of the process and its children), the
speed relative to probelint --jobs 1, and the ratio to the raw compose. A tool that is not installed
is skipped; one that runs out of time or memory is reported as such (Checkov is known not to finish
the full corpus on a 24 GB machine).
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
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

RAW_COMPOSE = """
import os, sys, yaml
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
for top, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
    for name in sorted(files):
        if not name.endswith((".yaml", ".yml")):
            continue
        try:
            data = open(os.path.join(top, name), "rb").read().decode("utf-8-sig")
            for _ in yaml.compose_all(data, Loader=loader):
                pass
        except (UnicodeDecodeError, yaml.YAMLError):
            pass
"""


@dataclass
class Tool:
    name: str
    command: Callable[[Path], list[str]]
    memory_limit_gb: float | None = None


@dataclass
class Outcome:
    seconds: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    failure: str | None = None


def _find(program: str) -> str | None:
    beside = Path(sys.executable).parent / program
    return str(beside) if beside.exists() else shutil.which(program)


def tools(args: argparse.Namespace) -> list[Tool]:
    found = [
        Tool("probelint --jobs 1", lambda path: [sys.executable, "-m", "probelint", "-j1", "--no-color", str(path)]),
        Tool("probelint (all CPUs)", lambda path: [sys.executable, "-m", "probelint", "--no-color", str(path)]),
        Tool("raw libyaml compose", lambda path: [sys.executable, "-c", RAW_COMPOSE, str(path)]),
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


def run_once(tool: Tool, path: Path, timeout: float) -> tuple[float, float, str | None]:
    """Wall seconds, peak RSS in MB, and why it failed (None when it finished)."""

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
    return elapsed, peak_mb, failure


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
            seconds, peak, failure = run_once(tool, path, timeout)
            outcome.peak_mb = max(outcome.peak_mb, peak)
            if failure is not None:
                outcome.failure = failure
            else:
                outcome.seconds.append(seconds)
    return outcomes


def size_of(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def report(title: str, path: Path, outcomes: dict[str, Outcome]) -> None:
    files, size = size_of(path)
    print(f"\n### {title}: {files} YAML files, {size / 1e6:.1f} MB\n")
    print("| tool | median wall s | peak RSS MB | MB/s | vs probelint -j1 | vs raw compose |")
    print("|---|---|---|---|---|---|")
    base = outcomes.get("probelint --jobs 1")
    raw = outcomes.get("raw libyaml compose")
    base_s = statistics.median(base.seconds) if base and base.seconds else None
    raw_s = statistics.median(raw.seconds) if raw and raw.seconds else None
    for name, outcome in outcomes.items():
        if outcome.failure is not None or not outcome.seconds:
            print(f"| {name} | did not finish: {outcome.failure} | {outcome.peak_mb:,.0f} | | | |")
            continue
        median = statistics.median(outcome.seconds)
        versus = f"{median / base_s:.2f}x the time" if base_s else ""
        to_raw = f"{raw_s / median:.2f}x raw throughput" if raw_s else ""
        print(f"| {name} | {median:.2f} | {outcome.peak_mb:,.0f} | {size / 1e6 / median:.1f} | {versus} | {to_raw} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--times", type=int, default=10, help="copies of PATH for the scaled input (0: skip)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per tool run before it is killed")
    parser.add_argument("--checkov", help="path to the checkov command (default: on PATH or beside python)")
    parser.add_argument("--checkov-memory-gb", type=float, default=16.0)
    parser.add_argument("--skip", action="append", default=[], help="tool name prefix to leave out")
    args = parser.parse_args()
    if not args.path.is_dir():
        sys.exit(f"{args.path}: not a folder (give the corpus path)")
    selected = [tool for tool in tools(args) if not any(tool.name.startswith(skip) for skip in args.skip)]
    print(f"tools: {', '.join(tool.name for tool in selected)}; {args.runs} runs each, alternating")
    report(str(args.path), args.path, measure(selected, args.path, args.runs, args.timeout))
    if args.times > 0:
        with tempfile.TemporaryDirectory() as scratch:
            scaled = Path(scratch) / f"x{args.times}"
            for copy in range(args.times):
                shutil.copytree(args.path, scaled / f"copy{copy}", symlinks=True)
            title = f"{args.path} x{args.times}"
            report(title, scaled, measure(selected, scaled, args.runs, args.timeout))


if __name__ == "__main__":
    main()
