"""Fixtures only: shared helpers live in tests/support."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import Run, write_and_lint

Lint = Callable[..., Run]


@pytest.fixture
def lint(tmp_path: Path) -> Lint:
    """Write `text` as `name` in a temporary folder and lint it there."""

    def _lint(text: str | bytes, *args: str, name: str = "example.yaml") -> Run:
        return write_and_lint(tmp_path, text, *args, name=name)

    return _lint
