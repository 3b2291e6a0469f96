"""http-probe-scheme-mismatch through the command line: rule id, line, column and message."""

from __future__ import annotations

import pytest

from tests.support import details
from tests.support.handlers import SCHEME, found, pod

SCHEMES = """\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: x
      ports:
        - {name: http, containerPort: 8080}
        - {name: web, containerPort: 8443}
        - {name: http-admin, containerPort: 9000}
        - {name: confused, containerPort: 443}
      readinessProbe:
        httpGet: {path: /, port: http, scheme: HTTPS}
      livenessProbe:
        httpGet: {path: /, port: web}
      startupProbe:
        httpGet:
          path: /
          port: 443
          scheme: HTTP
      lifecycle:
        preStop:
          httpGet: {path: /, port: http-admin, scheme: HTTPS}
"""


def test_scheme_mismatch_at_scheme_or_port(lint) -> None:
    result = lint(SCHEMES, "--select", SCHEME)
    assert found(result) == [
        (15, 40, "warning", SCHEME),
        (17, 28, "warning", SCHEME),  # no scheme: at port
        (22, 11, "warning", SCHEME),
        (25, 48, "warning", SCHEME),
    ]
    https_on_http, unset_on_tls, http_on_443, hook = result.lines
    assert 'scheme: HTTPS on plain-HTTP port "http" (8080); use scheme: HTTP, or the TLS port' in https_on_http
    assert 'liveness probe uses HTTP (scheme unset) on TLS port "web" (8443); set scheme: HTTPS' in unset_on_tls
    assert 'startup probe uses scheme: HTTP on TLS port "confused" (443); set scheme: HTTPS' in http_on_443
    assert 'preStop hook uses scheme: HTTPS on plain-HTTP port "http-admin" (9000)' in hook
    why = details(lint(SCHEMES, "--select", SCHEME, "--format", "json"))
    assert "server gave HTTP response to HTTPS client" in why[0]
    assert "server gave HTTP response to HTTPS client" in why[3]


@pytest.mark.parametrize(
    ("port", "scheme"),
    [
        ("https", "HTTPS"),
        ("8443", "HTTPS"),
        ("http", "HTTP"),
        ("80", "HTTP"),
        ("9090", "HTTPS"),  # no hint either way
        ("mixed", "HTTP"),  # named http, numbered 8443: the signals disagree
        ("http", "https"),  # not HTTP/HTTPS at all: probe-invalid's
    ],
)
def test_scheme_consistent(lint, port: str, scheme: str) -> None:
    manifest = pod(
        "    - name: app\n      image: x\n      ports:\n"
        "        - {name: https, containerPort: 8443}\n        - {name: http, containerPort: 8080}\n"
        "        - {name: http-mixed, containerPort: 8443}\n"
        f"      readinessProbe:\n        httpGet: {{port: {'http-mixed' if port == 'mixed' else port}, "
        f"scheme: {scheme}}}\n"
    )
    assert found(lint(manifest, "--select", SCHEME)) == []
