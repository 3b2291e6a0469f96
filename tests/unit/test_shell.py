"""Exec command parsing: shells, sleeps, and the time limits commands set for themselves."""

from __future__ import annotations

import math

import pytest

from probelint.model.shell import (
    SimpleCommand,
    duration,
    format_seconds,
    go_duration,
    option_value,
    shell_script,
    simple_commands,
    sleep_duration,
    split_script,
    time_limit,
    total_sleep,
    unwrap,
)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["sh", "-c", "sleep 5"], ("sleep 5", 2)),
        (["/bin/sh", "-c", "x"], ("x", 2)),
        (["bash", "-ec", "x"], ("x", 2)),
        (["bash", "-e", "-c", "x"], ("x", 3)),
        (["bash", "-o", "pipefail", "-c", "x"], ("x", 4)),
        (["bash", "-c", "-x", "x"], ("x", 3)),  # POSIX: -c sets the mode, the script is the first operand
        (["bash", "--login", "-c", "x"], ("x", 3)),
        (["bash", "-lc", "x"], ("x", 2)),
        (["/bin/busybox", "sh", "-c", "x"], ("x", 3)),
        (["ash", "+e", "-c", "x"], ("x", 3)),
        (["zsh", "-c", "--", "x"], ("x", 3)),
    ],
)
def test_shell_script_finds_the_script_and_its_item(argv: list[str], expected: tuple[str, int]) -> None:
    assert shell_script(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["sh", "script.sh"],  # a script file, not -c
        ["sh", "-c"],  # -c without a script
        ["python", "-c", "print(1)"],  # not a shell
        ["sleep", "5"],
        [],
        ["busybox", "sleep", "5"],
    ],
)
def test_shell_script_is_none_without_a_shell_dash_c(argv: list[str]) -> None:
    assert shell_script(argv) is None


def test_split_script_normalises_operators_and_newlines() -> None:
    assert split_script("a && b || c; d | e & f\ng;; h |& i") == [
        "a", "&&", "b", "||", "c", ";", "d", "|", "e", "&", "f", ";", "g", ";", "h", "|", "i",
    ]  # fmt: skip


def test_split_script_keeps_quoted_operators_and_newlines_inside_words() -> None:
    assert split_script("echo 'a; b' \"c\nd\"") == ["echo", "a; b", "c\nd"]


def test_split_script_joins_continued_lines_and_drops_fd_duplication() -> None:
    assert split_script("curl -m 5 \\\n  http://x 2>&1") == ["curl", "-m", "5", "http://x"]


def test_split_script_gives_none_for_unbalanced_quotes() -> None:
    assert split_script("echo 'oops") is None


def test_simple_commands_of_a_plain_argv_keep_each_item_index() -> None:
    (command,) = simple_commands(["/app/grpc-health-probe", "-addr=:50051"])
    assert command.argv == ("/app/grpc-health-probe", "-addr=:50051")
    assert command.items == (0, 1)
    assert command.program == "grpc-health-probe"


def test_simple_commands_of_a_script_point_at_the_script_item() -> None:
    commands = simple_commands(["sh", "-c", "sleep 5 && nginx -s quit"])
    assert [c.argv for c in commands] == [("sleep", "5"), ("nginx", "-s", "quit")]
    assert [c.items for c in commands] == [(2, 2), (2, 2, 2)]
    assert [c.connector for c in commands] == ["", "&&"]


def test_simple_commands_mark_background_and_compound_bodies() -> None:
    script = "sleep 1 &\nwhile pgrep x; do sleep 2; done\nif true; then sleep 3; fi\necho done\nsleep 4"
    commands = simple_commands(["sh", "-c", script])
    summary = [(c.argv, c.background, c.depth) for c in commands]
    assert summary == [
        (("sleep", "1"), True, 0),
        (("pgrep", "x"), False, 1),
        (("sleep", "2"), False, 1),
        (("true",), False, 1),
        (("sleep", "3"), False, 1),
        (("echo", "done"), False, 0),  # `done` closes a loop only at the start of a command
        (("sleep", "4"), False, 0),
    ]


