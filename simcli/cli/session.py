"""What the commands of ``simcli`` share: the options given before the command,
loading the corpus (with progress and warnings), the answers the cache keeps,
printing and paging, exit codes, error messages, and the option types and
checks that more than one command takes.

The commands themselves are in :mod:`simcli.cli.questions`, :mod:`simcli.cli.corpus`
and :mod:`simcli.cli.files`; :mod:`simcli.cli.app` puts them together.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

from simcli.cli.completion import complete_org, complete_theme
from simcli.model.text import plural
from simcli.output.render import QUERY_FORMATS, format_names

if TYPE_CHECKING:
    from simcli.analysis.check import CheckResult
    from simcli.model.corpus import Corpus
    from simcli.model.diagnostics import CorpusError
    from simcli.output.render import Output
    from simcli.read.config import CheckSettings
    from simcli.store.answers import Question
    from simcli.store.cache import Policy
    from simcli.store.looks import Seen
    from simcli.store.report_data import Streamed
    from simcli.store.selection import Selection

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

_layout = "auto"  # --layout, for print_output: tables are shown one way per run
_pager = True  # not --no-pager: long answers at a terminal go through a pager
_question: Question | None = None  # a question whose answer print_output keeps


class State:
    """Options given before the command."""

    def __init__(
        self,
        data: Path | None,
        cache: bool = True,
        layout: str = "auto",
        today: dt.date | None = None,
        data_from_env: bool = False,
    ) -> None:
        self.data = data
        self.cache = cache
        self.layout = layout  # how a table is shown at a terminal (render.LAYOUTS)
        self.today = today  # the day the command began (an answer kept is of it)
        self.data_from_env = data_from_env  # --data came from SIMCLI_DATA: messages say so
        #: how the corpus's files looked when this run first looked at them: taken once a
        #: run, before anything is read (:func:`looks_of`)
        self.looked: dict[str, Seen | None] = {}


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


def from_env(ctx: typer.Context, name: str) -> bool:
    """Whether the option ``name`` took its value from its environment variable."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "ENVIRONMENT"


def start(ctx: typer.Context, data: Path | None, cache: bool, layout: str, pager: bool) -> None:
    """Keep the options given before the command, for the command to come."""
    from simcli.model.dates import as_of_day

    global PAUSED_AT_START
    if PAUSED_AT_START:  # by the entry point for start-up (simcli.cli.entry)
        from simcli.store import load

        PAUSED_AT_START = False
        load.ONE_COMMAND = True  # the process ends with this command: loads frozen for good
        gc.freeze()  # what start-up made lives as long as the run: never scanned again
        gc.enable()
    ctx.obj = State(data=data, cache=cache, layout=layout, today=as_of_day(None))
    ctx.obj.data_from_env = data is not None and from_env(ctx, "data")
    global _layout, _question, _pager
    _layout, _question, _pager = layout, None, pager


def looks_of(ctx: typer.Context, path: Path | None) -> Seen | None:
    """How the corpus's files look (:func:`simcli.store.looks.fingerprint`), taken the
    first time this run asks and remembered for the rest of it: a run looks at every
    file once, whichever of the store's doors it goes through."""
    from simcli.store.load import bundled_corpus_path
    from simcli.store.looks import fingerprint

    state: State = ctx.obj
    corpus_path = path or bundled_corpus_path()
    key = os.fspath(corpus_path)
    if key not in state.looked:
        state.looked[key] = fingerprint(corpus_path)
    return state.looked[key]


def load(
    ctx: typer.Context,
    problems_to_stdout: bool = False,
    fmt: str = "text",
    warn_time: bool = True,
    other: tuple[Path, str] | None = None,
    cache: Policy = "on",
    select: Selection | None = None,
    drafts: bool = False,
    index: bool = True,
) -> Corpus:
    """The corpus named by ``--data``; on failure, every problem and exit 2.
    ``drafts`` keeps the statements that hold a draft's placeholder (check, extract);
    ``cache`` is the store's policy (``write`` for check), ``off`` under --no-cache.

    With ``warn_time``, one line on stderr if any record's dates and orderings
    contradict each other (statuses then leave those records out: see check)."""
    from simcli.model.diagnostics import CorpusError
    from simcli.store.load import bundled_corpus_path, load_corpus

    state: State = ctx.obj
    path, name = other if other is not None else (state.data, None)
    policy: Policy = cache if state.cache else "off"
    if policy == "on" and other is None:
        _answer_kept(ctx, path)
    try:
        with progress_display(path) as progress:
            looks = None
            if policy == "on" and other is None:
                looks = state.looked.get(os.fspath(path or bundled_corpus_path()))
            corpus = load_corpus(
                path, cache=policy, progress=progress, name=name, select=select, drafts=drafts,
                index=index, looks=looks,
            )  # fmt: skip
        if warn_time:
            from simcli.analysis.chronology import contradicted

            warn_contradicted(contradicted(corpus))
        return corpus
    except CorpusError as exc:
        exc.corpus = exc.corpus or str(path)
        named = state.data_from_env and other is None
        report_problems(exc, fmt, problems_to_stdout, named_by="SIMCLI_DATA" if named else None)


