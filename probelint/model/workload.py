"""What a manifest means for probes: workloads, their containers, and effective probe values.

Built from MapViews by `model/extract.py`; read by rules. Effective values follow the API server's
defaulting (pkg/apis/core/v1/defaults.go), so a rule asks "what will the kubelet use" directly.

Records follow the package's convention (see `probelint/findings.py`). The model is read-only once
built, so what a Workload derives from its metadata is cached: the engine asks for it per finding.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

from yaml.nodes import Node, ScalarNode

from probelint.findings import Loc
from probelint.model.cached import cached_property
from probelint.paths import ObjectPath, join_index
from probelint.reading.yamlview import MapView, is_plain_int, scalar_value

T = TypeVar("T")

PROBE_KINDS = ("livenessProbe", "readinessProbe", "startupProbe")
PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")

# A value of 0 (or nothing) becomes these (SetDefaults_Probe).
PROBE_DEFAULTS = {"timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}
DEFAULT_TERMINATION_GRACE_PERIOD = 30

# Kinds and API groups Kubernetes itself serves; a custom group reusing one of these kind names is
# shown with its group (see Workload.label).
BUILTIN_KINDS = frozenset(
    {"Pod", "PodTemplate", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"}
    | {"ReplicationController", "Namespace", "ConfigMap", "Secret"}
)
BUILTIN_GROUPS = frozenset({"apps", "batch", "extensions", "core"})
KNATIVE_SERVING_GROUP = "serving.knative.dev"


class Handler(NamedTuple):
    """The action of a probe or lifecycle hook: its kind (`exec`, `httpGet`...) and its mapping."""

    kind: str
    view: MapView

    @property
    def command(self) -> list[Node] | None:
        """The exec command items, when this is an exec handler with a list command."""
        return self.view.seq("command") if self.kind == "exec" else None

    def command_strings(self) -> list[str] | None:
        items = self.command
        if items is None:
            return None
        return [str(item.value) if isinstance(item, ScalarNode) else "" for item in items]


def handlers_of(view: MapView, kinds: tuple[str, ...]) -> list[Handler]:
    """Every handler a probe or hook declares, in the API's validation order."""
    found = []
    for kind in kinds:
        sub = view.map(kind)
        if sub is not None:
            found.append(Handler(kind, sub))
    return found


class Probe:
    kind: str  # livenessProbe | readinessProbe | startupProbe
    view: MapView
    partial: bool  # from a partial object (a patch): unset fields are unknown, not defaulted

    def __init__(self, kind: str, view: MapView, partial: bool = False) -> None:
        self.kind = kind
        self.view = view
        self.partial = partial

    @property
    def loc(self) -> Loc:
        return self.view.loc

    @cached_property
    def handler(self) -> Handler | None:
        found = handlers_of(self.view, PROBE_HANDLERS)
        return found[0] if found else None

    @property
    def label(self) -> str:
        return self.kind.removesuffix("Probe")

    def effective(self, name: str) -> int | None:
        """The value the kubelet will use, or None when the written value is not a usable integer (or
        the field is unset in a partial object: the base it patches decides)."""
        node = self.view.get(name)
        if node is None or (isinstance(node, ScalarNode) and scalar_value(node) is None):
            return None if self.partial else PROBE_DEFAULTS.get(name, 0)
        if not is_plain_int(node):
            return None
        value = scalar_value(node)
        assert isinstance(value, int)
        if value == 0:
            return PROBE_DEFAULTS.get(name, 0)
        return value

    def defaulted(self, name: str) -> tuple[str | None, str]:
        """Whether a field falls back to its default, and the default with its unit (`1s`): "unset",
        "zero" (a 0 the API server replaces), or None when the written value holds."""
        node = self.view.get(name)
        default = PROBE_DEFAULTS.get(name, 0)
        shown = f"{default}{'s' if name.endswith('Seconds') else ''}"
        if node is None or (isinstance(node, ScalarNode) and scalar_value(node) is None):
            return "unset", shown
        if is_plain_int(node) and scalar_value(node) == 0 and default:
            return "zero", shown
        return None, shown

    def describe(self, name: str) -> str:
        """How a message states a defaulted field: written, 0 (defaulted), or unset (defaulted)."""
        state, default = self.defaulted(name)
        if state == "unset":
            return f"{name} is unset, so the kubelet uses {default}"
        if state == "zero":
            return f"{name} is 0, which the API server turns into {default}"
        return f"{name} is {self.effective(name)}"

    def field_loc(self, name: str) -> Loc:
        """The field's key when written, else the probe's own key."""
        return self.view.key_loc(name)

    def failure_window(self) -> int | None:
        period, threshold = self.effective("periodSeconds"), self.effective("failureThreshold")
        if period is None or threshold is None:
            return None
        return period * threshold


