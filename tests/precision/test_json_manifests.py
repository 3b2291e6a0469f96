"""`.json` files of Kubernetes objects are linted when a folder is walked; other JSON is skipped quietly
(issue 11, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import run_cli

KUBECTL_LIST = """{
    "apiVersion": "v1",
    "items": [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {
                "template": {
                    "spec": {
                        "containers": [
                            {
                                "name": "web",
                                "image": "nginx:1.27",
                                "livenessProbe": {"httpGet": {"path": "/", "port": 80}, "timeoutSeconds": 2},
                                "readinessProbe": {"httpGet": {"path": "/", "port": 80}, "timeoutSeconds": 1}
                            }
                        ]
                    }
                }
            }
        }
    ],
    "kind": "List",
    "metadata": {"resourceVersion": ""}
}
"""


def test_a_kubectl_json_list_in_a_folder_is_linted(tmp_path: Path) -> None:
    (tmp_path / "dump").mkdir()
    (tmp_path / "dump" / "all.json").write_text(KUBECTL_LIST, encoding="utf-8")
    (tmp_path / "dump" / "package.json").write_text('{"name": "web", "version": "1.0.0"}\n', encoding="utf-8")
    (tmp_path / "dump" / "tsconfig.json").write_text('{"compilerOptions": {"strict": true}}\n', encoding="utf-8")
    (tmp_path / "dump" / "broken.json").write_text("{ not json", encoding="utf-8")
    result = run_cli(["--format", "json", "dump"], cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["file"], f["line"], f["column"], f["rule"]) for f in findings] == [
        ("dump/all.json", 15, 33, "liveness-same-as-readiness"),
        ("dump/all.json", 16, 90, "probe-timeout-too-low"),
    ]
    assert result.stderr.startswith("0 errors, 2 warnings in 1 file")  # the other JSON files are not read
