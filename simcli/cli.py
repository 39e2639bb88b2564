"""The ``simcli`` command line: parse options, call the library, print.

No analysis happens here; see the library modules for that.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from simcli._version import __version__

if TYPE_CHECKING:
    from simcli.corpus import Corpus

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="simcli",
    help=(
        "Question public statements as data: who demanded what, of whom and when; "
        "where organisations agree; which calls are still unmet. "
        "Ships with the five statements on Serenity Integrated Mentoring (SIM)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    """Options given before the command."""

    data: Path | None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"simcli {__version__}")
        raise typer.Exit()


def plural(count: int, noun: str) -> str:
    """``1 claim``, ``2 claims``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``simcli: message`` on stderr and exit."""
    typer.echo(f"simcli: {message}", err=True)
    raise typer.Exit(code)


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        Optional[Path],
        typer.Option(
            "--data",
            envvar="SIMCLI_DATA",
            help="Corpus file to read [env: SIMCLI_DATA]; default: the bundled SIM corpus.",
            show_envvar=False,
            metavar="PATH",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = State(data=data)


def load(ctx: typer.Context, problems_to_stdout: bool = False) -> Corpus:
    """The corpus named by ``--data``; on failure, every problem and exit 2."""
    from simcli.errors import CorpusError
    from simcli.load import load_corpus

    state: State = ctx.obj
    try:
        return load_corpus(state.data)
    except CorpusError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=not problems_to_stdout)
        where = exc.problems[0].file if exc.problems else str(state.data)
        count = plural(len(exc.problems), "problem")
        typer.echo(f"simcli: {count} in {where}; the corpus was not loaded", err=True)
        raise typer.Exit(EXIT_USAGE) from None


@app.command()
def check(
    ctx: typer.Context,
    sources: Annotated[
        Optional[Path],
        typer.Option(
            "--sources",
            help="Folder of source texts: check that every quote occurs in its statement's text.",
            metavar="DIR",
        ),
    ] = None,
) -> None:
    """Check that the corpus is valid; with --sources, that every quote is in its source.

    Exit 0 when clean, 1 with findings, 2 when the corpus cannot be loaded.
    """
    from simcli.check import check_corpus

    if sources is not None and not sources.is_dir():
        fail(f"--sources: no such folder: {sources}")
    corpus = load(ctx, problems_to_stdout=True)
    result = check_corpus(corpus, sources)
    for finding in result.findings:
        typer.echo(str(finding))
        if finding.hint:
            typer.echo(f'    closest passage: "{finding.hint}"')
    shown = corpus.name
    if result.findings:
        typer.echo(f"{shown}: {plural(len(result.findings), 'finding')}")
        raise typer.Exit(EXIT_FINDINGS)
    counts = [
        plural(len(corpus.statements), "statement"),
        plural(corpus.claim_count(), "claim"),
        plural(len(corpus.outcomes), "outcome"),
        plural(len(corpus.themes), "theme"),
        plural(len(corpus.organisations), "organisation"),
    ]
    summary = f"{shown}: ok: {', '.join(counts)}"
    if sources is not None:
        quotes = plural(result.quotes_checked, "quote")
        summary += f"; all {quotes} found in {sources}"
    typer.echo(summary)


def main() -> None:
    """The console entry point: no tracebacks, quiet on a closed pipe."""
    try:
        app(prog_name="simcli")
    except BrokenPipeError:
        # the reader went away (``simcli ... | head``): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug in simcli, not in the data: say so in one line
        if os.environ.get("SIMCLI_DEBUG"):
            raise
        print(
            f"simcli: internal error: {type(exc).__name__}: {exc}"
            " (set SIMCLI_DEBUG=1 to see the traceback, and please report it)",
            file=sys.stderr,
        )
        sys.exit(70)