def test_simple_commands_drop_redirections() -> None:
    (command,) = simple_commands(["sh", "-c", "sleep 5 >/dev/null 2> /tmp/err </dev/null"])
    assert command.argv == ("sleep", "5")


def test_simple_commands_of_an_untokenisable_script_are_empty() -> None:
    assert simple_commands(["sh", "-c", "echo 'oops"]) == []
    assert simple_commands([]) == []


@pytest.mark.parametrize(
    ("argv", "program", "rest"),
    [
        (["FOO=1", "sleep", "5"], "sleep", ("5",)),
        (["exec", "sleep", "5"], "sleep", ("5",)),
        (["env", "-i", "A=b", "curl", "-m", "3"], "curl", ("-m", "3")),
        (["nohup", "sleep", "5"], "sleep", ("5",)),
        (["busybox", "wget", "-T", "3"], "wget", ("-T", "3")),
        (["sleep", "5"], "sleep", ("5",)),
    ],
)
def test_unwrap_removes_prefixes_and_wrappers(argv: list[str], program: str, rest: tuple[str, ...]) -> None:
    command = unwrap(SimpleCommand(tuple(argv), tuple(range(len(argv)))))
    assert command.program == program
    assert command.argv[1:] == rest
    assert command.items[0] == len(argv) - len(rest) - 1


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("25", 25.0), ("0.5", 0.5), (".5", 0.5), ("1m", 60.0), ("2h", 7200.0), ("1d", 86400.0), ("3s", 3.0)],
)
def test_duration_reads_sleep_and_timeout_durations(text: str, seconds: float) -> None:
    assert duration(text) == seconds


@pytest.mark.parametrize("text", ["$DELAY", "5x", "", "-1", "1m30s", "five"])
def test_duration_is_none_when_unknown(text: str) -> None:
    assert duration(text) is None


def test_duration_infinity() -> None:
    assert duration("infinity") == math.inf


@pytest.mark.parametrize(
    ("args", "seconds"),
    [(("25",), 25.0), (("1m", "30s"), 90.0), (("--", "5"), 5.0), (("0.5",), 0.5), (("infinity",), math.inf)],
)
def test_sleep_duration_sums_its_arguments(args: tuple[str, ...], seconds: float) -> None:
    assert sleep_duration(args) == seconds


@pytest.mark.parametrize("args", [(), ("$(SLEEP)",), ("5", "$X")])
def test_sleep_duration_is_none_when_any_part_is_unknown(args: tuple[str, ...]) -> None:
    assert sleep_duration(args) is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("5s", 5.0), ("500ms", 0.5), ("1m30s", 90.0), ("1.5s", 1.5), ("2m", 120.0), ("0", 0.0), ("100us", 1e-4)],
)
def test_go_duration(text: str, seconds: float) -> None:
    assert go_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["5", "", "5 s", "s5", "5sec", "1m-30s"])
def test_go_duration_rejects_what_go_rejects(text: str) -> None:
    assert go_duration(text) is None


@pytest.mark.parametrize(
    ("argv", "seconds", "item"),
    [
        (["sleep", "25"], 25.0, 0),
        (["sh", "-c", "sleep 45 && drain"], 45.0, 2),
        (["/bin/sh", "-c", "sleep 35; nginx -s quit"], 35.0, 2),
        (["sleep", "1m"], 60.0, 0),
        (["sleep", "0.5"], 0.5, 0),
        (["/bin/sleep", "20"], 20.0, 0),
        (["sh", "-c", "sleep 10\nsleep 5"], 15.0, 2),  # in sequence: they add up
        (["sh", "-c", "echo bye; exec sleep 30"], 30.0, 2),
        (["sh", "-c", "sleep 5 | cat"], 5.0, 2),
        (["bash", "-c", "sleep infinity"], math.inf, 2),
    ],
)
def test_total_sleep(argv: list[str], seconds: float, item: int) -> None:
    found = total_sleep(simple_commands(argv))
    assert found is not None
    assert (found.seconds, found.item) == (seconds, item)


