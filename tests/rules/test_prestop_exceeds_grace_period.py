"""prestop-exceeds-grace-period through the command line: preStop sleeps against the grace period."""

from __future__ import annotations

import pytest

from tests.support import details
from tests.support.rulecheck import deployment, found, pos

PRESTOP = ["--select", "prestop-exceeds-grace-period"]


def _prestop(hook: str, grace: str | None = None) -> str:
    spec = f"      terminationGracePeriodSeconds: {grace}\n" if grace is not None else ""
    return deployment(
        f"""        - name: web
          image: nginx:1.27
          lifecycle:
            preStop:
{hook}""",
        spec=spec,
    )


def test_prestop_exec_sleep_list_points_at_command(lint) -> None:
    text = _prestop('              exec:\n                command: ["sleep", "25"]\n', grace="20")
    result = lint(text, *PRESTOP)
    assert found(result.lines) == [("prestop-exceeds-grace-period", "19:17")]
    assert pos(text, "command") == "19:17"
    assert (
        "preStop sleeps 25s but the grace period is 20s; raise terminationGracePeriodSeconds, or sleep less"
        in result.lines[0]
    )
    (why,) = details(lint(text, *PRESTOP, "--format", "json"))
    assert "only 2s left before SIGKILL" in why
    assert result.code == 1
    assert " error " in result.lines[0]


def test_prestop_grace_period_unset_means_30(lint) -> None:
    text = _prestop('              exec:\n                command: ["sh", "-c", "sleep 45 && drain"]\n')
    result = lint(text, *PRESTOP)
    assert found(result.lines) == [("prestop-exceeds-grace-period", pos(text, "command"))]
    assert "preStop sleeps 45s but the grace period is unset, so 30s; " in result.lines[0]


@pytest.mark.parametrize(
    ("command", "grace", "fires"),
    [
        ('["/bin/sh", "-c", "sleep 35; nginx -s quit"]', None, True),
        ('["/bin/sh", "-c", "sleep 25; nginx -s quit"]', None, False),
        ('["sleep", "1m"]', "60", True),  # equal: nothing left for the app
        ('["sleep", "1m"]', "61", False),
        ('["sleep", "0.5"]', "1", False),
        ('["sleep", "30.5"]', "30", True),
        ('["sh", "-c", "sleep 10\\nsleep 25"]', None, True),  # 35s in sequence
        ('["sh", "-c", "sleep 40 &"]', None, False),
        ('["sh", "-c", "drain || sleep 40"]', None, False),
        ('["sh", "-c", "while pgrep nginx; do sleep 1; done"]', None, False),
        ('["sh", "-c", "sleep $DELAY"]', None, False),
        ('["nginx", "-s", "quit"]', "5", False),
    ],
)
def test_prestop_exec_forms(lint, command: str, grace: str | None, fires: bool) -> None:
    text = _prestop(f"              exec:\n                command: {command}\n", grace=grace)
    expected = [("prestop-exceeds-grace-period", pos(text, "command"))] if fires else []
    assert found(lint(text, *PRESTOP).lines) == expected


def test_prestop_sleep_forever(lint) -> None:
    text = _prestop('              exec:\n                command: ["sleep", "infinity"]\n', grace="3600")
    assert "preStop sleeps forever" in lint(text, *PRESTOP).stdout


def test_prestop_sleep_action_points_at_seconds(lint) -> None:
    text = _prestop("              sleep:\n                seconds: 30\n", grace="30")
    result = lint(text, *PRESTOP)
    assert found(result.lines) == [("prestop-exceeds-grace-period", pos(text, "seconds: 30"))]
    assert "API server rejects" not in result.lines[0]  # equal is accepted by the API server


def test_prestop_sleep_action_longer_than_grace_is_rejected_too(lint) -> None:
    text = _prestop("              sleep:\n                seconds: 45\n")
    result = lint(text, *PRESTOP)
    assert found(result.lines) == [("prestop-exceeds-grace-period", pos(text, "seconds: 45"))]
    assert "preStop sleeps 45s but the grace period is unset, so 30s; " in result.lines[0]
    (why,) = details(lint(text, *PRESTOP, "--format", "json"))
    assert "the API server rejects a sleep action longer than the grace period" in why


@pytest.mark.parametrize(
    "hook",
    [
        "              sleep:\n                seconds: 10\n",
        "              httpGet: {path: /drain, port: 8080}\n",
        "              sleep:\n                seconds: 0\n",
    ],
)
def test_prestop_quiet_cases(lint, hook: str) -> None:
    assert lint(_prestop(hook), *PRESTOP).lines == []


def test_prestop_checks_sidecars_not_plain_init_containers(lint) -> None:
    text = deployment(
        """        - name: web
          image: nginx:1.27
""",
        spec="""      terminationGracePeriodSeconds: 15
      initContainers:
        - name: setup
          image: busybox:1.36
          lifecycle:
            preStop: {exec: {command: [sleep, "60"]}}
        - name: mesh
          image: example/mesh:1
          restartPolicy: Always
          lifecycle:
            preStop: {exec: {command: [sleep, "20"]}}
""",
    )
    result = lint(text, *PRESTOP)
    assert found(result.lines) == [("prestop-exceeds-grace-period", pos(text, "command", 2))]
    assert "[mesh])" in result.lines[0]
