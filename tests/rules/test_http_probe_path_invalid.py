"""http-probe-path-invalid through the command line: rule id, line, column and message."""

from __future__ import annotations

import pytest

from tests.support import details
from tests.support.handlers import PATH, found, pod

PATHS = """\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: x
      readinessProbe:
        httpGet:
          path: "/health "
          port: 8080
      livenessProbe:
        httpGet: {path: "http://other:9000/live?x=1", port: 8080}
      startupProbe:
        httpGet: {path: healthz, port: 8080}
      lifecycle:
        preStop:
          httpGet: {path: "localhost:8080/drain", port: 8080}
        postStart:
          httpGet: {path: "/start\\t", port: 8080}
"""


def test_path_invalid(lint) -> None:
    result = lint(PATHS, "--select", PATH)
    assert found(result) == [
        (11, 11, "error", PATH),
        (14, 19, "error", PATH),
        (16, 19, "warning", PATH),
        (19, 21, "error", PATH),
        (21, 21, "error", PATH),
    ]
    space, url, relative, host_port, tab = result.lines
    assert 'readiness probe path "/health " contains whitespace, so the server answers 404' in space
    why = details(lint(PATHS, "--select", PATH, "--format", "json"))
    assert '"/health%20", which the server answers with 404' in why[0]
    assert 'write "/health"' in space
    assert 'set path: "/live?x=1"' in url
    assert 'write "/healthz"' in relative
    assert 'set path: "/drain"' in host_port
    assert r'postStart hook path "/start\t" contains whitespace, so the server answers 404' in tab
    assert '"/start%09"' in why[4]


@pytest.mark.parametrize("path", ["/", "/ready?full=1&x=2", '""', "/a/b.json", "12"])
def test_path_valid(lint, path: str) -> None:
    manifest = pod(
        f"    - name: app\n      image: x\n      readinessProbe:\n        httpGet: {{path: {path}, port: 80}}\n"
    )
    assert found(lint(manifest, "--select", PATH)) == []
