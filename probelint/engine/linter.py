"""Lint files: read them, find workloads, run the selected rules, and return findings in order."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import NamedTuple

from probelint.engine.overlaps import merge_overlaps
from probelint.engine.settings import KUBERNETES_VERSION_OPTION, ActiveRule, Settings
from probelint.engine.sharing import Sharing
from probelint.engine.suppressions import UNUSED_RULE, FileSuppressor
from probelint.findings import MESSAGE_LIMIT, Finding, Problem, Severity, Suppressed, fit_message
from probelint.model.awsnode import find_aws_node
from probelint.model.extract import workloads_in
from probelint.model.placeholders import chart_above, is_placeholder_template
from probelint.model.services import OutsideServices, RunContext, Service, services_in
from probelint.model.workload import Workload
from probelint.paths import ObjectPath
from probelint.reading.decode import ReadProblem
from probelint.reading.files import STDIN, describe_os_error, read_bytes, too_large
from probelint.reading.loader import Document, LoadedFile, decode_file, gc_paused, iter_documents
from probelint.reading.problems import TEMPLATE_MESSAGE
from probelint.reading.yamlview import scalar_text_at
from probelint.rules import Rule, all_rules
from probelint.sources.origins import ORIGIN_ANNOTATION, origin_ref

SYNTAX_RULE = "yaml-syntax"
INTERNAL_RULE = "internal-error"
PLACEHOLDER_RULE = "unresolved-placeholder"


class WorkloadSeen(NamedTuple):
    """A workload a run linted, findings or not: lets --explain-event tell "not among the paths" from
    "linted, and nothing found"."""

    kind: str
    namespace: str | None
    name: str
    containers: tuple[str, ...]
    file: str
    aws_node: bool  # the Amazon VPC CNI DaemonSet (or a workload running its image)


class FileReport:
    """Everything one file contributes to a run; independent of every other file."""

    path: str
    findings: list[Finding]
    services: list[Service]
    error: str | None
    suppressed: list[Suppressed]
    workloads: list[WorkloadSeen]

    def __init__(
        self,
        path: str,
        findings: list[Finding] | None = None,
        services: list[Service] | None = None,
        error: str | None = None,
        suppressed: list[Suppressed] | None = None,
    ) -> None:
        self.path = path
        self.findings = findings if findings is not None else []
        self.services = services if services is not None else []
        self.error = error
        self.suppressed = suppressed if suppressed is not None else []
        self.workloads = []


class Result:
    findings: list[Finding]
    errors: list[str]
    files: int
    suppressed: list[Suppressed]
    workloads: list[WorkloadSeen]

    def __init__(
        self,
        findings: list[Finding] | None = None,
        errors: list[str] | None = None,
        files: int = 0,
        suppressed: list[Suppressed] | None = None,
    ) -> None:
        self.findings = findings if findings is not None else []
        self.errors = errors if errors is not None else []
        self.files = files
        self.suppressed = suppressed if suppressed is not None else []
        self.workloads = []


# Per-folder settings: files below the folder (an absolute path) are linted with them; deepest first.
Scopes = tuple[tuple[str, Settings], ...]


class Linter:
    """Lints with `settings`, or, for a file below one of `scopes`' folders, with that folder's settings
    (the nearest configuration above each file). `records_workloads`: each FileReport lists the
    workloads linted (WorkloadSeen), which only --explain-event reads; a run keeps them to its end."""

    def __init__(
        self, settings: Settings, rules: list[Rule] | None = None, scopes: Scopes = (), records_workloads: bool = False
    ) -> None:
        self.settings = settings
        self.records_workloads = records_workloads
        self.scopes = tuple(sorted(scopes, key=lambda scope: -len(scope[0])))
        self._rule_list = rules
        self._scoped: dict[str, Linter] = {}
        self.rules: dict[str, ActiveRule] = {}
        for rule in rules if rules is not None else all_rules():
            if not settings.enabled(rule.id):
                continue
            options = {**rule.options, **settings.options.get(rule.id, {})}
            if settings.kubernetes_version is not None and KUBERNETES_VERSION_OPTION in rule.options:
                options[KUBERNETES_VERSION_OPTION] = settings.kubernetes_version  # the run's target wins
            configured = settings.severities.get(rule.id)
            self.rules[rule.id] = ActiveRule(rule, configured or rule.severity, options, configured)
        self._checks = [active for active in self.rules.values() if active.rule.check is not None]
        self._known_rules = frozenset(rule.id for rule in all_rules())
        # Services from outside the linted files (the rest of the repository), for `refine`.
        self.outside_services: OutsideServices | None = None

    def for_path(self, path: str) -> Linter:
        """The linter for a file: the deepest scope holding it (standard input: the working folder), else this one."""
        if not self.scopes:
            return self
        where = os.path.abspath(os.getcwd() if path == STDIN else path)
        for folder, settings in self.scopes:
            if where == folder or where.startswith(folder.rstrip(os.sep) + os.sep):
                scoped = self._scoped.get(folder)
                if scoped is None:
                    scoped = self._scoped[folder] = Linter(
                        settings, self._rule_list, records_workloads=self.records_workloads
                    )
                return scoped
        return self

    def lint_file(self, path: str, data: bytes | None = None) -> FileReport:
        """Lint one file (`data`: its bytes when already read, as for standard input in a worker)."""
        scoped = self.for_path(path)
        if scoped is not self:
            return scoped.lint_file(path, data)
        limit = self.settings.max_file_size
        with gc_paused():  # composing makes a million objects per 25 MB: let reference counting free them
            if data is None:
                try:
                    data = read_bytes(path, limit)
                except OSError as error:
                    return FileReport(path, error=describe_os_error(path, error))
            if len(data) > limit:  # standard input, read up to one byte over the limit
                return FileReport(path, error=f"{path}: {too_large(limit)}")
            loaded = decode_file(path, data)
            del data  # the text is what is read from here on: do not hold the file twice
            return self._lint_loaded(loaded)

    def _lint_loaded(self, loaded: LoadedFile) -> FileReport:
        report = FileReport(loaded.display)
        if "probelint" in loaded.text:  # suppression comments are judged against every document's scalars
            loaded.documents = list(iter_documents(loaded, skip_irrelevant=True))
            documents: Iterable[Document] = loaded.documents
        else:  # stream: one document in memory at a time, whatever the file's size
            documents = iter_documents(loaded, skip_irrelevant=True)
        partial = self.settings.is_partial(loaded.display)
        seen = report.workloads if self.records_workloads else None
        report.findings, report.suppressed = self._check(loaded, documents, report.services, partial, seen)
        return report

    def finish(self, reports: Iterable[FileReport]) -> Result:
        """Combine per-file reports in order, then let rules refine findings with run-wide knowledge."""
        result = Result()
        run = RunContext(outside=self.outside_services)
        sharing = Sharing()  # what is kept to the end: one copy of each repeated text
        streams: list[str] = []  # per finding: the stream (file, chart or build) it was read from
        for report in reports:
            if report.error is not None:
                result.errors.append(report.error)
                continue
            result.files += 1
            sharing.report(report)
            result.findings.extend(report.findings)
            streams.extend(report.path for _ in report.findings)
            result.suppressed.extend(report.suppressed)
            result.workloads.extend(report.workloads)
            run.add(report.path, report.services)
        refiners = {rule_id: active for rule_id, active in self.rules.items() if active.rule.refine is not None}
        if refiners or self.scopes:
            refined = []
            view = run  # the view of the stream being refined; a stream's findings come one after another
            for finding, stream in zip(result.findings, streams, strict=True):
                active = (self.for_path(finding.file).rules if self.scopes else refiners).get(finding.rule)
                if active is not None and active.rule.refine is not None:
                    if view.stream != stream:
                        view = run.within(stream)
                    finding = active.rule.refine(finding, view, active.options)
                    if active.configured is not None:
                        finding = finding._replace(severity=active.configured)
                refined.append(_fitted(finding))
            result.findings = refined
        return result

    def lint_loaded(self, loaded: LoadedFile) -> list[Finding]:
        return self.check_loaded(loaded)[0]

    def check_loaded(self, loaded: LoadedFile) -> tuple[list[Finding], list[Suppressed]]:
        """The findings of an already loaded file in order, and those its suppressions silenced."""
        scoped = self.for_path(loaded.display)
        if scoped is not self:
            return scoped.check_loaded(loaded)
        return self._check(loaded, loaded.documents, [])

    def _check(
        self,
        loaded: LoadedFile,
        documents: Iterable[Document],
        services: list[Service],
        partial: bool = False,
        seen: list[WorkloadSeen] | None = None,
    ) -> tuple[list[Finding], list[Suppressed]]:
        suppressor = FileSuppressor(loaded, self._known_rules, self.settings.ignore_findings)
        for document in documents:
            for workload in workloads_in(document, partial):
                found = self.lint_workload(workload, loaded.display)
                if ORIGIN_ANNOTATION in workload.annotations:  # a Kustomize build's object: remember the way back
                    found = [
                        finding._replace(origin=origin_ref(workload, finding.line, finding.column)) for finding in found
                    ]
                suppressor.add(found, workload)
                if seen is not None:
                    seen.append(_seen(workload, loaded.display))
            services.extend(services_in(document))
        # after the documents: a stream finds its problems as it goes
        suppressor.add(finding for problem in loaded.problems if (finding := self._read_finding(loaded, problem)))
        suppressor.kept[:] = [_fitted(finding) for finding in merge_overlaps(suppressor.kept)]
        findings = suppressor.kept
        unused = self.rules.get(UNUSED_RULE)
        if unused is not None:
            all_ran = self.settings.select is None and not self.settings.ignore
            findings.extend(
                _fitted(finding) for finding in suppressor.unused(unused.severity, self.rules.keys(), all_ran)
            )
        findings.sort(key=Finding.sort_key)
        return findings, sorted(suppressor.suppressed, key=lambda item: item.finding.sort_key())

    def _read_finding(self, loaded: LoadedFile, problem: ReadProblem) -> Finding | None:
        """A reading problem as a yaml-syntax finding; a bare `{{ NAME }}` outside any Helm chart (no
        Chart.yaml above the file) is a generator's placeholder, reported by unresolved-placeholder
        without naming Helm. Go template syntax (`{{ .Values.x }}`, `{{- if }}`) stays a Helm template."""
        rule_id, message = SYNTAX_RULE, problem.message
        if is_placeholder_template(message) and loaded.display != "-" and chart_above(loaded.display) is None:
            rule_id = PLACEHOLDER_RULE
            shown = message[len(TEMPLATE_MESSAGE) :].partition(";")[0].strip()
            message = f"unresolved template placeholder {shown}; fill it in (envsubst, sed...), then lint the result"
        active = self.rules.get(rule_id)
        if active is None:
            return None
        return Finding(rule_id, active.severity, message, loaded.display, problem.line, problem.column)

    def lint_workload(self, workload: Workload, display: str) -> list[Finding]:
        findings = []
        for active in self._checks:
            assert active.rule.check is not None
            try:
                problems = list(active.rule.check(workload, active.options))
            except Exception as error:  # a rule bug must not hide every other finding
                problems = [_internal_problem(workload, active.rule.id, error)]
                findings.append(self._finding(workload, display, problems[0], INTERNAL_RULE, Severity.ERROR))
                continue
            for problem in problems:
                # A severity the user configured wins; otherwise the rule may grade each problem itself.
                severity = active.configured or problem.severity or active.severity
                findings.append(self._finding(workload, display, problem, active.rule.id, severity))
        return findings

    @staticmethod
    def _finding(workload: Workload, display: str, problem: Problem, rule_id: str, severity: Severity) -> Finding:
        return Finding(
            rule=rule_id,
            severity=severity,
            message=problem.message,
            file=display,
            line=problem.loc.line,
            column=problem.loc.column,
            path=problem.loc.path,
            kind=workload.label,
            namespace=workload.namespace,
            name=workload.name,
            container=problem.container,
            source=workload.source,
            pod_labels=tuple(sorted(workload.pod_labels.items())),
            document=workload.document_index,
            tag=problem.tag,
            detail=problem.detail,
            end_line=problem.loc.end_line,
            end_column=problem.loc.end_column,
            needs=problem.needs,
            value=_value_at(workload, problem.loc.path),
        )


def _seen(workload: Workload, display: str) -> WorkloadSeen:
    containers = tuple(container.name for container in workload.containers)
    is_aws_node = find_aws_node(workload) is not None
    return WorkloadSeen(workload.kind, workload.namespace, workload.name, containers, display, is_aws_node)


def _fitted(finding: Finding) -> Finding:
    """The finding with a message of at most MESSAGE_LIMIT characters (see fit_message)."""
    if len(finding.message) <= MESSAGE_LIMIT:
        return finding
    message, detail = fit_message(finding.message, finding.detail)
    return finding._replace(message=message, detail=detail)


def _value_at(workload: Workload, path: str) -> str | None:
    """The scalar text at the finding's path, which starts with the object's own path (`items[N]` in a List)."""
    segments, prefix = ObjectPath.parse(path), ObjectPath.parse(workload.root.path)
    if segments[: len(prefix)] != prefix:
        return None
    return scalar_text_at(workload.root.node, segments[len(prefix) :])


def _internal_problem(workload: Workload, rule_id: str, error: Exception) -> Problem:
    return Problem(
        workload.root.loc,
        f"probelint failed inside rule {rule_id}; please report this",
        detail=f"{type(error).__name__}: {error}",
    )
