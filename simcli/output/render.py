"""Output, every format in one place: tables (rich), JSON, JSON Lines, CSV, TSV and
Markdown from a command's :class:`Output`; whole pages a result writes itself
(the report, a draft). Diagnostics have their writers in :mod:`simcli.output.diagnostics`.

Corpus text is always printed as text: rich markup is never interpreted,
control characters and bidirectional overrides are shown as visible escapes
in tables and Markdown, and CSV cells that a spreadsheet would read as a
formula are neutralised.
"""

from __future__ import annotations

import io
import os
import pathlib
import re
import sys
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO, cast

from simcli.model.values import Fields

if TYPE_CHECKING:
    pass


class _Lazy:
    """A regular expression compiled when first used: a run uses few of this module's,
    and compiling them all took a tenth of simcli's own start-up. Each method, once
    looked up, is the compiled pattern's own (no lookup through here again)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        method = getattr(re.compile(*self._args), name)
        setattr(self, name, method)
        return method


def _pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return cast("re.Pattern[str]", _Lazy(pattern, flags))


# C0/C1 controls (not tab or newline), DEL, and direction marks, embeddings,
# overrides and isolates (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069)
_UNSAFE = _pattern("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# ... and on a line of its own, every line break too (a value cannot start a line)
_UNSAFE_IN_LINE = _pattern(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]"
)
# a line that GitHub Actions would run as a workflow command ("::error ...",
# "::add-mask::..."): the runner trims any leading whitespace (as .NET counts it,
# no-break and ideographic spaces included) before it looks for "::"; and the old
# syntax "##[command]" counts anywhere in a line
_COMMAND_LINE = _pattern(r"^([^\S\n]*):(?=:)", re.M)
_OLD_COMMAND = "##["


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """Control and direction characters written out, so they cannot act on a terminal."""
    if text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable():
        return text  # (every character the pattern matches is one Python cannot print)
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """:func:`visible`, and line breaks written out too: for diagnostics and every
    other line that must stay one line, whatever the data in it says."""
    return inert_lines(text if text.isprintable() else _UNSAFE_IN_LINE.sub(_escape, text))


def inert_lines(text: str) -> str:
    """Text in which no line can be taken for a GitHub Actions workflow command: a
    line (of a table cell, a CSV field) starting ``::`` after any whitespace has its
    first colon written as ``\\u003a``, and ``##[`` anywhere is written
    ``#\\u0023[`` (in JSON, an escape of the same text). Everything simcli prints
    passes through here."""
    if _OLD_COMMAND in text:
        text = text.replace(_OLD_COMMAND, "#\\u0023[")
    if "::" not in text:  # (what the pattern looks for: the scan is left out)
        return text
    return _COMMAND_LINE.sub(lambda m: m.group(1) + "\\u003a", text)


def inert_json(text: str) -> str:
    """:func:`inert_lines` for JSON that :func:`dumps` wrote, without the scan of
    every line: no line of it can start with ``::``, since each starts, after its
    indent, with a bracket, a brace, a quote, a digit, a minus or a literal, and a
    line break inside a string is written ``\\n``. Only the old ``##[`` syntax,
    which counts anywhere in a line, is looked for. (The scan took a third of a
    second over a 35 MiB answer.)"""
    return text.replace(_OLD_COMMAND, "#\\u0023[") if _OLD_COMMAND in text else text


def safe_url(url: str) -> str:
    """A web address with everything that could end a Markdown link, open an HTML
    tag or act on a terminal percent-encoded: spaces, controls, format characters
    (direction marks), quotes, ``<``, ``>``, backslash. The corpus schema refuses
    those already; this holds for records built in Python too."""
    return "".join(ch if _url_safe(ch) else urllib.parse.quote(ch, safe="") for ch in url)


_URL_ASCII = frozenset(
    "!#$%&()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyz~"
)


def _url_safe(ch: str) -> bool:
    if ch < "\x80":
        return ch in _URL_ASCII
    import unicodedata  # (only for an address that is not ASCII)

    return unicodedata.category(ch)[0] not in "CZ"  # not a control, format or space


def dumps(value: Any, indent: int | None = None) -> str:
    """JSON as simcli writes it: UTF-8 text kept as it is.

    An indented document is encoded by orjson, when it is installed, in the same
    bytes as the standard library's (whose C encoder does not indent, so a large
    answer spent most of its time in the pure-Python one); a value orjson cannot
    take (a lone surrogate) falls back to the standard library."""
    if indent == 2:
        try:
            import orjson
        except ImportError:  # pragma: no cover - orjson is a dependency
            pass
        else:
            try:
                return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
            except TypeError:  # orjson.JSONEncodeError
                pass
    import json  # loaded on first use: the command line starts without it

    return json.dumps(value, indent=indent, ensure_ascii=False)


def cell(value: Any) -> str:
    """A JSON value as one table or CSV cell: nothing for null, ``true``/``false``,
    a list of words joined with ``;``, a record or a list of records as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return dumps(value)
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return dumps(value)
        return ";".join(str(v) for v in value)
    return str(value)


