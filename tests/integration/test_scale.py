"""Scale: --jobs gives exactly the serial output (cross-file analysis included), and big inputs stay bounded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from probelint.run.parallel import MIN_FILES_FOR_POOL
from tests.support import CORPUS, needs_corpus, run_process

pytestmark = pytest.mark.integration

SERVICE = """\
apiVersion: v1
kind: Service
metadata: {name: web-%(n)d}
spec:
  selector: {app: web-%(n)d}
  ports: [{port: 80}]
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-%(n)d}
spec:
  selector: {matchLabels: {app: web-%(n)d}}
  template:
    metadata: {labels: {app: web-%(n)d}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80}]
          livenessProbe:
            httpGet: {path: /, port: 80}
"""


def test_jobs_output_is_identical_to_serial_across_files(tmp_path: Path) -> None:
    """Services in one file escalate readiness findings in another, whichever process read them."""
    count = MIN_FILES_FOR_POOL * 2
    for n in range(count):
        (tmp_path / f"deploy-{n:02d}.yaml").write_text(DEPLOYMENT % {"n": n})
        (tmp_path / f"svc-{n:02d}.yaml").write_text(SERVICE % {"n": n})
    serial = run_process(["-j1", "--format", "json", str(tmp_path)])
    parallel = run_process(["-j2", "--format", "json", str(tmp_path)])
    assert serial.code == parallel.code == 1
    assert serial.stdout == parallel.stdout
    assert serial.stdout.count('"rule": "readiness-probe-missing"') == count
    assert serial.stdout.count('"severity": "error"') >= count  # escalated by a Service in another file


@needs_corpus()
def test_jobs_output_is_identical_on_the_corpus() -> None:
    serial = run_process(["-j1", str(CORPUS / "real")])
    parallel = run_process(["-j2", str(CORPUS / "real")])
    assert serial.stdout == parallel.stdout
    assert serial.stderr == parallel.stderr
    assert serial.code == parallel.code


@pytest.mark.slow
def test_a_file_of_100_megabytes(tmp_path: Path) -> None:
    """Streamed document by document: every one linted, nothing held whole."""
    document = ("---\n" + DEPLOYMENT % {"n": 1}).encode()
    copies = 100_000_000 // len(document) + 1
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        for _ in range(copies // 1000):
            handle.write(document * 1000)
        handle.write(document * (copies % 1000))
    assert path.stat().st_size >= 100_000_000
    run = run_process(
        ["-j1", "--max-file-size", "200M", "--select", "probe-timeout-too-low", "--format", "github", str(path)]
    )
    assert run.code == 1
    assert run.stdout.count("\n") == copies
    path.unlink()


def test_memory_does_not_grow_with_the_number_of_files(tmp_path: Path) -> None:
    """Peak memory over 400 files stays within a small margin of that over 20 (only findings accumulate)."""

    def peak_kb(folder: Path) -> int:
        code = (
            "import resource, runpy, sys; sys.argv = ['probelint', '-j1', sys.argv[1]];\n"
            "try:\n    runpy.run_module('probelint', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        )
        done = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=300)
        return int(done.stdout.strip().splitlines()[-1])

    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    large.mkdir()
    for n in range(20):
        (small / f"d{n}.yaml").write_text(("---\n" + DEPLOYMENT % {"n": n}) * 20)
    for n in range(400):
        (large / f"d{n}.yaml").write_text(("---\n" + DEPLOYMENT % {"n": n}) * 20)
    assert peak_kb(large) < peak_kb(small) * 1.5
