"""The composite GitHub Action (action.yml), run here the way the runner runs it.

Each step's `run:` script goes through `bash --noprofile --norc -eo pipefail` (the runner's `shell:
bash`) in the workspace, with `${{ ... }}` expressions substituted, GITHUB_OUTPUT collected into step
outputs and the runner's variables set. Only the expressions below are understood, so the action
cannot quietly start depending on one this emulation does not know. The install step (a virtualenv
and `pip install` of this checkout, as `github.action_path`) runs once for the module.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import ROOT
from tests.support.manifests import SHORT_TIMEOUT_DEPLOYMENT as BAD
from tests.support.sarif import code_scanning_problems

pytestmark = pytest.mark.integration

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION_RE = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
OUTPUT_RE = re.compile(r"^([\w-]+)<<(.+)$")

GOOD = BAD.replace("timeoutSeconds: 1", "timeoutSeconds: 3")
SELECT = "--select probe-timeout-too-low"
ANNOTATION = (
    "::warning file=k8s/web.yaml,line=13,col=13,title=probe-timeout-too-low::readiness probe (httpGet): "
    "timeoutSeconds 1; set 2 or more (Deployment/web[web])"
)


@dataclass
class StepRun:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


@dataclass
class Runner:
    """One job's worth of runner state for this action: inputs, workspace, temp folder, step outputs."""

    workspace: Path
    temp: Path
    inputs: dict[str, str]
    extra_env: dict[str, str] = field(default_factory=dict)
    steps: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def create(cls, tmp: Path, **inputs: str) -> Runner:
        declared = ACTION["inputs"]
        unknown = set(inputs) - set(declared)
        assert not unknown, f"action.yml declares no input {unknown}"
        values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
        values.update(inputs)
        (tmp / "workspace").mkdir()
        (tmp / "temp").mkdir()
        return cls(tmp / "workspace", tmp / "temp", values)

    def evaluate(self, text: str) -> str:
        def value(match: re.Match[str]) -> str:
            expression = match.group(1)
            parts = expression.split(".")
            if parts[0] == "inputs" and len(parts) == 2:
                return self.inputs[parts[1]]
            if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
                return self.steps.get(parts[1], {}).get(parts[3], "")
            known = {
                "github.action_path": str(ROOT),
                "github.workspace": str(self.workspace),
                "runner.temp": str(self.temp),
            }
            assert expression in known, f"the test runner does not understand ${{{{ {expression} }}}}"
            return known[expression]

        return EXPRESSION_RE.sub(value, text)

    def environment(self, step: dict[str, Any], output_file: Path) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "RUNNER_"))}
        # `python3` is this test's interpreter, as actions/setup-python would make it.
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        env.update(
            CI="true",
            GITHUB_ACTIONS="true",
            GITHUB_WORKSPACE=str(self.workspace),
            GITHUB_ACTION_PATH=str(ROOT),
            GITHUB_OUTPUT=str(output_file),
            GITHUB_ENV=str(self.temp / "env"),
            GITHUB_PATH=str(self.temp / "path"),
            RUNNER_TEMP=str(self.temp),
        )
        env.update(self.extra_env)
        env.update({key: self.evaluate(str(value)) for key, value in step.get("env", {}).items()})
        return env

    def run_step(self, step: dict[str, Any]) -> StepRun:
        if "uses" in step:  # only actions/cache, emulated as a miss: the steps after it must not need a hit
            assert step["uses"].startswith("actions/cache@"), step["uses"]
            self.steps[step["id"]] = {}
            return StepRun(0, "", "", {})
        assert step.get("shell") == "bash", "every step runs under bash (on Linux, macOS and Windows runners)"
        assert "if" not in step
        script = self.temp / f"step-{step['id']}.sh"
        script.write_text(self.evaluate(step["run"]), encoding="utf-8")
        output_file = self.temp / f"output-{step['id']}"
        output_file.write_text("")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace / self.evaluate(step.get("working-directory", ".")),
            env=self.environment(step, output_file),
            capture_output=True,
            timeout=600,
        )
        outputs = parse_outputs(output_file.read_text(encoding="utf-8"))
        self.steps[step["id"]] = outputs
        # The action must leave the job's environment and PATH alone.
        for name in ("env", "path"):
            assert not (self.temp / name).exists() or not (self.temp / name).read_text()
        return StepRun(done.returncode, done.stdout.decode(), done.stderr.decode(), outputs)

    def run(self, *, skip: tuple[str, ...] = ()) -> StepRun:
        """Every step in order, stopping at the first failure as the runner does."""
        last = StepRun(0, "", "", {})
        for step in ACTION["runs"]["steps"]:
            if step["id"] in skip:
                continue
            last = self.run_step(step)
            if last.code != 0:
                break
        return last

    def action_outputs(self) -> dict[str, str]:
        return {name: self.evaluate(spec["value"]) for name, spec in ACTION.get("outputs", {}).items()}


