"""Anything a repository can contain gets a clear message with a position, never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import probelint.reading.files
from tests.support import run_cli, run_process

WORKLOAD = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx
          readinessProbe:
            httpGet: {path: /, port: 80}
"""
# The one finding WORKLOAD gives under --select probe-timeout-too-low: at `readinessProbe:`.
WORKLOAD_FINDING = ("probe-timeout-too-low", 11, 11)


def findings(run_lines: list[str]) -> list[tuple[str, int, int]]:
    result = []
    for line in run_lines:
        location, rest = line.split(": ", 1)
        _, row, column = location.rsplit(":", 2)
        result.append((rest.split()[1], int(row), int(column)))
    return result


def only_timeout(lint, data: str | bytes, name: str = "example.yaml"):
    return lint(data, "--select", "yaml-syntax,probe-timeout-too-low", name=name)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("kind: Pod\nspec:\n\tcontainers: []\n", 3, 1, "tab"),
        ('kind: Pod\nmetadata:\n  name: "unclosed\n', 4, 1, "quoted scalar"),
        ("kind: Pod\nmetadata:\n  name: a\n   labels: {}\n", 4, 10, "mapping values are not allowed"),
        ("kind: Pod\nspec: [a, b\n", 3, 1, "flow sequence"),
    ],
)
def test_invalid_yaml_is_one_finding_at_the_parser_position(lint, text, line, column, words) -> None:
    run = only_timeout(lint, text)
    assert findings(run.lines) == [("yaml-syntax", line, column)]
    assert words in run.stdout
    assert run.code == 1
    assert "Traceback" not in run.stderr


def test_a_broken_document_does_not_hide_its_neighbours(lint) -> None:
    text = WORKLOAD + "---\nkind: [broken\n---\n" + WORKLOAD
    run = only_timeout(lint, text)
    offset = WORKLOAD.count("\n") + 3
    assert findings(run.lines) == [
        WORKLOAD_FINDING,
        ("yaml-syntax", 15, 1),
        (WORKLOAD_FINDING[0], WORKLOAD_FINDING[1] + offset, WORKLOAD_FINDING[2]),
    ]


def test_unrendered_helm_template_says_how_to_render(lint) -> None:
    text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n{{ include "x" . }}\n'
    run = only_timeout(lint, text)
    assert findings(run.lines) == [("yaml-syntax", 4, 9)]
    assert "unrendered Helm template" in run.stdout
    assert "helm template" in run.stdout


def test_latin1_text_points_at_the_bad_byte(lint) -> None:
    run = only_timeout(lint, "kind: Pod\nmetadata:\n  name: caf\xe9\n".encode("latin-1"))
    assert findings(run.lines) == [("yaml-syntax", 3, 12)]
    assert "not UTF-8" in run.stdout


def test_utf16_with_bom_is_read(lint) -> None:
    run = only_timeout(lint, WORKLOAD.encode("utf-16"))
    assert findings(run.lines) == [WORKLOAD_FINDING]


def test_binary_file_is_reported_not_parsed(lint) -> None:
    run = only_timeout(lint, b"\x7fELF\x02\x01\x01\x00\x00\x00")
    assert findings(run.lines) == [("yaml-syntax", 1, 8)]
    assert "binary" in run.stdout


@pytest.mark.parametrize("text", ["", "\n\n", "---\n---\n", "# only a comment\n", "---\n...\n"])
def test_empty_files_and_documents_are_fine(lint, text) -> None:
    run = only_timeout(lint, text)
    assert run.lines == []
    assert run.code == 0


