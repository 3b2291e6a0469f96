"""What start-up imports: probelint starts on every commit, so a clean lint of a small file imports
nothing that only other paths need (--fix, charts, Kustomize builds, other formats, configuration
files, events, worker pools, git), and --version imports neither YAML nor the rules.

A structure test, not a timing test: benchmarks/startup.py measures the time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES

# Runs the command in a fresh interpreter, then lists every module it imported.
_SCRIPT = """
import sys
from probelint.cli import cli
try:
    cli.main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n")
"""

# Never needed by a lint of plain YAML files without a configuration file, reported as text.
NOT_ON_A_CLEAN_LINT = (
    "argparse",
    "concurrent.futures",
    "ctypes",
    "dataclasses",
    "difflib",
    "glob",
    "jsonschema",
    "multiprocessing",
    "pkgutil",
    "probelint.baseline",
    "probelint.config.loading",
    "probelint.config.reading",
    "probelint.config.schema",
    "probelint.config.validation",
    "probelint.events",
    "probelint.fix.apply",
    "probelint.fix.command",
    "probelint.fix.roundtrip",
    "probelint.reporters.catalog",
    "probelint.reporters.full",
    "probelint.reporters.gitlab",
    "probelint.reporters.json_format",
    "probelint.reporters.sarif",
    "probelint.run.adoption",
    "probelint.run.events",
    "probelint.sources.helm_engine",
    "probelint.sources.helm_render",
    "probelint.sources.kustomize_build",
    "probelint.sources.origin_map",
    "probelint.sources.sourcemap",
    "referencing",
    "ruamel",
    "ruamel.yaml",
    "shutil",
    "signal",
    "subprocess",
    "tarfile",
    "tempfile",
    "unicodedata",
)


def imported(args: list[str], cwd: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, "--no-color", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert "\nMODULES " in done.stderr, done.stderr
    return set(done.stderr.rpartition("\nMODULES ")[2].split())


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    (tmp_path / "deployment.yaml").write_text(DEPLOYMENT_WITHOUT_PROBES)
    return tmp_path


def test_a_clean_lint_imports_only_what_it_needs(small_file: Path) -> None:
    modules = imported(["deployment.yaml"], small_file)
    assert "probelint.rules.probe_invalid" in modules  # the lint did run
    assert sorted(modules.intersection(NOT_ON_A_CLEAN_LINT)) == []


def test_version_imports_neither_yaml_nor_the_rules(small_file: Path) -> None:
    modules = imported(["--version"], small_file)
    assert "probelint.cli" in modules
    assert sorted(modules.intersection({"yaml", "probelint.rules", "probelint.engine.linter", "json"})) == []


def test_the_console_script_flushes_everything_then_exits_with_the_status(small_file: Path) -> None:
    """`__main__.main` ends the process with os._exit: the report and the summary must be out by then."""
    entry = "import sys; from probelint.__main__ import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", entry, "--no-color", "deployment.yaml"],
        cwd=small_file,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.startswith("deployment.yaml:13:11: warning liveness-probe-missing"), done.stdout
    assert len(done.stdout.splitlines()) == 2
    assert done.stderr.strip() == "0 errors, 2 warnings in 1 file"