class EnvVar(NamedTuple):
    name: str
    view: MapView  # the env list item

    @property
    def value_node(self) -> Node | None:
        return self.view.get("value")

    @property
    def from_ref(self) -> bool:
        """`valueFrom`: the value is only known at run time."""
        return "valueFrom" in self.view

    @property
    def value(self) -> str | None:
        """The string value, or None when it is unset, not a string, or comes from `valueFrom`."""
        if self.from_ref:
            return None
        node = self.value_node
        if node is None:
            return ""
        raw = scalar_value(node)
        return raw if isinstance(raw, str) else None

    @property
    def value_loc(self) -> Loc:
        return self.view.key_loc("value") if "value" in self.view else self.view.loc


class Container:
    view: MapView
    role: str  # container | sidecar | init | ephemeral
    index: int

    def __init__(self, owner: Workload, view: MapView, role: str, index: int) -> None:
        # Weak: a Workload owns its containers, and a cycle would keep every document's nodes alive
        # until the (paused) garbage collector runs, defeating streaming.
        self._workload = weakref.ref(owner)
        self.view = view
        self.role = role
        self.index = index

    @property
    def workload(self) -> Workload:
        owner = self._workload()
        assert owner is not None, "a container outlived its workload"
        return owner

    @property
    def name(self) -> str:
        name = self.view.scalar("name")
        return str(name) if name is not None else f"#{self.index}"

    @property
    def image(self) -> str | None:
        return self.view.get_str("image")

    @property
    def path(self) -> str:
        return self.view.path

    @property
    def is_long_running(self) -> bool:
        """Regular containers and sidecars: what probes and lifecycle hooks apply to."""
        return self.role in ("container", "sidecar")

    @property
    def name_loc(self) -> Loc:
        return self.view.key_loc("name")

    @cached_property
    def probes(self) -> dict[str, Probe]:
        result = {}
        for kind in PROBE_KINDS:
            view = self.view.map(kind)
            if view is not None:
                result[kind] = Probe(kind, view, self.workload.partial)
        return result

    def probe(self, kind: str) -> Probe | None:
        return self.probes.get(kind)

    @property
    def lifecycle(self) -> MapView | None:
        return self.view.map("lifecycle")

    def hook(self, name: str) -> MapView | None:
        lifecycle = self.lifecycle
        return lifecycle.map(name) if lifecycle is not None else None

    @cached_property
    def env(self) -> list[EnvVar]:
        result = []
        for item in self.view.maps("env"):
            name = item.get_str("name")
            if name is not None:
                result.append(EnvVar(name, item))
        return result

    def env_var(self, name: str) -> EnvVar | None:
        """The last definition wins, as in the kubelet."""
        found = None
        for var in self.env:
            if var.name == name:
                found = var
        return found

    @property
    def env_loc(self) -> Loc:
        """For findings about env: the `env` key, else the container's `name` key."""
        return self.view.key_loc("env") if "env" in self.view else self.name_loc

    @cached_property
    def ports(self) -> list[MapView]:
        return list(self.view.maps("ports"))


