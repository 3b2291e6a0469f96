"""What kind of problem each rule finds, and how sure it is: SARIF rule properties (GitHub shows the
tags as filters and uses `precision` to rank alerts) and the job summary's grouping."""

from __future__ import annotations

# Per rule: its category tags, after the tags every rule carries (kubernetes, probes).
TAGS: dict[str, tuple[str, ...]] = {
    "aws-node-enforcing-mode": ("aws-node",),
    "aws-node-probe-address": ("aws-node", "api-validity"),
    "aws-node-probe-timeout": ("aws-node", "timing"),
    "aws-node-tcp-early-demux": ("aws-node",),
    "aws-node-version-unknown": ("aws-node",),
    "duplicate-key": ("yaml",),
    "env-value-not-string": ("api-validity",),
    "exec-probe-command-invalid": ("exec",),
    "exec-probe-timeout-mismatch": ("exec", "timing"),
    "helm-render": ("helm",),
    "http-probe-host-set": ("http",),
    "http-probe-path-invalid": ("http", "api-validity"),
    "http-probe-scheme-mismatch": ("http", "ports"),
    "internal-error": ("probelint",),
    "k8s-version-unsupported": ("api-validity",),
    "liveness-probe-missing": ("missing-probe",),
    "liveness-same-as-readiness": ("timing",),
    "liveness-too-aggressive": ("timing",),
    "prestop-exceeds-grace-period": ("lifecycle", "timing"),
    "probe-invalid": ("api-validity",),
    "probe-on-init-container": ("api-validity",),
    "probe-port-not-declared": ("ports",),
    "probe-port-not-found": ("ports",),
    "probe-timeout-exceeds-period": ("timing",),
    "probe-timeout-too-low": ("timing",),
    "readiness-probe-missing": ("missing-probe",),
    "startup-probe-missing": ("missing-probe", "timing"),
    "unused-suppression": ("probelint",),
    "yaml-syntax": ("yaml",),
    "unresolved-placeholder": ("yaml", "templating"),
}

# SARIF precision (very-high, high, medium, low): how often a finding of the rule is a real problem.
# Rules that read the API's own validation or the YAML itself are certain; rules that judge intent
# from heuristics (a port's name suggests TLS, a container looks long-running) are less so.
PRECISION: dict[str, str] = {
    "duplicate-key": "very-high",
    "env-value-not-string": "very-high",
    "helm-render": "very-high",
    "http-probe-path-invalid": "very-high",
    "probe-invalid": "very-high",
    "probe-on-init-container": "very-high",
    "yaml-syntax": "very-high",
    "unresolved-placeholder": "high",
    "http-probe-scheme-mismatch": "medium",
    "liveness-probe-missing": "medium",
    "readiness-probe-missing": "medium",
    "startup-probe-missing": "medium",
    "probe-port-not-declared": "medium",
    "aws-node-version-unknown": "low",
}
DEFAULT_PRECISION = "high"
COMMON_TAGS = ("kubernetes", "probes")


def tags(rule_id: str) -> list[str]:
    return [*COMMON_TAGS, *TAGS.get(rule_id, ())]


def precision(rule_id: str) -> str:
    return PRECISION.get(rule_id, DEFAULT_PRECISION)
