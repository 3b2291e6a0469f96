"""Probe and lifecycle features that the target Kubernetes version does not have enabled by default.

Runs only when a version is known (`--kubernetes-version X.Y` or the configuration's
`kubernetes-version`, which the engine passes in as this rule's `kubernetes-version` option). Each
feature is reported where the version first turns it on by default (docs/facts.md#feature-versions, KEP kep.yaml and
kube_features.go): before that the API server either drops the field (`dropDisabledFields`, so it
silently does nothing) or rejects the object.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.versions import KubernetesVersion, parse, show
from probelint.model.workload import Container, Workload

ID = "k8s-version-unsupported"
SEVERITY = Severity.ERROR
SUMMARY = "A probe or lifecycle feature is not enabled by default in the target Kubernetes version."
OPTIONS: Mapping[str, Any] = {"kubernetes-version": None}

STARTUP_PROBE = (1, 18)  # StartupProbe: alpha 1.16, beta (on) 1.18, GA 1.20
GRPC_PROBE = (1, 24)  # GRPCContainerProbe: alpha 1.23, beta (on) 1.24, GA 1.27
PROBE_GRACE_PERIOD = (1, 25)  # ProbeTerminationGracePeriod: beta 1.22 but off until 1.25, GA 1.28
SIDECAR = (1, 29)  # SidecarContainers: alpha 1.28, beta (on) 1.29, GA 1.33
SLEEP_ACTION = (1, 30)  # PodLifecycleSleepAction: alpha 1.29, beta (on) 1.30, GA 1.34
SLEEP_ZERO = (1, 33)  # PodLifecycleSleepActionAllowZero: alpha 1.32, beta (on) 1.33, GA 1.34


def target_version(options: Mapping[str, Any]) -> KubernetesVersion | None:
    """The version to check against, or None (unknown: assume a current cluster and report nothing).

    The command line and the configuration validate it; anything else that slips through is ignored.
    """
    value = options.get("kubernetes-version")
    if not isinstance(value, str):
        return None
    try:
        return parse(value)
    except ValueError:
        return None


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    target = target_version(options)
    if target is None:
        return
    for container in workload.containers:
        if container.role == "sidecar" and target < SIDECAR:
            yield _sidecar(container, target)
        if container.is_long_running:
            yield from _probes(container, target)
            yield from _hooks(container, target)


def _sidecar(container: Container, target: KubernetesVersion) -> Problem:
    return Problem(
        container.view.key_loc("restartPolicy"),
        f"sidecar containers need Kubernetes {show(SIDECAR)}; on {show(target)} this runs as a plain init "
        f"container; make it a regular container",
        container.name,
        detail=f"Sidecar containers (an init container with restartPolicy: Always) need Kubernetes "
        f"{show(SIDECAR)} (SidecarContainers on by default). On {show(target)} the API server drops "
        f"restartPolicy and runs it as a plain init container, so the pod waits for it to exit before starting "
        f"the others, and a sidecar that never exits keeps the pod in Init forever (probes or lifecycle on it "
        f"are rejected). Make it a regular container, or target {show(SIDECAR)} or later.",
    )


def _probes(container: Container, target: KubernetesVersion) -> Iterator[Problem]:
    for kind, probe in container.probes.items():
        if kind == "startupProbe" and target < STARTUP_PROBE:
            yield Problem(
                probe.loc,
                f"startupProbe needs Kubernetes {show(STARTUP_PROBE)}; {show(target)} drops it silently; use "
                f"liveness initialDelaySeconds",
                container.name,
                detail=f"StartupProbe is on by default from {show(STARTUP_PROBE)}. On {show(target)} the API "
                f"server drops it silently, so the liveness probe starts checking at once and can kill a slow "
                f"start. Give the liveness probe an initialDelaySeconds that covers the start instead, or target "
                f"{show(STARTUP_PROBE)} or later.",
            )
            continue  # the whole probe is gone: its fields do not matter
        if "grpc" in probe.view and target < GRPC_PROBE:
            yield Problem(
                probe.view.key_loc("grpc"),
                f"gRPC probes need Kubernetes {show(GRPC_PROBE)}; {show(target)} rejects the {probe.label} probe; "
                f"use exec and grpc_health_probe",
                container.name,
                detail=f"GRPCContainerProbe is on by default from {show(GRPC_PROBE)}. On {show(target)} the API "
                f'server drops the grpc field and then rejects the {probe.label} probe: "must specify a handler '
                f'type". Probe with exec and grpc_health_probe instead, or target {show(GRPC_PROBE)} or later.',
            )
        if kind != "readinessProbe" and "terminationGracePeriodSeconds" in probe.view and target < PROBE_GRACE_PERIOD:
            yield Problem(
                probe.field_loc("terminationGracePeriodSeconds"),
                f"probe terminationGracePeriodSeconds needs Kubernetes {show(PROBE_GRACE_PERIOD)}; ignored on "
                f"{show(target)}; set the pod's instead",
                container.name,
                detail=f"ProbeTerminationGracePeriod is on by default from {show(PROBE_GRACE_PERIOD)}. On "
                f"{show(target)} it is silently ignored and a container the {probe.label} probe kills gets the "
                f"pod's terminationGracePeriodSeconds instead. Set the pod's grace period, or target "
                f"{show(PROBE_GRACE_PERIOD)} or later.",
            )


def _hooks(container: Container, target: KubernetesVersion) -> Iterator[Problem]:
    for name in ("postStart", "preStop"):
        hook = container.hook(name)
        if hook is None or "sleep" not in hook:
            continue
        if target < SLEEP_ACTION:
            alone = not any(other in hook for other in ("exec", "httpGet", "tcpSocket"))
            effect = "the hook is removed" if alone else "only the other action runs"
            pause = "SIGTERM arrives with no pause first" if name == "preStop" else "the container starts with no pause"
            yield Problem(
                hook.key_loc("sleep"),
                f"the {name} sleep action needs Kubernetes {show(SLEEP_ACTION)}; {show(target)} drops it "
                f"silently; use exec: {{command: [sleep, N]}}",
                container.name,
                detail=f"PodLifecycleSleepAction is on by default from {show(SLEEP_ACTION)}. On {show(target)} "
                f"the API server drops it silently and {effect}, so {pause}. Use exec: {{command: [sleep, N]}} "
                f"(the image needs a sleep binary), or target {show(SLEEP_ACTION)} or later.",
            )
            continue
        sleep = hook.map("sleep")
        if sleep is not None and sleep.get_int("seconds") == 0 and target < SLEEP_ZERO:
            yield Problem(
                sleep.key_loc("seconds"),
                f"sleep seconds: 0 needs Kubernetes {show(SLEEP_ZERO)}; {show(target)} rejects the pod; "
                f"sleep at least 1 second",
                container.name,
                detail=f"PodLifecycleSleepActionAllowZero is on by default from {show(SLEEP_ZERO)}. On "
                f'{show(target)} the API server rejects the pod: "must be greater than 0 and less than '
                f'terminationGracePeriodSeconds". Remove the {name} hook, sleep at least 1 second, or target '
                f"{show(SLEEP_ZERO)} or later.",
            )
