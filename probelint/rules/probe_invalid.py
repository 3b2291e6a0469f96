"""Probes and lifecycle hooks that the API server rejects, checked against the JSON Schemas in schemas/.

The schemas carry the API's rules (types, ranges, handlers, port names) and, in `x-errors`, the
field error the API server gives for each; this module converts each probe to the JSON kubectl
would send, validates it, and turns every schema error into one finding at the YAML node at fault.
Only probe and lifecycle mappings are validated, and results are cached by content: real manifests
repeat the same probes over and over.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from yaml.nodes import Node, ScalarNode, SequenceNode

from probelint.apivalidation.fast_validator import is_valid
from probelint.apivalidation.jsontree import JSONPath, JSONTree, to_json
from probelint.apivalidation.messages import field_path, go_field_path
from probelint.apivalidation.schemas import LIFECYCLE, PROBE_SCHEMAS, validator
from probelint.findings import Problem, Severity
from probelint.model.placeholders import placeholder_in
from probelint.model.workload import PROBE_KINDS, Container, Workload
from probelint.paths import ObjectPath, join
from probelint.reading.yamlview import describe, is_plain_int, loc_of, scalar_value
from probelint.rules._text import short_value
from probelint.suggest import close_matches

if TYPE_CHECKING:
    from jsonschema import ValidationError

ID = "probe-invalid"
SEVERITY = Severity.ERROR
SUMMARY = (
    "A probe or lifecycle hook the API server rejects: unknown field, wrong type, negative number, "
    "no handler or two, bad port or scheme, successThreshold other than 1 on liveness/startup..."
)
OPTIONS: Mapping[str, Any] = {}

_SCHEMAS = {**PROBE_SCHEMAS, "lifecycle": LIFECYCLE}
_CONTEXT = {"livenessProbe": "liveness probe", "readinessProbe": "readiness probe", "startupProbe": "startup probe"}
_HOOKS = ("postStart", "preStop")
_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc", "sleep")
# The Go struct that holds a field, by the JSON key of that struct (for decode error messages).
_STRUCTS = {
    "livenessProbe": "Probe",
    "readinessProbe": "Probe",
    "startupProbe": "Probe",
    "lifecycle": "Lifecycle",
    "postStart": "LifecycleHandler",
    "preStop": "LifecycleHandler",
    "exec": "ExecAction",
    "httpGet": "HTTPGetAction",
    "tcpSocket": "TCPSocketAction",
    "grpc": "GRPCAction",
    "sleep": "SleepAction",
    "httpHeaders": "HTTPHeader",
}
_EXPECTED = {
    "int32": "an integer",
    "int64": "an integer",
    "string": "a string",
    "[]string": "a list of strings",
    "[]v1.HTTPHeader": "a list of name/value mappings",
    "intstr.IntOrString": "a port number or name",
}
_INT_TYPES = ("int32", "int64", "intstr.IntOrString")
_PRIORITY = {"decode": 0, "unknown": 1}
_CACHE_LIMIT = 4096
_cache: dict[tuple[str, str], list[ValidationError]] = {}


class Issue(NamedTuple):
    """One API error: where the API reports it (`path`), where the finding points (`at`), and why."""

    kind: str  # decode | unknown | Invalid | Required | Forbidden | NotSupported
    path: JSONPath
    at: JSONPath
    detail: str = ""
    fix: str = ""
    value: Any = None
    go_type: str = ""
    handler_like: bool = False  # an unknown key that was meant as a handler
    no_handler: bool = False  # the probe or hook has no handler at all
    missing: bool = False  # a required field is absent


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    grace = workload.termination_grace_period()
    for container in workload.long_running:
        for field in (*PROBE_KINDS, "lifecycle"):
            entry = container.view.entries.get(field)
            if entry is None or (isinstance(entry.value, ScalarNode) and scalar_value(entry.value) is None):
                continue
            tree = to_json(entry.value, entry.key)
            issues = _issues(_validate(field, tree.value))
            if workload.partial:  # a patch need not repeat the handler or required fields of its base
                issues = [issue for issue in issues if not (issue.no_handler or issue.missing)]
            # A placeholder is filled in before the API sees it: unresolved-placeholder reports it instead.
            issues = [issue for issue in issues if not _is_placeholder(tree.value, issue.path)]
            if workload.is_knative:  # Knative's webhook fills in a missing probe port: the container's port
                issues = [issue for issue in issues if not _missing_port(issue)]
            if field == "lifecycle":
                issues.extend(_sleep_over_grace(tree, grace))
            for issue in _one_per_node(issues):
                message, detail = _message(issue, container, field, tree, grace)
                yield Problem(
                    loc_of(tree.anchor(issue.at), _object_path(container, field, issue.at)),
                    message,
                    container.name,
                    detail=detail,
                )


def _missing_port(issue: Issue) -> bool:
    """A probe port left unset (or 0, the same to the API), which Knative defaults."""
    return issue.kind in ("Required", "Invalid") and issue.path[-1:] == ("port",) and issue.value in (0, None)


def _validate(field: str, value: Any) -> list[ValidationError]:
    """Schema errors for one probe or lifecycle value, cached by its content."""
    key = (field, json.dumps(value, sort_keys=True))
    errors = _cache.get(key)
    if errors is None:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        # Most probes are valid: the quick check answers those without importing jsonschema.
        quick = is_valid(_SCHEMAS[field], value)
        errors = [] if quick else list(validator(_SCHEMAS[field]).iter_errors(value))
        _cache[key] = errors
    return errors


def _issues(errors: list[ValidationError]) -> list[Issue]:
    return [issue for error in errors for issue in _translate(error)]


def _translate(error: ValidationError) -> Iterator[Issue]:
    """The API errors behind one schema error, using the schema's `x-errors` annotations."""
    path: JSONPath = tuple(error.absolute_path)
    keyword = str(error.validator)
    instance: Any = error.instance
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    spec: dict[str, Any] = schema.get("x-errors", {}).get(keyword, {})
    go_type = schema.get("x-go-type", "")
    if keyword == "type":
        if instance is not None:  # null decodes to the zero value, which is not an error here
            yield Issue("decode", path, path, fix=schema.get("x-type-fix", ""), go_type=go_type)
    elif keyword == "additionalProperties":
        yield from _unknown_fields(instance, schema, path)
    elif spec.get("type") == "decode":
        yield Issue("decode", path, path, go_type=go_type)
    elif keyword == "required":  # reported on the missing field, found at the mapping's key
        required: list[str] = list(error.validator_value)  # type: ignore[arg-type]
        missing = next(name for name in required if name not in instance)
        kind = spec.get("type", "Required")
        yield Issue(
            kind, (*path, missing), path, spec.get("detail", ""), spec.get("fix", ""), spec.get("value"), missing=True
        )
    elif spec:
        at = (*path, spec["at"]) if "at" in spec else path
        detail = spec.get("detail", "")
        if spec["type"] == "NotSupported":
            detail = ", ".join(f'"{value}"' for value in spec.get("supported", []))
        no_handler = keyword == "anyOf"
        yield Issue(spec["type"], at, at, detail, spec.get("fix", ""), instance, no_handler=no_handler)
    else:  # a keyword without an x-errors entry: still report it, in jsonschema's words
        yield Issue("Invalid", path, path, error.message, value=instance)


