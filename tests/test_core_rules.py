"""The core probe rules and the aws-node rules, through the command line: ids, lines, columns, messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CORPUS, needs_corpus, run_cli

_LINE_RE = re.compile(r"^example\.yaml:(\d+):(\d+): (\w+) ([\w-]+) (.*)$")


def found(lines: list[str]) -> list[tuple[str, str]]:
    """(rule, "LINE:COL") of each finding line."""
    result = []
    for line in lines:
        match = _LINE_RE.match(line)
        assert match is not None, line
        result.append((match.group(4), f"{match.group(1)}:{match.group(2)}"))
    return result


def pos(text: str, needle: str, occurrence: int = 1) -> str:
    """ "LINE:COL" (1-based) of the n-th occurrence of `needle` in `text`."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{line}:{column}"


def configure(directory: Path, text: str) -> None:
    (directory / ".probelint.yaml").write_text(text, encoding="utf-8")


def deployment(containers: str, spec: str = "", name: str = "web") -> str:
    """A Deployment; `containers` is the YAML under `containers:` (8-space list items)."""
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
{spec}      containers:
{containers}"""


# --- probe-timeout-too-low --------------------------------------------------------------------

TIMEOUT = ["--select", "probe-timeout-too-low"]


def test_timeout_of_1_points_at_the_key(lint) -> None:
    text = deployment("""        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 1
""")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", "17:13")]
    assert pos(text, "timeoutSeconds") == "17:13"
    assert "readiness probe (httpGet): timeoutSeconds is 1;" in result.lines[0]
    assert "Client.Timeout exceeded while awaiting headers" in result.lines[0]
    assert result.lines[0].endswith("(Deployment/web, container web)")
    assert result.code == 1


def test_absent_timeout_points_at_the_probe_key(lint) -> None:
    text = deployment("""        - name: web
          image: nginx:1.27
          livenessProbe:
            exec:
              command: [cat, /tmp/healthy]
""")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", pos(text, "livenessProbe"))]
    assert "liveness probe (exec): timeoutSeconds is unset, so the kubelet uses 1s" in result.lines[0]
    assert '"command timed out"' in result.lines[0]


def test_timeout_of_0_is_defaulted_to_1(lint) -> None:
    text = deployment("""        - name: api
          image: example/api:1
          startupProbe:
            grpc: {port: 9090}
            timeoutSeconds: 0
""")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", pos(text, "timeoutSeconds"))]
    assert "startup probe (grpc): timeoutSeconds is 0, which the API server turns into 1s" in result.lines[0]


def test_null_timeout_counts_as_unset(lint) -> None:
    text = deployment("""        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds:
""")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", pos(text, "timeoutSeconds"))]
    assert "timeoutSeconds is unset, so the kubelet uses 1s" in result.lines[0]


@pytest.mark.parametrize("value", ["2", "10", '"5"', "-1", "abc"])
def test_timeouts_of_2_or_more_and_invalid_values_are_not_this_rules_business(lint, value: str) -> None:
    text = deployment(f"""        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: {{path: /ready, port: 8080}}
            timeoutSeconds: {value}
""")
    assert lint(text, *TIMEOUT).lines == []


def test_tcp_probes_are_ignored_unless_include_tcp(lint, tmp_path: Path) -> None:
    text = deployment("""        - name: db
          image: postgres:16
          livenessProbe:
            tcpSocket: {port: 5432}
          readinessProbe:
            exec:
              command: [pg_isready]
            timeoutSeconds: 1
""")
    assert found(lint(text, *TIMEOUT).lines) == [("probe-timeout-too-low", pos(text, "timeoutSeconds"))]
    configure(tmp_path, "rules:\n  probe-timeout-too-low:\n    include-tcp: true\n")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [
        ("probe-timeout-too-low", pos(text, "livenessProbe")),
        ("probe-timeout-too-low", pos(text, "timeoutSeconds")),
    ]
    assert '"i/o timeout"' in result.lines[0]


def test_min_timeout_option(lint, tmp_path: Path) -> None:
    configure(tmp_path, "rules:\n  probe-timeout-too-low:\n    min-timeout-seconds: 5\n")
    text = deployment("""        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 3
""")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", pos(text, "timeoutSeconds"))]
    assert "set timeoutSeconds: 5 or more" in result.lines[0]


def test_sidecar_init_containers_are_checked_and_plain_ones_are_not(lint) -> None:
    text = deployment(
        """        - name: web
          image: nginx:1.27
""",
        spec="""      initContainers:
        - name: migrate
          image: example/migrate:1
          readinessProbe:
            exec: {command: [true]}
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          readinessProbe:
            httpGet: {path: /ready, port: 9901}
