"""The shipped Kubernetes schemas the API-validity rules validate against."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from probelint.apivalidation import schemas


@pytest.mark.parametrize("name", schemas.FILES)
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    Draft202012Validator.check_schema(schemas.schema(name))


def test_every_x_errors_entry_has_a_known_kind() -> None:
    kinds: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                if key == "x-errors":
                    kinds.update(entry["type"] for entry in child.values())
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    for name in schemas.FILES:
        walk(schemas.schema(name))
    assert kinds == {"Invalid", "Required", "Forbidden", "NotSupported", "decode"}