def warn_contradicted(found: list[str]) -> None:
    """One line on stderr if any record's dates and orderings contradict each other."""
    if not found:
        return
    shown = ", ".join(found[:3]) + (", ..." if len(found) > 3 else "")
    warning = (
        f"simcli: warning: the dates and orderings of"
        f" {plural(len(found), 'record')} contradict each other ({shown});"
        " no status counts an outcome among them; run simcli check"
    )
    say(warning, err=True)
    if _question is not None:
        _question.said.append(warning)


def from_store(ctx: typer.Context, ask: Callable[[Path, str, Any, Seen | None], Any]) -> Any:
    """The answer the store derives from its index without loading the corpus
    (:mod:`simcli.store.derived`): ``ask(path, shown, progress, seen)``, with the warning
    :func:`load` gives; ``None`` where it does not answer (``--no-cache``, a small
    corpus, ...): the command then loads the corpus."""
    from simcli.store.load import bundled_corpus_path, display_path

    state: State = ctx.obj
    if not state.cache:
        return None
    path = state.data or bundled_corpus_path()
    shown = str(state.data) if state.data is not None else display_path(path)
    with answered(), progress_display(state.data) as progress:
        try:
            found = ask(path, shown, progress, looks_of(ctx, path))
        except Exception as exc:
            from simcli.store.derived import contradicted_of

            warn_contradicted(contradicted_of(exc))  # then answered() says what failed
            raise
    if found is None:
        return None
    answer, contradicted = found
    warn_contradicted(contradicted)
    return answer


def streamed(ctx: typer.Context, more_than: int, day: dt.date) -> Streamed | None:
    """``--data``'s corpus to read a batch at a time from the store, with its statuses
    as of ``day``, when the cache indexes it and it has more than ``more_than``
    statements (a report then holds a batch, never the whole corpus); ``None``:
    :func:`load` it."""
    state: State = ctx.obj
    if not state.cache or state.data is None:
        return None
    from simcli.store.report_data import open_streamed

    with progress_display(state.data) as progress:
        seen = looks_of(ctx, state.data)
        source = open_streamed(state.data, os.fspath(state.data), more_than, day, progress, seen)
    if source is not None:
        from simcli.store import load

        if load.ONE_COMMAND:
            gc.freeze()  # the chronology lives until the command ends: not scanned again
        warn_contradicted(source.corpus.known_contradictions or [])
    return source


def _answer_kept(ctx: typer.Context, path: Path | None) -> None:
    """Write the answer the cache keeps for this question, if it keeps one, and end
    the command with its exit code; else note the question, for print_output to keep
    its answer (:mod:`simcli.store.answers`)."""
    global _question
    from simcli.store.load import bundled_corpus_path
    from simcli.store.looks import worth_it

    state: State = ctx.obj
    if state.today is None:
        return
    corpus_path = path or bundled_corpus_path()
    seen = looks_of(ctx, corpus_path)
    if seen is None or not worth_it(seen):
        return  # a small corpus: no answer is kept, and their machinery is not loaded
    from simcli.store.answers import question

    command = ctx.command.name or ""
    _question = question(corpus_path, command, ctx.params, state.today, seen)
    kept = _question.answer() if _question is not None else None
    if kept is None:
        return
    _question = None
    for line in kept.said:
        say(line, err=True)
    show(kept.text, kept.code)
    raise typer.Exit(kept.code)


#: the ``simcli`` command paused the cyclic collector for start-up (simcli.cli.entry);
#: an in-process caller that paused it for its own reasons is left as it is
PAUSED_AT_START = False
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


