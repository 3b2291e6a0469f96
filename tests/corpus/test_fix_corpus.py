"""`--fix` over every file of ../shared/corpus/real, in a temporary copy (skipped without the corpus).

For every file, the fix either is refused with a reason, or gives a file that
- reads (as Kubernetes reads YAML) exactly like the original except for fixed fields: probe
  timeouts, a startupProbe added and the liveness initialDelaySeconds it replaces, the pod's
  terminationGracePeriodSeconds, env entries, an exec command, an httpGet path;
- differs from the original only on lines inside the containers (or pod spec) those fields are in,
  keeping its byte-order mark, line endings and final newline;
- no longer has the fixed findings: what is left of the fixable rules is exactly what was refused;
and a second `--fix` changes nothing. The totals (fixed, refused and why, left alone) are printed.
"""

from __future__ import annotations

import codecs
import json
import re
import shutil
import stat
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from probelint.fix.fixes import all_fixes
from probelint.reading.loader import KubernetesLoader
from tests.support import CORPUS, CORPUS_MARKS, run_cli

pytestmark = [*CORPUS_MARKS, pytest.mark.slow]

_REFUSAL_RE = re.compile(
    r"^probelint: (?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<rule>[\w-]+) not fixed: (?P<why>.*)$"
)
_CONTAINER = r"(?:items\[\d+\]\.)?(?:[\w.]+\.)?(?:initContainers|containers)\[\d+\]"
# Fields a fix may change, as paths in the data (`<container>` stands for a container's path).
_FIXED_FIELDS = [
    re.compile(rf"^{_CONTAINER}\.(?:livenessProbe|readinessProbe|startupProbe)\.timeoutSeconds$"),
    re.compile(rf"^{_CONTAINER}\.startupProbe$"),
    re.compile(rf"^{_CONTAINER}\.livenessProbe\.initialDelaySeconds$"),
    re.compile(rf"^{_CONTAINER}\.env(?:\[\d+\]\.value)?$"),
    re.compile(rf"^{_CONTAINER}\.(?:livenessProbe|readinessProbe|startupProbe|lifecycle\.\w+)\.exec\.command$"),
    re.compile(rf"^{_CONTAINER}\.(?:livenessProbe|readinessProbe|startupProbe|lifecycle\.\w+)\.httpGet\.path$"),
    re.compile(r"^(?:items\[\d+\]\.)?(?:[\w.]+\.)?spec\.terminationGracePeriodSeconds$"),
]


def _differences(old: Any, new: Any, path: str = "") -> list[str]:
    """Paths where two parsed documents differ (a list that changed length counts as a whole)."""
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in list(old) + [key for key in new if key not in old]:
            if old.get(key, ...) != new.get(key, ...):
                found += _differences(old.get(key), new.get(key), f"{path}.{key}" if path else str(key))
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            difference
            for index, (left, right) in enumerate(zip(old, new, strict=True))
            if left != right
            for difference in _differences(left, right, f"{path}[{index}]")
        ]
    return [path]


def _node_at(node: Node | None, path: str) -> Node | None:
    for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if isinstance(node, MappingNode) and key:
            entries = [value for name, value in node.value if isinstance(name, ScalarNode) and name.value == key]
            node = entries[-1] if entries else None
        elif isinstance(node, SequenceNode) and index:
            node = node.value[int(index)] if int(index) < len(node.value) else None
        else:
            return None
    return node


def _owner(path: str) -> str:
    """The container (or, for the grace period, the pod spec) a changed field belongs to."""
    match = re.match(_CONTAINER, path)
    if match is not None:
        return match.group(0)
    return path.rsplit(".", 1)[0]


def _allowed_lines(original: str, changed: list[tuple[int, str]]) -> list[tuple[int, int]]:
    roots = list(yaml.compose_all(original, Loader=KubernetesLoader))
    roots = [root for root in roots if not (isinstance(root, ScalarNode) and not root.value)]
    spans = []
    for document, path in changed:
        node = _node_at(roots[document], _owner(path))
        assert node is not None, path
        spans.append((node.start_mark.line, node.end_mark.line))
    return spans


