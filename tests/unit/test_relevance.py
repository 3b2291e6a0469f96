"""Documents that cannot matter are read without being composed: which ones, and that nothing changes."""

from __future__ import annotations

import pytest

from probelint.model import extract
from probelint.reading import loader
from probelint.reading.relevance import KINDS_THAT_MATTER, cannot_matter
from tests.support import run_cli

CONFIG_MAP = """\
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data:
  spec: |
    template: not a key
"""
CRD = """\
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: things.example.com
spec:
  group: example.com
  names: {kind: Thing, plural: things}
  versions:
    - name: v1
      schema:
        openAPIV3Schema:
          properties:
            template:
              type: object
"""
DEPLOYMENT = """\
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: web, image: nginx}]
"""


@pytest.mark.parametrize(
    "text",
    [
        CONFIG_MAP,
        CRD,
        CONFIG_MAP.replace("kind: ConfigMap", 'kind: "ConfigMap"'),
        CONFIG_MAP.replace("not a key", "files such as *.yaml && {{ x }} in text"),
        CRD.replace("type: object", "description: match e.g. *.example.com && more"),
        # an anchor with no alias: the document is no bigger than its text
        CONFIG_MAP.replace("data:", "data: &shared").replace("metadata: {name: settings}", "metadata: {}"),
        CONFIG_MAP.replace("data:\n", "data:\n  a: !!map &x {}\n"),
        CRD.replace("type: object", "x-rule: self.a\n                  && self.b"),
        # containers mentioned, never as a key
        "kind: ClusterRole\nrules:\n- resources: [pods, containers]\n  verbs: [get]\n",
        # no object at all: a values file, a document of a kind-less stream
        "replicaCount: 1\nimage:\n  containers: []\n",
        "---\n# only a comment\n",
    ],
)
def test_documents_that_cannot_matter(text: str) -> None:
    assert cannot_matter(text)


@pytest.mark.parametrize(
    "text",
    [
        DEPLOYMENT,
        DEPLOYMENT.replace("Deployment", "Rollout"),  # an unknown kind with a pod template
        CONFIG_MAP.replace("ConfigMap", "Pod"),
        CONFIG_MAP.replace("ConfigMap", "Service"),
        CONFIG_MAP.replace("ConfigMap", "List"),
        CONFIG_MAP.replace("ConfigMap", "'CronJob'"),
        CONFIG_MAP.replace("kind: ConfigMap", "kind: Config\n  Map"),  # a plain scalar that goes on
        CONFIG_MAP + "kind: Deployment\n",  # a duplicate key: the parser decides
        CONFIG_MAP + "# probelint: disable-file\n",
        CONFIG_MAP.replace("not a key", "{{ .Values.x }}"),
        CONFIG_MAP.replace("data:\n", "data:\n  a: [x, {{ y }}]\n"),
        CRD.replace("spec:\n  group", "spec:\n  template: {}\n  group"),
        CRD.replace("spec:\n  group", 'spec:\n  "template": {}\n  group'),
        CRD.replace("spec:\n  group", "spec:\n  ? template\n  : {}\n  group"),
        CRD.replace("spec:\n  group: example.com", "spec: {template: {}}"),
        "kind: ConfigMap\n%YAML 1.1\n",
        '{"kind": "ConfigMap"}\n',
        "- kind: Pod\n  spec: {}\n",  # a kind the text alone cannot tell
        # any kind may be pod-shaped (a custom `Ingress`, or the last `kind` of two run together)
        "kind: ClusterRole\nx:\n  containers:\n  - {name: c, image: x}\n",
        'kind: Widget\nx: {"containers" : [{name: c, image: x}]}\n',
        "kind: Widget\nx:\n  ? containers # the key\n  : [{name: c, image: x}]\n",
        'kind: Widget\nx: {"\\x63ontainers": [{name: c, image: x}], note: container}\n',
        "# a comment before the first document\n",  # blanked, it would become a document
    ],
)
def test_documents_that_may_matter(text: str) -> None:
    assert not cannot_matter(text)


def test_every_kind_read_at_its_own_paths_matters() -> None:
    """Kinds whose pod spec is not at spec.template are never skipped: they name their containers."""
    for kind, templates in extract._TEMPLATES.items():
        paths = {template.path[:2] for template in templates}
        if ("spec", "template") not in paths and kind.split(".")[0] not in KINDS_THAT_MATTER:
            text = f"kind: {kind.split('.')[0]}\nspec:\n  x:\n    containers: []\n"
            assert not cannot_matter(text), kind


def test_a_broken_document_that_cannot_matter_is_still_reported(tmp_path) -> None:
    broken = CONFIG_MAP.replace("data:\n", "data:\n  a: [1\n")
    (tmp_path / "a.yaml").write_text(DEPLOYMENT + broken + DEPLOYMENT)
    skipped = run_cli(["--select", "yaml-syntax", "a.yaml"], cwd=tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "SKIP_DOCUMENTS", False)
        composed = run_cli(["--select", "yaml-syntax", "a.yaml"], cwd=tmp_path)
    assert skipped.lines == composed.lines
    assert [line.split(" ")[2] for line in skipped.lines] == ["yaml-syntax"]


@pytest.mark.parametrize(
    "text",
    [
        CONFIG_MAP + DEPLOYMENT + CRD + DEPLOYMENT,
        CONFIG_MAP.removeprefix("---\n") + DEPLOYMENT,
        "# Source: chart/templates/cm.yaml\n" + CONFIG_MAP.removeprefix("---\n") + "---\n# Source: x\n" + DEPLOYMENT,
        CRD + "...\n" + DEPLOYMENT,
    ],
)
def test_skipping_changes_no_finding(tmp_path, text: str) -> None:
    (tmp_path / "a.yaml").write_text(text)
    skipped = run_cli(["--format", "json", "a.yaml"], cwd=tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "SKIP_DOCUMENTS", False)
        composed = run_cli(["--format", "json", "a.yaml"], cwd=tmp_path)
    assert skipped.stdout == composed.stdout
    assert '"rule"' in skipped.stdout
