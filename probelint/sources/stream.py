"""The rendered templates as one stream, like `helm template` prints it, remembering where each line came from.

Each template's output is split into documents the way Helm splits it; each non-empty document is
printed as `---`, `# Source: <path>`, then the document trimmed of surrounding whitespace. Documents
are ordered as Helm installs them: by kind (Helm's install order, unknown kinds last, by name), then
by template path; hooks (`helm.sh/hook`) after everything else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

# Helm's releaseutil.InstallOrder.
INSTALL_ORDER = (
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
)
_RANK = {kind: i for i, kind in enumerate(INSTALL_ORDER)}

# Helm's releaseutil.SplitManifests separator; `\s` spelled out as Go's RE2 defines it.
_SEPARATOR = re.compile(r"(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*")
_WS = "\t\n\f\r "
_KIND = re.compile(r"^kind:[ \t]*[\"']?([A-Za-z0-9]+)", re.MULTILINE)
_HOOK = re.compile(r"^\s+[\"']?helm\.sh/hook[\"']?\s*:", re.MULTILINE)
_CONTENT = re.compile(r"^[ \t]*[^#\s]", re.MULTILINE)


class Origin(NamedTuple):
    """Where a stream line comes from: a template's output, its 0-based line, and how many leading
    characters Helm's trim removed from that line (only ever non-zero on a document's first line)."""

    source: str
    line: int
    shift: int


class Document(NamedTuple):
    source: str
    text: str
    first_line: int  # 0-based line of the template output where the trimmed document starts
    shift: int
    kind: str
    hook: bool


class Stream(NamedTuple):
    text: str
    origins: list[Origin | None]  # by 0-based stream line; None for the `---` and `# Source:` lines
    doc_starts: list[int]  # 0-based stream line of each document's first content line


def split_documents(source: str, output: str) -> list[Document]:
    docs: list[Document] = []
    cuts = [(m.start(), m.end()) for m in _SEPARATOR.finditer(output)]
    bounds = []
    begin = 0
    for start, end in cuts:
        bounds.append((begin, start))
        begin = end
    bounds.append((begin, len(output)))
    for begin, end in bounds:
        while begin < end and output[begin] in _WS:
            begin += 1
        while end > begin and output[end - 1] in _WS:
            end -= 1
        text = output[begin:end]
        if not _CONTENT.search(text):
            continue  # empty, or nothing but comments
        line_start = output.rfind("\n", 0, begin) + 1
        kind = _KIND.search(text)
        docs.append(
            Document(
                source,
                text,
                output.count("\n", 0, begin),
                begin - line_start,
                kind.group(1) if kind else "",
                bool(_HOOK.search(text)),
            )
        )
    return docs


def _order(doc: Document) -> tuple[bool, int, str, str]:
    rank = _RANK.get(doc.kind, len(_RANK))
    return (doc.hook, rank, doc.kind if rank == len(_RANK) else "", doc.source)


def assemble(outputs: Mapping[str, str]) -> Stream:
    docs = [doc for source in sorted(outputs) for doc in split_documents(source, outputs[source])]
    docs.sort(key=_order)
    pieces: list[str] = []
    origins: list[Origin | None] = []
    starts: list[int] = []
    for doc in docs:
        pieces.append(f"---\n# Source: {doc.source}\n{doc.text}\n")
        origins.extend((None, None))
        starts.append(len(origins))
        for i in range(doc.text.count("\n") + 1):
            origins.append(Origin(doc.source, doc.first_line + i, doc.shift if i == 0 else 0))
    return Stream("".join(pieces), origins, starts)
