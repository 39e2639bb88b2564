"""The commands that write the corpus out for others: export (JSON, CSV, SQLite,
REFI-QDA) and report (a one-file briefing)."""

# No ``from __future__ import annotations`` here: typer reads every command's
# annotations, and each one written as a string it evaluates twice (start-up time).
from pathlib import Path
from typing import Annotated, Optional

import typer

from simcli.cli import session, writing
from simcli.output.export.registry import EXPORT_FORMATS
from simcli.output.render import PAGE_FORMATS, format_names

commands = typer.Typer()  # simcli.cli.app adds these to simcli's own


@commands.command(short_help="The whole corpus, for other tools: JSON, CSV, SQLite, REFI-QDA.")
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        session.format_option(f"{format_names(EXPORT_FORMATS)}.", *EXPORT_FORMATS),
    ] = "json",
    out: session.OutOption = None,
    force: session.ForceOption = False,
    as_of: session.AsOfOption = None,
    metadata: Annotated[
        Optional[Path],
        session.option(
            "--datasette-metadata",
            "FILE",
            "With --format sqlite: also write Datasette's metadata (titles,"
            " descriptions, facets, search) to this JSON file.",
        ),
    ] = None,
    sources: Annotated[
        Optional[Path],
        session.option(
            "--sources", "DIR", "With --format qdpx: the folder of the statements' texts."
        ),
    ] = None,
    allow_missing: Annotated[
        bool,
        session.option(
            "--allow-missing",
            None,
            "With --format qdpx: leave out (and list) claims whose quote or text"
            " is not found, instead of failing.",
        ),
    ] = False,
    table: Annotated[
        Optional[str],
        session.option(
            "--table",
            "claims|outcomes",
            "claims or outcomes: that table alone (JSON, JSON Lines, CSV, TSV, Markdown).",
            callback=lambda value: (
                value if value is None else session.one_of("claims", "outcomes")(value)
            ),
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
    from simcli.output.export.registry import export as ask
    from simcli.output.render import FILE_FORMATS

    day = session.as_of_date(as_of)
    to_file = out is not None and str(out) != "-"
    if fmt in FILE_FORMATS and not to_file:
        session.fail(f"--format {fmt} writes a file, not text: give --out FILE")
    if metadata is not None and fmt != "sqlite":
        session.fail("--datasette-metadata goes with --format sqlite")
    if fmt == "qdpx" and sources is None:
        session.fail("--format qdpx needs --sources DIR: the folder of the statements' texts")
    if sources is not None and fmt != "qdpx":
        session.fail("--sources goes with --format qdpx (to check quotes: simcli check --sources)")
    if allow_missing and fmt != "qdpx":
        session.fail("--allow-missing goes with --format qdpx")
    if table is not None and fmt not in ("json", "jsonl", "csv", "tsv", "markdown"):
        session.fail(f"--table goes with --format json, jsonl, csv, tsv or markdown, not {fmt}")
    writing.refuse_missing_folder("--sources", sources)
    if metadata is not None and out is not None and writing.same_file(metadata, out):
        session.fail("--datasette-metadata: give it a file of its own, not --out's")
    writing.refuse_overwrite(out, force)
    writing.refuse_overwrite(metadata, force, "--datasette-metadata")
    exported = ask(session.load(ctx), fmt, day, sources, table)
    writing.write_export(exported, fmt, out, force, metadata, allow_missing, sources)


@commands.command(short_help="A one-file briefing: unmet calls, heatmap, timeline, every claim.")
def report(
    ctx: typer.Context,
    fmt: Annotated[
        Optional[str],
        session.option(
            "--format -f",
            "FORMAT",
            f"{format_names(PAGE_FORMATS)}. Default: markdown at a terminal or for an"
            " --out ending in .md, else html.",
            callback=lambda value: value if value is None else session.one_of(*PAGE_FORMATS)(value),
            show_default=False,
        ),
    ] = None,
    out: session.OutOption = None,
    force: session.ForceOption = False,
    title: Annotated[
        Optional[str], session.option("--title", "TEXT", "The briefing's heading.")
    ] = None,
    as_of: session.AsOfOption = None,
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
    from simcli.output.report.brief import FULL_UP_TO, briefing

    fmt = writing.page_format(fmt, out)
    day = session.as_of_date(as_of)
    writing.refuse_overwrite(out, force)
    source = session.streamed(ctx, FULL_UP_TO, day)  # a large corpus: a batch at a time
    if source is not None:
        writing.write_streamed_report(source, day, title, fmt, out, force)
        return
    brief = briefing(session.load(ctx), day, title)
    writing.write_report(brief, fmt, out, force)
