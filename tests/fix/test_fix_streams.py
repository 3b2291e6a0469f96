"""A stream of many documents: --fix reads (composes) only the `---` parts with something to fix, and
every other part keeps its bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from probelint.reading import skipping
from probelint.reading.skipping import one_plain_document
from tests.support import run_cli

FIXED = """\
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: NAME}
spec:
  template:
    spec:
      containers:
        - name: NAME
          image: nginx:1.27
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            timeoutSeconds: 1
"""
CLEAN = FIXED.replace("timeoutSeconds: 1", "timeoutSeconds: 5")
CONFIG_MAP = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata:\n  a: '1'\n"
BROKEN = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\n"
ENDED = "---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n...\n"

PARTS = [
    "# a stream of documents\n",
    FIXED.replace("NAME", "first"),
    CONFIG_MAP,
    CLEAN.replace("NAME", "clean"),
    BROKEN,
    ENDED,
    FIXED.replace("NAME", "second"),
    CLEAN.replace("NAME", "last"),
]


def test_parts_without_a_fix_keep_their_bytes_and_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blanked: list[str] = []
    real = skipping._blanked

    def spy(span: str) -> str:
        blanked.append(span)
        return real(span)

    monkeypatch.setattr(skipping, "_blanked", spy)
    (tmp_path / "stream.yaml").write_text("".join(PARTS))
    result = run_cli(["--fix", "--jobs", "1", "stream.yaml"], cwd=tmp_path)
    fixed = [
        part.replace("timeoutSeconds: 1", "timeoutSeconds: 2") if "timeoutSeconds: 1" in part else part
        for part in PARTS
    ]
    assert (tmp_path / "stream.yaml").read_text() == "".join(fixed)
    assert "fixed 2 problems in 1 file" in result.stderr
    # While fixing, the parts without a fix were blanked out (not composed), except the broken one
    # (which the parser must still report) and the one ending in `...` (which could hold two documents).
    assert CLEAN.replace("NAME", "clean") in blanked
    assert CONFIG_MAP in blanked
    assert not any("broken" in span or "kind: Secret" in span or "first" in span for span in blanked if span.strip())


HELM = """\
---
# Source: api/templates/service.yaml
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{port: 80}]
---
# Source: api/templates/pod.yaml
{apiVersion: v1, kind: Pod, metadata: {name: api}, spec: {containers: [{name: api, image: "example/api:1.0", \
livenessProbe: {httpGet: {path: /healthz, port: 80}, timeoutSeconds: 1}}]}}
"""


def test_a_hunk_names_the_template_of_the_part_it_begins_in(tmp_path: Path) -> None:
    # The hunk's first lines of context are the Service's, whose part has nothing to fix.
    (tmp_path / "rendered.yaml").write_text(HELM)
    result = run_cli(["--diff", "rendered.yaml"], cwd=tmp_path)
    assert "@@ -8,4 +8,4 @@ rendered from api/templates/service.yaml\n" in result.stdout
    assert "timeoutSeconds: 2}}]}}\n" in result.stdout


@pytest.mark.parametrize(
    ("span", "plain"),
    [
        ("---\n# Source: a/b.yaml\nkind: Pod\n", True),
        ("--- # a comment\nkind: Pod\n", True),
        ("---\n", True),
        ("kind: Pod\n", False),  # no `---`: blanked, it could become a document it was not
        ("---\nkind: Pod\n...\n---\n", False),
        ("---\nkind: Pod\n...\n%YAML 1.1\n", False),
        ("---\nkind: Pod\n# Source: a/next.yaml\n", False),  # names the template of the next document
        ("--- {kind: Pod}\n# Source: a/next.yaml\n", False),
    ],
)
def test_which_documents_may_be_blanked(span: str, plain: bool) -> None:
    assert one_plain_document(span) is plain
