"""Does linting one large stream stay linear? probelint time / compose time per stream size.

    python benchmarks/large_stream.py [--sizes 5,20,50,100] [--runs 3] [--corpus PATH]

The stream imitates `helm template` output of many charts: the corpus's real manifests (every file
that composes on its own, in a fixed order, repeated as needed) joined with `---`, with an anchor and
alias and a template-looking string in the first documents, so that any check decided once per file
is on for the whole stream. With --broken N, one of the corpus's files that do not parse (mostly
unrendered chart templates) follows every N-th document and one the preamble, so the whole stream is
read the way a broken one is: `---` chunk by chunk, each broken chunk reported.

Per size, both sides run in this process with the cyclic garbage collector off (probelint pauses
it per file anyway), alternating, and the median CPU time of each is reported with their ratio; if
the ratio grows with the size, something is superlinear. The floor composes every document: past a
syntax error, each `---` chunk on its own.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from probelint.findings import Finding

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real"

# Early documents that switch on the per-file checks: an alias, and `{{` in a string (a literal here,
# not a template; a whole-file test for either used to make every later document pay a node walk).
PREAMBLE = """\
# Source: preamble/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: preamble
  annotations:
    note: "rendered with {{ and }} left in a literal string"
data:
  copy: x
---
apiVersion: v1
kind: Service
metadata: {name: preamble, labels: &labels {app: preamble}}
spec:
  selector: *labels
  ports: [{port: 80}]
"""


def usable_documents(corpus: Path, broken: bool = False) -> list[str]:
    """Texts of the corpus files that decode and compose on their own (`broken`: that do not), without
    directives or `...` (which would change how the joined stream parses), each ending in a line break."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    texts = []
    for path in sorted(corpus.rglob("*")):
        if path.suffix not in (".yaml", ".yml") or not path.is_file():
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "\r" in text or any(line.startswith(("%", "...")) for line in text.splitlines()):
            continue
        try:
            for _ in yaml.compose_all(text, Loader=loader):
                pass
            parses = True
        except (yaml.YAMLError, RecursionError):
            parses = False
        if parses != broken and (broken or "{{" not in text):
            texts.append(text if text.endswith("\n") else text + "\n")
    return texts


def build_stream(
    size: int,
    corpus: Path = DEFAULT_CORPUS,
    texts: list[str] | None = None,
    broken_texts: list[str] | None = None,
    broken_every: int = 0,
) -> str:
    """A stream of at least `size` characters: PREAMBLE, then the corpus's documents, `---` between;
    with `broken_every`, a broken file after the preamble and after every `broken_every`-th file."""
    texts = texts if texts is not None else usable_documents(corpus)
    if broken_every:
        broken_texts = broken_texts if broken_texts is not None else usable_documents(corpus, broken=True)
    parts, total, position = [PREAMBLE], len(PREAMBLE), 0
    while total < size:
        if broken_every and broken_texts and position % broken_every == 0:
            text = broken_texts[(position // broken_every) % len(broken_texts)]
        else:
            text = texts[position % len(texts)]
        position += 1
        parts.append("---\n")
        parts.append(text)
        total += 4 + len(text)
    return "".join(parts)


_DOC_START_RE = re.compile(r"(?:\A|(?<=\n))---(?=[ \t\n]|\Z)")


def compose(text: str) -> int:
    """The floor: compose every document; past a syntax error, each remaining `---` chunk on its own
    (as any reader that reports more than the first error must), skipping those that do not parse."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    documents, resume_at = 0, 0
    try:
        for root in yaml.compose_all(text, Loader=loader):
            documents += 1
            resume_at = root.end_mark.index
        return documents
    except yaml.YAMLError:
        pass
    bounds = [match.start() for match in _DOC_START_RE.finditer(text, resume_at)] + [len(text)]
    for begin, end in itertools.pairwise(bounds):
        try:
            documents += sum(1 for _ in yaml.compose_all(text[begin:end], Loader=loader))
        except yaml.YAMLError:
            continue
    return documents


def lint_findings(text: str) -> list[Finding]:
    """Lint the stream as one file with every rule, as `probelint -j1` does (less the report)."""
    from probelint.engine.linter import Linter
    from probelint.engine.settings import Settings

    return Linter(Settings()).lint_file("stream.yaml", text.encode()).findings


def lint(text: str) -> int:
    return len(lint_findings(text))


def cpu_seconds(function: Callable[[str], int], text: str) -> float:
    start = time.process_time()
    function(text)
    return time.process_time() - start


def ratio(text: str, runs: int, pick: Callable[[list[float]], float] = statistics.median) -> tuple[float, float]:
    """CPU seconds of probelint and of the compose over `runs` alternating runs, GC off: the median, or
    what `pick` takes (the tests take the fastest, which other work on the machine disturbs least)."""
    times: dict[str, list[float]] = {"lint": [], "compose": []}
    enabled = gc.isenabled()
    gc.disable()
    try:
        for run in range(runs):
            order = [("lint", lint), ("compose", compose)]
            for name, function in order if run % 2 == 0 else reversed(order):
                times[name].append(cpu_seconds(function, text))
    finally:
        if enabled:
            gc.enable()
    return pick(times["lint"]), pick(times["compose"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,20,50,100", help="stream sizes in MB, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--broken", type=int, default=0, help="a broken corpus file after every N-th file (0: none)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    texts = usable_documents(args.corpus)
    broken = usable_documents(args.corpus, broken=True) if args.broken else []
    print(f"{len(texts)} corpus files compose on their own, {len(broken)} broken ones are used")
    print(f"median of {args.runs} alternating runs, GC off")
    print(f"{'MB':>6}{'documents':>11}{'probelint s':>13}{'compose s':>11}{'ratio':>8}")
    for megabytes in (float(size) for size in args.sizes.split(",")):
        text = build_stream(int(megabytes * 1_000_000), texts=texts, broken_texts=broken, broken_every=args.broken)
        documents = compose(text)
        lint_s, compose_s = ratio(text, args.runs)
        print(f"{len(text) / 1e6:6.1f}{documents:11}{lint_s:13.2f}{compose_s:11.2f}{lint_s / compose_s:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