class Workload:
    """One object that runs containers, with where its pod spec lives."""

    kind: str
    root: MapView  # the object's mapping (a List item, or the document)
    pod_spec: MapView
    document_index: int
    source: str | None
    containers: list[Container]
    # A partial object: a Kustomize patch, merged into a base elsewhere. What it leaves out says
    # nothing about the object that runs, so rules about absent fields skip it, and unset fields are
    # unknown rather than defaulted; what it does set is checked as usual.
    partial: bool
    completes: bool

    def __init__(
        self,
        kind: str,
        root: MapView,
        pod_spec: MapView,
        document_index: int,
        source: str | None,
        containers: list[Container] | None = None,
        partial: bool = False,
        completes: bool = False,
    ) -> None:
        self.kind = kind
        self.completes = completes  # its pods run to completion (a JobSet's, a workflow step's)
        self.root = root
        self.pod_spec = pod_spec
        self.document_index = document_index
        self.source = source
        self.partial = partial
        self.containers = containers if containers is not None else []
        self._memo: dict[Callable[[Workload], Any], Any] = {}

    def memo(self, compute: Callable[[Workload], T]) -> T:
        """`compute(self)`, worked out once per workload: a view several rules share (the aws-node view)."""
        try:
            value: T = self._memo[compute]
        except KeyError:
            value = self._memo[compute] = compute(self)
        return value

    @cached_property
    def api_group(self) -> str:
        """The group of the object's apiVersion ("" for the core group)."""
        version = self.root.get_str("apiVersion") or ""
        return version.rpartition("/")[0]

    @cached_property
    def label(self) -> str:
        """The kind as findings name it: `Kind.group` (kubectl's form) when a custom group reuses the
        name of a built-in kind, so a Knative `Service.serving.knative.dev` is not taken for a core Service."""
        if self.kind in BUILTIN_KINDS and self.api_group and self.api_group not in BUILTIN_GROUPS:
            return f"{self.kind}.{self.api_group}"
        return self.kind

    @cached_property
    def is_knative(self) -> bool:
        """A Knative Serving Service, Configuration or Revision: its webhook fills in probe ports and a
        readiness probe (facts: Knative's defaulting of `serving.knative.dev` pod specs)."""
        return self.api_group == KNATIVE_SERVING_GROUP

    @cached_property
    def name(self) -> str:
        metadata = self.root.map("metadata")
        name = metadata.scalar("name") if metadata else None
        if name is None and metadata is not None:
            name = metadata.scalar("generateName")
        return str(name) if name is not None else ""

    @cached_property
    def namespace(self) -> str | None:
        metadata = self.root.map("metadata")
        value = metadata.scalar("namespace") if metadata else None
        return str(value) if value is not None else None

    @cached_property
    def metadata(self) -> MapView | None:
        return self.root.map("metadata")

    @cached_property
    def labels(self) -> dict[str, str]:
        metadata = self.metadata
        return metadata.str_map("labels") if metadata is not None else {}

    @cached_property
    def annotations(self) -> dict[str, str]:
        metadata = self.metadata
        return metadata.str_map("annotations") if metadata is not None else {}

    @cached_property
    def pod_template_metadata(self) -> MapView | None:
        """The metadata next to the pod spec (the object's own for a Pod)."""
        if self.kind == "Pod":
            return self.metadata
        template = _follow(self.root, ObjectPath.parse(self.pod_spec.path).parent)
        return template.map("metadata") if template is not None else None

    @cached_property
    def pod_labels(self) -> dict[str, str]:
        metadata = self.pod_template_metadata
        return metadata.str_map("labels") if metadata is not None else {}

    @property
    def long_running(self) -> list[Container]:
        return [c for c in self.containers if c.is_long_running]

    def termination_grace_period(self) -> int | None:
        """The pod's grace period in seconds (30 when unset), None when not an integer (or unset in a
        partial object)."""
        node = self.pod_spec.get("terminationGracePeriodSeconds")
        if node is None or (isinstance(node, ScalarNode) and scalar_value(node) is None):
            return None if self.partial else DEFAULT_TERMINATION_GRACE_PERIOD
        if not is_plain_int(node):
            return None
        value = scalar_value(node)
        assert isinstance(value, int)
        return value


def _follow(root: MapView, path: ObjectPath) -> MapView | None:
    """Walk `path` below `root` (whose own path is a prefix of `path`), through list items too."""
    view: MapView | None = root
    keys = list(path[len(ObjectPath.parse(root.path)) :])
    while keys and view is not None:
        key = keys.pop(0)
        if not isinstance(key, str):
            return None
        index = keys[0] if keys else None
        if isinstance(index, int):
            keys.pop(0)
            items = list(view.maps(key))
            view = next((item for item in items if item.path == join_index(view.child_path(key), index)), None)
        else:
            view = view.map(key)
    return view
