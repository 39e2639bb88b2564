"""The ``simcli`` command line: parse options, call the library, print.

No analysis happens here; see the library modules for that.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

from simcli._version import __version__
from simcli.cli.completion import complete_org, complete_theme
from simcli.cli.globalopts import Group
from simcli.cli.helptext import help_wraps_whole_words
from simcli.model.text import plural
from simcli.output.diagnostics import DIAGNOSTIC_FORMATS
from simcli.output.export.registry import EXPORT_FORMATS
from simcli.output.render import DRAFT_FORMATS, LAYOUTS, PAGE_FORMATS, QUERY_FORMATS, format_names

if TYPE_CHECKING:
    from simcli.model.corpus import Corpus
    from simcli.model.diagnostics import CorpusError
    from simcli.output.render import Output
    from simcli.store.answers import Question
    from simcli.store.cache import Policy
    from simcli.store.selection import Selection

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _usage_name(self: Any) -> str:
    """An argument in a usage line as the help names it: ``ID``, ``[CODE]...``
    (typer writes a required one as ``{ID}``, which reads as a set of choices)."""
    name = str(self.display_name_raw)
    name = name if self.required else f"[{name}]"
    return name + ("..." if self.nargs != 1 else "")


if hasattr(typer.core.TyperArgument, "_usage_display_name"):
    typer.core.TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]
_layout = "auto"  # --layout, for print_output: tables are shown one way per run
_pager = True  # not --no-pager: long answers at a terminal go through a pager
_question: Question | None = None  # a question whose answer print_output keeps

app = typer.Typer(
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


@dataclass
class State:
    """Options given before the command."""

    data: Path | None
    cache: bool = True
    layout: str = "auto"  # how a table is shown at a terminal (render.LAYOUTS)
    today: dt.date | None = None  # the day the command began (an answer kept is of it)
    data_from_env: bool = False  # --data came from SIMCLI_DATA: messages say so


def _version(value: bool) -> None:
    if value:
        typer.echo(f"simcli {__version__}")
        raise typer.Exit()


def say(text: str, err: bool = False, annotation: bool = False) -> None:
    """Print a line of ours that may quote data: line breaks and control characters
    made visible, so that the data cannot forge a line of output. An
    ``annotation`` (from :func:`simcli.output.render.github_annotation`) is inert already."""
    from simcli.output.render import one_line

    line = text if annotation else one_line(text)
    if not err:
        write_out(lambda: typer.echo(line), None)
        return
    with contextlib.suppress(OSError, ValueError):  # else there is nowhere left to say it
        typer.echo(line, err=True)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``simcli: message`` on stderr and exit."""
    say(f"simcli: {message}", err=True)
    raise typer.Exit(code)


def one_of(*choices: str) -> Callable[[str], str]:
    """An option callback: the value must be one of ``choices``."""

    def check(value: str) -> str:
        if value not in choices:
            raise typer.BadParameter(f"'{value}' is not one of: {', '.join(choices)}")
        return value

    return check


def _from_env(ctx: typer.Context, name: str) -> bool:
    """Whether the option ``name`` took its value from its environment variable."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "ENVIRONMENT"


def _layout_choice(ctx: typer.Context, value: str) -> str:
    """--layout's value; one from SIMCLI_LAYOUT that is not a layout says so."""
    if value not in LAYOUTS:
        where = " (from the environment variable SIMCLI_LAYOUT)" if _from_env(ctx, "layout") else ""
        raise typer.BadParameter(f"'{value}' is not one of: {', '.join(LAYOUTS)}{where}")
    return value


@app.callback()
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
    from simcli.model.dates import as_of_day

    ctx.obj = State(data=data, cache=not no_cache, layout=layout, today=as_of_day(None))
    ctx.obj.data_from_env = data is not None and _from_env(ctx, "data")
    global _layout, _question, _pager
    _layout, _question, _pager = layout, None, not no_pager


def load(
    ctx: typer.Context,
    problems_to_stdout: bool = False,
    fmt: str = "text",
    warn_time: bool = True,
    other: tuple[Path, str] | None = None,
    trust_cache: bool = True,
    select: Selection | None = None,
    drafts: bool = False,
    index: bool = True,
) -> Corpus:
    """The corpus named by ``--data``; on failure, every problem and exit 2.
    ``drafts`` keeps the statements that hold a draft's placeholder (check, extract).

    With ``warn_time``, one line on stderr if any record's dates and orderings
    contradict each other (statuses then leave those records out: see check)."""
    from simcli.model.diagnostics import CorpusError
    from simcli.store.load import load_corpus

    state: State = ctx.obj
    path, name = other if other is not None else (state.data, None)
    if state.cache and trust_cache and other is None:
        _answer_kept(ctx, path)
    try:
        with progress_display(path) as progress:
            policy: Policy = ("on" if trust_cache else "write") if state.cache else "off"
            corpus = load_corpus(
                path, cache=policy, progress=progress, name=name, select=select, drafts=drafts,
                index=index,
            )  # fmt: skip
        if corpus.claim_count() >= FREEZE_CLAIMS:
            # the corpus lives until the command ends: keep the cyclic collector from
            # scanning its records again and again (measured: 0.2 s a pass at 60,000
            # claims). Not for small corpora: freezing pins whatever is garbage now,
            # which only a process that soon exits can afford.
            import gc

            gc.freeze()
        if warn_time:
            from simcli.analysis.chronology import contradicted

            found = contradicted(corpus)
            if found:
                shown = ", ".join(found[:3]) + (", ..." if len(found) > 3 else "")
                warning = (
                    f"simcli: warning: the dates and orderings of"
                    f" {plural(len(found), 'record')} contradict each other ({shown});"
                    " no status counts an outcome among them; run simcli check"
                )
                say(warning, err=True)
                if _question is not None:
                    _question.warning = warning
        return corpus
    except CorpusError as exc:
        exc.corpus = exc.corpus or str(path)
        named = state.data_from_env and other is None
        _problems(exc, fmt, problems_to_stdout, named_by="SIMCLI_DATA" if named else None)


