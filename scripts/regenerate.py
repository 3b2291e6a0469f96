"""Regenerate every generated artifact from the code, or check that none is stale.

    python scripts/regenerate.py          # write them
    python scripts/regenerate.py --check  # write nothing; exit 1 naming the stale files

The artifacts: `schemas/config.schema.json` (the configuration's JSON Schema, from the rule modules)
and the README's rule table (from `probelint/rules/_catalog.py` and each rule's severity).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from probelint.config.schema import schema_text  # noqa: E402
from probelint.rules import all_rules  # noqa: E402
from probelint.rules._catalog import GROUPS  # noqa: E402

TABLE_START = "<!-- generated:rule-table (python scripts/regenerate.py) -->\n"
TABLE_END = "<!-- /generated:rule-table -->\n"


def config_schema(_current: str) -> str:
    return schema_text()


def rule_table() -> str:
    severities = {rule.id: rule.severity.label for rule in all_rules()}
    listed = [rule_id for rules in GROUPS.values() for rule_id in rules]
    missing = sorted(set(severities) - set(listed))
    unknown = sorted(set(listed) - set(severities))
    if missing or unknown:
        add, remove = ", ".join(missing) or "nothing", ", ".join(unknown) or "nothing"
        raise SystemExit(f"probelint/rules/_catalog.py: add {add}; remove {remove}")
    parts = []
    for group, rules in GROUPS.items():
        rows = [
            f"| [`{rule_id}`](rules/{rule_id}.md) | {severities[rule_id]} | {finds} |"
            for rule_id, finds in rules.items()
        ]
        parts.append(f"**{group}**\n\n| rule | severity | finds |\n|---|---|---|\n" + "\n".join(rows) + "\n")
    return "\n".join(parts)


def readme(current: str) -> str:
    start = current.index(TABLE_START) + len(TABLE_START)
    end = current.index(TABLE_END)
    return current[:start] + rule_table() + current[end:]


ARTIFACTS: dict[str, Callable[[str], str]] = {
    "schemas/config.schema.json": config_schema,
    "README.md": readme,
}


def main(argv: list[str]) -> int:
    check = argv == ["--check"]
    if argv and not check:
        print(__doc__, file=sys.stderr)
        return 2
    stale = []
    for name, generate in ARTIFACTS.items():
        path = ROOT / name
        current = path.read_text(encoding="utf-8")
        wanted = generate(current)
        if wanted == current:
            continue
        stale.append(name)
        if not check:
            path.write_text(wanted, encoding="utf-8")
    if check and stale:
        print(f"stale: {', '.join(stale)}; regenerate with: python scripts/regenerate.py", file=sys.stderr)
        return 1
    for name in stale:
        print(f"wrote {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
