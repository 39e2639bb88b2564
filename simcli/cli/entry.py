"""The ``simcli`` command's way in: the console script and ``python -m simcli``.

Start-up (importing typer, pydantic and simcli's modules, building the options)
makes a few hundred thousand objects and no garbage cycles, and Python's cyclic
garbage collector scanned them over and over: some seventy passes, a twentieth
of a short run. It is paused from here until the command starts
(:func:`simcli.cli.session.start`), which puts what start-up made out of the
collector's sight (``gc.freeze``: it lives as long as the run) and resumes it.
A command that never starts (``--help``, ``--version``, a usage error) ends as
quickly with it paused.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from simcli.cli import session

    session.PAUSED_AT_START = True  # for session.start: this pause, and no caller's own
    try:
        from simcli.cli.app import main as run  # (typer, pydantic: imported with it paused)

        run()
    finally:  # ended before a command started (--help, --version, a usage error)
        if session.PAUSED_AT_START:  # a caller in-process goes on as it was
            session.PAUSED_AT_START = False
            gc.enable()