def csv_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP's advice: prefix a quote),
    with control and direction characters made visible as everywhere but JSON."""
    if value and value[0] in "=+-@\t\r":
        value = "'" + value
    return visible(value)


class Table(Fields):
    """Rows of text under column headings, with an optional title and notes."""

    def __init__(
        self,
        columns: list[str],
        rows: list[list[str]] | None = None,
        title: str | None = None,
        notes: list[str] | None = None,
        wide: int = -1,
        named: bool = False,
        table_from: int | None = None,
    ) -> None:
        self.columns = columns
        self.rows: list[list[str]] = rows if rows is not None else []
        self.title = title
        self.notes: list[str] = notes if notes is not None else []
        self.wide = wide  # the column of long text that takes the spare width
        self.named = named  # the first column's first line is the row's id (shown in bold)
        #: a listing's width for columns: narrower, ``auto`` shows it as records whatever
        #: the rows (a listing keeps one shape whatever its filters); None: as the words fit
        self.table_from = table_from


class TooWide(Exception):
    """``--layout table`` where the columns cannot fit the width without cutting a word."""

    def __init__(self, needed: int, width: int) -> None:
        super().__init__(
            f"--layout table: the columns need {needed} characters, the width is {width};"
            " widen the terminal (or set COLUMNS), or use --layout records or auto"
        )
        self.needed, self.width = needed, width


class Output(Fields):
    """What a command prints: a JSON document and the tables for the other formats."""

    def __init__(
        self,
        doc: Any,
        tables: list[Table],
        csv: Table | None = None,
        records: list[dict[str, Any]] | None = None,
        pages: dict[str, Callable[[], str]] | None = None,
        files: dict[str, Callable[[pathlib.Path], None]] | None = None,
        layout: str = "auto",
        aside: str = "",
        later: Callable[[], tuple[list[Table], Table | None]] | None = None,
    ) -> None:
        self.doc = doc
        self.tables = tables
        self.csv = csv  # the one table CSV carries; default the first
        self.records = records  # JSON Lines, one a line; default the doc's
        #: whole-page formats
        self.pages: dict[str, Callable[[], str]] = pages if pages is not None else {}
        #: FILE_FORMATS
        self.files: dict[str, Callable[[pathlib.Path], None]] = files if files is not None else {}
        self.layout = layout  # tables: one of LAYOUTS
        #: a line the tables carry as a note, and the other formats on stderr (what the
        #: answer leaves out of its count, such as demands only possibly made by then)
        self.aside = aside
        #: lays out ``tables`` and ``csv`` when a format that shows them is asked for:
        #: a view whose JSON alone is printed never builds rows it would not print
        self.later = later

    def laid_out(self) -> Output:
        """Itself, with its tables and CSV table built (see :attr:`later`)."""
        if self.later is not None:
            build, self.later = self.later, None
            self.tables, self.csv = build()
        return self


_STREAMED = 1000  # JSON Lines records written at a time
_ENCODED = ("json", "jsonl")  # written by dumps alone: see inert_json


def emit(output: Output, fmt: str, stream: TextIO | None = None) -> None:
    """Write ``output`` in ``fmt`` to ``stream`` (stdout): a reader that goes away
    raises :class:`BrokenPipeError` here, for the caller to end quietly. JSON Lines
    is streamed, a thousand records at a time, rather than held whole as text; the
    bytes are :func:`rendered`'s."""
    out = stream or sys.stdout
    if fmt != "jsonl" or fmt in output.pages:
        out.write(rendered(output, fmt, out))
        return
    records = output.records if output.records is not None else output.doc
    for start in range(0, len(records), _STREAMED):
        lines = "".join(dumps(r) + "\n" for r in records[start : start + _STREAMED])
        out.write(inert_json(lines))


