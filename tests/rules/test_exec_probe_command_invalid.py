"""exec-probe-command-invalid through the command line: rule id, line, column and message."""

from __future__ import annotations

import pytest

from tests.support import details
from tests.support.handlers import EXEC, found, pod

COMMANDS = """\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: x
      readinessProbe:
        exec:
          command:
            - cat /tmp/healthy
      livenessProbe:
        exec: {command: [cat, /tmp/healthy, "&&", echo, ok]}
      startupProbe:
        exec: {command: [curl, -f, "http://localhost:$PORT/health"]}
      lifecycle:
        preStop:
          exec: {command: ["sh -c", "nginx -s quit"]}
        postStart:
          exec: {command: [sh, -c]}
    - name: b
      image: x
      readinessProbe:
        exec: {command: [sh, -c, pg_isready, -U, app]}
      livenessProbe:
        exec: {command: [ls, "/run/*.pid"]}
      startupProbe:
        exec: {command: [cat, "~/ready"]}
      lifecycle:
        preStop:
          exec: {command: ["", x]}
        postStart:
          exec: {command: [redis-cli, ping, ">/dev/null"]}
"""


def test_exec_command_invalid_errors_and_warnings(lint) -> None:
    result = lint(COMMANDS, "--select", EXEC)
    assert found(result) == [
        (12, 15, "error", EXEC),
        (14, 45, "warning", EXEC),
        (16, 36, "warning", EXEC),
        (19, 28, "error", EXEC),
        (21, 32, "error", EXEC),
        (25, 34, "warning", EXEC),
        (27, 30, "warning", EXEC),
        (29, 31, "warning", EXEC),
        (32, 28, "error", EXEC),
        (34, 45, "warning", EXEC),
    ]
    lines = result.lines
    assert 'executable literally named "cat /tmp/healthy"; write one item per argument (' in lines[0]
    assert 'passes "&&" to cat literally (no shell); run it through sh -c' in lines[1]
    assert 'passes "http://localhost:$PORT/health" to curl literally (no shell)' in lines[2]
    assert 'preStop hook runs an executable literally named "sh -c"' in lines[3]
    assert "postStart hook runs sh -c with no script after it" in lines[4]
    assert 'sh -c runs only "pg_isready", not the 2 item(s) after it' in lines[5]
    assert 'passes "/run/*.pid" to ls literally' in lines[6]
    assert 'passes "~/ready" to cat literally' in lines[7]
    assert "empty program name" in lines[8]
    assert 'passes ">/dev/null" to redis-cli literally' in lines[9]
    why = details(lint(COMMANDS, "--select", EXEC, "--format", "json"))
    assert 'Write one item per argument: ["cat", "/tmp/healthy"]' in why[0]
    assert '["sh", "-c", "cat /tmp/healthy && echo ok"]' in why[1]
    assert "$PORT is not expanded" in why[2]
    assert "write $(PORT)" in why[2]
    assert '["sh", "-c", "nginx -s quit"]' in why[3]
    assert "-c: option requires an argument" in why[4]
    assert 'runs only "pg_isready"' in why[5]
    assert '["sh", "-c", "pg_isready -U app"]' in why[5]
    assert "the pattern is not expanded" in why[6]
    assert "~ is not expanded" in why[7]
    assert "empty program name" in why[8]
    assert ">/dev/null is not an operator here" in why[9]


def test_exec_program_with_shell_expansion_cannot_start(lint) -> None:
    manifest = pod(
        "    - name: app\n      image: x\n      readinessProbe:\n        exec: {command: [$HOME/check.sh]}\n"
        "      livenessProbe:\n        exec: {command: [/opt/*/bin/check, --live]}\n"
    )
    result = lint(manifest, "--select", EXEC)
    assert found(result) == [(10, 26, "error", EXEC), (12, 26, "error", EXEC)]
    assert "$HOME is not expanded" in result.lines[0]
    why = details(lint(manifest, "--select", EXEC, "--format", "json"))
    assert "or $(HOME) to have the kubelet" in why[0]
    assert "the pattern is not expanded" in result.lines[1]


@pytest.mark.parametrize(
    "command",
    [
        "[cat, /tmp/healthy]",
        '[sh, -c, "cat /tmp/a && echo $HOME | wc -l > /dev/null"]',
        '[/bin/bash, --norc, -o, pipefail, -ec, "a | b"]',
        '[timeout, "5", sh, -c, "x && y"]',
        '[busybox, sh, -c, "x; y"]',
        '[curl, "http://localhost:$(PORT)/x"]',  # the kubelet expands $(PORT)
        '[pgrep, -f, "java.*Main$"]',  # a regular expression
        '[find, /tmp, -name, "*.pid", -exec, rm, "{}", ";"]',
        '[java, -cp, "/app/lib/*", Check]',  # java expands classpath wildcards itself
        '[test, "1", "<", "2"]',
        '[sh, -c, "exec \\"$0\\" \\"$@\\"", /bin/check, arg]',
        '["C:\\\\Program Files\\\\check.exe"]',
        '[wget, -q, "http://localhost/health?full=*"]',
        '["$(HOME)/check.sh", "$(MODE)"]',  # the kubelet expands both
        "[]",  # empty: probe-invalid's
        '"cat /tmp/healthy"',  # not a list: probe-invalid's
    ],
)
def test_exec_command_valid(lint, command: str) -> None:
    manifest = pod(f"    - name: app\n      image: x\n      readinessProbe:\n        exec: {{command: {command}}}\n")
    assert found(lint(manifest, "--select", EXEC)) == []
