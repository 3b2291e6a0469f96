"""What a run costs and leaves behind: processes, temporary files, what an interrupted --fix did, and
a run that lints nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any, ClassVar

import pytest

import probelint.fix.command as command
from probelint.engine.linter import Linter
from probelint.engine.settings import Settings
from probelint.fix import writing
from tests.support import ROOT, run_cli

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx
      readinessProbe:
        httpGet: {path: /, port: 80}
"""
FIXED = POD + "        timeoutSeconds: 2\n"


class _SerialPool(Executor):
    """A stand-in for ProcessPoolExecutor that records how many workers were asked for."""

    asked: ClassVar[list[int]] = []

    def __init__(self, max_workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
        _SerialPool.asked.append(max_workers)
        initializer(*initargs)

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any], **_: Any) -> Iterator[Any]:
        return map(fn, *iterables)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        done: Future[Any] = Future()
        done.set_result(fn(*args, **kwargs))
        return done


@pytest.mark.parametrize("mode", [[], ["--fix"]])
def test_no_more_processes_than_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: list[str]) -> None:
    for index in range(20):
        (tmp_path / f"{index:02}.yaml").write_text(POD)
    _SerialPool.asked.clear()
    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", _SerialPool)
    monkeypatch.setattr(command, "ProcessPoolExecutor", _SerialPool)
    run = run_cli([*mode, "-j", "64", "--select", "probe-timeout-too-low", "."], cwd=tmp_path)
    assert run.code in (0, 1), run.stderr
    assert max(_SerialPool.asked, default=0) == 20


def test_a_run_that_lints_nothing_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not yaml\n")
    run = run_cli(["."], cwd=tmp_path)
    assert run.code == 0
    assert "probelint: no file was linted: no .yaml or .yml file in the paths given" in run.stderr
    strict = run_cli(["--fail-if-no-files", "."], cwd=tmp_path)
    assert strict.code == 2


def test_every_file_excluded_is_named_as_the_reason(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(POD)
    (tmp_path / ".probelint.yaml").write_text("exclude: [a.yaml]\n")
    run = run_cli(["--fail-if-no-files", "a.yaml"], cwd=tmp_path)
    assert run.code == 2
    assert "no file was linted: every file found is excluded by the configuration" in run.stderr


def test_files_linted_are_not_warned_about(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(POD)
    assert "no file was linted" not in run_cli(["--fail-if-no-files", "a.yaml"], cwd=tmp_path).stderr


def test_an_interrupted_fix_names_the_files_it_rewrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    paths = []
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (tmp_path / name).write_text(POD)
        paths.append(str(tmp_path / name))
    real = writing.write_in_place
    calls = []

    def interrupted_on_the_third(path: str, digest: bytes, data: bytes) -> str | None:
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(path, digest, data)

    monkeypatch.setattr(writing, "write_in_place", interrupted_on_the_third)
    linter = Linter(Settings(select={"probe-timeout-too-low"}))
    with pytest.raises(KeyboardInterrupt):
        command.cli_fix(linter, paths, fix_rendered=False)
    stderr = capsys.readouterr().err
    assert f"probelint: interrupted; 2 files rewritten (each whole): {paths[0]}, {paths[1]}" in stderr
    assert [Path(path).read_text() for path in paths] == [FIXED, FIXED, POD]


@pytest.mark.skipif(os.name != "posix", reason="needs SIGINT")
def test_ctrl_c_during_fix_leaves_every_file_whole_and_says_which_changed(tmp_path: Path) -> None:
    names = [f"{index:03}.yaml" for index in range(300)]
    for name in names:
        (tmp_path / name).write_text(POD)
    process = subprocess.Popen(
        [sys.executable, "-m", "probelint", "--fix", "-j1", "--select", "probe-timeout-too-low", "."],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not any((tmp_path / name).read_text() == FIXED for name in names) and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    contents = {name: (tmp_path / name).read_text() for name in names}
    assert set(contents.values()) <= {POD, FIXED}  # each file whole: fixed or untouched
    changed = [name for name in names if contents[name] == FIXED]
    assert changed
    if process.returncode == 130:
        message = err.decode()
        assert f"interrupted; {len(changed)} file" in message
        assert f"./{changed[-1]}" in message
    assert [name for name in os.listdir(tmp_path) if name.startswith(".")] == []


def test_a_killed_runs_temporary_report_is_removed_by_the_next(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(POD)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftover = tmp_path / f".report.sarif.{dead.stdout.strip()}.x1y2.probelint-tmp"
    leftover.write_text("half a report")
    mine = tmp_path / f".report.sarif.{os.getpid()}.x1y2.probelint-tmp"  # a run still going: kept
    mine.write_text("being written")
    run = run_cli(["--format", "sarif", "-o", "report.sarif", "a.yaml"], cwd=tmp_path)
    assert run.code == 1, run.stderr
    assert not leftover.exists()
    assert mine.exists()
