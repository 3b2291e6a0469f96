"""Start-up: probelint on one small file against yamllint on the same file, each as its own process.

    python benchmarks/startup.py [--runs 30] [--file FILE] [--against CHECKOUT]

The file defaults to a 10-line Deployment without probes (two warnings from probelint, one from
yamllint); `--file examples/...` times another. Each tool is started as its console script starts it
(`from MODULE import FUNCTION; sys.exit(FUNCTION())`, the entry point of its own metadata: this
checkout's pyproject.toml for probelint, whatever is installed), run with `python -c` so that an
entry point changed in this checkout counts without reinstalling. This checkout's probelint is the
one imported (PYTHONPATH), compiled to bytecode first, as an installed package is.

Sides, in alternating order each round (reversed every other round), after two warm-up rounds:

- `python -c pass`: the interpreter and site, the floor every Python tool pays;
- `probelint --version`: the interpreter plus importing the command line;
- probelint and yamllint on FILE in a scratch folder outside any git repository;
- probelint on FILE inside a scratch git repository that also holds this checkout's YAML files
  (a file named inside a repository has the repository's Services read too: run/context.py);
- with --against CHECKOUT (another checkout of probelint, say before a change): its probelint on
  FILE, outside and inside the repository, in the same rounds, so that a change is measured as a
  ratio under the same load.

Printed: per side the median wall time and the median CPU time (user + system, of the process and
its children: less disturbed by other work on a shared machine), and probelint's ratios to yamllint.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.metadata
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent

SMALL = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.25
"""


def command(entry_point: str) -> list[str]:
    """What a console script for `module:function` runs."""
    module, _, function = entry_point.partition(":")
    return [sys.executable, "-c", f"import sys; from {module} import {function}; sys.exit({function}())"]


def probelint_entry(checkout: Path) -> str:
    """The `probelint` console script's entry point in a checkout's pyproject.toml."""
    found = re.search(r'^probelint = "([\w.]+:\w+)"', (checkout / "pyproject.toml").read_text(), re.MULTILINE)
    if found is None:
        sys.exit(f"{checkout}/pyproject.toml: no probelint console script")
    return found.group(1)


def installed_entry(name: str) -> str:
    """An installed console script's entry point."""
    for entry in importlib.metadata.entry_points(group="console_scripts", name=name):
        return str(entry.value)
    sys.exit(f"{name} is not installed")


class Side(NamedTuple):
    argv: list[str]
    cwd: Path
    env: dict[str, str]


def run_once(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and exit code of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def scratch_repository(folder: Path, small: Path) -> Path:
    """A git repository holding this checkout's YAML files and, in its own folder, the small file."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "*.yaml", "*.yml"], capture_output=True, check=False
    )
    for name in listed.stdout.decode().split("\0") if listed.returncode == 0 else []:
        if name:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, target)
    (folder / "deploy").mkdir(exist_ok=True)
    shutil.copyfile(small, folder / "deploy" / small.name)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder / "deploy"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per side (medians reported)")
    parser.add_argument("--file", type=Path, help="the file to lint (default: a 10-line Deployment)")
    parser.add_argument("--no-repository", action="store_true", help="leave out the run inside a git repository")
    parser.add_argument("--against", type=Path, help="another probelint checkout to time beside this one")
    args = parser.parse_args()
    checkouts = [ROOT, *([args.against.resolve()] if args.against else [])]
    for checkout in checkouts:
        compileall.compile_dir(str(checkout / "probelint"), quiet=1)
    base_env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env = {**base_env, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as scratch:
        outside = Path(scratch) / "outside"
        outside.mkdir()
        small = outside / (args.file.name if args.file else "small.yaml")
        if args.file:
            shutil.copyfile(args.file, small)
        else:
            small.write_text(SMALL)
        probelint = [*command(probelint_entry(ROOT)), small.name]
        sides = {
            "python -c pass": Side([sys.executable, "-c", "pass"], outside, env),
            "probelint --version": Side([*command(probelint_entry(ROOT)), "--version"], outside, env),
            "yamllint FILE": Side([*command(installed_entry("yamllint")), small.name], outside, env),
            "probelint FILE": Side(probelint, outside, env),
        }
        other = [*command(probelint_entry(checkouts[-1])), small.name]
        other_env = {**base_env, "PYTHONPATH": str(checkouts[-1])}
        if args.against:
            sides["probelint FILE (--against)"] = Side(other, outside, other_env)
        if not args.no_repository and shutil.which("git"):
            inside = scratch_repository(Path(scratch) / "repository", small)
            sides["probelint FILE, in a git repository"] = Side(probelint, inside, env)
            if args.against:
                sides["probelint FILE, in a git repository (--against)"] = Side(other, inside, other_env)
        walls, cpus = measure(sides, args.runs)
    report(walls, cpus, args.runs)


def measure(sides: dict[str, Side], runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    walls: dict[str, list[float]] = {name: [] for name in sides}
    cpus: dict[str, list[float]] = {name: [] for name in sides}
    order = list(sides)
    for round_number in range(-2, runs):  # two warm-up rounds: page cache, bytecode
        for name in order if round_number % 2 == 0 else reversed(order):
            side = sides[name]
            wall, cpu, code = run_once(side.argv, side.cwd, side.env)
            if code not in (0, 1):
                sys.exit(f"{name}: exit {code} ({' '.join(side.argv)} in {side.cwd})")
            if round_number >= 0:
                walls[name].append(wall)
                cpus[name].append(cpu)
    return walls, cpus


def report(walls: dict[str, list[float]], cpus: dict[str, list[float]], runs: int) -> None:
    print(f"{runs} alternating runs per side, medians\n")
    print("| command | wall ms | CPU ms | wall / yamllint | CPU / yamllint |")
    print("|---|---|---|---|---|")
    base_wall, base_cpu = statistics.median(walls["yamllint FILE"]), statistics.median(cpus["yamllint FILE"])
    for name in walls:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(f"| {name} | {wall * 1000:.0f} | {cpu * 1000:.0f} | {wall / base_wall:.2f}× | {cpu / base_cpu:.2f}× |")
    for name in walls:
        other = f"{name} (--against)"
        if other in walls:
            wall = statistics.median(walls[name]) / statistics.median(walls[other])
            cpu = statistics.median(cpus[name]) / statistics.median(cpus[other])
            print(f"\n{name}: this checkout / --against: wall {wall:.2f}×, CPU {cpu:.2f}×", end="")
    print()


if __name__ == "__main__":
    main()
