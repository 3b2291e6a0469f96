"""API validity rules through the command line: probe-invalid, probe-on-init-container, duplicate-key and
env-value-not-string, with exact rule ids, lines and columns."""

from __future__ import annotations

import json
import re
import textwrap

import pytest
from conftest import CORPUS, needs_corpus, run_cli
from jsonschema import Draft202012Validator
from manifests import DEPLOYMENT_WITHOUT_PROBES as HEAD

from probelint.apivalidation import schemas
from probelint.model.extract import workloads_in
from probelint.reading.loader import load_text
from probelint.rules import duplicate_key

API_RULES = "probe-invalid,probe-on-init-container,duplicate-key,env-value-not-string"
_LINE_RE = re.compile(r"^example\.yaml:(\d+):(\d+): \w+ ([\w-]+) ")

BODY = len(HEAD.splitlines()) + 1  # the line of the first line of a container body
KEY, SUB, SUBSUB = 11, 13, 15  # columns of a container key, of a key under it, and one level deeper


def deployment(body: str) -> str:
    """HEAD plus container fields, written at the container's indentation (first body line: BODY)."""
    return HEAD + textwrap.indent(textwrap.dedent(body), " " * 10)


def found(result) -> list[tuple[int, int, str]]:
    """(line, column, rule) of every finding."""
    rows = []
    for line in result.lines:
        match = _LINE_RE.match(line)
        assert match, line
        rows.append((int(match.group(1)), int(match.group(2)), match.group(3)))
    return rows


def only(result) -> str:
    """The single finding's line."""
    assert len(result.lines) == 1, result.lines
    return result.lines[0]


# --- probe-invalid: unknown fields -------------------------------------------------------------------


def test_misspelt_fields_at_their_key_with_did_you_mean(lint) -> None:
    result = lint(
        deployment("""\
            livenessProbe:
              httpget:
                path: /healthz
                port: 8080
              timeoutSecond: 5
              intialDelaySeconds: 10
            """),
        "--select",
        "probe-invalid",
    )
    # a misspelt handler is one problem: no second "has no handler" finding at livenessProbe
    assert found(result) == [
        (BODY + 1, SUB, "probe-invalid"),
        (BODY + 4, SUB, "probe-invalid"),
        (BODY + 5, SUB, "probe-invalid"),
    ]
    assert result.lines[0].count("did you mean httpGet?") == 1
    assert "did you mean timeoutSeconds?" in result.lines[1]
    assert "did you mean initialDelaySeconds?" in result.lines[2]
    assert (
        'strict decoding error: unknown field "spec.template.spec.containers[0].livenessProbe.timeoutSecond"'
        in (result.lines[1])
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
    assert 'unknown field "enabled"' in result.lines[1] and result.lines[1].split(" (Deployment")[0].endswith(
        "remove it"
    )


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


# --- probe-invalid: types and numbers ------------------------------------------------------------------


def test_quoted_number_is_a_type_error_at_the_key(lint) -> None:
    line = only(
        lint(
            deployment('livenessProbe:\n  tcpSocket: {port: 80}\n  timeoutSeconds: "5"\n'), "--select", "probe-invalid"
        )
    )
    assert line.startswith(f"example.yaml:{BODY + 2}:{SUB}: error probe-invalid liveness probe: timeoutSeconds is ")
    assert (
        "json: cannot unmarshal string into Go struct field "
        "Probe.spec.template.spec.containers.livenessProbe.timeoutSeconds of type int32" in line
    )
    assert "remove the quotes: timeoutSeconds: 5" in line


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1.5", "cannot unmarshal number 1.5 into Go struct field"),
        ("yes", "cannot unmarshal bool into Go struct field"),
        ("[1]", "cannot unmarshal array into Go struct field"),
        ("3000000000", "cannot unmarshal number 3000000000 into Go struct field"),
    ],
)
def test_values_that_do_not_decode_into_int32(lint, value: str, message: str) -> None:
    line = only(
        lint(
            deployment(f"readinessProbe:\n  tcpSocket: {{port: 80}}\n  periodSeconds: {value}\n"),
            "--select",
            "probe-invalid",
        )
    )
    assert line.startswith(f"example.yaml:{BODY + 2}:{SUB}: error probe-invalid readiness probe: periodSeconds is ")
    assert message in line


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
    line = only(
        lint(deployment(f"readinessProbe:\n  tcpSocket: {{port: 80}}\n  {field}: -1\n"), "--select", "probe-invalid")
    )
    assert line.startswith(f"example.yaml:{BODY + 2}:{SUB}: error probe-invalid readiness probe: {field} is -1;")
    assert f"readinessProbe.{field}: Invalid value: -1: must be greater than or equal to 0" in line


