"""Property-based fuzzing: generated manifests and mutated corpus files never break probelint.

Invariants: no uncaught exception and no internal-error finding; every finding's line and column
exist in the file; a finding whose path ends in a key points at that key. CI (.ci/run) tries 15,000
examples per property, a local run a few hundred (tests/support/fuzzing.py); run longer with
PROBELINT_FUZZ_EXAMPLES=100000 python -m pytest -m '' tests/fuzz.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from probelint.engine.linter import Linter
from probelint.engine.settings import Settings
from probelint.findings import Finding
from probelint.reading.decode import decode
from probelint.reading.loader import load_bytes
from tests.support import CORPUS, needs_corpus, run_cli
from tests.support.fuzzing import EXAMPLES, scaled

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=os.environ.get("PROBELINT_FUZZ_RANDOM") is None,
)
LINTER = Linter(Settings())
_LAST_KEY_RE = re.compile(r"(?:^|\.)([^.\[\]]+)$")
_YAML_LINE_BREAK_RE = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")  # libyaml's line breaks


def lint_bytes(data: bytes) -> list[Finding]:
    return LINTER.lint_loaded(load_bytes("fuzz.yaml", data))


def check_invariants(data: bytes, found: list[Finding]) -> None:
    text, _ = decode(data)
    if text is None:  # reported as unreadable: positions count lines of the raw bytes
        text = data.decode("utf-8", "replace")
    lines = _YAML_LINE_BREAK_RE.split(text) or [""]
    for finding in found:
        assert finding.rule != "internal-error", finding.message
        assert 1 <= finding.line <= max(len(lines), 1) + 1, finding
        if finding.line > len(lines) or finding.rule == "yaml-syntax":
            continue
        line = lines[finding.line - 1]
        assert 1 <= finding.column <= len(line) + 1, finding
        match = _LAST_KEY_RE.search(finding.path)
        if match is None:
            continue
        key = match.group(1)
        at = line[finding.column - 1 :]
        assert at.startswith((key, f'"{key}"', f"'{key}'")), (finding, line)


# --- generated manifests -------------------------------------------------------------------------

scalars = st.one_of(
    st.integers(min_value=-5, max_value=100),
    st.sampled_from(["1", "yes", "true", "null", "~", "/health", "http", "8080", "5s", "", "HTTP", "https"]),
    st.booleans(),
    st.none(),
)
handlers = st.sampled_from(
    [
        "httpGet: {path: /health, port: 8080}",
        "httpGet: {path: /health, port: http, scheme: HTTPS}",
        "tcpSocket: {port: 8080}",
        "grpc: {port: 9090}",
        'exec: {command: ["sh", "-c", "curl -m 5 localhost"]}',
        'exec: {command: ["/bin/grpc_health_probe", "-addr=:50051", "-rpc-timeout=3s"]}',
        "exec: {command: []}",
        "{}",
    ]
)
probe_fields = st.sampled_from(
    ["timeoutSeconds", "periodSeconds", "failureThreshold", "successThreshold", "initialDelaySeconds"]
)


def _yaml_scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '""' if value == "" else value
    return str(value)


@st.composite
def probes(draw: st.DrawFn) -> str:
    handler = draw(handlers)
    fields = draw(st.dictionaries(probe_fields, scalars, max_size=4))
    lines = [f"            {handler}"] if handler != "{}" else []
    lines += [f"            {key}: {_yaml_scalar(value)}" for key, value in fields.items()]
    return "\n".join(lines) or "            {}"


@st.composite
def manifests(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["Deployment", "DaemonSet", "StatefulSet", "Job", "Pod", "CronJob", "Rollout"]))
    body = ["      containers:", "        - name: app", "          image: nginx:1.27"]
    if draw(st.booleans()):
        body += ["          ports:", "            - name: http", "              containerPort: 8080"]
    for probe in draw(st.lists(st.sampled_from(["livenessProbe", "readinessProbe", "startupProbe"]), unique=True)):
        body += [f"          {probe}:", draw(probes())]
    if draw(st.booleans()):
        grace = _yaml_scalar(draw(scalars))
        seconds = draw(st.integers(min_value=0, max_value=120))
        body = [f"      terminationGracePeriodSeconds: {grace}", *body]
        body += ["          lifecycle:", f'            preStop: {{exec: {{command: ["sleep", "{seconds}"]}}}}']
    spec = "\n".join(body) + "\n"
    if kind == "Pod":
        spec = spec.replace("\n    ", "\n")  # Pod: spec is the pod spec
        return f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{spec[4:]}"
    head = f"apiVersion: apps/v1\nkind: {kind}\nmetadata:\n  name: w\nspec:\n"
    if kind == "CronJob":
        indented = "\n".join("      " + line if line else line for line in spec.splitlines())
        return head + "  jobTemplate:\n    spec:\n      template:\n        spec:\n" + indented[4:].lstrip(" ") + "\n"
    return head + "  template:\n    spec:\n" + "\n".join(line[2:] for line in spec.splitlines()) + "\n"


@FUZZ
@given(manifests())
def test_generated_manifests_keep_the_invariants(text: str) -> None:
    data = text.encode()
    check_invariants(data, lint_bytes(data))


# --- mutated corpus files ----------------------------------------------------------------------


@functools.cache
def _corpus_files() -> list[Path]:
    root = CORPUS / "real"
    files = sorted(path for path in root.rglob("*") if path.suffix in (".yaml", ".yml") and path.is_file())
    # A spread sample keeps each example fast; hypothesis still picks among all of them.
    return [path for path in files if path.stat().st_size < 64_000]


# Listed when hypothesis first draws a file, not at collection time.
corpus_files = st.deferred(lambda: st.sampled_from(_corpus_files()))


def _flip(data: bytes, position: int, value: int) -> bytes:
    if not data:
        return data
    position %= len(data)
    return data[:position] + bytes([value]) + data[position + 1 :]


def _truncate(data: bytes, position: int, _: int) -> bytes:
    return data[: position % (len(data) + 1)]


def _indent(data: bytes, position: int, value: int) -> bytes:
    lines = data.split(b"\n")
    index = position % len(lines)
    lines[index] = (b" " * (value % 5)) + lines[index].lstrip(b" ") if value % 2 else lines[index][value % 4 :]
    return b"\n".join(lines)


_SWAPS = [(b": 1\n", b': "1"\n'), (b'"', b""), (b": true", b": yes"), (b"Seconds: ", b"Seconds: x"), (b"- ", b"")]


def _swap(data: bytes, position: int, value: int) -> bytes:
    old, new = _SWAPS[value % len(_SWAPS)]
    index = data.find(old, position % (len(data) + 1))
    if index < 0:
        index = data.find(old)
    return data if index < 0 else data[:index] + new + data[index + len(old) :]


MUTATIONS = [_flip, _truncate, _indent, _swap]


@needs_corpus()
@FUZZ
@given(
    corpus_files,
    st.lists(
        st.tuples(st.sampled_from(MUTATIONS), st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=3
    ),
)
def test_mutated_corpus_files_keep_the_invariants(path: Path, mutations) -> None:
    data = path.read_bytes()
    for mutate, position, value in mutations:
        data = mutate(data, position, value)
    check_invariants(data, lint_bytes(data))


@needs_corpus()
@settings(max_examples=scaled(1500), deadline=None, derandomize=True)
@given(corpus_files, st.integers(min_value=0))
def test_mutated_files_through_the_command_line_exit_0_1_or_2(tmp_path_factory, path: Path, cut: int) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    data = path.read_bytes()
    (folder / "m.yaml").write_bytes(data[: cut % (len(data) + 1)])
    run = run_cli(["m.yaml"], cwd=folder)
    assert run.code in (0, 1, 2)
    assert "internal-error" not in run.stdout
