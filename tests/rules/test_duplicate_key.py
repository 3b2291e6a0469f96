"""duplicate-key through the command line: rule id, line, column and message."""

from __future__ import annotations

import textwrap

from probelint.model.extract import workloads_in
from probelint.reading.loader import load_text
from probelint.rules import duplicate_key
from tests.support.apivalidity import BODY, SUB, deployment, found, only
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES as HEAD


def test_duplicate_key_in_a_probe_points_at_the_second_and_names_the_first(lint) -> None:
    text = deployment(
        "readinessProbe:\n  tcpSocket: {port: 80}\n  timeoutSeconds: 5\n  periodSeconds: 10\n  timeoutSeconds: 1\n"
    )
    line = only(lint(text, "--select", "duplicate-key"))
    assert line.startswith(
        f'example.yaml:{BODY + 4}:{SUB}: error duplicate-key duplicate key "timeoutSeconds" (first at line {BODY + 2})'
    )
    assert line.endswith("(Deployment/web[web])")


def test_duplicate_keys_anywhere_in_the_object(lint) -> None:
    text = HEAD.replace("  name: web\n", "  name: web\n  name: api\n").replace(
        "    matchLabels: {app: web}\n", "    matchLabels: {app: web, app: api}\n"
    )
    result = lint(text, "--select", "duplicate-key")
    assert found(result) == [(5, 3, "duplicate-key"), (8, 29, "duplicate-key")]
    assert "container" not in result.lines[0].rsplit("(", 1)[1]  # not inside a container


def test_two_objects_run_together_without_a_separator(lint) -> None:
    """A forgotten `---`: the ConfigMap's keys repeat the Deployment's, and the last kind wins."""
    text = HEAD + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\n"
    first = HEAD.count("\n") + 1
    result = lint(text, "--select", "duplicate-key")
    assert found(result) == [
        (first, 1, "duplicate-key"),
        (first + 1, 1, "duplicate-key"),
        (first + 2, 1, "duplicate-key"),
    ]


def test_duplicate_key_in_a_list_item_and_not_for_merge_overrides(lint) -> None:
    item = deployment("""\
        livenessProbe: &probe
          tcpSocket: {port: 80}
          timeoutSeconds: 5
        readinessProbe:
          <<: *probe
          timeoutSeconds: 2
          timeoutSeconds: 3
        """)
    text = "apiVersion: v1\nkind: List\nitems:\n" + textwrap.indent(item, "  ").replace(
        "  apiVersion", "- apiVersion", 1
    )
    result = lint(text, "--select", "duplicate-key")
    assert found(result) == [(BODY + 3 + 6, SUB + 2, "duplicate-key")]
    assert f"(first at line {BODY + 3 + 5})" in result.lines[0]


def test_a_shared_mapping_is_walked_once_so_alias_bombs_stay_linear() -> None:
    """A duplicate inside a mapping that an alias bomb repeats 9**4 times is reported once."""
    lines = ["apiVersion: v1", "kind: Pod", "metadata: {name: bomb}", "x0: &a0 {k: 1, k: 2}"]
    lines += [f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 5)]
    lines += ["spec:", "  containers:", "    - name: c", "      image: x", "      args: *a4"]
    loaded = load_text("bomb.yaml", "\n".join(lines) + "\n")
    (workload,) = workloads_in(loaded.documents[0])
    problems = list(duplicate_key.check(workload, {}))
    assert [(problem.loc.line, problem.loc.column) for problem in problems] == [(4, 16)]
