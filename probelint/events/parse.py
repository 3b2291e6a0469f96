"""Read events the way people copy them from a terminal.

Three shapes are accepted, told apart by their first lines:

- `kubectl get events -o json|yaml` (a `List`/`EventList` of core/v1 or events.k8s.io/v1 Events;
  Pods in the same list lend their controller and their containers' exit codes);
- `kubectl describe pod` output (one or more pods: `Name:`, `Namespace:`, `Controlled By:`, the
  containers' `Last State`, and the `Events:` table);
- event lines: rows of `kubectl get events` / `kubectl events`, rows of a describe `Events:` table, or
  bare messages such as `Readiness probe failed: ...`, one per line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import yaml


class EventInputError(Exception):
    """The input cannot be read as events (exit status 2)."""


class Event(NamedTuple):
    message: str
    reason: str = ""
    type: str = ""
    times: int = 1  # how often it happened (`count`, or `x12` in a describe table)
    pod: str | None = None
    namespace: str | None = None
    container: str | None = None
    owner: tuple[str, str] | None = None  # (kind, name) of the pod's controller, when the input names it


# `spec.containers{web}`: how involvedObject.fieldPath (and old describe tables) name a container.
_FIELD_PATH_RE = re.compile(r"spec\.(?:initContainers|containers|ephemeralContainers)\{([^}]+)\}")
# `Container web failed liveness probe, will be restarted` (kuberuntime) names its container.
_NAMED_CONTAINER_RE = re.compile(r"^Container (\S+) failed (?:liveness|startup) probe")
# A row of a describe `Events:` table: Type, Reason, Age (`2m (x12 over 5m)`), From, Message.
_DESCRIBE_ROW_RE = re.compile(
    r"^\s*(?P<type>Normal|Warning)\s+(?P<reason>[A-Za-z]+)\s+"
    r"(?P<age>\S+(?: \(x(?P<count>\d+) over [^)]*\))?)\s+"
    r"(?P<source>kubelet(?:, \S+)?|[a-z][\w.-]*(?:, \S+)?)\s+"
    r"(?:spec\.\w+\{(?P<container>[^}]+)\}\s+)?(?P<message>\S.*)$"
)
# A row of `kubectl get events` / `kubectl events` (optionally with NAMESPACE first): the OBJECT column.
_GET_ROW_RE = re.compile(
    r"^\s*(?:(?P<namespace>[a-z0-9][a-z0-9-]*)\s+)?(?P<age>\S+)\s+(?P<type>Normal|Warning)\s+"
    r"(?P<reason>[A-Za-z]+)\s+(?P<kind>[a-z]+)/(?P<name>\S+)\s+(?P<message>\S.*)$"
)
_HEADER_RE = re.compile(r"^\s*(?:NAMESPACE\s+)?LAST SEEN\s+TYPE\s+REASON|^\s*Type\s+Reason\s+Age|^\s*-{4}")
_STRUCTURED_RE = re.compile(r"^\s*(?:[{\[]|apiVersion:|items:|kind:)")
_DESCRIBE_RE = re.compile(r"^Name:\s+\S+\s*$", re.MULTILINE)


def parse_events(text: str) -> list[Event]:
    """Every event in `text`, in order; EventInputError when there is none to read."""
    if not text.strip():
        raise EventInputError("the event text is empty")
    if _STRUCTURED_RE.match(text):
        events = _structured(text)
    elif _DESCRIBE_RE.search(text) and re.search(r"^Events:", text, re.MULTILINE):
        events = [event for block in _pod_blocks(text) for event in _described(block)]
    else:
        events = list(_lines(text.splitlines()))
    if not events:
        raise EventInputError("no events in the input (expected event lines, kubectl describe pod output, or a List)")
    return [_with_named_container(event) for event in events]


def _with_named_container(event: Event) -> Event:
    named = _NAMED_CONTAINER_RE.match(event.message)
    if event.container is None and named is not None:
        return event._replace(container=named.group(1))
    return event


# --- event lines ------------------------------------------------------------------------------------


def _lines(lines: list[str], pod: str | None = None, namespace: str | None = None) -> Iterator[Event]:
    """Table rows or bare messages; a line that is no row continues the previous row's message."""
    pending: Event | None = None
    for raw in lines:
        line = raw.rstrip()
        if not line.strip() or _HEADER_RE.match(line) or line.strip() == "<none>":
            continue
        event = _row(line, pod, namespace)
        if event is None and pending is not None and raw[:1].isspace():
            pending = pending._replace(message=f"{pending.message} {line.strip()}")
            continue
        if pending is not None:
            yield pending
        pending = event or Event(line.strip(), pod=pod, namespace=namespace)
    if pending is not None:
        yield pending


def _row(line: str, pod: str | None, namespace: str | None) -> Event | None:
    row = _GET_ROW_RE.match(line)
    if row is not None:
        is_pod = row["kind"] == "pod"
        return Event(
            row["message"].strip(),
            row["reason"],
            row["type"],
            pod=row["name"] if is_pod else pod,
            namespace=row["namespace"] or namespace,
        )
    row = _DESCRIBE_ROW_RE.match(line)
    if row is not None:
        return Event(
            row["message"].strip(),
            row["reason"],
            row["type"],
            int(row["count"] or 1),
            pod=pod,
            namespace=namespace,
            container=row["container"],
        )
    return None


# --- kubectl describe pod -----------------------------------------------------------------------------


