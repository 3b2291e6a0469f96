"""What one run is asked to do, independent of how it was asked (command line, tests, a hook)."""

from __future__ import annotations

from typing import NamedTuple

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


class RunRequest(NamedTuple):
    """Everything the command line decided, already checked for usage errors."""

    paths: tuple[str, ...]
    mode: str = "lint"  # lint | fix | diff
    output_format: str = "text"
    output_file: str | None = None  # None or "-": standard output
    fail_on: str | None = None  # None: the configuration's, else warning
    config_path: str | None = None  # None: look for one from the working directory
    select: frozenset[str] = frozenset()  # empty: every rule
    ignore: frozenset[str] = frozenset()
    kubernetes_version: str | None = None  # overrides the configuration's
    show_suppressed: bool = False
    fix_rendered: bool = False
    jobs: int | None = None  # None: every CPU
    colour: bool = False