def test_string_command_and_number_in_a_command_and_header_value(lint) -> None:
    result = lint(
        deployment("""\
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
            """),
        "--select",
        "probe-invalid",
    )
    assert found(result) == [
        (BODY + 2, SUBSUB, "probe-invalid"),
        (BODY + 5, 32, "probe-invalid"),  # the list item `5`
        (BODY + 11, 19, "probe-invalid"),
    ]
    assert 'command: ["sh", "-c", "cat /tmp/healthy"]' in result.lines[0]
    assert "of type []string" in result.lines[0]
    assert "cannot unmarshal number into Go struct field ExecAction." in result.lines[1]
    assert (
        "into Go struct field HTTPHeader.spec.template.spec.containers.startupProbe.httpGet.httpHeaders.value"
        in (result.lines[2])
    )


def test_a_probe_that_is_not_a_mapping(lint) -> None:
    line = only(lint(deployment("livenessProbe: /healthz\n"), "--select", "probe-invalid"))
    assert line.startswith(f"example.yaml:{BODY}:{KEY}: error probe-invalid liveness probe is the string")
    assert "Go struct field Container.spec.template.spec.containers.livenessProbe of type v1.Probe" in line


# --- probe-invalid: handlers ---------------------------------------------------------------------------


def test_no_handler_points_at_the_probe_key(lint) -> None:
    result = lint(
        deployment("livenessProbe:\n  periodSeconds: 10\nreadinessProbe: {}\nstartupProbe:\n  httpGet: ~\n"),
        "--select",
        "probe-invalid",
    )
    assert found(result) == [
        (BODY, KEY, "probe-invalid"),
        (BODY + 2, KEY, "probe-invalid"),
        (BODY + 3, KEY, "probe-invalid"),
    ]
    assert "liveness probe has no handler" in result.lines[0]
    assert "livenessProbe: Required value: must specify a handler type" in result.lines[0]


def test_second_and_third_handlers_point_at_the_later_keys(lint) -> None:
    result = lint(
        deployment("""\
            readinessProbe:
              grpc: {port: 9090}
              tcpSocket: {port: 80}
              exec: {command: [/bin/true]}
            """),
        "--select",
        "probe-invalid",
    )
    # API order exec, httpGet, tcpSocket, grpc: exec is first however the keys are written
    assert found(result) == [(BODY + 1, SUB, "probe-invalid"), (BODY + 2, SUB, "probe-invalid")]
    assert "grpc is a second handler next to exec and tcpSocket" in result.lines[0]
    assert "readinessProbe.grpc: Forbidden: may not specify more than 1 handler type" in result.lines[0]
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
    assert text in result.lines[0] and "livenessProbe.exec.command: Required value" in result.lines[0]


# --- probe-invalid: per-kind rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "flagged"), [("livenessProbe", True), ("startupProbe", True), ("readinessProbe", False)]
)
def test_success_threshold_must_be_one_on_liveness_and_startup(lint, kind: str, flagged: bool) -> None:
    result = lint(
        deployment(f"{kind}:\n  tcpSocket: {{port: 80}}\n  successThreshold: 2\n"), "--select", "probe-invalid"
    )
    assert found(result) == ([(BODY + 2, SUB, "probe-invalid")] if flagged else [])
    if flagged:
        assert f"{kind}.successThreshold: Invalid value: 2: must be 1" in result.lines[0]


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
    line = only(lint(deployment(text), "--select", "probe-invalid"))
    assert line.startswith(f"example.yaml:{BODY + 2}:{SUB}: error probe-invalid")
    assert f"{kind}.terminationGracePeriodSeconds: {detail}" in line


def test_probe_termination_grace_period_on_liveness_passes(lint) -> None:
    text = "livenessProbe:\n  tcpSocket: {port: 80}\n  terminationGracePeriodSeconds: 10\n"
    assert lint(deployment(text), "--select", "probe-invalid").lines == []


