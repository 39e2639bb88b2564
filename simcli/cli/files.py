"""The commands that write the corpus out for others: export (JSON, CSV, SQLite,
REFI-QDA) and report (a one-file briefing)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from simcli.cli.session import (
    AsOfOption,
    ForceOption,
    OutOption,
    as_of_date,
    build,
    deliver,
    fail,
    format_option,
    load,
    one_of,
    print_output,
    refuse_missing_folder,
    refuse_overwrite,
    same_file,
    say,
    writing,
)
from simcli.model.text import plural
from simcli.output.render import EXPORT_FORMATS, PAGE_FORMATS, format_names

commands = typer.Typer()  # simcli.cli.app adds these to simcli's own


@commands.command(short_help="The whole corpus, for other tools: JSON, CSV, SQLite, REFI-QDA.")
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
    from simcli.output.export.files import export as ask
    from simcli.output.export.files import write_atomically
    from simcli.output.render import FILE_FORMATS, diagnostics_text, rendered, write_file

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
    if metadata is not None and out is not None and same_file(metadata, out):
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
        with writing(metadata, "--datasette-metadata"):
            write_atomically(metadata, doc, force)
        say(f"wrote {metadata}: Datasette metadata", err=True)


@commands.command(short_help="A one-file briefing: unmet calls, heatmap, timeline, every claim.")
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
