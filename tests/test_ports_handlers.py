"""Port and handler rules through the command line: exact ids, lines and columns, and the cases each
rule must leave alone (peers' false positives included)."""

from __future__ import annotations

import pytest
from conftest import CORPUS, needs_corpus, run_cli

NOT_FOUND = "probe-port-not-found"
NOT_DECLARED = "probe-port-not-declared"
PATH = "http-probe-path-invalid"
HOST = "http-probe-host-set"
SCHEME = "http-probe-scheme-mismatch"
EXEC = "exec-probe-command-invalid"


def found(result) -> list[tuple[int, int, str, str]]:
    """(line, column, severity, rule) of every finding, in output order."""
    rows = []
    for line in result.lines:
        where, severity, rule = line.split(" ")[:3]
        _, row, column, _ = where.split(":")
        rows.append((int(row), int(column), severity, rule))
    return rows


def pod(containers: str, spec_extra: str = "") -> str:
    """A Pod whose `containers:` list is `containers` (already indented by four spaces)."""
    return f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{spec_extra}  containers:\n{containers}"


# --- probe-port-not-found -----------------------------------------------------------------------------

PORT_TYPO = """\
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
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
          readinessProbe:
            httpGet: {path: /ready, port: htpp}
          livenessProbe:
            tcpSocket:
              port: metric
          startupProbe:
            httpGet:
              path: /
              port: admin
          lifecycle:
            preStop:
              httpGet: {path: /drain, port: drain}
            postStart:
              tcpSocket: {port: nowhere}
"""


def test_port_not_found_on_every_probe_and_http_hook(lint) -> None:
    result = lint(PORT_TYPO, "--select", NOT_FOUND)
    assert found(result) == [
        (17, 37, "error", NOT_FOUND),
        (20, 15, "error", NOT_FOUND),
        (24, 15, "error", NOT_FOUND),
        (27, 39, "error", NOT_FOUND),
    ]
    ready, live, startup, hook = result.lines
    assert 'strconv.Atoi: parsing "htpp": invalid syntax' in ready
    assert "never becomes Ready" in ready and 'did you mean "http"?' in ready
    assert "a hung container is never restarted" in live and 'did you mean "metrics"?' in live
    assert "never counts as started" in startup and 'declared names: "http", "metrics"' in startup
    assert "preStop hook" in hook and "couldn't find port" in hook and "FailedPreStopHook" in hook
    assert result.code == 1


def test_port_declared_by_another_container_is_still_not_found(lint) -> None:
    manifest = pod(
        """\
    - name: app
      image: x
      livenessProbe:
        httpGet: {path: /, port: admin}
    - name: proxy
      image: envoy
      ports: [{name: admin, containerPort: 9901}]
"""
    )
    result = lint(manifest, "--select", NOT_FOUND)
    assert found(result) == [(10, 28, "error", NOT_FOUND)]
    assert 'container "proxy" declares it' in result.stdout
    assert "the container declares no ports" not in result.stdout


def test_port_not_found_without_any_ports(lint) -> None:
    manifest = pod("    - name: app\n      image: x\n      readinessProbe:\n        httpGet: {port: web}\n")
    result = lint(manifest, "--select", NOT_FOUND)
    assert found(result) == [(10, 19, "error", NOT_FOUND)]
    assert "the container declares no ports: add one named web or use the port number" in result.stdout


@pytest.mark.parametrize(
    "probe",
    [
        "httpGet: {port: http}",  # declared
        "httpGet: {port: 8080}",  # a number
        'httpGet: {port: "8080"}',  # a quoted number: rejected by the API, probe-invalid's
        "httpGet: {port: Http}",  # not a valid port name: probe-invalid's
        "grpc: {port: 8080}",  # grpc takes numbers only
        "exec: {command: [true]}",
    ],
)
def test_port_not_found_leaves_alone(lint, probe: str) -> None:
    manifest = pod(
        f"    - name: app\n      image: x\n      ports: [{{name: http, containerPort: 8080}}]\n"
        f"      readinessProbe:\n        {probe}\n"
    )
    assert found(lint(manifest, "--select", NOT_FOUND)) == []