def _pod_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("Name:") or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def _field(block: list[str], name: str) -> str | None:
    for line in block:
        if line.startswith(name + ":"):
            value = line[len(name) + 1 :].strip()
            return value or None
    return None


def _described(block: list[str]) -> Iterator[Event]:
    pod, namespace = _field(block, "Name"), _field(block, "Namespace")
    controlled = _field(block, "Controlled By")
    kind, _, name = (controlled or "").partition("/")
    owner = (kind, name) if kind and name else None
    containers = _container_sections(block)
    regular = [name for name, _, init in containers if not init]
    start = next((i for i, line in enumerate(block) if line.startswith("Events:")), len(block))
    for event in _lines(block[start + 1 :], pod, namespace):
        if event.container is None and len(regular) == 1:
            event = event._replace(container=regular[0])
        yield event._replace(owner=owner)
    for name, lines, _ in containers:
        terminated = _killed(lines)
        if terminated is not None:
            yield Event(terminated, "Terminated", "", pod=pod, namespace=namespace, container=name, owner=owner)


def _container_sections(block: list[str]) -> list[tuple[str, list[str], bool]]:
    """(name, lines, is an init container) for each container the describe output lists."""
    sections: list[tuple[str, list[str], bool]] = []
    init: bool | None = None
    for line in block:
        if not line[:1].isspace():
            init = {"Init Containers:": True, "Containers:": False}.get(line.strip())
            continue
        header = re.match(r"^  ([a-z0-9][a-z0-9.-]*):\s*$", line)
        if init is not None and header is not None:
            sections.append((header.group(1), [], init))
        elif init is not None and sections:
            sections[-1][1].append(line)
    return sections


def _killed(lines: list[str]) -> str | None:
    """`... exited with code 137 (Reason: Error)` when a state of the container shows exit code 137."""
    reason = ""
    for line in lines:
        field = re.match(r"^\s+(Reason|Exit Code):\s+(\S+)", line)
        if field is None:
            continue
        if field.group(1) == "Reason":
            reason = field.group(2)
        elif field.group(2) == "137":
            return f"container terminated with Exit Code: 137 (Reason: {reason or 'unknown'})"
    return None


# --- kubectl get events -o json|yaml ---------------------------------------------------------------------


def _structured(text: str) -> list[Event]:
    try:
        documents = [json.loads(text)] if text.lstrip()[:1] in "{[" else list(yaml.safe_load_all(text))
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise EventInputError(f"the event input is neither valid JSON nor YAML: {_first_line(error)}") from None
    items: list[Mapping[str, Any]] = []
    for document in documents:
        if isinstance(document, list):
            items.extend(item for item in document if isinstance(item, Mapping))
        elif isinstance(document, Mapping):
            listed = document.get("items")
            items.extend(item for item in listed if isinstance(item, Mapping)) if isinstance(
                listed, list
            ) else items.append(document)
    owners = {_pod_key(item): _controller(item) for item in items if item.get("kind") == "Pod"}
    events: list[Event] = []
    for item in items:
        if item.get("kind") == "Pod":
            events.extend(_pod_exits(item, owners.get(_pod_key(item))))
        elif item.get("kind") == "Event" or "involvedObject" in item or "regarding" in item:
            event = _event_object(item)
            events.append(event._replace(owner=owners.get((event.namespace, event.pod))))
    return events


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, (str, int)) and str(value) else None


def _pod_key(item: Mapping[str, Any]) -> tuple[str | None, str | None]:
    metadata = item.get("metadata") or {}
    return _text(metadata.get("namespace")), _text(metadata.get("name"))


def _controller(item: Mapping[str, Any]) -> tuple[str, str] | None:
    for reference in (item.get("metadata") or {}).get("ownerReferences") or []:
        if isinstance(reference, Mapping) and reference.get("controller"):
            kind, name = _text(reference.get("kind")), _text(reference.get("name"))
            if kind and name:
                return kind, name
    return None


def _event_object(item: Mapping[str, Any]) -> Event:
    """A core/v1 Event (message, involvedObject, count) or an events.k8s.io/v1 one (note, regarding, series)."""
    involved = item.get("involvedObject") or item.get("regarding") or {}
    series = item.get("series") or {}
    count = item.get("count") or (series.get("count") if isinstance(series, Mapping) else None) or 1
    container = _FIELD_PATH_RE.search(str(involved.get("fieldPath") or ""))
    is_pod = involved.get("kind") in (None, "Pod")
    return Event(
        str(item.get("message") or item.get("note") or "").strip(),
        str(item.get("reason") or ""),
        str(item.get("type") or ""),
        int(count) if str(count).isdigit() else 1,
        pod=_text(involved.get("name")) if is_pod else None,
        namespace=_text(involved.get("namespace")),
        container=container.group(1) if container else None,
    )


def _pod_exits(item: Mapping[str, Any], owner: tuple[str, str] | None) -> Iterator[Event]:
    """A Pod object's containers that were SIGKILLed (exit code 137), now or last time."""
    namespace, name = _pod_key(item)
    status = item.get("status") or {}
    for entry in (status.get("containerStatuses") or []) + (status.get("initContainerStatuses") or []):
        for state in ("state", "lastState"):
            terminated = ((entry.get(state) or {}).get("terminated") or {}) if isinstance(entry, Mapping) else {}
            if terminated.get("exitCode") == 137:
                reason = terminated.get("reason") or "unknown"
                message = f"container terminated with Exit Code: 137 (Reason: {reason})"
                yield Event(
                    message, "Terminated", pod=name, namespace=namespace, container=entry.get("name"), owner=owner
                )
                break