def _check_changed_file(name: str, before: bytes, after: bytes) -> None:
    assert after.startswith(codecs.BOM_UTF8) == before.startswith(codecs.BOM_UTF8), name
    assert after.endswith(b"\n") == before.endswith(b"\n"), name
    if b"\r\n" not in before:
        assert b"\r\n" not in after, name
    old_text, new_text = before.decode("utf-8-sig"), after.decode("utf-8-sig")
    old_docs = [doc for doc in yaml.load_all(old_text, Loader=KubernetesLoader) if doc is not None]
    new_docs = [doc for doc in yaml.load_all(new_text, Loader=KubernetesLoader) if doc is not None]
    assert len(old_docs) == len(new_docs), name
    changed = []
    for index, (old, new) in enumerate(zip(old_docs, new_docs, strict=True)):
        for path in _differences(old, new):
            assert any(field.match(path) for field in _FIXED_FIELDS), f"{name}: {path} changed"
            changed.append((index, path))
    assert changed, f"{name}: bytes changed but not the data"
    spans = _allowed_lines(old_text, changed)
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    for tag, o1, o2, _n1, _n2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        last = max(o1, o2 - 1)
        assert any(first <= o1 and last <= end for first, end in spans), f"{name}: line {o1 + 1} changed"


def test_fix_over_the_corpus(tmp_path: Path) -> None:
    copy = tmp_path / "real"
    shutil.copytree(CORPUS / "real", copy, symlinks=True)
    files = sorted(path for path in copy.rglob("*") if path.is_file() and not path.is_symlink())
    for path in files:  # the shared corpus is read-only, and --fix leaves read-only files alone
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    before = {path: path.read_bytes() for path in files}

    first = run_cli(["--fix", "--fix-rendered", "--format", "json", "real"], cwd=tmp_path)
    after = {path: path.read_bytes() for path in files}
    refusals = [match for line in first.stderr.splitlines() if (match := _REFUSAL_RE.match(line))]
    assert all(match.group("why").strip() for match in refusals)

    changed = [path for path in files if after[path] != before[path]]
    for path in changed:
        _check_changed_file(str(path.relative_to(tmp_path)), before[path], after[path])

    # What is left of the fixable rules is exactly what was refused, at the same positions; findings on
    # the rendered Helm charts are never fixed (each names its template and values lines), and say so once.
    fixable = set(all_fixes())
    findings = json.loads(first.stdout)["findings"]
    left = Counter(
        (finding["file"], finding["line"], finding["column"], finding["rule"])
        for finding in findings
        if finding["rule"] in fixable and finding["fixable"]
    )
    on_charts = [finding for finding in findings if finding["rule"] in fixable and not finding["fixable"]]
    assert on_charts
    assert all(finding["locations"] for finding in on_charts)
    assert (
        "probelint: Helm charts are linted, not fixed: each finding names the template or values line to edit"
        in first.stderr.splitlines()
    )
    refused = Counter(
        (match.group("file"), int(match.group("line")), int(match.group("column")), match.group("rule"))
        for match in refusals
    )
    assert left == refused

    # A second --fix changes nothing (run on the files the first one touched; it left the others alone).
    refused_files = {match.group("file") for match in refusals}
    changed_names = {str(path.relative_to(tmp_path)) for path in changed}
    second = run_cli(
        ["--fix", "--fix-rendered", "--format", "json", *sorted(changed_names | refused_files)], cwd=tmp_path
    )
    assert [path for path in files if path.read_bytes() != after[path]] == []
    assert "probelint: fixed 0 problems in 0 files" in second.stderr
    reasons = Counter(
        (match.group("rule"), re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'…'", match.group("why")))[:110])
        for match in refusals
    )
    in_part = len(changed_names & refused_files)
    linted = [path for path in files if path.suffix in (".yaml", ".yml")]
    alone = len(linted) - len(changed_names | refused_files)
    print(f"\ncorpus --fix: {len(linted)} YAML files, {len(changed)} fixed ({in_part} of them in part)")
    print(f"  {len(refused_files - changed_names)} refused entirely, {alone} left alone")
    for (rule, why), count in reasons.most_common():
        print(f"  {count:4} {rule}: {why}")
