"""Shared by the missing-probe rules: which workloads run for good, and which containers lack a probe.

A probe is only worth asking for where the kubelet keeps a container running: a Job's pod is meant to
exit, a Helm hook runs once at install time, and a pod with `restartPolicy: Never` or `OnFailure` is a
batch pod whatever its kind. Polaris, kube-linter and Checkov flag all of these, and that is the most
common complaint about their missing-probe checks.
"""

from __future__ import annotations

from collections.abc import Iterator

from yaml.nodes import ScalarNode

from probelint.findings import Problem, Severity
from probelint.model.shell import simple_commands, sleep_duration, unwrap
from probelint.model.workload import Container, Workload
from probelint.reading.yamlview import scalar_value

HELM_HOOK_ANNOTATION = "helm.sh/hook"
# A template for pods that some other controller creates; what they do is not known here.
_TEMPLATE_KINDS = frozenset({"PodTemplate"})
_RUN_TO_COMPLETION_POLICIES = frozenset({"Never", "OnFailure"})
# Istio's documented placeholder: the injection webhook replaces the whole container (probes included)
# at admission, so what the manifest says about its probes is not what runs.
_WEBHOOK_COMPLETED_IMAGE = "auto"
# Custom resources whose operator builds the pod and its probes from the template: CloudNativePG's
# Pooler (PgBouncer) and Agones game servers (health checked through the Agones SDK).
_CONTROLLER_COMPLETED = frozenset(
    {"Pooler.postgresql.cnpg.io", "GameServer.agones.dev", "GameServerSet.agones.dev", "Fleet.agones.dev"}
)


def runs_for_good(workload: Workload) -> bool:
    """True when the workload's containers are meant to run until stopped, so probes apply.

    Jobs and CronJobs (and job-like custom kinds, `*Job` by convention) run to completion; Helm hooks
    (tests included) are one-shot; a pod template whose `restartPolicy` is `Never` or `OnFailure` is a
    batch pod. Everything else with a pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet,
    ReplicationController, DeploymentConfig, Argo Rollout, CloneSet, Knative Service...) and a Pod
    with `restartPolicy: Always` (the default) runs for good.
    """
    if workload.completes or workload.kind.endswith("Job") or workload.kind in _TEMPLATE_KINDS:
        return False
    if f"{workload.kind}.{workload.api_group}" in _CONTROLLER_COMPLETED:
        return False
    if HELM_HOOK_ANNOTATION in workload.annotations:
        return False
    return workload.pod_spec.get_str("restartPolicy") not in _RUN_TO_COMPLETION_POLICIES


def lacks(container: Container, probe_kind: str) -> bool:
    """The probe is absent (or explicitly null). A probe of the wrong type is probe-invalid's business."""
    node = container.view.get(probe_kind)
    return node is None or (isinstance(node, ScalarNode) and scalar_value(node) is None)


def containers_lacking(workload: Workload, probe_kind: str) -> Iterator[Container]:
    """Long-running containers (regular ones and sidecars) of a long-running workload without the probe.

    A container with `image: auto` is left out: Istio's injection webhook completes it, probes included.
    So is every container of a partial object (a Kustomize patch): its base may well have the probe.
    """
    if workload.partial or not runs_for_good(workload):  # a patch's omissions say nothing of its base
        return
    for container in workload.long_running:
        if container.image == _WEBHOOK_COMPLETED_IMAGE:
            continue
        if lacks(container, probe_kind):
            yield container


def declares_ports(container: Container) -> bool:
    return bool(container.ports)


def idles(container: Container) -> bool:
    """The container's only process waits forever (`sleep infinity`, `tail -f /dev/null`): a toolbox
    that someone execs into. Nothing in it can hang or serve, so a probe would check nothing."""
    words = [*(container.view.seq("command") or []), *(container.view.seq("args") or [])]
    argv = [str(word.value) if isinstance(word, ScalarNode) else "" for word in words]
    commands = simple_commands(argv) if argv else []
    if len(commands) != 1:
        return False
    command = unwrap(commands[0])
    program, args = command.program, command.argv[1:]
    if program == "sleep":
        seconds = sleep_duration(tuple(args))
        return seconds is not None and seconds >= _IDLE_SLEEP_SECONDS
    return program == "tail" and "/dev/null" in args and any(arg in ("-f", "-F", "--follow") for arg in args)


# A sleep this long (a year, or `infinity`) is a container kept alive to exec into.
_IDLE_SLEEP_SECONDS = 365 * 86400


def idle_problem(container: Container, probe_kind: str) -> Problem:
    """The info finding for a missing probe on a container that only waits (see `idles`)."""
    return Problem(
        container.name_loc,
        f"container has no {probe_kind}, but it only waits (a toolbox to exec into), so there is nothing to probe",
        container.name,
        severity=Severity.INFO,
        detail=f"Its only process sleeps or tails /dev/null forever: it cannot hang in a way a probe would "
        f"notice and serves nothing. Add a {probe_kind} only if the container is meant to run something else.",
    )
