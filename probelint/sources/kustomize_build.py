"""Build a kustomization with `kustomize build` or `kubectl kustomize`, origin annotations on.

The user's files are left alone: a kustomization in a temporary folder takes their folder as its one
resource and asks for `buildMetadata: [originAnnotations, transformerAnnotations]`, so each built
object names the file it came from and the kustomizations whose patches changed it. The paths in
those annotations are relative to the temporary folder (kustomize refuses absolute resources).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from typing import NamedTuple

INSTALL_HINT = (
    "--kustomize needs kustomize or kubectl on PATH: install kubectl (https://kubernetes.io/docs/tasks/tools/) "
    "or kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/)"
)
# kubectl's log line around kustomize's error: `E1202 04:10:00.79 6534 run.go:72] "command failed" err="..."`.
_KLOG_RE = re.compile(r'^[EWF]\d{4} [\d:.]+\s+\d+ \S+\] "command failed" err="(.*)"$')
_TEMPORARY_KUSTOMIZATION = "resources:\n  - {resource}\nbuildMetadata: [originAnnotations, transformerAnnotations]\n"


class KustomizeUnavailableError(Exception):
    """Neither kustomize nor kubectl is on PATH."""


class BuildError(Exception):
    """The build failed; the message is kustomize's."""


class Built(NamedTuple):
    text: str  # what the build prints
    base_dir: str  # where the origin annotations' relative paths start


def kustomize_command() -> list[str]:
    """The build command, kustomize itself preferred over the copy built into kubectl."""
    for name, command in (("kustomize", ["build"]), ("kubectl", ["kustomize"])):
        found = shutil.which(name)
        if found is not None:
            return [found, *command]
    raise KustomizeUnavailableError(INSTALL_HINT)


def build(directory: str) -> Built:
    command = kustomize_command()
    target = os.path.realpath(directory)
    if not os.path.isdir(target):
        raise BuildError(f"{directory}: not a folder")
    with tempfile.TemporaryDirectory(prefix="probelint-kustomize-") as temporary:
        base_dir = os.path.realpath(temporary)
        resource = os.path.relpath(target, base_dir)
        with open(os.path.join(base_dir, "kustomization.yaml"), "w", encoding="utf-8") as handle:
            handle.write(_TEMPORARY_KUSTOMIZATION.format(resource=resource))
        try:
            done = subprocess.run([*command, base_dir], capture_output=True, timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise BuildError(f"{directory}: {' '.join(command[:2])} failed: {error}") from None
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        raise BuildError(f"{directory}: kustomize build failed: {_message(stderr, base_dir)}")
    return Built(done.stdout.decode("utf-8", "replace"), base_dir)


def _message(stderr: str, base_dir: str) -> str:
    """Kustomize's error, without its deprecation warnings and with the temporary folder left out."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not line.startswith("# Warning")]
    text = " ".join(_KLOG_RE.sub(r"\1", line) for line in lines) or "no message"
    return text.replace(base_dir + os.sep, "").replace(base_dir, ".")