def rendered(
    output: Output, fmt: str, terminal: TextIO | None = None, *, inert: bool = True
) -> str:
    """``output`` as text in ``fmt``; a table is laid out for ``terminal``'s width.

    Text for a terminal or a pipe is ``inert`` (see :func:`inert_lines`); a file
    written with ``--out`` keeps the data exactly (``inert=False``)."""
    page = output.pages.get(fmt)
    text = page() if page is not None else _WRITERS[fmt](output, terminal)
    if not inert:
        return text
    return inert_json(text) if page is None and fmt in _ENCODED else inert_lines(text)


def write_file(output: Output, fmt: str, path: pathlib.Path) -> None:
    """Build ``output`` in one of :data:`FILE_FORMATS` in the (new, empty) file ``path``."""
    output.files[fmt](path)


def _json(output: Output, terminal: TextIO | None) -> str:
    return dumps(output.doc, 2) + "\n"


def _jsonl(output: Output, terminal: TextIO | None) -> str:
    records = output.records if output.records is not None else output.doc
    return "".join(dumps(r) + "\n" for r in records)


def records_table(records: Sequence[dict[str, Any]]) -> Table:
    """Records as one table: their keys the (snake_case) columns, each value a cell."""
    columns = list(dict.fromkeys(key for record in records for key in record))
    return Table(columns, [[cell(record.get(key)) for key in columns] for record in records])


def _csv_table(output: Output) -> Table:
    """The one table CSV and TSV carry: the command's own, else its JSON records."""
    output.laid_out()
    if output.csv is not None:
        return output.csv
    if isinstance(output.doc, list) and all(isinstance(r, dict) for r in output.doc):
        return records_table(output.doc)
    return output.tables[0]


def _csv(output: Output, terminal: TextIO | None) -> str:
    """CSV with a header row; a line break in a cell is written ``\\n``, so that a
    row is always one line."""
    table = _csv_table(output)
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(csv_row(row))
    return buffer.getvalue()


def csv_row(row: Iterable[str]) -> list[str]:
    """A table's row as CSV writes it (its header row is written as it is): no cell
    a formula, and a line break in a cell written ``\\n``, so that a row is one line."""
    return [csv_cell(value).replace("\n", "\\n") for value in row]


# a cell's other control characters are \uXXXX already (csv_cell)
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n"})


def _tsv(output: Output, terminal: TextIO | None) -> str:
    """Tab-separated values as spreadsheets and ``cut`` read them: CSV's table, with
    a backslash, tab or line break in a cell written ``\\``, ``\\t``, ``\\n``, so
    that a row is one line; a cell holding a double quote is quoted as in CSV
    (spreadsheets would otherwise take a leading quote for quoting)."""
    import csv

    table = _csv_table(output)
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel-tab", lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([csv_cell(value).translate(_TSV_ESCAPES) for value in row])
    return buffer.getvalue()


def _table(output: Output, terminal: TextIO | None) -> str:
    return _rich(output.laid_out().tables, terminal or sys.stdout, output.layout)


def format_names(formats: Sequence[str]) -> str:
    """``table, json, csv or markdown``: the choices, for help texts."""
    return ", ".join(formats[:-1]) + f" or {formats[-1]}" if len(formats) > 1 else formats[0]


#: backslash-escaped, so shown as is: emphasis, code, links, HTML, headings, strike-through,
#: math, table cells; ``&`` of a character reference (``&rlm;``); ``:`` of an address
#: (``https:``) or an emoji (``:tada:``)
_MD_PUNCTUATION = _pattern(r"([`*_\[\]<>#~$|]|&(?=#?\w+;)|:(?=[\w/]))")
_MD_WWW = _pattern(r"(?i)\b(www)\.")  # a bare address GitHub would link
_MD_LINE_START = _pattern(r"(?m)^([ \t]*)([-+=]|\d+(?=[.)]))")  # a list item, a heading rule


