"""Configuration found from each linted file: the nearest one above it wins, wherever the run starts."""

from __future__ import annotations

from pathlib import Path

from probelint.engine.linter import Linter
from probelint.engine.settings import Settings
from probelint.run.parallel import lint_reports
from tests.support import run_cli

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          livenessProbe:
            httpGet: {{path: /, port: 80}}
            timeoutSeconds: 30
            periodSeconds: 10
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    _write(repo / ".probelint.yaml", "rules:\n  readiness-probe-missing: off\n")
    _write(repo / "apps" / "web.yaml", DEPLOYMENT.format(name="web"))
    _write(repo / "legacy" / ".probelint.yaml", "rules:\n  probe-timeout-exceeds-period: off\n")
    _write(repo / "legacy" / "old.yaml", DEPLOYMENT.format(name="old"))
    return repo


def _rules(stdout: str) -> list[tuple[str, str]]:
    return [(line.split(":")[0], line.split()[2]) for line in stdout.splitlines()]


def test_configuration_is_found_from_the_files_not_the_working_folder(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = run_cli([str(repo / "apps")], cwd=elsewhere)
    assert [rule for _, rule in _rules(run.stdout)] == ["probe-timeout-exceeds-period"]


def test_nested_configuration_governs_its_subtree(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    run = run_cli(["apps", "legacy"], cwd=repo)
    assert _rules(run.stdout) == [
        ("apps/web.yaml", "probe-timeout-exceeds-period"),
        ("legacy/old.yaml", "readiness-probe-missing"),
    ]


def test_explicit_config_applies_to_every_file(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _write(tmp_path / "strict.yaml", "fail-on: info\n")
    run = run_cli(["--config", str(tmp_path / "strict.yaml"), "apps", "legacy"], cwd=repo)
    assert len(_rules(run.stdout)) == 4


def test_discovery_stops_at_the_repository_root(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _write(tmp_path / ".probelint.yaml", "rules:\n  probe-timeout-exceeds-period: off\n")
    (repo / ".probelint.yaml").unlink()
    run = run_cli(["apps"], cwd=repo)
    assert sorted(rule for _, rule in _rules(run.stdout)) == ["probe-timeout-exceeds-period", "readiness-probe-missing"]


def test_each_configuration_excludes_in_its_own_subtree(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _write(repo / "legacy" / ".probelint.yaml", "exclude: ['old.yaml']\n")
    run = run_cli(["."], cwd=repo)
    assert [file for file, _ in _rules(run.stdout)] == ["./apps/web.yaml"]


def test_a_bad_nested_configuration_is_an_error(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _write(repo / "legacy" / ".probelint.yaml", "fial-on: error\n")
    run = run_cli(["."], cwd=repo)
    assert run.code == 2
    assert "legacy/.probelint.yaml:1:1: unknown key 'fial-on'" in run.stderr


def test_scoped_settings_are_the_same_on_worker_processes(tmp_path: Path) -> None:
    files = []
    for index in range(20):
        folder = tmp_path / f"team{index % 2}"
        _write(folder / f"d{index:02}.yaml", DEPLOYMENT.format(name=f"d{index}"))
        files.append(str(folder / f"d{index:02}.yaml"))
    scopes = ((str(tmp_path / "team1"), Settings(ignore={"readiness-probe-missing"})),)
    linter = Linter(Settings(), scopes=scopes)

    def flat(jobs: int) -> list[tuple[str, str]]:
        return [(f.file, f.rule) for report in lint_reports(linter, files, jobs) for f in report.findings]

    serial = flat(1)
    assert serial == flat(2)
    assert {rule for file, rule in serial if "team1" in file} == {"probe-timeout-exceeds-period"}
    assert {rule for file, rule in serial if "team0" in file} == {
        "probe-timeout-exceeds-period",
        "readiness-probe-missing",
    }


def test_ignore_entries_with_paths_apply_to_those_files_only(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _write(repo / "apps" / "batch" / "job.yaml", DEPLOYMENT.format(name="job"))
    _write(
        repo / ".probelint.yaml",
        "ignore:\n  - rule: probe-timeout-exceeds-period\n    paths: ['apps/batch/*', 'legacy']\n"
        "  - paths: ['*.generated.yaml']\n",
    )
    _write(repo / "apps" / "x.generated.yaml", DEPLOYMENT.format(name="generated"))
    run = run_cli(["apps"], cwd=repo)
    assert _rules(run.stdout) == [
        ("apps/web.yaml", "readiness-probe-missing"),
        ("apps/web.yaml", "probe-timeout-exceeds-period"),
        ("apps/batch/job.yaml", "readiness-probe-missing"),
    ]
    suppressed = run_cli(["--show-suppressed", "apps"], cwd=repo)
    assert "paths: [apps/batch/*, legacy]" in suppressed.stdout


def _git(repo: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_gitignored_files_are_left_out_of_folders_unless_turned_off(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _write(repo / ".gitignore", "build/\n*.rendered.yaml\n")
    _write(repo / "k8s" / "sub" / ".gitignore", "!keep.rendered.yaml\n")
    for name in ("k8s/web.yaml", "build/out.yaml", "k8s/x.rendered.yaml", "k8s/sub/keep.rendered.yaml"):
        _write(repo / name, DEPLOYMENT.format(name="a"))
    run = run_cli(["--show-files", "."], cwd=repo)
    assert run.code == 0
    assert run.lines == ["./k8s/web.yaml", "./k8s/sub/keep.rendered.yaml"]
    named = run_cli(["--show-files", "build/out.yaml"], cwd=repo)
    assert named.lines == ["build/out.yaml"]  # a file named on the command line is linted
    _write(repo / ".probelint.yaml", "respect-gitignore: false\n")
    every = run_cli(["--show-files", "."], cwd=repo)
    assert len(every.lines) == 4


def test_show_files_applies_excludes(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _write(repo / ".probelint.yaml", "exclude: [legacy]\n")
    (repo / "legacy" / ".probelint.yaml").unlink()  # else that one, which excludes nothing, governs legacy/
    run = run_cli(["--show-files", "."], cwd=repo)
    assert (run.code, run.lines) == (0, ["./apps/web.yaml"])


def test_extends_layers_a_team_configuration_on_a_shared_one(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _write(
        repo / "base" / "probelint.yaml",
        "fail-on: error\nexclude: [generated]\nrules:\n  probe-timeout-exceeds-period: error\n"
        "  readiness-probe-missing: off\n",
    )
    _write(repo / ".probelint.yaml", "extends: base/probelint.yaml\nrules:\n  readiness-probe-missing: warning\n")
    _write(repo / "apps" / "generated" / "x.yaml", DEPLOYMENT.format(name="x"))
    run = run_cli(["apps"], cwd=repo)
    assert [line.split()[1:3] for line in run.lines] == [
        ["warning", "readiness-probe-missing"],
        ["error", "probe-timeout-exceeds-period"],
    ]
    assert run.code == 1  # fail-on: error, from the base
    assert all("generated" not in line for line in run.lines)  # the base's exclude, relative to the base


def test_extends_cycles_and_missing_files_are_errors(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _write(repo / "a.yaml", "extends: .probelint.yaml\n")
    _write(repo / ".probelint.yaml", "extends: a.yaml\n")
    run = run_cli(["apps"], cwd=repo)
    assert run.code == 2
    assert "extends: .probelint.yaml leads back to this file" in run.stderr
    _write(repo / ".probelint.yaml", "extends: nowhere.yaml\n")
    run = run_cli(["apps"], cwd=repo)
    assert run.code == 2
    assert ".probelint.yaml:1:1: extends: no such configuration file nowhere.yaml" in run.stderr