def parse_outputs(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT: `name=value` lines, and `name<<DELIMITER` ... `DELIMITER` blocks."""
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        block = OUTPUT_RE.match(line)
        if block:
            name, delimiter = block.groups()
            body = []
            for inner in lines:
                if inner == delimiter:
                    break
                body.append(inner)
            outputs[name] = "\n".join(body)
        elif line:
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Run the install step once (default version: the action's own checkout); later runs reuse it."""
    runner = Runner.create(tmp_path_factory.mktemp("install"))
    [install] = [step for step in ACTION["runs"]["steps"] if step["id"] == "install"]
    done = runner.run_step(install)
    assert done.code == 0, done.stderr
    assert "probelint, version" in done.stdout
    probelint = done.outputs["probelint"]
    assert Path(probelint).is_file()
    assert Path(probelint).is_relative_to(runner.temp)  # its own virtualenv, not the test's
    return done.outputs


def test_steps_are_install_then_lint() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert [step["id"] for step in ACTION["runs"]["steps"]] == ["cache", "install", "lint"]
    inputs = {"paths", "args", "version", "sarif-file", "config", "fail-on", "working-directory"}
    assert set(ACTION["inputs"]) == inputs


def test_the_environment_is_cached_per_requested_version() -> None:
    [cache] = [step for step in ACTION["runs"]["steps"] if step["id"] == "cache"]
    assert cache["uses"] == "actions/cache@v4"
    assert cache["with"]["path"] == "${{ runner.temp }}/probelint-venv"
    assert "inputs.version" in cache["with"]["key"]
    assert "runner.os" in cache["with"]["key"]


def new_runner(tmp_path: Path, installed: dict[str, str], manifest: str, **inputs: str) -> Runner:
    runner = Runner.create(tmp_path, **inputs)
    runner.steps["install"] = installed
    runner.steps["cache"] = {}
    (runner.workspace / "k8s").mkdir()
    (runner.workspace / "k8s" / "web.yaml").write_text(manifest)
    return runner


def test_findings_become_annotations_and_sarif(tmp_path: Path, installed: dict[str, str]) -> None:
    runner = new_runner(tmp_path, installed, BAD, paths="k8s", args=SELECT, **{"sarif-file": "reports/probelint.sarif"})
    done = runner.run(skip=("install",))
    assert done.code == 1
    assert done.stdout.splitlines() == [ANNOTATION]
    assert done.stderr.splitlines() == [  # once, not once per run
        "0 errors, 1 warning in 1 file",
        "[*] 1 fixable with probelint --fix (preview with --diff)",
    ]
    assert runner.action_outputs() == {"sarif-file": "reports/probelint.sarif"}
    log = json.loads((runner.workspace / "reports" / "probelint.sarif").read_text(encoding="utf-8"))
    assert code_scanning_problems(log) == []
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "probe-timeout-too-low"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "k8s/web.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 13, "startColumn": 13, "endLine": 13, "endColumn": 27},  # `timeoutSeconds`
    }


def test_clean_manifests_pass_with_paths_on_several_lines(tmp_path: Path, installed: dict[str, str]) -> None:
    runner = new_runner(tmp_path, installed, GOOD, paths="k8s/web.yaml\nk8s/other.yaml\n", args=SELECT)
    (runner.workspace / "k8s" / "other.yaml").write_text(GOOD.replace("name: web", "name: other"))
    done = runner.run(skip=("install",))
    assert done.code == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == ["0 errors, 0 warnings in 2 files"]
    assert runner.action_outputs() == {"sarif-file": ""}


def test_fail_on_in_args_is_honoured(tmp_path: Path, installed: dict[str, str]) -> None:
    runner = new_runner(tmp_path, installed, BAD, args=f"{SELECT} --fail-on error")
    done = runner.run(skip=("install",))
    assert done.code == 0
    assert done.stdout.splitlines() == [ANNOTATION]  # `.` walks to ./k8s/web.yaml; GitHub wants k8s/web.yaml


