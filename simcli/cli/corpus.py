"""The commands that look after a corpus rather than question it: check, diff,
extract, init, rules and schema."""

# No ``from __future__ import annotations`` here: typer reads every command's
# annotations, and each one written as a string it evaluates twice (start-up time).
from pathlib import Path
from typing import Annotated, Optional

import typer

from simcli.cli import session, writing
from simcli.cli.completion import complete_org
from simcli.model.text import plural
from simcli.output.diagnostics import DIAGNOSTIC_FORMATS
from simcli.output.render import DRAFT_FORMATS

commands = typer.Typer()  # simcli.cli.app adds these to simcli's own


@commands.command(short_help="Check the corpus; with --sources, that every quote is real.")
def check(
    ctx: typer.Context,
    sources: Annotated[
        Optional[Path],
        session.option(
            "--sources",
            "DIR",
            "Folder of source texts: check that every quote occurs in its statement's text.",
        ),
    ] = None,
    fmt: Annotated[
        str,
        session.format_option(
            "text; github for GitHub Actions annotations on the lines at fault; json; or"
            " sarif (2.1.0) for GitHub code scanning.",
            *DIAGNOSTIC_FORMATS,
        ),
    ] = "text",
    allow_missing: Annotated[
        bool,
        session.option(
            "--allow-missing",
            None,
            "With --sources: a source text missing from DIR is expected; its quotes"
            " are counted as not checked, not reported.",
        ),
    ] = False,
    select: Annotated[
        session.Names,
        session.option(
            "--select",
            "CODE",
            "Report only findings with these codes or prefixes (Q001, T, ALL);"
            " repeatable or comma-separated; replaces simcli.toml's select and ignore.",
        ),
    ] = None,
    ignore: Annotated[
        session.Names,
        session.option(
            "--ignore",
            "CODE",
            "Leave out findings with these codes or prefixes; repeatable or"
            " comma-separated; added to simcli.toml's ignore.",
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

    writing.refuse_missing_folder("--sources", sources)
    settings, chosen, left_out = session.rule_codes(ctx, fmt, select, ignore)
    # the gate of a campaign's CI: validated afresh, never from the cache
    corpus = session.load(
        ctx, problems_to_stdout=True, fmt=fmt, warn_time=False, cache="write", drafts=True
    )
    result = ask(
        corpus, sources, allow_missing=allow_missing, select=chosen, ignore=left_out,
        settings=settings,
    )  # fmt: skip
    session.print_findings(result, fmt)


@commands.command(short_help="Draft a statement's claims from its text, as corpus YAML.")
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
        session.option(
            "--org -o",
            "ORG",
            "Its author (id, short name, name or alias; a name the corpus lacks is"
            " drafted as a new organisation). Default: the author the text names (its"
            " headline, byline, a spokesperson's role, a signature), else TODO.",
            autocompletion=complete_org,
        ),
    ] = None,
    statement_id: Annotated[
        Optional[str],
        session.option("--id", "ID", "The statement's id. Default: ORG-DATE."),
    ] = None,
    title: Annotated[
        Optional[str],
        session.option("--title", "TEXT", "Its title. Default: the page title or first heading."),
    ] = None,
    date: Annotated[
        Optional[str],
        session.option(
            "--date",
            "DATE",
            "Its date (YYYY, YYYY-MM or YYYY-MM-DD). Default: the text's dateline, else TODO.",
        ),
    ] = None,
    fmt: Annotated[
        str,
        session.format_option(
            "yaml (a statement to review and save) or json (the candidates, for scripts).",
            *DRAFT_FORMATS,
        ),
    ] = "yaml",
    out: session.OutOption = None,
    force: session.ForceOption = False,
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
    is written. Rule-based and offline: the rules are in simcli/sources/extract/
    (cues.py, bylines.py, datelines.py and targets.py).
    """
    from simcli.output.draft import draft_output
    from simcli.output.render import rendered
    from simcli.sources.extract.statement import ExtractError, extract_statement

    text, page_title = session.read_text(file)
    writing.refuse_overwrite(out, force)
    if date is not None:
        from simcli.model.dates import PartialDate

        try:
            PartialDate.parse(date)
        except ValueError as exc:
            session.fail(f"--date: {exc}")
    corpus = session.load(ctx, drafts=True)  # earlier drafts' ids stay taken
    with session.answered():
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
            session.fail(str(exc))
    for note in draft.notes:
        session.say(f"simcli: {note}", err=True)
    text = rendered(draft_output(draft), fmt, inert=False)
    writing.deliver(text, out, force, plural(len(draft.candidates), "candidate claim"))


@commands.command(short_help="What a change to the corpus adds, removes, and does to the answers.")
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
        session.option(
            "--git",
            "REV",
            "Compare the corpus in use (--data) with itself at this git revision.",
        ),
    ] = None,
    fail_on: Annotated[
        session.Names,
        session.option(
            "--fail-on",
            "WHAT",
            "Exit 1 when the change meets this: met (a demand newly met or partly met),"
            " status (any status changes), removed (a record is removed), any; repeatable.",
        ),
    ] = None,
    as_of: session.AsOfOption = None,
    fmt: session.FormatOption = "table",
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

    for name in fail_on or []:
        if name not in FAIL_ON:
            session.fail(f"--fail-on: '{name}' is not one of: {', '.join(FAIL_ON)}")
    if (git is None) == (old is None):
        session.fail("give two corpora (OLD NEW), or --git REV for the corpus in use")
    if git is not None and new is not None:
        session.fail("--git compares the corpus in use (--data) with itself: give no NEW")
    day = session.as_of_date(as_of)
    before, after = session.load_pair(ctx, old, new, git)
    result = ask(before, after, day)
    failed = result.fails(fail_on or [])
    session.print_output(
        diff_view(result, after), fmt, session.EXIT_FINDINGS if failed else session.EXIT_OK
    )


@commands.command(name="init", short_help="Start a campaign's repository: corpus, sources, CI.")
def init_campaign(
    folder: Annotated[
        Path,
        typer.Argument(help="The campaign's folder (made if need be).", metavar="DIR"),
    ],
    example: Annotated[
        bool,
        session.option(
            "--example",
            None,
            "Start from a copy of the bundled SIM corpus, one file per statement.",
        ),
    ] = False,
    install: Annotated[
        Optional[str],
        session.option(
            "--install",
            "SPEC",
            "What the CI workflow installs with pip. Default: simcli of this version.",
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
        session.fail(str(exc))
    except OSError as exc:
        session.fail(f"{folder}: cannot write: {exc.strerror or exc}")
    for path in written:
        session.say(f"wrote {path}")
    corpus = folder / "corpus"
    allow = " --allow-missing" if example else ""
    session.say(f"next: simcli --data {corpus} extract TEXT --out {corpus}/NAME.yaml")
    session.say(f"      simcli --data {corpus} check --sources {folder / 'sources'}{allow}")


@commands.command(short_help="The rule codes of check: what each means and how to fix it.")
def rules(
    codes: Annotated[
        session.Names,
        typer.Argument(help="Codes or prefixes (Q001, T); default: every rule.", metavar="CODE"),
    ] = None,
    fmt: session.FormatOption = "table",
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
        session.fail(str(exc))
    session.print_output(rules_view(found), fmt)


@commands.command(short_help="The corpus JSON Schema, for editors and validators.")
def schema(
    fragment: Annotated[
        bool, session.option("--fragment", None, "The schema of one file of a corpus folder.")
    ] = False,
) -> None:
    """Print the JSON Schema of a corpus file, generated from simcli's own models.

    Editors that use yaml-language-server validate a corpus while you type when
    its first line is '# yaml-language-server: $schema=PATH' (the bundled corpus
    has one); `simcli schema > corpus.schema.json` writes the file.
    """
    from simcli.model.schema import corpus_schema
    from simcli.output.render import Output

    session.print_output(Output(corpus_schema(fragment), []), "json")
