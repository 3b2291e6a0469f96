"""Suppressions through the command line: comments, annotations, unused ones, and --show-suppressed.

Most runs select probe-timeout-too-low (whose findings these manifests are built around) and
unused-suppression, so that other rules' findings do not move the expectations.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import Run, run_cli
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES, NAMED_DEPLOYMENT

RULES = ("--select", "probe-timeout-too-low,unused-suppression")

# Findings: probe-timeout-too-low at 17:13 (readiness) and 20:13 (liveness).
MANIFEST = (
    DEPLOYMENT_WITHOUT_PROBES
    + """\
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 1
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            timeoutSeconds: 1
"""
)


def heads(run: Run) -> list[str]:
    """`file:line:col: severity rule` of each output line: what suppression decides, not the wording."""
    return [" ".join(line.split(" ")[:3]) for line in run.lines]


def edit(text: str, line: int, new: str) -> str:
    """Replace 1-based line `line` of `text`."""
    lines = text.splitlines()
    lines[line - 1] = new
    return "\n".join(lines) + "\n"


def insert(text: str, line: int, new: str) -> str:
    """Insert `new` so that it becomes 1-based line `line`."""
    lines = text.splitlines()
    lines.insert(line - 1, new)
    return "\n".join(lines) + "\n"


def test_without_suppressions_both_findings_are_reported(lint) -> None:
    run = lint(MANIFEST, *RULES)
    assert heads(run) == [
        "example.yaml:17:13: warning probe-timeout-too-low",
        "example.yaml:20:13: warning probe-timeout-too-low",
    ]
    assert run.code == 1


def test_trailing_disable_silences_its_line_only(lint) -> None:
    text = edit(MANIFEST, 17, "            timeoutSeconds: 1  # probelint: disable=probe-timeout-too-low")
    run = lint(text, *RULES)
    assert heads(run) == ["example.yaml:20:13: warning probe-timeout-too-low"]
    assert run.code == 1


def test_trailing_disable_of_every_rule(lint) -> None:
    text = edit(MANIFEST, 17, "            timeoutSeconds: 1 # probelint: disable -- answers from memory")
    text = edit(text, 20, "            timeoutSeconds: 1 # probelint: disable")
    run = lint(text, *RULES)
    assert run.lines == []
    assert run.code == 0


def test_several_rules_with_spaces_and_a_reason(lint) -> None:
    line = "            timeoutSeconds: 1  # probelint: disable=startup-probe-missing, probe-timeout-too-low (fast)"
    run = lint(edit(MANIFEST, 20, line), *RULES)
    assert heads(run) == ["example.yaml:17:13: warning probe-timeout-too-low"]


def test_disable_next_line_skips_blank_and_comment_lines(lint) -> None:
    text = insert(MANIFEST, 17, "            # probelint: disable-next-line=probe-timeout-too-low")
    text = insert(text, 18, "            # the handler only reads a flag")
    text = insert(text, 19, "")
    run = lint(text, *RULES)  # readiness timeoutSeconds is now line 20; liveness moves to 23
    assert heads(run) == ["example.yaml:23:13: warning probe-timeout-too-low"]


def test_own_line_disable_acts_on_the_next_line(lint) -> None:
    run = lint(insert(MANIFEST, 20, "            # probelint: disable=probe-timeout-too-low"), *RULES)
    assert heads(run) == ["example.yaml:17:13: warning probe-timeout-too-low"]


def test_disable_file_covers_only_its_document(lint) -> None:
    second = MANIFEST.replace("name: web", "name: api", 1)
    text = "---\n# probelint: disable-file=probe-timeout-too-low\n" + MANIFEST + "---\n" + second
    run = lint(text, *RULES)
    # The first document is lines 1-22; the second starts at line 23, its findings at 23 + 16 and 23 + 19.
    assert heads(run) == [
        "example.yaml:40:13: warning probe-timeout-too-low",
        "example.yaml:43:13: warning probe-timeout-too-low",
    ]
    assert all("Deployment/api" in line for line in run.lines)


def test_disable_file_in_a_header_before_the_first_separator(lint) -> None:
    text = "# probelint: disable-file\n---\n" + MANIFEST
    run = lint(text, *RULES)
    assert run.lines == []


def test_hash_inside_strings_and_block_scalars_is_not_a_comment(lint) -> None:
    text = insert(MANIFEST, 5, '  annotations: {note: "see # probelint: disable-file"}')
    text = text.replace(
        "          image: nginx:1.27\n",
        "          image: nginx:1.27\n"
        "          args:\n"
        "            - |\n"
        "              echo start # probelint: disable-file\n",
    )
    run = lint(text, *RULES)
    # Lines: annotation inserted at 5, args block (3 lines) after image: findings move from 17/20 to 21/24.
    assert heads(run) == [
        "example.yaml:21:13: warning probe-timeout-too-low",
        "example.yaml:24:13: warning probe-timeout-too-low",
    ]


def test_unused_comment_is_reported_at_the_comment(lint) -> None:
    text = edit(MANIFEST, 14, "          image: nginx:1.27  # probelint: disable=probe-timeout-too-low")
    run = lint(text, *RULES)
    assert run.lines[0] == (
        "example.yaml:14:30: info unused-suppression `# probelint: disable=probe-timeout-too-low` "
        "suppresses nothing: no probe-timeout-too-low finding on line 14; remove it"
    )
    assert heads(run)[1:] == [
        "example.yaml:17:13: warning probe-timeout-too-low",
        "example.yaml:20:13: warning probe-timeout-too-low",
    ]


def test_unused_next_line_names_the_line_it_looked_at(lint) -> None:
    run = lint(insert(MANIFEST, 14, "          # probelint: disable-next-line=probe-timeout-too-low"), *RULES)
    assert run.lines[0] == (
        "example.yaml:14:11: info unused-suppression `# probelint: disable-next-line=probe-timeout-too-low` "
        "suppresses nothing: no probe-timeout-too-low finding on line 15"
    )


def test_unused_alone_does_not_fail_the_run(lint) -> None:
    text = edit(MANIFEST, 17, "            timeoutSeconds: 2  # probelint: disable=probe-timeout-too-low")
    text = edit(text, 20, "            timeoutSeconds: 2")
    run = lint(text, *RULES)
    assert heads(run) == ["example.yaml:17:32: info unused-suppression"]
    assert run.code == 0
    assert lint(text, *RULES, "--fail-on", "info").code == 1


def test_misspelt_rule_and_directive_are_reported(lint) -> None:
    text = edit(MANIFEST, 17, "            timeoutSeconds: 1  # probelint: disable=probe-timout-too-low")
    text = edit(text, 20, "            timeoutSeconds: 1  # probelint: disabel=probe-timeout-too-low")
    run = lint(text, *RULES)
    assert run.lines == [
        "example.yaml:17:13: warning probe-timeout-too-low " + run.lines[0].split(" probe-timeout-too-low ", 1)[1],
        (
            "example.yaml:17:32: info unused-suppression `# probelint: disable=probe-timout-too-low` suppresses "
            "nothing: probe-timout-too-low is not a probelint rule"
        ),
        "example.yaml:20:13: warning probe-timeout-too-low " + run.lines[2].split(" probe-timeout-too-low ", 1)[1],
        (
            "example.yaml:20:32: info unused-suppression `# probelint: disabel=probe-timeout-too-low` suppresses "
            "nothing: disabel is not a probelint directive"
        ),
    ]
    assert run.code == 1


def test_suppressions_of_rules_that_did_not_run_are_not_judged(lint) -> None:
    text = edit(MANIFEST, 14, "          image: nginx:1.27  # probelint: disable=startup-probe-missing")
    text = edit(text, 13, "        - name: web  # probelint: disable")
    run = lint(text, *RULES)
    assert heads(run) == [
        "example.yaml:17:13: warning probe-timeout-too-low",
        "example.yaml:20:13: warning probe-timeout-too-low",
    ]


def test_bare_disable_is_judged_when_every_rule_runs(lint) -> None:
    text = edit(MANIFEST, 7, "    matchLabels: {app: web}  # probelint: disable")
    run = lint(text)
    assert "example.yaml:7:30: info unused-suppression" in heads(run)


def test_unused_suppression_can_be_switched_off(lint) -> None:
    text = edit(MANIFEST, 14, "          image: nginx:1.27  # probelint: disable=probe-timeout-too-low")
    run = lint(text, "--select", "probe-timeout-too-low")
    assert heads(run) == [
        "example.yaml:17:13: warning probe-timeout-too-low",
        "example.yaml:20:13: warning probe-timeout-too-low",
    ]


ANNOTATED = MANIFEST.replace("  name: web\n", '  name: web\n  annotations:\n    probelint/ignore: "{value}"\n', 1)


def test_annotation_on_the_object_silences_the_rule_for_every_container(lint) -> None:
    run = lint(ANNOTATED.replace("{value}", "probe-timeout-too-low"), *RULES)
    assert run.lines == []
    assert run.code == 0


def test_annotation_for_one_container(lint) -> None:
    text = ANNOTATED.replace("{value}", "startup-probe-missing, probe-timeout-too-low:web")
    text = text.replace(
        "          livenessProbe:\n            httpGet: {path: /healthz, port: 8080}\n",
        "        - name: sidecar\n"
        "          image: envoy:1.30\n"
        "          readinessProbe:\n"
        "            httpGet: {path: /ready, port: 9901}\n",
    )
    run = lint(text, *RULES)
    # The web container's readiness finding (19:13) is silenced; the sidecar's readiness probe is not.
    assert heads(run) == ["example.yaml:24:13: warning probe-timeout-too-low"]
    assert run.lines[0].endswith("(Deployment/web[sidecar])")


def test_annotation_on_the_pod_template_survives_helm(lint) -> None:
    text = "---\n# Source: chart/templates/deployment.yaml\n" + MANIFEST.replace(
        "      labels: {app: web}\n",
        "      labels: {app: web}\n      annotations:\n        probelint/ignore: probe-timeout-too-low:web\n",
    )
    run = lint(text, *RULES, "--show-suppressed")
    assert heads(run) == [
        "example.yaml:21:13: suppressed probe-timeout-too-low",
        "example.yaml:24:13: suppressed probe-timeout-too-low",
    ]
    assert run.lines[0].endswith(
        "(Deployment/web[web]) [from chart/templates/deployment.yaml] "
        "[warning, by `probelint/ignore: probe-timeout-too-low:web` at example.yaml:14:9]"
    )


def test_annotation_naming_a_missing_container(lint) -> None:
    run = lint(ANNOTATED.replace("{value}", "probe-timeout-too-low:nginx"), *RULES)
    assert run.lines[0] == (
        "example.yaml:6:5: info unused-suppression `probelint/ignore: probe-timeout-too-low:nginx` suppresses "
        "nothing: this object has no container named nginx (container… (Deployment/web)"
    )
    assert heads(run)[1:] == [
        "example.yaml:19:13: warning probe-timeout-too-low",
        "example.yaml:22:13: warning probe-timeout-too-low",
    ]


def test_annotation_that_matches_nothing(lint) -> None:
    text = ANNOTATED.replace("{value}", "probe-timeout-too-low").replace("timeoutSeconds: 1", "timeoutSeconds: 5")
    run = lint(text, *RULES)
    assert run.lines == [
        (
            "example.yaml:6:5: info unused-suppression `probelint/ignore: probe-timeout-too-low` suppresses "
            "nothing: no probe-timeout-too-low finding for this object (Deployment/web)"
        )
    ]


def test_show_suppressed_text(lint) -> None:
    text = edit(MANIFEST, 17, "            timeoutSeconds: 1  # probelint: disable=probe-timeout-too-low")
    run = lint(text, *RULES, "--show-suppressed")
    assert heads(run) == [
        "example.yaml:20:13: warning probe-timeout-too-low",
        "example.yaml:17:13: suppressed probe-timeout-too-low",
    ]
    assert run.lines[1].endswith(
        "(Deployment/web[web]) [warning, by `# probelint: disable=probe-timeout-too-low` at example.yaml:17:32]"
    )
    assert run.code == 1


def test_show_suppressed_json(lint) -> None:
    text = edit(MANIFEST, 17, "            timeoutSeconds: 1  # probelint: disable=probe-timeout-too-low")
    document = json.loads(lint(text, *RULES, "--show-suppressed", "--format", "json").stdout)
    assert [(f["line"], f["column"]) for f in document["findings"]] == [(20, 13)]
    [item] = document["suppressed"]
    assert (item["rule"], item["line"], item["column"], item["container"]) == ("probe-timeout-too-low", 17, 13, "web")
    assert item["suppressed_by"] == {
        "suppression": "# probelint: disable=probe-timeout-too-low",
        "file": "example.yaml",
        "line": 17,
        "column": 32,
    }
    assert "suppressed" not in json.loads(lint(text, *RULES, "--format", "json").stdout)


def test_parallel_run_gives_the_same_suppressions(tmp_path: Path) -> None:
    text = edit(MANIFEST, 17, "            timeoutSeconds: 1  # probelint: disable=probe-timeout-too-low")
    text = edit(text, 14, "          image: nginx:1.27  # probelint: disable=probe-timeout-too-low")
    for index in range(20):  # enough files for a process pool
        (tmp_path / f"m{index:02}.yaml").write_text(text, encoding="utf-8")
    serial = run_cli([*RULES, "--show-suppressed", "--jobs", "1", "."], cwd=tmp_path)
    parallel = run_cli([*RULES, "--show-suppressed", "--jobs", "2", "."], cwd=tmp_path)
    assert parallel.stdout == serial.stdout
    assert len(serial.lines) == 60
    assert heads(serial)[:2] == [
        "./m00.yaml:14:30: info unused-suppression",
        "./m00.yaml:20:13: warning probe-timeout-too-low",
    ]


# --- line counting ------------------------------------------------------------------------------------


def test_suppression_comments_count_lines_as_the_yaml_reader_does(lint) -> None:
    """A U+2028 inside a quoted value is a line break to libyaml: findings and comments must agree."""
    text = (
        NAMED_DEPLOYMENT.replace("NAME", "a")
        .replace("metadata:\n", 'metadata:\n  annotations: {note: "copied\u2028from a wiki"}\n')
        .replace("timeoutSeconds: 1", "timeoutSeconds: 1  # probelint: disable=probe-timeout-too-low")
    )
    run = lint(text, "--select", "probe-timeout-too-low,unused-suppression")
    assert run.lines == []
    assert run.code == 0
