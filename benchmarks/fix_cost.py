"""What `--diff` and `--fix` cost next to a plain lint of the same files: time and peak memory.

    python benchmarks/fix_cost.py [--corpus PATH] [--large 3,12] [--runs 5] [--jobs 1] [--skip-corpus]

Inputs:

- the corpus: the plain YAML files `probelint PATH/real` lints (its own discovery, see floor.py),
  copied into a scratch folder;
- large single files (--large, sizes in MB): a `helm template`-like stream of the corpus's workload
  documents (Deployments, StatefulSets, DaemonSets, Jobs...) that have a finding `--fix` fixes,
  joined with `---` (repeated as needed): the worst case, every document is edited.

Each of `probelint`, `probelint --diff` and `probelint --fix` runs as its own process (`-j1` by
default, so that CPU time is one core's), in alternating order each round; `--fix` works on a fresh
copy made before each run (outside the timing), since it rewrites the files. The table gives medians
of CPU time (user + system of the process and its children: less sensitive than wall time to other
work on a shared machine) and the peak RSS of each, and:

- time / lint: the run's CPU time over plain linting's (`--fix` lints what is left too);
- RSS / size: peak RSS over the input's size, and the same less the baseline, which is the peak RSS
  of the same command on one small file with one fixable finding (the interpreter, probelint and,
  for --diff and --fix, ruamel.yaml, loaded).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.floor import DEFAULT_CORPUS, plain_files, size_of  # noqa: E402
from benchmarks.large_stream import usable_documents  # noqa: E402

MODES = {"lint": [], "--diff": ["--diff"], "--fix": ["--fix"]}
WORKLOAD_KINDS = frozenset(("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"))
_DOC_START_RE = re.compile(r"^---(?=[ \t]|$)", re.MULTILINE)

# One small file with one fixable finding: the baseline peak RSS of each mode.
SMALL = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: small
spec:
  selector:
    matchLabels: {app: small}
  template:
    metadata:
      labels: {app: small}
    spec:
      containers:
        - name: app
          image: example/app:1.0
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 1
"""


class Run(NamedTuple):
    cpu: float  # user + system seconds of the process and its children
    peak_mb: float
    code: int


class Input(NamedTuple):
    name: str
    pristine: Path  # what each run starts from
    target: str  # the path given to probelint, relative to the scratch folder
    size: int  # bytes of YAML linted


# Runs one command and prints its exit code, CPU seconds and peak RSS (KB). The command is started
# from this small process, not from the benchmark's: a child's peak RSS counts the memory of the
# process it was forked from.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def run_once(command: list[str], cwd: Path) -> Run:
    launched = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},  # this checkout's probelint
    )
    code, cpu, peak_kb = launched.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    return Run(float(cpu), int(peak_kb) / 1024, int(code))


def fresh_copy(source: Path, scratch: Path) -> None:
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(source, scratch)


def measure(item: Input, work: Path, runs: int, jobs: int) -> dict[str, list[Run]]:
    """Every mode `runs` times, alternating the order each round; a fresh copy before each run."""
    results: dict[str, list[Run]] = {mode: [] for mode in MODES}
    for round_number in range(runs):
        order = list(MODES) if round_number % 2 == 0 else list(reversed(MODES))
        for mode in order:
            fresh_copy(item.pristine, work)
            command = [sys.executable, "-m", "probelint", f"-j{jobs}", "--no-color", *MODES[mode], item.target]
            results[mode].append(run_once(command, work))
    return results


def baseline(scratch: Path, jobs: int) -> dict[str, float]:
    """Peak RSS (MB) of each mode on one small file (the medians of 3 runs)."""
    folder = scratch / "small"
    peaks: dict[str, float] = {}
    for mode, flags in MODES.items():
        samples = []
        for _ in range(3):
            folder.mkdir(exist_ok=True)
            (folder / "small.yaml").write_text(SMALL)
            command = [sys.executable, "-m", "probelint", f"-j{jobs}", "--no-color", *flags, "small.yaml"]
            samples.append(run_once(command, folder).peak_mb)
        peaks[mode] = statistics.median(samples)
    return peaks


