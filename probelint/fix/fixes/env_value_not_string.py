"""env-value-not-string: quote an env value that YAML reads as a boolean or a number.

A boolean is quoted the way Kubernetes read it (`yes` -> "true"); a number is quoted as written
(`1.10` -> "1.10", not the 1.1 it was read as). Lists and mappings have no safe fix.
"""

from __future__ import annotations

from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from yaml.nodes import ScalarNode

from probelint.fix.fixes import CannotFix, FixContext
from probelint.paths import ObjectPath
from probelint.reading.yamlview import scalar_value

RULE = "env-value-not-string"
SUMMARY = 'quotes the value: a boolean as Kubernetes read it ("true"), a number as written ("8080")'


def fix(ctx: FixContext) -> None:
    container = ctx.container()
    for item in container.view.maps("env"):
        if item.child_path("value") != ctx.finding.path:
            continue
        node = item.get("value")
        if not isinstance(node, ScalarNode):
            raise CannotFix("the value is a list or mapping: only its author knows the string it should be")
        value = scalar_value(node)
        if isinstance(value, str) or value is None:
            return
        text = ("true" if value else "false") if isinstance(value, bool) else str(node.value)
        ctx.editor.set(ObjectPath.parse(ctx.finding.path), DoubleQuotedScalarString(text))
        return
    raise CannotFix("the env entry cannot be found")