@pytest.mark.parametrize(
    "text",
    [
        "just a string\n",
        "- a\n- b\n",
        "kind: [1, 2]\nspec: {}\n",
        "apiVersion: v1\nmetadata: {name: x}\n",
        "kind: 7\n",
        "kind: Deployment\nspec:\n  template:\n    spec:\n      containers: 5\n",
        "kind: Deployment\nspec:\n  template:\n    spec:\n      containers: [1, [2], null]\n",
        "kind: Pod\nspec:\n  containers:\n  - name: c\n    livenessProbe: 7\n    readinessProbe: [1]\n",
        "kind: Pod\nspec: [1]\n",
        "kind: Pod\nspec:\n  containers:\n  - name: 5\n    image: 7\n    env: {a: b}\n    ports: 8\n",
        "kind: Pod\nspec:\n  containers:\n  - livenessProbe:\n      exec: {command: [1, 2.5, null, {a: b}]}\n",
        "kind: Pod\nspec:\n  terminationGracePeriodSeconds: thirty\n  containers:\n"
        "  - name: c\n    lifecycle: {preStop: {exec: {command: sleep 40}}}\n",
        "kind: List\nitems: 5\n",
        "kind: List\nitems: [1, 'a', {kind: Pod}]\n",
    ],
)
def test_unexpected_shapes_never_crash(lint, text) -> None:
    run = lint(text)
    assert run.code in (0, 1)
    assert "internal-error" not in run.stdout


def test_huge_integers_are_values_like_any_other(lint) -> None:
    text = WORKLOAD.replace(
        "httpGet: {path: /, port: 80}", "httpGet: {path: /, port: 80}\n            timeoutSeconds: " + "9" * 4000
    )
    run = lint(text)
    assert "internal-error" not in run.stdout
    assert run.code in (0, 1)


def test_deep_nesting_is_a_finding(lint) -> None:
    run = only_timeout(lint, "a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert findings(run.lines) == [("yaml-syntax", 1, 1003)]
    assert "nesting" in run.stdout


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    body = "".join(f"    {line}\n" for line in lines)
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bomb\n  annotations:\n"
        + body
        + "spec:\n  template:\n    spec:\n      containers:\n"
        + "        - name: c\n          image: x\n          env: *a9\n"
    )


def test_billion_laughs_is_refused_with_a_finding(lint) -> None:
    run = lint(_billion_laughs())
    assert findings(run.lines) == [("yaml-syntax", 1, 1)]
    assert "excessive aliasing" in run.stdout


def test_recursive_anchor_is_refused_with_a_finding(lint) -> None:
    run = lint("kind: Pod\nspec: &s\n  containers: [*s]\n")
    assert findings(run.lines) == [("yaml-syntax", 1, 1)]
    assert "contains itself" in run.stdout


def test_modest_anchors_are_linted_normally(lint) -> None:
    text = WORKLOAD.replace("readinessProbe:\n", "readinessProbe: &probe\n") + "          livenessProbe: *probe\n"
    run = only_timeout(lint, text)
    assert findings(run.lines) == [WORKLOAD_FINDING, ("probe-timeout-too-low", 13, 11)]


def test_a_large_file_is_linted(tmp_path: Path) -> None:
    """Thousands of documents (several MB) in one file: every one is linted."""
    path = tmp_path / "big.yaml"
    with path.open("w") as handle:
        for _ in range(3000):
            handle.write("---\n" + WORKLOAD)
    run = run_cli(["--select", "probe-timeout-too-low", str(path)])
    assert len(run.lines) == 3000


def test_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.mkdir()
    (loop / "self").symlink_to(loop, target_is_directory=True)
    (loop / "ok.yaml").write_text(WORKLOAD)
    run = run_cli(["--select", "probe-timeout-too-low", str(tmp_path)])
    assert len(run.lines) == 1
    assert run.code == 1


def test_dangling_symlink_is_an_io_error_and_the_rest_is_linted(tmp_path: Path) -> None:
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "ok.yaml").write_text(WORKLOAD)
    run = run_cli(["--select", "probe-timeout-too-low", str(tmp_path)])
    assert len(run.lines) == 1
    assert "dangling.yaml" in run.stderr
    assert run.code == 2


