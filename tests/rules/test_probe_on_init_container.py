"""probe-on-init-container through the command line: rule id, line, column and message."""

from __future__ import annotations

import pytest

from tests.support.apivalidity import only_and_detail

INIT = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: wait
          image: busybox:1.36
"""


@pytest.mark.parametrize("field", ["livenessProbe", "readinessProbe", "startupProbe", "lifecycle"])
def test_probe_or_lifecycle_on_an_init_container(lint, field: str) -> None:
    value = "{preStop: {sleep: {seconds: 1}}}" if field == "lifecycle" else "{exec: {command: [/bin/true]}}"
    text = (
        INIT + f"          {field}: {value}\n      containers:\n        - name: migrate\n          image: migrate:4\n"
    )
    line, why = only_and_detail(lint, text, "--select", "probe-on-init-container")
    assert line.startswith("example.yaml:12:11: error probe-on-init-container init container has ")
    assert f", which the API server rejects; remove {field}, or set restartPolicy: Always (Job/migrate[wait])" in line
    assert (
        f"(spec.template.spec.initContainers[0].{field}: Forbidden: may not be set for init containers without " in why
    )


def test_init_container_with_another_restart_policy_names_it(lint) -> None:
    text = INIT + "          restartPolicy: OnFailure\n          readinessProbe: {exec: {command: [/bin/true]}}\n"
    text += "      containers:\n        - name: migrate\n          image: migrate:4\n"
    line, why = only_and_detail(lint, text, "--select", "probe-on-init-container")
    assert line.startswith("example.yaml:13:11:")
    assert "init container has a readiness probe, which the API server rejects" in line
    assert 'Its restartPolicy is "OnFailure", and only Always (a sidecar) allows it.' in why


def test_sidecars_null_probes_and_plain_init_containers_pass(lint) -> None:
    text = INIT + (
        "          livenessProbe:\n"
        "        - name: proxy\n          image: envoy:1\n          restartPolicy: Always\n"
        "          readinessProbe: {tcpSocket: {port: 9901}}\n          lifecycle: {preStop: {sleep: {seconds: 1}}}\n"
        "      containers:\n        - name: migrate\n          image: migrate:4\n"
        "          readinessProbe: {tcpSocket: {port: 80}}\n"
    )
    assert lint(text, "--select", "probe-on-init-container").lines == []
