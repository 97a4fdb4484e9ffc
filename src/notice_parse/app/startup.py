"""The command line's start-up: the garbage collector paused while the CLI loads.

Loading the command line (typer, pydantic and the schemas of its models, the compiled rules)
allocates some hundred thousand objects that live as long as the process and are never
garbage, and the allocations set off the collector, which traverses them again and again: a
tenth of a one-file run. The console script (`notice_parse.__main__.main`) pauses it before
anything is imported; `resume`, once the parser is loaded and warmed (`batch`) or as soon as
a command that parses nothing starts (`cli`), freezes what was loaded (`gc.freeze`: kept out of
every later collection, and shared copy-on-write by forked workers) and collects again as usual.
A run that ends still paused (`--help`) freezes it at exit, so that the interpreter's last
collection skips it too. Imported as a library (tests, scripts), nothing is paused and `resume`
does nothing.
"""
from __future__ import annotations

import atexit
import gc

_paused = False


def pause() -> None:
    """Stop collecting until `resume` (only if collecting: a caller's own setting is kept)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True
        atexit.register(_exiting)


def _exiting() -> None:
    # Still paused at exit (`--help`, `--version`, a usage error): what was loaded is frozen
    # too, so that the last collection, as the interpreter ends, does not traverse it for nothing.
    if _paused:
        gc.freeze()


def resume() -> None:
    """Start-up is over: freeze what was loaded and collect again, if `pause` stopped it."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
