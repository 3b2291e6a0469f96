"""What one run is asked to do, independent of how it was asked (command line, tests, a hook)."""

from __future__ import annotations

from typing import NamedTuple

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


class HelmRequest(NamedTuple):
    """How to render the Helm charts among the paths, named as Helm names them."""

    values_files: tuple[str, ...] = ()  # -f/--values, later files win
    set_values: tuple[str, ...] = ()  # --set key=value, on top of the files
    release_name: str | None = None  # default: the chart's name
    namespace: str | None = None  # default: `default`
    all_values: bool = False  # also lint once per ci/*-values.yaml (the chart-testing convention)
    chart: str | None = None  # the chart that piped `helm template` output came from
    # Each setting left empty here comes from the configuration's `helm:` section, if any.


class RunRequest(NamedTuple):
    """Everything the command line decided, already checked for usage errors."""

    paths: tuple[str, ...]
    mode: str = "lint"  # lint | fix | diff | suppress (--add-suppressions)
    output_format: str = "text"
    output_file: str | None = None  # None or "-": standard output
    extra_outputs: tuple[tuple[str, str], ...] = ()  # (format, path): more reports from the same findings
    fail_on: str | None = None  # error | warning | info | never; None: the configuration's, else warning
    baseline: str | None = None  # report only findings this baseline lacks; None: the configuration's
    write_baseline: str | None = None  # record the findings in this baseline instead of failing on them
    config_path: str | None = None  # None: look for one from the working directory
    select: frozenset[str] = frozenset()  # empty: every rule
    ignore: frozenset[str] = frozenset()
    kubernetes_version: str | None = None  # overrides the configuration's
    show_suppressed: bool = False
    fix_rendered: bool = False
    jobs: int | None = None  # None: every CPU
    colour: bool = False
    statistics: bool = False  # one line per rule instead of the findings
    quiet: bool = False  # the findings only: no summary
    show_files: bool = False  # list what would be linted instead of linting
    max_file_size: int | None = None  # bytes; None: the configuration's, else the default
    fail_if_no_files: bool = False  # exit 2 when no file was linted (always said on standard error)
    helm: HelmRequest = HelmRequest()
    # --explain-event: the event text ("-": standard input) to explain, with `paths` as its manifests.
    explain_event: str | None = None
    kustomize: tuple[str, ...] = ()  # folders to build with kustomize and lint, findings on their files
