"""A statement's source text: plain text, Markdown, or saved HTML reduced to text.

``simcli extract`` drafts quotes from this text and ``simcli check --sources``
looks quotes up in it, so both read a source the same way: a saved web page
(``.html``/``.htm``, or any file that starts like one) becomes its visible
text, one block element to a line, with scripts, styles and the page head left
out; anything else is read as it is.
"""

from __future__ import annotations

import re
import shlex
from html.parser import HTMLParser
from pathlib import Path

from simcli.model.diagnostics import CorpusError, Diagnostic
from simcli.read.files import decode, read_bytes

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)

# elements whose content is not visible text
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
# elements that start a new line of text
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
        "td", "th", "tr", "ul",
    }
)  # fmt: skip
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.hidden = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)


def is_html(text: str, name: str = "") -> bool:
    """True for a saved web page: by its file name, or by how it starts."""
    return name.lower().endswith(HTML_SUFFIXES) or bool(_HTML_START.match(text[:4096]))


def html_to_text(html: str) -> tuple[str, str]:
    """The visible text of a page, one block to a line, and its ``<title>``."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
    text = "\n\n".join(line for line in lines if line)
    title = _SPACES.sub(" ", " ".join(parser.title)).strip()
    return text + "\n" if text else "", title


def read_source(path: Path, shown: str | None = None) -> tuple[str, str]:
    """The text of a source file and, for a web page, its title. Lines end in
    ``\n`` whatever the file has (``\r\n`` from Windows, a lone ``\r``), so that a
    position in the text is the same for every reader (a QDPX export's selections).

    Raises :class:`simcli.model.diagnostics.CorpusError` when the file cannot be read as UTF-8.
    """
    shown = shown if shown is not None else str(path)
    raw = read_bytes(path, shown)
    document = _document_kind(raw, path)
    if document is not None:
        kind, how = document
        raise CorpusError([Diagnostic(shown, None, None, (), f"a {kind}, not text: {how}", "F002")])
    text = decode(raw, shown).replace("\r\n", "\n").replace("\r", "\n")
    if is_html(text, path.name):
        return html_to_text(text)
    return text, ""


def _document_kind(raw: bytes, path: Path) -> tuple[str, str] | None:
    """A PDF or a word processor's file, by its first bytes, and how to make text of it."""
    text = shlex.quote(str(path.with_suffix(".txt")))
    if raw.startswith(b"%PDF-"):
        return "PDF", (
            f"save its text first (pdftotext {shlex.quote(str(path))} {text}, or copy the text"
            " out of a PDF reader into a .txt file) and give that file"
        )
    office = (
        "save it as plain text (.txt) or a web page (.html) from the word processor"
        f" (or pandoc {shlex.quote(str(path))} -t plain -o {text}) and give that file"
    )
    if raw.startswith(b"PK\x03\x04") and b"word/" in raw[:65536]:
        return "Word document (.docx)", office
    if raw.startswith(b"PK\x03\x04") and b"opendocument.text" in raw[:200]:
        return "OpenDocument text (.odt)", office
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "Word 97-2003 document (.doc)", office
    if raw.startswith(b"{\\rtf"):
        return "rich text document (.rtf)", office
    return None
