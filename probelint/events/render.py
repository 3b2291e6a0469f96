"""The explanation as text: per event, what the kubelet was doing, the likely causes in order with the
rules (and, with manifests, the findings) for each, and the next check for what a manifest cannot show."""

from __future__ import annotations

from probelint.events.catalogue import SYMPTOMS
from probelint.events.explain import Explained, Explanation, fill, owner_text
from probelint.events.parse import Event
from probelint.reporters.text import format_finding

_CONSEQUENCE = {
    "readiness": "while it fails, the pod is not Ready and gets no Service traffic",
    "liveness": "after failureThreshold failures in a row, the container is restarted",
    "startup": "until it passes, liveness and readiness do not run",  # said by the startup symptom
}


def render_text(explained: Explained, colour: bool = False) -> str:
    blocks = [_explanation(explanation, explained.linted is not None, colour) for explanation in explained.explanations]
    blocks.extend(_unknown(event) for event in explained.unknown)
    if explained.unknown or not explained.explanations:
        blocks.append(known_texts())
    if explained.skipped:
        blocks.append(
            f"({explained.skipped} event{'s' if explained.skipped != 1 else ''} not about probes or hooks skipped)\n"
        )
    return "\n".join(blocks)


def known_texts() -> str:
    lines = ["probelint recognises these kubelet texts (see docs/events.md):"]
    lines.extend(f"  - {symptom.label}" for symptom in SYMPTOMS)
    return "\n".join(lines) + "\n"


def _unknown(event: Event) -> str:
    return f"{event.message}\n  not recognised: probelint does not know this text\n"


def _explanation(explanation: Explanation, with_manifests: bool, colour: bool) -> str:
    event = explanation.event
    lines = [event.message]
    lines.append(f"  pod: {_pod(event)}")
    owner = owner_text(explanation)
    if explanation.owners:
        lines.append(f"  workload: {owner}")
    elif with_manifests:
        guess = f" (the name suggests {owner})" if owner else ""
        lines.append(f"  workload: none of the paths has this pod's workload{guess}")
    elif owner:
        lines.append(f"  workload: {owner}, by the pod's name")
    lines.append(f"  the kubelet: {_doing(explanation)}")
    lines.append("  likely causes:")
    for number, view in enumerate(explanation.causes, 1):
        rules = f" [{', '.join(view.cause.rules)}]" if view.cause.rules else ""
        lines.append(f"    {number}. {view.cause.text}{rules}")
        lines.extend(f"       found: {format_finding(finding, colour)}" for finding in view.findings)
        if view.checked and not view.findings:
            lines.append(f"       {view.checked}")
        if view.cause.check and not view.findings:
            lines.append(f"       next: {fill(view.cause.check, event, explanation.url)}")
    if explanation.owners and not explanation.findings:
        lines.append(
            "  the manifest looks right for this: no rule above finds anything on it; check the rest as listed"
        )
    elif not with_manifests:
        lines.append("  to check the rules against the manifests: probelint --explain-event ... PATH...")
    return "\n".join(lines) + "\n"


def _pod(event: Event) -> str:
    pod = event.pod or "unknown (not in the input)"
    if event.pod and event.namespace:
        pod = f"{event.namespace}/{pod}"
    container = f", container {event.container}" if event.container else ""
    times = f", {event.times} times" if event.times > 1 else ""
    return f"{pod}{container}{times}"


def _doing(explanation: Explanation) -> str:
    what = "; and ".join(dict.fromkeys(symptom.what for symptom in explanation.symptoms))
    if explanation.probe is None or explanation.handler is None:
        return what
    target = f" {explanation.url}" if explanation.url else ""
    ids = {symptom.id for symptom in explanation.symptoms}
    consequence = "" if ids & {"startup-failed", "liveness-restart"} else f"; {_CONSEQUENCE[explanation.probe]}"
    return f"ran the {explanation.probe} probe ({explanation.handler}{target}) and {what}{consequence}"
