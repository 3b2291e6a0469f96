"""The command's start-up: the cyclic garbage collector is paused while the command, YAML, the model
and every rule are imported, and what that made is frozen once the run begins.

Start-up makes tens of thousands of objects that live as long as the process (modules, classes,
functions) and no garbage: each collection meanwhile would walk them all again. Frozen, they are left
out of every later collection. Only the command pauses the collector (`__main__.main`, `cli.main`),
never a caller of `cli.cli`, such as the tests.
"""

from __future__ import annotations

import gc


class _State:
    paused = False  # by pause(), until started()


def pause() -> None:
    """Stop collecting until started(), unless the collector is already off."""
    if gc.isenabled():
        gc.disable()
        _State.paused = True


def started() -> None:
    """Start-up is over: freeze what it made and collect again, if pause() stopped collecting."""
    if _State.paused:
        _State.paused = False
        gc.freeze()
        gc.enable()
