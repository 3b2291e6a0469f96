"""Fixes round-trip only the probe or container they change (fix/fragments.py): over the corpus, every
file is fixed exactly as when whole documents are round-tripped (the fixed bytes, the diff, what is
fixed and what is refused, with the reasons)."""

from __future__ import annotations

from typing import Any

import pytest

from probelint.engine.linter import Linter
from probelint.engine.settings import Settings
from probelint.fix import parts
from probelint.fix.apply import FileFixer
from probelint.run.discovery import discover
from tests.support import CORPUS, CORPUS_MARKS

pytestmark = [*CORPUS_MARKS, pytest.mark.slow]


def _outcome(fixer: FileFixer, path: str, data: bytes) -> tuple[Any, ...]:
    fixed = fixer.fix(path, data)
    return (
        fixed.fixed.to_bytes() if fixed.fixed is not None else None,
        fixed.diff(),
        [(f.rule, f.path, f.line) for f in fixed.applied],
        [(r.finding.rule, r.finding.path, r.reason, r.group, r.now) for r in fixed.refused],
        fixed.intended,
    )


def test_fragments_fix_the_corpus_as_whole_documents_do() -> None:
    fixer = FileFixer(Linter(Settings()))
    compared = 0
    for path in discover([str(CORPUS / "real")]).files:
        with open(path, "rb") as handle:
            data = handle.read()
        if not fixer.fixable(fixer.findings(path, data)):
            continue
        on_fragments = _outcome(fixer, path, data)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(parts, "FRAGMENTS", False)
            assert _outcome(fixer, path, data) == on_fragments, path
        compared += 1
    assert compared > 200
