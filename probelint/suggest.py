"""Did-you-mean suggestions for misspelt names (difflib is imported only when a name is wrong)."""

from __future__ import annotations

from collections.abc import Iterable


def close_matches(word: str, candidates: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """difflib.get_close_matches, imported on first use."""
    import difflib

    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=cutoff)


def did_you_mean(word: str, candidates: Iterable[str], form: str = "; did you mean {}?", cutoff: float = 0.6) -> str:
    """The hint for a misspelt `word`: `form` filled in with the closest candidate, or "" when none is close.

    Pass the candidates in a stable order: among equally close ones the first wins.
    """
    close = close_matches(word, candidates, n=1, cutoff=cutoff)
    return form.format(close[0]) if close else ""
