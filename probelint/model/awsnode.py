"""Recognise the Amazon VPC CNI (`aws-node`) and work out which CNI version it runs.

Facts: docs/facts.md#aws-node-settings and following. Images are matched on the repository basename, never on
the account or region; the version comes from the most reliable place that has one (docs/facts.md#aws-node-versions).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from yaml.nodes import ScalarNode

from probelint.findings import Loc
from probelint.model.workload import Container, EnvVar, Workload
from probelint.suggest import close_matches

CNI_IMAGE = "amazon-k8s-cni"
CNI_INIT_IMAGE = "amazon-k8s-cni-init"
MAIN_CONTAINER = "aws-node"
INIT_CONTAINER = "aws-vpc-cni-init"
DEMUX_VARIABLE = "DISABLE_TCP_EARLY_DEMUX"

# `v1.10.4`, `1.7.5`, `v1.18.3-eksbuild.2`, `v1.12.1-rc1`; any `-suffix` of a build is the same release.
# Compiled when first used (re keeps it): only aws-node's image tag is read with it.
_TAG = r"^v?(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z][0-9A-Za-z.-]*)?$"
_TRUE_VALUES = frozenset({"1", "t", "T", "TRUE", "true", "True"})  # Go strconv.ParseBool

Version = tuple[int, int, int]


class ImageRef(NamedTuple):
    """An image reference split into repository, tag and digest (`repo:tag@sha256:...`)."""

    repository: str
    tag: str | None
    digest: str | None

    @property
    def basename(self) -> str:
        return self.repository.rsplit("/", 1)[-1]


def parse_image(image: str) -> ImageRef:
    """Split `registry[:port]/path/name[:tag][@digest]`; a port is not a tag."""
    rest, _, digest = image.partition("@")
    slash = rest.rfind("/")
    colon = rest.rfind(":")
    if colon > slash:
        return ImageRef(rest[:colon], rest[colon + 1 :], digest or None)
    return ImageRef(rest, None, digest or None)


def parse_version(text: str | None) -> Version | None:
    """The (major, minor, patch) of a version tag, or None for `latest`, a digest or anything else."""
    if not text:
        return None
    match = re.match(_TAG, text.strip())
    if match is None:
        return None
    return (int(match.group(1)), int(match.group(2)), int(match.group(3)))


def format_version(version: Version) -> str:
    """`v1.10.4`."""
    return "v{}.{}.{}".format(*version)


def parse_bool(value: str | None) -> bool:
    """Go's strconv.ParseBool, as the CNI reads its settings; anything else is false (the default)."""
    return value is not None and value in _TRUE_VALUES


def misspelt_demux(container: Container) -> str:
    """` (it sets DISABLE_TCP_EARY_DEMUX: a typo?)` when a near miss stands in for the variable."""
    names = [var.name for var in container.env if var.name != DEMUX_VARIABLE]
    close = close_matches(DEMUX_VARIABLE, names, n=1, cutoff=0.85)
    return f" (it sets {close[0]}: a typo?)" if close else ""


def shown_value(var: EnvVar) -> str:
    """An env value as a message quotes it; an unquoted boolean or number says what is wrong with it."""
    if var.value is not None:
        return f'"{var.value}"'
    node = var.value_node
    raw = node.value if isinstance(node, ScalarNode) else "a non-string value"
    return f"{raw} (unquoted, so not a string: the API server rejects it)"


def image_basename(container: Container) -> str | None:
    image = container.image
    return parse_image(image).basename if image else None


class AwsNode:
    """The aws-node parts of one workload and the CNI version it runs (None: unknown). It does not
    point back at its workload, which keeps it in a memo: a cycle would hold the document's nodes
    until the garbage collector runs."""

    main: Container | None
    init: Container | None
    version: Version | None
    version_origin: str

    def __init__(
        self,
        main: Container | None,
        init: Container | None,
        version: Version | None,
        version_origin: str,
    ) -> None:
        self.main = main
        self.init = init
        self.version = version
        self.version_origin = version_origin

    @property
    def version_text(self) -> str:
        """`v1.10.4`, plus where it came from when that was not the aws-node image tag."""
        if self.version is None:
            return "unknown"
        text = format_version(self.version)
        return text if self.version_origin == "the image tag" else f"{text} (from {self.version_origin})"

    def misplaced_demux_note(self) -> str:
        """A note when DISABLE_TCP_EARLY_DEMUX sits on the main container, where nothing reads it."""
        if self.main is None or self.main.env_var("DISABLE_TCP_EARLY_DEMUX") is None:
            return ""
        return (
            f" (DISABLE_TCP_EARLY_DEMUX on the {self.main.name} container has no effect: only the "
            f"{INIT_CONTAINER} init container reads it)"
        )

    @property
    def image_loc(self) -> Loc | None:
        container = self.main
        if container is None:
            return None
        return container.view.key_loc("image") if "image" in container.view else container.name_loc


def find_aws_node(workload: Workload) -> AwsNode | None:
    """The aws-node view of a workload, or None when the workload is not the VPC CNI (computed once per
    workload: the aws-node rules and their fixes all ask for it)."""
    return workload.memo(_aws_node_view)


def is_vendor_cni(container: Container) -> bool:
    """The container runs AWS's own CNI image: its probes are the CNI's, which the aws-node rules judge;
    generic probe-design rules would only ask the user to rewrite AWS's manifest."""
    node = find_aws_node(container.workload)
    return node is not None and node.main is container and image_basename(container) == CNI_IMAGE


def _aws_node_view(workload: Workload) -> AwsNode | None:
    if workload.partial:  # the version, images and env of a patch's base are not known here
        return None
    has_cni_image = any(image_basename(c) == CNI_IMAGE for c in workload.containers)
    is_named = workload.kind == "DaemonSet" and workload.name == MAIN_CONTAINER
    if not (has_cni_image or is_named):
        return None
    main = _pick(workload, CNI_IMAGE, MAIN_CONTAINER, roles=("container",))
    init = _pick(workload, CNI_INIT_IMAGE, INIT_CONTAINER, roles=("init", "sidecar"))
    version, origin = _version(workload, main, init)
    return AwsNode(main, init, version, origin)


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
