"""Every generated artifact is up to date: `python scripts/regenerate.py --check` passes."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from tests.support import ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("regenerate", ROOT / "scripts" / "regenerate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_artifacts_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["--check"]) == 0, capsys.readouterr().err


def test_check_names_a_stale_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    script = _script()
    monkeypatch.setitem(script.ARTIFACTS, "README.md", lambda current: current + "stale\n")
    assert script.main(["--check"]) == 1
    assert "README.md" in capsys.readouterr().err