def _answer_kept(ctx: typer.Context, path: Path | None) -> None:
    """Write the answer the cache keeps for this question, if it keeps one, and end
    the command with its exit code; else note the question, for print_output to keep
    its answer (:mod:`simcli.store.answers`)."""
    global _question
    from simcli.store.answers import question
    from simcli.store.load import bundled_corpus_path

    state: State = ctx.obj
    if state.today is None:
        return
    command = ctx.command.name or ""
    _question = question(path or bundled_corpus_path(), command, ctx.params, state.today)
    kept = _question.answer() if _question is not None else None
    if kept is None:
        return
    _question = None
    if kept.warning is not None:
        say(kept.warning, err=True)
    show(kept.text, kept.code)
    raise typer.Exit(kept.code)


FREEZE_CLAIMS = 10_000  # a corpus this large is exempted from cyclic garbage collection
PROGRESS_BYTES = 5_000_000  # a corpus this large, or a folder of this many files,
PROGRESS_FILES = 200  # shows progress on a terminal


def wants_progress(data: Path | None, stream: Any) -> bool:
    """Progress goes to stderr, and only when it is a terminal and the load is long."""
    if data is None or not getattr(stream, "isatty", lambda: False)():
        return False
    try:
        if data.is_dir():
            from simcli.read.folder import corpus_files

            return len(corpus_files(data)) >= PROGRESS_FILES
        return data.stat().st_size >= PROGRESS_BYTES
    except OSError:
        return False


@contextmanager
def progress_display(data: Path | None) -> Iterator[Callable[[int, int], None] | None]:
    """A transient rich progress display on stderr for a long load, else nothing."""
    if not wants_progress(data, sys.stderr):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    assert data is not None
    console = Console(stderr=True)
    from simcli.output.render import one_line

    # the path is data: shown as text, never as rich markup or a format string
    label = TextColumn("{task.description}", markup=False)
    columns = [SpinnerColumn(), label, BarColumn(), MofNCompleteColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(one_line(f"Reading {data}"), total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def format_option(help_text: str, *choices: str) -> Any:
    """A ``--format``/``-f`` option that accepts only ``choices``."""
    return typer.Option(
        "--format", "-f", help=help_text, callback=one_of(*choices), metavar="FORMAT"
    )


FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help=f"Output: {format_names(QUERY_FORMATS)}.",
        callback=one_of(*QUERY_FORMATS),
        metavar="FORMAT",
        show_default=True,
    ),
]
OrgOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--org",
        "-o",
        help="Organisation (id, short name, name or alias); repeatable.",
        metavar="ORG",
        autocompletion=complete_org,
    ),
]
ThemeOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--theme",
        "-t",
        help="Theme id; repeatable.",
        metavar="THEME",
        autocompletion=complete_theme,
    ),
]
TargetOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--target",
        help="Only demands made of this organisation (id, short name, name or alias); repeatable.",
        metavar="ORG",
        autocompletion=complete_org,
    ),
]
AsOfOption = Annotated[
    Optional[str],
    typer.Option(
        "--as-of",
        help="Status as of this date (YYYY-MM-DD; YYYY or YYYY-MM mean its last day)."
        " Default: today.",
        metavar="DATE",
    ),
]


