"""Terminal concerns of the command line: whether to colour, a progress line, and habit-word hints."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")

# A run shorter than this shows no progress at all.
PROGRESS_DELAY = 2.0
_PROGRESS_INTERVAL = 0.1

# Words other linters take as subcommands, and what probelint takes instead.
HABIT_WORDS = {
    "explain": "probelint --explain RULE",
    "rules": "probelint --list-rules",
    "check": "probelint PATH... (no subcommand)",
}


def use_colour(choice: str, stream: TextIO) -> bool:
    """`--color always|never`, or for `auto`: NO_COLOR off, FORCE_COLOR on, else only on a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def habit_word(paths: tuple[str, ...]) -> str | None:
    """A usage error when the first PATH is a subcommand word from another tool and no such path exists."""
    if not paths or paths[0] not in HABIT_WORDS or os.path.exists(paths[0]):
        return None
    word = paths[0]
    if word == "explain" and len(paths) > 1:
        right = f"probelint --explain {paths[1]}"
    elif word == "check":
        right = f"probelint {' '.join(paths[1:]) or '.'}"
    else:
        right = HABIT_WORDS[word]
    return f"probelint has no {word!r} subcommand and there is no path {word!r}; did you mean: {right}"


def progress(items: Iterable[T], total: int, stream: TextIO | None = None) -> Iterator[T]:
    """Yield `items`, showing `files done/total` on standard error once the run has taken PROGRESS_DELAY
    seconds. Only on a terminal outside CI; the line is erased at the end."""
    stream = stream if stream is not None else sys.stderr
    if os.environ.get("CI") or not stream.isatty():
        yield from items
        return
    start = last = time.monotonic()
    shown = False
    for done, item in enumerate(items, 1):
        yield item
        now = time.monotonic()
        if now - start >= PROGRESS_DELAY and now - last >= _PROGRESS_INTERVAL:
            stream.write(f"\rprobelint: {done}/{total} files")
            stream.flush()
            shown, last = True, now
    if shown:
        stream.write("\r\x1b[K")
        stream.flush()
