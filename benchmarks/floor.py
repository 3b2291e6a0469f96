"""What every benchmark here measures against: the same files, and libyaml's floors.

    python benchmarks/floor.py compose|parse LIST   # LIST: a file naming one input file per line

The files are those probelint itself lints under a path (`probelint.run.discovery.discover`), plain
YAML files only: Helm charts found there are rendered by probelint (`helm template` semantics) before
they are linted, work the floors cannot do, so charts are left out of the floor comparison and timed
on their own, per chart (see compare.py).

Two floors, each reading and decoding every file as probelint does (UTF-8, or UTF-16 with a BOM),
with the cyclic garbage collector off (probelint pauses it while a file is read; a floor with it on
would be slower than the floor really is):

- compose: `yaml.compose_all(text, Loader=yaml.CSafeLoader)`, nodes with positions, which is what
  any linter built on PyYAML's libyaml composer must pay at least;
- parse: `yaml.CParser(text).raw_parse()`, libyaml's bare event parse with no Python node made,
  the physical floor of reading the YAML at all.

A file that does not parse ends its floor run at the error (probelint re-reads past it).
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

try:
    from yaml import CSafeLoader as _Loader
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML without libyaml has no floor worth measuring
    sys.exit("PyYAML was built without libyaml: no floor to measure")


def plain_files(path: str) -> tuple[list[str], list[str]]:
    """(files, charts) that `probelint PATH` lints, in its order: probelint's own discovery."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from probelint.run.discovery import discover

    found = discover([path])
    return found.files, found.charts


def size_of(files: list[str]) -> int:
    return sum(Path(name).stat().st_size for name in files)


def _texts(files: list[str]) -> Iterator[str]:
    for name in files:
        with open(name, "rb") as handle:
            data = handle.read()
        try:
            yield data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue


def compose(files: list[str]) -> int:
    """The libyaml compose floor (GC off): the number of documents composed."""
    documents = 0
    with gc_off():
        for text in _texts(files):
            try:
                for _ in yaml.compose_all(text, Loader=_Loader):
                    documents += 1
            except (yaml.YAMLError, RecursionError):
                continue
    return documents


def parse(files: list[str]) -> int:
    """libyaml's bare event parse (GC off): the number of events."""
    events = 0
    with gc_off():
        for text in _texts(files):
            try:
                events += CParser(text).raw_parse()
            except yaml.YAMLError:
                continue
    return events


FLOORS: dict[str, Callable[[list[str]], int]] = {"compose": compose, "parse": parse}
FLOOR_NAMES = {"compose": "libyaml compose, GC off (the floor)", "parse": "libyaml bare parse, GC off"}


@contextlib.contextmanager
def gc_off() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in FLOORS:
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    files = Path(argv[1]).read_text().splitlines()
    FLOORS[argv[0]](files)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
