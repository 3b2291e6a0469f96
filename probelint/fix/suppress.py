"""`--add-suppressions`: silence every current finding with a comment above its line, as ruff's
`--add-noqa` does, so that a repository can adopt probelint and fix its findings later.

Each finding's line gets `# probelint: disable-next-line=RULE[,RULE...]` on the line above it, at its
indentation, which `engine.suppressions` reads as applying to the next line that is not blank or a
comment. An edit is kept only when it is proved harmless, as `--fix` proves its fixes: the file
must read as exactly the same YAML data (a comment line inside a block scalar would change a string),
and linting it again must report none of the suppressed findings. Files are written in place, as --fix writes
them, and only if unchanged since they were read (`fix.writing.write_in_place`).

Findings that no comment can silence are left, with a note: findings on Helm charts point at
template and values files (a comment there is not in the rendered object), standard input has no file
to edit, and a syntax error leaves no reliable line structure.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

import yaml

from probelint.engine.linter import SYNTAX_RULE, Linter
from probelint.findings import Finding
from probelint.fix.writing import write_in_place
from probelint.reading.files import STDIN, describe_os_error, read_bytes
from probelint.reading.lines import LINE_BREAK_RE
from probelint.reading.loader import KubernetesLoader
from probelint.reporters.common import identity

BOM = "\ufeff"


class Outcome:
    """What --add-suppressions did."""

    def __init__(self) -> None:
        self.added = 0  # comments written
        self.files = 0  # files changed
        self.notes: list[str] = []
        self.failed = False  # a file could not be read or written


def comment_for(rules: set[str]) -> str:
    return f"# probelint: disable-next-line={','.join(sorted(rules))}"


def with_comments(text: str, targets: dict[int, set[str]]) -> str:
    """`text` with a suppression comment above each 1-based target line, at that line's indentation."""
    pieces: list[str] = []
    position = 0
    number = 1
    for match in LINE_BREAK_RE.finditer(text + "\n"):
        line = text[position : match.start()]
        ending = match.group(0) if match.end() <= len(text) else "\n"
        rules = targets.get(number)
        if rules:
            indent = line[: len(line) - len(line.lstrip(" \t"))].removeprefix(BOM)
            pieces.append(f"{indent}{comment_for(rules)}{ending}")
        pieces.append(text[position : min(match.end(), len(text))])
        position = match.end()
        number += 1
    return "".join(pieces)


def _same_data(before: str, after: str) -> bool:
    try:
        return list(yaml.load_all(before, Loader=KubernetesLoader)) == list(
            yaml.load_all(after, Loader=KubernetesLoader)
        )
    except yaml.YAMLError:
        return False


def add_suppressions(linter: Linter, findings: list[Finding]) -> Outcome:
    """Write a comment above every finding that can take one; what was done and what was left."""
    outcome = Outcome()
    by_file: dict[str, list[Finding]] = defaultdict(list)
    skipped: dict[str, int] = defaultdict(int)
    for finding in findings:
        if finding.locations:
            skipped["on Helm charts (edit the template or values line, or use an ignore entry)"] += 1
        elif finding.file == STDIN:
            skipped["on standard input"] += 1
        elif finding.rule == SYNTAX_RULE:
            skipped["for YAML syntax errors"] += 1
        else:
            by_file[finding.file].append(finding)
    for reason, count in skipped.items():
        outcome.notes.append(f"{count} finding{'' if count == 1 else 's'} {reason} left without a comment")
    for path, file_findings in by_file.items():
        _suppress_file(linter, path, file_findings, outcome)
    return outcome


def _suppress_file(linter: Linter, path: str, findings: list[Finding], outcome: Outcome) -> None:
    try:
        data = read_bytes(path)
    except OSError as error:
        outcome.notes.append(describe_os_error(path, error))
        outcome.failed = True
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        outcome.notes.append(f"{path}: not UTF-8; left unchanged")
        return
    targets: dict[int, set[str]] = defaultdict(set)
    for finding in findings:
        targets[finding.line].add(finding.rule)
    edited = with_comments(text, targets)
    if not _same_data(text, edited):
        outcome.notes.append(f"{path}: a comment would change the YAML data (inside a block scalar?); left unchanged")
        return
    silenced = {identity(finding) for finding in findings}
    report = linter.lint_file(path, edited.encode("utf-8"))
    if any(identity(finding) in silenced for finding in report.findings):
        outcome.notes.append(f"{path}: the comments would not silence every finding; left unchanged")
        return
    problem = write_in_place(path, hashlib.sha256(data).digest(), edited.encode("utf-8"))
    if problem is not None:
        outcome.notes.append(problem)
        outcome.failed = True
        return
    outcome.added += len(targets)
    outcome.files += 1
