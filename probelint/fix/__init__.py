"""`--fix` and `--diff`: turn findings into minimal, verified edits that keep the file as it was written.

A layer on top of linting; rules stay read-only. The parts:

- `roundtrip.py`: the file as lines with their endings, cut at `---`; ruamel.yaml loading and dumping
  of one part with its own detected indentation.
- `edits.py`: edit primitives addressed by a finding's path, recorded as plain-data changes.
- `fixes/`: one module per rule with a fix, registered by rule id.
- `merge.py`: carries ruamel.yaml's edit back onto the original lines (and nothing else).
- `apply.py`: fixes one file, verifies every edit by re-reading it, and repeats until nothing is left.
- `diff.py`, `command.py`: unified diffs, atomic writes and the command line.
"""