# --- probe-invalid: ports, scheme, headers -------------------------------------------------------------


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
    line = only(lint(deployment(f"livenessProbe:\n  grpc:\n    port: {port}\n"), "--select", "probe-invalid"))
    assert line.startswith(f"example.yaml:{BODY + 2}:{SUBSUB}: error probe-invalid liveness probe: grpc.port is ")
    assert detail in line


def test_grpc_without_port_points_at_grpc(lint) -> None:
    line = only(lint(deployment("livenessProbe:\n  grpc:\n    service: health\n"), "--select", "probe-invalid"))
    assert line.startswith(f"example.yaml:{BODY + 1}:{SUB}: error probe-invalid liveness probe: grpc.port is missing")
    assert "livenessProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive" in line


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
    line = only(lint(deployment(f"readinessProbe:\n  {handler}:\n    port: {port}\n"), "--select", "probe-invalid"))
    assert line.startswith(f"example.yaml:{BODY + 2}:{SUBSUB}: error probe-invalid readiness probe: {handler}.port is ")
    assert detail in line


def test_quoted_port_number_says_to_remove_the_quotes(lint) -> None:
    line = only(lint(deployment("readinessProbe:\n  httpGet:\n    port: '8080'\n"), "--select", "probe-invalid"))
    assert line.split(" (Deployment")[0].endswith("remove the quotes: port: 8080")


