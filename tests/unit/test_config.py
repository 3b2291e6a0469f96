"""Configuration through the command line: finding the file, what each key does, and bad files.

Every test runs in a temporary folder that holds `.git`, so discovery stops there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from probelint.config.loading import load_config
from probelint.config.reading import toml_positions
from probelint.config.schema import build_schema, schema_text
from probelint.config.settings import settings_for
from probelint.rules import all_rules
from tests.support import ROOT, Run, run_cli
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES

# probe-timeout-too-low: readiness timeoutSeconds 3 at 17:13, liveness timeoutSeconds 1 at 20:13.
MANIFEST = (
    DEPLOYMENT_WITHOUT_PROBES
    + """\
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 3
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            timeoutSeconds: 1
"""
)
RULE = ("--select", "probe-timeout-too-low")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "example.yaml").write_text(MANIFEST, encoding="utf-8")
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def heads(run: Run) -> list[str]:
    return [" ".join(line.split(" ")[:3]) for line in run.lines]


# --- finding the file ------------------------------------------------------------------------


def test_no_configuration_uses_the_defaults(repo: Path) -> None:
    run = run_cli([*RULE, "example.yaml"], cwd=repo)
    assert heads(run) == ["example.yaml:20:13: warning probe-timeout-too-low"]
    assert run.code == 1


def test_configuration_in_the_working_directory(repo: Path) -> None:
    write(repo / ".probelint.yaml", "rules:\n  probe-timeout-too-low: {severity: error, min-timeout-seconds: 5}\n")
    run = run_cli([*RULE, "example.yaml"], cwd=repo)
    assert heads(run) == [
        "example.yaml:17:13: error probe-timeout-too-low",
        "example.yaml:20:13: error probe-timeout-too-low",
    ]
    assert "readiness probe (httpGet): timeoutSeconds 3; set 5 or more" in run.lines[0]
    assert run.code == 1


def test_configuration_in_a_parent_up_to_the_repository_root(repo: Path) -> None:
    write(repo / ".probelint.yaml", "rules:\n  probe-timeout-too-low: info\n")
    write(repo / "deploy" / "prod" / "web.yaml", MANIFEST)
    run = run_cli([*RULE, "web.yaml"], cwd=repo / "deploy" / "prod")
    assert heads(run) == ["web.yaml:20:13: info probe-timeout-too-low"]
    assert run.code == 0


def test_discovery_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / ".probelint.yaml", "rules:\n  probe-timeout-too-low: off\n")
    inner = tmp_path / "checkout"
    (inner / ".git").mkdir(parents=True)
    write(inner / "example.yaml", MANIFEST)
    run = run_cli([*RULE, "example.yaml"], cwd=inner)
    assert heads(run) == ["example.yaml:20:13: warning probe-timeout-too-low"]


def test_pyproject_tool_table(repo: Path) -> None:
    write(repo / "pyproject.toml", '[project]\nname = "x"\n\n[tool.probelint.rules]\nprobe-timeout-too-low = "error"\n')
    run = run_cli([*RULE, "example.yaml"], cwd=repo)
    assert heads(run) == ["example.yaml:20:13: error probe-timeout-too-low"]


def test_pyproject_without_the_table_does_not_hide_a_parent_configuration(repo: Path) -> None:
    write(repo / ".probelint.yaml", "rules:\n  probe-timeout-too-low: error\n")
    write(repo / "app" / "pyproject.toml", '[project]\nname = "app"\n')
    write(repo / "app" / "example.yaml", MANIFEST)
    run = run_cli([*RULE, "example.yaml"], cwd=repo / "app")
    assert heads(run) == ["example.yaml:20:13: error probe-timeout-too-low"]


def test_probelint_yaml_wins_over_pyproject_in_the_same_folder(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.probelint.rules]\nprobe-timeout-too-low = "error"\n')
    write(repo / ".probelint.yaml", "rules:\n  probe-timeout-too-low: info\n")
    run = run_cli([*RULE, "example.yaml"], cwd=repo)
    assert heads(run) == ["example.yaml:20:13: info probe-timeout-too-low"]


def test_explicit_config_option(repo: Path) -> None:
    write(repo / ".probelint.yaml", "rules:\n  probe-timeout-too-low: off\n")
    write(repo / "ci" / "strict.yaml", "rules:\n  probe-timeout-too-low: {severity: error, min-timeout-seconds: 4}\n")
    run = run_cli([*RULE, "--config", "ci/strict.yaml", "example.yaml"], cwd=repo)
    assert heads(run) == [
        "example.yaml:17:13: error probe-timeout-too-low",
        "example.yaml:20:13: error probe-timeout-too-low",
    ]


def test_explicit_toml_config(repo: Path) -> None:
    write(repo / "lint.toml", '[tool.probelint]\nfail-on = "error"\n')
    run = run_cli([*RULE, "--config", "lint.toml", "example.yaml"], cwd=repo)
    assert heads(run) == ["example.yaml:20:13: warning probe-timeout-too-low"]
    assert run.code == 0


def test_explicit_config_that_does_not_exist(repo: Path) -> None:
    run = run_cli([*RULE, "--config", "nope.yaml", "example.yaml"], cwd=repo)
    assert run.code == 2
    assert run.stderr == "nope.yaml: no such configuration file\n"
    assert run.stdout == ""


# --- what the keys do ------------------------------------------------------------------------


def test_fail_on_from_the_file_and_the_command_line_overriding_it(repo: Path) -> None:
    write(repo / ".probelint.yaml", "fail-on: error\n")
    assert run_cli([*RULE, "example.yaml"], cwd=repo).code == 0
    assert run_cli([*RULE, "--fail-on", "warning", "example.yaml"], cwd=repo).code == 1


def test_rule_off_and_select_turning_it_back_on(repo: Path) -> None:
    write(repo / ".probelint.yaml", "rules:\n  probe-timeout-too-low: off\n")
    assert not any("probe-timeout-too-low" in line for line in run_cli(["example.yaml"], cwd=repo).lines)
    assert heads(run_cli([*RULE, "example.yaml"], cwd=repo)) == ["example.yaml:20:13: warning probe-timeout-too-low"]


def test_command_line_ignore_adds_to_the_file(repo: Path) -> None:
    write(repo / ".probelint.yaml", "rules:\n  probe-timeout-too-low: error\n")
    run = run_cli(["--ignore", "probe-timeout-too-low", "example.yaml"], cwd=repo)
    assert not any("probe-timeout-too-low" in line for line in run.lines)


def test_exclude_globs(repo: Path) -> None:
    write(repo / ".probelint.yaml", "exclude:\n  - vendor\n  - '*.generated.yaml'\n  - deploy/old/*\n")
    for name in ("vendor/a.yaml", "charts/vendor/b.yaml", "x.generated.yaml", "deploy/old/c.yaml", "deploy/new/d.yaml"):
        write(repo / name, MANIFEST)
    run = run_cli([*RULE, "."], cwd=repo)
    assert heads(run) == [
        "./example.yaml:20:13: warning probe-timeout-too-low",
        "./deploy/new/d.yaml:20:13: warning probe-timeout-too-low",
    ]
    # Explicit files (as a pre-commit hook passes them) are excluded too; standard input never is.
    run = run_cli([*RULE, "vendor/a.yaml", "-"], cwd=repo, stdin=MANIFEST.encode())
    assert heads(run) == ["-:20:13: warning probe-timeout-too-low"]


def test_exclude_is_relative_to_the_configuration(repo: Path) -> None:
    write(repo / ".probelint.yaml", "exclude: [deploy/old]\n")
    write(repo / "deploy" / "old" / "c.yaml", MANIFEST)
    run = run_cli([*RULE, "c.yaml"], cwd=repo / "deploy" / "old")
    assert run.lines == []
    assert run.code == 0


def test_ignore_entries_with_globs_and_show_suppressed(repo: Path) -> None:
    write(
        repo / ".probelint.yaml",
        "ignore:\n"
        "  - rule: probe-timeout-*\n"
        "    kind: deployment\n"
        "    name: w?b\n"
        "    container: web\n"
        "  - name: other\n",
    )
    run = run_cli([*RULE, "--show-suppressed", "example.yaml"], cwd=repo)
    assert heads(run) == ["example.yaml:20:13: suppressed probe-timeout-too-low"]
    assert run.lines[0].endswith(
        "[warning, by `ignore entry {rule: probe-timeout-*, kind: deployment, name: w?b, container: web}` "
        "at .probelint.yaml:2:5]"
    )
    assert run.code == 0


def test_ignore_entry_that_does_not_match(repo: Path) -> None:
    write(repo / ".probelint.yaml", "ignore:\n  - {rule: probe-timeout-too-low, namespace: prod}\n")
    run = run_cli([*RULE, "example.yaml"], cwd=repo)
    assert heads(run) == ["example.yaml:20:13: warning probe-timeout-too-low"]


def test_kubernetes_version_reaches_the_settings(repo: Path) -> None:
    path = write(repo / ".probelint.yaml", 'kubernetes-version: "v1.30.2"\n')
    assert settings_for(load_config(str(path)), set(), set()).kubernetes_version == "1.30"


def test_kubernetes_version_is_not_a_per_rule_option(repo: Path) -> None:
    run = bad(repo, 'rules:\n  k8s-version-unsupported:\n    kubernetes-version: "1.28"\n')
    assert run.stderr == (
        ".probelint.yaml:3:5: kubernetes-version is set for the whole run: use the top-level kubernetes-version key\n"
    )


def test_yaml_1_2_words_are_strings(repo: Path) -> None:
    """`off` is a boolean in YAML 1.1 but the severity "off" to editors (YAML 1.2) and to us."""
    path = write(
        repo / ".probelint.yaml", "rules:\n  probe-timeout-too-low: off\n  startup-probe-missing: {severity: off}\n"
    )
    assert load_config(str(path)).off == {"probe-timeout-too-low", "startup-probe-missing"}


# --- bad configurations ----------------------------------------------------------------------


def bad(repo: Path, text: str, name: str = ".probelint.yaml") -> Run:
    write(repo / name, text)
    run = run_cli([*RULE, "example.yaml"], cwd=repo)
    assert run.code == 2
    assert run.stdout == ""
    return run


def test_misspelt_top_level_key(repo: Path) -> None:
    run = bad(repo, "# settings\nfial-on: error\n")
    assert run.stderr == (
        ".probelint.yaml:2:1: unknown key 'fial-on' (did you mean 'fail-on'?); "
        "the configuration takes extends, kubernetes-version, fail-on, baseline, max-file-size, exclude, "
        "respect-gitignore, rules, ignore, helm\n"
    )


def test_every_problem_in_file_order(repo: Path) -> None:
    run = bad(
        repo,
        "kubernetes-version: 1.30\n"
        "rules:\n"
        "  startup-probe-missing: warn\n"
        "  probe-timout-too-low: off\n"
        "  probe-timeout-too-low:\n"
        "    severity: error\n"
        "    min-timeout: 3\n"
        "    include-tcp: 'yes'\n"
        "ignore:\n"
        "  - rule: probe-timeout-to-low\n"
        "    nme: web\n"
        "  - {}\n",
    )
    assert run.stderr.splitlines() == [
        ".probelint.yaml:1:1: kubernetes-version: expected a string, got the number 1.3; "
        '1.30 is read as a number: quote it, "1.30"',
        ".probelint.yaml:3:3: rules.startup-probe-missing: 'warn' is not one of off, info, warning, error "
        "(did you mean 'warning'?)",
        ".probelint.yaml:4:3: unknown rule 'probe-timout-too-low' (did you mean 'probe-timeout-too-low'?)",
        ".probelint.yaml:7:5: unknown option 'min-timeout' for rule probe-timeout-too-low "
        "(did you mean 'min-timeout-seconds'?); it takes severity and min-timeout-seconds, include-tcp",
        '.probelint.yaml:8:5: rules.probe-timeout-too-low.include-tcp: expected true or false, got the string "yes"',
        ".probelint.yaml:10:5: ignore[0].rule: 'probe-timeout-to-low' is not a probelint rule "
        "(did you mean 'probe-timeout-too-low'?)",
        ".probelint.yaml:11:5: unknown key 'nme' in an ignore entry (did you mean 'name'?); "
        "match on rule, kind, namespace, name, container",
        ".probelint.yaml:12:5: ignore[1]: an ignore entry must match on at least one of rule, kind, namespace, "
        "name, container (an empty one would silence every finding)",
    ]


def test_wrong_type_for_a_rule(repo: Path) -> None:
    run = bad(repo, "rules:\n  probe-timeout-too-low: 3\n")
    assert run.stderr == (
        ".probelint.yaml:2:3: rules.probe-timeout-too-low: expected a string or a mapping, got the number 3\n"
    )


def test_option_of_the_wrong_type(repo: Path) -> None:
    run = bad(repo, "rules:\n  startup-probe-missing:\n    slow-start-seconds: 30s\n")
    assert run.stderr == (
        ".probelint.yaml:3:5: rules.startup-probe-missing.slow-start-seconds: expected an integer, "
        'got the string "30s"\n'
    )


def test_not_a_mapping(repo: Path) -> None:
    run = bad(repo, "- fail-on: error\n")
    assert run.stderr == ".probelint.yaml:1:1: the configuration: expected a mapping, got a list\n"


def test_yaml_syntax_error_in_the_configuration(repo: Path) -> None:
    run = bad(repo, "rules:\n  probe-timeout-too-low: [error\n")
    assert run.stderr.startswith(".probelint.yaml:3:1: ")


def test_bad_pyproject_points_into_it(repo: Path) -> None:
    text = (
        "[project]\n"
        'name = "x"\n'
        "\n"
        "[tool.probelint]\n"
        'fail-on = "eror"\n'
        "\n"
        "[tool.probelint.rules]\n"
        'probe-timeout-too-low = { severity = "error", min-timeout = 5 }\n'
        "\n"
        "[[tool.probelint.ignore]]\n"
        'rule = "probe-timeout-too-low"\n'
        '"nam" = "web"\n'
    )
    run = bad(repo, text, name="pyproject.toml")
    assert run.stderr.splitlines() == [
        "pyproject.toml:5:1: fail-on: 'eror' is not one of error, warning, info, never (did you mean 'error'?)",
        "pyproject.toml:8:47: unknown option 'min-timeout' for rule probe-timeout-too-low "
        "(did you mean 'min-timeout-seconds'?); it takes severity and min-timeout-seconds, include-tcp",
        "pyproject.toml:12:1: unknown key 'nam' in an ignore entry (did you mean 'name'?); "
        "match on rule, kind, namespace, name, container",
    ]


def test_broken_toml(repo: Path) -> None:
    run = bad(repo, '[tool.probelint]\nfail-on = "error\n', name="pyproject.toml")
    assert run.stderr.startswith("pyproject.toml:2:")


def test_unquoted_version_in_toml(repo: Path) -> None:
    run = bad(repo, "[tool.probelint]\nkubernetes-version = 1.30\n", name="pyproject.toml")
    assert run.stderr == (
        "pyproject.toml:2:1: kubernetes-version: expected a string, got the number 1.3; 1.30 is read as a number: "
        'quote it, "1.30"\n'
    )


def test_toml_positions_follow_inline_tables_arrays_and_strings() -> None:
    text = (
        "[tool.probelint]  # comment with = sign\n"
        "exclude = [\n"
        '  "a",  # first\n'
        "  'b',\n"
        "]\n"
        'note = """\n'
        "x = [not a key\n"
        '"""\n'
        'rules = { "probe-timeout-too-low" = { severity = "off" } }\n'
        "[[tool.probelint.ignore]]\n"
        'name = "a"\n'
        "[[tool.probelint.ignore]]\n"
        '  rule = "b"\n'
    )
    positions = toml_positions(text)
    prefix = ("tool", "probelint")

    def key(*parts: str | int) -> tuple[str | int, ...]:
        return (*prefix, *parts)

    assert positions[key("exclude")] == (2, 1)
    assert positions[key("exclude", 1)] == (4, 3)
    assert ("x",) not in positions
    assert key("x") not in positions
    assert positions[key("rules", "probe-timeout-too-low", "severity")] == (9, 39)
    assert positions[key("ignore", 0, "name")] == (11, 1)
    assert positions[key("ignore", 1, "rule")] == (13, 3)


