"""Long answers at a terminal go through a pager, as git's do: ``SIMCLI_PAGER``, else
``PAGER``, else ``less``, run by the shell with ``LESS=FRX`` unless ``LESS`` is set
(quit when the answer fits one screen, keep colours, leave it on the screen).
Never when stdout is not a terminal (a pipe, a file), nor with ``--no-pager``;
an empty pager or ``cat`` means none."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TextIO


def pager_command(environ: dict[str, str] | None = None) -> str | None:
    """The pager to run, or None for none: ``SIMCLI_PAGER``, ``PAGER``, ``less``."""
    env = os.environ if environ is None else environ
    for name in ("SIMCLI_PAGER", "PAGER"):
        if name in env:
            command = env[name].strip()
            return None if command in ("", "cat") else command
    return "less"


def wanted(stream: TextIO, enabled: bool = True) -> bool:
    """Whether output to ``stream`` goes through a pager: a terminal, and not ``--no-pager``
    (nor a terminal that cannot page: ``TERM=dumb``)."""
    if not enabled or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def page(text: str, stream: TextIO | None = None) -> bool:
    """Show ``text`` through the pager; False when there is none to run (the caller
    then writes it itself). A pager the reader quits early is no error."""
    command = pager_command()
    if command is None:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    out = stream or sys.stdout
    with_encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        out.flush()
        process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode(with_encoding, errors="backslashreplace"))
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader quit the pager before the end
    while True:
        try:
            code = process.wait()
            break
        except KeyboardInterrupt:  # ^C belongs to the pager (less handles it)
            continue
    return code != 127  # "command not found": the caller writes the text itself