@pytest.mark.parametrize(
    "argv",
    [
        ["nginx", "-s", "quit"],
        ["sh", "-c", "sleep $DELAY"],
        ["sh", "-c", "sleep 40 &"],  # background: does not hold the hook
        ["sh", "-c", "drain || sleep 40"],  # only when drain fails
        ["sh", "-c", "while pgrep app; do sleep 1; done"],  # loop: unknown count
        ["sh", "-c", "if [ -f /x ]; then sleep 40; fi"],  # maybe not at all
        ["sleep 40"],  # one item: the runtime looks for a program called "sleep 40"
    ],
)
def test_total_sleep_counts_only_sleeps_that_certainly_run(argv: list[str]) -> None:
    assert total_sleep(simple_commands(argv)) is None


@pytest.mark.parametrize(
    ("argv", "value"),
    [
        (("curl", "-m", "5"), "5"),
        (("curl", "-m5"), "5"),
        (("curl", "-sSfm", "5"), "5"),
        (("curl", "-sSfm5"), "5"),
        (("curl", "--max-time", "5"), "5"),
        (("curl", "--max-time=5"), "5"),
        (("curl", "-m", "2", "--max-time", "7"), "7"),  # the last one wins
        (("curl", "-H", "-m9", "-m", "3"), "3"),  # -H takes "-m9" as its value
        (("curl", "-Hm9", "x"), None),  # -H takes the rest of the word
        (("curl", "--", "-m", "5"), None),
        (("curl", "-m"), None),
    ],
)
def test_option_value_for_curl_style_options(argv: tuple[str, ...], value: str | None) -> None:
    assert option_value(argv, ("--max-time",), "m", frozenset("AbcCdDeEFHKmoPQrtTuUwxXyYz")) == value


@pytest.mark.parametrize(
    ("argv", "value"),
    [
        (("grpc-health-probe", "-rpc-timeout=5s"), "5s"),
        (("grpc-health-probe", "-rpc-timeout", "5s"), "5s"),
        (("grpc-health-probe", "--rpc-timeout=5s"), "5s"),
        (("grpc-health-probe", "--rpc-timeout", "5s"), "5s"),
        (("grpc-health-probe", "-addr=:50051"), None),
    ],
)
def test_option_value_for_go_flags(argv: tuple[str, ...], value: str | None) -> None:
    assert option_value(argv, ("-rpc-timeout", "--rpc-timeout")) == value


@pytest.mark.parametrize(
    ("argv", "seconds", "explanation"),
    [
        (
            ["/app/grpc-health-probe", "-addr=:50051"],
            2.0,
            "grpc-health-probe may take -connect-timeout 1s (default) + -rpc-timeout 1s (default)",
        ),
        (
            ["/app/grpc-health-probe", "-addr=:50051", "-connect-timeout=5s", "-rpc-timeout=5s"],
            10.0,
            "grpc-health-probe may take -connect-timeout 5s + -rpc-timeout 5s",
        ),
        (
            ["grpc_health_probe", "-addr=:8080", "-connect-timeout", "500ms", "--rpc-timeout", "2s"],
            2.5,
            "grpc-health-probe may take -connect-timeout 500ms + -rpc-timeout 2s",
        ),
        (["curl", "-fsS", "-m", "5", "http://localhost:8080/healthz"], 5.0, "curl --max-time 5"),
        (["curl", "--max-time=2.5", "http://x"], 2.5, "curl --max-time 2.5"),
        (["wget", "-q", "-T", "4", "-O", "-", "http://x"], 4.0, "wget --timeout 4"),
        (["wget", "-qT4", "http://x"], 4.0, "wget --timeout 4"),
        (["wget", "--timeout=7", "http://x"], 7.0, "wget --timeout 7"),
        (["timeout", "5", "check.sh"], 5.0, "timeout 5"),
        (["timeout", "-s", "KILL", "5", "check.sh"], 5.0, "timeout 5"),
        (["timeout", "--signal=KILL", "5", "check.sh"], 5.0, "timeout 5"),
        (["timeout", "-k", "2", "5", "check.sh"], 5.0, "timeout 5"),
        (["timeout", "--kill-after", "2", "1m", "check.sh"], 60.0, "timeout 1m"),
        (["timeout", "-t", "6", "check.sh"], 6.0, "timeout 6"),  # older BusyBox
        (["timeout", "--preserve-status", "3s", "check.sh"], 3.0, "timeout 3s"),
        (["timeout", "10", "curl", "-m", "3", "http://x"], 3.0, "curl --max-time 3"),  # the smaller wins
        (["timeout", "3", "curl", "-m", "10", "http://x"], 3.0, "timeout 3"),
        (["sh", "-c", "curl -sf -m 8 http://localhost/healthz || exit 1"], 8.0, "curl --max-time 8"),
        (["sh", "-c", "timeout -s KILL 5 redis-cli ping | grep PONG"], 5.0, "timeout 5"),
        (["sh", "-c", "FOO=1 exec wget -T 6 -qO- http://x"], 6.0, "wget --timeout 6"),
        (
            ["sh", "-c", "curl -m 3 http://a || curl -m 4 http://b"],
            7.0,
            "curl --max-time 3, then curl --max-time 4",
        ),
        (["sh", "-c", "curl -m 3 http://a | wget -T 9 -"], 9.0, "wget --timeout 9"),  # a pipeline runs at once
    ],
)
def test_time_limit(argv: list[str], seconds: float, explanation: str) -> None:
    limit = time_limit(argv)
    assert limit is not None
    assert (limit.seconds, limit.explanation) == (seconds, explanation)