""",
    )
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", pos(text, "readinessProbe", 2))]
    assert "container proxy)" in result.lines[0]


def test_every_probe_of_every_container_is_reported_in_order(lint) -> None:
    text = deployment("""        - name: web
          image: nginx:1.27
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 3
        - name: metrics
          image: example/exporter:1
          readinessProbe:
            httpGet: {path: /metrics, port: 9100}
            timeoutSeconds: 1
""")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [
        ("probe-timeout-too-low", pos(text, "livenessProbe")),
        ("probe-timeout-too-low", pos(text, "timeoutSeconds: 1")),
    ]


def test_cronjob_pod_template_is_found(lint) -> None:
    text = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: example/report:1
              readinessProbe:
                exec: {command: [true]}
"""
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", "15:15")]
    assert result.lines[0].endswith("(CronJob/report, container report)")


# --- startup-probe-missing --------------------------------------------------------------------

STARTUP = ["--select", "startup-probe-missing"]


def _slow(delay: int, extra: str = "") -> str:
    return deployment(f"""        - name: app
          image: example/app:1
          livenessProbe:
            httpGet: {{path: /healthz, port: 8080}}
            initialDelaySeconds: {delay}
            timeoutSeconds: 3
{extra}""")


def test_startup_probe_missing_points_at_initial_delay(lint) -> None:
    text = _slow(90)
    result = lint(text, *STARTUP)
    assert found(result.lines) == [("startup-probe-missing", "17:13")]
    assert pos(text, "initialDelaySeconds") == "17:13"
    assert "failureThreshold: 9 (9 x 10s = 90s covers the 90s)" in result.lines[0]
    assert result.code == 1


def test_startup_probe_missing_threshold_is_30(lint) -> None:
    assert found(lint(_slow(30), *STARTUP).lines) == [("startup-probe-missing", "17:13")]
    assert "failureThreshold: 3 (3 x 10s = 30s covers the 30s)" in lint(_slow(30), *STARTUP).stdout
    assert lint(_slow(29), *STARTUP).lines == []


def test_startup_probe_missing_suggestion_rounds_up(lint) -> None:
    assert "failureThreshold: 5 (5 x 10s = 50s covers the 45s)" in lint(_slow(45), *STARTUP).stdout


def test_startup_probe_present_is_fine(lint) -> None:
    extra = """          startupProbe:
            httpGet: {path: /healthz, port: 8080}
            failureThreshold: 10
"""
    assert lint(_slow(90, extra), *STARTUP).lines == []


def test_readiness_delay_alone_is_not_a_slow_start(lint) -> None:
    text = deployment("""        - name: app
          image: example/app:1
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            initialDelaySeconds: 120
""")
    assert lint(text, *STARTUP).lines == []


def test_startup_probe_missing_option(lint, tmp_path: Path) -> None:
    configure(tmp_path, "rules:\n  startup-probe-missing:\n    slow-start-seconds: 60\n")
    assert lint(_slow(45), *STARTUP).lines == []
    assert found(lint(_slow(60), *STARTUP).lines) == [("startup-probe-missing", "17:13")]


def test_startup_probe_missing_checks_sidecars(lint) -> None:
    text = deployment(
        """        - name: app
          image: example/app:1
""",
        spec="""      initContainers:
        - name: agent
          image: example/agent:1
          restartPolicy: Always
          livenessProbe:
            exec: {command: [agent, health]}
            initialDelaySeconds: 40
""",
    )
    result = lint(text, *STARTUP)
    assert found(result.lines) == [("startup-probe-missing", pos(text, "initialDelaySeconds"))]
    assert "container agent)" in result.lines[0]


# --- exec-probe-timeout-mismatch --------------------------------------------------------------

MISMATCH = ["--select", "exec-probe-timeout-mismatch"]


def _exec(command: str, timeout: str | None, probe: str = "readinessProbe") -> str:
    timeout_line = f"            timeoutSeconds: {timeout}\n" if timeout is not None else ""
    return deployment(f"""        - name: api
          image: example/api:1
          {probe}:
            exec:
              command: {command}
{timeout_line}""")


def test_grpc_health_probe_flags_longer_than_timeout(lint) -> None:
    text = _exec("[/bin/grpc-health-probe, -addr=:9090, -connect-timeout=5s, -rpc-timeout=5s]", "5")
    result = lint(text, *MISMATCH)
    assert found(result.lines) == [("exec-probe-timeout-mismatch", "18:13")]
    assert pos(text, "timeoutSeconds") == "18:13"
    assert (
        "readiness probe: the command allows itself 10s (grpc-health-probe may take -connect-timeout 5s + "
        "-rpc-timeout 5s), but timeoutSeconds is 5:" in result.lines[0]
    )
    assert "set timeoutSeconds: 10 or more" in result.lines[0]