FieldsOption = Annotated[
    Optional[str],
    typer.Option(
        "--fields",
        help="With --format json, csv or tsv: only these fields, in this order"
        " (comma-separated, as gh --json takes them).",
        metavar="A,B",
    ),
]
LimitOption = Annotated[
    Optional[int],
    typer.Option(
        "--limit",
        "-n",
        help="Show the first N, and say how many are left out.",
        metavar="N",
        min=0,
    ),
]
OutOption = Annotated[
    Optional[Path],
    typer.Option(
        "--out", help="Write to this file (atomically) instead of stdout.", metavar="FILE"
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")]


@app.command(short_help="Check the corpus; with --sources, that every quote is real.")
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
    fmt: Annotated[
        str,
        format_option(
            "text; github for GitHub Actions annotations on the lines at fault; json; or"
            " sarif (2.1.0) for GitHub code scanning.",
            *DIAGNOSTIC_FORMATS,
        ),
    ] = "text",
    allow_missing: Annotated[
        bool,
        typer.Option(
            "--allow-missing",
            help="With --sources: a source text missing from DIR is expected; its quotes"
            " are counted as not checked, not reported.",
        ),
    ] = False,
    select: Annotated[
        Optional[list[str]],
        typer.Option(
            "--select",
            help="Report only findings with these codes or prefixes (Q001, T, ALL);"
            " repeatable or comma-separated; replaces simcli.toml's select and ignore.",
            metavar="CODE",
        ),
    ] = None,
    ignore: Annotated[
        Optional[list[str]],
        typer.Option(
            "--ignore",
            help="Leave out findings with these codes or prefixes; repeatable or"
            " comma-separated; added to simcli.toml's ignore.",
            metavar="CODE",
        ),
    ] = None,
) -> None:
    """Check that the corpus is valid; with --sources, that every quote is in its source.
    A field still saying TODO (as extract leaves a draft) is a finding. Every
    problem and finding has a rule code: simcli rules lists them, with how to fix
    each. simcli.toml in the corpus folder can select and ignore findings, as
    --select and --ignore do.

    Exit 0 when clean, 1 with findings, 2 when the corpus cannot be loaded.
    """
    from simcli.analysis.questions import check as ask
    from simcli.model.diagnostics import CorpusError
    from simcli.model.rules import UnknownCode
    from simcli.output.diagnostics import diagnostics_text
    from simcli.read.config import load_settings

    refuse_missing_folder("--sources", sources)
    state: State = ctx.obj
    try:
        settings = load_settings(state.data)
    except CorpusError as exc:
        _problems(exc, fmt, to_stdout=True, outcome="nothing was checked")
    chosen, left_out = _codes("--select", select), _codes("--ignore", ignore)
    try:  # a code that names no rule is refused before the corpus is read
        settings.codes(chosen, left_out or [])
    except UnknownCode as exc:
        fail(f"{'--select' if exc.selector in (chosen or []) else '--ignore'}: {exc}")
    # the gate of a campaign's CI: validated afresh, never from the cache
    corpus = load(
        ctx, problems_to_stdout=True, fmt=fmt, warn_time=False, trust_cache=False, drafts=True
    )
    result = ask(
        corpus, sources, allow_missing=allow_missing, select=chosen, ignore=left_out or [],
        settings=settings,
    )  # fmt: skip
    text = diagnostics_text(
        result.findings, fmt, result.as_json(), result.ignored, result.summary()
    )
    write_out(lambda: sys.stdout.write(text), EXIT_FINDINGS if result.findings else EXIT_OK)
    if result.findings:
        raise typer.Exit(EXIT_FINDINGS)


def _codes(option: str, values: list[str] | None) -> list[str] | None:
    """``--select Q001,T --select P`` -> ``["Q001", "T", "P"]``; an empty one (an
    unset variable in a CI script) is refused, never taken to mean no rule."""
    if values is None:
        return None
    codes = [code.strip() for value in values for code in value.split(",")]
    if not all(codes):
        fail(f"{option}: an empty code: give codes or prefixes such as Q001, T or ALL")
    return codes


def _problems(
    error: CorpusError,
    fmt: str,
    to_stdout: bool,
    outcome: str = "the corpus was not loaded",
    named_by: str | None = None,
) -> NoReturn:
    """Report why a corpus cannot be loaded (or checked), in ``fmt``, and exit 2."""
    from simcli.output.diagnostics import diagnostics_text

    problems, where = error.problems, error.where
    doc = {"corpus": error.corpus or where, "loaded": False, "ok": False}
    text = diagnostics_text(problems, fmt, doc)
    if to_stdout or fmt in ("json", "sarif"):
        write_out(lambda: sys.stdout.write(text), EXIT_USAGE)
    else:
        with contextlib.suppress(OSError, ValueError):  # else there is nowhere left to say it
            sys.stderr.write(text)
    named = f" (the corpus the environment variable {named_by} names)" if named_by else ""
    say(f"simcli: {plural(len(problems), 'problem')} in {where}{named}; {outcome}", err=True)
    raise typer.Exit(EXIT_USAGE)


def as_of_date(value: str | None) -> dt.date:
    """The ``--as-of`` day; a bad date exits 2."""
    from simcli.model.dates import as_of_day

    try:
        return as_of_day(value)
    except ValueError as exc:
        fail(f"--as-of: {exc}")


@contextmanager
def answered() -> Iterator[None]:
    """An unknown organisation, theme or id on the command line exits 2 with
    suggestions; so does an option no answer can be given for."""
    from simcli.analysis.compare import TooManyColumns
    from simcli.analysis.questions import BadQuestion
    from simcli.model.corpus import UnknownName

    try:
        yield
    except BadQuestion as exc:
        fail(f"--{exc.option}: {exc.message}")
    except (UnknownName, TooManyColumns) as exc:
        fail(str(exc))


def with_fields(output: Output, fmt: str, fields: str | None, known: tuple[str, ...]) -> Output:
    """``--fields``: the listing's records with only those fields (JSON, CSV, TSV)."""
    from simcli.output.fields import FIELD_FORMATS, UnknownField, chosen, pick

    if fields is None:
        return output
    if fmt not in FIELD_FORMATS:
        fail(f"--fields goes with --format {format_names(FIELD_FORMATS)}, not {fmt}")
    try:
        return pick(output, chosen(fields) or [], known)
    except UnknownField as exc:
        fail(f"--fields: {exc}")


def print_output(output: Output, fmt: str, code: int = EXIT_OK) -> None:
    """Print a command's result; exit ``code`` if it is not 0, even when the reader
    has gone away before the end (``simcli unmet --fail-on-unmet | head -1``)."""
    global _question
    from simcli.output.pager import wanted
    from simcli.output.render import TooWide, emit, rendered

    output.layout = _layout
    if output.aside and fmt not in ("table", "markdown"):
        say(f"simcli: note: {output.aside}", err=True)  # the tables carry it as a note
        _question = None  # an answer with a note is not kept (answers keep one warning)
    paged = wanted(sys.stdout, _pager)
    try:
        if _question is None and not paged:  # (kept only in a format of answers.FORMATS)
            write_out(lambda: emit(output, fmt), code)
        else:
            text = rendered(output, fmt, sys.stdout)
            show(text, code)
            if _question is not None:
                _question.keep(text, code)
                _question = None
    except TooWide as exc:
        fail(str(exc))
    if code != EXIT_OK:
        raise typer.Exit(code)


def show(text: str, code: int | None = EXIT_OK) -> None:
    """Write an answer to stdout: through the pager at a terminal
    (see :mod:`simcli.output.pager`)."""
    from simcli.output.pager import page, wanted

    if wanted(sys.stdout, _pager) and page(text):
        return
    write_out(lambda: sys.stdout.write(text), code)


def write_out(write: Callable[[], object], code: int | None = EXIT_OK) -> None:
    """Run ``write`` (to stdout) and flush; a reader that closed the pipe ends the
    command quietly with ``code`` (``None``: the command goes on, writing nothing
    more, to end with its own code), and a stdout that cannot be written (a full
    disk, a closed descriptor) with a one-line message and exit 2."""
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        if code is None:
            _drop_stdout()
            return
        reader_gone(code)
    except OSError as exc:
        _drop_stdout()
        fail(f"cannot write the output: {exc.strerror or exc}")
    except ValueError:  # stdout is closed: "I/O operation on closed file"
        _drop_stdout()
        fail("cannot write the output: standard output is closed")


def _drop_stdout() -> None:
    """Point stdout at the null device, so that the final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
    except OSError:
        pass


def reader_gone(code: int = EXIT_OK) -> NoReturn:
    """The reader closed the pipe (``simcli ... | head``): stop quietly, with the
    command's own exit code."""
    _drop_stdout()
    raise typer.Exit(code)


@app.command(short_help="Who asked for what, of whom and when.")
def demands(
    ctx: typer.Context,
    org: OrgOption = None,
    theme: ThemeOption = None,
    target: TargetOption = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            "-k",
            help="Claim kind: demand, appeal, concern, position, commitment, welcome, or all.",
            metavar="KIND",
        ),
    ] = "demand",
    status: Annotated[
        Optional[str],
        typer.Option(
            "--status",
            "-s",
            help="Only demands with this status: open, partly-met, refused,"
            " met, or unmet (any but met).",
            metavar="STATUS",
        ),
    ] = None,
    own: Annotated[
        bool, typer.Option("--own", help="Leave out demands an organisation only endorses.")
    ] = False,
    as_of: AsOfOption = None,
    quotes: Annotated[
        bool,
        typer.Option("--quotes", "-q", help="Show the verbatim quote instead of our paraphrase."),
    ] = False,
    limit: LimitOption = None,
    fields: FieldsOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Who asked for what, of whom and when: the demands (or all claims), filtered.

    With --org, the demands of statements an organisation endorses count as its
    own and say 'via' which statement; --own leaves them out.
    """
    from simcli.analysis.questions import demands as ask
    from simcli.output.views import demands_view
    from simcli.store.selection import Selection

    day = as_of_date(as_of)
    targets = target or []
    one = targets[0] if len(targets) == 1 else None  # the index selects by one target
    selection = Selection(org or (), theme or (), one, status=status)
    corpus = load(ctx, select=selection if len(targets) < 2 else None)
    with answered():
        rows = ask(corpus, org or [], theme or [], targets, kind, status, own, day)
    if limit is not None and len(rows) > limit and fmt not in ("table", "markdown"):
        noun = "demand" if kind == "demand" else "claim"
        say(f"simcli: --limit {limit}: {len(rows) - limit:,} more {noun}s left out", err=True)
    from simcli.model.fields import CLAIM_FIELDS

    shown = demands_view(rows, quotes, kind != "demand", limit, corpus)
    print_output(with_fields(shown, fmt, fields, CLAIM_FIELDS), fmt)


@app.command(short_help="Which calls are still unmet, by theme.")
def unmet(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    org: OrgOption = None,
    target: TargetOption = None,
    theme: ThemeOption = None,
    fail_on_unmet: Annotated[
        bool,
        typer.Option("--fail-on-unmet", help="Exit 1 when any demand is unmet (for CI alarms)."),
    ] = False,
    limit: Annotated[
        Optional[int],
        typer.Option(
            "--limit",
            "-n",
            help="Show the first N demands of each theme, and how many each leaves out.",
            metavar="N",
            min=0,
        ),
    ] = None,
    fmt: FormatOption = "table",
) -> None:
    """Which calls are still unmet: demands not met as of a date, grouped by theme.

    For each theme: who asked and in which statement, since when, days open,
    whether a deadline passed, and the latest outcome with its evidence.
    --org narrows to who asked, --target to whom they asked (simcli unmet
    --target NHSE). Only demands certainly made by the day count; those
    possibly made by then are named apart.
    """
    from simcli.analysis.questions import unmet as ask
    from simcli.output.views import unmet_view

    day = as_of_date(as_of)
    corpus = load(ctx)
    with answered():
        groups = ask(corpus, day, org or [], theme or [], target or [])
    # decided before a line is written: a reader that stops early cannot silence it
    code = EXIT_FINDINGS if fail_on_unmet and groups else EXIT_OK
    left_out = sum(max(len(g.demands) - limit, 0) for g in groups) if limit is not None else 0
    if left_out and fmt not in ("table", "markdown"):
        say(f"simcli: --limit {limit} a theme: {left_out:,} listed demands left out", err=True)
    print_output(unmet_view(groups, day, limit, corpus), fmt, code)


@app.command(short_help="Where organisations (or statements) agree.")
def compare(
    ctx: typer.Context,
    org: OrgOption = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="Compare organisations or statements.",
            callback=one_of("org", "statement"),
            metavar="org|statement",
        ),
    ] = "org",
    statement: Annotated[
        Optional[list[str]],
        typer.Option(
            "--statement", help="With --by statement: statement id; repeatable.", metavar="ID"
        ),
    ] = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Where organisations agree: themes x organisations, shared and unique themes,
    pairwise agreement, and a side-by-side view for exactly two.

    --by statement compares statements, e.g. --by statement --org CMH for how
    the Centre for Mental Health's position moved from 2021 to 2023.
    """
    from simcli.analysis.questions import compare as ask
    from simcli.output.views import compare_view

    day = as_of_date(as_of)
    corpus = load(ctx)
    with answered():
        comparison = ask(corpus, org or [], by, statement or [], day)
    print_output(compare_view(comparison, corpus), fmt)


