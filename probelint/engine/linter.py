"""Lint files: read them, find workloads, run the selected rules, and return findings in order."""

from __future__ import annotations

from collections.abc import Iterable

from probelint.engine.settings import KUBERNETES_VERSION_OPTION, ActiveRule, Settings
from probelint.engine.suppressions import UNUSED_RULE, FileSuppressor
from probelint.findings import MESSAGE_LIMIT, Finding, Problem, Severity, Suppressed, fit_message
from probelint.model.extract import workloads_in
from probelint.model.services import RunContext, Service, services_in
from probelint.model.workload import Workload
from probelint.reading.files import describe_os_error, read_bytes, too_large
from probelint.reading.loader import Document, LoadedFile, decode_file, gc_paused, iter_documents
from probelint.rules import Rule, all_rules

SYNTAX_RULE = "yaml-syntax"
INTERNAL_RULE = "internal-error"


class FileReport:
    """Everything one file contributes to a run; independent of every other file."""

    path: str
    findings: list[Finding]
    services: list[Service]
    error: str | None
    suppressed: list[Suppressed]

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


class Result:
    findings: list[Finding]
    errors: list[str]
    files: int
    suppressed: list[Suppressed]

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


class Linter:
    def __init__(self, settings: Settings, rules: list[Rule] | None = None) -> None:
        self.settings = settings
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
        # Services known from outside the linted files (the rest of the repository), for `refine`.
        self.context_services: list[Service] = []

    def lint_file(self, path: str, data: bytes | None = None) -> FileReport:
        """Lint one file (`data`: its bytes when already read, as for standard input in a worker)."""
        with gc_paused():  # composing makes a million objects per 25 MB: let reference counting free them
            return self._lint_file(path, data)

    def _lint_file(self, path: str, data: bytes | None) -> FileReport:
        limit = self.settings.max_file_size
        if data is None:
            try:
                data = read_bytes(path, limit)
            except OSError as error:
                return FileReport(path, error=describe_os_error(path, error))
        if len(data) > limit:  # standard input, read up to one byte over the limit
            return FileReport(path, error=f"{path}: {too_large(limit)}")
        loaded = decode_file(path, data)
        report = FileReport(path)
        if "probelint" in loaded.text:  # suppression comments are judged against every document's scalars
            loaded.documents = list(iter_documents(loaded))
            documents: Iterable[Document] = loaded.documents
        else:  # stream: one document in memory at a time, whatever the file's size
            documents = iter_documents(loaded)
        report.findings, report.suppressed = self._check(loaded, documents, report.services)
        return report

    def finish(self, reports: Iterable[FileReport]) -> Result:
        """Combine per-file reports in order, then let rules refine findings with run-wide knowledge."""
        result = Result()
        run = RunContext()
        for report in reports:
            if report.error is not None:
                result.errors.append(report.error)
                continue
            result.files += 1
            result.findings.extend(report.findings)
            result.suppressed.extend(report.suppressed)
            run.services.extend(report.services)
        run.services.extend(self.context_services)
        refiners = {rule_id: active for rule_id, active in self.rules.items() if active.rule.refine is not None}
        if refiners:
            refined = []
            for finding in result.findings:
                active = refiners.get(finding.rule)
                if active is not None and active.rule.refine is not None:
                    finding = active.rule.refine(finding, run, active.options)
                    if active.configured is not None:
                        finding = finding._replace(severity=active.configured)
                refined.append(_fitted(finding))
            result.findings = refined
        return result

    def lint_loaded(self, loaded: LoadedFile) -> list[Finding]:
        return self.check_loaded(loaded)[0]

    def check_loaded(self, loaded: LoadedFile) -> tuple[list[Finding], list[Suppressed]]:
        """The findings of an already loaded file in order, and those its suppressions silenced."""
        return self._check(loaded, loaded.documents, [])

    def _check(
        self, loaded: LoadedFile, documents: Iterable[Document], services: list[Service]
    ) -> tuple[list[Finding], list[Suppressed]]:
        suppressor = FileSuppressor(loaded, self._known_rules, self.settings.ignore_findings)
        for document in documents:
            for workload in workloads_in(document):
                suppressor.add(self.lint_workload(workload, loaded.display), workload)
            services.extend(services_in(document))
        syntax = self.rules.get(SYNTAX_RULE)
        if syntax is not None:  # after the documents: a stream finds its problems as it goes
            suppressor.add(
                Finding(SYNTAX_RULE, syntax.severity, problem.message, loaded.display, problem.line, problem.column)
                for problem in loaded.problems
            )
        suppressor.kept[:] = [_fitted(finding) for finding in suppressor.kept]
        findings = suppressor.kept
        unused = self.rules.get(UNUSED_RULE)
        if unused is not None:
            all_ran = self.settings.select is None and not self.settings.ignore
            findings.extend(
                _fitted(finding) for finding in suppressor.unused(unused.severity, self.rules.keys(), all_ran)
            )
        findings.sort(key=Finding.sort_key)
        return findings, sorted(suppressor.suppressed, key=lambda item: item.finding.sort_key())

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
            kind=workload.kind,
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
        )


def _fitted(finding: Finding) -> Finding:
    """The finding with a message of at most MESSAGE_LIMIT characters (see fit_message)."""
    if len(finding.message) <= MESSAGE_LIMIT:
        return finding
    message, detail = fit_message(finding.message, finding.detail)
    return finding._replace(message=message, detail=detail)


def _internal_problem(workload: Workload, rule_id: str, error: Exception) -> Problem:
    return Problem(
        workload.root.loc,
        f"probelint failed inside rule {rule_id}; please report this",
        detail=f"{type(error).__name__}: {error}",
    )
