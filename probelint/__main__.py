"""The `probelint` console script (`main`), and `python -m probelint`."""

from __future__ import annotations

import os
from typing import NoReturn

from probelint import startup


def main() -> NoReturn:
    """The console script: the collector is paused before click and the command line are imported,
    and once the output is flushed the process ends at once (os._exit), without tearing the
    interpreter down: freeing every module and object one by one takes longer than linting a small
    file, and the system reclaims them anyway. Nothing is left to atexit handlers or finalizers:
    each file a run writes is written and closed within a `with`, each worker pool joined within one.
    A caller that goes on afterwards uses `probelint.cli.main`, which ends with SystemExit."""
    startup.pause()
    from probelint.cli import flush_output, run_command

    code = run_command()
    flush_output()
    os._exit(code)


if __name__ == "__main__":
    startup.pause()
    from probelint.cli import main as command

    command()
