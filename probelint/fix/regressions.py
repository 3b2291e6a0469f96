"""A fix must not trade one finding for another: after fixing, the file is linted again with the same
settings, and a finding the original did not have undoes the fixes of its document (of its container,
when one of them is there), which are then reported as not fixed, with the finding they would add."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from probelint.findings import Finding

REGRESSION = "would add a finding"
K = TypeVar("K")

# What identifies a finding across a fix: lines move, the object path and the document do not.
_Key = tuple[str, int | None, str]


def _key(finding: Finding) -> _Key:
    return (finding.rule, finding.document, finding.path)


def added_findings(before: Iterable[Finding], after: Iterable[Finding]) -> list[Finding]:
    """The findings of `after` that `before` does not have (by rule, document and object path)."""
    seen = {_key(finding) for finding in before}
    return [finding for finding in after if _key(finding) not in seen]


def culprits(
    added: Iterable[Finding], applied: Mapping[K, Finding], alone: Callable[[Finding], list[Finding]]
) -> dict[K, tuple[Finding, str]]:
    """For each applied fix (by its key in `applied`) that brought in a new finding: the fix's finding
    and the reason to give. `alone(fix)` gives the findings of the original with only that fix made.

    The candidates are the fixes of the new finding's container (else of its document); those that
    bring it in on their own are blamed, or all candidates when only their combination does."""
    blamed: dict[K, tuple[Finding, str]] = {}
    reproduced: dict[K, set[_Key]] = {}
    for new in added:
        in_document = {key: fixed for key, fixed in applied.items() if fixed.document == new.document}
        candidates = {key: fixed for key, fixed in in_document.items() if fixed.container == new.container}
        candidates = candidates or in_document
        for key, fixed in candidates.items():
            if key not in reproduced:
                reproduced[key] = {_key(finding) for finding in alone(fixed)}
        guilty = [key for key in candidates if _key(new) in reproduced[key]] or list(candidates)
        reason = f"the fix {REGRESSION}: {new.rule} ({new.message})"
        for key in guilty:
            blamed.setdefault(key, (candidates[key], reason))
    return blamed
