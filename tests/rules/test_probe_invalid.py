"""probe-invalid through the command line: rule id, line, column and message."""

from __future__ import annotations

import json
import textwrap

import pytest

from tests.support import details
from tests.support.apivalidity import API_RULES, BODY, KEY, SUB, SUBSUB, deployment, found, only, only_and_detail
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES as HEAD


def test_misspelt_fields_at_their_key_with_did_you_mean(lint) -> None:
    text = deployment("""\
        livenessProbe:
          httpget:
            path: /healthz
            port: 8080
          timeoutSecond: 5
          intialDelaySeconds: 10
        """)
    result = lint(text, "--select", "probe-invalid")
    # a misspelt handler is one problem: no second "has no handler" finding at livenessProbe
    assert found(result) == [
        (BODY + 1, SUB, "probe-invalid"),
        (BODY + 4, SUB, "probe-invalid"),
        (BODY + 5, SUB, "probe-invalid"),
    ]
    assert result.lines[0].count("did you mean httpGet?") == 1
    assert "did you mean timeoutSeconds?" in result.lines[1]
    assert "did you mean initialDelaySeconds?" in result.lines[2]
    assert result.lines[1] == (
        f'example.yaml:{BODY + 4}:{SUB}: error probe-invalid liveness probe: unknown field "timeoutSecond"; '
        "did you mean timeoutSeconds? (Deployment/web[web])"
    )
    assert (
        'strict decoding error: unknown field "spec.template.spec.containers[0].livenessProbe.timeoutSecond"'
        in details(lint(text, "--select", "probe-invalid", "--format", "json"))[1]
    )
    assert result.code == 1


def test_unknown_field_deep_in_a_handler_and_without_a_close_name(lint) -> None:
    result = lint(
        deployment("""\
            readinessProbe:
              tcpSocket:
                port: 80
                hots: localhost
              enabled: true
            """),
        "--select",
        "probe-invalid",
    )
    assert found(result) == [(BODY + 3, SUBSUB, "probe-invalid"), (BODY + 4, SUB, "probe-invalid")]
    assert "did you mean host?" in result.lines[0]
    assert 'unknown field "enabled"' in result.lines[1]
    assert result.lines[1].split(" (Deployment")[0].endswith("remove it")


def test_grpc_in_a_lifecycle_hook_is_unknown_there_and_not_also_handlerless(lint) -> None:
    result = lint(
        deployment("""\
            lifecycle:
              preStop:
                grpc:
                  port: 9090
            """),
        "--select",
        "probe-invalid",
    )
    assert found(result) == [(BODY + 2, SUBSUB, "probe-invalid")]
    assert "lifecycle hooks have no grpc action" in result.lines[0]


def test_sleep_in_a_probe_is_unknown_there(lint) -> None:
    result = lint(deployment("livenessProbe:\n  sleep: {seconds: 5}\n"), "--select", "probe-invalid")
    assert found(result) == [(BODY + 1, SUB, "probe-invalid")]
    assert "probes have no sleep action" in result.lines[0]


def test_quoted_number_is_a_type_error_at_the_key(lint) -> None:
    line, detail = only_and_detail(
        lint,
        deployment('livenessProbe:\n  tcpSocket: {port: 80}\n  timeoutSeconds: "5"\n'),
        "--select",
        "probe-invalid",
    )
    assert line.startswith(f"example.yaml:{BODY + 2}:{SUB}: error probe-invalid liveness probe: timeoutSeconds is ")
    assert 'timeoutSeconds is the string "5", not an integer;' in line
    assert (
        "json: cannot unmarshal string into Go struct field "
        "Probe.spec.template.spec.containers.livenessProbe.timeoutSeconds of type int32" in detail
    )
    assert "remove the quotes: timeoutSeconds: 5" in line


@pytest.mark.parametrize(
    ("value", "what", "message"),
    [
        ("1.5", "the number 1.5", "cannot unmarshal number 1.5 into Go struct field"),
        ("yes", "the boolean yes", "cannot unmarshal bool into Go struct field"),
        ("[1]", "a list", "cannot unmarshal array into Go struct field"),
        ("3000000000", "the number 3000000000", "cannot unmarshal number 3000000000 into Go struct field"),
    ],
)
def test_values_that_do_not_decode_into_int32(lint, value: str, what: str, message: str) -> None:
    line, detail = only_and_detail(
        lint,
        deployment(f"readinessProbe:\n  tcpSocket: {{port: 80}}\n  periodSeconds: {value}\n"),
        "--select",
        "probe-invalid",
    )
    assert line == (
        f"example.yaml:{BODY + 2}:{SUB}: error probe-invalid readiness probe: periodSeconds is {what}, not an integer; "
        "write an integer (Deployment/web[web])"
    )
    assert message in detail


