"""readiness-probe-missing through the command line: helper containers, and how a Service of the same
application makes it an error (tests/precision/test_service_scope.py: which Services that is)."""

from __future__ import annotations

from pathlib import Path

from tests.support import details, run_cli
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES as DEPLOYMENT
from tests.support.missing import HELPER, READINESS, SELECT, SIDECARS, WORKLOAD_NS, _ids, _service


def test_helper_next_to_a_gated_server_is_info_only(lint) -> None:
    result = lint(HELPER.replace("{probe}", READINESS), "--select", "readiness-probe-missing")
    assert _ids(result.lines) == [("example.yaml:19:11:", "info", "readiness-probe-missing")]
    assert (
        "container has no readinessProbe and no ports, so it looks like a helper; add one only if it gates traffic"
        in result.lines[0]
    )
    (why,) = details(
        lint(HELPER.replace("{probe}", READINESS), "--select", "readiness-probe-missing", "--format", "json")
    )
    assert "container server's readinessProbe gates that" in why
    assert result.code == 0


def test_helper_next_to_an_ungated_server_is_info_and_the_server_is_warned(lint) -> None:
    result = lint(HELPER.replace("{probe}", ""), "--select", "readiness-probe-missing")
    assert _ids(result.lines) == [
        ("example.yaml:13:11:", "warning", "readiness-probe-missing"),
        ("example.yaml:17:11:", "info", "readiness-probe-missing"),
    ]
    assert "container has no readinessProbe and no ports, so it looks like a helper" in result.lines[1]
    why = details(lint(HELPER.replace("{probe}", ""), "--select", "readiness-probe-missing", "--format", "json"))
    assert "traffic goes to container server's ports" in why[1]


def _lint_two(tmp_path: Path, workload: str, service: str, *args: str) -> list[str]:
    (tmp_path / "deploy.yaml").write_text(workload, encoding="utf-8")
    (tmp_path / "service.yaml").write_text(service, encoding="utf-8")
    return run_cli([*args, "--select", "readiness-probe-missing", "deploy.yaml", "service.yaml"], cwd=tmp_path).lines


def _details_two(tmp_path: Path) -> list[str]:
    """The details of the findings of the last _lint_two, from the same run with --format json."""
    return details(
        run_cli(
            ["--format", "json", "--select", "readiness-probe-missing", "deploy.yaml", "service.yaml"], cwd=tmp_path
        )
    )


def test_service_in_another_file_makes_it_an_error_naming_the_service(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, WORKLOAD_NS, _service())
    assert _ids(lines) == [("deploy.yaml:14:11:", "error", "readiness-probe-missing")]
    assert "container has no readinessProbe; Service web selects it; add one that passes once it can serve" in lines[0]
    assert "Service web selects these pods" in _details_two(tmp_path)[0]


def test_service_listed_before_the_workload_counts_too(tmp_path: Path) -> None:
    (tmp_path / "a-service.yaml").write_text(_service(), encoding="utf-8")
    (tmp_path / "b-deploy.yaml").write_text(WORKLOAD_NS, encoding="utf-8")
    result = run_cli(["--select", "readiness-probe-missing", "."], cwd=tmp_path)
    assert [line.split(" ")[1] for line in result.lines] == ["error"]


def test_service_in_another_namespace_leaves_a_warning(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, WORKLOAD_NS, _service(namespace="other"))
    assert _ids(lines) == [("deploy.yaml:14:11:", "warning", "readiness-probe-missing")]


def test_service_without_namespace_matches_a_namespaced_workload_of_its_folder(tmp_path: Path) -> None:
    # Applied with `-n shop` (or by a chart into its release namespace), both end up in one namespace.
    lines = _lint_two(tmp_path, WORKLOAD_NS, _service(namespace=None))
    assert _ids(lines) == [("deploy.yaml:14:11:", "error", "readiness-probe-missing")]


def test_service_and_workload_both_without_namespace_match(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, DEPLOYMENT, _service(namespace=None))
    assert _ids(lines) == [("deploy.yaml:13:11:", "error", "readiness-probe-missing")]


def test_service_without_selector_leaves_a_warning(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, WORKLOAD_NS, _service(selector=None))
    assert _ids(lines) == [("deploy.yaml:14:11:", "warning", "readiness-probe-missing")]


def test_service_selecting_other_labels_leaves_a_warning(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, WORKLOAD_NS, _service(selector="{app: web, tier: front}"))
    assert _ids(lines) == [("deploy.yaml:14:11:", "warning", "readiness-probe-missing")]


def test_service_publishing_not_ready_addresses_leaves_a_warning(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, WORKLOAD_NS, _service(extra="  publishNotReadyAddresses: true\n"))
    assert _ids(lines) == [("deploy.yaml:14:11:", "warning", "readiness-probe-missing")]


def test_several_services_are_all_named_once(tmp_path: Path) -> None:
    services = _service() + "---\n" + _service(name="web-admin") + "---\n" + _service()
    lines = _lint_two(tmp_path, WORKLOAD_NS, services)
    assert len(lines) == 1
    assert "container has no readinessProbe; 2 Services select it; add one that passes once it can serve" in lines[0]
    assert "Services web, web-admin select these pods" in _details_two(tmp_path)[0]


def test_gated_pod_and_helper_stay_below_error_with_a_service(tmp_path: Path) -> None:
    workload = SIDECARS + "        - name: reloader\n          image: example/config-reloader:1\n"
    lines = _lint_two(tmp_path, workload, _service(namespace=None))
    assert _ids(lines) == [
        ("deploy.yaml:15:11:", "warning", "readiness-probe-missing"),
        ("deploy.yaml:29:11:", "info", "readiness-probe-missing"),
    ]


def test_service_selecting_a_pod_in_the_same_file(lint) -> None:
    text = WORKLOAD_NS + "---\n" + _service()
    result = lint(text, *SELECT)
    assert _ids(result.lines) == [
        ("example.yaml:14:11:", "warning", "liveness-probe-missing"),
        ("example.yaml:14:11:", "error", "readiness-probe-missing"),
    ]
