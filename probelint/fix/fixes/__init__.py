"""The fixes: one module per rule, each with `RULE`, `SUMMARY` (what it changes) and `fix(ctx)`.

A fix reads the object as Kubernetes reads it (the same read-only model the rules use) and writes
through `ctx.editor` at paths relative to the document. It raises `CannotFix` with a reason, before
it changes anything, when the safe change is not clear. Rules without a module here have no fix and
are never touched by `--fix`.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Mapping
from types import ModuleType
from typing import Any, NamedTuple, Protocol

from probelint.findings import Finding
from probelint.fix.edits import CannotFix, Editor, Path
from probelint.fix.roundtrip import KeptNull
from probelint.model.workload import Container, Probe, Workload
from probelint.paths import ObjectPath, is_within


class FixContext:
    """What a fix gets: the finding, its rule's options, the object (read-only) and an editor."""

    __slots__ = ("editor", "finding", "options", "workload")

    def __init__(self, finding: Finding, options: Mapping[str, Any], workload: Workload, editor: Editor) -> None:
        self.finding = finding
        self.options = options
        self.workload = workload
        self.editor = editor

    @property
    def path(self) -> Path:
        return ObjectPath.parse(self.finding.path)

    def container(self) -> Container:
        """The container the finding points into."""
        for container in self.workload.containers:
            if is_within(self.finding.path, container.path):
                return container
        raise CannotFix("the finding does not point into a container")

    def probe(self) -> Probe:
        """The probe the finding points into (at the probe's key or one of its fields)."""
        container = self.container()
        for probe in container.probes.values():
            if is_within(self.finding.path, probe.view.path):
                return probe
        raise CannotFix("the finding does not point into a probe")


class FixFunction(Protocol):
    def __call__(self, ctx: FixContext) -> None: ...


class Fix(NamedTuple):
    rule: str
    summary: str
    apply: FixFunction

    @classmethod
    def from_module(cls, module: ModuleType) -> Fix:
        return cls(module.RULE, module.SUMMARY, module.fix)


@functools.cache
def all_fixes() -> dict[str, Fix]:
    """Rule id -> its fix, for every fix module in this package."""
    fixes = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        fix = Fix.from_module(importlib.import_module(f"{__name__}.{info.name}"))
        fixes[fix.rule] = fix
    return fixes


def fix_for(rule_id: str) -> Fix | None:
    return all_fixes().get(rule_id)


def current_int(ctx: FixContext, path: Path) -> int | None:
    """The integer written at `path` now (after earlier fixes in this run), None when absent or null."""
    value = ctx.editor.get(path)
    if value is None or isinstance(value, KeptNull):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise CannotFix(f"{'.'.join(str(part) for part in path[-1:])} is not an integer ({value!r})")
    return int(value)


def raise_int(ctx: FixContext, path: Path, minimum: int, after: str | None = None) -> None:
    """Set an integer field to `minimum` unless it already holds at least that much."""
    value = current_int(ctx, path)
    if value is not None and value >= minimum:
        return
    ctx.editor.set(path, minimum, after=after)


def raise_timeout(ctx: FixContext, probe: Probe, minimum: int) -> None:
    """Raise a probe's timeoutSeconds to `minimum`, unless that would exceed its periodSeconds."""
    probe_path = ObjectPath.parse(probe.view.path)
    period = current_int(ctx, (*probe_path, "periodSeconds")) or 10
    if minimum > period:
        raise CannotFix(
            f"timeoutSeconds: {minimum} would exceed the probe's periodSeconds ({period}); raising the period "
            f"too would change how fast failures are noticed, so decide that by hand"
        )
    raise_int(ctx, (*probe_path, "timeoutSeconds"), minimum)


__all__ = ["CannotFix", "Fix", "FixContext", "all_fixes", "fix_for", "raise_int", "raise_timeout"]