@pytest.mark.parametrize("value", ["5.0", "1e1", "0", "0x10", "~"])
def test_values_that_kubernetes_reads_as_integers_or_unset_pass(lint, value: str) -> None:
    result = lint(
        deployment(f"readinessProbe:\n  tcpSocket: {{port: 80}}\n  periodSeconds: {value}\n"),
        "--select",
        "probe-invalid",
    )
    assert result.lines == []
    assert result.code == 0


@pytest.mark.parametrize(
    "field", ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]
)
def test_negative_numbers(lint, field: str) -> None:
    line, detail = only_and_detail(
        lint, deployment(f"readinessProbe:\n  tcpSocket: {{port: 80}}\n  {field}: -1\n"), "--select", "probe-invalid"
    )
    assert line == (
        f"example.yaml:{BODY + 2}:{SUB}: error probe-invalid readiness probe: {field} is -1; "
        "use a positive number (0 or unset means the default) (Deployment/web[web])"
    )
    assert f"readinessProbe.{field}: Invalid value: -1: must be greater than or equal to 0" in detail


def test_string_command_and_number_in_a_command_and_header_value(lint) -> None:
    text = deployment("""\
        livenessProbe:
          exec:
            command: cat /tmp/healthy
        readinessProbe:
          exec:
            command: [sleep, 5]
        startupProbe:
          httpGet:
            port: 80
            httpHeaders:
              - name: X-Probe
                value: 1
        """)
    result = lint(text, "--select", "probe-invalid")
    why = details(lint(text, "--select", "probe-invalid", "--format", "json"))
    assert found(result) == [
        (BODY + 2, SUBSUB, "probe-invalid"),
        (BODY + 5, 32, "probe-invalid"),  # the list item `5`
        (BODY + 11, 19, "probe-invalid"),
    ]
    assert 'exec.command is the string "cat /tmp/healthy", not a list of strings' in result.lines[0]
    assert 'command: ["sh", "-c", "cat /tmp/healthy"]' in why[0]
    assert "of type []string" in why[0]
    assert "cannot unmarshal number into Go struct field ExecAction." in why[1]
    assert (
        "into Go struct field HTTPHeader.spec.template.spec.containers.startupProbe.httpGet.httpHeaders.value" in why[2]
    )


def test_a_probe_that_is_not_a_mapping(lint) -> None:
    line, detail = only_and_detail(lint, deployment("livenessProbe: /healthz\n"), "--select", "probe-invalid")
    assert line == (
        f'example.yaml:{BODY}:{KEY}: error probe-invalid liveness probe is the string "/healthz", not a mapping; '
        "write a mapping (Deployment/web[web])"
    )
    assert "Go struct field Container.spec.template.spec.containers.livenessProbe of type v1.Probe" in detail


def test_no_handler_points_at_the_probe_key(lint) -> None:
    text = deployment("livenessProbe:\n  periodSeconds: 10\nreadinessProbe: {}\nstartupProbe:\n  httpGet: ~\n")
    result = lint(text, "--select", "probe-invalid")
    assert found(result) == [
        (BODY, KEY, "probe-invalid"),
        (BODY + 2, KEY, "probe-invalid"),
        (BODY + 3, KEY, "probe-invalid"),
    ]
    assert "liveness probe has no handler; add exactly one of exec, httpGet, tcpSocket or grpc" in result.lines[0]
    why = details(lint(text, "--select", "probe-invalid", "--format", "json"))
    assert "livenessProbe: Required value: must specify a handler type" in why[0]


def test_second_and_third_handlers_point_at_the_later_keys(lint) -> None:
    text = deployment("""\
        readinessProbe:
          grpc: {port: 9090}
          tcpSocket: {port: 80}
          exec: {command: [/bin/true]}
        """)
    result = lint(text, "--select", "probe-invalid")
    # API order exec, httpGet, tcpSocket, grpc: exec is first however the keys are written
    assert found(result) == [(BODY + 1, SUB, "probe-invalid"), (BODY + 2, SUB, "probe-invalid")]
    assert "grpc is a second handler next to exec and tcpSocket" in result.lines[0]
    why = details(lint(text, "--select", "probe-invalid", "--format", "json"))
    assert "readinessProbe.grpc: Forbidden: may not specify more than 1 handler type" in why[0]
    assert "tcpSocket is a second handler next to exec" in result.lines[1]


