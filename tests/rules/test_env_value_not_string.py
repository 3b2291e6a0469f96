"""env-value-not-string through the command line: rule id, line, column and message."""

from __future__ import annotations

import pytest

from tests.support import details
from tests.support.apivalidity import BODY, SUBSUB, deployment, found, only_and_detail
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES as HEAD


@pytest.mark.parametrize(
    ("value", "kind", "reads", "fix"),
    [
        ("true", "bool", "is read as the boolean true", 'quote it: value: "true"'),
        (
            "yes",
            "bool",
            "is read as the boolean true",
            'quote it: value: "true" (or "yes")',
        ),
        ("off", "bool", "is read as the boolean false", 'quote it: value: "false" (or "off")'),
        ("8080", "number", "is read as the number 8080", 'quote it: value: "8080"'),
        ("1.10", "number", "is read as the number 1.1", 'quote it: value: "1.10"'),
        ("0777", "number", "is read as the number 511", 'quote it: value: "0777"'),
        ("{a: 1}", "object", "value is a mapping", "use valueFrom"),
    ],
)
def test_env_values_that_are_not_strings(lint, value: str, kind: str, reads: str, fix: str) -> None:
    line, why = only_and_detail(
        lint, deployment(f"env:\n  - name: FLAG\n    value: {value}\n"), "--select", "env-value-not-string"
    )
    assert line.startswith(f"example.yaml:{BODY + 2}:{SUBSUB}: error env-value-not-string [*] env FLAG: ")
    assert reads in line
    assert line.endswith(f"{fix} (Deployment/web[web])")
    go_field = "EnvVar.spec.template.spec.containers.env.value"
    assert f"json: cannot unmarshal {kind} into Go struct field {go_field} of type string" in why


def test_env_values_in_init_containers_and_sidecars_too(lint) -> None:
    text = HEAD.replace(
        "      containers:\n",
        "      initContainers:\n        - name: init\n          env: [{name: A, value: on}]\n"
        "        - name: proxy\n          restartPolicy: Always\n          env: [{name: B, value: 1}]\n"
        "      containers:\n",
    )
    result = lint(text, "--select", "env-value-not-string")
    assert found(result) == [(BODY - 3 + 2, 27, "env-value-not-string"), (BODY - 3 + 5, 27, "env-value-not-string")]
    assert result.lines[0].endswith(
        'env A: value: on is read as the boolean true, not a string; quote it: value: "true" (or "on") '
        "(Deployment/web[init])"
    )
    assert result.lines[1].endswith(
        'env B: value: 1 is read as the number 1, not a string; quote it: value: "1" (Deployment/web[proxy])'
    )
    why = details(lint(text, "--select", "env-value-not-string", "--format", "json"))
    assert "EnvVar.spec.template.spec.initContainers.env.value" in why[0]
    assert "EnvVar.spec.template.spec.initContainers.env.value" in why[1]


def test_string_null_and_value_from_env_values_pass(lint) -> None:
    text = deployment("""\
        env:
          - name: A
            value: "true"
          - name: B
            value: 'yes'
          - name: C
            value:
          - name: D
            valueFrom: {fieldRef: {fieldPath: status.podIP}}
          - name: E
            value: 0.0.0.0
          - name: F
            value: 2024-01-01
        """)
    assert lint(text, "--select", "env-value-not-string").lines == []