def test_equal_limit_is_fine(lint) -> None:
    text = _exec("[/bin/grpc-health-probe, -addr=:9090, -connect-timeout=5s, -rpc-timeout=5s]", "10")
    assert lint(text, *MISMATCH).lines == []


def test_grpc_health_probe_defaults_against_absent_timeout(lint) -> None:
    text = _exec("[/app/grpc-health-probe, -addr=:50051]", None, probe="livenessProbe")
    result = lint(text, *MISMATCH)
    assert found(result.lines) == [("exec-probe-timeout-mismatch", pos(text, "livenessProbe"))]
    assert "1s (default)" in result.lines[0]
    assert "timeoutSeconds is unset, so the kubelet uses 1s" in result.lines[0]


@pytest.mark.parametrize(
    ("command", "timeout", "fires"),
    [
        ('["sh", "-c", "curl -fsS -m 5 http://localhost:8080/healthz"]', "3", True),
        ('["sh", "-c", "curl -fsS -m 5 http://localhost:8080/healthz"]', "5", False),
        ("[curl, --max-time, '2.5', http://localhost/]", "2", True),
        ("[wget, -q, -T, '10', -O, /dev/null, http://localhost/]", "5", True),
        ("[wget, --timeout=4, http://localhost/]", "4", False),
        ("[timeout, -s, KILL, '5', /check.sh]", "3", True),
        ("[timeout, -k, '2', '5', /check.sh]", "5", False),
        ("[timeout, '3', /check.sh]", "3", False),
        ('["/bin/sh", "-c", "timeout 8 redis-cli ping | grep -q PONG"]', "5", True),
        ("[cat, /tmp/healthy]", "1", False),
        ('["sh", "-c", "curl -m 30 http://localhost/ &"]', "2", False),
        ('["sh", "-c", "curl -m $T http://localhost/"]', "2", False),
    ],
)
def test_exec_time_limits(lint, command: str, timeout: str, fires: bool) -> None:
    text = _exec(command, timeout)
    expected = [("exec-probe-timeout-mismatch", pos(text, "timeoutSeconds"))] if fires else []
    assert found(lint(text, *MISMATCH).lines) == expected


def test_mismatch_with_timeout_0(lint) -> None:
    text = _exec("[curl, -m, '3', http://localhost/]", "0")
    result = lint(text, *MISMATCH)
    assert found(result.lines) == [("exec-probe-timeout-mismatch", pos(text, "timeoutSeconds"))]
    assert "timeoutSeconds is 0, which the API server turns into 1s" in result.lines[0]


def test_mismatch_ignores_http_probes_and_plain_init_containers(lint) -> None:
    text = deployment(
        """        - name: api
          image: example/api:1
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 1
""",
        spec="""      initContainers:
        - name: wait
          image: busybox:1.36
          readinessProbe:
            exec: {command: [wget, -T, '30', http://db/]}
        - name: sidecar
          image: busybox:1.36
          restartPolicy: Always
          readinessProbe:
            exec: {command: [wget, -T, '30', http://localhost/]}
            timeoutSeconds: 5
""",
    )
    result = lint(text, *MISMATCH)
    assert found(result.lines) == [("exec-probe-timeout-mismatch", pos(text, "timeoutSeconds: 5"))]
    assert "container sidecar)" in result.lines[0]


# --- prestop-exceeds-grace-period -------------------------------------------------------------

PRESTOP = ["--select", "prestop-exceeds-grace-period"]


def _prestop(hook: str, grace: str | None = None) -> str:
    spec = f"      terminationGracePeriodSeconds: {grace}\n" if grace is not None else ""
    return deployment(
        f"""        - name: web
          image: nginx:1.27
          lifecycle:
            preStop:
{hook}""",
        spec=spec,
    )


def test_prestop_exec_sleep_list_points_at_command(lint) -> None:
    text = _prestop('              exec:\n                command: ["sleep", "25"]\n', grace="20")
    result = lint(text, *PRESTOP)
    assert found(result.lines) == [("prestop-exceeds-grace-period", "19:17")]
    assert pos(text, "command") == "19:17"
    assert "preStop sleeps 25s but terminationGracePeriodSeconds is 20:" in result.lines[0]
    assert "only 2s left before SIGKILL" in result.lines[0]
    assert result.code == 1
    assert " error " in result.lines[0]


def test_prestop_grace_period_unset_means_30(lint) -> None:
    text = _prestop('              exec:\n                command: ["sh", "-c", "sleep 45 && drain"]\n')
    result = lint(text, *PRESTOP)
    assert found(result.lines) == [("prestop-exceeds-grace-period", pos(text, "command"))]
    assert "preStop sleeps 45s but terminationGracePeriodSeconds is unset, so 30:" in result.lines[0]