def option(flags: str, metavar: str | None, help: str, **more: Any) -> Any:
    """A ``typer.Option``: its flags in one string (``"--org -o"``), what stands for
    its value in the help, the help, and any more of typer's settings."""
    return typer.Option(*flags.split(), metavar=metavar, help=help, **more)


def format_option(help_text: str, *choices: str) -> Any:
    """A ``--format``/``-f`` option that accepts only ``choices``."""
    return option("--format -f", "FORMAT", help_text, callback=one_of(*choices))


# the options more than one command takes, and their help
ORG_HELP = "Organisation (id, short name, name or alias); repeatable."
TARGET_HELP = "Only demands made of this organisation (id, short name, name or alias); repeatable."
AS_OF_HELP = (
    "Status as of this date (YYYY-MM-DD; YYYY or YYYY-MM mean its last day). Default: today."
)
FIELDS_HELP = (
    "With --format json, csv or tsv: only these fields, in this order"
    " (comma-separated, as gh --json takes them)."
)
Names = Optional[list[str]]

FormatOption = Annotated[
    str, format_option(f"Output: {format_names(QUERY_FORMATS)}.", *QUERY_FORMATS)
]
OrgOption = Annotated[Names, option("--org -o", "ORG", ORG_HELP, autocompletion=complete_org)]
ThemeOption = Annotated[
    Names, option("--theme -t", "THEME", "Theme id; repeatable.", autocompletion=complete_theme)
]
TargetOption = Annotated[Names, option("--target", "ORG", TARGET_HELP, autocompletion=complete_org)]
AsOfOption = Annotated[Optional[str], option("--as-of", "DATE", AS_OF_HELP)]
FieldsOption = Annotated[Optional[str], option("--fields", "A,B", FIELDS_HELP)]
LimitOption = Annotated[
    Optional[int],
    option("--limit -n", "N", "Show the first N, and say how many are left out.", min=0),
]
OutOption = Annotated[
    Optional[Path], option("--out", "FILE", "Write to this file (atomically) instead of stdout.")
]
ForceOption = Annotated[bool, option("--force", None, "Replace --out if it exists.")]


