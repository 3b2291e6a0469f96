"""What to check and how: the selected rules with their severities and options for one run."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from probelint.engine.suppressions import IgnoreEntry
from probelint.findings import Severity
from probelint.reading.files import DEFAULT_MAX_FILE_SIZE, STDIN
from probelint.rules import Rule

# A rule that declares this option gets the run's Settings.kubernetes_version in it.
KUBERNETES_VERSION_OPTION = "kubernetes-version"


class Settings:
    """What to check and how: the result of defaults, configuration and the command line."""

    select: set[str] | None  # None: every rule
    ignore: set[str]
    severities: dict[str, Severity]
    options: dict[str, dict[str, Any]]
    # Configuration `ignore` entries: findings they match are suppressed (see suppressions.py).
    ignore_findings: tuple[IgnoreEntry, ...]
    kubernetes_version: str | None  # "1.30": the cluster the manifests are for; None: unknown
    # Real paths of the files that hold partial objects (Kustomize patches; see Workload.partial).
    # Here rather than per file so that every Linter, in every worker process, knows them.
    partial_files: frozenset[str]
    max_file_size: int  # bytes: a larger file is not read, and says so

    def __init__(
        self,
        select: set[str] | None = None,
        ignore: set[str] | None = None,
        severities: dict[str, Severity] | None = None,
        options: dict[str, dict[str, Any]] | None = None,
        ignore_findings: tuple[IgnoreEntry, ...] = (),
        kubernetes_version: str | None = None,
        partial_files: frozenset[str] = frozenset(),
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    ) -> None:
        self.select = select
        self.ignore = ignore if ignore is not None else set()
        self.severities = severities if severities is not None else {}
        self.options = options if options is not None else {}
        self.ignore_findings = ignore_findings
        self.kubernetes_version = kubernetes_version
        self.partial_files = partial_files
        self.max_file_size = max_file_size

    def is_partial(self, path: str) -> bool:
        """Whether the file at `path` (as given) holds partial objects."""
        return bool(self.partial_files) and path != STDIN and os.path.realpath(path) in self.partial_files

    def enabled(self, rule_id: str) -> bool:
        if rule_id in self.ignore:
            return False
        return self.select is None or rule_id in self.select


class ActiveRule:
    rule: Rule
    severity: Severity
    options: Mapping[str, Any]
    configured: Severity | None  # set by the user (configuration): beats per-problem grading

    def __init__(
        self, rule: Rule, severity: Severity, options: Mapping[str, Any], configured: Severity | None = None
    ) -> None:
        self.rule = rule
        self.severity = severity
        self.options = options
        self.configured = configured