@pytest.mark.parametrize(
    ("command", "grace", "fires"),
    [
        ('["/bin/sh", "-c", "sleep 35; nginx -s quit"]', None, True),
        ('["/bin/sh", "-c", "sleep 25; nginx -s quit"]', None, False),
        ('["sleep", "1m"]', "60", True),  # equal: nothing left for the app
        ('["sleep", "1m"]', "61", False),
        ('["sleep", "0.5"]', "1", False),
        ('["sleep", "30.5"]', "30", True),
        ('["sh", "-c", "sleep 10\\nsleep 25"]', None, True),  # 35s in sequence
        ('["sh", "-c", "sleep 40 &"]', None, False),
        ('["sh", "-c", "drain || sleep 40"]', None, False),
        ('["sh", "-c", "while pgrep nginx; do sleep 1; done"]', None, False),
        ('["sh", "-c", "sleep $DELAY"]', None, False),
        ('["nginx", "-s", "quit"]', "5", False),
    ],
)
def test_prestop_exec_forms(lint, command: str, grace: str | None, fires: bool) -> None:
    text = _prestop(f"              exec:\n                command: {command}\n", grace=grace)
    expected = [("prestop-exceeds-grace-period", pos(text, "command"))] if fires else []
    assert found(lint(text, *PRESTOP).lines) == expected


def test_prestop_sleep_forever(lint) -> None:
    text = _prestop('              exec:\n                command: ["sleep", "infinity"]\n', grace="3600")
    assert "preStop sleeps forever" in lint(text, *PRESTOP).stdout


def test_prestop_sleep_action_points_at_seconds(lint) -> None:
    text = _prestop("              sleep:\n                seconds: 30\n", grace="30")
    result = lint(text, *PRESTOP)
    assert found(result.lines) == [("prestop-exceeds-grace-period", pos(text, "seconds: 30"))]
    assert "API server rejects" not in result.lines[0]  # equal is accepted by the API server


def test_prestop_sleep_action_longer_than_grace_is_rejected_too(lint) -> None:
    text = _prestop("              sleep:\n                seconds: 45\n")
    result = lint(text, *PRESTOP)
    assert found(result.lines) == [("prestop-exceeds-grace-period", pos(text, "seconds: 45"))]
    assert "the API server rejects a sleep action longer than the grace period" in result.lines[0]


@pytest.mark.parametrize(
    "hook",
    [
        "              sleep:\n                seconds: 10\n",
        "              httpGet: {path: /drain, port: 8080}\n",
        "              sleep:\n                seconds: 0\n",
    ],
)
def test_prestop_quiet_cases(lint, hook: str) -> None:
    assert lint(_prestop(hook), *PRESTOP).lines == []


def test_prestop_checks_sidecars_not_plain_init_containers(lint) -> None:
    text = deployment(
        """        - name: web
          image: nginx:1.27
""",
        spec="""      terminationGracePeriodSeconds: 15
      initContainers:
        - name: setup
          image: busybox:1.36
          lifecycle:
            preStop: {exec: {command: [sleep, "60"]}}
        - name: mesh
          image: example/mesh:1
          restartPolicy: Always
          lifecycle:
            preStop: {exec: {command: [sleep, "20"]}}
""",
    )
    result = lint(text, *PRESTOP)
    assert found(result.lines) == [("prestop-exceeds-grace-period", pos(text, "command", 2))]
    assert "container mesh)" in result.lines[0]


# --- aws-node ----------------------------------------------------------------------------------

ECR = "602401143452.dkr.ecr.us-west-2.amazonaws.com"
DIGEST = "@sha256:" + "ab" * 32
AWS_RULES = (
    "aws-node-enforcing-mode,aws-node-tcp-early-demux,aws-node-probe-timeout,"
    "aws-node-probe-address,aws-node-version-unknown"
)


def env_lines(pairs: list[tuple[str, str]]) -> str:
    lines = []
    for name, value in pairs:
        lines.append(f"            - name: {name}\n")
        if value.startswith("valueFrom"):
            lines.append("              valueFrom: {fieldRef: {fieldPath: metadata.name}}\n")
        else:
            lines.append(f'              value: "{value}"\n')
    return "".join(lines)


