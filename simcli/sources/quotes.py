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
import string
import unicodedata
from dataclasses import dataclass
from functools import cached_property

_QUOTES: dict[int, str | None] = dict.fromkeys(
    map(ord, "\u2018\u2019\u201a\u201b\u2032\u2035`\u00b4\u2039\u203a"), "'"
)
_QUOTES.update(dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"), '"'))
_QUOTES.update(
    dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
)
_QUOTES.update(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None))
_WS = re.compile(r"\s+")
# starts only at "[" or ".", so a long run of spaces is passed over once (no backtracking);
# the spaces around an ellipsis go with the pieces, which are normalised anyway
_ELLIPSIS = re.compile(r"(?:\[\s*)?\.\s*\.\s*\.(?:\s*\])?")
_WORD = re.compile(r"\S+")
_RUN = re.compile(r"[^\W_]+")  # letters and digits: what str.isalnum() holds

# The closest-passage search is bounded whatever the source and the quote: it
# compares the first words of the missing piece, with only a few windows of the
# source, found by the words they share (see SourceText._candidates).
_COMPARED_WORDS = 60  # the passage shown is 200 characters at most
_COMPARED_CHARS = 300  # SequenceMatcher is quadratic in this at worst
_VOTES = 5_000  # word positions looked at, rarest words first
_STARTS = 8  # windows with most votes, each also tried a little either side
_SHIFT = 1
_LONGEST_WORD = 300  # a longer run of non-spaces is placed whole (SourceText.span)


