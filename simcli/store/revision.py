"""A corpus as it was at a git revision, and what has changed since (``simcli diff
--git``): :mod:`simcli.read.revision` copies the old tree out of git; this loads
it, as a throwaway copy that makes no index, beside the corpus as it is now."""

from __future__ import annotations

from pathlib import Path

from simcli.analysis.diff import CorpusDiff, diff_corpora
from simcli.analysis.questions import AsOf, question_day
from simcli.read.revision import corpus_at_revision, scratch
from simcli.store.load import bundled_corpus_path, load_corpus


def diff_since(revision: str, path: Path | str | None = None, as_of: AsOf = None) -> CorpusDiff:
    """``simcli diff --git REV``: what the corpus at ``path`` (default: the bundled
    one) changed since a git revision. Raises :class:`simcli.read.revision.RevisionError`
    when git cannot find the corpus there (see :mod:`simcli.read.revision`)."""
    current = Path(path) if path is not None else bundled_corpus_path()
    with scratch() as folder:
        before_path = corpus_at_revision(current, revision, Path(folder))
        before = load_corpus(before_path, name=f"{revision}:{current}", index=False)
    return diff_corpora(before, load_corpus(current), question_day(as_of))