def aws_node(
    main_tag: str = ":v1.18.3",
    init_tag: str = ":v1.18.3",
    main_env: list[tuple[str, str]] | None = None,
    init_env: list[tuple[str, str]] | None = None,
    labels: str = "",
    addr: str = "-addr=:50051",
    timeout: str = "10",
    name: str = "aws-node",
    with_init: bool = True,
) -> str:
    main_env = main_env if main_env is not None else [("ENABLE_POD_ENI", "false")]
    init_env = init_env if init_env is not None else [("DISABLE_TCP_EARLY_DEMUX", "false")]
    init = ""
    if with_init:
        init_env_text = f"          env:\n{env_lines(init_env)}" if init_env else ""
        init = f"""      initContainers:
        - name: aws-vpc-cni-init
          image: {ECR}/amazon-k8s-cni-init{init_tag}
{init_env_text}"""
    main_env_text = f"          env:\n{env_lines(main_env)}" if main_env else ""
    timeout_line = f"            timeoutSeconds: {timeout}\n" if timeout else ""
    return f"""apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {name}
  namespace: kube-system
  labels:
    k8s-app: aws-node
{labels}spec:
  selector:
    matchLabels: {{k8s-app: aws-node}}
  template:
    metadata:
      labels: {{k8s-app: aws-node}}
    spec:
      hostNetwork: true
{init}      containers:
        - name: aws-node
          image: {ECR}/amazon-k8s-cni{main_tag}
          livenessProbe:
            exec:
              command: [/app/grpc-health-probe, {addr}, -connect-timeout=5s, -rpc-timeout=5s]
            initialDelaySeconds: 60
{timeout_line}          readinessProbe:
            exec:
              command: [/app/grpc-health-probe, {addr}, -connect-timeout=5s, -rpc-timeout=5s]
            initialDelaySeconds: 1
{timeout_line}{main_env_text}"""


def aws(lint, text: str) -> list[tuple[str, str]]:
    return found(lint(text, "--select", AWS_RULES).lines)


def test_upstream_shaped_aws_node_is_clean(lint) -> None:
    assert aws(lint, aws_node()) == []


def test_tcp_early_demux_points_at_the_wrong_value(lint) -> None:
    text = aws_node(":v1.10.4", ":v1.10.4", main_env=[("ENABLE_POD_ENI", "true")])
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-tcp-early-demux", pos(text, 'value: "false"'))]
    assert "VPC CNI v1.10.4 with ENABLE_POD_ENI=true, but the aws-vpc-cni-init init container sets " in result.lines[0]
    assert 'DISABLE_TCP_EARLY_DEMUX to "false"' in result.lines[0]
    assert "has no effect" not in result.lines[0]
    assert result.lines[0].endswith("(DaemonSet/kube-system/aws-node, container aws-vpc-cni-init)")
    assert result.code == 1


@pytest.mark.parametrize("value", ["true", "1", "True", "TRUE", "t", "valueFrom"])
def test_tcp_early_demux_accepts_go_true_values_and_unknown_ones(lint, value: str) -> None:
    text = aws_node(
        ":v1.10.4", ":v1.10.4", main_env=[("ENABLE_POD_ENI", "true")], init_env=[("DISABLE_TCP_EARLY_DEMUX", value)]
    )
    assert aws(lint, text) == []


def test_tcp_early_demux_unquoted_boolean_is_not_a_string(lint) -> None:
    text = aws_node(":v1.10.4", ":v1.10.4", main_env=[("ENABLE_POD_ENI", "true")]).replace(
        'value: "false"', "value: true", 1
    )
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-tcp-early-demux", pos(text, "value: true"))]
    assert (
        "sets DISABLE_TCP_EARLY_DEMUX to true (unquoted, so not a string: the API server rejects it)"
        in (result.lines[0])
    )


def test_tcp_early_demux_on_the_main_container_has_no_effect(lint) -> None:
    text = aws_node(
        ":v1.10.4",
        ":v1.10.4",
        main_env=[("DISABLE_TCP_EARLY_DEMUX", "true"), ("ENABLE_POD_ENI", "true")],
        init_env=[("ENABLE_IPv6", "false")],
    )
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-tcp-early-demux", pos(text, "env:"))]  # the init container's env
    assert (
        "does not set DISABLE_TCP_EARLY_DEMUX (DISABLE_TCP_EARLY_DEMUX on the aws-node container has no effect: "
        "only the aws-vpc-cni-init init container reads it)" in result.lines[0]
    )


def test_tcp_early_demux_init_without_env_points_at_its_name(lint) -> None:
    text = aws_node(":v1.9.3", ":v1.9.3", main_env=[("ENABLE_POD_ENI", "true")], init_env=[])
    assert aws(lint, text) == [("aws-node-tcp-early-demux", pos(text, "name: aws-vpc-cni-init"))]


def test_tcp_early_demux_without_init_container_points_at_main_env(lint) -> None:
    text = aws_node(":v1.10.4", with_init=False, main_env=[("ENABLE_POD_ENI", "true")])
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-tcp-early-demux", pos(text, "env:"))]
    assert "is missing, so nothing sets DISABLE_TCP_EARLY_DEMUX" in result.lines[0]


