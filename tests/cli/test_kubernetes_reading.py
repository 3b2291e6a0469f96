"""YAML is read the way Kubernetes (sigs.k8s.io/yaml, go-yaml v2) reads it, and what it refuses is
reported at the place it is."""

from __future__ import annotations

import codecs

from tests.support import Run

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx
      env:
        - name: AT
          value: 1:30
      readinessProbe:
        httpGet: {path: /, port: 80}
        timeoutSeconds: 1:00
"""


def rows(run: Run) -> list[tuple[str, int, int]]:
    result = []
    for line in run.lines:
        location, rest = line.split(": ", 1)
        _, row, column = location.rsplit(":", 2)
        result.append((rest.split()[1], int(row), int(column)))
    return result


def test_base_60_is_a_string_as_in_kubernetes(lint) -> None:
    run = lint(POD, "--select", "env-value-not-string,probe-invalid,probe-timeout-exceeds-period")
    assert rows(run) == [("probe-invalid", 14, 9)]
    assert 'timeoutSeconds is the string "1:00", not an integer' in run.stdout


def test_a_control_character_is_reported_where_it_is(lint) -> None:
    text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: é\x01b\n---\nkind: Pod\nmetadata: {name: "x\x02"}\n'
    run = lint(text, "--select", "yaml-syntax")
    assert rows(run) == [("yaml-syntax", 4, 10), ("yaml-syntax", 7, 20)]
    assert run.lines[0].endswith("unacceptable character #x0001: control characters are not allowed")


def test_utf_32_is_named_in_one_line(lint) -> None:
    run = lint(codecs.BOM_UTF32_LE + "kind: Pod\n".encode("utf-32-le"), "--select", "yaml-syntax")
    assert rows(run) == [("yaml-syntax", 1, 1)]
    assert "UTF-32 text: Kubernetes reads UTF-8 or UTF-16; save the file as UTF-8" in run.stdout
    assert len(run.lines) == 1


NESTED_LIST = """\
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: List
    items:
      - apiVersion: v1
        kind: Pod
        metadata: {name: inner}
        spec:
          containers:
            - name: web
              image: nginx
              readinessProbe:
                httpGet: {path: /, port: 80}
"""


def test_a_list_inside_a_list_is_linted(lint) -> None:
    run = lint(NESTED_LIST, "--select", "probe-timeout-too-low")
    assert rows(run) == [("probe-timeout-too-low", 14, 15)]
    assert "(Pod/inner[web])" in run.stdout


PROBE_HEAD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx
      readinessProbe:
        timeoutSeconds: 5
        exec:
          command: """


def test_nesting_just_below_libyamls_limit_is_a_finding_not_an_internal_error(lint) -> None:
    for depth in (980, 990, 999):
        run = lint(PROBE_HEAD + "[" * depth + "]" * depth + "\n")
        assert "internal-error" not in run.stdout, depth
        assert [row[0] for row in rows(run)] == ["yaml-syntax"], depth
        assert "nesting" in run.stdout  # probelint's limit, or libyaml's own past 1000 levels


def test_nesting_below_the_limit_is_linted(lint) -> None:
    run = lint(PROBE_HEAD + "[" * 400 + "]" * 400 + "\n", "--select", "probe-invalid,yaml-syntax")
    assert rows(run) == [("probe-invalid", 12, 21)]


def test_deep_block_indentation_is_a_finding(lint) -> None:
    nested = "".join(" " * level + f"k{level}:\n" for level in range(520)) + " " * 520 + "x: 1\n"
    run = lint("apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\n  annotations:\n" + _indented(nested, 4))
    assert [row[0] for row in rows(run)] == ["yaml-syntax"]
    assert "nesting too deep" in run.stdout


def test_indentation_and_brackets_that_add_up_are_a_finding(lint) -> None:
    """300 levels of block nesting, then 250 of flow, one bracket a line: no line is long."""
    block = "".join(" " * level + f"k{level}:\n" for level in range(300))
    flow = "".join(" " * 300 + "[\n" for _ in range(250)) + "".join(" " * 300 + "]\n" for _ in range(250))
    run = lint("kind: Pod\nmetadata:\n  name: deep\nspec:\n" + _indented(block + flow, 2))
    assert [row[0] for row in rows(run)] == ["yaml-syntax"]
    assert "nesting too deep" in run.stdout


def _indented(text: str, columns: int) -> str:
    return "".join(" " * columns + line + "\n" for line in text.splitlines())


def test_one_pair_mappings_in_flow_lists_nest_two_levels_a_bracket(lint) -> None:
    run = lint(PROBE_HEAD.split("readinessProbe")[0] + "args: " + "[a: " * 300 + "b" + "]" * 300 + "\n")
    assert [row[0] for row in rows(run)] == ["yaml-syntax"]
    assert "nesting too deep" in run.stdout


def test_nesting_too_deep_in_a_document_no_rule_reads_is_still_reported(lint) -> None:
    run = lint("a: " + "[" * 600 + "]" * 600 + "\n---\nb: 1\n")
    assert rows(run) == [("yaml-syntax", 1, 503)]


def test_an_anchor_defined_twice_in_a_document_no_rule_reads_is_still_reported(lint) -> None:
    run = lint("kind: ConfigMap\nmetadata: {name: x}\ndata:\n  x: &a one\n  y: &a two\n")
    assert rows(run) == [("yaml-syntax", 5, 6)]
    assert "found duplicate anchor" in run.stdout
