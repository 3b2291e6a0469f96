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


def repository_root() -> str:
    """The folder CI resolves report paths from: the working directory, or the GitHub workspace when
    the run is in a folder below it (the action's `working-directory`, or a step's own `cd`)."""
    cwd = os.getcwd()
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        real_workspace, real_cwd = os.path.realpath(workspace), os.path.realpath(cwd)
        if real_cwd.startswith(real_workspace.rstrip(os.sep) + os.sep):
            return real_workspace
    return cwd


def report_path(file: str) -> str | None:
    """The path CI systems expect: relative to the repository root, with forward slashes.

    Code scanning, annotations and GitLab resolve paths against the repository root, which is the
    working directory of a CI step, or the GitHub workspace above it (see `repository_root`). None
    for standard input; a path outside the root stays absolute (it cannot be mapped to the repository).
    """
    if file == STDIN:
        return None
    path = os.path.normpath(file)
    root = repository_root()
    if os.path.isabs(path) or root != os.getcwd():
        absolute = os.path.realpath(path) if root != os.getcwd() else path
        try:
            relative = os.path.relpath(absolute, root)
        except ValueError:  # another drive on Windows
            return absolute.replace(os.sep, "/")
        path = absolute if relative.startswith(os.pardir) else relative
    return path.replace(os.sep, "/")


def identity(finding: Finding, file: str | None = None) -> tuple[str, ...]:
    """What names a finding across edits elsewhere in its file: rule, file, object, container and YAML
    path, and no line, column or message (`file`: the path to use, by default `report_path`'s)."""
    return tuple(
        part or ""
        for part in (
            finding.rule,
            file if file is not None else report_path(finding.file) or STDIN,
            finding.kind,
            finding.namespace,
            finding.name,
            finding.container,
            finding.path,
        )
    )


def _numbered(keys: list[str]) -> list[tuple[str, int]]:
    """Each key with how many equal keys came before it."""
    seen: Counter[str] = Counter()
    numbered = []
    for key in keys:
        numbered.append((key, seen[key]))
        seen[key] += 1
    return numbered


def fingerprints(findings: list[Finding]) -> list[str]:
    """A hash per finding that survives edits elsewhere in the file (see `identity`); the rare findings
    that share one (two syntax errors in one file) are told apart by their order."""
    import hashlib  # only the GitLab and SARIF formats need fingerprints

    keys = ["\0".join(identity(finding)) for finding in findings]
    return [hashlib.sha256(f"{key}\0{number}".encode()).hexdigest()[:32] for key, number in _numbered(keys)]


def line_hashes(findings: list[Finding]) -> list[str]:
    """GitHub's `primaryLocationLineHash` for each finding, in its `HASH:N` form: from the finding's
    identity and the value at fault rather than the line's text, so that it moves with the line and
    changes, as a baseline entry does, when the value at fault changes."""
    import hashlib

    keys = ["\0".join((*identity(finding), finding.value or "")) for finding in findings]
    return [f"{hashlib.sha256(key.encode()).hexdigest()[:16]}:{number + 1}" for key, number in _numbered(keys)]