def test_tcp_early_demux_notices_a_typo(lint) -> None:
    text = aws_node(
        ":v1.10.4", ":v1.10.4", main_env=[("ENABLE_POD_ENI", "true")], init_env=[("DISABLE_TCP_EARY_DEMUX", "true")]
    )
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-tcp-early-demux", pos(text, "env:"))]
    assert "(it sets DISABLE_TCP_EARY_DEMUX: a typo?)" in result.lines[0]


@pytest.mark.parametrize(
    ("main_env", "tag"),
    [
        ([("ENABLE_POD_ENI", "false")], ":v1.10.4"),
        ([("ENABLE_POD_ENI", "valueFrom")], ":v1.10.4"),  # unknown, not wrong
        ([], ":v1.10.4"),
        ([("ENABLE_POD_ENI", "true")], ":v1.6.4"),  # before ENABLE_POD_ENI existed
    ],
)
def test_tcp_early_demux_quiet_cases(lint, main_env: list[tuple[str, str]], tag: str) -> None:
    assert aws(lint, aws_node(tag, tag, main_env=main_env)) == []


def test_tcp_early_demux_before_1_7_3_says_to_upgrade(lint) -> None:
    text = aws_node(":v1.7.2", ":v1.7.2", main_env=[("ENABLE_POD_ENI", "true")])
    assert "(it is read from v1.7.3 on: upgrade first)" in lint(text, "--select", AWS_RULES).stdout


def test_enforcing_mode_unset_points_at_main_env(lint) -> None:
    text = aws_node(":v1.18.3-eksbuild.2", ":v1.18.3-eksbuild.2", main_env=[("ENABLE_POD_ENI", "true")])
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-enforcing-mode", pos(text, "env:", 2))]
    assert (
        "VPC CNI v1.18.3 with ENABLE_POD_ENI=true and POD_SECURITY_GROUP_ENFORCING_MODE unset, so strict"
        in (result.lines[0])
    )
    assert result.lines[0].endswith("(DaemonSet/kube-system/aws-node, container aws-node)")


@pytest.mark.parametrize(("mode", "state"), [("strict", '"strict"'), ("Standard", '"Standard", which the CNI reads')])
def test_enforcing_mode_points_at_the_mode_value(lint, mode: str, state: str) -> None:
    text = aws_node(main_env=[("ENABLE_POD_ENI", "true"), ("POD_SECURITY_GROUP_ENFORCING_MODE", mode)])
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-enforcing-mode", pos(text, f'value: "{mode}"'))]
    assert f"POD_SECURITY_GROUP_ENFORCING_MODE {state}" in result.lines[0]


@pytest.mark.parametrize(
    ("main_env", "init_env"),
    [
        ([("ENABLE_POD_ENI", "true"), ("POD_SECURITY_GROUP_ENFORCING_MODE", "standard")], None),
        ([("ENABLE_POD_ENI", "true"), ("POD_SECURITY_GROUP_ENFORCING_MODE", "valueFrom")], None),
        ([("ENABLE_POD_ENI", "true")], [("DISABLE_TCP_EARLY_DEMUX", "true")]),
        ([("ENABLE_POD_ENI", "valueFrom")], None),
        ([("ENABLE_POD_ENI", "false")], None),
    ],
)
def test_enforcing_mode_quiet_cases(lint, main_env, init_env) -> None:
    assert aws(lint, aws_node(main_env=main_env, init_env=init_env)) == []


def test_enforcing_mode_notes_demux_on_the_main_container(lint) -> None:
    text = aws_node(main_env=[("DISABLE_TCP_EARLY_DEMUX", "true"), ("ENABLE_POD_ENI", "true")])
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-enforcing-mode", pos(text, "env:", 2))]
    assert "DISABLE_TCP_EARLY_DEMUX on the aws-node container has no effect" in result.lines[0]


def test_enforcing_mode_starts_at_1_11_0(lint) -> None:
    env = [("ENABLE_POD_ENI", "true")]
    assert [rule for rule, _ in aws(lint, aws_node(":v1.11.0", ":v1.11.0", main_env=env))] == [
        "aws-node-enforcing-mode"
    ]
    assert [rule for rule, _ in aws(lint, aws_node(":v1.10.4", ":v1.10.4", main_env=env))] == [
        "aws-node-tcp-early-demux"
    ]


