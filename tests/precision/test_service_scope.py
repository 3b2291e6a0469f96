"""readiness-probe-missing escalates only for a Service of the pod's own application: the same file,
the folder that holds the Service's file (and below), the same chart render or kustomize build, and
the same namespace when both objects name one. A repository of independent samples must not match a
Service of one sample with a Deployment of another."""

from __future__ import annotations

from pathlib import Path

from probelint.model.services import RunContext, Service
from tests.support import run_cli
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES as DEPLOYMENT
from tests.support.missing import WORKLOAD_NS, _ids, _service

RULE = ["--select", "readiness-probe-missing"]


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _severities(tmp_path: Path) -> dict[str, str]:
    result = run_cli([*RULE, "."], cwd=tmp_path)
    return {line.split(":")[0].removeprefix("./"): line.split(" ")[1] for line in result.lines}


def test_no_escalation_across_sibling_sample_folders(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "cost-optimization/app/service.yaml": _service(namespace=None),
            "observability/app/deployment.yaml": DEPLOYMENT,
        },
    )
    assert _severities(tmp_path) == {"observability/app/deployment.yaml": "warning"}


def test_escalation_within_one_app_folder_and_below(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "shop/service.yaml": _service(namespace=None),
            "shop/deployment.yaml": DEPLOYMENT,
            "shop/base/deployment.yaml": DEPLOYMENT,
            "blog/deployment.yaml": DEPLOYMENT,
        },
    )
    assert _severities(tmp_path) == {
        "blog/deployment.yaml": "warning",
        "shop/base/deployment.yaml": "error",
        "shop/deployment.yaml": "error",
    }


def test_a_service_deeper_down_does_not_reach_up(tmp_path: Path) -> None:
    _tree(tmp_path, {"shop/k8s/service.yaml": _service(namespace=None), "shop/deployment.yaml": DEPLOYMENT})
    assert _severities(tmp_path) == {"shop/deployment.yaml": "warning"}


def test_escalation_within_one_multi_document_file(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "samples/a/all.yaml": DEPLOYMENT + "---\n" + _service(namespace=None),
            "samples/b/all.yaml": DEPLOYMENT,
        },
    )
    assert _severities(tmp_path) == {"samples/a/all.yaml": "error", "samples/b/all.yaml": "warning"}


def test_namespaces_must_agree_when_both_are_set(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "one/all.yaml": WORKLOAD_NS + "---\n" + _service(namespace="other"),
            "two/all.yaml": WORKLOAD_NS + "---\n" + _service(namespace="shop"),
            "three/all.yaml": WORKLOAD_NS + "---\n" + _service(namespace=None),
            "four/all.yaml": DEPLOYMENT + "---\n" + _service(namespace="shop"),
        },
    )
    assert _severities(tmp_path) == {
        "four/all.yaml": "error",
        "one/all.yaml": "warning",
        "three/all.yaml": "error",
        "two/all.yaml": "error",
    }


def test_the_message_names_only_the_apps_own_service(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "a/service.yaml": _service(name="a-web", namespace=None),
            "a/deployment.yaml": DEPLOYMENT,
            "b/service.yaml": _service(name="b-web", namespace=None),
        },
    )
    lines = run_cli([*RULE, "."], cwd=tmp_path).lines
    assert _ids(lines) == [("./a/deployment.yaml:13:11:", "error", "readiness-probe-missing")]
    assert "Service a-web selects it" in lines[0]
    assert "b-web" not in run_cli([*RULE, "--format", "json", "."], cwd=tmp_path).stdout


def test_a_chart_or_build_stream_matches_only_itself(tmp_path: Path) -> None:
    chart, other = tmp_path / "chart", tmp_path / "chart-two"
    chart.mkdir()
    other.mkdir()
    run = RunContext()
    run.add(str(chart), [Service("web", None, (("app", "web"),))])
    labels = {"app": "web"}
    assert [s.name for s in run.within(str(chart)).services_selecting(None, labels)] == ["web"]
    assert run.within(str(other)).services_selecting(None, labels) == []
    assert run.within(str(chart / "templates" / "deployment.yaml")).services_selecting(None, labels) == []
    assert run.within("-").services_selecting(None, labels) == []


def test_standard_input_matches_only_itself() -> None:
    run = RunContext()
    run.add("-", [Service("web", None, (("app", "web"),))])
    assert [s.name for s in run.within("-").services_selecting(None, {"app": "web"})] == ["web"]
    assert run.within("deploy.yaml").services_selecting(None, {"app": "web"}) == []


def test_a_file_services_serve_its_folder_at_any_depth_and_the_index_follows_later_services(tmp_path: Path) -> None:
    """The index finds a view's Services by the folders its stream is in: those of the folder a Service's
    file is in, at any depth, plus Services of unknown stream and of its own stream; Services added
    after a view was made are found too."""
    run = RunContext()
    web = (("app", "web"), ("tier", "front"))
    run.add(str(tmp_path / "app" / "service.yaml"), [Service("app-web", None, web)])
    run.add(str(tmp_path / "application" / "service.yaml"), [Service("prefix-only", None, web)])
    run.add("", [Service("anywhere", None, web)])
    deep = run.within(str(tmp_path / "app" / "base" / "deployment.yaml"))
    labels = {"app": "web", "tier": "front"}
    assert [s.name for s in deep.services_selecting(None, labels)] == ["app-web", "anywhere"]
    assert [s.name for s in deep.services_selecting(None, {"app": "web"})] == []
    run.add(str(tmp_path / "service.yaml"), [Service("top", None, web)])
    assert [s.name for s in deep.services_selecting(None, labels)] == ["app-web", "anywhere", "top"]
    assert [s.name for s in run.services_selecting(None, labels)] == ["app-web", "prefix-only", "anywhere", "top"]
