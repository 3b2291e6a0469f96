"""Conformance with kube-linter's own fixtures for its port checks (../shared/corpus/peers/EXPECTATIONS.md)."""

from __future__ import annotations

import pytest

from tests.support import CORPUS, CORPUS_MARKS, run_cli
from tests.support.handlers import EXEC, HOST, NOT_DECLARED, NOT_FOUND, PATH, SCHEME, found

pytestmark = CORPUS_MARKS

KUBE_LINTER = CORPUS / "peers" / "stackrox__kube-linter" / "tests" / "checks"


PORT_RULES = f"{NOT_FOUND},{NOT_DECLARED}"


@pytest.mark.skipif(not KUBE_LINTER.is_dir(), reason="kube-linter fixtures are not available")
@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        # kube-linter: fire-deployment-name, -int, -udp and fire-stateful-name.
        (
            "liveness-port.yml",
            [
                (28, 15, "error", NOT_FOUND, "fire-deployment-name"),
                (37, 15, "info", NOT_DECLARED, "fire-deployment-int"),
                (45, 15, "info", NOT_DECLARED, "fire-deployment-udp"),
                (66, 15, "error", NOT_FOUND, "fire-stateful-name"),
            ],
        ),
        # kube-linter: fire-deployment-name, -int, -udp and -grpc.
        *[
            (
                name,
                [
                    (27, 15, "error", NOT_FOUND, "fire-deployment-name"),
                    (36, 15, "info", NOT_DECLARED, "fire-deployment-int"),
                    (44, 15, "info", NOT_DECLARED, "fire-deployment-udp"),
                    (52, 15, "info", NOT_DECLARED, "fire-deployment-grpc"),
                ],
            )
            for name in ("readiness-port.yml", "startup-port.yml")
        ],
    ],
)
def test_kube_linter_port_fixtures(fixture: str, expected: list[tuple[int, int, str, str, str]]) -> None:
    result = run_cli(["--select", PORT_RULES, fixture], cwd=KUBE_LINTER)
    rows = [
        (*row, line[line.rindex("[") + 1 : line.rindex("])")])
        for row, line in zip(found(result), result.lines, strict=True)
    ]
    assert rows == expected  # nothing for the containers named dont-fire-*
    assert result.code == 1


@pytest.mark.skipif(not KUBE_LINTER.is_dir(), reason="kube-linter fixtures are not available")
def test_kube_linter_port_fixtures_under_every_rule_of_this_family() -> None:
    """The handler rules have nothing to say about kube-linter's port fixtures."""
    rules = ",".join([PATH, HOST, SCHEME, EXEC])
    result = run_cli(
        ["--select", rules, "liveness-port.yml", "readiness-port.yml", "startup-port.yml"], cwd=KUBE_LINTER
    )
    assert result.lines == []
