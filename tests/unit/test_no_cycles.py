"""Linting frees each document as soon as it is done: nothing the model builds may form a reference
cycle, which would keep a document's nodes alive until the garbage collector runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from yaml.nodes import Node

from probelint.run.runner import lint_settings
from tests.support import ROOT

EXAMPLES = sorted(str(path) for path in (ROOT / "examples").glob("*.yaml"))


@pytest.fixture
def garbage() -> Iterator[list[object]]:
    """What the collector would have freed, kept for inspection."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_linting_leaves_no_cycles_that_hold_nodes(garbage: list[object]) -> None:
    assert any("aws-node" in name for name in EXAMPLES)  # the aws-node view is shared by five rules
    result = lint_settings(EXAMPLES)
    assert result.findings
    gc.collect()
    held = [
        type(item).__name__
        for item in garbage
        if isinstance(item, Node) or type(item).__module__.startswith("probelint")
    ]
    assert held == []
