"""`--explain-event`: read the events, lint the paths given with them as any run does, explain.

The text format prints the explanation. Other formats print the findings that explain the events
through their reporter (so SARIF, JSON, ... carry them at their positions) and the explanation goes to
standard error, unless --quiet.
"""

from __future__ import annotations

import sys

from probelint.events.explain import explain
from probelint.events.parse import EventInputError, parse_events
from probelint.events.render import render_text
from probelint.reporters import Summary, get_reporter
from probelint.run.output import message, write_report
from probelint.run.request import EXIT_ERROR, RunRequest
from probelint.run.runner import ConfigurationFailed, configurations, exit_status, lint_request


def explain_events(request: RunRequest) -> int:
    """Exit 0 when nothing at or above the fail level explains the events, 1 when findings do, 2 when
    the events (or a path, or the configuration) cannot be read."""
    assert request.explain_event is not None
    try:
        configs = configurations(request.config_path)
    except ConfigurationFailed:
        return EXIT_ERROR
    try:
        events = parse_events(_event_text(request.explain_event))
    except EventInputError as error:
        message(f"probelint: --explain-event: {error}")
        return EXIT_ERROR
    linted, unreadable = lint_request(request, configs) if request.paths else (None, False)
    explained = explain(events, linted)
    text = render_text(explained, request.colour)
    if request.output_format == "text":
        report = text
    else:
        findings = explained.findings
        report = get_reporter(request.output_format)(
            findings, Summary.of(findings, linted.files if linted else 0), False
        )
        if not request.quiet:
            sys.stderr.write(text)
    if request.output_file in (None, "-"):
        sys.stdout.write(report)
        sys.stdout.flush()
    elif not write_report(request.output_file, report):
        return EXIT_ERROR
    if unreadable:
        return EXIT_ERROR
    return exit_status(request, configs.main, explained.findings)


def _event_text(argument: str) -> str:
    if argument != "-":
        return argument
    try:
        return sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise EventInputError(f"standard input is not UTF-8 text ({error.reason})") from None
