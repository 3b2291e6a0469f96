"""Documents that cannot matter are not composed (relevance.py): the corpus's findings are the same either way."""

from __future__ import annotations

import pytest

from probelint.reading import loader
from probelint.run.discovery import discover
from probelint.run.runner import lint_settings
from tests.support import CORPUS, needs_corpus


@needs_corpus()
def test_skipping_documents_changes_no_finding() -> None:
    files = discover([str(CORPUS)]).files
    skipped = lint_settings(files)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "SKIP_DOCUMENTS", False)
        composed = lint_settings(files)
    assert skipped.findings == composed.findings
    assert skipped.suppressed == composed.suppressed
    assert skipped.errors == composed.errors
    assert len(skipped.findings) > 1000
