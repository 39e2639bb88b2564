"""Writing files for the commands: ``--out`` and ``--force``, written whole or not at
all (:mod:`simcli.store.atomic`), exports and reports. Apart from
:mod:`simcli.cli.session` so that a question's path never loads it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from simcli.cli import session
from simcli.model.text import plural

if TYPE_CHECKING:
    from simcli.output.export.result import Export
    from simcli.output.report.briefing import Briefing
    from simcli.store.report_data import Streamed


def same_file(a: Path, b: Path) -> bool:
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
        session.fail(f"{option}: {what}: {folder}")
    if folder is not None and escapes(folder) is not None:
        session.fail(f"{option}: {folder} is a symbolic link out of its folder: not read")


@contextlib.contextmanager
def writing(out: Path, option: str = "--out") -> Iterator[None]:
    """Exit 2 with one line when ``option``'s file cannot be (re)placed or written."""
    from simcli.store.atomic import NotAFile, OutputExists

    try:
        yield
    except OutputExists:
        session.fail(f"{option}: {out} exists; add --force to replace it")
    except NotAFile as exc:
        session.fail(f"{option}: {exc}")
    except OSError as exc:
        session.fail(f"{option}: cannot write {out}: {exc.strerror or exc}")


def refuse_overwrite(out: Path | None, force: bool, option: str = "--out") -> None:
    """Exit 2 before any work when ``option``'s file exists and ``--force`` was not
    given, or is not a regular file, or its folder is missing or cannot be written."""
    from simcli.store.atomic import replaceable

    if out is None or str(out) == "-":
        return
    if not out.name:
        session.fail(f"{option}: give a file name (or - for standard output)")
    with writing(out, option):
        replaceable(out, force)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        session.fail(f"{option}: cannot write {out}: no such folder {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        session.fail(f"{option}: cannot write {out}: the folder {folder} is not writable")


def deliver(text: str, out: Path | None, force: bool, summary: str, markdown: bool = False) -> None:
    """Write ``text`` to stdout (no ``--out``, or ``--out -``), or to ``--out`` whole
    or not at all. ``markdown`` at a terminal is wrapped at its width, between words."""
    from simcli.store.atomic import write_atomically

    if out is None or str(out) == "-":
        from simcli.output.render import inert_lines

        if markdown and sys.stdout.isatty():
            import shutil

            from simcli.output.wrapped import wrap_markdown

            text = wrap_markdown(text, shutil.get_terminal_size().columns)
        session.show(inert_lines(text))  # a briefing's Markdown at a terminal: paged
        return
    with writing(out):
        write_atomically(out, text, force)
    session.say(f"wrote {out}: {summary}", err=True)


def build(out: Path, force: bool, summary: str, write: Callable[[Path], None]) -> None:
    """Have ``write`` build the file ``--out`` whole or not at all (SQLite, QDPX)."""
    from simcli.store.atomic import build_atomically

    with writing(out):
        build_atomically(out, write, force)
    session.say(f"wrote {out}: {summary}", err=True)


def write_export(
    exported: Export,
    fmt: str,
    out: Path | None,
    force: bool,
    metadata: Path | None,
    allow_missing: bool,
    sources: Path | None,
) -> None:
    """Write an export where its options say: the claims it cannot place are
    reported (and fail it without ``--allow-missing``); a file format is built whole
    at ``--out``; Datasette's metadata is written beside a database."""
    from simcli.output.diagnostics import diagnostics_text
    from simcli.output.render import FILE_FORMATS, Output, rendered, write_file
    from simcli.store.atomic import write_atomically

    if exported.problems:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(diagnostics_text(exported.problems, "text"))
        left_out = plural(len(exported.left_out), "claim")
        if exported.empty:
            session.fail(f"cannot place any claim in the source texts ({sources}); nothing written")
        if not allow_missing:
            session.fail(
                f"cannot place {left_out} in the source texts; nothing written"
                " (--allow-missing exports the rest)"
            )
        session.say(f"simcli: {left_out} left out: {', '.join(exported.left_out)}", err=True)
    if fmt in FILE_FORMATS and out is not None:
        build(out, force, exported.summary, lambda path: write_file(exported.output, fmt, path))
    elif out is None or str(out) == "-":
        session.print_output(exported.output, fmt)  # JSON Lines streamed
    else:
        deliver(rendered(exported.output, fmt, inert=False), out, force, exported.summary)
    if metadata is not None and exported.metadata is not None and out is not None:
        doc = rendered(Output(exported.metadata(out), []), "json", inert=False)
        with writing(metadata, "--datasette-metadata"):
            write_atomically(metadata, doc, force)
        session.say(f"wrote {metadata}: Datasette metadata", err=True)


def page_format(fmt: str | None, out: Path | None) -> str:
    """report's ``--format``, or its default: Markdown at a terminal (said on stderr)
    or for an ``--out`` ending in .md, else HTML."""
    if fmt is None and out is None and sys.stdout.isatty():
        # a page of HTML is no use on a screen: Markdown reads there
        session.say("simcli: Markdown at a terminal; --out FILE.html writes the page", err=True)
        return "markdown"
    if fmt is None:
        markdown = out is not None and out.suffix.lower() in (".md", ".markdown")
        return "markdown" if markdown else "html"
    return fmt


def write_report(brief: Briefing, fmt: str, out: Path | None, force: bool) -> None:
    """Write a briefing to ``--out`` (or stdout); a summarised one, to a file, with
    every claim and outcome beside it as CSV, written first: a page never points to
    a CSV that failed."""
    from simcli.output.render import rendered
    from simcli.output.report.briefing import companion_output, companion_path, report_output

    companion = None
    if brief.large and out is not None and str(out) != "-":
        companion = companion_path(out)
        refuse_overwrite(companion, force, "the page's companion CSV")
        brief.companion = companion.name
    text = rendered(report_output(brief), fmt, inert=False)
    if companion is not None:
        claims = rendered(companion_output(brief), "csv", inert=False)
        deliver(claims, companion, force, "every claim and outcome (CSV)")
    deliver(text, out, force, f"{fmt}, {len(text.encode('utf-8')):,} bytes", fmt == "markdown")


def write_streamed_report(
    source: Streamed, day: dt.date, title: str | None, fmt: str, out: Path | None, force: bool
) -> None:
    """:func:`write_report` of a corpus read a batch at a time: the companion CSV
    written row by row as the page's counts are taken (whole or not at all), then
    the page."""
    from simcli.output.render import rendered
    from simcli.output.report.briefing import companion_path, report_output
    from simcli.output.report.streamed import streamed_briefing

    try:
        if out is not None and str(out) != "-":
            companion = companion_path(out)
            refuse_overwrite(companion, force, "the page's companion CSV")
            made: list[Briefing] = []

            def write(tmp: Path) -> None:
                with open(tmp, "w", encoding="utf-8", newline="") as handle:
                    made.append(streamed_briefing(source, day, title, handle))

            build(companion, force, "every claim and outcome (CSV)", write)
            brief = made[0]
            brief.companion = companion.name
        else:
            brief = streamed_briefing(source, day, title)
    finally:
        source.close()
    text = rendered(report_output(brief), fmt, inert=False)
    deliver(text, out, force, f"{fmt}, {len(text.encode('utf-8')):,} bytes", fmt == "markdown")
