"""Markdown at a terminal is wrapped between words at its width (output/wrapped.py)."""

from __future__ import annotations

from simcli.output.wrapped import wrap_markdown

#: lines left as they are: a table, code, a hard break, a link, a short line
KEPT = [
    "| a | table | row | that | is | wider | than | the | width |",
    "```",
    "code that is long and must stay as it is",
    "```",
    "a hard break that is kept whole  ",
    "<https://example.org/a-link-longer-than-the-width>",
    "short",
]


def test_paragraphs_items_quotes_and_headings_wrap_under_their_text() -> None:
    text = "\n".join([
        "# A heading that runs on and on past the width",
        "",
        "A paragraph of words that is longer than the width by far.",
        "- **StopSIM** (2021), of NHSE: “Halt the rollout”",
        "12. a numbered item that goes on",
        "> a quoted line that goes on",
        *KEPT,
    ])  # fmt: skip
    assert wrap_markdown(text, 24).split("\n") == [
        "# A heading that runs on",
        "  and on past the width",
        "",
        "A paragraph of words",
        "that is longer than the",
        "width by far.",
        "- **StopSIM** (2021), of",
        "  NHSE: “Halt the",
        "  rollout”",
        "12. a numbered item that",
        "    goes on",
        "> a quoted line that",
        "> goes on",
        *KEPT,
    ]


def test_a_word_longer_than_a_line_is_kept_whole_on_a_line_of_its_own() -> None:
    link = "<https://example.org/" + "x" * 40 + ">"
    assert wrap_markdown(f"- Source: {link}", 30).split("\n") == ["- Source:", f"  {link}"]
