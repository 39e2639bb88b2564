"""Options of simcli as a whole (``--data``, ``--no-cache``, ``--layout``, ``--no-pager``)
are accepted after the command too, as people type them: ``simcli demands --data
c.yaml`` means ``simcli --data c.yaml demands``."""

from __future__ import annotations

from typing import Any

import typer

#: the options of simcli as a whole that take a value, and those that do not
VALUED = ("--data", "--layout")
FLAGS = ("--no-cache", "--no-pager")


def hoisted(args: list[str]) -> list[str]:
    """``args`` with the global options found after the command moved before it. Nothing
    after ``--`` moves, nor anything before the command (it is where they belong)."""
    command = command_index(args)
    if command is None:
        return args
    before, after, moved = args[:command], [], []
    rest = args[command:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--":
            after += rest[i:]
            break
        name = arg.split("=", 1)[0]
        if arg in FLAGS or (name in VALUED and "=" in arg):
            moved.append(arg)
        elif arg in VALUED and i + 1 < len(rest):
            moved += [arg, rest[i + 1]]
            i += 1
        else:
            after.append(arg)
        i += 1
    return [*before, *moved, *after]


def command_index(args: list[str]) -> int | None:
    """Where the command's name is: the first word that is neither a global option
    nor the value of one."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return None
        if arg in VALUED:
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        return i
    return None


class Group(typer.core.TyperGroup):
    """simcli's command group: global options after the command are taken as global."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoisted(list(args)))
