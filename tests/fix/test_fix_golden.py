"""`--fix` and `--diff` through the command line, checked byte for byte against golden files.

tests/fixtures/fix/<case>.in.yaml is fixed in a temporary folder and must become <case>.out.yaml
exactly (CRLF, byte-order mark, missing final newline, flow style, quoted keys, comments next to the
changed keys, `kind: List`, several documents, Helm output). A case whose .out.yaml equals its .in.yaml
is one that must be refused.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from probelint.cli import cli
from probelint.fix.fixes import all_fixes
from probelint.rules import all_rules
from tests.support import ROOT, run_cli
from tests.support.manifests import NAMED_DEPLOYMENT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = sorted(path.name.removesuffix(".in.yaml") for path in FIXTURES.glob("*.in.yaml"))
ARGS = {"helm-rendered-fixed": ["--fix-rendered"]}
# Cases where something stays to be fixed by hand, so --diff still has something to say afterwards.
NOT_FIXABLE = {"helm-rendered", "not-round-trippable"}


def _case(case: str, tmp_path: Path, suffix: str = "in") -> Path:
    target = tmp_path / f"{case}.yaml"
    shutil.copyfile(FIXTURES / f"{case}.{suffix}.yaml", target)
    return target


def _expected(case: str) -> bytes:
    return (FIXTURES / f"{case}.out.yaml").read_bytes()


def test_every_case_has_an_expected_output() -> None:
    assert CASES
    for case in CASES:
        assert (FIXTURES / f"{case}.out.yaml").is_file(), case


@pytest.mark.parametrize("case", CASES)
def test_fix_writes_exactly_the_expected_bytes(case: str, tmp_path: Path) -> None:
    target = _case(case, tmp_path)
    run_cli(["--fix", *ARGS.get(case, []), target.name], cwd=tmp_path)
    assert target.read_bytes() == _expected(case)


@pytest.mark.parametrize("case", CASES)
def test_a_second_fix_changes_nothing(case: str, tmp_path: Path) -> None:
    target = _case(case, tmp_path, "out")
    result = run_cli(["--fix", *ARGS.get(case, []), target.name], cwd=tmp_path)
    assert target.read_bytes() == _expected(case)
    assert "probelint: fixed " not in result.stderr or "fixed 0 problems" in result.stderr
    diff = run_cli(["--diff", *ARGS.get(case, []), target.name], cwd=tmp_path)
    if case not in NOT_FIXABLE:
        assert diff.stdout == ""
        assert diff.code == 0


@pytest.mark.parametrize("case", CASES)
def test_diff_changes_nothing_and_patch_applies_it(case: str, tmp_path: Path) -> None:
    target = _case(case, tmp_path)
    original = target.read_bytes()
    result = run_cli(["--diff", *ARGS.get(case, []), target.name], cwd=tmp_path)
    assert target.read_bytes() == original
    if original == _expected(case) and case not in NOT_FIXABLE:
        assert (result.code, result.stdout) == (0, "")
        return
    assert result.code == 1
    if shutil.which("patch") is None or case == "helm-rendered":  # shown, but --fix leaves it alone
        return
    patch = tmp_path / "fix.patch"
    patch.write_bytes(_stdout_bytes(["--diff", *ARGS.get(case, []), target.name], tmp_path))
    subprocess.run(["patch", "-s", "-p0", "-i", str(patch)], cwd=tmp_path, check=True, capture_output=True)
    assert target.read_bytes() == _expected(case)


def _stdout_bytes(args: list[str], cwd: Path) -> bytes:
    """Standard output as bytes (run_cli's text turns CRLF into LF)."""
    old = os.getcwd()
    try:
        os.chdir(cwd)
        return CliRunner().invoke(cli, ["--no-color", *args], catch_exceptions=False).stdout_bytes
    finally:
        os.chdir(old)


def test_diff_output_format(tmp_path: Path) -> None:
    target = _case("probe-timeout", tmp_path)
    result = run_cli(["--diff", target.name], cwd=tmp_path)
    assert result.stdout == (
        "--- probe-timeout.yaml\n"
        "+++ probe-timeout.yaml\n"
        "@@ -17,13 +17,14 @@\n"
        "             httpGet:\n"
        "               path: /ready\n"
        "               port: 8080\n"
        "-            timeoutSeconds: 1   # copied from an example\n"
        "+            timeoutSeconds: 2   # copied from an example\n"
        "             periodSeconds: 5\n"
        "           livenessProbe:\n"
        "             httpGet:\n"
        "               path: /healthz\n"
        "               port: 8080\n"
        "             periodSeconds: 10\n"
        "+            timeoutSeconds: 2\n"
        "             # TODO: tune after the load test\n"
        "           # the sidecar below ships logs\n"
        "         - name: logs\n"
    )
    assert result.stderr.splitlines()[-1] == "probelint: --fix would fix 2 problems in 1 file"


def test_fix_reports_what_is_left(tmp_path: Path) -> None:
    target = _case("paths-and-commands", tmp_path)
    result = run_cli(["--fix", target.name], cwd=tmp_path)
    assert result.code == 1
    assert [line.split(" ")[2] for line in result.lines] == ["http-probe-path-invalid", "exec-probe-command-invalid"]
    # Splitting `cat /tmp/healthy` into two items moved what is left one line down.
    assert [line.split(" ")[0] for line in result.lines] == [
        "paths-and-commands.yaml:29:11:",
        "paths-and-commands.yaml:34:21:",
    ]
    assert "paths-and-commands.yaml:29:11: http-probe-path-invalid not fixed: only whitespace" in result.stderr
    assert "probelint: fixed 3 problems in 1 file; 2 problems not fixed (see above)" in result.stderr


@pytest.mark.parametrize("case", ["crlf", "bom", "comments", "multi-doc"])
def test_standard_input_gives_the_fixed_stream(case: str) -> None:
    data = (FIXTURES / f"{case}.in.yaml").read_bytes()
    result = CliRunner().invoke(cli, ["--no-color", "--fix", "-"], input=data, catch_exceptions=False)
    assert result.stdout_bytes == _expected(case)
    assert "in 1 file" in result.stderr  # the report of what is left goes to standard error


def test_helm_rendered_documents_are_not_edited_without_fix_rendered(tmp_path: Path) -> None:
    target = _case("helm-rendered", tmp_path)
    result = run_cli(["--fix", target.name], cwd=tmp_path)
    assert target.read_bytes() == (FIXTURES / "helm-rendered.in.yaml").read_bytes()
    assert (
        "probelint: helm-rendered.yaml:24:11: probe-timeout-too-low not fixed: the object is rendered by Helm from "
        "api/templates/deployment.yaml: change the template (or pass --fix-rendered to edit the rendered file)"
    ) in result.stderr
    diff = run_cli(["--diff", target.name], cwd=tmp_path)
    assert "@@ -25,6 +25,7 @@ rendered from api/templates/deployment.yaml\n" in diff.stdout
    assert "rendered by Helm from api/templates/deployment.yaml: change the template" in diff.stderr


def test_refusals_say_why(tmp_path: Path) -> None:
    anchors = run_cli(["--fix", _case("anchors", tmp_path).name], cwd=tmp_path)
    assert "readinessProbe is shared through the YAML anchor &probe" in anchors.stderr
    assert "readinessProbe.timeoutSeconds comes from a YAML merge key (<<)" in anchors.stderr
    flow = run_cli(["--fix", _case("not-round-trippable", tmp_path).name], cwd=tmp_path)
    assert (
        "not-round-trippable.yaml:6:53: probe-timeout-too-low not fixed: ruamel.yaml cannot write this document "
        "back unchanged around the edit: line 1: formatting that ruamel.yaml normalises"
    ) in flow.stderr
    # ... and the change that was meant is still shown.
    assert "probelint: the change that was meant (as ruamel.yaml would write the document):" in flow.stderr
    assert 'readinessProbe: {httpGet: {path: "/", port: 80}, timeoutSeconds: 2}' in flow.stderr
    timeout = run_cli(["--fix", _case("exec-timeout", tmp_path).name], cwd=tmp_path)
    assert (
        "exec-timeout.yaml:27:13: exec-probe-timeout-mismatch not fixed: timeoutSeconds: 15 would exceed the "
        "probe's periodSeconds (10)"
    ) in timeout.stderr


def test_select_limits_the_fixes(tmp_path: Path) -> None:
    target = _case("comments", tmp_path)
    run_cli(["--fix", "--select", "env-value-not-string", target.name], cwd=tmp_path)
    text = target.read_text()
    assert 'value: "true"' in text
    assert 'value: "8080"' in text
    assert "startupProbe" not in text


def test_rule_options_from_the_configuration_apply(tmp_path: Path) -> None:
    (tmp_path / ".probelint.yaml").write_text("rules:\n  probe-timeout-too-low:\n    min-timeout-seconds: 3\n")
    target = _case("probe-timeout", tmp_path)
    run_cli(["--fix", target.name], cwd=tmp_path)
    assert target.read_text().count("timeoutSeconds: 3") == 2


def test_written_file_keeps_its_mode_and_symlink(tmp_path: Path) -> None:
    target = _case("probe-timeout", tmp_path)
    target.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(target.name)
    run_cli(["--fix", link.name], cwd=tmp_path)
    assert link.is_symlink()
    assert target.read_bytes() == _expected("probe-timeout")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".probelint")] == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a folder this user cannot write")
