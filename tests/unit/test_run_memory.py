"""What a run keeps to its end stays small: equal texts of findings and Services are one object."""

from __future__ import annotations

from pathlib import Path

from probelint.engine.linter import Linter
from probelint.engine.settings import Settings
from probelint.run.runner import lint
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
"""


def test_equal_texts_of_the_findings_and_services_kept_are_one_object(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "web.yaml").write_text(DEPLOYMENT_WITHOUT_PROBES + "---\n" + SERVICE)
    paths = [str(tmp_path / name / "web.yaml") for name in ("a", "b")]
    result = lint(Linter(Settings(select={"liveness-probe-missing"})), paths)
    first, second = result.findings
    assert first.file != second.file
    assert first.message == second.message
    for field in ("rule", "message", "path", "kind", "name", "container", "detail", "pod_labels"):
        assert getattr(first, field) is getattr(second, field), field