def normalise(text: str) -> str:
    """The form both quote and source are compared in."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _WS.sub(" ", text).strip().casefold()


def quote_parts(quote: str) -> list[str]:
    """The normalised pieces of a quote between its ellipses."""
    pieces = _ELLIPSIS.split(unicodedata.normalize("NFKC", quote))
    return [p for p in (normalise(piece) for piece in pieces) if p]


def _key(word: str) -> str:
    """A normalised word as the closest-passage search indexes it: punctuation around it gone."""
    return word.strip(string.punctuation) or word


def _clip(words: list[str]) -> str:
    """Words joined, as far as the closest-passage search compares them."""
    return " ".join(w[:_COMPARED_CHARS] for w in words)[:_COMPARED_CHARS]


def _is_boundary(text: str, index: int) -> bool:
    """True where ``index`` does not cut through a word, nor part a character from
    the accent that follows it (``-\u0301`` is not ``-``)."""
    if index <= 0 or index >= len(text):
        return True
    if unicodedata.combining(text[index]) and not text[index - 1].isspace():
        return False
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

    @cached_property
    def _runs(self) -> dict[str, list[int]]:
        """Each run of letters and digits in the text -> where it starts, in order."""
        index: dict[str, list[int]] = {}
        for run in _RUN.finditer(self.norm):
            index.setdefault(run.group(), []).append(run.start())
        return index

    def _find(self, piece: str, start: int) -> int:
        """Where ``piece`` occurs from ``start`` on, starting and ending on word
        boundaries, or -1. A match on boundaries holds every run of letters and
        digits of the piece whole, so only places where its rarest run starts are
        tried: never a scan of the text per quote."""
        runs = [(m.group(), m.start()) for m in _RUN.finditer(piece)]
        if not runs:  # punctuation only: any place but one that parts a mark from its accent
            at = self.norm.find(piece, start)
            while at >= 0 and not (
                _is_boundary(self.norm, at) and _is_boundary(self.norm, at + len(piece))
            ):
                at = self.norm.find(piece, at + 1)
            return at
        if any(run not in self._runs for run, _ in runs):
            return -1
        run, offset = min(runs, key=lambda r: len(self._runs[r[0]]))
        places = self._runs[run]
        for place in places[bisect.bisect_left(places, start + offset) :]:
            at = place - offset
            if (
                self.norm.startswith(piece, at)
                and _is_boundary(self.norm, at)
                and _is_boundary(self.norm, at + len(piece))
            ):
                return at
        return -1

    def _bounds(self, quote: str) -> tuple[int, int] | None:
        """Where the quote's first piece starts and its last ends in the normal form."""
        parts = quote_parts(quote)
        if not parts:
            return None
        pos, first = 0, -1
        for part in parts:
            at = self._find(part, pos)
            if at < 0:
                return None
            first = at if first < 0 else first
            pos = at + len(part)
        return first, pos

    def find(self, quote: str) -> Match | None:
        """Where the quote occurs, or ``None``."""
        bounds = self._bounds(quote)
        return None if bounds is None else self._position(bounds[0])

    def span(self, quote: str) -> tuple[int, int] | None:
        """The characters of the text, ``text[start:end]``, that hold the quote (from
        its first piece to its last), or ``None`` where :meth:`find` finds nothing."""
        bounds = self._bounds(quote)
        if bounds is None:
            return None
        return self._offset(bounds[0], start=True), self._offset(bounds[1] - 1, start=False)

    def _offset(self, norm_index: int, start: bool) -> int:
        """Where in the text the character at ``norm_index`` of the normal form comes
        from: the start of that character of the text, or (``start=False``) its end.
        Typography can make a character's normal form longer ("ß" is "ss") or
        shorter (a soft hyphen is nothing), so the word is normalised a prefix at a
        time until its normal form reaches the index."""
        word = max(bisect.bisect_right(self.starts, norm_index) - 1, 0)
        begin, end = self.spans[word]
        inside = norm_index - self.starts[word]
        original = self.text[begin:end]
        if len(original) > _LONGEST_WORD:  # no spaces for pages: the whole run, not a scan
            return begin if start else end
        sizes = [len(normalise(original[:n])) for n in range(len(original) + 1)]
        length = next((n for n in range(1, len(sizes)) if sizes[n] > inside), len(original))
        if start:
            return begin + length - 1
        while length < len(original) and unicodedata.combining(original[length]):
            length += 1  # an accent belongs with the letter before it
        return begin + length

    def _position(self, norm_index: int) -> Match:
        word = max(bisect.bisect_right(self.starts, norm_index) - 1, 0)
        offset = self.spans[word][0] if self.spans else 0
        line = bisect.bisect_right(self.line_starts, offset)
        return Match(line, offset - self.line_starts[line - 1] + 1)

    @cached_property
    def _positions(self) -> dict[str, list[int]]:
        """Each word (without the punctuation around it) -> where it occurs, in order."""
        index: dict[str, list[int]] = {}
        for i, word in enumerate(self.words):
            index.setdefault(_key(word), []).append(i)
        return index

    def _candidates(self, query: list[str]) -> list[int]:
        """Where a passage like ``query`` may start, in text order: a few places.

        The query's words vote for where it would start if each were in place,
        the rarer a word the weightier its vote: the rarest words first, each with
        all its places, as long as they come to at most :data:`_VOTES` places in
        all (when even the rarest has more, a sample of its places votes). The
        starts with most votes, and a little either side (for a word added or
        dropped), are the candidates. A query none of whose words occur gets
        windows spread evenly over the text.
        """
        last = max(len(self.words) - len(query), 0)
        offsets: dict[str, int] = {}
        for j, word in enumerate(query):
            offsets.setdefault(_key(word), j)
        ranked = sorted(
            (len(self._positions[k]), j, k) for k, j in offsets.items() if k in self._positions
        )
        voters: list[tuple[int, list[int]]] = []
        room = _VOTES
        for count, j, k in ranked:  # whole words only: part of one would favour the start
            if count > room:
                break
            voters.append((j, self._positions[k]))
            room -= count
        if not voters and ranked:  # even the rarest word is everywhere: a sample of it
            count, j, k = ranked[0]
            voters.append((j, self._positions[k][:: -(-count // _VOTES)]))
        votes: dict[int, float] = {}
        for j, positions in voters:
            weight = 1 / len(positions)  # a rare word says more about where the passage is
            for p in positions:
                start = min(max(p - j, 0), last)
                votes[start] = votes.get(start, 0.0) + weight
        if not votes:
            step = max((last + 1) // _STARTS, 1)
            return list(range(0, last + 1, step))[:_STARTS]
        top = sorted(votes, key=lambda start: (-votes[start], start))[:_STARTS]
        near = {s for t in top for s in range(t - _SHIFT, t + _SHIFT + 1) if 0 <= s <= last}
        return sorted(near)

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
        query = missing.split()[:_COMPARED_WORDS]
        size = max(len(query), 1)
        best, best_at = -1.0, 0
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(_clip(query))
        for i in self._candidates(query):
            window = _clip(self.words[i : i + size])
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
                continue
            ratio = matcher.ratio()
            if ratio > best:
                best, best_at = ratio, i
        end_word = min(best_at + size, len(self.spans)) - 1
        first = self.spans[best_at][0]
        # no more of the text than can be shown: a "word" may be megabytes long
        passage = self.text[first : min(self.spans[end_word][1], first + 4 * limit)]
        passage = _WS.sub(" ", passage).strip()
        return passage if len(passage) <= limit else passage[: limit - 1] + "\u2026"
