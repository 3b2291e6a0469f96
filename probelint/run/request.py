"""What one run is asked to do, independent of how it was asked (command line, tests, a hook)."""

from __future__ import annotations

from dataclasses import dataclass, field

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


@dataclass(frozen=True)
class RunRequest:
    """Everything the command line decided, already checked for usage errors."""

    paths: tuple[str, ...]
    mode: str = "lint"  # lint | fix | diff
    output_format: str = "text"
    output_file: str | None = None  # None or "-": standard output
    fail_on: str | None = None  # None: the configuration's, else warning
    config_path: str | None = None  # None: look for one from the working directory
    select: frozenset[str] = field(default_factory=frozenset)  # empty: every rule
    ignore: frozenset[str] = field(default_factory=frozenset)
    kubernetes_version: str | None = None  # overrides the configuration's
    show_suppressed: bool = False
    fix_rendered: bool = False
    jobs: int | None = None  # None: every CPU
    colour: bool = False
    statistics: bool = False  # one line per rule instead of the findings
    quiet: bool = False  # the findings only: no summary
    max_file_size: int | None = None  # bytes; None: the configuration's, else the default
    fail_if_no_files: bool = False  # exit 2 when no file was linted (always said on standard error)
    helm: HelmRequest = field(default_factory=lambda: HelmRequest())


@dataclass(frozen=True)
class HelmRequest:
    """How to render the Helm charts among the paths, named as Helm names them."""

    values_files: tuple[str, ...] = ()  # -f/--values, later files win
    set_values: tuple[str, ...] = ()  # --set key=value, on top of the files
    release_name: str | None = None  # default: the chart's name
    namespace: str | None = None  # default: `default`
    all_values: bool = False  # also lint once per ci/*-values.yaml (the chart-testing convention)
    chart: str | None = None  # the chart that piped `helm template` output came from
    # Each setting left empty here comes from the configuration's `helm:` section, if any.
