"""`--fix` and `--diff`: turn findings into minimal, verified edits that keep the file as it was written.

A layer on top of linting; rules stay read-only. The parts:

- `roundtrip.py`: the file as lines with their endings, cut at `---`; ruamel.yaml loading and dumping
  of one part with its own detected indentation.
- `edits.py`: edit primitives addressed by a finding's path, recorded as plain-data changes.
- `fixes/`: one module per rule with a fix, registered by rule id.
- `merge.py`: carries ruamel.yaml's edit back onto the original lines (and nothing else).
- `apply.py`: fixes one file, verifies every edit by re-reading it, and repeats until nothing is left.
- `diff.py`, `command.py`: unified diffs, writing fixed files in place, and the command line.
"""

import functools
import os


@functools.cache
def fixable_rules() -> frozenset[str]:
    """The rule ids `--fix` has a fix for: one module per rule in `fixes/`, found without importing them
    (importing pulls in ruamel.yaml, which a plain lint run never needs)."""
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixes")
    return frozenset(
        name.removesuffix(".py").replace("_", "-")
        for name in os.listdir(folder)
        if name.endswith(".py") and not name.startswith("_")
    )
