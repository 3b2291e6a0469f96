"""Set an environment variable on a container: change the last definition, or add one."""

from __future__ import annotations

from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from probelint.fix.edits import CannotFix
from probelint.fix.fixes import FixContext
from probelint.fix.roundtrip import KeptNull
from probelint.model.workload import Container
from probelint.paths import ObjectPath


def set_env(ctx: FixContext, container: Container, name: str, value: str) -> None:
    """`name: value` as a quoted string; the kubelet uses the last definition, so that one is changed."""
    editor = ctx.editor
    var = container.env_var(name)
    if var is not None:
        if var.from_ref:
            raise CannotFix(f"{name} comes from valueFrom on {container.name}; change it where it is defined")
        value_path = (*ObjectPath.parse(var.view.path), "value")
        old = editor.get(value_path)
        quoted = SingleQuotedScalarString(value) if isinstance(old, SingleQuotedScalarString) else None
        editor.set(value_path, quoted or DoubleQuotedScalarString(value), after="name")
        return
    env_path = (*ObjectPath.parse(container.path), "env")
    item = {"name": name, "value": DoubleQuotedScalarString(value)}
    env = editor.get(env_path)
    if env is None or isinstance(env, KeptNull):
        editor.set(env_path, [item])
    elif isinstance(env, list):
        editor.append(env_path, item)
    else:
        raise CannotFix(f"the env of {container.name} is not a list")
