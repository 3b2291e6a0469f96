"""Manifests and helpers shared by the liveness-probe-missing and readiness-probe-missing tests."""

from __future__ import annotations

from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES as DEPLOYMENT

SELECT = ["--select", "liveness-probe-missing,readiness-probe-missing"]


def _ids(lines: list[str]) -> list[tuple[str, str, str]]:
    """(position, severity, rule) of each output line."""
    result = []
    for line in lines:
        where, severity, rule = line.split(" ")[:3]
        result.append((where, severity, rule))
    return result


SIDECARS = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
        - name: migrate
          image: example/migrate:1
        - name: proxy
          image: envoyproxy/envoy:v1.31
          restartPolicy: Always
          ports:
            - containerPort: 9901
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080
          livenessProbe:
            tcpSocket: {port: 8080}
          readinessProbe:
            tcpSocket: {port: 8080}
"""


HELPER = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      containers:
        - name: server
          image: example/server:3
          ports:
            - containerPort: 8080
{probe}        - name: reloader
          image: example/config-reloader:1
"""


READINESS = "          readinessProbe:\n            tcpSocket: {port: 8080}\n"
WORKLOAD_NS = DEPLOYMENT.replace("  name: web\n", "  name: web\n  namespace: shop\n", 1)
SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: {name}
{namespace}spec:
{selector}  ports:
    - port: 80
"""


def _service(
    name: str = "web", namespace: str | None = "shop", selector: str | None = "{app: web}", extra: str = ""
) -> str:
    return SERVICE.format(
        name=name,
        namespace=f"  namespace: {namespace}\n" if namespace else "",
        selector=(f"  selector: {selector}\n" if selector else "") + extra,
    )