# --- the schema --------------------------------------------------------------------------------


def test_schema_lists_every_rule() -> None:
    shipped = json.loads((ROOT / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    assert sorted(shipped["properties"]["rules"]["properties"]) == sorted(rule.id for rule in all_rules())


def _without_descriptions(value: object) -> object:
    if isinstance(value, dict):
        return {key: _without_descriptions(item) for key, item in value.items() if key != "description"}
    if isinstance(value, list):
        return [_without_descriptions(item) for item in value]
    return value


def test_shipped_schema_is_the_generated_one() -> None:
    """Rule ids, options, their types and defaults; a reworded summary does not fail this."""
    shipped = json.loads((ROOT / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    assert _without_descriptions(shipped) == _without_descriptions(build_schema()), (
        "regenerate it: python scripts/regenerate.py"
    )


def test_schema_is_a_valid_draft_7_schema_with_typed_options() -> None:
    schema = build_schema()
    Draft7Validator.check_schema(schema)
    options = schema["properties"]["rules"]["properties"]["probe-timeout-too-low"]["anyOf"][1]["properties"]
    assert options["min-timeout-seconds"] == {"type": "integer", "minimum": 1, "default": 2}
    assert options["include-tcp"] == {"type": "boolean", "default": False}


def test_config_schema_option_prints_it(tmp_path: Path) -> None:
    run = run_cli(["--config-schema"], cwd=tmp_path)
    assert run.code == 0
    assert run.stdout == schema_text()


def _readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("<!-- section:config -->", 1)[1].split("<!-- /section:config -->", 1)[0]


def test_readme_configuration_examples_are_valid(tmp_path: Path) -> None:
    section = _readme_section()
    yaml_example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    toml_example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    from_yaml = load_config(str(write(tmp_path / ".probelint.yaml", yaml_example)))
    from_toml = load_config(str(write(tmp_path / "pyproject.toml", toml_example)))
    for config in (from_yaml, from_toml):
        assert config.kubernetes_version == "1.30"
        assert config.fail_on == "error"
        assert config.off == {"startup-probe-missing"}
        assert config.options == {"probe-timeout-too-low": {"min-timeout-seconds": 3}}
        assert config.ignore[0].name == "legacy-*"
