"""The quick validator and jsonschema agree on every instance: quick may only say "cannot tell"."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from probelint.apivalidation.fast_validator import is_valid
from probelint.apivalidation.jsontree import to_json
from probelint.apivalidation.schemas import LIFECYCLE, PROBE_SCHEMAS, validator
from probelint.model.extract import workloads_in
from probelint.model.workload import PROBE_KINDS
from probelint.reading.loader import load_bytes
from tests.support import CORPUS, needs_corpus
from tests.support.fuzzing import scaled

REFS = {**PROBE_SCHEMAS, "lifecycle": LIFECYCLE}


def agree(ref: str, instance: Any) -> None:
    quick = is_valid(ref, instance)
    real = validator(ref).is_valid(instance)
    assert quick is None or quick == real, (ref, instance, quick, real)


def _corpus_instances() -> list[tuple[str, Any]]:
    root = CORPUS / "real"
    found: dict[str, tuple[str, Any]] = {}
    for path in sorted(root.rglob("*.yaml")):
        loaded = load_bytes(str(path), path.read_bytes())
        for document in loaded.documents:
            for workload in workloads_in(document):
                for container in workload.containers:
                    for field in (*PROBE_KINDS, "lifecycle"):
                        entry = container.view.entries.get(field)
                        if entry is not None:
                            value = to_json(entry.value, entry.key).value
                            found.setdefault(repr((field, value)), (REFS[field], value))
    return list(found.values())


@needs_corpus()
def test_agrees_on_every_distinct_probe_and_hook_of_the_corpus() -> None:
    corpus_instances = _corpus_instances()
    answered = 0
    for ref, instance in corpus_instances:
        agree(ref, instance)
        answered += is_valid(ref, instance) is not None
    assert answered == len(corpus_instances)  # the quick path covers everything real manifests use


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**40), max_value=2**40),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(["", "/", "/healthz", "http", "HTTP", "HTTPS", "8080", "a--b", "-x", "grpc", "sleep 5"]),
        st.text(max_size=20),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
keys = st.sampled_from(
    [
        "exec",
        "httpGet",
        "tcpSocket",
        "grpc",
        "sleep",
        "command",
        "path",
        "port",
        "host",
        "scheme",
        "httpHeaders",
        "name",
        "value",
        "service",
        "seconds",
        "timeoutSeconds",
        "periodSeconds",
        "successThreshold",
        "failureThreshold",
        "initialDelaySeconds",
        "terminationGracePeriodSeconds",
        "preStop",
        "postStart",
        "stopSignal",
        "timeoutSecond",
    ]
)
handler_values = st.one_of(
    json_values,
    st.fixed_dictionaries({"command": st.lists(st.sampled_from(["sh", "-c", "true", 5, None]), max_size=3)}),
    st.fixed_dictionaries({"port": st.sampled_from([0, 1, 80, 65536, "http", "8080", "a" * 16, "-a", "a--b", 1.0])}),
    st.fixed_dictionaries(
        {
            "path": st.sampled_from(["/", "/x y", "x"]),
            "port": st.sampled_from([8080, "http", "HTTP"]),
            "scheme": st.sampled_from(["HTTP", "https", "HTTPS", 1]),
            "httpHeaders": st.lists(
                st.fixed_dictionaries({"name": st.sampled_from(["X-A", "bad name", ""]), "value": json_values}),
                max_size=2,
            ),
        }
    ),
    st.fixed_dictionaries({"seconds": st.sampled_from([0, 5, -1, "5", 2.5])}),
)
objects = st.dictionaries(keys, handler_values, max_size=5)


@settings(max_examples=scaled(1500), deadline=None, derandomize=True)
@given(st.sampled_from(sorted(REFS)), objects)
def test_agrees_on_generated_instances(field: str, instance: dict[str, Any]) -> None:
    if field == "lifecycle":
        instance = {"preStop": instance, "postStart": instance}
    agree(REFS[field], instance)
