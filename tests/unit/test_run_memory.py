"""What a run keeps to its end stays small: equal texts of findings and Services are one object, and
the text report is written in pieces that join into exactly what `render` returns."""

from __future__ import annotations

import io
from pathlib import Path

from probelint.engine.linter import Linter
from probelint.engine.settings import Settings
from probelint.reporters import Summary, get_line_reporter, get_reporter
from probelint.run.output import write_pieces
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


class CountingStream(io.StringIO):
    writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_a_text_report_is_written_in_pieces_that_make_the_whole(tmp_path: Path) -> None:
    manifest = tmp_path / "many.yaml"
    manifest.write_text(
        "---\n".join(DEPLOYMENT_WITHOUT_PROBES.replace("name: web", f"name: web-{i}") for i in range(400))
    )
    result = lint(Linter(Settings()), [str(manifest)])
    summary = Summary.of(result.findings, result.files)
    stream = CountingStream()
    write_pieces(stream, get_line_reporter("text")(result.findings, summary, False))
    assert stream.getvalue() == get_reporter("text")(result.findings, summary, False)
    assert len(stream.getvalue()) > 2 * 65536
    assert 2 < stream.writes < len(result.findings)