@pytest.mark.parametrize(
    "argv",
    [
        ["cat", "/tmp/healthy"],
        ["curl", "-f", "http://x"],  # no limit of its own
        ["curl", "-m", "0", "http://x"],  # 0: no limit
        ["curl", "-m", "$(TIMEOUT)", "http://x"],
        ["wget", "-T", "0", "http://x"],
        ["timeout", "0", "check.sh"],
        ["timeout", "$T", "check.sh"],
        ["grpc-health-probe", "-rpc-timeout=5"],  # not a Go duration: the probe exits at once
        ["sh", "-c", "curl -m 30 http://x &"],
        ["sh", "-c", "if true; then curl -m 30 http://x; fi"],
    ],
)
def test_time_limit_is_none_without_a_certain_limit(argv: list[str]) -> None:
    assert time_limit(argv) is None


def test_time_limit_item_points_at_the_script() -> None:
    limit = time_limit(["/bin/sh", "-c", "wget -T 5 -qO- http://x"])
    assert limit is not None
    assert limit.item == 2


@pytest.mark.parametrize(("seconds", "text"), [(5.0, "5"), (0.5, "0.5"), (2.25, "2.25"), (math.inf, "infinity")])
def test_format_seconds(seconds: float, text: str) -> None:
    assert format_seconds(seconds) == text


@pytest.mark.parametrize(
    ("argv", "seconds", "explanation"),
    [
        (["pg_isready", "-U", "postgres", "-t", "5"], 5, "pg_isready -t 5"),
        (["sh", "-c", "pg_isready -h localhost -t5"], 5, "pg_isready -t 5"),
        (["pg_isready", "--timeout=10"], 10, "pg_isready -t 10"),
        (["mysqladmin", "ping", "--connect-timeout=7"], 7, "mysqladmin --connect-timeout 7"),
        (["mysqladmin", "--connect_timeout", "4", "ping"], 4, "mysqladmin --connect-timeout 4"),
        (["redis-cli", "-h", "127.0.0.1", "-t", "3", "ping"], 3, "redis-cli -t 3"),
        (["sh", "-c", "nc -z -w 2 localhost 5432"], 2, "nc -w 2"),
        (["sh", "-c", "nc -zw3 localhost 5432"], 3, "nc -w 3"),
    ],
)
def test_time_limit_of_client_tools(argv: list[str], seconds: float, explanation: str) -> None:
    limit = time_limit(argv)
    assert limit is not None
    assert (limit.seconds, limit.explanation) == (seconds, explanation)


@pytest.mark.parametrize(
    "argv",
    [
        ["pg_isready", "-t", "0"],  # 0 disables the limit
        ["pg_isready", "-h", "t5"],  # a host, not a limit
        ["redis-cli", "-h", "-t", "ping"],
        ["nc", "-p", "w2", "localhost", "80"],
        ["mysqladmin", "ping"],
    ],
)
def test_time_limit_of_client_tools_is_none_without_one(argv: list[str]) -> None:
    assert time_limit(argv) is None
