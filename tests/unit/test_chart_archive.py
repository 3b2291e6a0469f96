"""The in-memory chart archive that the instrumented render loads: every file under one top folder,
overrides in place, names of any length and script, readable by any tar reader through gzip."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from probelint.sources.helm_engine import _archive


def test_the_archive_holds_every_file_with_the_overrides_in_place(tmp_path: Path) -> None:
    chart = tmp_path / "web"
    deep = "templates/" + "/".join(["nested-folder-name"] * 8) + "/configmap.yaml"  # over ustar's 100 bytes
    files = {
        "Chart.yaml": "name: web\n",
        "templates/deployment.yaml": "kind: Deployment\n",
        deep: "kind: ConfigMap\n",
        "files/größe.txt": "ä" * 700,  # not ASCII, and more than one block
        ".git/HEAD": "ref: refs/heads/main\n",
    }
    for name, text in files.items():
        (chart / name).parent.mkdir(parents=True, exist_ok=True)
        (chart / name).write_text(text, encoding="utf-8")
    data = _archive(str(chart), {"templates/deployment.yaml": "kind: Deployment # changed\n"})
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        read = {
            member.name: archive.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
            for member in archive.getmembers()
        }
        assert all(member.isfile() and member.mode == 0o644 for member in archive.getmembers())
    assert read == {
        "web/Chart.yaml": "name: web\n",
        f"web/{deep}": "kind: ConfigMap\n",
        "web/files/größe.txt": "ä" * 700,
        "web/templates/deployment.yaml": "kind: Deployment # changed\n",
    }
