"""Understand exec commands: which programs run, how long they sleep, what time limits they carry.

Exec probes and hooks are argv lists; with `sh -c` the script is split into simple commands at
`&&`, `||`, `;`, `|` and newlines. Only what can be read with certainty is reported: an argument we
cannot parse gives no duration rather than a guess.
"""

from __future__ import annotations

import math
import re
import shlex
from dataclasses import dataclass

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"})
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&", "\n"})
_GO_DURATION_RE = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_GO_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_SLEEP_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_SLEEP_RE = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$")


@dataclass(frozen=True)
class SimpleCommand:
    """One program invocation: argv, and the index of the command list item it came from."""

    argv: tuple[str, ...]
    item: int

    @property
    def program(self) -> str:
        return self.argv[0].rsplit("/", 1)[-1] if self.argv else ""


def shell_script(argv: list[str]) -> tuple[str, int] | None:
    """The script and its item index when argv is `<shell> [-flags] -c SCRIPT`."""
    if not argv or argv[0].rsplit("/", 1)[-1] not in SHELLS:
        return None
    for index, arg in enumerate(argv[1:], start=1):
        if arg.startswith("-") and "c" in arg[1:] and not arg.startswith("--"):
            return (argv[index + 1], index + 1) if index + 1 < len(argv) else None
        if not arg.startswith("-"):
            return None
    return None


def simple_commands(argv: list[str]) -> list[SimpleCommand]:
    """Split an exec argv into the simple commands it runs (through `sh -c` when present)."""
    script = shell_script(argv)
    if script is None:
        return [SimpleCommand(tuple(argv), 0)] if argv else []
    text, item = script
    words = split_script(text)
    if words is None:
        return []
    commands: list[SimpleCommand] = []
    current: list[str] = []
    for word in words:
        if word in _SEPARATORS:
            if current:
                commands.append(SimpleCommand(tuple(current), item))
            current = []
        else:
            current.append(word)
    if current:
        commands.append(SimpleCommand(tuple(current), item))
    return commands


def split_script(text: str) -> list[str] | None:
    """Shell words and operators; None when the script cannot be tokenised (unbalanced quotes)."""
    lexer = shlex.shlex(text.replace("\n", " ; "), posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        words = list(lexer)
    except ValueError:
        return None
    result: list[str] = []
    for word in words:
        # punctuation_chars glues runs like ";;" or "&&" together; keep the ones we know.
        result.append(word if word not in (";;", "|&") else ";")
    return result


def sleep_duration(args: tuple[str, ...]) -> float | None:
    """Seconds slept by `sleep ARGS` (GNU sums several; `infinity` is forever); None if unknown."""
    if not args:
        return None
    total = 0.0
    for arg in args:
        if arg in ("infinity", "inf"):
            return math.inf
        match = _SLEEP_RE.match(arg)
        if match is None:
            return None
        total += float(match.group(1)) * _SLEEP_UNITS[match.group(2)]
    return total


def go_duration(text: str) -> float | None:
    """Seconds in a Go duration (`5s`, `500ms`, `1m30s`); None when it is not one."""
    text = text.strip()
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


def total_sleep(commands: list[SimpleCommand]) -> tuple[float, int] | None:
    """Seconds slept by the `sleep` commands run in sequence, and the item of the first one."""
    total, item = 0.0, -1
    for command in commands:
        if command.program != "sleep":
            continue
        seconds = sleep_duration(command.argv[1:])
        if seconds is None:
            continue
        total += seconds
        if item < 0:
            item = command.item
    return (total, item) if item >= 0 else None


def flag_value(argv: tuple[str, ...], names: tuple[str, ...]) -> str | None:
    """The value of a flag written `-f V`, `-fV`, `--flag V` or `--flag=V` (the last one wins)."""
    found = None
    index = 1
    while index < len(argv):
        arg = argv[index]
        for name in names:
            if arg == name and index + 1 < len(argv):
                found = argv[index + 1]
                index += 1
                break
            if arg.startswith(name + "="):
                found = arg[len(name) + 1 :]
                break
            if len(name) == 2 and not name.startswith("--") and arg.startswith(name) and len(arg) > 2:
                found = arg[2:]
                break
        index += 1
    return found


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


GRPC_HEALTH_PROBES = frozenset({"grpc-health-probe", "grpc_health_probe"})


@dataclass(frozen=True)
class TimeLimit:
    """A time limit an exec command sets for itself, and how it was worked out."""

    seconds: float
    explanation: str
    item: int


def command_time_limit(command: SimpleCommand) -> TimeLimit | None:
    """The time limit a program call carries (grpc-health-probe, curl, wget, timeout)."""
    program, argv = command.program, command.argv
    if program in GRPC_HEALTH_PROBES:
        connect_text = flag_value(argv, ("-connect-timeout", "--connect-timeout")) or "1s"
        rpc_text = flag_value(argv, ("-rpc-timeout", "--rpc-timeout")) or "1s"
        connect, rpc = go_duration(connect_text), go_duration(rpc_text)
        if connect is None or rpc is None:
            return None
        return TimeLimit(
            connect + rpc,
            f"grpc-health-probe may take -connect-timeout {connect_text} + -rpc-timeout {rpc_text}",
            command.item,
        )
    if program == "curl":
        seconds = _number(flag_value(argv, ("-m", "--max-time")))
        if seconds is None:
            return None
        return TimeLimit(seconds, f"curl --max-time {_format(seconds)}", command.item)
    if program == "wget":
        seconds = _number(flag_value(argv, ("-T", "--timeout")))
        if seconds is None:
            return None
        return TimeLimit(seconds, f"wget --timeout {_format(seconds)}", command.item)
    if program == "timeout":
        operands = [arg for arg in argv[1:] if not arg.startswith("-")]
        seconds = sleep_duration(tuple(operands[:1])) if operands else None
        if seconds is None:
            return None
        return TimeLimit(seconds, f"timeout {operands[0]}", command.item)
    return None


def time_limit(argv: list[str]) -> TimeLimit | None:
    """The longest self-imposed limit among the commands an exec argv runs."""
    best: TimeLimit | None = None
    for command in simple_commands(argv):
        limit = command_time_limit(command)
        if limit is not None and (best is None or limit.seconds > best.seconds):
            best = limit
    return best


def _format(seconds: float) -> str:
    return str(int(seconds)) if seconds == int(seconds) else f"{seconds:g}"


format_seconds = _format
