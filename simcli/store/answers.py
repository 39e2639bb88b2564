"""Answers remembered: a question asked again of an unchanged large corpus is
answered from the cache, without loading the corpus.

``simcli demands --org O7 --format json`` on 100,000 statements reads the
index; asked again of the same files on the same day, its answer is the same
bytes. The cache keeps it, keyed by everything the answer depends on: simcli's
build (:func:`simcli.store.build.build_id`), the corpus's path and how each of its
files looks (size, modification and change times, inode: the index's test of
"unchanged", with its rule for files changed too recently to be sure of), the
command and every option given,
and today's date (the default ``--as-of`` day, and the day days open count to).

Only answers in the formats that do not depend on the terminal (JSON, CSV,
TSV) are kept, of the questions that only read the corpus
(:data:`COMMANDS`), for corpora large enough to have an index. An answer is
stored with the lines it wrote on stderr and its exit code, and replayed with both. The
entries are the cache's (:mod:`simcli.store.cache`): written atomically, checked on
every read, the 16 most recently used kept; ``--no-cache`` neither reads nor
writes them, and ``SIMCLI_KEEP_ANSWERS=0`` (``no``, ``false``, ``off``) leaves them
alone while the rest of the cache (and the index) is used.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from simcli.read.files import MAX_BYTES
from simcli.store.build import build_id
from simcli.store.cache import Entry, digest, evict

if TYPE_CHECKING:
    from simcli.store.looks import Seen

#: the commands whose answers are kept: they read the corpus and write one answer.
#: (Where the store derives an answer itself, from the statuses and claims it keeps,
#: as quickly as a kept answer is read, nothing is kept: ``unmet`` and ``compare``
#: in JSON, :mod:`simcli.store.derived`; their CSV and TSV are kept.)
COMMANDS = ("demands", "unmet", "compare", "orgs", "statements", "themes", "timeline", "show")
FORMATS = ("json", "csv", "tsv")  # the same bytes at any terminal
LARGEST = MAX_BYTES  # characters of an answer kept (the cache reads back entries of 4x the bytes)


class Answer(BaseModel):
    """An answer as it was written: standard output, the lines it wrote on stderr
    (warnings, what ``--limit`` left out), the exit code."""

    #: its validator is built when an answer is first read or kept: a run that keeps
    #: none (``SIMCLI_KEEP_ANSWERS=0``, a question not kept) never builds it
    model_config = ConfigDict(defer_build=True)

    text: str
    said: list[str] = []
    code: int = 0


@dataclass
class Question:
    """A question whose answer may be in the cache, under ``key``."""

    key: str
    day: dt.date  # the day it was asked on: an answer finished on another is not kept
    said: list[str] = field(default_factory=list)  # the lines its answer wrote on stderr
    #: how the files looked when it was asked: a run that does not have its answer
    #: loads the corpus with these looks (:func:`simcli.store.load.load_corpus`), so
    #: that every file is looked at once a run
    seen: Seen | None = None

    def answer(self) -> Answer | None:
        """The answer kept, if there is one (and it checks out)."""
        return Entry("answer", self.key).get(Answer)

    def keep(self, text: str, code: int) -> None:
        """Keep the answer just written (failure to keep it is no error), unless the day
        changed while it was worked out, or it is too large to be read back."""
        from simcli.model.dates import as_of_day

        if as_of_day(None) != self.day or len(text) > LARGEST:
            return
        if Entry("answer", self.key).put(Answer(text=text, said=self.said, code=code)):
            evict("answer")


def question(
    corpus_path: Path,
    command: str,
    options: Mapping[str, Any],
    today: dt.date,
    seen: Seen | None = None,
) -> Question | None:
    """The question ``command`` with ``options`` asked of the corpus at
    ``corpus_path``, if its answer is one to keep; ``None`` otherwise (another
    command or format, a small corpus, files changed too recently to be sure of).
    ``seen``: how the corpus's files looked, if the caller has looked already."""
    from simcli.store.looks import fingerprint, worth_it

    if command not in COMMANDS or options.get("fmt") not in FORMATS:
        return None
    if os.environ.get("SIMCLI_KEEP_ANSWERS", "").strip().lower() in ("0", "no", "false", "off"):
        return None  # the switch, to time (or doubt) the rest of the cache
    seen = seen or fingerprint(corpus_path)
    if seen is None or not worth_it(seen):
        return None
    looks = seen.digest()
    if not looks:
        return None
    asked = sorted(options.items())
    material = [build_id(), os.path.abspath(corpus_path), looks, command, asked, str(today)]
    return Question(digest(json.dumps(material, default=str).encode("utf-8")), today, seen=seen)