def test_missing_path_exits_2_and_still_writes_sarif(tmp_path: Path, installed: dict[str, str]) -> None:
    runner = new_runner(tmp_path, installed, BAD, paths="missing.yaml k8s", args=SELECT, **{"sarif-file": "p.sarif"})
    done = runner.run(skip=("install",))
    assert done.code == 2
    assert done.stdout.splitlines() == [ANNOTATION]
    assert "probelint: missing.yaml: no such file or directory" in done.stderr
    assert json.loads((runner.workspace / "p.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]


def test_a_chart_folder_is_rendered_and_annotated_at_its_values_line(tmp_path: Path, installed: dict[str, str]) -> None:
    runner = new_runner(tmp_path, installed, GOOD, paths="charts", args=SELECT, **{"sarif-file": "p.sarif"})
    chart = runner.workspace / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text("# how long a readiness answer may take\ntimeout: 1\n")
    (chart / "templates" / "deployment.yaml").write_text(
        BAD.replace("timeoutSeconds: 1", "timeoutSeconds: {{ .Values.timeout }}")
    )
    done = runner.run(skip=("install",))
    assert done.code == 1, done.stderr
    assert done.stdout.splitlines() == [
        "::warning file=charts/web/values.yaml,line=2,col=1,title=probe-timeout-too-low::readiness probe "
        "(httpGet): timeoutSeconds 1; set 2 or more (Deployment/web[web]) [from web/templates/deployment.yaml]"
    ]
    [result] = json.loads((runner.workspace / "p.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "charts/web/values.yaml"
    [related] = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "charts/web/templates/deployment.yaml"
    assert related["physicalLocation"]["region"] == {"startLine": 13, "startColumn": 13}


def test_unwritable_sarif_file_fails_the_step(tmp_path: Path, installed: dict[str, str]) -> None:
    runner = new_runner(tmp_path, installed, GOOD, paths="k8s", args=SELECT, **{"sarif-file": "k8s/web.yaml/x.sarif"})
    done = runner.run(skip=("install",))
    assert done.code == 2
    assert done.stdout.splitlines() == ["::error title=probelint::no SARIF report was written to k8s/web.yaml/x.sarif"]
    assert f"probelint: cannot write the report to {runner.workspace}/k8s/web.yaml/x.sarif:" in done.stderr


def test_one_run_writes_annotations_and_sarif(tmp_path: Path, installed: dict[str, str]) -> None:
    runner = new_runner(tmp_path, installed, BAD, paths="k8s", args=SELECT, **{"sarif-file": "p.sarif"})
    runner.run(skip=("install", "cache"))
    script = (runner.temp / "step-lint.sh").read_text(encoding="utf-8")
    assert script.count('"$PROBELINT"') == 1


def test_working_directory_config_and_fail_on_inputs(tmp_path: Path, installed: dict[str, str]) -> None:
    runner = new_runner(tmp_path, installed, GOOD, args=SELECT, **{"sarif-file": "reports/p.sarif"})
    service = runner.workspace / "services" / "shop"
    (service / "k8s").mkdir(parents=True)
    (service / "k8s" / "web.yaml").write_text(BAD)
    (service / "strict.yaml").write_text("rules:\n  probe-timeout-too-low: error\n")
    runner.inputs.update({"working-directory": "services/shop", "paths": "k8s", "config": "strict.yaml"})
    runner.inputs["fail-on"] = "error"
    done = runner.run(skip=("install",))
    assert done.code == 1, done.stderr  # the configuration made the finding an error
    expected = ANNOTATION.replace("::warning file=k8s/web.yaml", "::error file=services/shop/k8s/web.yaml")
    assert done.stdout.splitlines() == [expected]
    log = json.loads((runner.workspace / "reports" / "p.sarif").read_text(encoding="utf-8"))
    [result] = log["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "services/shop/k8s/web.yaml", "uriBaseId": "%SRCROOT%"}
    runner.inputs["fail-on"] = "never"
    runner.inputs["args"] = f"{SELECT} --fail-on warning"  # the input comes after args: it wins
    assert runner.run(skip=("install",)).code == 0


def test_a_bare_version_is_installed_from_the_registry_as_probelint_equals(tmp_path: Path) -> None:
    runner = Runner.create(tmp_path, version="0.1.0")
    # No index and no local wheels: pip names the requirement it was given and gives up, offline.
    empty = tmp_path / "no-wheels"
    empty.mkdir()
    runner.extra_env = {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(empty), "PIP_CONFIG_FILE": os.devnull}
    done = runner.run()
    assert done.code == 1
    assert "No matching distribution found for probelint==0.1.0" in done.stderr
    assert runner.steps["install"] == {}


def test_readme_workflow_uses_the_action_with_its_inputs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("<!-- section:github-actions -->") : readme.index("<!-- /section:github-actions -->")]
    workflow = yaml.safe_load(section.split("```yaml\n", 1)[1].split("```", 1)[0])
    steps = workflow["jobs"]["probelint"]["steps"]
    [probelint] = [step for step in steps if step.get("uses", "").startswith("probelint/probelint@")]
    assert set(probelint["with"]) <= set(ACTION["inputs"])
    [upload] = [step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload["with"]["sarif_file"] == probelint["with"]["sarif-file"]
    assert workflow["permissions"]["security-events"] == "write"
    table = {line.split("|")[1].strip(" `") for line in section.splitlines() if line.startswith("| `")}
    assert table == set(ACTION["inputs"])
