"""The shared corpus charts: known findings land on the right lines, and nothing ever lands on a line
that does not hold the key it names."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from probelint.findings import Location
from probelint.sources.helm_render import HelmOptions, render_chart
from probelint.sources.sourcemap import RenderedChart
from tests.support.helmchart import locate

ROOT = Path(__file__).resolve().parents[2]
CHARTS = ROOT.parent / "shared" / "corpus" / "charts"
VPC_CNI = CHARTS / "aws__amazon-vpc-cni-k8s" / "charts" / "aws-vpc-cni"
METRICS = CHARTS / "kubernetes-sigs__metrics-server" / "charts" / "metrics-server"
NGINX = CHARTS / "kubernetes__ingress-nginx" / "charts" / "ingress-nginx"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CHARTS.is_dir(), reason="shared corpus charts not present"),
]


def test_aws_vpc_cni(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text('env:\n  ENABLE_POD_ENI: "true"\nlivenessProbeTimeoutSeconds: 5\n')
    chart = render_chart(str(VPC_CNI), HelmOptions(values_files=(str(values),)))
    daemonset = f"{VPC_CNI}/templates/daemonset.yaml"
    containers = "spec.template.spec.containers"
    timeout = locate(chart, "timeoutSeconds: 5", "timeoutSeconds", f"{containers}[0].livenessProbe.timeoutSeconds")
    assert timeout.exact
    assert timeout.primary == Location(str(values), 3, 1, "values")
    assert Location(daemonset, 82, 13, "template") in timeout.related
    env = locate(chart, "- name: ENABLE_POD_ENI", "name", f"{containers}[0].env[13].name")
    assert env.primary == Location(str(values), 2, 3, "values")
    value = locate(chart, 'value: "true"', "value", f"{containers}[0].env[13].value", nth=_env_value_index(chart))
    assert value.primary == Location(str(values), 2, 3, "values")
    delay = locate(
        chart, "initialDelaySeconds: 60", "initialDelaySeconds", f"{containers}[0].livenessProbe.initialDelaySeconds"
    )
    assert delay.exact
    assert delay.primary == Location(f"{VPC_CNI}/values.yaml", 175, 3, "values")
    agent = locate(chart, "- name: aws-eks-nodeagent", "name", f"{containers}[1]")
    assert agent.exact
    assert agent.primary == Location(daemonset, 137, 11, "template")


def _env_value_index(chart: RenderedChart) -> int:
    lines = chart.text.split("\n")
    at = next(i for i, text in enumerate(lines) if text.strip() == "- name: ENABLE_POD_ENI")
    return sum(1 for text in lines[: at + 1] if text.strip() == 'value: "true"')


def _keys(node: Node | None) -> list[tuple[ScalarNode, Node]]:
    found: list[tuple[ScalarNode, Node]] = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, MappingNode):
            for key, value in current.value:
                if isinstance(key, ScalarNode):
                    found.append((key, value))
                stack.append(value)
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
    return found


def _round_trip(chart: RenderedChart) -> tuple[int, int]:
    """Locate every key of every document; return (keys, exact ones). Asserts the line property."""
    lines = chart.text.split("\n")
    starts = [i + 1 for i, text in enumerate(lines) if text.startswith("# Source:")]
    total = exact = 0
    files: dict[str, list[str]] = {}
    for n, start in enumerate(starts):
        end = starts[n + 1] - 2 if n + 1 < len(starts) else len(lines)
        for key, value in _keys(yaml.compose("\n".join(lines[start:end]))):
            line, column = start + key.start_mark.line + 1, key.start_mark.column + 1
            got = chart.locate(line, column, "x." + key.value)
            total += 1
            if not got.exact:
                continue
            exact += 1
            # A values location may name the value's own key (`livenessProbeTimeoutSeconds: 5` for a
            # rendered `timeoutSeconds: 5`): then its line holds the rendered value instead.
            printed = value.value if isinstance(value, ScalarNode) else None
            for loc in (got.primary, *got.related):
                if loc.role == "rendered":
                    assert (loc.line, loc.column) == (line, column)
                    continue
                if loc.file not in files:
                    files[loc.file] = Path(loc.file).read_text().split("\n")
                text = files[loc.file][loc.line - 1]
                if loc.role == "template" and loc.column > 1 and "{{" not in text[loc.column - 1 : loc.column + 1]:
                    assert text[loc.column - 1 :].lstrip("\"'").startswith(key.value), (key.value, loc, text)
                elif loc.role == "values" and printed is None:
                    # A mapping or list printed from a values collection: its values key, which holds
                    # a collection too (the place to add a missing field).
                    assert re.match(r"\s*[\"']?[\w.-]+[\"']?:\s*(\{.*\}|\[.*\])?\s*(#.*)?$", text), (
                        key.value,
                        loc,
                        text,
                    )
                elif loc.role == "values":
                    holds = text[loc.column - 1 :].lstrip("\"'").startswith(key.value)
                    assert holds or (printed is not None and printed in text), (key.value, printed, loc, text)
    return total, exact


CASES = [(METRICS, p) for p in sorted((METRICS / "ci").glob("*values.yaml"))] + [
    (NGINX, p) for p in sorted((NGINX / "ci").glob("*values.yaml"))
]


@pytest.mark.parametrize(("chart_dir", "values"), CASES, ids=[f"{c.name}:{v.name}" for c, v in CASES])
def test_round_trip(chart_dir: Path, values: Path) -> None:
    began = time.perf_counter()
    chart = render_chart(str(chart_dir), HelmOptions(values_files=(str(values),)))
    elapsed = time.perf_counter() - began
    assert chart.problems == []
    total, exact = _round_trip(chart)
    assert total > 0
    assert exact > 0
    print(f"{chart_dir.name} {values.name}: render+map {elapsed * 1000:.0f} ms, {exact}/{total} keys exact")