def test_port_not_found_skips_unreadable_ports_and_plain_init_containers(lint) -> None:
    manifest = pod(
        """\
    - name: templated
      image: x
      ports: "{{ .Values.ports }}"
      readinessProbe:
        httpGet: {port: http}
""",
        """\
  initContainers:
    - name: setup
      image: x
      readinessProbe:
        httpGet: {port: http}
    - name: sidecar
      image: x
      restartPolicy: Always
      readinessProbe:
        httpGet: {port: http}
""",
    )
    # Only the sidecar is long-running and readable.
    assert found(lint(manifest, "--select", NOT_FOUND)) == [(15, 19, "error", NOT_FOUND)]


# --- probe-port-not-declared --------------------------------------------------------------------------

UNDECLARED = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dns
spec:
  template:
    spec:
      containers:
        - name: app
          image: x
          ports:
            - {name: http, containerPort: 8080}
            - {name: dns-udp, containerPort: 53, protocol: UDP}
            - {name: dns-tcp, containerPort: 53, protocol: TCP}
            - {name: stats, containerPort: 8125, protocol: UDP}
          readinessProbe:
            httpGet: {path: /ready, port: 9090}
          livenessProbe:
            tcpSocket: {port: 53}
          startupProbe:
            grpc: {port: 8125}
          lifecycle:
            preStop:
              httpGet: {path: /drain, port: stats}
        - name: quiet
          image: x
          readinessProbe:
            httpGet: {path: /ready, port: 7070}
"""


def test_port_not_declared_is_info(lint) -> None:
    result = lint(UNDECLARED, "--select", NOT_DECLARED)
    assert found(result) == [
        (17, 37, "info", NOT_DECLARED),
        (21, 20, "info", NOT_DECLARED),
        (24, 39, "info", NOT_DECLARED),
    ]
    undeclared, grpc, hook = result.lines
    assert "port 9090 is not among the ports" in undeclared and "http (8080/TCP)" in undeclared
    assert "port 8125 is declared only as UDP" in grpc
    assert 'port "stats" is declared as 8125/UDP' in hook
    assert result.code == 0  # info does not fail a run


def test_port_not_declared_lists_a_few_ports(lint) -> None:
    ports = ", ".join(f"{{containerPort: {number}}}" for number in range(9001, 9007))
    manifest = pod(
        f"    - name: app\n      image: x\n      ports: [{ports}]\n"
        "      readinessProbe:\n        tcpSocket: {port: 80}\n"
    )
    result = lint(manifest, "--select", NOT_DECLARED)
    assert found(result) == [(11, 21, "info", NOT_DECLARED)]
    assert "(9001/TCP, 9002/TCP, 9003/TCP, 9004/TCP and 2 more)" in result.stdout


def test_port_not_declared_leaves_istio_rewritten_probes_alone(lint) -> None:
    manifest = pod(
        """\
    - name: app
      image: x
      ports: [{containerPort: 8080}]
      readinessProbe:
        httpGet: {path: /app-health/app/readyz, port: 15020}
      livenessProbe:
        httpGet: {path: /healthz, port: 15020}
"""
    )
    assert found(lint(manifest, "--select", NOT_DECLARED)) == [(13, 35, "info", NOT_DECLARED)]


def test_port_declared_by_another_container(lint) -> None:
    manifest = pod(
        """\
    - name: app
      image: x
      ports: [{containerPort: 8080}]
      readinessProbe:
        httpGet: {port: 9901}
    - name: proxy
      image: envoy
      ports: [{name: admin, containerPort: 9901}]
"""
    )
    result = lint(manifest, "--select", NOT_DECLARED)
    assert found(result) == [(11, 19, "info", NOT_DECLARED)]
    assert 'declared by container "proxy", not by "app"' in result.stdout


# --- http-probe-path-invalid --------------------------------------------------------------------------

PATHS = """\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: x
      readinessProbe:
        httpGet:
          path: "/health "
          port: 8080
      livenessProbe:
        httpGet: {path: "http://other:9000/live?x=1", port: 8080}
      startupProbe:
        httpGet: {path: healthz, port: 8080}
      lifecycle:
        preStop:
          httpGet: {path: "localhost:8080/drain", port: 8080}
        postStart:
          httpGet: {path: "/start\\t", port: 8080}