@app.command(short_help="The organisations, with their names and counts.")
def orgs(ctx: typer.Context, fields: FieldsOption = None, fmt: FormatOption = "table") -> None:
    """The organisations: authors, targets and actors, with their names and counts."""
    from simcli.analysis.overview import organisations
    from simcli.model.fields import ORGANISATION_FIELDS
    from simcli.output.views import orgs_view

    shown = orgs_view(organisations(load(ctx)))
    print_output(with_fields(shown, fmt, fields, ORGANISATION_FIELDS), fmt)


@app.command(short_help="The statements in date order.")
def statements(
    ctx: typer.Context,
    org: OrgOption = None,
    fields: FieldsOption = None,
    fmt: FormatOption = "table",
) -> None:
    """The statements in date order, optionally of some organisations."""
    from simcli.analysis.overview import statements_of
    from simcli.model.fields import STATEMENT_FIELDS
    from simcli.output.views import statements_view

    corpus = load(ctx)
    with answered():
        chosen = statements_of(corpus, org or [])
    shown = statements_view(corpus, chosen)
    print_output(with_fields(shown, fmt, fields, STATEMENT_FIELDS), fmt)


@app.command(short_help="The codebook of themes, with counts.")
def themes(ctx: typer.Context, fields: FieldsOption = None, fmt: FormatOption = "table") -> None:
    """The codebook of themes, with how many claims and demands each has, and from whom."""
    from simcli.analysis.overview import theme_summaries
    from simcli.model.fields import THEME_FIELDS
    from simcli.output.views import themes_view

    shown = themes_view(theme_summaries(load(ctx)))
    print_output(with_fields(shown, fmt, fields, THEME_FIELDS), fmt)


