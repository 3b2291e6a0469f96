"""Only regular files are read: links to devices and FIFOs are skipped or refused, never read, and no
file is read past the size limit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from probelint.reading.files import NotLintable, parse_size, read_bytes
from tests.support import ROOT, Run, run_cli

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


def run_bounded(args: list[str], cwd: Path) -> Run:
    """A real process with a memory ceiling and a deadline, so reading a device fails fast, not the machine."""

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "probelint", "--no-color", *args],
        cwd=cwd,
        capture_output=True,
        timeout=60,
        preexec_fn=limit_memory,
        env=environment,
        stdin=subprocess.DEVNULL,
    )
    return Run(done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace"))


needs_posix = pytest.mark.skipif(os.name != "posix" or not os.path.exists("/dev/zero"), reason="needs /dev/zero")


@needs_posix
def test_a_link_to_a_device_in_a_folder_is_skipped_and_said(tmp_path: Path) -> None:
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "a.yaml").write_text(POD)
    (tmp_path / "k8s" / "x.yaml").symlink_to("/dev/zero")
    run = run_bounded(["--select", "probe-timeout-too-low", "k8s"], tmp_path)
    assert "k8s/x.yaml: a character device, not a regular file: skipped" in run.stderr
    assert "k8s/a.yaml:9:7:" in run.stdout
    assert run.code == 1
    assert "Traceback" not in run.stderr


@needs_posix
def test_a_named_link_to_a_device_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(POD)
    (tmp_path / "x.yaml").symlink_to("/dev/urandom")
    run = run_bounded(["x.yaml", "a.yaml"], tmp_path)
    assert run.code == 2
    assert "x.yaml: a character device, not a regular file: not linted" in run.stderr
    assert "a.yaml:" in run.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_never_opened_for_reading_in_a_way_that_waits(tmp_path: Path) -> None:
    (tmp_path / "k8s").mkdir()
    os.mkfifo(tmp_path / "k8s" / "pipe.yaml")
    (tmp_path / "named.yaml").symlink_to("k8s/pipe.yaml")
    walked = run_bounded(["k8s"], tmp_path)
    assert "k8s/pipe.yaml: a FIFO (named pipe), not a regular file: skipped" in walked.stderr
    assert walked.code == 0
    named = run_bounded(["named.yaml"], tmp_path)
    assert named.code == 2
    assert "named.yaml: a FIFO (named pipe), not a regular file: not linted" in named.stderr
    # A FIFO put where a file was after the folder was walked: opened without waiting, then refused.
    started = time.monotonic()
    with pytest.raises(NotLintable, match="FIFO"):
        read_bytes(str(tmp_path / "k8s" / "pipe.yaml"))
    assert time.monotonic() - started < 5


def test_a_file_over_the_size_limit_is_reported_not_read(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_text(POD + "#" * 2000 + "\n")
    (tmp_path / "a.yaml").write_text(POD)
    run = run_cli(["--max-file-size", "1K", "--select", "probe-timeout-too-low", "big.yaml", "a.yaml"], cwd=tmp_path)
    assert run.code == 2
    assert "big.yaml: larger than the 1K limit: not read (raise it with --max-file-size or max-file-size)" in run.stderr
    assert run.stdout.startswith("a.yaml:9:7:")
    assert run_cli(["--max-file-size", "4K", "big.yaml"], cwd=tmp_path).code == 1


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux's /proc")
def test_a_file_longer_than_its_size_says_is_read_whole_and_held_to_the_limit() -> None:
    """/proc files are regular files of size 0 with content: what is read past the size counts."""
    assert b"Name:" in read_bytes("/proc/self/status")
    with pytest.raises(NotLintable, match="larger than"):
        read_bytes("/proc/self/status", limit=10)


def test_the_size_limit_applies_to_fix_and_to_standard_input(tmp_path: Path) -> None:
    big = POD + "#" * 2000 + "\n"
    (tmp_path / "big.yaml").write_text(big)
    fixed = run_cli(["--fix", "--max-file-size", "1K", "big.yaml"], cwd=tmp_path)
    assert fixed.code == 2
    assert "big.yaml: larger than the 1K limit" in fixed.stderr
    assert (tmp_path / "big.yaml").read_text() == big
    piped = run_cli(["--max-file-size", "1K", "-"], cwd=tmp_path, stdin=big.encode())
    assert piped.code == 2
    assert "-: larger than the 1K limit" in piped.stderr


def test_the_size_limit_comes_from_the_configuration(tmp_path: Path) -> None:
    (tmp_path / ".probelint.yaml").write_text("max-file-size: 1K\n")
    (tmp_path / "big.yaml").write_text(POD + "#" * 2000 + "\n")
    run = run_cli(["big.yaml"], cwd=tmp_path)
    assert run.code == 2
    assert "big.yaml: larger than the 1K limit" in run.stderr
    assert run_cli(["--max-file-size", "1M", "big.yaml"], cwd=tmp_path).code == 1  # the command line wins


@pytest.mark.parametrize(
    ("text", "size"), [("1000", 1000), ("512K", 512 * 1024), ("64M", 64 * 1024**2), ("1GiB", 1024**3)]
)
def test_sizes_are_read_as_written(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("value", ["0", "-5", "lots", "1T"])
def test_a_bad_size_is_a_usage_error(tmp_path: Path, value: str) -> None:
    (tmp_path / "a.yaml").write_text(POD)
    run = run_cli([f"--max-file-size={value}", "a.yaml"], cwd=tmp_path)
    assert run.code == 2
    assert "--max-file-size" in run.stderr
