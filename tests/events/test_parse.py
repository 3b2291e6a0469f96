"""Event input as kubectl prints it: rows, describe pod output, and event lists in JSON and YAML."""

from __future__ import annotations

import json

import pytest

from probelint.events.parse import Event, EventInputError, parse_events

# Real describe output has long lines.
DESCRIBE = """\
Name:             web-7d9c8b6f5-x2x9k
Namespace:        shop
Priority:         0
Service Account:  default
Node:             ip-10-0-1-23.eu-west-1.compute.internal/10.0.1.23
Start Time:       Mon, 06 May 2024 10:12:03 +0200
Labels:           app=web
                  pod-template-hash=7d9c8b6f5
Status:           Running
IP:               10.0.3.7
Controlled By:  ReplicaSet/web-7d9c8b6f5
Containers:
  web:
    Container ID:   containerd://4f1c2b
    Image:          nginx:1.27
    Port:           8080/TCP
    State:          Running
      Started:      Mon, 06 May 2024 10:14:41 +0200
    Last State:     Terminated
      Reason:       Error
      Exit Code:    137
      Started:      Mon, 06 May 2024 10:12:05 +0200
      Finished:     Mon, 06 May 2024 10:14:40 +0200
    Ready:          False
    Restart Count:  1
    Liveness:       http-get http://:http/healthz delay=0s timeout=1s period=10s #success=1 #failure=3
    Readiness:      http-get http://:http/ready delay=0s timeout=1s period=10s #success=1 #failure=3
Conditions:
  Type              Status
  Ready             False
Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  3m                 default-scheduler  Successfully assigned shop/web-7d9c8b6f5-x2x9k to ip-10-0-1-23.eu-west-1.compute.internal
  Warning  Unhealthy  2m (x12 over 3m)   kubelet            Readiness probe failed: Get "http://10.0.3.7:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)
  Normal   Killing    41s                kubelet            Container web failed liveness probe, will be restarted
"""

EVENT_LIST = {
    "apiVersion": "v1",
    "kind": "List",
    "metadata": {"resourceVersion": ""},
    "items": [
        {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": "web-7d9c8b6f5-x2x9k.17cd0a1b2c3d4e5f", "namespace": "shop"},
            "involvedObject": {
                "apiVersion": "v1",
                "kind": "Pod",
                "name": "web-7d9c8b6f5-x2x9k",
                "namespace": "shop",
                "fieldPath": "spec.containers{web}",
            },
            "reason": "Unhealthy",
            "message": "Liveness probe failed: HTTP probe failed with statuscode: 503",
            "type": "Warning",
            "count": 7,
            "source": {"component": "kubelet", "host": "ip-10-0-1-23.eu-west-1.compute.internal"},
        },
        {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": "web-7d9c8b6f5-x2x9k.17cd0a1b2c3d4e60", "namespace": "shop"},
            "involvedObject": {"kind": "ReplicaSet", "name": "web-7d9c8b6f5", "namespace": "shop"},
            "reason": "SuccessfulCreate",
            "message": "Created pod: web-7d9c8b6f5-x2x9k",
            "type": "Normal",
        },
    ],
}

EVENT_YAML = """\
apiVersion: v1
items:
- apiVersion: v1
  count: 3
  involvedObject:
    apiVersion: v1
    fieldPath: spec.containers{db}
    kind: Pod
    name: db-0
    namespace: data
  kind: Event
  message: 'Readiness probe failed: dial tcp 10.0.4.2:5432: connect: connection refused'
  reason: Unhealthy
  type: Warning
- apiVersion: v1
  involvedObject:
    kind: Pod
    name: db-0
    namespace: data
    fieldPath: spec.containers{db}
  kind: Event
  message: PreStopHook failed
  reason: FailedPreStopHook
  type: Warning
kind: List
metadata:
  resourceVersion: ""
"""


