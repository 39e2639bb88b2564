"""Markdown wrapped for reading at a terminal: each paragraph, list item and quote
broken between words at the terminal's width (a terminal breaks a long line
anywhere, in the middle of a word). A heading's lines go on under its words: this
is Markdown for reading there, not for another program. Tables, code and lines
ending in a hard break are left as they are; so is any word longer than a line (a
link)."""

from __future__ import annotations

import re
import textwrap

#: a list item's or a heading's marker and the spaces after it, or a quote's
_LEAD = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)]|#{1,6})\s+|\s*>\s?)")
_KEPT = ("|", "```", "~~~", "<")


def wrap_markdown(text: str, width: int) -> str:
    """``text`` with every line longer than ``width`` broken between words, its
    continuation lines indented as its first (a list item's and a heading's under
    their text, a quote's marked again)."""
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or len(line) <= width or stripped.startswith(_KEPT) or line.endswith("  "):
            out.append(line)
            continue
        lead = _LEAD.match(line)
        first = lead.group(1) if lead else line[: len(line) - len(stripped)]
        rest = first if first.lstrip().startswith(">") else " " * len(first)
        wrapped = textwrap.wrap(
            line[len(first) :],
            width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
        out += wrapped or [line]
    return "\n".join(out)
