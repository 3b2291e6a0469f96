"""Pod templates kept by custom kinds, found by kind or by shape, and objects that only describe pods
(issue 11, item 6)."""

from __future__ import annotations

from tests.support.rulecheck import found, pos

CONTAINER = """- name: {name}
  image: example/{name}:1.0
  livenessProbe:
    httpGet:
      path: /healthz
      port: 8080
"""


def container(name: str, indent: int) -> str:
    pad = " " * indent
    return "".join(pad + line + "\n" for line in CONTAINER.format(name=name).splitlines())


def lines_of(lint, text: str) -> list[tuple[str, str]]:
    return found(lint(text, "--select", "probe-timeout-too-low").lines)


def test_olm_cluster_service_version_deployments(lint) -> None:
    text = (
        "apiVersion: operators.coreos.com/v1alpha1\nkind: ClusterServiceVersion\nmetadata:\n  name: op.v1\n"
        "spec:\n  install:\n    strategy: deployment\n    spec:\n      deployments:\n        - name: op\n"
        "          spec:\n            template:\n              spec:\n                containers:\n"
        + container("manager", 18)
    )
    assert lines_of(lint, text) == [("probe-timeout-too-low", pos(text, "livenessProbe"))]


def test_leader_worker_set_and_ray_templates(lint) -> None:
    lws = (
        "apiVersion: leaderworkerset.x-k8s.io/v1\nkind: LeaderWorkerSet\nmetadata:\n  name: vllm\nspec:\n"
        "  leaderWorkerTemplate:\n    leaderTemplate:\n      spec:\n        containers:\n"
        + container("leader", 10)
        + "    workerTemplate:\n      spec:\n        containers:\n"
        + container("worker", 10)
    )
    assert lines_of(lint, lws) == [
        ("probe-timeout-too-low", pos(lws, "livenessProbe")),
        ("probe-timeout-too-low", pos(lws, "livenessProbe", 2)),
    ]
    ray = (
        "apiVersion: ray.io/v1\nkind: RayService\nmetadata:\n  name: serve\nspec:\n  rayClusterConfig:\n"
        "    headGroupSpec:\n      template:\n        spec:\n          containers:\n"
        + container("head", 12)
        + "    workerGroupSpecs:\n      - groupName: gpu\n        template:\n          spec:\n            containers:\n"
        + container("worker", 14)
    )
    assert lines_of(lint, ray) == [
        ("probe-timeout-too-low", pos(ray, "livenessProbe")),
        ("probe-timeout-too-low", pos(ray, "livenessProbe", 2)),
    ]


def test_jobset_and_tekton_pods_run_to_completion(lint) -> None:
    jobset = (
        "apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata:\n  name: train\nspec:\n  replicatedJobs:\n"
        "    - name: workers\n      template:\n        spec:\n          template:\n            spec:\n"
        "              containers:\n" + container("trainer", 16)
    )
    result = lint(jobset)
    assert found(result.lines) == [("probe-timeout-too-low", pos(jobset, "livenessProbe"))]
    task = (
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: build\nspec:\n  steps:\n"
        "    - name: compile\n      image: golang:1.22\n  sidecars:\n" + container("registry", 4)
    )
    assert found(lint(task).lines) == [("probe-timeout-too-low", pos(task, "livenessProbe"))]


def test_unknown_kinds_by_shape_and_jobs_inside_them(lint) -> None:
    text = (
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  server:\n    podSpec:\n"
        "      containers:\n"
        + container("server", 8)
        + "  migrate:\n    job:\n      spec:\n        template:\n          spec:\n            containers:\n"
        "              - name: migrate\n                image: example/migrate:1.0\n"
    )
    result = lint(text)
    assert found(result.lines) == [
        ("readiness-probe-missing", pos(text, "name: server")),
        ("probe-timeout-too-low", pos(text, "livenessProbe")),
    ]


def test_policies_and_schemas_that_mention_probes_are_not_pods(lint) -> None:
    kyverno = (
        "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: require-probes\nspec:\n  rules:\n"
        "    - name: probes\n      validate:\n        pattern:\n          spec:\n            template:\n"
        '              spec:\n                containers:\n                  - name: "*"\n'
        '                    image: "*"\n                    livenessProbe:\n'
        '                      periodSeconds: ">0"\n'
    )
    assert found(lint(kyverno).lines) == []
    crd = (
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: w.example.com\n"
        "spec:\n  versions:\n    - name: v1\n      schema:\n        openAPIV3Schema:\n          properties:\n"
        "            spec:\n              properties:\n                containers:\n                  type: array\n"
    )
    assert found(lint(crd).lines) == []
