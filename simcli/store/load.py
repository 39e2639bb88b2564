"""Load a corpus file: read, parse, validate, index.

>>> import simcli
>>> corpus = simcli.load_corpus()          # the bundled SIM corpus
>>> corpus.org("nsun").name
'National Survivor User Network'
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from simcli.model.corpus import Corpus
from simcli.model.diagnostics import CorpusError
from simcli.read.files import refuse_escape
from simcli.store.cache import Policy, cache_dir, policy_of
from simcli.store.whole import read_whole

if TYPE_CHECKING:
    from simcli.store.looks import Seen
    from simcli.store.selection import Selection

__all__ = ["bundled_corpus_path", "cache_dir", "display_path", "load_corpus"]

#: set by the ``simcli`` command (:func:`simcli.cli.session.start`, for the entry point
#: only), whose process ends with its one command: what a load makes lives until then,
#: and is frozen for good (``gc.freeze``). A library caller's process (a test runner, a
#: notebook, a server) may live on and load again: nothing of its loads is frozen for good.
ONE_COMMAND = False


def bundled_corpus_path() -> Path:
    """The corpus that ships with simcli (``data/statements.yaml``)."""
    # the package's folder, as importlib.resources.files("simcli") names it for a
    # package on disk (without importing importlib.resources, whose readers take a while)
    packaged = Path(__file__).parent.parent / "data" / "statements.yaml"
    if packaged.is_file():
        return packaged
    # running from a checkout (editable install or tests): data/ sits beside the package
    return Path(__file__).resolve().parents[2] / "data" / "statements.yaml"


def display_path(path: Path) -> str:
    """The bundled corpus's path as messages show it: relative when under the working
    directory (``data/statements.yaml`` in a checkout), absolute otherwise."""
    cwd = Path.cwd()
    if cwd == Path(cwd.anchor):
        return str(path)
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return str(path)
    return rel if not rel.startswith("..") else str(path)


Progress = Callable[[int, int], None]


def load_corpus(
    path: str | os.PathLike[str] | None = None,
    *,
    cache: Policy | bool = "on",
    progress: Progress | None = None,
    name: str | None = None,
    select: Selection | None = None,
    drafts: bool = False,
    index: bool = True,
    looks: Seen | None = None,
) -> Corpus:
    """Load and validate a corpus file; ``None`` loads the bundled SIM corpus.

    Raises :class:`simcli.CorpusError` listing every problem found, each with
    file, line, column and field path. ``cache`` is the one policy for the cache
    (see :func:`cache_dir`), whose entries are keyed by the file's content and the
    simcli build: ``"on"`` (or ``True``) reads a corpus that validated before from
    it; ``"write"`` validates afresh and still fills it (``simcli check``, the gate
    of a campaign's CI, never takes a verdict from a file someone else could
    write); ``"off"`` (or ``False``) neither reads nor writes it. For a folder,
    ``progress(done, total)`` is called as its files are read. ``name`` is how
    messages name the corpus (default: ``path`` as given).

    A large corpus is read through the cache's index (:mod:`simcli.store.index`): a
    folder's whole, or, with ``select`` (a :class:`simcli.store.index.Selection`), the
    part of the corpus that a question so selected needs: a question asked of it
    gets the answer it would get of the whole corpus.

    Statements that still hold a draft's placeholder (``TODO`` for the author, the
    date, a target or a theme) are left out, as :meth:`Corpus.without_drafts`
    says; ``drafts=True`` keeps them (``simcli check`` reports them, ``simcli
    extract`` keeps clear of their ids).
    ``index=False`` reads no index and makes none: for a copy thrown away after one
    question (``diff --git``). ``looks`` are the corpus's files as already looked at
    this run (:attr:`simcli.store.answers.Question.seen`): the index takes them
    rather than looking at every file again.
    """
    # messages name a file as the caller named it; the bundled one as briefly as is clear
    file = Path(path) if path is not None else bundled_corpus_path()
    shown = name or (os.fspath(path) if path is not None else display_path(file))
    try:
        if path is not None:  # a path as given: it must not lead out of its folder
            refuse_escape(file, shown)
        policy = policy_of(cache)
        with _collector_paused():
            indexed = policy == "on" and index
            corpus = _indexed(file, shown, progress, select, looks) if indexed else None
            corpus = corpus or read_whole(file, shown, policy, progress)
            return corpus if drafts else corpus.without_drafts()
    except CorpusError as exc:
        exc.corpus = shown
        raise


def _indexed(
    file: Path,
    shown: str,
    progress: Progress | None,
    select: Selection | None,
    looks: Seen | None,
) -> Corpus | None:
    """The corpus, or the part of it a selecting question needs, read from the index
    (a large folder's, or a large file's for a selecting question); ``None`` when
    there is no index to use."""
    selecting = select is not None and select.selects()
    if not selecting and not os.path.isdir(file):
        return None  # a file read whole: the cache holds it as one entry
    from simcli.store.looks import fingerprint, worth_it

    # before anything is read (once a run): a later edit is seen next time
    seen = looks if looks is not None else fingerprint(file)
    if seen is None or not worth_it(seen):
        return None  # a small corpus: read whole, and no SQLite imported
    from simcli.store import index

    try:
        return index.load(file, shown, select if selecting else None, seen, progress)
    except index.Unusable:
        return None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a corpus loads: loading makes
    millions of objects and no cycles to collect, and the collector spent a quarter
    to nearly half of a large load scanning them (issue 15). Afterwards what the load
    made is put out of the young collections' sight: else the first collections after
    it scan every record, once as young and again as middle-aged (measured: a third of
    a second, after the part of a 100,000-statement corpus a question reads).

    In the ``simcli`` command (:data:`ONE_COMMAND`) it is frozen: it lives as long as
    the process. Elsewhere it is put with the oldest objects (frozen and thawed at
    once), where a full collection still looks at it, so nothing is kept that is
    garbage; and not even that where the process froze objects itself (thawing would
    let go of them). Asking that costs a walk over every frozen object, which is why
    the command freezes for good rather than ask (a process that froze its whole heap
    would pay it on every load)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if ONE_COMMAND:
            gc.freeze()
        elif gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()  # every object tracked now is among the oldest
        if was:
            gc.enable()
