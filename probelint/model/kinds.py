"""Kinds whose content mentions pods without being one, shared by the model (which never lints them)
and the reader (which need not compose them)."""

from __future__ import annotations

# Kinds (or API groups) whose pod-shaped content is a schema, a pattern or a policy, never a pod.
NOT_PODS = frozenset({"CustomResourceDefinition", "ConstraintTemplate", "ValidatingAdmissionPolicy"})
NOT_POD_GROUPS = frozenset({"kyverno.io", "policies.kyverno.io", "templates.gatekeeper.sh"})
# Keys under which a pod spec keeps its containers (core, Argo `container`, Tekton `sidecars`).
CONTAINER_KEYS = ("container", "sidecars")
