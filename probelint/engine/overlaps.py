"""One problem, one finding: merge findings of different rules that judge the same value.

Several rules can object to one written value for different reasons: a `timeoutSeconds: 1` on aws-node
is under the CNI's own 10 (aws-node-probe-timeout), under the exec command's own limit
(exec-probe-timeout-mismatch) and under the general minimum (probe-timeout-too-low). Three findings
would advise three different numbers for one line. Rules in one overlap group that report the same
object, position and key path are merged into one: the finding that asks the most (its `needs`; ties
go to the group's order) is kept, and the others are named in its detail. Merging runs after
suppressions, so silencing the kept rule lets the next one report; with `--select` of one rule
nothing overlaps.
"""

from __future__ import annotations

from collections.abc import Iterable

from probelint.findings import Finding

# Each group lists rules that judge the same field, most specific first (the order breaks ties).
OVERLAP_GROUPS: tuple[tuple[str, ...], ...] = (
    ("aws-node-probe-timeout", "exec-probe-timeout-mismatch", "probe-timeout-too-low"),
)

_GROUP_OF = {rule: (index, group.index(rule)) for index, group in enumerate(OVERLAP_GROUPS) for rule in group}

_Key = tuple[int, str, int | None, int, int, str]


def merge_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """The findings in their order, with each overlapping set replaced by its strongest finding."""
    findings = list(findings)
    sets: dict[_Key, list[Finding]] = {}
    for finding in findings:
        group = _GROUP_OF.get(finding.rule)
        if group is not None:
            sets.setdefault(_key(finding, group[0]), []).append(finding)
    if all(len(members) < 2 for members in sets.values()):
        return findings
    merged: list[Finding] = []
    for finding in findings:
        group = _GROUP_OF.get(finding.rule)
        if group is None:
            merged.append(finding)
            continue
        members = sets[_key(finding, group[0])]
        if len(members) < 2:
            merged.append(finding)
        elif finding is members[0]:  # emit the merged finding where the first of the set stood
            merged.append(_merge(members))
    return merged


def _key(finding: Finding, group: int) -> _Key:
    return (group, finding.file, finding.document, finding.line, finding.column, finding.path)


def _rank(finding: Finding) -> tuple[int, int]:
    return (-(finding.needs or 0), _GROUP_OF[finding.rule][1])


def _merge(members: list[Finding]) -> Finding:
    ordered = sorted(members, key=_rank)
    kept, others = ordered[0], ordered[1:]
    reasons = "; ".join(f"{other.rule}: {other.message}" for other in others)
    names = ", ".join(other.rule for other in others)
    detail = f"{kept.detail} Also reported here by {names}, which ask for less ({reasons}).".strip()
    return kept._replace(detail=detail, severity=max(member.severity for member in members))
