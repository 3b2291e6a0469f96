"""Did-you-mean suggestions. difflib takes ~7 ms to import, so it is loaded only when a name is wrong."""

from __future__ import annotations

from collections.abc import Iterable


def close_matches(word: str, candidates: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """difflib.get_close_matches, imported on first use."""
    import difflib

    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=cutoff)
