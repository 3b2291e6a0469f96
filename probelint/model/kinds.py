"""Kinds whose content mentions pods without being one, shared by the model (which never lints them)
and the reader (which need not compose them)."""

from __future__ import annotations

# Kinds whose schema has no place for a pod spec: whatever their text mentions (a Role granting
# `pods/exec` on containers, a ConfigMap holding a manifest as a string), no pod runs from them.
NO_POD_SPEC = frozenset(
    {
        "ConfigMap",
        "Secret",
        "ServiceAccount",
        "Namespace",
        "Role",
        "ClusterRole",
        "RoleBinding",
        "ClusterRoleBinding",
        "NetworkPolicy",
        "Ingress",
        "IngressClass",
        "PodDisruptionBudget",
        "HorizontalPodAutoscaler",
        "PriorityClass",
        "StorageClass",
        "PersistentVolume",
        "PersistentVolumeClaim",
        "ResourceQuota",
        "LimitRange",
        "Endpoints",
        "EndpointSlice",
        "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration",
        "APIService",
        "PrometheusRule",
    }
)
# Kinds (or API groups) whose pod-shaped content is a schema, a pattern or a policy, never a pod.
NOT_PODS = NO_POD_SPEC | {"CustomResourceDefinition", "ConstraintTemplate", "ValidatingAdmissionPolicy"}
NOT_POD_GROUPS = frozenset({"kyverno.io", "policies.kyverno.io", "templates.gatekeeper.sh"})
# Keys under which a pod spec keeps its containers (core, Argo `container:`, Tekton `sidecars:`).
CONTAINER_KEYS = ("containers", "container:", "sidecars")