@pytest.mark.parametrize(
    ("main_tag", "init_tag", "main_env", "labels", "version"),
    [
        (":v1.18.3-eksbuild.2", ":v1.18.3", [], "", "v1.18.3"),
        (":1.7.5", ":1.7.5", [], "", "v1.7.5"),
        (":v1.12.1-rc1", ":latest", [], "", "v1.12.1"),
        (":v1.16.0" + DIGEST, DIGEST, [], "", "v1.16.0"),  # name:tag@digest: trust the tag
        (DIGEST, ":v1.10.4", [], "", "v1.10.4 (from the init image tag)"),
        (DIGEST, DIGEST, [("VPC_CNI_VERSION", "v1.16.2")], "", "v1.16.2 (from VPC_CNI_VERSION)"),
        (
            ":latest",
            ":latest",
            [],
            '    app.kubernetes.io/version: "v1.13.4"\n',
            "v1.13.4 (from the app.kubernetes.io/version label)",
        ),
    ],
)
def test_aws_node_version_sources(lint, main_tag, init_tag, main_env, labels, version) -> None:
    text = aws_node(main_tag, init_tag, main_env=[*main_env, ("ENABLE_POD_ENI", "true")], labels=labels)
    result = lint(text, "--select", AWS_RULES)
    assert len(result.lines) == 1
    assert f"VPC CNI {version} with ENABLE_POD_ENI=true" in result.lines[0]


@pytest.mark.parametrize(
    ("main_tag", "init_tag", "main_env"),
    [
        (DIGEST, DIGEST, []),
        (":latest", ":latest", []),
        ("", "", []),
        (DIGEST, DIGEST, [("VPC_CNI_VERSION", "valueFrom")]),
    ],
)
def test_aws_node_version_unknown_instead_of_guessing(lint, main_tag, init_tag, main_env) -> None:
    text = aws_node(main_tag, init_tag, main_env=[*main_env, ("ENABLE_POD_ENI", "true")], addr="-addr=unix:///x")
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-version-unknown", pos(text, f"image: {ECR}/amazon-k8s-cni{main_tag}\n"))]
    assert " info aws-node-version-unknown cannot tell which VPC CNI version aws-node runs" in result.lines[0]
    assert result.code == 0  # info only


def test_aws_node_is_found_by_image_whatever_its_name(lint) -> None:
    text = aws_node(":v1.10.0", name="vpc-cni", timeout="5").replace(
        ECR, "877085696533.dkr.ecr.af-south-1.amazonaws.com"
    )
    assert [rule for rule, _ in aws(lint, text)] == ["aws-node-probe-timeout", "aws-node-probe-timeout"]
    public = aws_node(":v1.19.0", name="cni", timeout="5").replace(ECR + "/", "public.ecr.aws/eks/")
    assert [rule for rule, _ in aws(lint, public)] == ["aws-node-probe-timeout", "aws-node-probe-timeout"]


def test_other_workloads_are_not_aws_node(lint) -> None:
    text = aws_node(":v1.10.0", timeout="5").replace("kind: DaemonSet", "kind: Deployment")
    text = text.replace("amazon-k8s-cni:", "my-cni:")
    assert aws(lint, text) == []


def test_aws_node_probe_timeout_points_at_timeout_or_probe_key(lint) -> None:
    text = aws_node(":v1.10.0", timeout="5")
    result = lint(text, "--select", "aws-node-probe-timeout")
    assert found(result.lines) == [
        ("aws-node-probe-timeout", pos(text, "timeoutSeconds: 5")),
        ("aws-node-probe-timeout", pos(text, "timeoutSeconds: 5", 2)),
    ]
    assert "aws-node liveness probe: timeoutSeconds is 5;" in result.lines[0]
    assert "OCI runtime exec failed ... resource temporarily unavailable" in result.lines[0]
    unset = aws_node(":v1.9.3", timeout="")
    result = lint(unset, "--select", "aws-node-probe-timeout")
    assert found(result.lines) == [
        ("aws-node-probe-timeout", pos(unset, "livenessProbe")),
        ("aws-node-probe-timeout", pos(unset, "readinessProbe")),
    ]
    assert "aws-node readiness probe: timeoutSeconds is unset, so the kubelet uses 1s" in result.lines[1]


def test_aws_node_probe_timeout_option(lint, tmp_path: Path) -> None:
    configure(tmp_path, "rules:\n  aws-node-probe-timeout:\n    min-timeout-seconds: 30\n")
    assert len(lint(aws_node(), "--select", "aws-node-probe-timeout").lines) == 2


def test_probe_address_tcp_against_1_23(lint) -> None:
    text = aws_node(":v1.23.0", ":v1.23.0")
    result = lint(text, "--select", "aws-node-probe-address")
    assert found(result.lines) == [
        ("aws-node-probe-address", pos(text, "-addr=:50051")),
        ("aws-node-probe-address", pos(text, "-addr=:50051", 2)),
    ]
    assert "removed in v1.23.0" in result.lines[0]
    assert "use -addr=unix:///var/run/aws-node/ipamd.sock" in result.lines[0]


