"""Find a quote in its source text, forgiving only typography.

Both sides are normalised the same way: Unicode compatibility forms (NFKC),
curly quotes to straight ones, every dash to ``-``, no-break and other spaces
to a plain space, runs of whitespace to one space, and case folded. ``...``
or ``…`` in a quote stands for omitted words: the pieces on either side must
occur in the source in that order. Matches start and end on word boundaries.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass

_QUOTES: dict[int, str | None] = dict.fromkeys(
    map(ord, "\u2018\u2019\u201a\u201b\u2032\u2035`\u00b4\u2039\u203a"), "'"
)
_QUOTES.update(dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"), '"'))
_QUOTES.update(
    dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
)
_QUOTES.update(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None))
_WS = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\s*\[?\s*\.\s*\.\s*\.\s*\]?\s*")
_WORD = re.compile(r"\S+")


def normalise(text: str) -> str:
    """The form both quote and source are compared in."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _WS.sub(" ", text).strip().casefold()


def quote_parts(quote: str) -> list[str]:
    """The normalised pieces of a quote between its ellipses."""
    pieces = _ELLIPSIS.split(unicodedata.normalize("NFKC", quote))
    return [p for p in (normalise(piece) for piece in pieces) if p]


def _is_boundary(text: str, index: int) -> bool:
    """True where ``index`` does not cut through a word."""
    if index <= 0 or index >= len(text):
        return True
    return not (text[index - 1].isalnum() and text[index].isalnum())


@dataclass(frozen=True)
class Match:
    """Where a quote was found: 1-based line and column of its first piece."""

    line: int
    column: int


class SourceText:
    """A source text prepared for quote lookups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        words = [normalise(text[a:b]) for a, b in self.spans]
        # each normalised word maps back to its span; "" words (zero-width only) drop out
        keep = [i for i, w in enumerate(words) if w]
        self.spans = [self.spans[i] for i in keep]
        self.words = [words[i] for i in keep]
        self.starts: list[int] = []
        pos = 0
        for word in self.words:
            self.starts.append(pos)
            pos += len(word) + 1
        self.norm = " ".join(self.words)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def _find(self, piece: str, start: int) -> int:
        while True:
            at = self.norm.find(piece, start)
            if at < 0:
                return -1
            if _is_boundary(self.norm, at) and _is_boundary(self.norm, at + len(piece)):
                return at
            start = at + 1

    def find(self, quote: str) -> Match | None:
        """Where the quote occurs, or ``None``."""
        parts = quote_parts(quote)
        if not parts:
            return None
        pos, first = 0, -1
        for part in parts:
            at = self._find(part, pos)
            if at < 0:
                return None
            if first < 0:
                first = at
            pos = at + len(part)
        return self._position(first)

    def _position(self, norm_index: int) -> Match:
        word = max(bisect.bisect_right(self.starts, norm_index) - 1, 0)
        offset = self.spans[word][0] if self.spans else 0
        line = bisect.bisect_right(self.line_starts, offset)
        return Match(line, offset - self.line_starts[line - 1] + 1)

    def closest(self, quote: str, limit: int = 200) -> str:
        """The passage of the source most like the quote (its first missing piece)."""
        parts = quote_parts(quote)
        if not parts or not self.words:
            return ""
        pos, missing = 0, parts[0]
        for part in parts:
            at = self._find(part, pos)
            if at < 0:
                missing = part
                break
            pos = at + len(part)
        size = max(len(missing.split()), 1)
        best, best_at = -1.0, 0
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(missing)
        for i in range(max(len(self.words) - size + 1, 1)):
            window = " ".join(self.words[i : i + size])
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
                continue
            ratio = matcher.ratio()
            if ratio > best:
                best, best_at = ratio, i
        end_word = min(best_at + size, len(self.spans)) - 1
        passage = self.text[self.spans[best_at][0] : self.spans[end_word][1]]
        passage = _WS.sub(" ", passage)
        return passage if len(passage) <= limit else passage[: limit - 1] + "\u2026"