"""


def test_path_invalid(lint) -> None:
    result = lint(PATHS, "--select", PATH)
    assert found(result) == [
        (11, 11, "error", PATH),
        (14, 19, "error", PATH),
        (16, 19, "warning", PATH),
        (19, 21, "error", PATH),
        (21, 21, "error", PATH),
    ]
    space, url, relative, host_port, tab = result.lines
    assert '"/health%20", which the server answers with 404' in space and 'write "/health"' in space
    assert 'set path: "/live?x=1"' in url
    assert 'write "/healthz"' in relative
    assert 'set path: "/drain"' in host_port
    assert '"/start%09"' in tab


@pytest.mark.parametrize("path", ["/", "/ready?full=1&x=2", '""', "/a/b.json", "12"])
def test_path_valid(lint, path: str) -> None:
    manifest = pod(
        f"    - name: app\n      image: x\n      readinessProbe:\n        httpGet: {{path: {path}, port: 80}}\n"
    )
    assert found(lint(manifest, "--select", PATH)) == []


# --- http-probe-host-set ------------------------------------------------------------------------------

HOSTS = """\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: x
      readinessProbe:
        httpGet: {host: web.default.svc, port: 8080}
      livenessProbe:
        tcpSocket: {host: 127.0.0.1, port: 8080}
      startupProbe:
        httpGet: {host: "$(POD_IP)", port: 8080}
      lifecycle:
        preStop:
          httpGet: {host: "", port: 8080}
        postStart:
          httpGet: {host: localhost, port: 8080}
"""


def test_host_set(lint) -> None:
    result = lint(HOSTS, "--select", HOST)
    assert found(result) == [
        (10, 19, "warning", HOST),
        (12, 21, "warning", HOST),
        (14, 19, "warning", HOST),
        (19, 21, "warning", HOST),
    ]
    service, loopback, variable, hook = result.lines
    assert "does not resolve from the node" in service and "rejects it from v1.34" in service
    assert "where 127.0.0.1 is the node, not the pod" in loopback and "v1.34" not in loopback
    assert "does not expand $(VAR)" in variable
    assert "postStart hook" in hook and "only 127.0.0.1 and ::1 are allowed" in hook


def test_host_network_may_probe_loopback(lint) -> None:
    manifest = pod(
        """\
    - name: agent
      image: x
      readinessProbe:
        httpGet: {host: 127.0.0.1, port: 9099}
      livenessProbe:
        httpGet: {host: localhost, port: 9099}
      startupProbe:
        tcpSocket: {host: 10.0.0.1, port: 9099}
""",
        "  hostNetwork: true\n",
    )
    result = lint(manifest, "--select", HOST)
    assert found(result) == [(15, 21, "warning", HOST)]
    assert "unless the host is the node it runs on" in result.stdout


# --- http-probe-scheme-mismatch -----------------------------------------------------------------------

SCHEMES = """\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: x
      ports:
        - {name: http, containerPort: 8080}
        - {name: web, containerPort: 8443}
        - {name: http-admin, containerPort: 9000}
        - {name: confused, containerPort: 443}
      readinessProbe:
        httpGet: {path: /, port: http, scheme: HTTPS}
      livenessProbe:
        httpGet: {path: /, port: web}
      startupProbe:
        httpGet:
          path: /
          port: 443
          scheme: HTTP
      lifecycle:
        preStop:
          httpGet: {path: /, port: http-admin, scheme: HTTPS}
