"""How long exec commands take: the seconds they sleep and the time limits they set for themselves.

An argument that cannot be read with certainty (a variable, a command substitution) gives no
duration rather than a guess.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import NamedTuple

from probelint.model.shell.parse import SimpleCommand, simple_commands, unwrap

GRPC_HEALTH_PROBES = frozenset({"grpc-health-probe", "grpc_health_probe"})

_GO_DURATION_RE = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")
_GO_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
# GNU and BusyBox `sleep` / `timeout`: a decimal number with an optional s, m, h or d suffix.
_DURATION_RE = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$")
_DURATION_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}

# Short options that take a value (the rest of the word, or the next word), per program.
_CURL_SHORT_WITH_VALUE = frozenset("AbcCdDeEFHKmoPQrtTuUwxXyYz")
_WGET_SHORT_WITH_VALUE = frozenset("aABDeiIlnoOPQRtTUwXY")


def duration(text: str) -> float | None:
    """Seconds in a `sleep`/`timeout` duration (`25`, `0.5`, `1m`, `infinity`); None if unknown."""
    if text in ("infinity", "inf"):
        return math.inf
    match = _DURATION_RE.match(text)
    if match is None:
        return None
    return float(match.group(1)) * _DURATION_UNITS[match.group(2)]


def sleep_duration(args: tuple[str, ...]) -> float | None:
    """Seconds slept by `sleep ARGS` (GNU sums several arguments); None if unknown."""
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        return None
    total = 0.0
    for arg in args:
        seconds = duration(arg)
        if seconds is None:
            return None
        total += seconds
    return total


def go_duration(text: str) -> float | None:
    """Seconds in a Go duration (`5s`, `500ms`, `1m30s`, `0`); None when it is not one."""
    text = text.strip()
    if text == "0":
        return 0.0
    if not text:
        return None
    position, total = 0, 0.0
    for match in _GO_DURATION_RE.finditer(text):
        if match.start() != position:
            return None
        total += float(match.group(1)) * _GO_UNITS[match.group(2)]
        position = match.end()
    if position != len(text):
        return None
    return total


class Sleep(NamedTuple):
    """How long a hook's command sleeps before anything else, and the item that says so."""

    seconds: float
    item: int


def total_sleep(commands: Iterable[SimpleCommand]) -> Sleep | None:
    """Seconds certainly slept: `sleep` commands that always run, in sequence.

    A sleep in the background (`&`), after `||`, or inside an `if`/`while`/`for`/`case` body may not
    run (or may run many times), so it is not counted.
    """
    total, item = 0.0, -1
    for raw in commands:
        command = unwrap(raw)
        if command.program != "sleep" or command.background or command.connector == "||" or command.depth:
            continue
        seconds = sleep_duration(command.argv[1:])
        if seconds is None:
            continue
        total += seconds
        if item < 0:
            item = command.item
    return Sleep(total, item) if item >= 0 else None


def option_value(
    argv: tuple[str, ...],
    long_names: tuple[str, ...],
    short: str | None = None,
    short_with_value: frozenset[str] = frozenset(),
) -> str | None:
    """The value of an option (the last one wins, as in curl, wget and Go's flag package).

    Long forms: `NAME=V` and `NAME V` for each of `long_names` (give `-flag` and `--flag` for Go).
    Short form: `-xV`, `-x V`, and inside bundles such as `-sSm 5`; `short_with_value` lists the
    program's other short options that take a value, so that `-H5` is not read as containing `-5`.
    """
    found = None
    index = 1
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            break
        consumed = 1
        for name in long_names:
            if arg == name:
                if index + 1 < len(argv):
                    found = argv[index + 1]
                consumed = 2
                break
            if arg.startswith(name + "="):
                found = arg[len(name) + 1 :]
                break
        else:
            if short is not None and len(arg) > 1 and arg[0] == "-" and arg[1] != "-":
                for position in range(1, len(arg)):
                    letter, rest = arg[position], arg[position + 1 :]
                    if letter == short or letter in short_with_value:
                        value = rest if rest else (argv[index + 1] if index + 1 < len(argv) else None)
                        consumed = 1 if rest else 2
                        if letter == short and value is not None:
                            found = value
                        break
        index += consumed
    return found


