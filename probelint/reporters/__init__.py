"""Output formats. A reporter turns findings into text; it never looks at YAML."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import NamedTuple

from probelint.findings import Finding, Severity, Suppressed


class Summary(NamedTuple):
    files: int
    counts: dict[Severity, int]
    # Filled only with --show-suppressed: what suppressions silenced, for reporters that can list it.
    suppressed: tuple[Suppressed, ...] = ()
    # What the run could not read or render (missing paths, unreadable files, chart render errors).
    errors: tuple[str, ...] = ()

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
LineReporter = Callable[[list[Finding], Summary, bool], Iterable[str]]


# Format name -> module in this package with `render(findings, summary, colour)`; imported on demand.
_MODULES = {
    "text": "text",
    "full": "full",
    "grouped": "grouped",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
}
FORMATS = tuple(_MODULES)


def get_reporter(name: str) -> Reporter:
    module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    render: Reporter = module.render
    return render


def get_line_reporter(name: str) -> LineReporter:
    """The report in pieces that join into `render`'s text: a format with `render_lines` (one line per
    finding) gives its lines, to be written as they are made; any other its whole text at once."""
    module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    lines: LineReporter | None = getattr(module, "render_lines", None)
    if lines is not None:
        return lines
    render: Reporter = module.render
    return lambda findings, summary, colour: (render(findings, summary, colour),)