def test_a_writable_file_in_a_read_only_folder_is_fixed_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    target = _case("probe-timeout", folder)
    folder.chmod(0o555)
    try:
        result = run_cli(["--fix", "ro/probe-timeout.yaml"], cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    assert result.code == 0, result.stderr
    assert target.read_bytes() == _expected("probe-timeout")
    assert sorted(path.name for path in folder.iterdir()) == ["probe-timeout.yaml"]


def test_failed_write_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _case("probe-timeout", tmp_path)
    original = target.read_bytes()
    real_fsync = os.fsync
    calls = []

    def fail_once(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 1:
            raise OSError(28, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fail_once)
    result = run_cli(["--fix", "--jobs", "1", target.name], cwd=tmp_path)
    assert target.read_bytes() == original
    assert result.code == 2
    assert (
        "probe-timeout.yaml: cannot write the fixed file: No space left on device; the original was written back"
        in result.stderr
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["probe-timeout.yaml"]


def test_parallel_fix_matches_serial(tmp_path: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        folder = tmp_path / f"jobs{jobs}"
        folder.mkdir()
        for index in range(20):
            case = CASES[index % len(CASES)]
            shutil.copyfile(FIXTURES / f"{case}.in.yaml", folder / f"{index:02}-{case}.yaml")
        result = run_cli(["--fix", "--fix-rendered", "--jobs", jobs, folder.name], cwd=tmp_path)
        files = {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
        outputs.append((files, result.stdout.replace(folder.name, "X"), result.stderr.replace(folder.name, "X")))
    assert outputs[0] == outputs[1]


# --- what --explain and the rule documents say about fixes ---------------------------------------------


def test_every_fix_belongs_to_a_rule() -> None:
    assert set(all_fixes()) <= {rule.id for rule in all_rules()}


def test_explain_says_whether_a_fix_exists() -> None:
    fixed = run_cli(["--explain", "probe-timeout-too-low"])
    assert fixed.lines[-1] == (
        "Autofix: probelint --fix sets the probe's timeoutSeconds to min-timeout-seconds (adding the field when it "
        "is missing) (preview it with --diff)."
    )
    unfixed = run_cli(["--explain", "probe-port-not-found"])
    assert unfixed.lines[-1] == "Autofix: none. probelint --fix never changes what this rule finds."


_TABLE_RE = re.compile(r"^\|---\|---\|---\|\n\| \w+ \| .*? \| (\w+) \|$", re.MULTILINE)
_FENCE_RE = re.compile(r"^```yaml\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def _doc(rule_id: str) -> str:
    return (ROOT / "rules" / f"{rule_id}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule_id", sorted(rule.id for rule in all_rules()))
def test_autofix_column_matches_the_fixes(rule_id: str) -> None:
    table = _TABLE_RE.search(_doc(rule_id))
    assert table is not None
    assert table.group(1) == ("yes" if rule_id in all_fixes() else "no")


@pytest.mark.parametrize("rule_id", sorted(all_fixes()))
def test_documented_fix_gives_the_documented_after(rule_id: str, tmp_path: Path) -> None:
    """Each fixable rule's document has a `## Fix` section: a before block that --fix turns into the after block."""
    text = _doc(rule_id)
    assert "\n## Fix\n" in text, f"{rule_id}: no ## Fix section"
    before, after = _FENCE_RE.findall(text.split("\n## Fix\n", 1)[1])[:2]
    target = tmp_path / "example.yaml"
    target.write_text(before, encoding="utf-8")
    assert any(f" {rule_id} " in line for line in run_cli(["--select", rule_id, target.name], cwd=tmp_path).lines)
    run_cli(["--fix", "--select", rule_id, target.name], cwd=tmp_path)
    assert target.read_text(encoding="utf-8") == after
    assert run_cli(["--select", rule_id, target.name], cwd=tmp_path).lines == []


# --- --diff and report options --------------------------------------------------------------------------


def test_diff_refuses_a_report_format_or_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(NAMED_DEPLOYMENT.replace("NAME", "a"))
    for extra in (["--format", "json"], ["--output-file", "out.json"]):
        run = run_cli(["--diff", *extra, "a.yaml"], cwd=tmp_path)
        assert run.code == 2
        assert "--diff prints a unified diff" in run.stderr
    assert not (tmp_path / "out.json").exists()
