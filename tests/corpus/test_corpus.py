"""Real data: every corpus file lints cleanly, and the aws-node DaemonSet of every VPC CNI release gets
exactly the aws-node findings its version must get (../shared/reference/aws-node-probes-by-version.md).

The linter runs once, in-process, over every file of corpus/real and corpus/peers (whatever its
name: .golden, .injected, .json and .txt files too); the tests below read that one result. Expected
positions come from an independent reading of each manifest with plain PyYAML, not from probelint.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from probelint.engine.linter import INTERNAL_RULE, Result
from probelint.findings import Finding
from probelint.run.runner import lint_settings
from tests.support import CORPUS, CORPUS_MARKS

pytestmark = CORPUS_MARKS

AWS = CORPUS / "real" / "aws__amazon-vpc-cni-k8s"
PROBE_TIMEOUT = "aws-node-probe-timeout"
MISMATCH = "exec-probe-timeout-mismatch"
UNKNOWN = "aws-node-version-unknown"
ADDRESS = "aws-node-probe-address"
Position = tuple[int, int]


@dataclass
class CorpusRun:
    files: list[str]
    result: Result
    by_file: dict[str, list[Finding]]


@pytest.fixture(scope="module")
def corpus() -> CorpusRun:
    files = sorted(str(path) for root in ("real", "peers") for path in (CORPUS / root).rglob("*") if path.is_file())
    result = lint_settings(files)
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_file[finding.file].append(finding)
    return CorpusRun(files, result, by_file)


def test_every_corpus_file_lints_without_an_internal_error(corpus: CorpusRun) -> None:
    assert len(corpus.files) > 2500
    assert corpus.result.errors == []
    assert corpus.result.files == len(corpus.files)
    internal = [f"{f.file}:{f.line}: {f.message}" for f in corpus.result.findings if f.rule == INTERNAL_RULE]
    assert internal == []


def test_positions_are_inside_the_files(corpus: CorpusRun) -> None:
    line_counts = {path: Path(path).read_bytes().count(b"\n") + 1 for path in corpus.by_file}
    outside = [
        f"{f.file}:{f.line}:{f.column}" for f in corpus.result.findings if not 1 <= f.line <= line_counts[f.file]
    ]
    assert outside == []
    assert all(f.column >= 1 for f in corpus.result.findings)


# --- the aws-node DaemonSet across VPC CNI releases -----------------------------------------------


@dataclass
class AwsNode:
    """What plain PyYAML sees in a manifest's aws-node container: where its keys are, and its image tag."""

    image_tag: str
    image_key: Position
    probes: dict[str, Position]  # livenessProbe / readinessProbe -> the probe's key
    timeouts: dict[str, Position]  # the same -> its timeoutSeconds key, when written
    addresses: list[str]  # grpc-health-probe -addr values