def _unknown_fields(instance: dict[str, Any], schema: dict[str, Any], path: JSONPath) -> Iterator[Issue]:
    """One issue per unknown key (jsonschema reports them together), with advice or a did-you-mean."""
    known = list(schema.get("properties", {}))
    hints: dict[str, str] = schema.get("x-unknown-hints", {})
    for name in instance:
        if name in known:
            continue
        hint = hints.get(name)
        suggestion = _closest(name, known)
        if hint is None:
            hint = f"did you mean {suggestion}?" if suggestion else "remove it"
        handler_like = name in _HANDLERS or suggestion in _HANDLERS
        yield Issue("unknown", (*path, name), (*path, name), fix=hint, handler_like=handler_like)


def _closest(name: str, known: list[str]) -> str | None:
    lowered = {key.lower(): key for key in known}
    if name.lower() in lowered:
        return lowered[name.lower()]
    close = close_matches(name.lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[close[0]] if close else None


def _sleep_over_grace(tree: JSONTree, grace: int | None) -> Iterator[Issue]:
    """validateSleepAction: a hook may sleep at most the pod's terminationGracePeriodSeconds."""
    if grace is None or not isinstance(tree.value, dict):
        return
    for hook in _HOOKS:
        path: JSONPath = (hook, "sleep", "seconds")
        node = tree.nodes.get(path)
        if node is None or not is_plain_int(node):
            continue
        seconds = scalar_value(node)
        assert isinstance(seconds, int)
        if seconds > grace:
            yield Issue(
                "Invalid",
                path,
                path,
                f"must be non-negative and less than terminationGracePeriodSeconds ({grace})",
                f"sleep at most {grace} seconds, or raise the pod's terminationGracePeriodSeconds",
                seconds,
            )


def _one_per_node(issues: list[Issue]) -> list[Issue]:
    """One finding per node: a decode error hides the rest; same-kind API errors are merged."""
    handler_typos = {issue.path[:-1] for issue in issues if issue.kind == "unknown" and issue.handler_like}
    by_node: dict[JSONPath, list[Issue]] = {}
    for issue in issues:
        if issue.no_handler and issue.at in handler_typos:
            continue  # the handler is there, misspelt: the unknown-field finding says so
        by_node.setdefault(issue.at, []).append(issue)
    result = []
    for group in by_node.values():
        group.sort(key=lambda issue: _PRIORITY.get(issue.kind, 2))
        first = group[0]
        details = [issue.detail for issue in group if issue.kind == first.kind and issue.path == first.path]
        merged = ", ".join(dict.fromkeys(detail for detail in details if detail))
        result.append(first._replace(detail=merged))
    return result


def _object_path(container: Container, field: str, path: JSONPath) -> str:
    """The path below the document (a List item's starts with `items[N]`), as every finding's path."""
    return join(container.path, (field, *path))


def _api_path(container: Container, field: str, path: JSONPath, indexed: bool) -> str:
    """The path as the API server (indexed) or Go's JSON decoder (not indexed) prints it."""
    text = _object_path(container, field, path)
    return field_path(text) if indexed else go_field_path(text)


def _is_placeholder(value: Any, path: JSONPath) -> bool:
    try:
        return placeholder_in(_value_at(value, path)) is not None
    except (KeyError, IndexError, TypeError):
        return False


def _value_at(value: Any, path: JSONPath) -> Any:
    for part in path:
        value = value[part]
    return value


def _context(field: str, path: JSONPath) -> tuple[str, JSONPath]:
    """`liveness probe` or `preStop hook`, and the path relative to it."""
    if field == "lifecycle":
        if path and path[0] in _HOOKS:
            return f"{path[0]} hook", path[1:]
        return "lifecycle", path
    return _CONTEXT[field], path


def _message(issue: Issue, container: Container, field: str, tree: JSONTree, grace: int | None) -> tuple[str, str]:
    """The short message and the detail, which quotes the API server's error."""
    context, relative = _context(field, issue.path)
    name = str(ObjectPath(relative))
    short = short_value(name)
    api_path = _api_path(container, field, issue.path, indexed=True)
    node = tree.nodes.get(issue.path)
    rejects = "The API server rejects the object"
    if issue.kind == "decode":
        return _decode_message(issue, container, field, context, name, node)
    if issue.kind == "unknown":
        return (
            f'{context}: unknown field "{short}"; {issue.fix}',
            f'kubectl apply rejects the object (strict decoding error: unknown field "{api_path}") and clients '
            f"that skip validation drop it silently.",
        )
    if issue.kind == "Forbidden":
        present = _value_at(tree.value, issue.path[:-1])  # the probe or hook holding the handlers
        before = _HANDLERS.index(relative[-1])
        earlier = [handler for handler in _HANDLERS[:before] if isinstance(present, dict) and handler in present]
        return (
            f"{context}: {short} is a second handler next to {' and '.join(earlier)}; keep only one",
            f"{rejects} ({api_path}: Forbidden: {issue.detail}).",
        )
    if issue.no_handler:
        return f"{context} has no handler; {issue.fix}", f"{rejects} ({api_path}: Required value: {issue.detail})."
    fix = _quoted_number_fix(node, relative) or issue.fix
    detail = issue.detail.replace("{grace}", str(grace if grace is not None else 30))
    state = f"{short} is {short_value(_shown(node, issue.value))}" if node is not None else f"{short} is missing"
    if issue.kind == "Required":
        error = f"{api_path}: Required value" + (f": {detail}" if detail else "")
        state = f"{short} is empty" if node is not None else state
    elif issue.kind == "NotSupported":
        error = f"{api_path}: Unsupported value: {_go_value(issue.value)}: supported values: {detail}"
        fix = fix or _supported_fix(issue.value, name)
    else:
        error = f"{api_path}: Invalid value: {_go_value(issue.value)}: {detail}"
    return f"{context}: {state}; {fix or 'the API server rejects it'}", f"{rejects} ({error})."


def _decode_message(
    issue: Issue, container: Container, field: str, context: str, name: str, node: Node | None
) -> tuple[str, str]:
    path = issue.path
    keys = [part for part in path if isinstance(part, str)]
    struct_key = keys[-2] if len(keys) > 1 else (field if keys else "")
    struct = _STRUCTS.get(struct_key, "Container")
    go_type = issue.go_type or "string"
    kind = _json_kind(node, go_type)
    if go_type == "intstr.IntOrString":
        go_error = f"json: cannot unmarshal {kind} into Go value of type int32"
    else:
        go_path = _api_path(container, field, path, indexed=False)
        go_error = f"json: cannot unmarshal {kind} into Go struct field {struct}.{go_path} of type {go_type}"
    expected = _EXPECTED.get(go_type, "a mapping")
    shown = short_value(describe(node)) if node is not None else "invalid"
    subject = f"{context}: {short_value(name)} is" if name else f"{context} is"
    fix = issue.fix or _quoted_number_fix(node, path) or _decode_fix(node, go_type, path)
    return f"{subject} {shown}, not {expected}; {fix}", f"The API server rejects the object ({go_error})."


def _json_kind(node: Node | None, go_type: str) -> str:
    """How Go's JSON decoder names the offending value."""
    if isinstance(node, SequenceNode):
        return "array"
    if not isinstance(node, ScalarNode):
        return "object"
    value = scalar_value(node)
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        if go_type in _INT_TYPES:
            number = int(value) if isinstance(value, float) and value.is_integer() else value
            return f"number {number}"
        return "number"
    return "string"


def _decode_fix(node: Node | None, go_type: str, path: JSONPath) -> str:
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    if go_type == "[]string" and isinstance(node, ScalarNode):
        return f'write it as a list, e.g. {key}: ["sh", "-c", "{short_value(node.value)}"]'
    if go_type in ("string", "v1.URIScheme") and isinstance(node, ScalarNode):
        return f'quote it: "{short_value(node.value)}"'
    return f"write {_EXPECTED.get(go_type, 'a mapping')}"


def _quoted_number_fix(node: Node | None, path: JSONPath) -> str:
    """`"8080"` or `"5"` in quotes: the quotes make it a string."""
    if not isinstance(node, ScalarNode) or node.style not in ("'", '"') or not node.value.isdigit():
        return ""
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    return f"remove the quotes: {key}: {short_value(node.value)}"


def _supported_fix(written: Any, name: str) -> str:
    if isinstance(written, str) and written.upper() in ("HTTP", "HTTPS"):
        return f"write {name}: {written.upper()} (the value is case-sensitive)"
    return f"write {name}: HTTP or HTTPS"


def _shown(node: Node, value: Any) -> str:
    if isinstance(node, ScalarNode) and isinstance(value, str):
        return f'"{value}"'
    return str(node.value) if isinstance(node, ScalarNode) else describe(node)


def _go_value(value: Any) -> str:
    """A value as Kubernetes prints it in a field error."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
