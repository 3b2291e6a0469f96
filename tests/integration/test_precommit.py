"""The pre-commit hooks, run by the real pre-commit on real commits.

The hook repository is a snapshot of this working tree committed into a temporary git repository, so
the test sees uncommitted changes while iterating and behaves the same in a fresh CI clone, without
network access to GitHub. pre-commit builds the hook's virtualenv with pip once per test module
(PRE_COMMIT_HOME is temporary), which takes most of this module's time.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import ROOT
from tests.support.manifests import SHORT_TIMEOUT_DEPLOYMENT as BAD

GOOD = BAD.replace("timeoutSeconds: 1", "timeoutSeconds: 3")
FINDING = (
    "web.yaml:13:13: warning probe-timeout-too-low [*] readiness probe (httpGet): timeoutSeconds 1; set 2 or more "
    "(Deployment/web[web])\n"
)
# Users override the hooks' arguments the same way; selecting one rule keeps the test independent of
# rules added later. probelint-all needs its path again since `args` replaces the default `[.]`.
CONFIG = """\
repos:
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: probelint
        args: [--select, probe-timeout-too-low]
      - id: probelint-all
        args: [--select, probe-timeout-too-low, .]
"""
SNAPSHOT_IGNORE = shutil.ignore_patterns(
    ".git", "__pycache__", "*.pyc", ".venv", "venv", "build", "dist", "*.egg-info", ".*_cache", ".hypothesis"
)


def pre_commit_command() -> list[str] | None:
    beside = Path(sys.executable).parent / ("pre-commit.exe" if os.name == "nt" else "pre-commit")
    if beside.is_file():
        return [str(beside)]
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    found = shutil.which("pre-commit")
    return [found] if found else None


PRE_COMMIT = pre_commit_command()
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        PRE_COMMIT is None or shutil.which("git") is None, reason="pre-commit (or git) is not installed"
    ),
]


@dataclass
class Done:
    code: int
    output: str


@dataclass
class Env:
    variables: dict[str, str]

    def run(self, args: list[str], cwd: Path) -> Done:
        done = subprocess.run(
            args, cwd=cwd, env=self.variables, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600
        )
        return Done(done.returncode, done.stdout.decode("utf-8", "replace"))

    def git(self, *args: str, cwd: Path) -> Done:
        return self.run(["git", *args], cwd)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Env:
    home = tmp_path_factory.mktemp("pre-commit-home")
    variables = {
        key: value
        for key, value in os.environ.items()
        # A test run from inside a git hook must not write to the outer repository's index.
        if not key.startswith(("GIT_", "PRE_COMMIT")) and key != "SKIP"
    }
    variables.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="probelint tests",
        GIT_AUTHOR_EMAIL="tests@probelint.invalid",
        GIT_COMMITTER_NAME="probelint tests",
        GIT_COMMITTER_EMAIL="tests@probelint.invalid",
        GIT_CONFIG_NOSYSTEM="1",
    )
    return Env(variables)


@pytest.fixture(scope="module")
def hook_repo(env: Env, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This working tree, committed: pre-commit clones hook repositories at a `rev`."""
    repo = tmp_path_factory.mktemp("hook-repo") / "probelint"
    shutil.copytree(ROOT, repo, ignore=SNAPSHOT_IGNORE)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-verify", "-m", "snapshot"]):
        assert env.git(*args, cwd=repo).code == 0
    rev = env.git("rev-parse", "HEAD", cwd=repo).output.strip()
    return repo, rev


@pytest.fixture
def user_repo(env: Env, hook_repo: tuple[Path, str], tmp_path: Path) -> Path:
    """A repository that uses the hooks, with them installed as its git pre-commit hook."""
    repo = tmp_path / "user"
    repo.mkdir()
    assert env.git("init", "-q", cwd=repo).code == 0
    (repo / ".pre-commit-config.yaml").write_text(CONFIG.format(repo=hook_repo[0].as_posix(), rev=hook_repo[1]))
    (repo / "README.md").write_text("manifests\n")
    assert PRE_COMMIT is not None
    installed = env.run([*PRE_COMMIT, "install"], repo)
    assert installed.code == 0, installed.output
    return repo


def commit(env: Env, repo: Path, message: str) -> Done:
    assert env.git("add", "-A", cwd=repo).code == 0
    return env.git("commit", "-q", "-m", message, cwd=repo)


def hook_lines(output: str) -> dict[str, str]:
    """`{hook name: Passed|Failed|Skipped}` from pre-commit's status lines."""
    statuses = {}
    for line in output.splitlines():
        for status in ("Passed", "Failed", "(no files to check)Skipped"):
            if line.endswith(status) and "..." in line:
                statuses[line.split("...")[0]] = status.removeprefix("(no files to check)")
    return statuses


def test_commit_fails_on_a_bad_manifest_and_passes_once_fixed(env: Env, user_repo: Path) -> None:
    (user_repo / "k8s").mkdir()
    (user_repo / "k8s" / "web.yaml").write_text(BAD)
    failed = commit(env, user_repo, "add web")
    assert failed.code == 1, failed.output
    assert hook_lines(failed.output) == {"probelint": "Failed", "probelint (whole repository)": "Failed"}
    assert f"\nk8s/{FINDING}" in failed.output  # the staged file, as pre-commit names it
    assert f"\n./k8s/{FINDING}" in failed.output  # the whole repository, walked from `.`
    assert env.git("rev-parse", "--verify", "-q", "HEAD", cwd=user_repo).code != 0  # nothing was committed

    (user_repo / "k8s" / "web.yaml").write_text(GOOD)
    passed = commit(env, user_repo, "add web")
    assert passed.code == 0, passed.output
    assert hook_lines(passed.output) == {"probelint": "Passed", "probelint (whole repository)": "Passed"}
    assert env.git("rev-parse", "--verify", "-q", "HEAD", cwd=user_repo).code == 0


def test_whole_repository_hook_sees_manifests_outside_the_commit(env: Env, user_repo: Path) -> None:
    (user_repo / "k8s").mkdir()
    (user_repo / "k8s" / "web.yaml").write_text(BAD)
    assert env.git("add", "-A", cwd=user_repo).code == 0
    assert env.git("commit", "-q", "--no-verify", "-m", "bad manifest, unchecked", cwd=user_repo).code == 0

    (user_repo / "README.md").write_text("manifests, documented\n")
    done = commit(env, user_repo, "docs only")
    assert done.code == 1, done.output
    assert hook_lines(done.output) == {"probelint": "Skipped", "probelint (whole repository)": "Failed"}
    assert f"\n./k8s/{FINDING}" in done.output


def test_readme_snippet_is_a_valid_config_using_these_hooks(tmp_path: Path) -> None:
    from pre_commit.clientlib import load_config, load_manifest

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("<!-- section:pre-commit -->") : readme.index("<!-- /section:pre-commit -->")]
    snippet = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / ".pre-commit-config.yaml").write_text(snippet)
    config = load_config(str(tmp_path / ".pre-commit-config.yaml"))
    [repo] = config["repos"]
    assert repo["repo"] == "https://github.com/probelint/probelint"
    hook_ids = {hook["id"] for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert hook_ids == {"probelint", "probelint-all"}
    assert {hook["id"] for hook in repo["hooks"]} <= hook_ids