def test_unreadable_file_is_an_io_error_and_the_rest_is_linted(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.yaml").write_text(WORKLOAD)
    (tmp_path / "secret.yaml").write_text(WORKLOAD)
    real = probelint.reading.files.read_bytes

    def refusing(path: str, *limit: int) -> bytes:
        if path.endswith("secret.yaml"):
            raise PermissionError(13, "Permission denied", path)
        return real(path, *limit)

    monkeypatch.setattr(probelint.reading.files, "read_bytes", refusing)
    monkeypatch.setattr("probelint.engine.linter.read_bytes", refusing)
    run = run_cli(["-j1", "--select", "probe-timeout-too-low", str(tmp_path)])
    assert len(run.lines) == 1
    assert "secret.yaml: permission denied" in run.stderr
    assert run.code == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(WORKLOAD)
    path.chmod(0)
    run = run_cli([str(path)])
    assert "permission denied" in run.stderr
    assert run.code == 2


def test_a_file_that_vanishes_mid_run(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.yaml").write_text(WORKLOAD)
    (tmp_path / "b.yaml").write_text(WORKLOAD)
    real = probelint.reading.files.read_bytes

    def vanishing(path: str, *limit: int) -> bytes:
        if path.endswith("a.yaml"):
            os.unlink(tmp_path / "b.yaml")
        return real(path, *limit)

    monkeypatch.setattr("probelint.engine.linter.read_bytes", vanishing)
    run = run_cli(["-j1", "--select", "probe-timeout-too-low", str(tmp_path)])
    assert len(run.lines) == 1
    assert "b.yaml: no such file or directory" in run.stderr
    assert run.code == 2


def test_empty_standard_input() -> None:
    run = run_process(["-"], stdin=b"")
    assert run.code == 0
    assert run.stdout == ""
    assert "Traceback" not in run.stderr


def test_closed_standard_input() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "probelint", "-"], stdin=subprocess.DEVNULL, capture_output=True, timeout=60
    )
    assert done.returncode == 0
    closed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, runpy, sys; os.close(0); sys.argv = ['probelint', '-']; "
            "runpy.run_module('probelint', run_name='__main__')",
        ],
        capture_output=True,
        timeout=60,
    )
    assert closed.returncode == 2, closed.stderr
    assert b"-: standard input is closed" in closed.stderr
    assert b"Traceback" not in closed.stderr


def test_output_piped_into_head_gives_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(("---\n" + WORKLOAD) * 2000)
    pipeline = subprocess.run(
        f"'{sys.executable}' -m probelint '{path}' | head -n 1",
        shell=True,
        capture_output=True,
        timeout=120,
    )
    assert pipeline.stdout.count(b"\n") == 1
    assert b"Traceback" not in pipeline.stderr
    assert b"BrokenPipe" not in pipeline.stderr


def test_ctrl_c_exits_130_without_traceback(tmp_path: Path) -> None:
    for index in range(400):
        (tmp_path / f"f{index}.yaml").write_text(("---\n" + WORKLOAD) * 50)
    process = subprocess.Popen(
        [sys.executable, "-m", "probelint", "-j1", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"Traceback" not in stderr


def test_documents_are_streamed_one_at_a_time() -> None:
    """A huge stream is never held whole: once the next document is read, the previous one is freed."""
    import gc
    import weakref

    from probelint.reading.loader import decode_file, iter_documents

    loaded = decode_file("big.yaml", (("---\n" + WORKLOAD) * 3).encode())
    documents = iter_documents(loaded)
    gc.disable()
    try:
        first = weakref.ref(next(documents).root)
        second = next(documents)
        assert first() is None
        assert second.root is not None
    finally:
        gc.enable()


def test_a_broken_document_in_a_long_stream_keeps_positions_after_it(lint) -> None:
    text = ("---\n" + WORKLOAD) * 50 + "---\nkind: [broken\n" + ("---\n" + WORKLOAD) * 50
    run = only_timeout(lint, text)
    per_document = WORKLOAD.count("\n") + 1
    broken_line = 50 * per_document + 2
    expected = [
        (WORKLOAD_FINDING[0], WORKLOAD_FINDING[1] + 1 + i * per_document, WORKLOAD_FINDING[2]) for i in range(50)
    ]
    expected.append(("yaml-syntax", broken_line + 1, 1))
    start = broken_line + 1
    expected += [
        (WORKLOAD_FINDING[0], start + WORKLOAD_FINDING[1] + i * per_document, WORKLOAD_FINDING[2]) for i in range(50)
    ]
    assert findings(run.lines) == expected
