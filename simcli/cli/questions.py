"""The questions simcli answers of a corpus: demands, unmet, compare, show,
timeline, orgs, statements and themes. Each command parses its options, asks
:mod:`simcli.analysis` and hands the answer to the renderer
(:func:`simcli.cli.session.print_output`)."""

# No ``from __future__ import annotations`` here: typer reads every command's
# annotations, and each one written as a string it evaluates twice (start-up time).
from typing import Annotated, Literal, Optional

import typer

from simcli.cli import session
from simcli.cli.session import FieldsOption, FormatOption

commands = typer.Typer()  # simcli.cli.app adds these to simcli's own


@commands.command(short_help="Who asked for what, of whom and when.")
def demands(
    ctx: typer.Context,
    org: session.OrgOption = None,
    theme: session.ThemeOption = None,
    target: session.TargetOption = None,
    kind: Annotated[
        str,
        session.option(
            "--kind -k",
            "KIND",
            "Claim kind: demand, appeal, concern, position, commitment, welcome, or all.",
        ),
    ] = "demand",
    status: Annotated[
        Optional[str],
        session.option(
            "--status -s",
            "STATUS",
            "Only demands with this status: open, partly-met, refused,"
            " met, or unmet (any but met).",
        ),
    ] = None,
    own: Annotated[
        bool, session.option("--own", None, "Leave out demands an organisation only endorses.")
    ] = False,
    as_of: session.AsOfOption = None,
    quotes: Annotated[
        bool,
        session.option("--quotes -q", None, "Show the verbatim quote instead of our paraphrase."),
    ] = False,
    limit: session.LimitOption = None,
    fields: FieldsOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Who asked for what, of whom and when: the demands (or all claims), filtered.

    With --org, the demands of statements an organisation endorses count as its
    own and say 'via' which statement; --own leaves them out.
    """
    day = session.as_of_date(as_of)
    if fmt == "json" and not org and (kind == "demand" or (kind == "all" and status)):
        from simcli.store.derived import demand_records

        records = session.from_store(ctx, lambda path, shown, progress, seen: demand_records(
            path, shown, day, status, theme or [], target or [], progress,
            encoded=fields is None, seen=seen))  # fmt: skip
        if records is not None:  # the records alone: the store's
            from simcli.model.fields import CLAIM_FIELDS
            from simcli.output.render import Output

            left_out = len(records) - limit if limit is not None else 0
            noun = "demand" if kind == "demand" else "claim"
            note = f"--limit {limit}: {left_out:,} more {noun}s left out"
            session.note_left_out(fmt, left_out, note)
            shown = Output(records if limit is None else records[:limit], [])
            session.print_listing(shown, fmt, fields, CLAIM_FIELDS)
            return
    from simcli.analysis.questions import demands as ask
    from simcli.output.views import demands_view

    selection = session.demand_selection(org or [], theme or [], target or [], status, day)
    corpus = session.load(ctx, select=selection)
    with session.answered():
        rows = ask(corpus, org or [], theme or [], target or [], kind, status, own, day)
    left_out = len(rows) - limit if limit is not None else 0
    noun = "demand" if kind == "demand" else "claim"
    session.note_left_out(fmt, left_out, f"--limit {limit}: {left_out:,} more {noun}s left out")
    from simcli.model.fields import CLAIM_FIELDS

    shown = demands_view(rows, quotes, kind != "demand", limit, corpus)
    session.print_listing(shown, fmt, fields, CLAIM_FIELDS)


@commands.command(short_help="Which calls are still unmet, by theme.")
def unmet(
    ctx: typer.Context,
    as_of: session.AsOfOption = None,
    org: session.OrgOption = None,
    target: session.TargetOption = None,
    theme: session.ThemeOption = None,
    fail_on_unmet: Annotated[
        bool,
        session.option("--fail-on-unmet", None, "Exit 1 when any demand is unmet (for CI alarms)."),
    ] = False,
    limit: Annotated[
        Optional[int],
        session.option(
            "--limit -n",
            "N",
            "Show the first N demands of each theme, and how many each leaves out.",
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
    day = session.as_of_date(as_of)
    if fmt == "json" and not org and not target:  # the records alone: the store's
        from simcli.output.views import unmet_records
        from simcli.store.derived import unmet_records as stored

        docs = session.from_store(ctx, lambda path, shown, progress, seen: stored(
            path, shown, day, theme or [], progress, encoded=limit is None, seen=seen))  # fmt: skip
        if docs is not None:
            code = session.EXIT_FINDINGS if fail_on_unmet and docs else session.EXIT_OK
            shown_docs, left_out = unmet_records(docs, limit)
            note = f"--limit {limit} a theme: {left_out:,} listed demands left out"
            session.note_left_out(fmt, left_out, note)
            session.print_output(shown_docs, fmt, code)
            return
    from simcli.analysis.questions import unmet as ask
    from simcli.output.views import unmet_view

    corpus = session.load(ctx)
    with session.answered():
        groups = ask(corpus, day, org or [], theme or [], target or [])
    # decided before a line is written: a reader that stops early cannot silence it
    code = session.EXIT_FINDINGS if fail_on_unmet and groups else session.EXIT_OK
    # NOTE: this count belongs with unmet_view (simcli.output.views), which counts the
    # same for its tables' note; it is here until the view returns it
    left_out = sum(max(len(g.demands) - limit, 0) for g in groups) if limit is not None else 0
    note = f"--limit {limit} a theme: {left_out:,} listed demands left out"
    session.note_left_out(fmt, left_out, note)
    session.print_output(unmet_view(groups, day, limit, corpus), fmt, code)


@commands.command(short_help="Where organisations (or statements) agree.")
def compare(
    ctx: typer.Context,
    org: session.OrgOption = None,
    by: Annotated[
        str,
        session.option(
            "--by",
            "org|statement",
            "Compare organisations or statements.",
            callback=session.one_of("org", "statement"),
        ),
    ] = "org",
    statement: Annotated[
        session.Names,
        session.option("--statement", "ID", "With --by statement: statement id; repeatable."),
    ] = None,
    as_of: session.AsOfOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Where organisations agree: themes x organisations, shared and unique themes,
    pairwise agreement, and a side-by-side view for exactly two.

    --by statement compares statements, e.g. --by statement --org CMH for how
    the Centre for Mental Health's position moved from 2021 to 2023.
    """
    day = session.as_of_date(as_of)
    if fmt == "json" and by == "org" and org:  # the record alone: the store's
        from simcli.output.render import Output
        from simcli.store.derived import compare_record

        doc = session.from_store(ctx, lambda path, shown, progress, seen: compare_record(
            path, shown, day, org, progress, seen))  # fmt: skip
        if doc is not None:
            session.print_output(Output(doc, []), fmt)
            return
    from simcli.analysis.compare import TooManyColumns
    from simcli.analysis.questions import compare as ask
    from simcli.output.views import compare_view

    corpus = session.load(ctx)
    with session.answered(TooManyColumns):
        comparison = ask(corpus, org or [], by, statement or [], day)
    session.print_output(compare_view(comparison, corpus), fmt)


@commands.command(short_help="The organisations, with their names and counts.")
def orgs(ctx: typer.Context, fields: FieldsOption = None, fmt: FormatOption = "table") -> None:
    """The organisations: authors, targets and actors, with their names and counts."""
    _overview(ctx, "organisations", fields, fmt)


@commands.command(short_help="The codebook of themes, with counts.")
def themes(ctx: typer.Context, fields: FieldsOption = None, fmt: FormatOption = "table") -> None:
    """The codebook of themes, with how many claims and demands each has, and from whom."""
    _overview(ctx, "themes", fields, fmt)


def _overview(
    ctx: typer.Context, listing: Literal["organisations", "themes"], fields: str | None, fmt: str
) -> None:
    """orgs and themes: a row for each organisation or theme of the corpus, with counts."""
    from simcli.analysis.overview import organisations, theme_summaries
    from simcli.model.fields import ORGANISATION_FIELDS, THEME_FIELDS
    from simcli.output.views import orgs_view, themes_view

    corpus = session.load(ctx)
    if listing == "themes":
        session.print_listing(themes_view(theme_summaries(corpus)), fmt, fields, THEME_FIELDS)
    else:
        session.print_listing(orgs_view(organisations(corpus)), fmt, fields, ORGANISATION_FIELDS)


@commands.command(short_help="The statements in date order.")
def statements(
    ctx: typer.Context,
    org: session.OrgOption = None,
    fields: FieldsOption = None,
    fmt: FormatOption = "table",
) -> None:
    """The statements in date order, optionally of some organisations."""
    from simcli.analysis.overview import statements_of
    from simcli.model.fields import STATEMENT_FIELDS
    from simcli.output.views import statements_view

    corpus = session.load(ctx)
    with session.answered():
        chosen = statements_of(corpus, org or [])
    shown = statements_view(corpus, chosen)
    session.print_listing(shown, fmt, fields, STATEMENT_FIELDS)


@commands.command(short_help="Statements and outcomes in date order.")
def timeline(
    ctx: typer.Context,
    start: Annotated[
        Optional[str], session.option("--from", "DATE", "From this date (inclusive).")
    ] = None,
    end: Annotated[
        Optional[str], session.option("--to", "DATE", "To this date (inclusive).")
    ] = None,
    fields: FieldsOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Statements and outcomes in date order."""
    from simcli.analysis.questions import timeline as ask
    from simcli.output.views import timeline_view
    from simcli.store.selection import Selection

    corpus = session.load(ctx, select=Selection(between=(start, end)))
    with session.answered():
        entries = ask(corpus, start or None, end or None)
    from simcli.analysis.overview import TIMELINE_FIELDS

    shown = timeline_view(entries, corpus)
    session.print_listing(shown, fmt, fields, TIMELINE_FIELDS)


@commands.command(name="show", short_help="One statement, claim or outcome in full.")
def show_command(
    ctx: typer.Context,
    record_id: Annotated[
        str, typer.Argument(help="A statement, claim or outcome id.", metavar="ID")
    ],
    as_of: session.AsOfOption = None,
    fmt: FormatOption = "table",
) -> None:
    """One statement, claim or outcome in full, with quotes, status and source link."""
    from simcli.analysis.questions import show as ask
    from simcli.output.views import record_view

    day = session.as_of_date(as_of)
    from simcli.store.selection import Selection

    corpus = session.load(ctx, select=Selection(record=record_id))
    with session.answered():
        shown = ask(corpus, record_id, day)
    session.print_output(record_view(corpus, shown), fmt)
