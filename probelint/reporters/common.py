"""What several reporters need from a finding: a repository-relative path, its object, a stable id."""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import Any

from probelint.findings import Finding, Suppressed, clip
from probelint.reading.files import STDIN

# Characters that must not reach a terminal, a log or a CI runner raw: C0 and C1 controls (newlines
# that would start a forged `path:line:col: error` or `::error` line, ESC sequences that erase lines
# or send OSC 8/52 commands), DEL, the Unicode line separators and the bidirectional overrides.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def printable(text: str) -> str:
    """The text with each control character written as an escape (`\\n`, `\\x1b`, `\\u202e`), so that a
    name taken from a manifest stays on its line and cannot drive the terminal. Idempotent."""
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text


def is_control(char: str) -> bool:
    """Whether `printable` escapes the character (the source excerpt of --format full replaces it)."""
    return _CONTROL.match(char) is not None


def readable(finding: Finding) -> Finding:
    """The finding with every reported text made printable: what each human format shows."""
    changes: dict[str, Any] = {}
    for name in ("message", "file", "kind", "namespace", "name", "container", "source", "detail"):
        value = getattr(finding, name)
        if isinstance(value, str) and _CONTROL.search(value):
            changes[name] = printable(value)
    return finding._replace(**changes) if changes else finding


def readable_suppressed(item: Suppressed) -> Suppressed:
    return item._replace(finding=readable(item.finding), by=printable(item.by), file=printable(item.file))


# Where the name parts of an object label are cut when a line has little room left (see object_name).
_MIN_PART = 4


def object_name(finding: Finding, width: int | None = None) -> str:
    """`Kind/namespace/name[container]`, or "" for findings outside any object: how every format names
    the object. With `width`, the namespace, name and container are cut in the middle to fit in it."""
    if finding.kind is None:
        return ""
    parts = [finding.namespace or "", finding.name or "", finding.container or ""]

    def render() -> str:
        head = "/".join(part for part in (finding.kind, parts[0], parts[1]) if part)
        return head + (f"[{parts[2]}]" if parts[2] else "")

    text = render()
    while width is not None and len(text) > width:
        longest = max(range(3), key=lambda index: len(parts[index]))
        size = len(parts[longest])
        if size <= _MIN_PART:
            break
        parts[longest] = clip(parts[longest], max(_MIN_PART, size - (len(text) - width)))
        text = render()
    return text


def object_label(finding: Finding, width: int | None = None) -> str:
    """` (Kind/namespace/name[container])`, or "" for findings outside any object."""
    name = object_name(finding, None if width is None else width - 3)
    return f" ({name})" if name else ""


def full_message(finding: Finding) -> str:
    """The message with its object and Helm template: `message (Kind/ns/name[container]) [from t.yaml]`."""
    text = finding.message + object_label(finding)
    return f"{text} [from {finding.source}]" if finding.source else text


def is_fixable(finding: Finding) -> bool:
    """`--fix` has a fix for the finding's rule (whether it applies is known only on trying); findings on
    a rendered Helm chart are not, since --fix never edits charts."""
    from probelint.fix import fixable_rules

    return finding.rule in fixable_rules() and not finding.locations


def fixable_count(findings: list[Finding]) -> int:
    return sum(1 for finding in findings if is_fixable(finding))


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
