"""The `probelint` command: parse options, lint, report, and choose the exit code."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn

import click

from probelint import __version__, startup
from probelint import cli_options as options
from probelint.reporters import FORMATS
from probelint.reporters.terminal import habit_word, use_colour
from probelint.run.request import EXIT_ERROR, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, HelmRequest, RunRequest


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--output-file",
    "-o",
    metavar="PATH",
    type=click.Path(dir_okay=False),
    help="Write the report to PATH instead of standard output; the summary still goes to the terminal.",
)
@click.option(
    "--output-format",
    "extra_outputs",
    metavar="FORMAT:PATH",
    multiple=True,
    callback=lambda _ctx, _param, value: options.extra_outputs(value),
    help="Also write the report in FORMAT to PATH, from the same run (repeatable), e.g. "
    "--format github --output-format sarif:probelint.sarif.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default=None,
    help="Exit 1 when there is a finding at or above this severity (never: report only).  "
    "[default: the config's fail-on, else warning]",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 whatever the findings (same as --fail-on never); errors such as unreadable files still exit 2.",
)
@click.option(
    "--baseline",
    "baseline_path",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Report only the findings this baseline does not record (overrides the configuration's baseline).",
)
@click.option(
    "--write-baseline",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Record every current finding in FILE (a baseline for --baseline) and exit 0.",
)
@click.option(
    "--config",
    "config_path",
    metavar="PATH",
    type=click.Path(dir_okay=False),
    help="Use this configuration (YAML, or a .toml file's [tool.probelint]) for every file, instead of "
    "the nearest .probelint.yaml or pyproject.toml above each file.",
)
@click.option("--show-suppressed", is_flag=True, help="Also list the findings that suppressions silenced, and by what.")
@click.option("--select", metavar="RULE,...", help="Run only these rules.")
@click.option("--ignore", metavar="RULE,...", help="Do not run these rules.")
@click.option(
    "--color",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the output; auto: on a terminal, unless NO_COLOR is set (FORCE_COLOR forces it).",
)
@click.option("--no-color", is_flag=True, help="Same as --color never.")
@click.option(
    "--statistics", is_flag=True, help="Print one line per rule (count, severity, fixable) instead of findings."
)
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no summary on standard error.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Lint files on this many processes (default: the number of CPUs). The output does not change.",
)
@click.option("--fail-if-no-files", is_flag=True, help="Exit 2 when no file was linted (say, every path was excluded).")
@click.option(
    "--max-file-size",
    metavar="SIZE",
    callback=lambda _ctx, _param, value: options.size(value),
    help="Do not read files larger than this (bytes, or with K, M or G; default 64M); they are reported.",
)
@click.option(
    "--kubernetes-version",
    metavar="X.Y",
    callback=lambda _ctx, _param, value: options.kubernetes_version(value),
    help="The Kubernetes version the manifests are applied to (e.g. 1.28): report features it lacks "
    "(overrides the configuration's kubernetes-version).",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Apply the safe fixes in place (for - : write the fixed stream to standard output), then report what is left.",
)
@click.option("--diff", is_flag=True, help="Print the safe fixes as a unified diff and change nothing (exit 1 if any).")
@click.option(
    "--add-suppressions",
    is_flag=True,
    help="Write a `# probelint: disable-next-line=RULE` comment above every current finding, then exit.",
)
@click.option("--fix-rendered", is_flag=True, help="Let --fix edit Helm-rendered documents (# Source:) too.")
@click.option(
    "-f",
    "--values",
    "values_files",
    metavar="FILE",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Helm charts: a values file (repeatable; later files win).",
)
@click.option("--set", "set_values", metavar="KEY=VALUE", multiple=True, help="Helm charts: set a value (repeatable).")
@click.option("--release-name", metavar="NAME", help="Helm charts: the release name (default: the chart's name).")
@click.option("--namespace", metavar="NAME", help="Helm charts: the release namespace (default: default).")
@click.option(
    "--chart",
    metavar="DIR",
    type=click.Path(file_okay=False, exists=True),
    help="Helm charts: the chart that piped `helm template` output comes from (default: the chart its "
    "`# Source:` names, found below this folder).",
)
@click.option(
    "--all-values",
    is_flag=True,
    help="Helm charts: lint with the default values and once more per ci/*-values.yaml (chart-testing's convention).",
)
@click.option(
    "--explain-event",
    metavar="TEXT|-",
    help="Explain a kubelet event (a pasted line, kubectl describe pod output, or kubectl get events -o "
    "json|yaml; - reads standard input): likely causes, the rules that catch them, and with PATH... the "
    "findings on the pod's workload.",
)
@click.option(
    "--kustomize",
    "kustomize_dirs",
    metavar="DIR",
    multiple=True,
    help="Build DIR with kustomize (or kubectl kustomize) and lint the result, each finding at its file's line.",
)
@click.option(
    "--show-files",
    is_flag=True,
    help="List the files (and Helm chart folders) that would be linted, after excludes and .gitignore, and exit.",
)
@click.option("--list-rules", is_flag=True, help="List every rule with its default severity and exit.")
@click.option("--explain", metavar="RULE", help="Print a rule's documentation and exit.")
@click.option("--config-schema", is_flag=True, help="Print the configuration's JSON Schema (for editors) and exit.")
@click.version_option(__version__, prog_name="probelint")
def cli(
    paths: tuple[str, ...],
    output_format: str,
    output_file: str | None,
    fail_on: str | None,
    config_path: str | None,
    show_suppressed: bool,
    select: str | None,
    ignore: str | None,
    no_color: bool,
    jobs: int | None,
    kubernetes_version: str | None,
    list_rules: bool,
    explain: str | None,
    config_schema: bool,
    explain_event: str | None = None,
    extra_outputs: tuple[tuple[str, str], ...] = (),
    show_files: bool = False,
    exit_zero: bool = False,
    baseline_path: str | None = None,
    write_baseline: str | None = None,
    fix: bool = False,
    diff: bool = False,
    add_suppressions: bool = False,
    fix_rendered: bool = False,
    values_files: tuple[str, ...] = (),
    set_values: tuple[str, ...] = (),
    release_name: str | None = None,
    namespace: str | None = None,
    all_values: bool = False,
    chart: str | None = None,
    kustomize_dirs: tuple[str, ...] = (),
    color: str = "auto",
    statistics: bool = False,
    quiet: bool = False,
    max_file_size: int | None = None,
    fail_if_no_files: bool = False,
) -> None:
    """Lint Kubernetes probes in PATH... (files, directories, or - for standard input).

    A folder with Chart.yaml is a Helm chart: it is rendered with Helm's engine and each finding is
    reported at the template or values line it comes from.
    """
    from probelint.rules import all_rules  # not at the top: --version and --help need no rule

    known = {rule.id for rule in all_rules()}
    if _answered(list_rules, explain, config_schema, output_format, known):
        return
    if explain_event is not None:
        options.check_explain_event(explain_event, paths, fix or diff or statistics)
    elif not paths and not kustomize_dirs:
        raise click.UsageError("give at least one PATH (a file, a directory, or - for standard input)")
    habit = habit_word(paths)
    if habit is not None:
        raise click.UsageError(habit)
    if statistics and output_format not in ("text", "json"):
        raise click.UsageError("--statistics prints text or JSON: use it with --format text or --format json")
    if diff and (output_format != "text" or output_file is not None or extra_outputs):
        raise click.UsageError("--diff prints a unified diff: it cannot be combined with --format or --output-file")
    if add_suppressions and (fix or diff or write_baseline is not None):
        raise click.UsageError("--add-suppressions cannot be combined with --fix, --diff or --write-baseline")
    if write_baseline is not None and (fix or diff):
        raise click.UsageError("--write-baseline records the findings as they are: it cannot be combined with --fix")
    selected, ignored = options.rule_list(select), options.rule_list(ignore)
    if select is not None and not selected:
        raise click.UsageError("--select needs at least one rule id (see probelint --list-rules)")
    options.check_rule_ids(selected, "--select", known)
    options.check_rule_ids(ignored, "--ignore", known)
    request = RunRequest(
        paths=paths,
        mode="diff"
        if diff
        else "fix"
        if fix
        else "suppress"
        if add_suppressions
        else "lint",  # --fix --diff is --diff: show, never write
        output_format=output_format,
        output_file=output_file,
        extra_outputs=extra_outputs,
        show_files=show_files,
        fail_on="never" if exit_zero else fail_on,
        baseline=baseline_path,
        write_baseline=write_baseline,
        config_path=config_path,
        select=frozenset(selected),
        ignore=frozenset(ignored),
        kubernetes_version=kubernetes_version,
        show_suppressed=show_suppressed,
        fix_rendered=fix_rendered,
        jobs=jobs,
        colour=output_file in (None, "-") and use_colour("never" if no_color else color, sys.stdout),
        statistics=statistics,
        quiet=quiet,
        max_file_size=max_file_size,
        fail_if_no_files=fail_if_no_files,
        helm=HelmRequest(values_files, set_values, release_name, namespace, all_values, chart),
        explain_event=explain_event,
        kustomize=kustomize_dirs,
    )
    if explain_event is not None:
        from probelint.run.events import explain_events

        startup.started()
        status = explain_events(request)
    else:
        from probelint.run.runner import execute

        startup.started()
        status = execute(request)
    if status != EXIT_OK:
        sys.exit(status)


def _answered(list_rules: bool, explain: str | None, config_schema: bool, output_format: str, known: set[str]) -> bool:
    """Print what --list-rules, --explain or --config-schema ask for; False when none was given."""
    if list_rules:
        if output_format == "json":
            from probelint.reporters.catalog import rules_json

            click.echo(rules_json(), nl=False)
            return True
        from probelint.rules import all_rules

        for rule in all_rules():
            click.echo(f"{rule.id:32} {rule.severity.label:8} {rule.summary}")
        return True
    if explain is not None:
        _explain(explain, known)
        return True
    if config_schema:
        from probelint.config.schema import schema_text

        click.echo(schema_text(), nl=False)
        return True
    return False


def _explain(rule_id: str, known: set[str]) -> None:
    from probelint.resources import rule_doc

    options.check_rule_ids({rule_id}, "--explain", known)
    text = rule_doc(rule_id)
    if text is None:
        raise click.ClickException(f"no documentation found for {rule_id}")
    click.echo(text, nl=False)
    from probelint.fix.command import fix_note

    click.echo(f"\n{fix_note(rule_id)}")


def main() -> NoReturn:
    """Entry point for a caller that goes on afterwards (`python -m probelint`, runpy): exit codes
    0/1/2, 130 on Ctrl-C, and quiet when the reader of a pipe goes away; ends with SystemExit. The
    console script's entry point (`__main__.main`) ends the process at once instead."""
    code = run_command()
    flush_output()
    sys.exit(code)


def run_command() -> int:
    """Run the command line in sys.argv; its exit status."""
    startup.pause()  # from here when not started by __main__.main, which paused before click
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except SystemExit as done:  # cli() ends so when the status is not 0
        if not isinstance(done.code, int):
            raise
        return done.code
    except click.ClickException as error:
        error.show()
        return EXIT_ERROR
    except (click.exceptions.Abort, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_FINDINGS
    return EXIT_OK


def flush_output() -> None:
    """Write out what standard output and standard error still hold; a reader that went away is no error."""
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        _silence_stdout()
    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stderr.flush()


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    import signal

    signal.signal(signal.SIGINT, signal.default_int_handler)
    main()