def markdown_text(text: object) -> str:
    """Data as Markdown text, shown as written wherever GitHub renders it: no
    emphasis, strike-through (``~~``), code, links (``[..](..)``, bare ``https:`` and
    ``www.`` addresses), images, HTML, character references (``&rlm;``), math
    (``$``), emoji (``:x:``), headings, quotes, lists or table cells from the data
    (every such character backslash-escaped), and no ``@mention`` or ``#1``
    reference that would notify or link someone (a zero-width space after each
    ``@`` and ``#``, as GitHub's own bots write them); line breaks kept, for the
    caller."""
    out = _MD_PUNCTUATION.sub(r"\\\1", visible(str(text)).replace("\\", "\\\\"))
    out = _MD_WWW.sub(r"\1\\.", out).replace("@", "@&#8203;").replace("\\#", "\\#&#8203;")
    return _MD_LINE_START.sub(lambda m: m[1] + "\\" + m[2] if m[2] in "-+=" else m[0] + "\\", out)


def _md_cell(text: str) -> str:
    return markdown_text(text).replace("\n", "<br>")


def _markdown(output: Output, terminal: TextIO | None) -> str:
    parts = []
    for table in output.laid_out().tables:
        lines = []
        if table.title:
            lines += [f"### {_md_cell(table.title)}", ""]
        if table.rows:
            lines.append("| " + " | ".join(_md_cell(c) for c in table.columns) + " |")
            lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
        else:
            lines.append("(none)")
        for note in table.notes:  # a note's blank lines set it apart, as Markdown does
            lines += ["", _md_cell(note.strip("\n"))]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


_WRITERS: dict[str, Callable[[Output, TextIO | None], str]] = {
    "table": _table,
    "json": _json,
    "jsonl": _jsonl,
    "csv": _csv,
    "tsv": _tsv,
    "markdown": _markdown,
}
QUERY_FORMATS = ("table", "json", "csv", "tsv", "markdown")  # every command that answers
FILE_FORMATS = ("sqlite", "qdpx")  # not text: built in a file (Output.files), never to stdout
PAGE_FORMATS = ("html", "markdown")  # a briefing: a page the result writes whole (Output.pages)
DRAFT_FORMATS = ("yaml", "json")  # extract's draft: a corpus file to review, or data


def _floors(table: Table) -> list[int]:
    """Each column's longest word (or id, date, number): narrower would cut it."""
    from rich.cells import cell_len

    n = len(table.columns)
    columns = [[table.columns[i], *(row[i] for row in table.rows)] for i in range(n)]
    return [max([1, *(cell_len(word) for text in col for word in text.split())]) for col in columns]


GAP = 2  # spaces between columns


