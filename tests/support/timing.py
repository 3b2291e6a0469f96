"""The probe timing rule ids, their findings read out of the text output, and a container to put probes in."""

from __future__ import annotations

EXCEEDS = "probe-timeout-exceeds-period"
AGGRESSIVE = "liveness-too-aggressive"
SAME = "liveness-same-as-readiness"


def found(result) -> list[tuple[int, int, str, str]]:
    rows = []
    for line in result.lines:
        where, severity, rule = line.split(" ")[:3]
        _, row, column, _ = where.split(":")
        rows.append((int(row), int(column), severity, rule))
    return rows


def container(probes: str, ports: str = "[{name: http, containerPort: 8080}]") -> str:
    """A Deployment with one container `app`; `probes` is indented by ten spaces and starts at line 15."""
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
        - name: app
          ports: {ports}
{probes}"""
