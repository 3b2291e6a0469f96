"""What the test modules share: paths, running the command line, and the corpus marker.

Test modules import from here (and the modules beside it), never from each other or from conftest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner

from probelint.cli import cli

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"

_Test = TypeVar("_Test", bound=Callable[..., object])

# Tests that read ../shared/corpus carry the `corpus` marker, and skip when it is not there.
CORPUS_MARKS = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "real").is_dir(), reason="../shared/corpus is not available"),
]


def needs_corpus() -> Callable[[_Test], _Test]:
    """Decorate a test that reads ../shared/corpus (a module uses `pytestmark = CORPUS_MARKS`)."""

    def apply(test: _Test) -> _Test:
        for mark in CORPUS_MARKS:
            test = mark(test)
        return test

    return apply


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


def write_and_lint(directory: Path, text: str | bytes, *args: str, name: str = "example.yaml") -> Run:
    """Write `text` as `name` in `directory` and lint it there."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    (directory / name).write_bytes(data)
    return run_cli([*args, name], cwd=directory)


def json_findings(run: Run) -> list[dict[str, Any]]:
    """The findings of a `--format json` run, in the order the text output lists them."""
    findings: list[dict[str, Any]] = json.loads(run.stdout)["findings"]
    return findings


def details(run: Run) -> list[str]:
    """Each finding's `detail` (why, in the kubelet's and API server's own words) in a `--format json` run."""
    return [finding["detail"] for finding in json_findings(run)]
