"""Recognise the Amazon VPC CNI (`aws-node`) and work out which CNI version it runs.

Facts: ../shared/reference/facts.md part B. Images are matched on the repository basename, never on
the account or region; the version comes from the most reliable place that has one (B3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Container, Workload
from .yamlview import Loc

CNI_IMAGE = "amazon-k8s-cni"
CNI_INIT_IMAGE = "amazon-k8s-cni-init"
MAIN_CONTAINER = "aws-node"
INIT_CONTAINER = "aws-vpc-cni-init"

_TAG_RE = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-rc\d+)?(?:-eksbuild\.\d+)?$")
_TRUE_VALUES = frozenset({"1", "t", "T", "TRUE", "true", "True"})  # Go strconv.ParseBool

Version = tuple[int, int, int]


@dataclass(frozen=True)
class ImageRef:
    repository: str
    tag: str | None
    digest: str | None

    @property
    def basename(self) -> str:
        return self.repository.rsplit("/", 1)[-1]


def parse_image(image: str) -> ImageRef:
    rest, _, digest = image.partition("@")
    slash = rest.rfind("/")
    colon = rest.rfind(":")
    if colon > slash:
        return ImageRef(rest[:colon], rest[colon + 1 :], digest or None)
    return ImageRef(rest, None, digest or None)


def parse_version(text: str | None) -> Version | None:
    if not text:
        return None
    match = _TAG_RE.match(text.strip())
    if match is None:
        return None
    return (int(match.group(1)), int(match.group(2)), int(match.group(3)))


def format_version(version: Version) -> str:
    return "v{}.{}.{}".format(*version)


def parse_bool(value: str | None) -> bool:
    """Go's strconv.ParseBool, as the CNI reads its settings; anything else is false (the default)."""
    return value is not None and value in _TRUE_VALUES


def image_basename(container: Container) -> str | None:
    image = container.image
    return parse_image(image).basename if image else None


@dataclass
class AwsNode:
    """The aws-node parts of one workload and the CNI version it runs (None: unknown)."""

    workload: Workload
    main: Container | None
    init: Container | None
    version: Version | None
    version_origin: str

    @property
    def image_loc(self) -> Loc | None:
        container = self.main
        if container is None:
            return None
        return container.view.key_loc("image") if "image" in container.view else container.name_loc


def find_aws_node(workload: Workload) -> AwsNode | None:
    """The aws-node view of a workload, or None when the workload is not the VPC CNI."""
    has_cni_image = any(image_basename(c) == CNI_IMAGE for c in workload.containers)
    is_named = workload.kind == "DaemonSet" and workload.name == MAIN_CONTAINER
    if not (has_cni_image or is_named):
        return None
    main = _pick(workload, CNI_IMAGE, MAIN_CONTAINER, roles=("container",))
    init = _pick(workload, CNI_INIT_IMAGE, INIT_CONTAINER, roles=("init", "sidecar"))
    version, origin = _version(workload, main, init)
    return AwsNode(workload, main, init, version, origin)


def _pick(workload: Workload, image: str, name: str, roles: tuple[str, ...]) -> Container | None:
    candidates = [c for c in workload.containers if c.role in roles]
    for container in candidates:
        if image_basename(container) == image:
            return container
    for container in candidates:
        if container.name == name:
            return container
    return None


def _version(workload: Workload, main: Container | None, init: Container | None) -> tuple[Version | None, str]:
    for container, what in ((main, "image"), (init, "init image")):
        if container is not None and container.image:
            version = parse_version(parse_image(container.image).tag)
            if version is not None:
                return version, f"the {what} tag"
    if main is not None:
        var = main.env_var("VPC_CNI_VERSION")
        version = parse_version(var.value if var else None)
        if version is not None:
            return version, "VPC_CNI_VERSION"
    version = parse_version(workload.labels.get("app.kubernetes.io/version"))
    if version is not None:
        return version, "the app.kubernetes.io/version label"
    return None, ""