@app.command(short_help="Statements and outcomes in date order.")
def timeline(
    ctx: typer.Context,
    start: Annotated[
        Optional[str], typer.Option("--from", help="From this date (inclusive).", metavar="DATE")
    ] = None,
    end: Annotated[
        Optional[str], typer.Option("--to", help="To this date (inclusive).", metavar="DATE")
    ] = None,
    fields: FieldsOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Statements and outcomes in date order."""
    from simcli.analysis.questions import timeline as ask
    from simcli.output.views import timeline_view
    from simcli.store.selection import Selection

    corpus = load(ctx, select=Selection(between=(start, end)))
    with answered():
        entries = ask(corpus, start or None, end or None)
    from simcli.analysis.overview import TIMELINE_FIELDS

    shown = timeline_view(entries, corpus)
    print_output(with_fields(shown, fmt, fields, TIMELINE_FIELDS), fmt)


@app.command(short_help="The whole corpus, for other tools: JSON, CSV, SQLite, REFI-QDA.")
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        format_option(f"{format_names(EXPORT_FORMATS)}.", *EXPORT_FORMATS),
    ] = "json",
    out: OutOption = None,
    force: ForceOption = False,
    as_of: AsOfOption = None,
    metadata: Annotated[
        Optional[Path],
        typer.Option(
            "--datasette-metadata",
            help="With --format sqlite: also write Datasette's metadata (titles,"
            " descriptions, facets, search) to this JSON file.",
            metavar="FILE",
        ),
    ] = None,
    sources: Annotated[
        Optional[Path],
        typer.Option(
            "--sources",
            help="With --format qdpx: the folder of the statements' texts.",
            metavar="DIR",
        ),
    ] = None,
    allow_missing: Annotated[
        bool,
        typer.Option(
            "--allow-missing",
            help="With --format qdpx: leave out (and list) claims whose quote or text"
            " is not found, instead of failing.",
        ),
    ] = False,
    table: Annotated[
        Optional[str],
        typer.Option(
            "--table",
            help="claims or outcomes: that table alone (JSON, JSON Lines, CSV, TSV, Markdown).",
            callback=lambda value: value if value is None else one_of("claims", "outcomes")(value),
            metavar="claims|outcomes",
        ),
    ] = None,
) -> None:
    """Export the whole corpus: one row per claim, with its statement, organisation
    and status fields (as in demands --kind all), plus the outcomes.

    JSON, JSON Lines and CSV hold claims and outcomes in one table, told apart by
    its 'type' field (pandas.read_json and read_csv read them); --table claims or
    --table outcomes gives one of them alone. --format sqlite writes a database for
    Datasette (a table per record type, views demands, unmet and agreement, and
    full-text search); --format qdpx a REFI-QDA project for qualitative analysis
    software (a text source per statement, a coded selection per claim), and
    --format qdc its codebook alone. --out writes the file whole or not at all,
    and never replaces an existing file without --force.
    """
    from simcli.output.diagnostics import diagnostics_text
    from simcli.output.export.registry import export as ask
    from simcli.output.render import FILE_FORMATS, rendered, write_file
    from simcli.store.atomic import write_atomically

    day = as_of_date(as_of)
    to_file = out is not None and str(out) != "-"
    if fmt in FILE_FORMATS and not to_file:
        fail(f"--format {fmt} writes a file, not text: give --out FILE")
    if metadata is not None and fmt != "sqlite":
        fail("--datasette-metadata goes with --format sqlite")
    if fmt == "qdpx" and sources is None:
        fail("--format qdpx needs --sources DIR: the folder of the statements' texts")
    if sources is not None and fmt != "qdpx":
        fail("--sources goes with --format qdpx (to check quotes: simcli check --sources)")
    if allow_missing and fmt != "qdpx":
        fail("--allow-missing goes with --format qdpx")
    if table is not None and fmt not in ("json", "jsonl", "csv", "tsv", "markdown"):
        fail(f"--table goes with --format json, jsonl, csv, tsv or markdown, not {fmt}")
    refuse_missing_folder("--sources", sources)
    if metadata is not None and out is not None and _same_file(metadata, out):
        fail("--datasette-metadata: give it a file of its own, not --out's")
    refuse_overwrite(out, force)
    refuse_overwrite(metadata, force, "--datasette-metadata")
    exported = ask(load(ctx), fmt, day, sources, table)
    if exported.problems:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(diagnostics_text(exported.problems, "text"))
        left_out = plural(len(exported.left_out), "claim")
        if exported.empty:
            fail(f"cannot place any claim in the source texts ({sources}); nothing written")
        if not allow_missing:
            fail(
                f"cannot place {left_out} in the source texts; nothing written"
                " (--allow-missing exports the rest)"
            )
        say(f"simcli: {left_out} left out: {', '.join(exported.left_out)}", err=True)
    if fmt in FILE_FORMATS and out is not None:
        build(out, force, exported.summary, lambda path: write_file(exported.output, fmt, path))
    elif not to_file:
        print_output(exported.output, fmt)  # JSON Lines streamed
    else:
        deliver(rendered(exported.output, fmt, inert=False), out, force, exported.summary)
    if metadata is not None and exported.metadata is not None and out is not None:
        from simcli.output.render import Output

        doc = rendered(Output(exported.metadata(out), []), "json", inert=False)
        with _writing(metadata, "--datasette-metadata"):
            write_atomically(metadata, doc, force)
        say(f"wrote {metadata}: Datasette metadata", err=True)


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (compared resolved: ./x and x are one)."""
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def refuse_missing_folder(option: str, folder: Path | None) -> None:
    """Exit 2 before any work when ``option`` names something that is not a folder, or
    a link out of the folder it is in (:func:`simcli.read.files.escapes`)."""
    from simcli.read.files import escapes

    if folder is not None and not os.path.isdir(folder):
        what = "not a folder" if os.path.lexists(folder) else "no such folder"
        fail(f"{option}: {what}: {folder}")
    if folder is not None and escapes(folder) is not None:
        fail(f"{option}: {folder} is a symbolic link out of its folder: not read")


@contextlib.contextmanager
def _writing(out: Path, option: str = "--out") -> Iterator[None]:
    """Exit 2 with one line when ``option``'s file cannot be (re)placed or written."""
    from simcli.store.atomic import NotAFile, OutputExists

    try:
        yield
    except OutputExists:
        fail(f"{option}: {out} exists; add --force to replace it")
    except NotAFile as exc:
        fail(f"{option}: {exc}")
    except OSError as exc:
        fail(f"{option}: cannot write {out}: {exc.strerror or exc}")


def refuse_overwrite(out: Path | None, force: bool, option: str = "--out") -> None:
    """Exit 2 before any work when ``option``'s file exists and ``--force`` was not
    given, or is not a regular file, or its folder is missing or cannot be written."""
    from simcli.store.atomic import replaceable

    if out is None or str(out) == "-":
        return
    if not out.name:
        fail(f"{option}: give a file name (or - for standard output)")
    with _writing(out, option):
        replaceable(out, force)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        fail(f"{option}: cannot write {out}: no such folder {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        fail(f"{option}: cannot write {out}: the folder {folder} is not writable")


def deliver(text: str, out: Path | None, force: bool, summary: str) -> None:
    """Write ``text`` to stdout (no ``--out``, or ``--out -``), or to ``--out`` whole
    or not at all."""
    from simcli.store.atomic import write_atomically

    if out is None or str(out) == "-":
        from simcli.output.render import inert_lines

        show(inert_lines(text))  # a briefing's Markdown at a terminal: paged
        return
    with _writing(out):
        write_atomically(out, text, force)
    say(f"wrote {out}: {summary}", err=True)


def build(out: Path, force: bool, summary: str, write: Callable[[Path], None]) -> None:
    """Have ``write`` build the file ``--out`` whole or not at all (SQLite, QDPX)."""
    from simcli.store.atomic import build_atomically

    with _writing(out):
        build_atomically(out, write, force)
    say(f"wrote {out}: {summary}", err=True)


@app.command(short_help="Draft a statement's claims from its text, as corpus YAML.")
def extract(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="The statement's text: plain text, Markdown, or a saved web page (.html).",
            metavar="FILE",
            show_default=False,
        ),
    ],
    org: Annotated[
        Optional[str],
        typer.Option(
            "--org",
            "-o",
            help="Its author (id, short name, name or alias; a name the corpus lacks is"
            " drafted as a new organisation). Default: the author the text names (its"
            " headline, byline, a spokesperson's role, a signature), else TODO.",
            metavar="ORG",
            autocompletion=complete_org,
        ),
    ] = None,
    statement_id: Annotated[
        Optional[str],
        typer.Option("--id", help="The statement's id. Default: ORG-DATE.", metavar="ID"),
    ] = None,
    title: Annotated[
        Optional[str],
        typer.Option(
            "--title", help="Its title. Default: the page title or first heading.", metavar="TEXT"
        ),
    ] = None,
    date: Annotated[
        Optional[str],
        typer.Option(
            "--date",
            help="Its date (YYYY, YYYY-MM or YYYY-MM-DD). Default: the text's dateline, else TODO.",
            metavar="DATE",
        ),
    ] = None,
    fmt: Annotated[
        str,
        format_option(
            "yaml (a statement to review and save) or json (the candidates, for scripts).",
            *DRAFT_FORMATS,
        ),
    ] = "yaml",
    out: OutOption = None,
    force: ForceOption = False,
) -> None:
    """Draft a statement from its text: every sentence with a cue phrase (calls for,
    urge, must, should, would like to see, expect, welcome, concerned, ...) becomes
    a candidate claim with a verbatim quote, a suggested kind, themes from the
    codebook's keywords and, for demands, a target. A line that leads in to a list
    ("Trusts must:") becomes one demand, its items listed in the TODO paraphrase.
    An author or target the corpus lacks is drafted as a new organisation, and
    every guess is said on stderr.

    The YAML is a corpus file holding one statement: review it, write the TODOs
    in your own words, save it in the corpus folder and keep the text under the
    name in its 'source' field; then `simcli --data FOLDER check --sources DIR`
    checks every quote. Whatever the text does not say (author, date, a target, a
    theme) is drafted as TODO: the draft loads, and check reports each TODO until it
    is written. Rule-based and offline: the rules are in simcli/cues.py, bylines.py,
    datelines.py and targets.py.
    """
    from simcli.model.diagnostics import CorpusError
    from simcli.output.diagnostics import diagnostics_text
    from simcli.output.draft import draft_output
    from simcli.output.render import rendered
    from simcli.read.files import refuse_escape
    from simcli.sources.extract.statement import ExtractError, extract_statement
    from simcli.sources.text import read_source

    try:
        refuse_escape(file, str(file))  # a text a pull request linked to a secret
        text, page_title = read_source(file, str(file))
    except CorpusError as exc:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(diagnostics_text(exc.problems, "text"))
        raise typer.Exit(EXIT_USAGE) from None
    refuse_overwrite(out, force)
    if date is not None:
        from simcli.model.dates import PartialDate

        try:
            PartialDate.parse(date)
        except ValueError as exc:
            fail(f"--date: {exc}")
    corpus = load(ctx, drafts=True)  # earlier drafts' ids stay taken
    with answered():
        try:
            draft = extract_statement(
                text,
                corpus,
                source=file.name,
                org=org,
                statement_id=statement_id,
                title=title,
                date=date,
                page_title=page_title,
            )
        except ExtractError as exc:
            fail(str(exc))
    for note in draft.notes:
        say(f"simcli: {note}", err=True)
    text = rendered(draft_output(draft), fmt, inert=False)
    deliver(text, out, force, plural(len(draft.candidates), "candidate claim"))


