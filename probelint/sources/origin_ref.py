"""The record a finding on a Kustomize-built object carries back to the committed files (see
`probelint.sources.origins`, which makes it, and `probelint.sources.origin_map`, which reads it).

Plain data with no imports from the rest of probelint, so that `probelint.findings` can name it.
"""

from __future__ import annotations

from typing import NamedTuple

Scalar = str | int | float | bool | None


class Item(NamedTuple):
    """A list step: the item's position in the built object, and its merge key and value if it has one."""

    position: int
    key: str | None
    value: Scalar


Step = str | Item


class OriginRef(NamedTuple):
    origin: str  # the origin file as the annotation names it (relative to where kustomize ran)
    kustomizations: tuple[str, ...]  # the kustomization files whose transformers changed the object
    kind: str
    name: str
    steps: tuple[Step, ...]  # from the object's root down to the finding's key (or list item)
    value: Scalar  # the scalar there, when `scalar`
    scalar: bool  # False: the key holds a mapping or list (or the position is not a key): only its place counts
    found: bool  # False: the finding's position is no key of the object; `steps` is the deepest enclosing one
