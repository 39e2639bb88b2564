"""Did-you-mean: the closest of a set of names to a word, in bounded time.

Used wherever a name is looked up (ids, themes, organisations, fields, rule
codes); it imports nothing of simcli's, so any module can use it.
"""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Iterable

_SCANNED = 200  # up to this many choices, every one is compared, as difflib does
_SHORTLIST = 3  # beyond that, only this many (or 2 x n): those sharing most runs of letters
_POSTINGS = 64  # index entries gathered for one word, its rarest runs first


def _grams(text: str) -> set[str]:
    """The runs of three letters in a text, its start and end marked (``"\\0ab"``)."""
    marked = f"\0{text}\0"
    return {marked[i : i + 3] for i in range(max(len(marked) - 2, 1))}


def _close_matches(word: str, pool: list[str], n: int, cutoff: float) -> list[str]:
    """``difflib.get_close_matches(word, pool, n, cutoff)``, each ratio worked out once."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored = []
    for choice in pool:
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            ratio = matcher.ratio()
            if ratio >= cutoff:
                scored.append((ratio, choice))
    return [choice for _, choice in heapq.nlargest(n, scored)]


class CloseMatches:
    """``difflib.get_close_matches`` over a fixed set of choices, in bounded time.

    A few choices are all compared, exactly as difflib does. Many are indexed
    by their runs of three letters: a word is compared only with the shortlist
    of choices that share most of its rarer runs, so each word costs the same
    however many choices and however many unknown words there are. Answers
    are remembered, so a word misspelt a thousand times is looked up once.
    """

    def __init__(self, choices: Iterable[str]) -> None:
        self.choices = sorted(set(choices))  # an order of their own: answers never vary
        self._index: dict[str, list[int]] | None = None
        self._grams: list[set[str]] = []
        self._answers: dict[tuple[str, int, float], list[str]] = {}

    def __call__(self, word: str, n: int = 1, cutoff: float = 0.6) -> list[str]:
        """Up to ``n`` choices whose similarity to ``word`` is at least ``cutoff``, best first."""
        key = (word, n, cutoff)
        if key not in self._answers:
            pool = self.choices if len(self.choices) <= _SCANNED else self._shortlist(word, n)
            self._answers[key] = _close_matches(word, pool, n, cutoff)
        return self._answers[key]

    def _shortlist(self, word: str, n: int) -> list[str]:
        """The choices most like ``word`` by the runs of letters they share: those that
        share its rarest runs are gathered, then ranked by all the runs they share."""
        if self._index is None:
            self._index = {}
            for i, choice in enumerate(self.choices):
                grams = _grams(choice)
                self._grams.append(grams)
                for gram in grams:
                    self._index.setdefault(gram, []).append(i)
        index, known = self._index, self._grams
        grams = _grams(word)
        gathered: set[int] = set()
        room = _POSTINGS
        for gram in sorted((g for g in grams if g in index), key=lambda g: (len(index[g]), g)):
            if room <= 0:
                break
            gathered.update(index[gram][:room])
            room -= len(index[gram])
        size = len(grams)
        scored = [(-len(grams & known[i]) / (size + len(known[i])), i) for i in gathered]
        return [self.choices[i] for _, i in heapq.nsmallest(max(_SHORTLIST, 2 * n), scored)]


def did_you_mean(word: str, choices: Iterable[str] | CloseMatches) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or ``""``."""
    matches = choices if isinstance(choices, CloseMatches) else CloseMatches(choices)
    close = matches(word)
    return f" (did you mean '{close[0]}'?)" if close else ""


def plural(count: int, noun: str) -> str:
    """``1 claim``, ``2 claims``: the one way simcli counts things in words."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