@app.command(short_help="What a change to the corpus adds, removes, and does to the answers.")
def diff(
    ctx: typer.Context,
    old: Annotated[
        Optional[Path],
        typer.Argument(
            help="The corpus before: a file or folder.", metavar="OLD", show_default=False
        ),
    ] = None,
    new: Annotated[
        Optional[Path],
        typer.Argument(
            help="The corpus after: a file or folder.", metavar="NEW", show_default=False
        ),
    ] = None,
    git: Annotated[
        Optional[str],
        typer.Option(
            "--git",
            help="Compare the corpus in use (--data) with itself at this git revision.",
            metavar="REV",
        ),
    ] = None,
    fail_on: Annotated[
        Optional[list[str]],
        typer.Option(
            "--fail-on",
            help="Exit 1 when the change meets this: met (a demand newly met or partly met),"
            " status (any status changes), removed (a record is removed), any; repeatable.",
            metavar="WHAT",
        ),
    ] = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = "table",
) -> None:
    """What a change to a corpus does: the themes, organisations, statements, claims
    and outcomes it adds, removes and modifies; the demands it adds; the demands
    whose status changes; the unmet count before and after; themes newly met or
    unmet. --format markdown is ready to post as a pull-request comment.

    Give two corpora (OLD NEW), or --git REV to compare the corpus in use with
    itself at a git revision (e.g. --git origin/main in a pull request).
    """
    from simcli.analysis.diff import FAIL_ON
    from simcli.analysis.questions import diff as ask
    from simcli.output.views import diff_view
    from simcli.read.revision import RevisionError, corpus_at_revision, scratch

    for name in fail_on or []:
        if name not in FAIL_ON:
            fail(f"--fail-on: '{name}' is not one of: {', '.join(FAIL_ON)}")
    if (git is None) == (old is None):
        fail("give two corpora (OLD NEW), or --git REV for the corpus in use")
    if git is not None and new is not None:
        fail("--git compares the corpus in use (--data) with itself: give no NEW")
    day = as_of_date(as_of)
    state: State = ctx.obj
    with scratch() as tmp:
        if git is not None:
            from simcli.store.load import bundled_corpus_path

            current = state.data or bundled_corpus_path()
            try:
                before_path = corpus_at_revision(current, git, Path(tmp))
            except RevisionError as exc:
                fail(str(exc))
            # a copy thrown away after the diff: no index of it
            before = load(ctx, other=(before_path, f"{git}:{current}"), index=False)
            after = load(ctx)
        else:
            assert old is not None
            if new is None:
                fail("give the corpus after the change too: simcli diff OLD NEW")
            before = load_path(ctx, old, str(old))
            after = load_path(ctx, new, str(new))
    result = ask(before, after, day)
    failed = result.fails(fail_on or [])
    print_output(diff_view(result, after), fmt, EXIT_FINDINGS if failed else EXIT_OK)


