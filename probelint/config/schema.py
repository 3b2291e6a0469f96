"""The configuration's JSON Schema, generated from the rule modules (`scripts/regenerate.py` writes
it to `schemas/config.schema.json`, which editors and the validator read)."""

from __future__ import annotations

import json
from typing import Any

from probelint.engine.settings import KUBERNETES_VERSION_OPTION
from probelint.rules import Rule, all_rules

SEVERITY_CHOICES = ("off", "info", "warning", "error")
FAIL_ON_CHOICES = ("error", "warning", "info", "never")
KUBERNETES_VERSION_PATTERN = r"^v?1\.[0-9]+(\.[0-9]+)?$"
SIZE_PATTERN = r"^\s*[0-9]*[1-9][0-9]*\s*([KMGkmg](i?[Bb])?)?\s*$"


def _option_schema(name: str, default: Any) -> dict[str, Any]:
    if isinstance(default, bool):
        kind: dict[str, Any] = {"type": "boolean"}
    elif isinstance(default, int):
        # Counts of seconds are never negative, and a `min-` threshold of 0 would turn its rule off.
        kind = {"type": "integer", "minimum": 1 if name.startswith("min-") else 0}
    elif isinstance(default, float):
        kind = {"type": "number"}
    elif isinstance(default, str):
        kind = {"type": "string"}
    elif isinstance(default, (list, tuple)):
        kind = {"type": "array"}
        default = list(default)
    elif isinstance(default, dict):
        kind = {"type": "object"}
    else:
        kind = {}
    return {**kind, "default": default}


_CHART_PROPERTIES: dict[str, Any] = {
    "values": {
        "description": "Values files, relative to this file, as `helm template -f` takes them (later files win).",
        "type": "array",
        "items": {"type": "string"},
    },
    "set": {
        "description": "Values as `helm template --set` takes them: KEY=VALUE.",
        "type": "array",
        "items": {"type": "string", "pattern": "="},
    },
    "release-name": {"description": "The release name (default: the chart's name).", "type": "string"},
    "namespace": {"description": "The release namespace (default: default).", "type": "string"},
    "all-values": {
        "description": "Also lint once per ci/*-values.yaml of the chart (chart-testing's convention).",
        "type": "boolean",
    },
}


def build_schema(rules: list[Rule] | None = None) -> dict[str, Any]:
    """The configuration's JSON Schema (draft-07, which editors' YAML and JSON services all support)."""
    rules = rules if rules is not None else all_rules()
    rule_properties: dict[str, Any] = {}
    for rule in rules:
        options: dict[str, Any] = {"severity": {"$ref": "#/definitions/severity"}}
        for name, default in rule.options.items():
            if name != KUBERNETES_VERSION_OPTION:  # the run's top-level kubernetes-version fills it
                options[name] = _option_schema(name, default)
        rule_properties[rule.id] = {
            "description": f"{rule.summary} (default severity: {rule.severity.label})",
            "anyOf": [
                {"$ref": "#/definitions/severity"},
                {"type": "object", "properties": options, "additionalProperties": False},
            ],
        }
    ids = [rule.id for rule in rules]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "probelint configuration",
        "description": "`.probelint.yaml`, or `[tool.probelint]` in pyproject.toml. Command-line options win.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "extends": {
                "description": "Another configuration (relative to this file) whose settings apply unless this "
                "file sets them: rules rule by rule, ignore entries added, exclude globs kept.",
                "type": "string",
            },
            "kubernetes-version": {
                "description": 'The Kubernetes version the manifests are applied to, such as "1.30" (quoted).',
                "type": "string",
                "pattern": KUBERNETES_VERSION_PATTERN,
            },
            "fail-on": {
                "description": "Exit 1 when there is a finding at or above this severity (default: warning; "
                "never: report only).",
                "type": "string",
                "enum": list(FAIL_ON_CHOICES),
            },
            "baseline": {
                "description": "A baseline file (relative to this file) written by --write-baseline: only "
                "findings it does not record are reported.",
                "type": "string",
            },
            "max-file-size": {
                "description": "Files larger than this are not read, and are reported: bytes, or a number "
                'with K, M or G, such as "64M" (the default).',
                "anyOf": [
                    {"type": "integer", "minimum": 1},
                    {"type": "string", "pattern": SIZE_PATTERN},
                ],
            },
            "exclude": {
                "description": "Files not to lint: globs relative to this file's folder; a glob without / "
                "matches a file or folder name at any depth.",
                "type": "array",
                "items": {"type": "string"},
            },
            "respect-gitignore": {
                "description": "Leave out the files git ignores when walking folders (default: true).",
                "type": "boolean",
            },
            "rules": {
                "description": "Per rule: a severity, or a mapping with severity and the rule's options.",
                "type": "object",
                "properties": rule_properties,
                "additionalProperties": False,
            },
            "ignore": {
                "description": "Findings not to report: each entry matches on every field it gives (globs allowed).",
                "type": "array",
                "items": {"$ref": "#/definitions/ignoreEntry"},
            },
            "helm": {
                "description": "How Helm charts are rendered (command-line options win), with per-chart settings.",
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    **_CHART_PROPERTIES,
                    "charts": {
                        "description": "Per chart folder (relative to this file): settings that win over those above.",
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": _CHART_PROPERTIES,
                        },
                    },
                },
            },
        },
        "definitions": {
            "severity": {"type": "string", "enum": list(SEVERITY_CHOICES)},
            "ignoreEntry": {
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "properties": {
                    "rule": {
                        "description": "A rule id, or a glob such as aws-node-*.",
                        "anyOf": [{"enum": ids}, {"type": "string", "pattern": r"[*?\[]"}],
                    },
                    "kind": {"type": "string", "description": "Object kind (case-insensitive), e.g. Deployment."},
                    "namespace": {"type": "string"},
                    "name": {"type": "string", "description": "Object name (metadata.name)."},
                    "container": {"type": "string"},
                    "paths": {
                        "type": "array",
                        "description": "File globs relative to this file's folder (a glob without / matches "
                        "any folder or file name): the entry applies only to these files.",
                        "items": {"type": "string"},
                        "minItems": 1,
                    },
                },
            },
        },
    }


def schema_text(rules: list[Rule] | None = None) -> str:
    return json.dumps(build_schema(rules), indent=2) + "\n"
