"""Output formats. A reporter turns findings into text; it never looks at YAML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..findings import Finding, Severity


@dataclass(frozen=True)
class Summary:
    files: int
    counts: dict[Severity, int]

    @classmethod
    def of(cls, findings: list[Finding], files: int) -> Summary:
        counts = dict.fromkeys(Severity, 0)
        for finding in findings:
            counts[finding.severity] += 1
        return cls(files, counts)

    def line(self) -> str:
        def plural(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        parts = [
            plural(self.counts[Severity.ERROR], "error"),
            plural(self.counts[Severity.WARNING], "warning"),
        ]
        if self.counts[Severity.INFO]:
            parts.append(plural(self.counts[Severity.INFO], "info"))
        return f"{', '.join(parts)} in {plural(self.files, 'file')}"


Reporter = Callable[[list[Finding], Summary, bool], str]


def get_reporter(name: str) -> Reporter:
    if name == "json":
        from .json_format import render as render_json

        return render_json
    from .text import render as render_text

    return render_text


FORMATS = ("text", "json")