"""


def test_scheme_mismatch_at_scheme_or_port(lint) -> None:
    result = lint(SCHEMES, "--select", SCHEME)
    assert found(result) == [
        (15, 40, "warning", SCHEME),
        (17, 28, "warning", SCHEME),  # no scheme: at port
        (22, 11, "warning", SCHEME),
        (25, 48, "warning", SCHEME),
    ]
    https_on_http, unset_on_tls, http_on_443, hook = result.lines
    assert 'port "http" (8080), which looks like plain HTTP' in https_on_http
    assert "server gave HTTP response to HTTPS client" in https_on_http
    assert 'HTTP (scheme unset) against port "web" (8443), which looks like TLS' in unset_on_tls
    assert 'scheme: HTTP against port "confused" (443)' in http_on_443
    assert 'preStop hook uses scheme: HTTPS against port "http-admin" (9000)' in hook


@pytest.mark.parametrize(
    ("port", "scheme"),
    [
        ("https", "HTTPS"),
        ("8443", "HTTPS"),
        ("http", "HTTP"),
        ("80", "HTTP"),
        ("9090", "HTTPS"),  # no hint either way
        ("mixed", "HTTP"),  # named http, numbered 8443: the signals disagree
        ("http", "https"),  # not HTTP/HTTPS at all: probe-invalid's
    ],
)
def test_scheme_consistent(lint, port: str, scheme: str) -> None:
    manifest = pod(
        "    - name: app\n      image: x\n      ports:\n"
        "        - {name: https, containerPort: 8443}\n        - {name: http, containerPort: 8080}\n"
        "        - {name: http-mixed, containerPort: 8443}\n"
        f"      readinessProbe:\n        httpGet: {{port: {'http-mixed' if port == 'mixed' else port}, "
        f"scheme: {scheme}}}\n"
    )
    assert found(lint(manifest, "--select", SCHEME)) == []


# --- exec-probe-command-invalid -----------------------------------------------------------------------

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
    assert 'executable literally named "cat /tmp/healthy"' in lines[0]
    assert 'write one item per argument: ["cat", "/tmp/healthy"]' in lines[0]
    assert '["sh", "-c", "cat /tmp/healthy && echo ok"]' in lines[1]
    assert "$PORT is not expanded" in lines[2] and "write $(PORT)" in lines[2]
    assert '["sh", "-c", "nginx -s quit"]' in lines[3]
    assert "-c: option requires an argument" in lines[4]
    assert 'runs only "pg_isready"' in lines[5] and '["sh", "-c", "pg_isready -U app"]' in lines[5]
    assert "the pattern is not expanded" in lines[6]
    assert "~ is not expanded" in lines[7]
    assert "empty program name" in lines[8]
    assert ">/dev/null is not an operator here" in lines[9]


def test_exec_program_with_shell_expansion_cannot_start(lint) -> None:
    manifest = pod(
        "    - name: app\n      image: x\n      readinessProbe:\n        exec: {command: [$HOME/check.sh]}\n"
        "      livenessProbe:\n        exec: {command: [/opt/*/bin/check, --live]}\n"
    )
    result = lint(manifest, "--select", EXEC)
    assert found(result) == [(10, 26, "error", EXEC), (12, 26, "error", EXEC)]
    assert "$HOME is not expanded" in result.lines[0] and "or $(HOME) to have the kubelet" in result.lines[0]
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


# --- peers: kube-linter's port checks (../shared/corpus/peers/EXPECTATIONS.md) ------------------------

KUBE_LINTER = CORPUS / "peers" / "stackrox__kube-linter" / "tests" / "checks"

PORT_RULES = f"{NOT_FOUND},{NOT_DECLARED}"


@needs_corpus()
@pytest.mark.skipif(not KUBE_LINTER.is_dir(), reason="kube-linter fixtures are not available")
@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        # kube-linter: fire-deployment-name, -int, -udp and fire-stateful-name.
        (
            "liveness-port.yml",
            [
                (28, 15, "error", NOT_FOUND, "fire-deployment-name"),
                (37, 15, "info", NOT_DECLARED, "fire-deployment-int"),
                (45, 15, "info", NOT_DECLARED, "fire-deployment-udp"),
                (66, 15, "error", NOT_FOUND, "fire-stateful-name"),
            ],
        ),
        # kube-linter: fire-deployment-name, -int, -udp and -grpc.
        *[
            (
                name,
                [
                    (27, 15, "error", NOT_FOUND, "fire-deployment-name"),
                    (36, 15, "info", NOT_DECLARED, "fire-deployment-int"),
                    (44, 15, "info", NOT_DECLARED, "fire-deployment-udp"),
                    (52, 15, "info", NOT_DECLARED, "fire-deployment-grpc"),
                ],
            )
            for name in ("readiness-port.yml", "startup-port.yml")
        ],
    ],
)
def test_kube_linter_port_fixtures(fixture: str, expected: list[tuple[int, int, str, str, str]]) -> None:
    result = run_cli(["--select", PORT_RULES, fixture], cwd=KUBE_LINTER)
    rows = [
        (*row, line[line.rindex("container ") + len("container ") : line.rindex(")")])
        for row, line in zip(found(result), result.lines, strict=True)
    ]
    assert rows == expected  # nothing for the containers named dont-fire-*
    assert result.code == 1


@needs_corpus()
@pytest.mark.skipif(not KUBE_LINTER.is_dir(), reason="kube-linter fixtures are not available")
def test_kube_linter_port_fixtures_under_every_rule_of_this_family() -> None:
    """The handler rules have nothing to say about kube-linter's port fixtures."""
    rules = ",".join([PATH, HOST, SCHEME, EXEC])
    result = run_cli(
        ["--select", rules, "liveness-port.yml", "readiness-port.yml", "startup-port.yml"], cwd=KUBE_LINTER
    )
    assert result.lines == []
