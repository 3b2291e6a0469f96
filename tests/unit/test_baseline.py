"""Adopting probelint on a repository with findings: --exit-zero, --fail-on never, and baselines."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import run_cli

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          livenessProbe:
            httpGet: {path: /, port: 80}
            timeoutSeconds: 30
            periodSeconds: 10
"""


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "web.yaml").write_text(DEPLOYMENT, encoding="utf-8")
    (tmp_path / "deploy" / "api.yaml").write_text(DEPLOYMENT.replace("name: web", "name: api"), encoding="utf-8")
    return tmp_path


def test_exit_zero_and_fail_on_never_report_but_exit_0(tmp_path: Path) -> None:
    _tree(tmp_path)
    plain = run_cli(["deploy"], cwd=tmp_path)
    assert plain.code == 1
    for option in (["--exit-zero"], ["--fail-on", "never"]):
        run = run_cli([*option, "deploy"], cwd=tmp_path)
        assert run.code == 0
        assert run.stdout == plain.stdout


def test_exit_zero_still_exits_2_on_errors(tmp_path: Path) -> None:
    run = run_cli(["--exit-zero", "missing.yaml"], cwd=tmp_path)
    assert run.code == 2


def test_fail_on_never_in_the_configuration(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / ".probelint.yaml").write_text("fail-on: never\n", encoding="utf-8")
    assert run_cli(["deploy"], cwd=tmp_path).code == 0


def test_baseline_file_is_sorted_pretty_json_with_relative_paths(tmp_path: Path) -> None:
    _tree(tmp_path)
    run = run_cli(["--write-baseline", "ci/baseline.json", "deploy"], cwd=tmp_path)
    assert run.code == 0
    assert "recorded 4 findings" in run.stderr
    text = (tmp_path / "ci" / "baseline.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["probelint-baseline"] == 1
    entries = data["findings"]
    assert [entry["file"] for entry in entries] == ["../deploy/api.yaml"] * 2 + ["../deploy/web.yaml"] * 2
    timeout = next(entry for entry in entries if entry["rule"] == "probe-timeout-exceeds-period")
    assert timeout["path"] == "spec.template.spec.containers[0].livenessProbe.timeoutSeconds"
    assert timeout["value"] == "30"
    assert text == json.dumps(data, indent=2, sort_keys=True) + "\n"
    assert '"line"' not in text


def test_moved_lines_stay_baselined_and_a_changed_value_reappears(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert run_cli(["--write-baseline", "baseline.json", "deploy"], cwd=tmp_path).code == 0
    web = tmp_path / "deploy" / "web.yaml"
    web.write_text("# a comment\n\n---\n" + DEPLOYMENT.replace("  name: web\n", "  name: web\n  labels: {a: b}\n"))
    run = run_cli(["--baseline", "baseline.json", "deploy"], cwd=tmp_path)
    assert (run.code, run.stdout) == (0, "")
    assert "4 more in the baseline" in run.stderr
    web.write_text(DEPLOYMENT.replace("timeoutSeconds: 30", "timeoutSeconds: 40"), encoding="utf-8")
    run = run_cli(["--baseline", "baseline.json", "deploy"], cwd=tmp_path)
    assert run.code == 1
    assert len(run.lines) == 1
    assert "deploy/web.yaml:13:13:" in run.stdout
    assert "timeoutSeconds 40" in run.stdout
    assert "1 of its entries matches nothing now" in run.stderr


def test_baseline_from_the_configuration_relative_to_it(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert run_cli(["--write-baseline", "ci/probelint-baseline.json", "deploy"], cwd=tmp_path).code == 0
    (tmp_path / ".probelint.yaml").write_text("baseline: ci/probelint-baseline.json\n", encoding="utf-8")
    run = run_cli(["deploy"], cwd=tmp_path)
    assert (run.code, run.stdout) == (0, "")
    run = run_cli(["web.yaml"], cwd=tmp_path / "deploy")
    assert (run.code, run.stdout) == (0, "")


def test_duplicate_findings_are_counted(tmp_path: Path) -> None:
    _tree(tmp_path)
    web = tmp_path / "deploy" / "web.yaml"
    assert run_cli(["--write-baseline", "b.json", "deploy/web.yaml"], cwd=tmp_path).code == 0
    web.write_text(DEPLOYMENT + "---\n" + DEPLOYMENT, encoding="utf-8")
    run = run_cli(["--baseline", "b.json", "deploy/web.yaml"], cwd=tmp_path)
    assert run.code == 1
    assert len(run.lines) == 2  # the second copy's findings are new


def test_unreadable_baseline_is_an_error(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "b.json").write_text("[]", encoding="utf-8")
    run = run_cli(["--baseline", "b.json", "deploy"], cwd=tmp_path)
    assert run.code == 2
    assert "not a probelint baseline" in run.stderr
    run = run_cli(["--baseline", "none.json", "deploy"], cwd=tmp_path)
    assert run.code == 2
    assert "cannot read the baseline" in run.stderr