def test_a_port_name_with_several_faults_is_one_finding(lint) -> None:
    line = only(lint(deployment("readinessProbe:\n  tcpSocket:\n    port: Web--\n"), "--select", "probe-invalid"))
    assert (
        'Invalid value: "Web--": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), '
        "must not contain consecutive hyphens, must not begin or end with a hyphen" in line
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
    line = only(
        lint(
            deployment(f"readinessProbe:\n  httpGet:\n    port: 80\n    scheme: {scheme}\n"),
            "--select",
            "probe-invalid",
        )
    )
    assert line.startswith(f"example.yaml:{BODY + 3}:{SUBSUB}: error probe-invalid")
    assert f'httpGet.scheme: Unsupported value: "{scheme}": supported values: "HTTP", "HTTPS"' in line
    assert fix in line


@pytest.mark.parametrize(
    ("name", "flagged"), [("X_Probe", True), ("X Probe", True), ('""', True), ("X-Probe-2", False)]
)
def test_header_names(lint, name: str, flagged: bool) -> None:
    text = f"readinessProbe:\n  httpGet:\n    port: 80\n    httpHeaders:\n      - name: {name}\n        value: x\n"
    result = lint(deployment(text), "--select", "probe-invalid")
    assert found(result) == ([(BODY + 4, 19, "probe-invalid")] if flagged else [])
    if flagged:
        assert "a valid HTTP header must consist of alphanumeric characters or '-'" in result.lines[0]


# --- probe-invalid: lifecycle sleep ---------------------------------------------------------------------


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
    assert f"postStart.sleep.seconds: Invalid value: -1: {detail}" in result.lines[0]
    assert f"preStop.sleep.seconds: Invalid value: 21: {detail}" in result.lines[1]


def test_sleep_up_to_the_default_grace_period_passes(lint) -> None:
    assert (
        lint(deployment("lifecycle:\n  preStop:\n    sleep: {seconds: 30}\n"), "--select", "probe-invalid").lines == []
    )


# --- probe-invalid: scope and positions -----------------------------------------------------------------


def test_identical_probes_each_point_at_their_own_lines(lint) -> None:
    probe = "livenessProbe:\n  tcpSocket: {port: 80}\n  timeoutSecond: 5\n"
    text = (
        deployment(probe) + "        - name: second\n          image: nginx:1.27\n" + textwrap.indent(probe, " " * 10)
    )
    result = lint(text, "--select", "probe-invalid")
    assert found(result) == [(BODY + 2, SUB, "probe-invalid"), (BODY + 7, SUB, "probe-invalid")]
    assert result.lines[0].endswith("container web)") and result.lines[1].endswith("container second)")
    assert "containers[1].livenessProbe.timeoutSecond" in result.lines[1]


def test_list_items_are_checked_with_paths_as_kubectl_reports_them(lint) -> None:
    text = "apiVersion: v1\nkind: List\nitems:\n" + textwrap.indent(
        deployment("livenessProbe:\n  tcpSocket: {port: 0}\n"), "  "
    )
    text = text.replace("  apiVersion: apps/v1", "- apiVersion: apps/v1", 1)
    line = only(lint(text, "--select", "probe-invalid"))
    assert line.startswith(f"example.yaml:{BODY + 4}:27: error probe-invalid")
    assert "(spec.template.spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: 0:" in line
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
    assert "initContainers[0].livenessProbe.tcpSocket.port" in result.lines[0]


# --- probe-on-init-container ----------------------------------------------------------------------------

INIT = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: wait
          image: busybox:1.36
"""


@pytest.mark.parametrize("field", ["livenessProbe", "readinessProbe", "startupProbe", "lifecycle"])
def test_probe_or_lifecycle_on_an_init_container(lint, field: str) -> None:
    value = "{preStop: {sleep: {seconds: 1}}}" if field == "lifecycle" else "{exec: {command: [/bin/true]}}"
    text = (
        INIT + f"          {field}: {value}\n      containers:\n        - name: migrate\n          image: migrate:4\n"
    )
    line = only(lint(text, "--select", "probe-on-init-container"))
    assert line.startswith("example.yaml:12:11: error probe-on-init-container init container has ")
    assert (
        f"(spec.template.spec.initContainers[0].{field}: Forbidden: may not be set for init containers without " in line
    )
    assert line.endswith("(Job/migrate, container wait)")


def test_init_container_with_another_restart_policy_names_it(lint) -> None:
    text = INIT + "          restartPolicy: OnFailure\n          readinessProbe: {exec: {command: [/bin/true]}}\n"
    text += "      containers:\n        - name: migrate\n          image: migrate:4\n"
    line = only(lint(text, "--select", "probe-on-init-container"))
    assert line.startswith("example.yaml:13:11:")
    assert 'restartPolicy is "OnFailure", and only Always (a sidecar) allows it' in line


def test_sidecars_null_probes_and_plain_init_containers_pass(lint) -> None:
    text = INIT + (
        "          livenessProbe:\n"
        "        - name: proxy\n          image: envoy:1\n          restartPolicy: Always\n"
        "          readinessProbe: {tcpSocket: {port: 9901}}\n          lifecycle: {preStop: {sleep: {seconds: 1}}}\n"
        "      containers:\n        - name: migrate\n          image: migrate:4\n"
        "          readinessProbe: {tcpSocket: {port: 80}}\n"
    )
    assert lint(text, "--select", "probe-on-init-container").lines == []


# --- duplicate-key ----------------------------------------------------------------------------------------


def test_duplicate_key_in_a_probe_points_at_the_second_and_names_the_first(lint) -> None:
    text = deployment(
        "readinessProbe:\n  tcpSocket: {port: 80}\n  timeoutSeconds: 5\n  periodSeconds: 10\n  timeoutSeconds: 1\n"
    )
    line = only(lint(text, "--select", "duplicate-key"))
    assert line.startswith(
        f'example.yaml:{BODY + 4}:{SUB}: error duplicate-key duplicate key "timeoutSeconds" (first at line {BODY + 2})'
    )
    assert line.endswith("(Deployment/web, container web)")


def test_duplicate_keys_anywhere_in_the_object(lint) -> None:
    text = HEAD.replace("  name: web\n", "  name: web\n  name: api\n").replace(
        "    matchLabels: {app: web}\n", "    matchLabels: {app: web, app: api}\n"
    )
    result = lint(text, "--select", "duplicate-key")
    assert found(result) == [(5, 3, "duplicate-key"), (8, 29, "duplicate-key")]
    assert "container" not in result.lines[0].rsplit("(", 1)[1]  # not inside a container


def test_duplicate_key_in_a_list_item_and_not_for_merge_overrides(lint) -> None:
    item = deployment("""\
        livenessProbe: &probe
          tcpSocket: {port: 80}
          timeoutSeconds: 5
        readinessProbe:
          <<: *probe
          timeoutSeconds: 2
          timeoutSeconds: 3
        """)
    text = "apiVersion: v1\nkind: List\nitems:\n" + textwrap.indent(item, "  ").replace(
        "  apiVersion", "- apiVersion", 1
    )
    result = lint(text, "--select", "duplicate-key")
    assert found(result) == [(BODY + 3 + 6, SUB + 2, "duplicate-key")]
    assert f"(first at line {BODY + 3 + 5})" in result.lines[0]


def test_a_shared_mapping_is_walked_once_so_alias_bombs_stay_linear() -> None:
    """A duplicate inside a mapping that an alias bomb repeats 9**4 times is reported once."""
    lines = ["apiVersion: v1", "kind: Pod", "metadata: {name: bomb}", "x0: &a0 {k: 1, k: 2}"]
    lines += [f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 5)]
    lines += ["spec:", "  containers:", "    - name: c", "      image: x", "      args: *a4"]
    loaded = load_text("bomb.yaml", "\n".join(lines) + "\n")
    (workload,) = workloads_in(loaded.documents[0])
    problems = list(duplicate_key.check(workload, {}))
    assert [(problem.loc.line, problem.loc.column) for problem in problems] == [(4, 16)]


# --- env-value-not-string ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "reads", "fix"),
    [
        ("true", "bool", "is read as the boolean true", 'quote it: value: "true"'),
        (
            "yes",
            "bool",
            "is read as the boolean true",
            'quote it: value: "true" (or "yes" if the program expects that text)',
        ),
        ("off", "bool", "is read as the boolean false", 'quote it: value: "false" (or "off"'),
        ("8080", "number", "is read as the number 8080", 'quote it: value: "8080"'),
        ("1.10", "number", "is read as the number 1.1", 'quote it: value: "1.10"'),
        ("0777", "number", "is read as the number 511", 'quote it: value: "0777"'),
        ("{a: 1}", "object", "value is a mapping", "use valueFrom"),
    ],
)
def test_env_values_that_are_not_strings(lint, value: str, kind: str, reads: str, fix: str) -> None:
    line = only(lint(deployment(f"env:\n  - name: FLAG\n    value: {value}\n"), "--select", "env-value-not-string"))
    assert line.startswith(f"example.yaml:{BODY + 2}:{SUBSUB}: error env-value-not-string env FLAG: ")
    assert reads in line
    go_field = "EnvVar.spec.template.spec.containers.env.value"
    assert f"json: cannot unmarshal {kind} into Go struct field {go_field} of type string" in line
    assert fix in line


def test_env_values_in_init_containers_and_sidecars_too(lint) -> None:
    text = HEAD.replace(
        "      containers:\n",
        "      initContainers:\n        - name: init\n          env: [{name: A, value: on}]\n"
        "        - name: proxy\n          restartPolicy: Always\n          env: [{name: B, value: 1}]\n"
        "      containers:\n",
    )
    result = lint(text, "--select", "env-value-not-string")
    assert found(result) == [(BODY - 3 + 2, 27, "env-value-not-string"), (BODY - 3 + 5, 27, "env-value-not-string")]
    assert "EnvVar.spec.template.spec.initContainers.env.value" in result.lines[0]


def test_string_null_and_value_from_env_values_pass(lint) -> None:
    text = deployment("""\
        env:
          - name: A
            value: "true"
          - name: B
            value: 'yes'
          - name: C
            value:
          - name: D
            valueFrom: {fieldRef: {fieldPath: status.podIP}}
          - name: E
            value: 0.0.0.0
          - name: F
            value: 2024-01-01
        """)
    assert lint(text, "--select", "env-value-not-string").lines == []


# --- schemas and the corpus -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", schemas.FILES)
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    Draft202012Validator.check_schema(schemas.schema(name))


def test_every_x_errors_entry_has_a_known_kind() -> None:
    kinds: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                if key == "x-errors":
                    kinds.update(entry["type"] for entry in child.values())
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    for name in schemas.FILES:
        walk(schemas.schema(name))
    assert kinds == {"Invalid", "Required", "Forbidden", "NotSupported", "decode"}


@needs_corpus()
def test_real_corpus_findings_are_the_known_true_positives() -> None:
    result = run_cli(["--select", API_RULES, str(CORPUS / "real")])
    rows = sorted({(line.split("/real/", 1)[1].split(":", 1)[0], line.split(" ")[2]) for line in result.lines})
    assert rows == [
        ("kubernetes__examples/_archived/openshift-origin/etcd-controller.yaml", "duplicate-key"),
        ("kubernetes__examples/_archived/openshift-origin/etcd-discovery-controller.yaml", "duplicate-key"),
        ("kubernetes__examples/_archived/openshift-origin/openshift-controller.yaml", "duplicate-key"),
        ("kubernetes__website/content/en/examples/pods/probe/grpc-liveness.yaml", "probe-invalid"),  # gRPC:
    ]
    assert "internal-error" not in result.stdout
