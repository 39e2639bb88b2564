"""The questions simcli answers of a corpus: demands, unmet, compare, show,
timeline, orgs, statements and themes. Each command parses its options, asks
:mod:`simcli.analysis` and hands the answer to the renderer
(:func:`simcli.cli.session.print_output`)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from simcli.cli.session import (
    EXIT_FINDINGS,
    EXIT_OK,
    AsOfOption,
    FieldsOption,
    FormatOption,
    LimitOption,
    OrgOption,
    TargetOption,
    ThemeOption,
    answered,
    as_of_date,
    load,
    one_of,
    print_output,
    say,
    with_fields,
)

commands = typer.Typer()  # simcli.cli.app adds these to simcli's own


@commands.command(short_help="Who asked for what, of whom and when.")
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
    from simcli.store.index import Selection

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


@commands.command(short_help="Which calls are still unmet, by theme.")
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


@commands.command(short_help="Where organisations (or statements) agree.")
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


@commands.command(short_help="The organisations, with their names and counts.")
def orgs(ctx: typer.Context, fields: FieldsOption = None, fmt: FormatOption = "table") -> None:
    """The organisations: authors, targets and actors, with their names and counts."""
    from simcli.analysis.overview import organisations
    from simcli.model.fields import ORGANISATION_FIELDS
    from simcli.output.views import orgs_view

    shown = orgs_view(organisations(load(ctx)))
    print_output(with_fields(shown, fmt, fields, ORGANISATION_FIELDS), fmt)


@commands.command(short_help="The statements in date order.")
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


@commands.command(short_help="The codebook of themes, with counts.")
def themes(ctx: typer.Context, fields: FieldsOption = None, fmt: FormatOption = "table") -> None:
    """The codebook of themes, with how many claims and demands each has, and from whom."""
    from simcli.analysis.overview import theme_summaries
    from simcli.model.fields import THEME_FIELDS
    from simcli.output.views import themes_view

    shown = themes_view(theme_summaries(load(ctx)))
    print_output(with_fields(shown, fmt, fields, THEME_FIELDS), fmt)


@commands.command(short_help="Statements and outcomes in date order.")
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
    from simcli.store.index import Selection

    corpus = load(ctx, select=Selection(between=(start, end)))
    with answered():
        entries = ask(corpus, start or None, end or None)
    from simcli.analysis.overview import TIMELINE_FIELDS

    shown = timeline_view(entries, corpus)
    print_output(with_fields(shown, fmt, fields, TIMELINE_FIELDS), fmt)


@commands.command(name="show", short_help="One statement, claim or outcome in full.")
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
    from simcli.store.index import Selection

    corpus = load(ctx, select=Selection(record=record_id))
    with answered():
        shown = ask(corpus, record_id, day)
    print_output(record_view(corpus, shown), fmt)