def test_describe_pod_gives_the_pod_its_controller_the_only_container_and_the_137() -> None:
    owner = ("ReplicaSet", "web-7d9c8b6f5")
    pod = {"pod": "web-7d9c8b6f5-x2x9k", "namespace": "shop", "container": "web", "owner": owner}
    assert parse_events(DESCRIBE) == [
        Event(
            "Successfully assigned shop/web-7d9c8b6f5-x2x9k to ip-10-0-1-23.eu-west-1.compute.internal",
            "Scheduled",
            "Normal",
            **pod,  # type: ignore[arg-type]
        ),
        Event(
            'Readiness probe failed: Get "http://10.0.3.7:8080/ready": context deadline exceeded '
            "(Client.Timeout exceeded while awaiting headers)",
            "Unhealthy",
            "Warning",
            12,
            **pod,  # type: ignore[arg-type]
        ),
        Event("Container web failed liveness probe, will be restarted", "Killing", "Normal", **pod),  # type: ignore[arg-type]
        Event("container terminated with Exit Code: 137 (Reason: Error)", "Terminated", **pod),  # type: ignore[arg-type]
    ]


def test_an_event_list_in_json_names_pod_namespace_container_and_count() -> None:
    events = parse_events(json.dumps(EVENT_LIST, indent=4))
    assert events[0] == Event(
        "Liveness probe failed: HTTP probe failed with statuscode: 503",
        "Unhealthy",
        "Warning",
        7,
        pod="web-7d9c8b6f5-x2x9k",
        namespace="shop",
        container="web",
    )
    assert events[1].pod is None  # about the ReplicaSet


def test_an_event_list_in_yaml() -> None:
    events = parse_events(EVENT_YAML)
    assert [(e.reason, e.pod, e.namespace, e.container, e.times) for e in events] == [
        ("Unhealthy", "db-0", "data", "db", 3),
        ("FailedPreStopHook", "db-0", "data", "db", 1),
    ]


def test_pods_in_the_list_lend_their_owner_and_exit_codes() -> None:
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "db-0",
            "namespace": "data",
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db", "controller": True}],
        },
        "status": {
            "containerStatuses": [{"name": "db", "lastState": {"terminated": {"exitCode": 137, "reason": "Error"}}}]
        },
    }
    listed = {"apiVersion": "v1", "kind": "List", "items": [pod, *parse_events_items()]}
    events = parse_events(json.dumps(listed))
    assert [(e.message, e.owner) for e in events] == [
        ("container terminated with Exit Code: 137 (Reason: Error)", ("StatefulSet", "db")),
        ("Readiness probe failed: dial tcp 10.0.4.2:5432: connect: connection refused", ("StatefulSet", "db")),
    ]


def parse_events_items() -> list[dict[str, object]]:
    import yaml

    items: list[dict[str, object]] = yaml.safe_load(EVENT_YAML)["items"][:1]
    return items


def test_kubectl_get_events_rows_with_and_without_namespace() -> None:
    text = (
        "LAST SEEN   TYPE      REASON      OBJECT                    MESSAGE\n"
        "2m12s       Warning   Unhealthy   pod/web-7d9c8b6f5-x2x9k   "
        "Liveness probe failed: HTTP probe failed with statuscode: 500\n"
    )
    assert parse_events(text) == [
        Event(
            "Liveness probe failed: HTTP probe failed with statuscode: 500",
            "Unhealthy",
            "Warning",
            pod="web-7d9c8b6f5-x2x9k",
        )
    ]
    wide = (
        "NAMESPACE   LAST SEEN   TYPE      REASON      OBJECT     MESSAGE\n"
        "data        5m          Warning   Unhealthy   pod/db-0   Readiness probe failed: status: NOT_SERVING\n"
    )
    assert parse_events(wide) == [
        Event("Readiness probe failed: status: NOT_SERVING", "Unhealthy", "Warning", pod="db-0", namespace="data")
    ]


def test_a_bare_message_is_one_event() -> None:
    assert parse_events("Container web failed liveness probe, will be restarted\n") == [
        Event("Container web failed liveness probe, will be restarted", container="web")
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "the event text is empty"),
        ("   \n", "the event text is empty"),
        ('{"items": [', "the event input is neither valid JSON nor YAML: Expecting value: line 1 column 12 (char 11)"),
        ("apiVersion: v1\nkind: List\nitems: []\n", "no events in the input"),
    ],
)
def test_unreadable_input(text: str, error: str) -> None:
    with pytest.raises(EventInputError) as raised:
        parse_events(text)
    assert str(raised.value).startswith(error)