def _limit_number(text: str | None) -> float | None:
    """A positive, finite number of seconds (0 means "no limit" to curl, wget and timeout)."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


class TimeLimit(NamedTuple):
    """A time limit an exec command sets for itself, and how it was worked out."""

    seconds: float
    explanation: str
    item: int


def command_time_limit(raw: SimpleCommand) -> TimeLimit | None:
    """The time limit one program call carries (grpc-health-probe, curl, wget, timeout, pg_isready -t,
    mysqladmin --connect-timeout, redis-cli -t, nc -w)."""
    command = unwrap(raw)
    program, argv = command.program, command.argv
    if program in GRPC_HEALTH_PROBES:
        return _grpc_health_probe_limit(command)
    if program == "curl":
        seconds = _limit_number(option_value(argv, ("--max-time",), "m", _CURL_SHORT_WITH_VALUE))
        return TimeLimit(seconds, f"curl --max-time {format_seconds(seconds)}", command.item) if seconds else None
    if program == "wget":
        seconds = _limit_number(option_value(argv, ("--timeout",), "T", _WGET_SHORT_WITH_VALUE))
        return TimeLimit(seconds, f"wget --timeout {format_seconds(seconds)}", command.item) if seconds else None
    if program == "timeout":
        return _timeout_limit(command)
    own = _OWN_LIMITS.get(program)
    if own is not None:
        long_names, short, short_with_value = own
        text = option_value(argv, long_names, short, short_with_value)
        seconds = _limit_number(text)
        shown = f"{program} {'-' + short if short else long_names[0]} {format_seconds(seconds)}" if seconds else ""
        return TimeLimit(seconds, shown, command.item) if seconds else None
    return None


# Client tools with a connection time limit in seconds (0 or none: no limit; their defaults are left
# out, as for curl): (long options, short option, their other short options that take a value).
_OWN_LIMITS: dict[str, tuple[tuple[str, ...], str | None, frozenset[str]]] = {
    "pg_isready": (("--timeout",), "t", frozenset("dhpU")),
    "mysqladmin": (("--connect-timeout", "--connect_timeout"), None, frozenset()),
    "redis-cli": ((), "t", frozenset("hpsaunrixc")),
    "nc": ((), "w", frozenset("ipqsxXTIOVMme")),
    "ncat": (("--wait",), "w", frozenset("ipqsxXTIOVMme")),
}


def _grpc_health_probe_limit(command: SimpleCommand) -> TimeLimit | None:
    """grpc-health-probe dials for up to -connect-timeout, then waits up to -rpc-timeout (1s each)."""
    parts = []
    total = 0.0
    for flag in ("connect-timeout", "rpc-timeout"):
        text = option_value(command.argv, (f"-{flag}", f"--{flag}"))
        seconds = go_duration(text) if text is not None else 1.0
        if seconds is None or seconds <= 0:
            return None  # grpc-health-probe refuses it and exits at once
        total += seconds
        parts.append(f"-{flag} {text}" if text is not None else f"-{flag} 1s (default)")
    return TimeLimit(total, f"grpc-health-probe may take {parts[0]} + {parts[1]}", command.item)


def _timeout_limit(command: SimpleCommand) -> TimeLimit | None:
    """`timeout [-s SIG] [-k KILL] DURATION CMD...` (GNU), or BusyBox's older `timeout -t SECS CMD...`.

    The limit is DURATION, when CMD gets its signal; a smaller limit of CMD itself wins.
    """
    argv = command.argv
    index, busybox_seconds = _timeout_options(argv)
    if busybox_seconds is not None:
        text, inner_start = busybox_seconds, index
    elif index < len(argv):
        text, inner_start = argv[index], index + 1
    else:
        return None
    seconds = duration(text)
    if seconds is None or seconds == 0 or math.isinf(seconds):
        return None  # `timeout 0` sets no limit at all
    inner = command_time_limit(command.tail(inner_start)) if inner_start < len(argv) else None
    if inner is not None and inner.seconds < seconds:
        return inner
    return TimeLimit(seconds, f"timeout {text}", command.item)


def _timeout_options(argv: tuple[str, ...]) -> tuple[int, str | None]:
    """Where `timeout`'s options end, and the value of BusyBox's `-t SECS` when given."""
    index, busybox_seconds = 1, None
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            index += 1
            break
        if arg in ("-s", "-k", "-t", "--signal", "--kill-after"):
            if arg == "-t" and index + 1 < len(argv):
                busybox_seconds = argv[index + 1]
            index += 2
        elif arg.startswith(("--signal=", "--kill-after=")) or arg in ("--foreground", "--preserve-status"):
            index += 1
        elif arg.startswith("--verbose") or (len(arg) > 1 and arg[0] == "-" and not arg[1].isdigit()):
            index, letter, value = _option_bundle(argv, index)
            if letter == "t":
                busybox_seconds = value
        else:
            break
    return index, busybox_seconds


def _option_bundle(argv: tuple[str, ...], index: int) -> tuple[int, str, str | None]:
    """A bundle such as -v, -vk2 or -s9, where a value-taking letter swallows the rest of the word (or
    the next word): the index after it, that letter ("" for none) and its value."""
    letters = argv[index][1:]
    for position, letter in enumerate(letters):
        if letter in "skt":
            value_in_word = letters[position + 1 :]
            value = value_in_word or (argv[index + 1] if index + 1 < len(argv) else None)
            return index + (1 if value_in_word else 2), letter, value
    return index + 1, "", None


def time_limit(argv: list[str]) -> TimeLimit | None:
    """The longest an exec argv allows itself, from the limits its commands carry.

    Commands in sequence (`;`, `&&`, `||`) add up; the parts of a pipeline run at the same time, so
    the longest counts; background commands and compound-command bodies are left out. None when no
    command carries a limit.
    """
    stages: list[list[TimeLimit]] = []
    for command in simple_commands(argv):
        if command.background or command.depth:
            continue
        limit = command_time_limit(command)
        if command.connector == "|" and stages:
            if limit is not None:
                stages[-1].append(limit)
            continue
        stages.append([limit] if limit is not None else [])
    chosen = [max(stage, key=lambda limit: limit.seconds) for stage in stages if stage]
    if not chosen:
        return None
    if len(chosen) == 1:
        return chosen[0]
    return TimeLimit(
        sum(limit.seconds for limit in chosen),
        ", then ".join(limit.explanation for limit in chosen),
        chosen[0].item,
    )


def format_seconds(seconds: float) -> str:
    """`5`, `0.5`, `90`: seconds as a person would write them."""
    if math.isinf(seconds):
        return "infinity"
    return str(int(seconds)) if seconds == int(seconds) else f"{seconds:g}"
