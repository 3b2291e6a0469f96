"""The command line's option values checked and turned into what a run takes; a bad value is a
usage error (exit 2) that names the option."""

from __future__ import annotations

import click

from probelint.model import versions
from probelint.reporters import FORMATS
from probelint.suggest import did_you_mean


def rule_list(value: str | None) -> set[str]:
    if not value:
        return set()
    return {part.strip() for part in value.split(",") if part.strip()}


def check_rule_ids(ids: set[str], option: str, known: set[str]) -> None:
    for rule_id in sorted(ids):
        if rule_id not in known:
            hint = did_you_mean(rule_id, sorted(known)) or "; see probelint --list-rules"
            raise click.BadParameter(f"unknown rule {rule_id!r}{hint}", param_hint=option)


def kubernetes_version(value: str | None) -> str | None:
    """Validate --kubernetes-version and give it as "1.30" (a usage error, exit 2, otherwise)."""
    if value is None:
        return None
    try:
        return versions.normalize(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--kubernetes-version") from None


def extra_outputs(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """`--output-format FORMAT:PATH` values as (format, path) pairs (a usage error, exit 2, otherwise)."""
    pairs = []
    for value in values:
        name, _, path = value.partition(":")
        if name not in FORMATS or not path:
            raise click.BadParameter(
                f"{value!r} is not FORMAT:PATH with FORMAT one of {', '.join(FORMATS)}", param_hint="--output-format"
            )
        pairs.append((name, path))
    return tuple(pairs)


def check_explain_event(text: str, paths: tuple[str, ...], other_mode: bool) -> None:
    if other_mode:
        raise click.UsageError(
            "--explain-event explains events: it cannot be combined with --fix, --diff or --statistics"
        )
    if text == "-" and "-" in paths:
        raise click.UsageError("--explain-event - reads standard input, so a PATH cannot be - as well")


def size(value: str | None) -> int | None:
    if value is None:
        return None
    from probelint.reading.files import parse_size

    try:
        return parse_size(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
