"""The ``simcli`` command line: the app, the options given before the command, and
the console entry point. The commands are in three modules, by what they do:

- :mod:`simcli.cli.questions`: the questions asked of a corpus (demands, unmet, ...);
- :mod:`simcli.cli.corpus`: looking after a corpus (check, diff, extract, ...);
- :mod:`simcli.cli.files`: writing it out for others (export, report);

and what they share (loading, printing, exit codes) is in :mod:`simcli.cli.session`.
No analysis happens here; see the library modules for that.
"""

# No ``from __future__ import annotations`` here: typer reads every command's
# annotations, and each one written as a string it evaluates twice (start-up time).
import contextlib
import io
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from simcli._version import __version__
from simcli.cli.globalopts import Group, command_index
from simcli.cli.helptext import help_wraps_whole_words
from simcli.cli.session import EXIT_OK, EXIT_USAGE, drop_stdout, from_env, start
from simcli.output.render import LAYOUTS

#: every command, in the order ``simcli --help`` lists them, and the module it is in
COMMANDS = {
    "check": "corpus",
    "demands": "questions",
    "unmet": "questions",
    "compare": "questions",
    "orgs": "questions",
    "statements": "questions",
    "themes": "questions",
    "timeline": "questions",
    "export": "files",
    "extract": "corpus",
    "diff": "corpus",
    "init": "corpus",
    "report": "files",
    "rules": "corpus",
    "schema": "corpus",
    "show": "questions",
}


def _usage_name(self: Any) -> str:
    """An argument in a usage line as the help names it: ``ID``, ``[CODE]...``
    (typer writes a required one as ``{ID}``, which reads as a set of choices)."""
    name = str(self.display_name_raw)
    name = name if self.required else f"[{name}]"
    return name + ("..." if self.nargs != 1 else "")


if hasattr(typer.core.TyperArgument, "_usage_display_name"):
    typer.core.TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]


cli = typer.Typer(
    name="simcli",
    cls=Group,
    help=(
        "Question public statements as data: who demanded what, of whom and when; "
        "where organisations agree; which calls are still unmet. "
        "Ships with the six statements, in five published texts, on Serenity Integrated"
        " Mentoring (SIM)."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help and usage errors: quick, and safe in any terminal
    context_settings={"help_option_names": ["-h", "--help"]},
)


help_wraps_whole_words()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"simcli {__version__}")
        raise typer.Exit()


def _layout_choice(ctx: typer.Context, value: str) -> str:
    """--layout's value; one from SIMCLI_LAYOUT that is not a layout says so."""
    if value not in LAYOUTS:
        where = " (from the environment variable SIMCLI_LAYOUT)" if from_env(ctx, "layout") else ""
        raise typer.BadParameter(f"'{value}' is not one of: {', '.join(LAYOUTS)}{where}")
    return value


@cli.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        Optional[Path],
        typer.Option(
            "--data",
            envvar="SIMCLI_DATA",
            help="Corpus file, or folder of *.yaml files [env: SIMCLI_DATA];"
            " default: the bundled SIM corpus.",
            show_envvar=False,
            metavar="PATH",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read and validate the corpus afresh; neither use nor update the cache"
            " [cache folder: SIMCLI_CACHE_DIR].",
        ),
    ] = False,
    layout: Annotated[
        str,
        typer.Option(
            "--layout",
            envvar="SIMCLI_LAYOUT",
            help="Tables: auto (columns when every word fits the width, else one block"
            " per row), table or records [env: SIMCLI_LAYOUT].",
            callback=_layout_choice,
            metavar="auto|table|records",
            show_envvar=False,
        ),
    ] = "auto",
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never page: at a terminal, long answers otherwise go through"
            " SIMCLI_PAGER, PAGER or less -FRX, as git's do.",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    start(ctx, data, cache=not no_cache, layout=layout, pager=not no_pager)


def register(names: tuple[str, ...] = tuple(COMMANDS)) -> None:
    """Add the commands ``names`` to the app (those it lacks), in the order of
    :data:`COMMANDS`, importing only the modules they are in."""
    have = {_name(command) for command in cli.registered_commands}
    for module in sorted({COMMANDS[name] for name in names}):
        found = _commands(module).registered_commands
        cli.registered_commands += [c for c in found if _name(c) in names and _name(c) not in have]
    cli.registered_commands.sort(key=lambda command: list(COMMANDS).index(_name(command)))


def _commands(module: str) -> typer.Typer:
    """The commands of one of the modules that :data:`COMMANDS` names."""
    if module == "questions":
        from simcli.cli import questions

        return questions.commands
    if module == "corpus":
        from simcli.cli import corpus

        return corpus.commands
    from simcli.cli import files

    return files.commands


def _name(command: typer.models.CommandInfo) -> str:
    return command.name or command.callback.__name__  # type: ignore[union-attr]


def __getattr__(name: str) -> typer.Typer:
    """``app``: simcli's typer app with every command, for whoever imports it (the
    tests, typer's own tools). :func:`main` adds only the command a run needs."""
    if name == "app":
        register()
        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def needed(args: list[str]) -> tuple[str, ...]:
    """The commands a run of ``simcli args`` needs: only the one it names (typer
    builds the options of every command it has before it parses a word, and each
    module of commands takes a while to import); none when it names none and asks
    for no help (``simcli --version``); every one for help, completion, and a word
    that is no command's name."""
    index = command_index(args)
    helping = any(arg in ("-h", "--help") for arg in args[:index])
    if index is not None and args[index] in COMMANDS and not helping:
        return (args[index],)
    completing = "_SIMCLI_COMPLETE" in os.environ
    if index is None and args and not (helping or completing or "--" in args):
        return ()
    return tuple(COMMANDS)


class _ClosedStream(io.TextIOBase):
    """Stands in for a standard stream that was closed before simcli started
    (``simcli demands >&-``): writing to it fails as a closed file does, so that
    the command says so and exits 2 rather than losing its output in silence."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise ValueError("I/O operation on closed file")


def main() -> None:
    """The console entry point: no tracebacks, quiet on a closed pipe."""
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        sys.stderr = _ClosedStream()
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            # an ASCII-only terminal or locale: write what cannot be encoded as \\u escapes
            stream.reconfigure(errors="backslashreplace")
    try:
        register(needed(sys.argv[1:]))
        cli(prog_name="simcli")
    except BrokenPipeError:  # a write outside write_out(): the same quiet ending
        drop_stdout()
        sys.exit(EXIT_OK)
    except SystemExit as done:
        # help, --version and usage are written by click, whose answer to a reader
        # that went away is exit 1 (after it wraps stdout): for us, a quiet ending
        if type(sys.stdout).__name__ == "PacifyFlushWrapper" and done.code == 1:
            sys.exit(EXIT_OK)
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except (OSError, ValueError) as exc:  # help or --version to a full or closed stdout
        closed = isinstance(exc, ValueError) and isinstance(sys.stdout, _ClosedStream)
        if not closed and not isinstance(exc, OSError):
            _internal_error(exc)
        drop_stdout()
        reason = "standard output is closed"
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
        with contextlib.suppress(OSError, ValueError):
            print(f"simcli: cannot write the output: {reason}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # a bug in simcli, not in the data: say so in one line
        _internal_error(exc)


def _internal_error(exc: Exception) -> NoReturn:
    if os.environ.get("SIMCLI_DEBUG"):
        raise exc
    print(
        f"simcli: internal error: {type(exc).__name__}: {exc}"
        " (set SIMCLI_DEBUG=1 to see the traceback, and please report it)",
        file=sys.stderr,
    )
    sys.exit(70)