def test_probe_address_unix_before_1_23(lint) -> None:
    text = aws_node(":v1.22.4", ":v1.22.4", addr="-addr=unix:///var/run/aws-node/ipamd.sock")
    result = lint(text, "--select", "aws-node-probe-address")
    assert found(result.lines)[0] == ("aws-node-probe-address", pos(text, "-addr=unix"))
    assert "use -addr=:50051" in result.lines[0]


def test_probe_address_matching_versions_are_fine(lint) -> None:
    assert aws(lint, aws_node(":v1.23.1", ":v1.23.1", addr="-addr=unix:///var/run/aws-node/ipamd.sock")) == []
    assert aws(lint, aws_node(":v1.22.4", ":v1.22.4")) == []


def test_probe_address_separate_flag_and_shell_forms(lint) -> None:
    text = aws_node(":v1.23.0", ":v1.23.0").replace(
        "[/app/grpc-health-probe, -addr=:50051, -connect-timeout=5s, -rpc-timeout=5s]",
        "[/app/grpc-health-probe, -addr, ':50051', -connect-timeout=5s, -rpc-timeout=5s]",
        1,
    )
    text = text.replace(
        "[/app/grpc-health-probe, -addr=:50051, -connect-timeout=5s, -rpc-timeout=5s]",
        '[sh, -c, "timeout 9 /app/grpc-health-probe -addr=:50051 -rpc-timeout=2s"]',
    )
    assert found(lint(text, "--select", "aws-node-probe-address").lines) == [
        ("aws-node-probe-address", pos(text, "-addr, ")),
        ("aws-node-probe-address", pos(text, '"timeout 9')),
    ]


def test_aws_node_in_a_kubectl_list(lint) -> None:
    item = aws_node(":v1.10.1", timeout="5")
    indented = "".join("    " + line if line.strip() else line for line in item.splitlines(keepends=True))
    text = "apiVersion: v1\nkind: List\nitems:\n  - " + indented[4:] + 'metadata:\n  resourceVersion: ""\n'
    result = lint(text, "--select", "aws-node-probe-timeout")
    assert found(result.lines) == [
        ("aws-node-probe-timeout", pos(text, "timeoutSeconds: 5")),
        ("aws-node-probe-timeout", pos(text, "timeoutSeconds: 5", 2)),
    ]


# --- real aws-node manifests, every release ------------------------------------------------------

VPC_CNI = CORPUS / "real" / "aws__amazon-vpc-cni-k8s"


def _release_manifests() -> list[Path]:
    if not VPC_CNI.is_dir():
        return []
    tagged = sorted(VPC_CNI.glob("tags/*/config/master/aws-k8s-cni.yaml"))
    branches = sorted(VPC_CNI.glob("config/v1.*/aws-k8s-cni.yaml"))
    return tagged + branches + [VPC_CNI / "config" / "master" / "aws-k8s-cni.yaml"]


def _version_of(path: Path) -> tuple[int, int, int] | None:
    """The release a manifest belongs to, from its folder; None for the latest (config/master)."""
    match = re.search(r"/v1\.(\d+)(?:\.(\d+))?", str(path.relative_to(VPC_CNI)).replace("tags/", "/"))
    if match is None:
        return None
    return (1, int(match.group(1)), int(match.group(2) or 99))


@needs_corpus()
@pytest.mark.parametrize("path", _release_manifests(), ids=lambda p: str(p.relative_to(VPC_CNI)))
def test_every_vpc_cni_release_gives_what_its_probes_deserve(path: Path) -> None:
    result = run_cli(["--select", AWS_RULES + ",exec-probe-timeout-mismatch,internal-error", str(path)])
    rules = sorted({line.split(" ")[2] for line in result.lines})
    version = _version_of(path)
    assert "Traceback" not in result.stderr
    if version is None or version >= (1, 10, 2):
        assert rules == [], result.lines
    elif version >= (1, 10, 0):
        assert rules == ["aws-node-probe-timeout"]  # timeoutSeconds 5, -connect-timeout=2s -rpc-timeout=2s
    elif version >= (1, 6, 0):
        # 1.6-1.9: no timeoutSeconds (1s) for grpc-health-probe's default 1s + 1s
        assert "aws-node-probe-timeout" in rules
        assert set(rules) <= {"aws-node-probe-timeout", "exec-probe-timeout-mismatch", "aws-node-version-unknown"}
    else:
        assert rules in ([], ["aws-node-version-unknown"])  # no probes before 1.6


def test_release_manifests_are_found_when_the_corpus_is_there() -> None:
    if not VPC_CNI.is_dir():
        pytest.skip("../shared/corpus is not available")
    assert len(_release_manifests()) > 60