def column_widths(table: Table, total: int, gap: int = GAP) -> list[int] | None:
    """Widths that fit ``total`` columns without cutting a word: each column at least
    as wide as its longest word (an id, a date, a number), short columns as they
    are (up to a cap), the wide column the rest, and what is left to the others.
    ``None`` when even the longest words side by side do not fit: the table is
    then shown as records (see :func:`_records`)."""
    from rich.cells import cell_len

    n = len(table.columns)
    cells = [[table.columns[i], *(row[i] for row in table.rows)] for i in range(n)]
    natural = [
        max(cell_len(line) for text in column for line in text.split("\n")) for column in cells
    ]
    floors = _floors(table)
    room = total - gap * (n - 1)
    if sum(natural) <= room:
        return natural
    if sum(floors) > room:
        return None
    headed = [max(f, cell_len(c)) for f, c in zip(floors, table.columns, strict=True)]
    if sum(headed) <= room:  # headings whole too, when they fit
        floors = headed
    wide = table.wide % n
    widths = list(floors)
    spare = room - sum(widths)

    def grow(i: int, to: int) -> None:
        nonlocal spare
        give = min(max(to - widths[i], 0), spare)
        widths[i] += give
        spare -= give

    # the wide column keeps a third of the room, then the short columns grow to 24,
    # then the wide column to its natural width, then the others to theirs
    grow(wide, min(natural[wide], room // 3))
    for i in range(n):
        if i != wide:
            grow(i, min(natural[i], 24))
    grow(wide, natural[wide])
    for i in range(n):
        grow(i, natural[i])
    return widths


STATUS_STYLES = {
    "open": "bold red",
    "refused": "bold magenta",
    "partly-met": "bold yellow",
    "met late": "bold cyan",
    "met": "bold green",
}
_STATUS_WORD = _pattern(r"(?m)^(" + "|".join(map(re.escape, STATUS_STYLES)) + r")\b")
STATUS_COLUMNS = ("Status", "Theme status")  # columns whose lines may start with a status


def _cell_styles(text: str, column: str, named: bool = False) -> list[tuple[int, int, str]]:
    """A cell's styles (start, end, style): a status word at the start of a line of a
    status column coloured, and the id that names a row (its first line) in bold."""
    found = [(0, len(text.split("\n", 1)[0]), "bold")] if named else []
    if column in STATUS_COLUMNS:
        found += [
            (m.start(), m.end(), STATUS_STYLES[m.group(1)]) for m in _STATUS_WORD.finditer(text)
        ]
    return [(start, end, style) for start, end, style in found if end > start]


def _styled(text: str, column: str, named: bool = False) -> Any:
    """A cell as rich text, never markup, with :func:`_cell_styles`' styles (plain
    with NO_COLOR or in a pipe, where rich writes no styles)."""
    from rich.text import Text

    shown = Text(text)
    for start, end, style in _cell_styles(text, column, named):
        shown.stylize(style, start, end)
    return shown


def _records(table: Table, width: int) -> tuple[str, list[tuple[int, int, str]]]:
    """A table too wide for the terminal as one block per row, as psql's expanded
    display shows it: ``-[ 2 ]---`` then ``field  value`` lines, the value wrapped
    at spaces. When a field's name and a long word (an id) will not fit on one
    line, each name has a line of its own and its value is indented below it. A
    word longer than a whole line is kept whole.

    Made as one text and its styles (start, end, style), not a rich text a line: a
    thousand records are some ten thousand lines."""
    label = max(len(c) for c in table.columns)
    longest = max(_floors(table))  # the longest word of any column
    stacked = label + 2 + longest > width
    room = max(width - 2 if stacked else width - label - 2, 1)
    parts: list[str] = []
    styles: list[tuple[int, int, str]] = []
    at = 0  # characters so far

    def add(text: str, style: str | None = None) -> None:
        nonlocal at
        parts.append(text)
        if style is not None and text:
            styles.append((at, at + len(text), style))
        at += len(text)

    rule = min(width, 40)
    for number, row in enumerate(table.rows, 1):
        head = f"-[ {number} ]"
        if number > 1:
            add("\n")
        add(head + "-" * max(rule - len(head), 3), "dim")
        for n, (column, value) in enumerate(zip(table.columns, row, strict=True)):
            if stacked:
                add("\n")
                add(column, "bold")
            for i, line in enumerate(_wrapped(value, room)):
                if stacked:
                    add("\n  ")
                else:
                    add("\n")
                    add((column if i == 0 else "").ljust(label), "bold")
                    add("  ")
                named = table.named and n == 0 and i == 0
                styles += [
                    (at + a, at + b, style) for a, b, style in _cell_styles(line, column, named)
                ]
                add(line)
    return "".join(parts), styles


def _say(console: Any, text: str, style: str = "") -> None:
    """A title or a note, wrapped at spaces to the width, a long word kept whole."""
    from rich.text import Text

    indent = text[: len(text) - len(text.lstrip(" "))]  # a note's indent holds for all its lines
    for line in _wrapped(text.lstrip(" "), max(console.width - len(indent), 1)):
        console.print(Text(indent + line, style=style), crop=False, overflow="ignore", no_wrap=True)


def _wrapped(value: str, width: int) -> list[str]:
    """A cell's lines wrapped at spaces to ``width``, never inside a word."""
    import textwrap

    lines: list[str] = []
    for paragraph in value.split("\n"):
        if (
            len(paragraph) <= width
            and paragraph.isprintable()
            and paragraph.strip(" ") == paragraph
        ):
            lines.append(paragraph)  # most: one line, as textwrap leaves it
        else:
            wrapped = textwrap.wrap(
                paragraph, width, break_long_words=False, break_on_hyphens=False
            )
            lines += wrapped or [""]
    return lines


LAYOUTS = ("auto", "table", "records")


def _rich(tables: Sequence[Table], out: TextIO, layout: str = "auto") -> str:
    """Tables for a terminal. ``layout``: ``table``, columns side by side, words never
    cut (a column as wide as its longest word, the table wider than the terminal
    if need be); ``records``, one block per row (:func:`_records`); ``auto``, a
    table when its words fit the terminal's width, records when they do not."""
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    no_color = bool(os.environ.get("NO_COLOR"))
    console = Console(
        file=out,
        highlight=False,
        markup=False,
        emoji=False,
        no_color=no_color,
        color_system=None if no_color else "auto",  # NO_COLOR: no escape codes at all
        soft_wrap=False,
    )
    console.begin_capture()  # rendered for out's width and colours, written by the caller
    for n, table in enumerate(tables):
        if n:
            console.print()
        if table.title:
            _say(console, visible(table.title), "bold")
        if table.rows:
            shown = Table(table.columns, [[visible(c) for c in row] for row in table.rows])
            shown.wide, shown.named = table.wide, table.named
            widths = column_widths(shown, console.width)
            narrow = table.table_from is not None and console.width < table.table_from
            if layout == "records" or (layout == "auto" and (widths is None or narrow)):
                # as each line printed alone would be: never wrapped, never cut
                console.print(_Printed(*_records(shown, console.width)), crop=False)
                for note in table.notes:
                    _say(console, visible(note))
                continue
            if widths is None:  # a table asked for, and its longest words do not fit
                floors = _floors(shown)
                raise TooWide(sum(floors) + GAP * (len(floors) - 1), console.width)
            tall = any(
                "\n" in cell or len(cell) > width
                for row in shown.rows
                for cell, width in zip(row, widths, strict=True)
            )
            grid = RichTable(
                box=box.SIMPLE_HEAD,
                show_edge=False,
                pad_edge=False,
                collapse_padding=True,  # GAP spaces between columns
                show_lines=tall,  # rows of more than one line are set apart by a blank line
            )
            for column, width in zip(table.columns, widths, strict=True):
                grid.add_column(Text(column), overflow="fold", width=width)
            if not _ours(shown, widths, console.width, console.color_system is None):
                for row in shown.rows:
                    grid.add_row(
                        *(
                            _styled(cell, column, table.named and n == 0)
                            for n, (cell, column) in enumerate(zip(row, table.columns, strict=True))
                        )
                    )
                console.print(grid)
            else:  # rich: the heading and the first line; we: the rest, line for line the same
                rows = [
                    [
                        _cell_lines(cell, width, console)
                        for cell, width in zip(row, widths, strict=True)
                    ]
                    for row in shown.rows
                ]
                grid.add_row(*(Text(lines[0]) for lines in rows[0]))
                console.print(grid)
                rows[0] = [lines[1:] for lines in rows[0]]
                console.print(_RowLines(rows, widths, tall), crop=False)
        else:
            console.print(Text("(none)"))
        for note in table.notes:
            _say(console, visible(note))
    return console.end_capture()


# rich lays out a cell in time that grows with the square of its height (at each line
# break it copies the rest of the cell's text), and a row in some 0.2 ms: a table with a
# cell longer than _TALL or more than _MANY rows is laid out by _cell_lines, line for line
# as rich would, in linear time; so is every table where no style is written (a pipe,
# NO_COLOR: rich's styles are all the two would differ in)
_TALL = 4_000
_MANY = 500


def _ours(table: Table, widths: list[int], total: int, plain: bool) -> bool:
    """Whether _cell_lines lays out the table: a tall or long one, or any where no
    style is written (``plain``), when rich keeps to ``widths`` (it narrows every
    column of a table wider than the terminal)."""
    if sum(widths) + GAP * (len(widths) - 1) > total:
        return False
    if plain:  # (rich pads a bold span ending in a zero-width character one short)
        return not table.named or all(
            _one_column_each(row[0].split("\n", 1)[0]) for row in table.rows
        )
    return len(table.rows) > _MANY or any(len(cell) > _TALL for row in table.rows for cell in row)


_LAST_WORD_END = _pattern(r".*\S(?=\s)", re.S)
_SPACES = _pattern(r"\s*")
_WORD = _pattern(r"\s*\S+\s*")


def _cell_lines(text: str, width: int, console: Any) -> list[str]:
    """A table cell's lines, each ``width`` columns, as rich lays them out: wrapped
    between words, a word longer than a line folded, left-justified (no text cut)."""
    if len(text) <= width and "\n" not in text and "\t" not in text and _one_column_each(text):
        return [text.ljust(width)]  # most cells: one line
    lines: list[str] = []
    for paragraph in text.split("\n"):
        flat = paragraph.expandtabs(8) if "\t" in paragraph else paragraph
        if _one_column_each(flat):
            lines += [line[:width].ljust(width) for line in _divide(flat, width)]
        else:  # wide or zero-width characters: rich measures them (linear, slower)
            from rich.cells import set_cell_size
            from rich.text import Text

            wrapped = Text(paragraph).wrap(console, width, justify="left", overflow="fold")
            lines += [set_cell_size(line.plain, width) for line in wrapped]
    return lines


def _after_spaces(text: str, pos: int) -> int:
    spaces = _SPACES.match(text, pos)
    return spaces.end() if spaces else pos


def _one_column_each(text: str) -> bool:
    from rich.cells import get_character_cell_size

    return all(get_character_cell_size(char) == 1 for char in set(text))


def _divide(text: str, width: int) -> list[str]:
    """A line of one-column characters in lines of at most ``width`` (but for trailing
    spaces), broken where rich's ``divide_line`` breaks it: each line takes the
    words that fit, a space run stays with the word before it, and a word longer
    than a line is folded, its last piece starting the next line."""
    if not text.strip():
        return [text[:width]]
    out: list[str] = []
    start, n = 0, len(text)
    while start < n:
        if n - start <= width:
            out.append(text[start:])
            break
        end = _LAST_WORD_END.match(text, start, start + width + 1)
        if end is not None:  # the words up to here fit
            after = _after_spaces(text, end.end())
        elif start and text[start].isspace():  # spaces a folded word left, on their own
            after = _after_spaces(text, start)
        else:  # a word longer than a line: folded
            word = _WORD.match(text, start)
            word_end = word.end() if word else n
            while word_end - start > width:
                out.append(text[start : start + width])
                start += width
            continue
        out.append(text[start:after])
        start = after
    return out


class _Printed:
    """Text and its styles (start, end, style) printed as they are (no wrapping, no
    cropping, each line's length its own), in one pass: as ``console.print(line,
    crop=False, overflow="ignore", no_wrap=True)`` prints each of its lines. Where
    no style is written (a pipe, NO_COLOR), the text alone."""

    def __init__(self, text: str, styles: list[tuple[int, int, str]]) -> None:
        self.text, self.styles = text, styles

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.segment import Segment
        from rich.text import Span, Text

        if console.color_system is None:
            yield Segment(self.text + "\n")
            return
        spans = [Span(*style) for style in self.styles]
        yield from Text(self.text, spans=spans).render(console, end="\n")


class _RowLines:
    """Table rows laid out already (by _cell_lines), for rich to pass on as they are."""

    def __init__(self, rows: list[list[list[str]]], widths: list[int], apart: bool) -> None:
        self.rows, self.widths, self.apart = rows, widths, apart  # apart: a blank line between

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.segment import Segment

        blank = [" " * width for width in self.widths]
        out: list[str] = []
        for n, cells in enumerate(self.rows):
            if n and self.apart:
                out.append((" " * GAP).join(blank) + "\n")
            for i in range(max(len(lines) for lines in cells)):
                line = (lines[i] if i < len(lines) else blank[j] for j, lines in enumerate(cells))
                out.append((" " * GAP).join(line) + "\n")
        yield Segment("".join(out))