def load_path(ctx: typer.Context, path: Path, shown: str) -> Corpus:
    """A corpus other than --data's (diff's OLD and NEW), read and checked alike,
    and named ``shown`` in messages."""
    return load(ctx, other=(path, shown))


@app.command(name="init", short_help="Start a campaign's repository: corpus, sources, CI.")
def init_campaign(
    folder: Annotated[
        Path,
        typer.Argument(help="The campaign's folder (made if need be).", metavar="DIR"),
    ],
    example: Annotated[
        bool,
        typer.Option(
            "--example", help="Start from a copy of the bundled SIM corpus, one file per statement."
        ),
    ] = False,
    install: Annotated[
        Optional[str],
        typer.Option(
            "--install",
            help="What the CI workflow installs with pip. Default: simcli of this version.",
            metavar="SPEC",
        ),
    ] = None,
) -> None:
    """Lay out a campaign's repository that works at once: corpus/ (a starter
    codebook, organisations and outcomes, with comments showing the format),
    sources/ for the full texts, a pre-commit configuration, a GitHub Actions
    workflow that checks every pull request and shows what it changes, and a
    README. Never overwrites a file: if one is in the way, nothing is written.
    """
    from simcli.output.scaffold import InitError, init

    try:
        written = init(folder, example=example, install=install)
    except InitError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{folder}: cannot write: {exc.strerror or exc}")
    for path in written:
        say(f"wrote {path}")
    corpus = folder / "corpus"
    allow = " --allow-missing" if example else ""
    say(f"next: simcli --data {corpus} extract TEXT --out {corpus}/NAME.yaml")
    say(f"      simcli --data {corpus} check --sources {folder / 'sources'}{allow}")


