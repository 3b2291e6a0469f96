"""The JSON Schemas in `schemas/` (shipped as probelint/_data/schemas) and their compiled validators.

Schemas reference each other by file name (`probe.schema.json#/$defs/execAction`), so they are
loaded into one registry. Loading and compiling happen once per process, and jsonschema (a slow
import) is imported only when a validator is first needed.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from probelint.resources import data_dir

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from referencing import Registry

# The schema files that describe Kubernetes objects; they reference each other by these names.
FILES = ("probe.schema.json", "lifecycle-handler.schema.json", "lifecycle.schema.json")
# The object schemas a lint run validates against: `file#pointer`.
LIFECYCLE = "lifecycle.schema.json"
PROBE_SCHEMAS = {
    "livenessProbe": "probe.schema.json#/$defs/livenessProbe",
    "readinessProbe": "probe.schema.json#/$defs/readinessProbe",
    "startupProbe": "probe.schema.json#/$defs/startupProbe",
}


@functools.cache
def registry() -> Registry[Any]:
    """The Kubernetes object schemas, keyed by their `$id` (their file name)."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = []
    for name in FILES:
        contents = json.loads((data_dir("schemas") / name).read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents, default_specification=DRAFT202012)))
    empty: Registry[Any] = Registry()
    return empty.with_resources(resources).crawl()


@functools.cache
def validator(ref: str) -> Draft202012Validator:
    """A validator for the schema at `ref` (`file` or `file#/json/pointer`), compiled once."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator({"$ref": ref}, registry=registry())


def schema(name: str) -> dict[str, Any]:
    """A schema document by its `$id` (for checking the schemas themselves)."""
    contents: dict[str, Any] = registry().contents(name)
    return contents