def test_two_handlers_in_a_lifecycle_hook(lint) -> None:
    result = lint(
        deployment("lifecycle:\n  preStop:\n    exec: {command: [drain]}\n    sleep: {seconds: 5}\n"),
        "--select",
        "probe-invalid",
    )
    assert found(result) == [(BODY + 3, 5 + KEY - 1, "probe-invalid")]
    assert "preStop hook: sleep is a second handler next to exec" in result.lines[0]


@pytest.mark.parametrize(
    ("command", "line", "column", "text"),
    [
        ("exec:\n    command: []", BODY + 2, SUBSUB, "exec.command is empty"),
        ("exec: {}", BODY + 1, SUB, "exec.command is missing"),
    ],
)
def test_empty_or_missing_exec_command(lint, command: str, line: int, column: int, text: str) -> None:
    result = lint(deployment(f"livenessProbe:\n  {command}\n"), "--select", "probe-invalid")
    assert found(result) == [(line, column, "probe-invalid")]
    assert f"{text}; give the program and its arguments, e.g. " in result.lines[0]
    (why,) = details(
        lint(deployment(f"livenessProbe:\n  {command}\n"), "--select", "probe-invalid", "--format", "json")
    )
    assert "livenessProbe.exec.command: Required value" in why


@pytest.mark.parametrize(
    ("kind", "flagged"), [("livenessProbe", True), ("startupProbe", True), ("readinessProbe", False)]
)
def test_success_threshold_must_be_one_on_liveness_and_startup(lint, kind: str, flagged: bool) -> None:
    text = deployment(f"{kind}:\n  tcpSocket: {{port: 80}}\n  successThreshold: 2\n")
    result = lint(text, "--select", "probe-invalid")
    assert found(result) == ([(BODY + 2, SUB, "probe-invalid")] if flagged else [])
    if flagged:
        assert "successThreshold is 2; " in result.lines[0]
        (why,) = details(lint(text, "--select", "probe-invalid", "--format", "json"))
        assert f"{kind}.successThreshold: Invalid value: 2: must be 1" in why


@pytest.mark.parametrize("value", ["0", "1"])
def test_success_threshold_zero_or_one_passes_on_liveness(lint, value: str) -> None:
    result = lint(
        deployment(f"livenessProbe:\n  tcpSocket: {{port: 80}}\n  successThreshold: {value}\n"),
        "--select",
        "probe-invalid",
    )
    assert result.lines == []


@pytest.mark.parametrize(
    ("kind", "value", "detail"),
    [
        ("readinessProbe", "30", "Invalid value: 30: must not be set for readinessProbes"),
        ("livenessProbe", "0", "Invalid value: 0: must be greater than 0"),
        ("startupProbe", "-5", "Invalid value: -5: must be greater than 0"),
    ],
)
def test_probe_termination_grace_period(lint, kind: str, value: str, detail: str) -> None:
    text = f"{kind}:\n  tcpSocket: {{port: 80}}\n  terminationGracePeriodSeconds: {value}\n"
    line, why = only_and_detail(lint, deployment(text), "--select", "probe-invalid")
    assert line.startswith(f"example.yaml:{BODY + 2}:{SUB}: error probe-invalid")
    assert f"terminationGracePeriodSeconds is {value}; " in line
    assert f"{kind}.terminationGracePeriodSeconds: {detail}" in why


def test_probe_termination_grace_period_on_liveness_passes(lint) -> None:
    text = "livenessProbe:\n  tcpSocket: {port: 80}\n  terminationGracePeriodSeconds: 10\n"
    assert lint(deployment(text), "--select", "probe-invalid").lines == []


@pytest.mark.parametrize(
    ("port", "detail"),
    [
        ("grpc", "cannot unmarshal string into Go struct field GRPCAction."),
        ('"9090"', "cannot unmarshal string into Go struct field GRPCAction."),
        ("0", "grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive"),
        ("65536", "grpc.port: Invalid value: 65536: must be between 1 and 65535, inclusive"),
    ],
)
def test_grpc_port_must_be_a_number_in_range(lint, port: str, detail: str) -> None:
    line, why = only_and_detail(
        lint, deployment(f"livenessProbe:\n  grpc:\n    port: {port}\n"), "--select", "probe-invalid"
    )
    assert line.startswith(f"example.yaml:{BODY + 2}:{SUBSUB}: error probe-invalid liveness probe: grpc.port is ")
    assert detail in why


def test_grpc_without_port_points_at_grpc(lint) -> None:
    line, why = only_and_detail(
        lint, deployment("livenessProbe:\n  grpc:\n    service: health\n"), "--select", "probe-invalid"
    )
    assert line == (
        f"example.yaml:{BODY + 1}:{SUB}: error probe-invalid liveness probe: grpc.port is missing; "
        "add the port number the gRPC health service listens on (Deployment/web[web])"
    )
    assert "livenessProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive" in why


