"""Read exec commands: which shell runs which script, and the simple commands a script is made of.

Exec probes and hooks are argv lists that the runtime starts without a shell. When the list is
`<shell> [options] -c SCRIPT`, the script is split into simple commands at `;`, `&&`, `||`, `|`, `&`
and newlines. Only what can be read with certainty is reported: commands inside `if`, `while`,
`for` or `case` bodies are marked by their depth, since they may run zero or many times.
"""

from __future__ import annotations

import re
import shlex
from typing import NamedTuple

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"})

# Operators that separate simple commands; `\n` is normalised to `;`.
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})
# Words that open and close compound commands, and words that start a body inside one.
_OPENERS = frozenset({"if", "while", "until", "for", "case", "select", "{", "("})
_CLOSERS = frozenset({"fi", "done", "esac", "}", ")"})
_BODY_WORDS = frozenset({"then", "else", "elif", "do", "!"})
# Programs that run the rest of their arguments as another command.
_PLAIN_WRAPPERS = frozenset({"exec", "command", "nohup", "builtin"})
_ASSIGNMENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_REDIRECT_RE = re.compile(r"^(?:\d*|&)(?:>>?|<<?|<>|>\|)(.*)$")
_FD_DUP_RE = re.compile(r"\d*[<>]&(?:\d+|-)")
# Characters a shell would treat specially in a word.
_SHELL_SYNTAX_RE = re.compile(r"[|&;<>$`*?~()]|\[")
# `sh -c SCRIPT` written as one item.
_SHELL_PREFIX_RE = re.compile(r"^\s*(\S+)\s+(-[A-Za-z]*c[A-Za-z]*)(?:\s+(.*?))?\s*$", re.DOTALL)


def program_name(arg: str) -> str:
    """The file name of a program path: `/bin/sh` -> `sh`."""
    return arg.rsplit("/", 1)[-1]


def has_shell_syntax(text: str) -> bool:
    """Whether a shell would read `text` as more than one literal word's characters."""
    return _SHELL_SYNTAX_RE.search(text) is not None


class SimpleCommand(NamedTuple):
    """One program invocation.

    `items[i]` is the index, in the exec `command` list, of the item that holds word `i` (every word
    of a `sh -c` script comes from the script's item). `connector` is the operator that joins it to
    the command before (`""` for the first), `background` is true when `&` follows it, and `depth`
    counts the compound commands (`if`, `while`...) around it.
    """

    argv: tuple[str, ...]
    items: tuple[int, ...]
    connector: str = ""
    background: bool = False
    depth: int = 0

    @property
    def item(self) -> int:
        """The command list item holding the program name."""
        return self.items[0] if self.items else 0

    @property
    def program(self) -> str:
        return program_name(self.argv[0]) if self.argv else ""

    def tail(self, start: int) -> SimpleCommand:
        """The command made of the words from `start` on (what a wrapper such as `timeout` runs)."""
        return self._replace(argv=self.argv[start:], items=self.items[start:])


def shell_script(argv: list[str]) -> tuple[str, int] | None:
    """The script and its item index when argv is `<shell> [options] -c [options] SCRIPT`.

    POSIX: `-c` only switches the mode; the script is the first operand after the options (so
    `sh -ec 'x'`, `bash -o pipefail -c 'x'` and `busybox sh -c 'x'` all work).
    """
    start = 1
    if argv and program_name(argv[0]) == "busybox":
        start = 2
    if len(argv) < start or program_name(argv[start - 1]) not in SHELLS:
        return None
    has_c = False
    index = start
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            index += 1
            break
        if arg in ("-o", "+o", "-O", "+O", "--rcfile", "--init-file"):
            index += 2
            continue
        if arg.startswith("--"):
            index += 1
            continue
        if len(arg) > 1 and arg[0] in "-+":
            has_c = has_c or (arg[0] == "-" and "c" in arg[1:])
            index += 1
            continue
        break
    if not has_c or index >= len(argv):
        return None
    return argv[index], index


def split_script(text: str) -> list[str] | None:
    """Shell words and operators (newlines become `;`); None when the script cannot be tokenised."""
    text = _FD_DUP_RE.sub(" ", text.replace("\\\n", " ")).replace("&>", ">")
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|\n")
    lexer.whitespace_split = True
    lexer.commenters = ""
    lexer.whitespace = lexer.whitespace.replace("\n", "")
    try:
        words = list(lexer)
    except ValueError:
        return None
    result: list[str] = []
    for word in words:
        if word and set(word) <= set(";&|\n"):
            # Runs of punctuation come glued together (";;", "&\n", "|&"): keep what they mean.
            operator = word.replace("\n", "")
            if operator in ("", ";;", ";&", ";;&"):
                operator = ";"
            elif operator == "|&":
                operator = "|"
            result.append(operator)
        else:
            result.append(word)
    return result


