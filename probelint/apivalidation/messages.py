"""Field paths the way the API server and Go's JSON decoder print them in their errors.

Our paths start at the object; in a `kind: List` they start at `items[N]`, which kubectl never
sends (it creates each item on its own), so that prefix is dropped.
"""

from __future__ import annotations

import re

# Compiled when first used (re keeps them): only findings' messages need them.
_LIST_ITEM = r"^items\[\d+\]\."
_INDEX = r"\[\d+\]"


def field_path(path: str) -> str:
    """`spec.template.spec.containers[0].livenessProbe`, as in `The Deployment "x" is invalid: <path>: ...`."""
    return re.sub(_LIST_ITEM, "", path)


def go_field_path(path: str) -> str:
    """`spec.template.spec.containers.env.value`, as in `cannot unmarshal bool into Go struct field EnvVar.<path>`."""
    return re.sub(_INDEX, "", field_path(path))
