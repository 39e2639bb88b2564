"""Quote matching: found, not found, typography normalised, ellipses in order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from simcli.sources.quotes import Match, SourceText, normalise, quote_parts

TEXT = (
    "Title line\n"
    "We call on NHS England to “halt” the scheme\u00a0– at once.\n"
    "It   must be   reviewed,\n"
    "independently, and its findings PUBLISHED.\n"
)


def test_found_exactly_with_line_and_column() -> None:
    assert SourceText(TEXT).find("We call on NHS England") == Match(2, 1)
    assert SourceText(TEXT).find("its findings") == Match(4, 20)


def test_typography_case_and_spaces_are_normalised() -> None:
    source = SourceText(TEXT)
    assert source.find('to "halt" the scheme - at once') == Match(2, 24)
    assert source.find("to ‘halt’ the scheme — at once") is None  # single vs double quotes differ
    assert source.find("it must be reviewed, independently") == Match(3, 1)
    assert source.find("findings published") == Match(4, 24)


def test_not_found_when_a_word_differs() -> None:
    assert SourceText(TEXT).find("We call on NHS Scotland") is None


def test_ellipsis_matches_omitted_words_in_order() -> None:
    source = SourceText(TEXT)
    assert source.find("We call on ... at once") == Match(2, 1)
    assert source.find("We call on … at once") == Match(2, 1)
    assert source.find("We call on [...] findings published") == Match(2, 1)
    assert source.find("at once ... We call on") is None  # wrong order


def test_matches_respect_word_boundaries() -> None:
    source = SourceText("The scheme is unhalted.")
    assert source.find("halted") is None
    assert source.find("unhalted") == Match(1, 15)


def test_closest_passage_names_the_nearest_words() -> None:
    source = SourceText(TEXT)
    assert source.closest("We call on NHS Scotland to halt") == "We call on NHS England to “halt”"
    assert source.closest("We call on ... findings unpublished") == "findings PUBLISHED."


def test_quote_parts() -> None:
    assert quote_parts("A ... b… C [...] d") == ["a", "b", "c", "d"]
    assert quote_parts("...") == []


def test_normalise() -> None:
    assert normalise("  “Don’t”\u00a0—\tSTOP\u200b  ") == '"don\'t" - stop'


@given(
    st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "x1"]), min_size=1, max_size=12)
)
def test_any_run_of_words_is_found(words: list[str]) -> None:
    text = " ".join(words)
    source = SourceText("Intro.\n" + text.upper() + "\n")
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            assert source.find(" ".join(words[i:j])) is not None


# --- where a quote is: SourceText.span --------------------------------------------

TYPOGRAPHY = "abeß\ufb01\u0130\u00ad\u0301\u2019\u201c\u201d\u2014-"  # ß, ﬁ, İ, soft hyphen...


@given(
    words=st.lists(st.text(alphabet=TYPOGRAPHY, min_size=1, max_size=6), min_size=1, max_size=8),
    data=st.data(),
)
def test_span_cuts_exactly_the_quote(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    quote = " ".join(words[first : last + 1])
    span = SourceText(text).span(quote)
    if not normalise(quote):
        assert span is None
        return
    assert span is not None
    start, end = span
    assert normalise(text[start:end]) == normalise(quote), (text, quote, text[start:end])


def test_span_character_for_character() -> None:
    cases = [
        ("Stra\u00dfe-Rad\u00ad-weg", "Rad", "Rad"),
        ("e\u0301\u2014\ufb01n end", "fin", "\ufb01n"),
        ("(\u201cStra\u00dfe\u201d)", "Strasse", "Stra\u00dfe"),
        ("word\u2026next thing", "next thing", "next thing"),
        ("we say caf\u0065\u0301 now", "cafe\u0301", "cafe\u0301"),
        ("Alpha\r\nWe call... for it", "we call ... it", "We call... for it"),
    ]
    for text, quote, cut in cases:
        span = SourceText(text).span(quote)
        assert span is not None and text[span[0] : span[1]] == cut, (text, quote, span)