@pytest.mark.parametrize(
    ("port", "detail"),
    [
        ('"8080"', 'Invalid value: "8080": must contain at least one letter (a-z)'),
        ("0", "Invalid value: 0: must be between 1 and 65535, inclusive"),
        ("65536", "Invalid value: 65536: must be between 1 and 65535, inclusive"),
        (
            "http_alt",
            'Invalid value: "http_alt": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        ),
        ("Http", 'Invalid value: "Http": must contain only alpha-numeric characters'),
        ("web--ui", 'Invalid value: "web--ui": must not contain consecutive hyphens'),
        ("-web", 'Invalid value: "-web": must not begin or end with a hyphen'),
        ("very-long-port-name", 'Invalid value: "very-long-port-name": must be no more than 15 characters'),
        ("true", "json: cannot unmarshal bool into Go value of type int32"),
    ],
)
@pytest.mark.parametrize("handler", ["httpGet", "tcpSocket"])
def test_http_and_tcp_ports(lint, handler: str, port: str, detail: str) -> None:
    line, why = only_and_detail(
        lint, deployment(f"readinessProbe:\n  {handler}:\n    port: {port}\n"), "--select", "probe-invalid"
    )
    assert line.startswith(f"example.yaml:{BODY + 2}:{SUBSUB}: error probe-invalid readiness probe: {handler}.port is ")
    assert detail in why


def test_quoted_port_number_says_to_remove_the_quotes(lint) -> None:
    line = only(lint(deployment("readinessProbe:\n  httpGet:\n    port: '8080'\n"), "--select", "probe-invalid"))
    assert line.split(" (Deployment")[0].endswith("remove the quotes: port: 8080")


def test_a_port_name_with_several_faults_is_one_finding(lint) -> None:
    line, why = only_and_detail(
        lint, deployment("readinessProbe:\n  tcpSocket:\n    port: Web--\n"), "--select", "probe-invalid"
    )
    assert line.startswith(
        f'example.yaml:{BODY + 2}:{SUBSUB}: error probe-invalid readiness probe: tcpSocket.port is "Web--"; '
    )
    assert (
        'Invalid value: "Web--": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), '
        "must not contain consecutive hyphens, must not begin or end with a hyphen" in why
    )


@pytest.mark.parametrize("port", ["8080", "http", "metrics-01", "h2c"])
def test_valid_ports_pass(lint, port: str) -> None:
    assert lint(deployment(f"readinessProbe:\n  httpGet:\n    port: {port}\n"), "--select", "probe-invalid").lines == []


def test_missing_http_port_points_at_http_get(lint) -> None:
    line = only(lint(deployment("readinessProbe:\n  httpGet:\n    path: /ready\n"), "--select", "probe-invalid"))
    assert line.startswith(
        f"example.yaml:{BODY + 1}:{SUB}: error probe-invalid readiness probe: httpGet.port is missing"
    )


@pytest.mark.parametrize(
    ("scheme", "fix"),
    [("https", "write httpGet.scheme: HTTPS"), ("Http", "write httpGet.scheme: HTTP"), ("TLS", "HTTP or HTTPS")],
)
def test_scheme_must_be_exactly_http_or_https(lint, scheme: str, fix: str) -> None:
    line, why = only_and_detail(
        lint,
        deployment(f"readinessProbe:\n  httpGet:\n    port: 80\n    scheme: {scheme}\n"),
        "--select",
        "probe-invalid",
    )
    assert line.startswith(f"example.yaml:{BODY + 3}:{SUBSUB}: error probe-invalid")
    assert f'httpGet.scheme is "{scheme}"; ' in line
    assert f'httpGet.scheme: Unsupported value: "{scheme}": supported values: "HTTP", "HTTPS"' in why
    assert fix in line


@pytest.mark.parametrize(
    ("name", "flagged"), [("X_Probe", True), ("X Probe", True), ('""', True), ("X-Probe-2", False)]
)
def test_header_names(lint, name: str, flagged: bool) -> None:
    text = f"readinessProbe:\n  httpGet:\n    port: 80\n    httpHeaders:\n      - name: {name}\n        value: x\n"
    result = lint(deployment(text), "--select", "probe-invalid")
    assert found(result) == ([(BODY + 4, 19, "probe-invalid")] if flagged else [])
    if flagged:
        assert "; use only letters, digits and '-' in header names (Deployment/web[web])" in result.lines[0]
        (why,) = details(lint(deployment(text), "--select", "probe-invalid", "--format", "json"))
        assert "a valid HTTP header must consist of alphanumeric characters or '-'" in why


def test_sleep_seconds_negative_or_beyond_the_grace_period(lint) -> None:
    text = HEAD.replace(
        "      containers:\n", "      terminationGracePeriodSeconds: 20\n      containers:\n"
    ) + textwrap.indent(
        "lifecycle:\n  postStart:\n    sleep: {seconds: -1}\n  preStop:\n    sleep:\n      seconds: 21\n", " " * 10
    )
    result = lint(text, "--select", "probe-invalid")
    assert found(result) == [(BODY + 3, 23, "probe-invalid"), (BODY + 6, 17, "probe-invalid")]
    assert "postStart hook: sleep is a mapping" not in result.lines[0]
    detail = "must be non-negative and less than terminationGracePeriodSeconds (20)"
    assert "postStart hook: sleep.seconds is -1; " in result.lines[0]
    assert "preStop hook: sleep.seconds is 21; " in result.lines[1]
    why = details(lint(text, "--select", "probe-invalid", "--format", "json"))
    assert f"postStart.sleep.seconds: Invalid value: -1: {detail}" in why[0]
    assert f"preStop.sleep.seconds: Invalid value: 21: {detail}" in why[1]


def test_sleep_up_to_the_default_grace_period_passes(lint) -> None:
    assert (
        lint(deployment("lifecycle:\n  preStop:\n    sleep: {seconds: 30}\n"), "--select", "probe-invalid").lines == []
    )


def test_identical_probes_each_point_at_their_own_lines(lint) -> None:
    probe = "livenessProbe:\n  tcpSocket: {port: 80}\n  timeoutSecond: 5\n"
    text = (
        deployment(probe) + "        - name: second\n          image: nginx:1.27\n" + textwrap.indent(probe, " " * 10)
    )
    result = lint(text, "--select", "probe-invalid")
    assert found(result) == [(BODY + 2, SUB, "probe-invalid"), (BODY + 7, SUB, "probe-invalid")]
    assert result.lines[0].endswith("(Deployment/web[web])")
    assert result.lines[1].endswith("(Deployment/web[second])")
    why = details(lint(text, "--select", "probe-invalid", "--format", "json"))
    assert "containers[0].livenessProbe.timeoutSecond" in why[0]
    assert "containers[1].livenessProbe.timeoutSecond" in why[1]


def test_list_items_are_checked_with_paths_as_kubectl_reports_them(lint) -> None:
    text = "apiVersion: v1\nkind: List\nitems:\n" + textwrap.indent(
        deployment("livenessProbe:\n  tcpSocket: {port: 0}\n"), "  "
    )
    text = text.replace("  apiVersion: apps/v1", "- apiVersion: apps/v1", 1)
    line, why = only_and_detail(lint, text, "--select", "probe-invalid")
    assert line.startswith(f"example.yaml:{BODY + 4}:27: error probe-invalid")
    assert "(spec.template.spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: 0:" in why
    (finding,) = json.loads(lint(text, "--select", "probe-invalid", "--format", "json").stdout)["findings"]
    assert finding["path"] == "items[0].spec.template.spec.containers[0].livenessProbe.tcpSocket.port"


def test_merge_keys_are_resolved_and_nulls_are_unset(lint) -> None:
    text = deployment("""\
        livenessProbe: &probe
          tcpSocket: {port: 80}
          timeoutSeconds: 5
        readinessProbe:
          <<: *probe
          periodSeconds: 5
          failureThreshold: ~
        startupProbe:
        """)
    assert lint(text, "--select", "probe-invalid").lines == []


def test_init_containers_are_left_to_probe_on_init_container(lint) -> None:
    text = HEAD.replace(
        "      containers:\n",
        "      initContainers:\n        - name: init\n          livenessProbe: {timeoutSecond: 1}\n      containers:\n",
    )
    result = lint(text, "--select", API_RULES)
    assert found(result) == [(BODY - 3 + 2, KEY, "probe-on-init-container")]


def test_sidecars_are_checked(lint) -> None:
    text = HEAD.replace(
        "      containers:\n",
        "      initContainers:\n        - name: proxy\n          restartPolicy: Always\n"
        "          livenessProbe: {tcpSocket: {port: '15021'}}\n      containers:\n",
    )
    result = lint(text, "--select", API_RULES)
    assert found(result) == [(BODY - 3 + 3, 39, "probe-invalid")]
    assert result.lines[0].endswith("(Deployment/web[proxy])")
    (why,) = details(lint(text, "--select", API_RULES, "--format", "json"))
    assert "initContainers[0].livenessProbe.tcpSocket.port" in why