def report(item: Input, results: dict[str, list[Run]], base: dict[str, float]) -> None:
    megabytes = item.size / 1e6
    lint_cpu = statistics.median(run.cpu for run in results["lint"])
    print(f"\n### {item.name}: {megabytes:.1f} MB\n")
    print("| mode | CPU s | × lint | peak RSS MB | RSS / size | (RSS − baseline) / size |")
    print("|---|---|---|---|---|---|")
    for mode, runs in results.items():
        cpu = statistics.median(run.cpu for run in runs)
        peak = statistics.median(run.peak_mb for run in runs)
        above = (peak - base[mode]) / megabytes
        print(f"| {mode} | {cpu:.2f} | {cpu / lint_cpu:.2f} | {peak:.0f} | {peak / megabytes:.1f} | {above:.1f} |")


def corpus_input(corpus: Path, scratch: Path) -> Input:
    files, _ = plain_files(str(corpus))
    common = os.path.commonpath([os.path.abspath(name) for name in files])
    pristine = scratch / "corpus-pristine" / "real"
    for name in files:
        target = pristine / os.path.relpath(os.path.abspath(name), common)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(name, target)
    copied, charts = plain_files(str(pristine))
    if len(copied) != len(files) or charts:
        raise SystemExit(f"{pristine}: the copy must hold just the files to lint")
    return Input(f"{corpus}: {len(files)} plain files", pristine.parent, "real", size_of(files))


def workload_documents(corpus: Path) -> list[str]:
    """The corpus's workload documents that have a finding `--fix` fixes (each `---` part that composes
    on its own to a workload and has such a finding when linted alone)."""
    from probelint.engine.linter import Linter
    from probelint.engine.settings import Settings
    from probelint.fix.apply import FileFixer

    fixer = FileFixer(Linter(Settings()))
    documents = []
    for text in usable_documents(corpus):
        for part in _parts(text):
            try:
                data = yaml.load(part, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            except yaml.YAMLError:
                continue
            if not isinstance(data, dict) or data.get("kind") not in WORKLOAD_KINDS:
                continue
            if fixer.fixable(fixer.findings("part.yaml", part.encode())):
                documents.append(part if part.endswith("\n") else part + "\n")
    return documents


def _parts(text: str) -> Iterator[str]:
    bounds = [match.start() for match in _DOC_START_RE.finditer(text)]
    if not bounds or bounds[0] != 0:
        bounds.insert(0, 0)
    for begin, end in zip(bounds, [*bounds[1:], len(text)], strict=True):
        part = text[begin:end]
        if part.startswith("---"):
            part = part.split("\n", 1)[1] if "\n" in part else ""
        if part.strip():
            yield part


def large_input(documents: list[str], megabytes: float, scratch: Path) -> Input:
    parts, total, position = [], 0, 0
    while total < megabytes * 1e6:
        text = documents[position % len(documents)]
        parts.append(("---\n" if parts else "") + text)
        total += len(parts[-1])
        position += 1
    pristine = scratch / f"large-{megabytes:g}-pristine"
    pristine.mkdir()
    data = "".join(parts).encode()
    (pristine / "stream.yaml").write_bytes(data)
    return Input(f"one stream of {position} workload documents", pristine, "stream.yaml", len(data))


def fixable_count(path: Path) -> int:
    """How many findings `--fix` would try to fix in the file (those with a fix)."""
    from probelint.engine.linter import Linter
    from probelint.engine.settings import Settings
    from probelint.fix.apply import FileFixer

    fixer = FileFixer(Linter(Settings()))
    return len(fixer.fixable(fixer.findings(str(path), path.read_bytes())))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS / "real")
    parser.add_argument("--large", default="3,12", help="sizes of the single large files in MB ('' for none)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--skip-corpus", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        base = baseline(scratch, args.jobs)
        shown = ", ".join(f"{mode} {peak:.0f} MB" for mode, peak in base.items())
        print(f"{args.runs} alternating runs each, -j{args.jobs}, medians; baseline peak RSS (one small file): {shown}")
        inputs = [] if args.skip_corpus else [corpus_input(args.corpus, scratch)]
        sizes = [float(size) for size in args.large.split(",") if size]
        documents = workload_documents(args.corpus) if sizes else []
        for megabytes in sizes:
            item = large_input(documents, megabytes, scratch)
            fixes = fixable_count(item.pristine / item.target)
            inputs.append(item._replace(name=f"{item.name}, {fixes} fixable findings"))
        for item in inputs:
            report(item, measure(item, scratch / "work", args.runs, args.jobs), base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
