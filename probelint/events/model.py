"""The shapes of the symptom table (see catalogue), and the causes several symptoms share."""

from __future__ import annotations

import re
from typing import NamedTuple


class Cause(NamedTuple):
    text: str
    rules: tuple[str, ...] = ()  # the rules that find this cause in a manifest
    check: str = ""  # what to look at next when no manifest can show it
    cluster: bool = False  # found on another object of the run (the aws-node DaemonSet), not the pod's


class Symptom(NamedTuple):
    id: str
    label: str  # the recognised text, short, for lists
    pattern: str  # a regular expression searched in the event's message
    what: str  # what the kubelet was doing, completing "the kubelet ..."
    causes: tuple[Cause, ...]
    example: str  # a message as the kubelet prints it
    source: str  # where upstream the text comes from
    reasons: tuple[str, ...] = ()  # event reasons that mean this symptom whatever the message

    def matches(self, reason: str, message: str) -> bool:
        return reason in self.reasons or re.search(self.pattern, message) is not None


KUBELET_LOG = (
    "on the node, the kubelet's log has each failed probe with its output "
    "(`journalctl -u kubelet | grep -i probe`); raise its verbosity (`--v=4`) to see every attempt"
)
SECURITY_GROUPS = Cause(
    "EKS security groups for pods: in strict mode with TCP early demux on, the node drops the replies "
    "to the kubelet's connections to branch-ENI pods",
    ("aws-node-enforcing-mode", "aws-node-tcp-early-demux"),
    "check that the pod's security group allows inbound traffic from the cluster security group on the "
    "probe port, and lint the CNI: `kubectl get ds aws-node -n kube-system -o yaml | probelint -`",
    cluster=True,
)
HOST_SET = Cause("`host` sends the probe to another address than the pod's IP", ("http-probe-host-set",))
SLOW_START = Cause(
    "the app is not up yet: the probe runs before the app listens or while it warms up",
    ("startup-probe-missing", "liveness-too-aggressive"),
    "compare the container's start time with the app's first `listening` line in `{logs}`",
)
