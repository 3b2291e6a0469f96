"""Kustomize in a run: build each `--kustomize` folder, lint the built stream, and report every
finding on an object that names its origin (built here, or piped in) at the committed file's line."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from probelint.engine.linter import FileReport
from probelint.findings import Finding, Location
from probelint.reading.files import display_path

if TYPE_CHECKING:
    from probelint.sources.origin_map import OriginMapper


class KustomizeBuild(NamedTuple):
    directory: str  # as given: the name the built stream is linted under
    text: str
    base_dir: str  # where the origin annotations' paths start


def build_all(directories: Sequence[str]) -> tuple[list[KustomizeBuild], list[str]]:
    """Every folder built, and one error message per folder that cannot be (or one in all when there
    is no kustomize to build with). kustomize is looked for only when asked for."""
    if not directories:
        return [], []
    from probelint.sources.kustomize_build import BuildError, KustomizeUnavailableError, build

    builds: list[KustomizeBuild] = []
    errors: list[str] = []
    for directory in directories:
        try:
            built = build(directory)
        except KustomizeUnavailableError as missing:
            return [], [str(missing)]
        except BuildError as error:
            errors.append(str(error))
            continue
        builds.append(KustomizeBuild(directory, built.text, built.base_dir))
    return builds, errors


def streams(builds: Sequence[KustomizeBuild]) -> list[tuple[str, bytes]]:
    return [(built.directory, built.text.encode("utf-8")) for built in builds]


def map_origins(
    reports: Iterator[FileReport], builds: Sequence[KustomizeBuild] = (), skip: Collection[str] = ()
) -> Iterator[FileReport]:
    """The reports, with each finding that carries an origin moved to the file it names: relative to
    the build's temporary folder for a `--kustomize` stream, else to the working directory. The files
    are read only when some finding has an origin. Reports named in `skip` (charts, which map their
    own way) pass as they are."""
    base_dirs = {built.directory: built.base_dir for built in builds}
    mappers: dict[str, OriginMapper] = {}
    for report in reports:
        if report.path in skip:
            yield report
            continue
        carried = [f for f in (*report.findings, *(item.finding for item in report.suppressed)) if f.origin is not None]
        if carried:
            from probelint.sources.origin_map import OriginMapper

            base_dir = base_dirs.get(report.path, os.getcwd())
            mapper = mappers.setdefault(base_dir, OriginMapper(base_dir))
            report.findings = sorted((_mapped(f, mapper) for f in report.findings), key=Finding.sort_key)
            report.suppressed = [item._replace(finding=_mapped(item.finding, mapper)) for item in report.suppressed]
        yield report


def _mapped(finding: Finding, mapper: OriginMapper) -> Finding:
    if finding.origin is None:
        return finding
    mapped = mapper.map(finding.origin)
    if mapped is None:  # the origin file is not here: the finding stays on the stream
        return finding
    built = Location(finding.file, finding.line, finding.column, "rendered")
    return finding._replace(
        file=display_path(mapped.primary.file),
        line=mapped.primary.line,
        column=mapped.primary.column,
        end_line=0,  # the extent was measured in the built stream
        end_column=0,
        exact=mapped.exact,
        locations=(*(where._replace(file=display_path(where.file)) for where in mapped.related), built),
    )
