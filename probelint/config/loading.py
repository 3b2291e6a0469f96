"""Load a configuration: `.probelint.yaml`, `[tool.probelint]` in pyproject.toml, or `--config PATH`.

A file is found the way ruff finds its (`config.discovery`): in a folder or the nearest parent,
stopping at the repository root (a folder holding `.git`); `config.scopes` starts from each linted
file, so a hook or a CI step run from any folder sees the same settings. In one folder
`.probelint.yaml` wins over `pyproject.toml`, and a `pyproject.toml` without `[tool.probelint]`
does not count. The text is read with key positions (`config.reading`), validated against
`schemas/config.schema.json` (`config.validation`), then turned into a `Config`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from probelint.config.discovery import find_config
from probelint.config.model import IGNORE_FIELDS, ChartSettings, Config, ConfigError, KeyPath
from probelint.config.reading import read_toml, read_yaml
from probelint.config.validation import position, validate
from probelint.engine.suppressions import IgnoreEntry
from probelint.findings import Severity
from probelint.model import versions
from probelint.reading.files import display_path, parse_size


def load_config(path: str, _chain: tuple[str, ...] = ()) -> Config:
    """Read and validate a configuration file, and the files it `extends`; raises ConfigError."""
    shown = display_path(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        raise ConfigError([f"{shown}: cannot read the configuration: {error.strerror or error}"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError([f"{shown}: the configuration is not UTF-8 text ({error.reason})"]) from None
    if path.endswith(".toml"):
        data, positions, raws = read_toml(shown, text)
    else:
        data, positions, raws = read_yaml(shown, text)
    validate(data, positions, raws, shown)
    base_dir = os.path.dirname(os.path.abspath(path))
    config = _build(data, positions, shown, base_dir)
    extends = data.get("extends")
    if not extends:
        return config
    line, column = position(positions, ("extends",))
    parent = os.path.normpath(os.path.join(base_dir, extends))
    chain = (*_chain, os.path.abspath(path))
    if parent in chain:
        raise ConfigError([f"{shown}:{line}:{column}: extends: {extends} leads back to this file"])
    if not os.path.isfile(parent):
        raise ConfigError([f"{shown}:{line}:{column}: extends: no such configuration file {extends}"])
    return _overlay(load_config(parent, chain), config, data)


def _overlay(base: Config, own: Config, data: dict[str, Any]) -> Config:
    """`own` on top of the configuration it extends: what it sets wins, rule by rule; `ignore` entries
    add up, and each file's `exclude` globs stay relative to that file's folder."""
    mentioned = set(data.get("rules") or ())
    own.kubernetes_version = own.kubernetes_version if "kubernetes-version" in data else base.kubernetes_version
    own.fail_on = own.fail_on if "fail-on" in data else base.fail_on
    own.baseline = own.baseline if "baseline" in data else base.baseline
    own.respect_gitignore = own.respect_gitignore if "respect-gitignore" in data else base.respect_gitignore
    own.inherited_exclude = (*base.inherited_exclude, *(((base.base_dir, base.exclude),) if base.exclude else ()))
    own.off = (base.off - mentioned) | own.off
    own.severities = {**{k: v for k, v in base.severities.items() if k not in mentioned}, **own.severities}
    own.options = {**{k: v for k, v in base.options.items() if k not in mentioned}, **own.options}
    own.ignore = (*base.ignore, *own.ignore)
    own.helm = own.helm.over(base.helm)
    own.charts = {**base.charts, **own.charts}
    return own


def _build(data: dict[str, Any], positions: Mapping[KeyPath, tuple[int, int]], shown: str, base_dir: str) -> Config:
    config = Config(path=shown, base_dir=base_dir)
    version = data.get("kubernetes-version")
    config.kubernetes_version = versions.normalize(version) if isinstance(version, str) else None
    config.fail_on = data.get("fail-on")
    if data.get("max-file-size") is not None:
        config.max_file_size = parse_size(data["max-file-size"])  # validated against the schema's pattern
    config.exclude = tuple(data.get("exclude") or ())
    config.respect_gitignore = data.get("respect-gitignore") is not False
    baseline = data.get("baseline")
    config.baseline = os.path.normpath(os.path.join(base_dir, baseline)) if baseline else None
    off: set[str] = set()
    for rule_id, setting in (data.get("rules") or {}).items():
        severity = setting if isinstance(setting, str) else setting.get("severity")
        if severity == "off":
            off.add(rule_id)
        elif severity is not None:
            config.severities[rule_id] = Severity.parse(severity)
        if isinstance(setting, dict):
            options = {key: value for key, value in setting.items() if key != "severity"}
            if options:
                config.options[rule_id] = options
    config.off = frozenset(off)
    entries = []
    for index, entry in enumerate(data.get("ignore") or ()):
        line, column = position(positions, ("ignore", index))
        fields = {name: str(entry[name]) for name in IGNORE_FIELDS if entry.get(name) is not None}
        paths = tuple(entry["paths"]) if entry.get("paths") is not None else None
        entries.append(IgnoreEntry(**fields, file=shown, line=line, column=column, paths=paths, base_dir=base_dir))
    config.ignore = tuple(entries)
    helm = data.get("helm") or {}
    config.helm = _chart_settings(helm, base_dir)
    config.charts = {
        os.path.normpath(os.path.join(base_dir, chart)): _chart_settings(settings, base_dir)
        for chart, settings in (helm.get("charts") or {}).items()
    }
    return config


def _chart_settings(data: dict[str, Any], base_dir: str) -> ChartSettings:
    """A `helm:` mapping (or one chart's) as settings; values files are relative to the configuration."""
    values = data.get("values")
    sets = data.get("set")
    return ChartSettings(
        values=tuple(os.path.normpath(os.path.join(base_dir, path)) for path in values) if values is not None else None,
        set=tuple(sets) if sets is not None else None,
        release_name=data.get("release-name"),
        namespace=data.get("namespace"),
        all_values=data.get("all-values"),
    )


def load_configuration(explicit: str | None, start: str | None = None) -> Config | None:
    """`--config PATH` when given, else the file found from `start` (the working directory), else None."""
    if explicit is not None:
        if not os.path.exists(explicit):  # a pipe such as /dev/stdin or <(...) is read like a file
            raise ConfigError([f"{explicit}: no such configuration file"])
        if os.path.isdir(explicit):
            raise ConfigError([f"{explicit}: is a directory, not a configuration file"])
        return load_config(explicit)
    found = find_config(start if start is not None else os.getcwd())
    return load_config(found) if found is not None else None