def _key(node: yaml.Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _entries(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): (key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _value(node: yaml.Node, *keys: str) -> yaml.Node | None:
    for key in keys:
        entry = _entries(node).get(key)
        if entry is None:
            return None
        node = entry[1]
    return node


@functools.cache
def read_aws_node(path: Path) -> AwsNode | None:
    try:
        documents = list(yaml.compose_all(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        return None
    for document in documents:
        if document is None or getattr(_value(document, "kind"), "value", None) != "DaemonSet":
            continue
        if getattr(_value(document, "metadata", "name"), "value", None) != "aws-node":
            continue
        containers = _value(document, "spec", "template", "spec", "containers")
        for container in containers.value if isinstance(containers, yaml.SequenceNode) else []:
            if getattr(_value(container, "name"), "value", None) != "aws-node":
                continue
            image_key, image = _entries(container)["image"]
            node = AwsNode(image.value.rsplit(":", 1)[-1], _key(image_key), {}, {}, [])
            for kind in ("livenessProbe", "readinessProbe"):
                if kind not in _entries(container):
                    continue
                probe_key, probe = _entries(container)[kind]
                node.probes[kind] = _key(probe_key)
                if "timeoutSeconds" in _entries(probe):
                    node.timeouts[kind] = _key(_entries(probe)["timeoutSeconds"][0])
                command = _value(probe, "exec", "command")
                for item in command.value if isinstance(command, yaml.SequenceNode) else []:
                    if str(item.value).startswith("-addr="):
                        node.addresses.append(str(item.value).removeprefix("-addr="))
            return node
    return None


def _version(tag: str) -> tuple[int, int, int] | None:
    match = re.match(r"v?(\d+)\.(\d+)\.(\d+)", tag)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def expected(relative: str, node: AwsNode) -> set[tuple[str, Position]]:
    """What must fire, per release (docs/facts.md#aws-node-probes): (rule, position) for the aws-node rules and the
    exec-probe-timeout-mismatch of the aws-node container, one finding per problem: where both timeout rules
    name one key, aws-node-probe-timeout asks for more (10 s) and is the one reported."""
    problems = _expected(relative, node)
    return {(rule, at) for rule, at in problems if rule != MISMATCH or (PROBE_TIMEOUT, at) not in problems}


def _expected(relative: str, node: AwsNode) -> set[tuple[str, Position]]:
    liveness, readiness = node.probes.get("livenessProbe"), node.probes.get("readinessProbe")
    if relative.startswith("config/v1.9/"):
        # release-1.9 after v1.9.3 (PR #1697, untagged): liveness 5 s; readiness still unset (1 s)
        # although -connect-timeout=2s -rpc-timeout=2s give the command 4 s.
        assert liveness
        assert readiness
        return {
            (PROBE_TIMEOUT, node.timeouts["livenessProbe"]),
            (PROBE_TIMEOUT, readiness),
            (MISMATCH, readiness),
        }
    if node.image_tag == "latest":  # release-1.7/1.8 config/master: :latest, 1.6-1.8 probes
        assert liveness
        assert readiness
        assert not node.timeouts
        return {(UNKNOWN, node.image_key)} | {
            (rule, at) for rule in (PROBE_TIMEOUT, MISMATCH) for at in (liveness, readiness)
        }
    version = _version(node.image_tag)
    assert version is not None, node.image_tag
    if version < (1, 6, 0):  # v1.0 - v1.5: no probes at all
        assert not node.probes
        return set()
    if version < (1, 10, 0):  # 1.6.0 - 1.9.3: exec grpc-health-probe, no timeoutSeconds (1 s) vs 1 s + 1 s
        assert liveness
        assert readiness
        assert not node.timeouts
        return {(rule, at) for rule in (PROBE_TIMEOUT, MISMATCH) for at in (liveness, readiness)}
    if version < (1, 10, 2):  # 1.10.0, 1.10.1: timeoutSeconds 5, -connect-timeout=2s -rpc-timeout=2s
        return {(PROBE_TIMEOUT, node.timeouts["livenessProbe"]), (PROBE_TIMEOUT, node.timeouts["readinessProbe"])}
    return set()  # 1.10.2 and later: 10 s against 5 s + 5 s; 1.23 moved to the unix socket


def aws_node_candidates() -> list[Path]:
    """Files that name the aws-node DaemonSet: a text search, cheap enough for collection time."""
    if not AWS.is_dir():
        return []
    found = []
    for path in sorted(AWS.rglob("*.yaml")):
        if "/multus/" in str(path) or "/templates/" in str(path):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if "amazon-k8s-cni" in text and "aws-node" in text:
            found.append(path)
    return found


@functools.cache
def aws_node_manifests() -> list[Path]:
    """The candidates whose aws-node container plain PyYAML reads (parsed when a test first asks)."""
    return [path for path in aws_node_candidates() if read_aws_node(path) is not None]


def got(corpus: CorpusRun, path: Path) -> set[tuple[str, Position]]:
    result = set()
    for finding in corpus.by_file.get(str(path), []):
        if finding.rule.startswith("aws-node-") or (finding.rule == MISMATCH and finding.name == "aws-node"):
            result.add((finding.rule, (finding.line, finding.column)))
    return result


def node_of(path: Path) -> AwsNode:
    node = read_aws_node(path)
    assert node is not None
    return node


def test_every_release_is_covered() -> None:
    tags = {_version(node_of(path).image_tag) for path in aws_node_manifests()}
    assert len(aws_node_manifests()) > 250
    assert {(1, 0, 0), (1, 5, 7), (1, 6, 3), (1, 7, 10), (1, 9, 3), (1, 10, 1), (1, 10, 2), (1, 22, 4)} <= tags
    assert {(1, 23, 0), (1, 23, 1)} <= tags
    assert None in tags  # the :latest ones


@pytest.mark.parametrize("path", aws_node_candidates(), ids=lambda path: str(path.relative_to(AWS)))
def test_aws_node_findings_per_release(corpus: CorpusRun, path: Path) -> None:
    if path not in aws_node_manifests():
        pytest.skip("no aws-node container that plain PyYAML reads")
    assert got(corpus, path) == expected(str(path.relative_to(AWS)), node_of(path))


def test_unix_socket_releases_have_no_address_finding(corpus: CorpusRun) -> None:
    unix = [path for path in aws_node_manifests() if any(a.startswith("unix://") for a in node_of(path).addresses)]
    assert len(unix) >= 8  # v1.23.0 and v1.23.1, four regions each
    assert {_version(node_of(path).image_tag) for path in unix} == {(1, 23, 0), (1, 23, 1)}
    assert [path for path in unix if any(rule == ADDRESS for rule, _ in got(corpus, path))] == []


def test_region_variants_agree(corpus: CorpusRun) -> None:
    """aws-k8s-cni{,-cn,-us-gov-east-1,-us-gov-west-1}.yaml of one release get the same rules (their
    lines may differ: the v1.6 -cn file is laid out differently)."""
    groups: dict[Path, list[list[str]]] = defaultdict(list)
    for path in aws_node_manifests():
        if path.name.startswith("aws-k8s-cni") and "1.10" not in path.name:
            groups[path.parent].append(sorted(rule for rule, _ in got(corpus, path)))
    assert len(groups) > 60
    for folder, results in groups.items():
        assert all(result == results[0] for result in results), folder


def test_unrendered_chart_templates_get_one_template_finding_each(corpus: CorpusRun) -> None:
    templates = sorted(AWS.glob("**/charts/aws-vpc-cni/templates/daemonset.yaml"))
    assert len(templates) > 10
    for path in templates:
        findings = corpus.by_file[str(path)]
        assert [f.rule for f in findings] == ["yaml-syntax"], path
        assert "unrendered Helm template" in findings[0].message
        assert "render the chart first: helm template CHART | probelint -" in findings[0].detail


def test_a_trailing_tab_that_libyaml_accepts_is_not_a_syntax_error(corpus: CorpusRun) -> None:
    # tags/v1.14.0 us-gov-east-1 has `"false"<TAB>` at the end of line 283: PyYAML's pure-Python
    # scanner rejects it, libyaml (and go-yaml, its port, which kubectl uses) accept it.
    path = AWS / "tags/v1.14.0/config/master/aws-k8s-cni-us-gov-east-1.yaml"
    assert '"false"\t\n' in path.read_text()
    assert [f for f in corpus.by_file[str(path)] if f.rule == "yaml-syntax"] == []
    assert path in aws_node_manifests()


def test_helm_rendered_manifests_carry_their_template(corpus: CorpusRun) -> None:
    path = AWS / "config/master/aws-k8s-cni.yaml"
    sources = {f.source for f in corpus.by_file[str(path)] if f.name == "aws-node"}
    assert sources == {"aws-vpc-cni/templates/daemonset.yaml"}
