"""Fixes round-trip only the probe or container they change (fix/fragments.py): the result must be
exactly what round-tripping the whole document gives, layout by layout, and the whole document is
used where a fragment could not stand for it."""

from __future__ import annotations

from typing import Any

import pytest

from probelint.engine.linter import Linter
from probelint.engine.settings import Settings
from probelint.fix import parts
from probelint.fix.apply import FileFixer

HEAD = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
"""

# Each case is a pod spec's body (below HEAD) with findings --fix fixes.
CASES = {
    "a probe's timeout": """\
      containers:
        - name: web
          image: nginx:1.27
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            timeoutSeconds: 1
""",
    "a missing timeout, added at the end of the probe": """\
      containers:
        - name: web
          image: nginx:1.27
          readinessProbe:
            exec:
              command: [sh, -c, "curl -fs localhost:8080/ready && sleep 3"]
          ports:
            - containerPort: 8080
""",
    "comments after the probe, deeper and shallower": """\
      containers:
        - name: web
          image: nginx:1.27
          livenessProbe:
            httpGet:
              path: /healthz
              port: 8080
              # port: 9090 (the old port)
            timeoutSeconds: 1
            # periodSeconds: 5
          # about the readiness probe

          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 1
""",
    "the edited key first in its probe": """\
      containers:
        - name: web
          image: nginx:1.27
          livenessProbe:
            timeoutSeconds: 1
            httpGet: {path: /healthz, port: 8080}
""",
    "a list indented unlike ruamel.yaml's setting, and extra spaces after the dash": """\
      containers:
      -   name: web
          image: nginx:1.27
          livenessProbe:
              httpGet:
                  path: /healthz
                  port: 8080
              timeoutSeconds: 1
      - name: sidecar
        image: busybox:1.36
        readinessProbe:
          exec: {command: [cat, /tmp/ready]}
          timeoutSeconds: 1
""",
    "a startupProbe (the fix reaches out of the probe into its container)": """\
      containers:
        - name: web
          image: nginx:1.27
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            initialDelaySeconds: 120
            timeoutSeconds: 3
          resources: {}
""",
    "env values and probes in several containers": """\
      containers:
        - name: web
          image: nginx:1.27
          env:
            - {name: DEBUG, value: yes}
            - name: PORT
              value: 8080
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            timeoutSeconds: 1
        - name: worker
          image: busybox:1.36
          readinessProbe:
            exec:
              command: [cat, /tmp/ready]
            timeoutSeconds: 1
      initContainers:
        - name: init
          image: busybox:1.36
""",
    "a block scalar and a multi-line string next to the edit": """\
      containers:
        - name: web
          image: nginx:1.27
          args:
            - --config
            - |
              server {
                listen 8080;
              }
          livenessProbe:
            exec:
              command:
                - sh
                - -c
                - >
                  curl -fs localhost:8080/healthz
                  || exit 1
            timeoutSeconds: 1
""",
    "a preStop sleep longer than the grace period (the fix edits the pod spec)": """\
      containers:
        - name: web
          image: nginx:1.27
          lifecycle:
            preStop:
              exec: {command: [sleep, "30"]}
      terminationGracePeriodSeconds: 10
""",
    "a grace period to add at the end of the pod spec": """\
      containers:
        - name: web
          image: nginx:1.27
          lifecycle:
            preStop:
              exec: {command: [sleep, "40"]}
      # the end of the pod spec
""",
    "the edited key first in the pod spec (the whole document is used)": """\
      terminationGracePeriodSeconds: 10
      containers:
        - name: web
          image: nginx:1.27
          lifecycle:
            preStop:
              exec: {command: [sleep, "30"]}
""",
    "an anchor (the whole document is used)": """\
      containers:
        - name: web
          image: nginx:1.27
          livenessProbe: &probe
            httpGet: {path: /healthz, port: 8080}
            timeoutSeconds: 1
          readinessProbe: *probe
""",
    "a comment line left of the probe inside it (the whole document is used)": """\
      containers:
        - name: web
          image: nginx:1.27
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
    # a comment at the pod spec's level
            timeoutSeconds: 1
""",
    "trailing spaces next to the edit (refused, as for the whole document)": """\
      containers:
        - name: web
          image: nginx:1.27
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}   \n            timeoutSeconds: 1   \n""",
}


def _fix(text: str) -> tuple[Any, ...]:
    fixed = FileFixer(Linter(Settings())).fix("case.yaml", text.encode())
    return (
        fixed.fixed.to_bytes() if fixed.fixed is not None else None,
        fixed.diff(),
        [(f.rule, f.path) for f in fixed.applied],
        [(r.finding.rule, r.finding.path, r.reason, r.group) for r in fixed.refused],
        fixed.intended,
    )


@pytest.mark.parametrize("case", CASES)
def test_a_fragment_fixes_as_the_whole_document_does(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = HEAD + CASES[case]
    on_fragments = _fix(text)
    monkeypatch.setattr(parts, "FRAGMENTS", False)
    assert _fix(text) == on_fragments
    assert on_fragments[2] or on_fragments[3]  # something was fixed or refused: the case means something


LIST = """\
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: a}
    spec:
      template:
        spec:
          containers:
            - name: a
              image: nginx:1.27
              livenessProbe:
                httpGet: {path: /healthz, port: 8080}
                timeoutSeconds: 1
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: b}
    spec:
      template:
        spec:
          containers:
            - name: b
              image: nginx:1.27
              readinessProbe:
                httpGet: {path: /ready, port: 8080}
                timeoutSeconds: 1
"""


def test_a_list_s_items_are_fixed_in_fragments_as_in_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    on_fragments = _fix(LIST)
    monkeypatch.setattr(parts, "FRAGMENTS", False)
    assert _fix(LIST) == on_fragments
    assert len(on_fragments[2]) == 2


def test_the_fragments_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[bool] = []
    real = parts.PartFixer._in_fragments

    def spy(self: parts.PartFixer, part: parts.Part) -> parts.PartOutcome | None:
        outcome = real(self, part)
        used.append(outcome is not None)
        return outcome

    monkeypatch.setattr(parts.PartFixer, "_in_fragments", spy)
    cases = [
        "a probe's timeout",
        "env values and probes in several containers",
        "an anchor (the whole document is used)",
    ]
    for case in cases:
        _fix(HEAD + CASES[case])
    assert used == [True, True, False]
