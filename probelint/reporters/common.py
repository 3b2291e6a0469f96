"""What several reporters need from a finding: a repository-relative path, its object, a stable id."""

from __future__ import annotations

import os
from collections import Counter

from probelint.findings import Finding
from probelint.reading.files import STDIN


def object_label(finding: Finding) -> str:
    """` (Kind/namespace/name, container NAME)`, or "" for findings outside any object."""
    if finding.kind is None:
        return ""
    obj = "/".join(part for part in (finding.kind, finding.namespace, finding.name) if part)
    return f" ({obj}" + (f", container {finding.container})" if finding.container else ")")


def full_message(finding: Finding) -> str:
    """The message with its object and Helm template: `message (Kind/ns/name, container C) [from t.yaml]`."""
    text = finding.message + object_label(finding)
    return f"{text} [from {finding.source}]" if finding.source else text


def report_path(file: str) -> str | None:
    """The path CI systems expect: relative to the working directory, with forward slashes.

    Code scanning, annotations and GitLab resolve paths against the repository root, which is the
    working directory of a CI step. None for standard input; a path outside the working directory
    stays absolute (it cannot be mapped to the repository anyway).
    """
    if file == STDIN:
        return None
    path = os.path.normpath(file)
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return path.replace(os.sep, "/")
        path = path if relative.startswith(os.pardir) else relative
    return path.replace(os.sep, "/")


def fingerprints(findings: list[Finding]) -> list[str]:
    """A hash per finding that survives edits elsewhere in the file: no line, column or message in it.

    Rule, file, object, container and YAML path identify a finding; the rare findings that share all
    of them (two syntax errors in one file) are told apart by their order.
    """
    seen: Counter[str] = Counter()
    result = []
    for finding in findings:
        key = "\0".join(
            part or ""
            for part in (
                finding.rule,
                report_path(finding.file) or STDIN,
                finding.kind,
                finding.namespace,
                finding.name,
                finding.container,
                finding.path,
            )
        )
        occurrence = seen[key]
        seen[key] += 1
        import hashlib  # only the GitLab format needs fingerprints

        result.append(hashlib.sha256(f"{key}\0{occurrence}".encode()).hexdigest()[:32])
    return result