@app.command(short_help="A one-file briefing: unmet calls, heatmap, timeline, every claim.")
def report(
    ctx: typer.Context,
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format",
            "-f",
            help=f"{format_names(PAGE_FORMATS)}. Default: markdown at a terminal or for an"
            " --out ending in .md, else html.",
            callback=lambda value: value if value is None else one_of(*PAGE_FORMATS)(value),
            metavar="FORMAT",
            show_default=False,
        ),
    ] = None,
    out: OutOption = None,
    force: ForceOption = False,
    title: Annotated[
        Optional[str], typer.Option("--title", help="The briefing's heading.", metavar="TEXT")
    ] = None,
    as_of: AsOfOption = None,
) -> None:
    """A briefing to read and share, in one file: the unmet calls first, then who
    raised what as a heatmap, a timeline of statements and outcomes, and every claim
    with its quote and a link to its source.

    The HTML is self-contained (inline CSS and SVG, no scripts, nothing fetched), and
    reads on a phone and in print. Markdown has the same sections. A corpus of more
    than 200 statements is summarised: each theme's five longest-open demands, the
    latest 50 records, the 50 organisations that wrote most claims counted; with
    --out, every claim and outcome is written beside the page as a CSV (brief.html
    and brief.csv), which --force also replaces.
    """
    from simcli.output.render import rendered
    from simcli.output.report.briefing import (
        briefing,
        companion_output,
        companion_path,
        report_output,
    )

    if fmt is None and out is None and sys.stdout.isatty():
        # a page of HTML is no use on a screen: Markdown reads there
        say(
            "simcli: Markdown at a terminal; --out FILE.html writes the page",
            err=True,
        )
        fmt = "markdown"
    if fmt is None:
        fmt = (
            "markdown" if out is not None and out.suffix.lower() in (".md", ".markdown") else "html"
        )
    day = as_of_date(as_of)
    refuse_overwrite(out, force)
    brief = briefing(load(ctx), day, title)
    companion = None
    if brief.large and out is not None and str(out) != "-":
        companion = companion_path(out)  # a summarised page: every claim beside it, as CSV
        refuse_overwrite(companion, force, "the page's companion CSV")
        brief.companion = companion.name
    text = rendered(report_output(brief), fmt, inert=False)
    if companion is not None:  # first: a page never points to a CSV that failed
        claims = rendered(companion_output(brief), "csv", inert=False)
        deliver(claims, companion, force, "every claim and outcome (CSV)")
    deliver(text, out, force, f"{fmt}, {len(text.encode('utf-8')):,} bytes")


@app.command(short_help="The rule codes of check: what each means and how to fix it.")
def rules(
    codes: Annotated[
        Optional[list[str]],
        typer.Argument(help="Codes or prefixes (Q001, T); default: every rule.", metavar="CODE"),
    ] = None,
    fmt: FormatOption = "table",
) -> None:
    """The rule codes that every problem and finding of check carries: errors (F,
    Y, S, R, C) stop the corpus loading; warnings (Q, T, P, D) are check's
    findings, which --select, --ignore and simcli.toml choose among."""
    from simcli.model.rules import UnknownCode
    from simcli.model.rules import rules as chosen
    from simcli.output.views import rules_view

    try:
        found = chosen(codes or [])
    except UnknownCode as exc:
        fail(str(exc))
    print_output(rules_view(found), fmt)


@app.command(short_help="The corpus JSON Schema, for editors and validators.")
def schema(
    fragment: Annotated[
        bool, typer.Option("--fragment", help="The schema of one file of a corpus folder.")
    ] = False,
) -> None:
    """Print the JSON Schema of a corpus file, generated from simcli's own models.

    Editors that use yaml-language-server validate a corpus while you type when
    its first line is '# yaml-language-server: $schema=PATH' (the bundled corpus
    has one); `simcli schema > corpus.schema.json` writes the file.
    """
    from simcli.model.schema import corpus_schema
    from simcli.output.render import Output

    print_output(Output(corpus_schema(fragment), []), "json")


@app.command(name="show", short_help="One statement, claim or outcome in full.")
def show_command(
    ctx: typer.Context,
    record_id: Annotated[
        str, typer.Argument(help="A statement, claim or outcome id.", metavar="ID")
    ],
    as_of: AsOfOption = None,
    fmt: FormatOption = "table",
) -> None:
    """One statement, claim or outcome in full, with quotes, status and source link."""
    from simcli.analysis.questions import show as ask
    from simcli.output.views import record_view

    day = as_of_date(as_of)
    from simcli.store.selection import Selection

    corpus = load(ctx, select=Selection(record=record_id))
    with answered():
        shown = ask(corpus, record_id, day)
    print_output(record_view(corpus, shown), fmt)


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
        app(prog_name="simcli")
    except BrokenPipeError:  # a write outside write_out(): the same quiet ending
        _drop_stdout()
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
        _drop_stdout()
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
