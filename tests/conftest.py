from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from probelint.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def run_cli(args: list[str], cwd: Path | None = None, stdin: bytes | None = None) -> Run:
    """Run the command line in-process (fast); paths are relative to `cwd`."""
    runner = CliRunner()
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = runner.invoke(cli, ["--no-color", *args], input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)
    return Run(result.exit_code, result.stdout, result.stderr)


def run_process(args: list[str], cwd: Path | None = None, stdin: bytes | None = None) -> Run:
    """Run `python -m probelint` as a real process, for exit codes, pipes and signals."""
    done = subprocess.run(
        [sys.executable, "-m", "probelint", *args], cwd=cwd, input=stdin, capture_output=True, timeout=300
    )
    return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


@pytest.fixture
def lint(tmp_path: Path):
    """Write `text` as `name` in a temporary folder and lint it there."""

    def _lint(text: str | bytes, *args: str, name: str = "example.yaml") -> Run:
        data = text.encode("utf-8") if isinstance(text, str) else text
        (tmp_path / name).write_bytes(data)
        return run_cli([*args, name], cwd=tmp_path)

    return _lint


def needs_corpus() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not (CORPUS / "real").is_dir(), reason="../shared/corpus is not available")
