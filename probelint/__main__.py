"""`python -m probelint` and the `probelint` command (the console script's entry point)."""

from __future__ import annotations

from typing import NoReturn

from probelint import startup


def main() -> NoReturn:
    """Run the command, with the collector paused before click and the command line are imported."""
    startup.pause()
    from probelint.cli import main as command

    command()


if __name__ == "__main__":
    main()
