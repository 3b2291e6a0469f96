"""An exec probe or hook command written as if a shell would read it, when none does.

`exec.command` is an argv list handed to the container runtime as is: no shell splits words,
expands `$VAR`, globs or `~`, or runs `&&`, `|`, `;` and `>`. (The kubelet itself only expands
`$(VAR)` from the container's env, docs/facts.md#kubelet; that is not shell syntax and is left alone.)

- error: the program (the first item) contains whitespace, such as `["cat /tmp/healthy"]` or
  `["sh -c", "..."]`. The runtime looks for an executable with that literal name and the command can
  never start; `sh -c` with no script after it cannot run either.
- warning: shell syntax passed to a program without a shell: operators as items
  (`["cat", "/tmp/a", "&&", "echo"]`), `$VAR`, globs and `~` in path arguments. The program gets
  them as literal arguments; the command may still succeed, but it does not do what it says.
- warning: `sh -c` whose script is a single word followed by more items (`["sh", "-c",
  "pg_isready", "-U", "app"]`): the shell runs only `pg_isready`; the rest become `$0`, `$1`...
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from yaml.nodes import Node, ScalarNode

from probelint.findings import MESSAGE_LIMIT, Problem, Severity, clip
from probelint.model.handlers import HandlerUse, handler_uses
from probelint.model.shell import has_shell_syntax, program_name, shell_flag, split_program
from probelint.model.workload import Workload
from probelint.paths import join_index
from probelint.reading.yamlview import loc_of
from probelint.rules._text import short_value

ID = "exec-probe-command-invalid"
SEVERITY = Severity.ERROR
SUMMARY = "An exec probe or hook command relies on a shell that is not there (words in one item, &&, |, $VAR)."
OPTIONS: Mapping[str, Any] = {}

# Programs that run a script, pattern or query language of their own: `$`, `*` and `|` in their
# arguments belong to that language, not to a shell.
OWN_SYNTAX = frozenset(
    {
        "awk", "gawk", "mawk", "sed", "jq", "yq", "grep", "egrep", "fgrep", "rg", "pgrep", "pkill", "find",
        "perl", "php", "python", "python2", "python3", "ruby", "node", "nodejs", "deno", "bun", "lua", "java",
        "mongo", "mongosh", "expr", "test", "[", "[[",
    }
)  # fmt: skip
# Operators that take the place of a whole word.
_OPERATORS = frozenset({"&&", "||", "|", ";", "&", ">", ">>", "<", "<<", "|&", ";;", "2>&1", "1>&2", ">&2", "&>"})
_REDIRECT_RE = re.compile(r"^(?:\d?>>?|&>|<)(?:&\d|/\S*)$")
# The kubelet's own expansion: `$$` is a literal `$`, `$(NAME)` an env reference.
_KUBELET_EXPANSION_RE = re.compile(r"\$\$|\$\([A-Za-z_][A-Za-z0-9_.-]*\)")
_SHELL_VAR_RE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))")
_GLOB_RE = re.compile(r"[*?]|\[[^\]]+\]")
_WINDOWS_PATH_RE = re.compile(r"^(?:[A-Za-z]:)?\\|^[A-Za-z]:[\\/]")

_NEVER_RUNS = {
    "readinessProbe": "the probe can never pass, so the container never becomes Ready",
    "livenessProbe": "the probe can never pass, so depending on the runtime the container is restarted over "
    "and over, or the error is thrown away and the container is never checked",
    "startupProbe": "the probe can never pass, so the container never counts as started",
    "postStart": "the hook fails and the kubelet kills the container (FailedPostStartHook)",
    "preStop": "the hook fails (FailedPreStopHook) and the container is stopped without it",
}


class Found(NamedTuple):
    item: int  # index into the command list; -1 for the `command` key itself
    message: str
    severity: Severity | None = None
    detail: str = ""


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    for container in workload.long_running:
        for use in handler_uses(container):
            if use.handler.kind != "exec":
                continue
            items = use.handler.command
            if not items or not all(isinstance(item, ScalarNode) for item in items):
                continue  # no command, or not a list of strings: probe-invalid reports it
            argv = [str(item.value) for item in items]
            found = inspect(use, argv)
            if found is None:
                continue
            yield Problem(
                _item_loc(use, items, found.item),
                clip(found.message, MESSAGE_LIMIT),
                container.name,
                found.severity,
                detail=found.detail,
            )


def _item_loc(use: HandlerUse, items: list[Node], index: int) -> Any:
    view = use.handler.view
    if index < 0:
        return view.key_loc("command")
    return loc_of(items[index], join_index(view.child_path("command"), index))


def inspect(use: HandlerUse, argv: list[str]) -> Found | None:
    """The first thing wrong with an exec argv, if any: the most severe problem wins."""
    program = argv[0]
    if not program.strip():
        return Found(
            0,
            f"{use.label} command starts with an empty program name; put the program first",
            detail=f"The runtime cannot start an empty program name: {_NEVER_RUNS[use.owner]}.",
        )
    if _WINDOWS_PATH_RE.match(program):
        return None  # Windows paths may hold spaces ("C:\\Program Files\\...")
    if any(char.isspace() for char in program):
        return Found(0, *_spaces_message(use, argv))
    what, variable = _expansion(program if program.startswith(("/", "./", "~", "$")) else "")
    if what is not None:
        hint = f", or $({variable}) to have the kubelet substitute it from the container's env" if variable else ""
        return Found(
            0,
            f"{use.label} runs {_json(short_value(program))}, but exec runs no shell, so {what}; write the real path",
            detail=f"The runtime looks for a file with that literal name and fails (OCI runtime exec failed ... "
            f"no such file or directory): {_NEVER_RUNS[use.owner]}. Write the real path{hint}.",
        )
    shell = shell_flag(argv)
    if shell is not None:
        return _inspect_shell(use, argv, shell)
    return _inspect_plain(use, argv)


def _spaces_message(use: HandlerUse, argv: list[str]) -> tuple[str, None, str]:
    """The message, no severity of its own, and the detail."""
    program = argv[0]
    fixed = split_program(program, argv[1:])
    if fixed is not None:
        short, fix = "write one item per argument", f"Write one item per argument: {_json(fixed)}"
    elif len(argv) == 1:
        short, fix = "run it through sh -c", f"Run it through a shell: {_json(['sh', '-c', program.strip()])}"
    else:
        short = "one item per argument, or sh -c"
        fix = 'Put the program and each argument in an item of its own, or use ["sh", "-c", "SCRIPT"]'
    return (
        f"{use.label} runs an executable literally named {_json(short_value(program))}; {short}",
        None,
        f"exec does not split on spaces, so it fails with exec: {_json(program)}: executable file not found "
        f"(OCI runtime exec failed): {_NEVER_RUNS[use.owner]}. {fix}.",
    )


def _inspect_shell(use: HandlerUse, argv: list[str], flag: int) -> Found | None:
    if flag + 1 >= len(argv):
        shell = program_name(argv[flag - 1]) if flag else "sh"
        return Found(
            flag,
            f"{use.label} runs {short_value(shell)} {short_value(argv[flag])} with no script after it; "
            f"put the script in the next item",
            detail=f'The shell fails with "-c: option requires an argument": {_NEVER_RUNS[use.owner]}.',
        )
    script, rest = argv[flag + 1], argv[flag + 2 :]
    if rest and script.strip() and not has_shell_syntax(script) and len(script.split()) == 1:
        whole = " ".join([script.strip(), *(_quote(arg) for arg in rest)])
        return Found(
            flag + 1,
            f"{use.label}: sh -c runs only {_json(short_value(script))}, not the {len(rest)} item(s) after it; put the "
            f"whole command in one item",
            Severity.WARNING,
            f"The shell runs only {_json(script)}, without arguments, and {_json(rest[0])} becomes $0. Put the "
            f"whole command in one item: {_json([*argv[: flag + 1], whole])}",
        )
    return None


def _inspect_plain(use: HandlerUse, argv: list[str]) -> Found | None:
    program = program_name(argv[0])
    own = program in OWN_SYNTAX
    for index, arg in enumerate(argv[1:], start=1):
        what = _operator(arg, program)
        variable = None
        if what is None and not own:
            what, variable = _expansion(arg)
        if what is None:
            continue
        script = " ".join(arg if position == 0 else _quote(arg) for position, arg in enumerate(argv))
        hint = (
            f", or write $({variable}) to have the kubelet substitute it from the container's env" if variable else ""
        )
        return Found(
            index,
            f"{use.label} passes {_json(short_value(arg))} to {short_value(program_name(argv[0]))} literally "
            f"(no shell); run it through sh -c",
            Severity.WARNING,
            f"exec runs no shell, so {what}. Run it through one: {_json(['sh', '-c', script])}{hint}.",
        )
    return None


def _operator(arg: str, program: str) -> str | None:
    if program in ("find", "xargs") and arg in (";", "+"):
        return None  # find -exec ... ;
    if program in ("expr", "test", "[", "[[") and arg in ("<", ">", "|", "&"):
        return None  # their own operators
    if arg in _OPERATORS or _REDIRECT_RE.match(arg):
        return f"{arg} is not an operator here"
    return None


def _expansion(arg: str) -> tuple[str | None, str | None]:
    """What a shell would have expanded in `arg`, and the variable name when it is a `$VAR`."""
    text = _KUBELET_EXPANSION_RE.sub(lambda match: "$" if match.group(0) == "$$" else "", arg)
    variable = _SHELL_VAR_RE.search(text)
    if variable is not None:
        return f"{variable.group(0)} is not expanded", variable.group(1) or variable.group(2)
    if "://" in arg:
        return None, None
    value = arg.split("=", 1)[1] if arg.startswith("-") and "=" in arg else arg
    if value.startswith("~/") or value == "~":
        return "~ is not expanded to a home directory", None
    if value.startswith(("/", "./")) and _GLOB_RE.search(value):
        return "the pattern is not expanded", None
    return None, None


def _quote(arg: str) -> str:
    """Quote for a shell script without stopping what the author wanted expanded ($VAR, globs)."""
    if arg and not re.search(r"[\s'\"\\`]", arg):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
    return f'"{escaped}"'


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