def report_problems(
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
def answered(*refused: type[Exception]) -> Iterator[None]:
    """An unknown organisation, theme or id on the command line exits 2 with
    suggestions; so does an option no answer can be given for, and any of the
    ``refused`` errors the command's own question raises (compare's
    ``TooManyColumns``: named by the command, so that no other imports compare)."""
    from simcli.analysis.questions import BadQuestion
    from simcli.model.corpus import UnknownName

    try:
        yield
    except BadQuestion as exc:
        fail(f"--{exc.option}: {exc.message}")
    except UnknownName as exc:
        fail(str(exc))
    except refused as exc:
        fail(str(exc))


def with_fields(output: Output, fmt: str, fields: str | None, known: tuple[str, ...]) -> Output:
    """``--fields``: the listing's records with only those fields (JSON, CSV, TSV)."""
    if fields is None:
        return output
    from simcli.output.fields import FIELD_FORMATS, UnknownField, chosen, pick

    if fmt not in FIELD_FORMATS:
        fail(f"--fields goes with --format {format_names(FIELD_FORMATS)}, not {fmt}")
    try:
        return pick(output, chosen(fields) or [], known)
    except UnknownField as exc:
        fail(f"--fields: {exc}")


def demand_selection(
    orgs: list[str],
    themes: list[str],
    targets: list[str],
    status: str | None,
    day: dt.date | None = None,
) -> Selection | None:
    """What demands' filters let the index select before the corpus is read (it selects
    by one target at most: with more, the whole corpus is read)."""
    from simcli.store.selection import Selection

    if len(targets) > 1:
        return None
    target = targets[0] if targets else None
    when = day.isoformat() if day is not None else None
    return Selection(orgs or (), themes or (), target, status=status, day=when)


def note_left_out(fmt: str, left_out: int, note: str) -> None:
    """What ``--limit`` left out: the tables carry it as a note, other formats on stderr."""
    if left_out > 0 and fmt not in ("table", "markdown"):
        say(f"simcli: {note}", err=True)
        if _question is not None:  # an answer kept says it again
            _question.said.append(f"simcli: {note}")


def print_listing(output: Output, fmt: str, fields: str | None, known: tuple[str, ...]) -> None:
    """Print a listing, with only the ``--fields`` chosen from its ``known`` ones."""
    print_output(with_fields(output, fmt, fields, known), fmt)


def print_output(output: Output, fmt: str, code: int = EXIT_OK) -> None:
    """Print a command's result; exit ``code`` if it is not 0, even when the reader
    has gone away before the end (``simcli unmet --fail-on-unmet | head -1``)."""
    global _question
    from simcli.output.pager import wanted
    from simcli.output.render import TooWide, emit, rendered

    output.layout = _layout
    if output.aside and fmt not in ("table", "markdown"):
        say(f"simcli: note: {output.aside}", err=True)  # the tables carry it as a note
        if _question is not None:  # an answer kept says it again
            _question.said.append(f"simcli: note: {output.aside}")
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
            drop_stdout()
            return
        reader_gone(code)
    except OSError as exc:
        drop_stdout()
        fail(f"cannot write the output: {exc.strerror or exc}")
    except ValueError:  # stdout is closed: "I/O operation on closed file"
        drop_stdout()
        fail("cannot write the output: standard output is closed")


def drop_stdout() -> None:
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
    drop_stdout()
    raise typer.Exit(code)


def load_path(ctx: typer.Context, path: Path, shown: str) -> Corpus:
    """A corpus other than --data's (diff's OLD and NEW), read and checked alike,
    and named ``shown`` in messages."""
    return load(ctx, other=(path, shown))


def rule_codes(
    ctx: typer.Context, fmt: str, select: list[str] | None, ignore: list[str] | None
) -> tuple[CheckSettings, list[str] | None, list[str]]:
    """check's settings (simcli.toml in the corpus folder), and the codes ``--select``
    and ``--ignore`` give; a code that names no rule is refused before the corpus
    is read, as is an empty one."""
    from simcli.model.diagnostics import CorpusError
    from simcli.model.rules import UnknownCode
    from simcli.read.config import load_settings

    state: State = ctx.obj
    try:
        settings = load_settings(state.data)
    except CorpusError as exc:
        report_problems(exc, fmt, to_stdout=True, outcome="nothing was checked")
    chosen, left_out = _codes("--select", select), _codes("--ignore", ignore)
    try:
        settings.codes(chosen, left_out or [])
    except UnknownCode as exc:
        fail(f"{'--select' if exc.selector in (chosen or []) else '--ignore'}: {exc}")
    return settings, chosen, left_out or []


def _codes(option: str, values: list[str] | None) -> list[str] | None:
    """``--select Q001,T --select P`` -> ``["Q001", "T", "P"]``; an empty one (an
    unset variable in a CI script) is refused, never taken to mean no rule."""
    if values is None:
        return None
    codes = [code.strip() for value in values for code in value.split(",")]
    if not all(codes):
        fail(f"{option}: an empty code: give codes or prefixes such as Q001, T or ALL")
    return codes


def print_findings(result: CheckResult, fmt: str) -> None:
    """Print check's findings; exit 1 if there are any."""
    from simcli.output.diagnostics import diagnostics_text

    text = diagnostics_text(
        result.findings, fmt, result.as_json(), result.ignored, result.summary()
    )
    write_out(lambda: sys.stdout.write(text), EXIT_FINDINGS if result.findings else EXIT_OK)
    if result.findings:
        raise typer.Exit(EXIT_FINDINGS)


def read_text(file: Path) -> tuple[str, str]:
    """extract's FILE: its text and the page's title; one that cannot be read (or a
    link out of its folder, as a pull request may add) exits 2 with its problems."""
    from simcli.model.diagnostics import CorpusError
    from simcli.read.files import refuse_escape
    from simcli.sources.text import read_source

    try:
        refuse_escape(file, str(file))  # a text a pull request linked to a secret
        return read_source(file, str(file))
    except CorpusError as exc:
        from simcli.output.diagnostics import diagnostics_text

        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(diagnostics_text(exc.problems, "text"))
        raise typer.Exit(EXIT_USAGE) from None


def load_pair(
    ctx: typer.Context, old: Path | None, new: Path | None, git: str | None
) -> tuple[Corpus, Corpus]:
    """diff's corpora: OLD and NEW, or (``--git REV``) the corpus in use as it was at
    that revision and as it is."""
    from simcli.read.revision import RevisionError, corpus_at_revision, scratch

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
            return before, load(ctx)
        assert old is not None
        if new is None:
            fail("give the corpus after the change too: simcli diff OLD NEW")
        return load_path(ctx, old, str(old)), load_path(ctx, new, str(new))
