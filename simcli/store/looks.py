"""How a corpus's files look (size, modification and change times, inode), taken
before anything is read: the cache's test of "unchanged" for its index
(:mod:`simcli.store.index`) and the answers it keeps (:mod:`simcli.store.answers`). Kept apart
and light, so that a question answered from the cache imports no more than it needs.
"""

from __future__ import annotations

import hashlib
import os
import time
from array import array
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from pathlib import Path

#: corpora smaller than this (in bytes of YAML) are loaded whole from the cache: for
#: them the index saves nothing (the bundled corpus is 90 KB, 6 statements)
INDEX_FROM = 4 * 1024 * 1024
_SUFFIXES = (".yaml", ".yml")
#: a file changed this close before it was looked at can change again within the
#: same tick of a coarse clock (a second on some file systems) and look the same:
#: its look is not remembered, so that its content is hashed again next time
RACY_NS = 2_000_000_000
Look = tuple[int, int, int, int]  # size, modification and change times (ns), inode


@dataclass(frozen=True)
class Seen:
    """The corpus's files as they were when a question began, and when that was:
    taken once a run (by the answers kept, then by the index: :func:`fingerprint`)."""

    files: dict[str, Look]
    taken_ns: int

    def racy(self, look: Look) -> bool:
        return max(look[1], look[2]) >= self.taken_ns - RACY_NS

    @cached_property
    def _latest_ns(self) -> int:
        """The latest modification or change time of any file."""
        flat = self._flat
        return max(max(flat[1::4], default=0), max(flat[2::4], default=0))

    @cached_property
    def _flat(self) -> array[int]:
        return array("q", chain.from_iterable(self.files.values()))

    def digest(self) -> str:
        """One value for how every file looks, compared instead of every file's row:
        the names (text, checked in :func:`fingerprint`) and the numbers of their
        looks, in the order they were met; empty when a file may change again unseen,
        so that the files are compared."""
        return self._digest

    @cached_property
    def _digest(self) -> str:
        if self.files and self._latest_ns >= self.taken_ns - RACY_NS:
            return ""  # racy: see racy()
        hasher = hashlib.sha256(b"looks 2\0")
        hasher.update("\0".join(self.files).encode("utf-8"))
        hasher.update(b"\0" + len(self.files).to_bytes(8, "little"))
        hasher.update(self._flat.tobytes())  # four 64-bit numbers a file
        return hasher.hexdigest()


def worth_it(seen: Seen) -> bool:
    """Whether a corpus of these files is large enough for its index to pay
    (``SIMCLI_INDEX_FROM``, in bytes, sets the size: 0 indexes every corpus)."""
    setting = os.environ.get("SIMCLI_INDEX_FROM", "").strip()
    # ASCII digits only ("²" is a digit to str.isdigit), and few enough for int()
    plain = setting.isascii() and setting.isdigit() and len(setting) <= 18
    least = int(setting) if plain else INDEX_FROM
    return sum(seen._flat[::4]) >= least


def fingerprint(corpus_path: Path) -> Seen | None:
    """How the corpus file, or each corpus file of a folder, looks; ``None`` when there
    is nothing the index can stand for: a file that cannot be looked at, a folder
    without corpus files, or with one that is not a plain file (a symbolic link, a
    folder, a pipe: the loader says what it makes of it), or whose name is not text;
    and on Windows, whose change time is the creation time (an edit that puts the
    modification time back would go unseen by the look)."""
    if os.name == "nt":
        return None
    taken = time.time_ns()
    try:
        if not os.path.isdir(corpus_path):
            files = {os.path.basename(corpus_path): _look(os.stat(corpus_path))}
        else:
            files = {}
            with os.scandir(corpus_path) as entries:
                for entry in entries:  # once through, nothing kept but the looks
                    if not _corpus_file(entry.name):
                        continue
                    if not entry.is_file(follow_symlinks=False):
                        return None
                    files[entry.name] = _look(entry.stat(follow_symlinks=False))
            if not files:
                return None
        "".join(files).encode("utf-8")  # every name is text (the index keeps it)
    except (OSError, UnicodeEncodeError):
        return None
    return Seen(files, taken)


def _corpus_file(name: str) -> bool:
    """Whether the folder loader reads a file of this name: its suffix (as
    ``Path.suffix`` has it: not a name that only begins with a dot) is .yaml or .yml."""
    lower = name.lower()
    return lower.endswith(_SUFFIXES) and lower.rfind(".") > 0


def _look(st: os.stat_result) -> Look:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
