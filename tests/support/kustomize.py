"""A small Kustomize tree: a base Deployment and an overlay with a strategic-merge patch, a JSON 6902
patch file and an inline patch. Line numbers in the tests refer to the texts here."""

from __future__ import annotations

from pathlib import Path

from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES

BASE_DEPLOYMENT = (
    DEPLOYMENT_WITHOUT_PROBES
    + """\
          ports:
            - name: http
              containerPort: 8080
          livenessProbe:
            httpGet: {path: /healthz, port: http}
            timeoutSeconds: 5
          readinessProbe:
            httpGet: {path: /ready, port: http}
            timeoutSeconds: 5
"""
)
BASE_KUSTOMIZATION = "resources:\n  - deployment.yaml\n"
# A strategic-merge patch: a partial Deployment, without a readinessProbe (the base has one).
LIVENESS_PATCH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          livenessProbe:
            httpGet: {path: /healthz, port: http}
            timeoutSeconds: 1
"""
# JSON 6902 operations: a list, never an object.
READINESS_OPS = """\
- op: replace
  path: /spec/template/spec/containers/0/readinessProbe/timeoutSeconds
  value: 1
"""
OVERLAY_KUSTOMIZATION = """\
resources:
  - ../base
patches:
  - path: liveness-timeout.yaml
  - path: readiness-ops.yaml
    target: {group: apps, version: v1, kind: Deployment, name: web}
  - patch: |-
      - op: add
        path: /spec/template/spec/containers/0/livenessProbe/initialDelaySeconds
        value: 60
    target: {kind: Deployment, name: web}
"""


def write_tree(root: Path) -> Path:
    """The base and the overlay below `root`; returns `root`."""
    files = {
        "base/deployment.yaml": BASE_DEPLOYMENT,
        "base/kustomization.yaml": BASE_KUSTOMIZATION,
        "overlay/kustomization.yaml": OVERLAY_KUSTOMIZATION,
        "overlay/liveness-timeout.yaml": LIVENESS_PATCH,
        "overlay/readiness-ops.yaml": READINESS_OPS,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root
