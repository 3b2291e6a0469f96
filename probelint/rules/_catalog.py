"""The rule catalog as the README shows it: rules in groups, each with a few words on what it finds.

`scripts/regenerate.py` writes the README's rule table from this and each rule's severity; a new
rule needs an entry here (the regeneration stops on a rule the catalog does not list).
"""

from __future__ import annotations

GROUPS: dict[str, dict[str, str]] = {
    "Timing": {
        "probe-timeout-too-low": (
            "an httpGet, grpc or exec probe answers within 1 s or fails (`context deadline exceeded`)"
        ),
        "exec-probe-timeout-mismatch": (
            "an exec probe's command (grpc-health-probe, curl -m, wget -T, timeout N) allows "
            "itself longer than `timeoutSeconds`"
        ),
        "probe-timeout-exceeds-period": "`timeoutSeconds` is longer than `periodSeconds`",
        "liveness-too-aggressive": "liveness gives up within 10 s (`failureThreshold × periodSeconds`)",
        "liveness-same-as-readiness": (
            "liveness checks what readiness checks and gives up no later: an outage restarts every pod"
        ),
        "startup-probe-missing": (
            "a slow start is waited out with liveness `initialDelaySeconds` instead of a startupProbe"
        ),
        "prestop-exceeds-grace-period": (
            "a preStop sleep uses up `terminationGracePeriodSeconds`, so the app is SIGKILLed"
        ),
    },
    "Missing probes": {
        "liveness-probe-missing": (
            "a long-running container has no liveness probe (never Jobs, CronJobs or Helm hooks)"
        ),
        "readiness-probe-missing": "no readiness probe; an error when a Service in the run sends traffic to the pod",
    },
    "Ports and handlers": {
        "probe-port-not-found": ("a named probe port the container does not declare: the probe never changes state"),
        "probe-port-not-declared": "a numeric probe port the container does not declare (or only as UDP)",
        "http-probe-path-invalid": "an httpGet path with whitespace, a full URL, or no leading `/`",
        "http-probe-host-set": "`host` set: the kubelet probes that host instead of the pod",
        "http-probe-scheme-mismatch": "HTTPS against a plain-HTTP port, or HTTP against an HTTPS one",
        "exec-probe-command-invalid": "one argv item with spaces and no shell, or shell syntax without `sh -c`",
    },
    "API validity": {
        "probe-invalid": (
            "what the API server rejects or silently changes in a probe or hook (schema-driven, with did-you-mean)"
        ),
        "probe-on-init-container": "probes or lifecycle on an init container that is not a sidecar",
        "duplicate-key": "a key written twice in one mapping; Kubernetes silently keeps the last",
        "env-value-not-string": (
            "an env `value` YAML reads as a boolean or number (`value: yes`): the object is rejected"
        ),
        "k8s-version-unsupported": (
            "a probe feature the `--kubernetes-version` does not have (gRPC < 1.24, sidecars < 1.29, ...)"
        ),
    },
    "Amazon VPC CNI (aws-node)": {
        "aws-node-enforcing-mode": (
            "pod ENIs in strict mode without `DISABLE_TCP_EARLY_DEMUX`: probes of pods with "
            "security groups fail (CNI ≥ 1.11)"
        ),
        "aws-node-tcp-early-demux": (
            "pod ENIs without `DISABLE_TCP_EARLY_DEMUX=true` on aws-vpc-cni-init (CNI < 1.11)"
        ),
        "aws-node-probe-timeout": "an aws-node probe with `timeoutSeconds` under 10",
        "aws-node-probe-address": (
            "grpc-health-probe `-addr` that the CNI version does not serve (`:50051` vs the ipamd socket from 1.23)"
        ),
        "aws-node-version-unknown": "the CNI version cannot be told, so version-dependent checks were skipped",
    },
    "probelint itself": {
        "yaml-syntax": "invalid YAML, unrendered Helm templates, non-UTF-8, binary files, alias bombs",
        "helm-render": "a Helm chart template that fails to render, or a declared dependency missing under `charts/`",
        "unresolved-placeholder": (
            "a probe, hook or port written as an envsubst, helmify or sed placeholder, or `{{ }}` outside a chart"
        ),
        "unused-suppression": (
            "a `# probelint: disable` comment or `probelint/ignore` annotation that matched nothing"
        ),
        "internal-error": "probelint failed on an object (please report it)",
    },
}