def simple_commands(argv: list[str]) -> list[SimpleCommand]:
    """Split an exec argv into the simple commands it runs (through `sh -c` when present)."""
    script = shell_script(argv)
    if script is None:
        return [SimpleCommand(tuple(argv), tuple(range(len(argv))))] if argv else []
    text, item = script
    words = split_script(text)
    if words is None:
        return []
    commands: list[SimpleCommand] = []
    current: list[str] = []
    connector, depth = "", 0

    def flush(next_connector: str) -> None:
        nonlocal connector, depth
        words_left = _strip_redirections(current)
        # Reserved words count only at the start of a command (`echo done` is not a loop's end).
        if words_left and words_left[0] in _CLOSERS:
            depth = max(0, depth - 1)
            words_left = words_left[1:]
        while words_left and (words_left[0] in _OPENERS or words_left[0] in _BODY_WORDS):
            if words_left[0] in _OPENERS:
                depth += 1
            words_left = words_left[1:]
        if words_left:
            commands.append(
                SimpleCommand(
                    tuple(words_left),
                    (item,) * len(words_left),
                    connector,
                    background=next_connector == "&",
                    depth=depth,
                )
            )
        connector = next_connector
        current.clear()

    for word in words:
        if word in _SEPARATORS:
            flush(word)
        else:
            current.append(word)
    flush("")
    return commands


def _strip_redirections(words: list[str]) -> list[str]:
    """Drop `>file`, `2> file`, `<in` and the like: they are not arguments of the program."""
    result: list[str] = []
    skip_next = False
    for word in words:
        if skip_next:
            skip_next = False
            continue
        match = _REDIRECT_RE.match(word)
        if match is not None:
            skip_next = match.group(1) == ""
            continue
        result.append(word)
    return result


def unwrap(command: SimpleCommand) -> SimpleCommand:
    """The command that really runs: without `VAR=x` prefixes, `exec`, `env VAR=x`, `nohup`, `busybox`."""
    while command.argv:
        first, program = command.argv[0], command.program
        if _ASSIGNMENT_RE.match(first) or program in _PLAIN_WRAPPERS:
            command = command.tail(1)
        elif program == "env":
            index = 1
            while index < len(command.argv) and (
                _ASSIGNMENT_RE.match(command.argv[index]) or command.argv[index] in ("-i", "-", "--ignore-environment")
            ):
                index += 1
            command = command.tail(index)
        elif program == "busybox" and len(command.argv) > 1 and not command.argv[1].startswith("-"):
            command = command.tail(1)
        else:
            break
    return command


def shell_flag(argv: list[str]) -> int | None:
    """The index of the `-c` flag when argv runs a shell script; wrappers (`timeout 5`) may come first."""
    for index, arg in enumerate(argv):
        name = program_name(arg)
        if name not in SHELLS:
            continue
        position = index + 1
        while position < len(argv):
            flag = argv[position]
            if flag in ("-o", "+o", "-O", "+O"):
                position += 2  # set -o OPTION
                continue
            if flag.startswith("--"):
                position += 1
                continue
            if not flag.startswith(("-", "+")) or len(flag) < 2:
                return None  # a script file, not -c
            if "c" in flag[1:]:
                return position
            position += 1
        return None
    return None


def split_program(program: str, rest: list[str]) -> list[str] | None:
    """The argv meant by a program item holding spaces, when that is certain: `sh -c SCRIPT` kept whole,
    plain words split; None when the item holds shell syntax or cannot be split."""
    shell = _SHELL_PREFIX_RE.match(program)
    if shell is not None and program_name(shell.group(1)) in SHELLS:
        script = _unquote(shell.group(3))
        return [shell.group(1), shell.group(2), *([script] if script else []), *rest]
    if has_shell_syntax(program):
        return None
    try:
        words = shlex.split(program)
    except ValueError:
        return None
    return [*words, *rest] if words else None


def _unquote(script: str | None) -> str | None:
    """`'a; b'` -> `a; b`: a script written as one quoted shell word."""
    if not script or script[0] not in "'\"":
        return script
    try:
        words = shlex.split(script)
    except ValueError:
        return script
    return words[0] if len(words) == 1 else script
