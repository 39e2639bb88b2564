"""How a corpus's files look (size, modification and change times, inode), taken
before anything is read: the cache's test of "unchanged" for its index
(:mod:`simcli.store.index`) and the answers it keeps (:mod:`simcli.store.answers`). Kept apart
and light, so that a question answered from the cache imports no more than it needs.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from array import array
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, compress
from operator import attrgetter, methodcaller, not_
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
#: what is taken of a file's status: its look, then its type (a plain file or not)
_look = attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino", "st_mode")
_TAKEN = 5  # numbers taken a file
_lower_case_corpus_name = methodcaller("endswith", _SUFFIXES)


@dataclass(frozen=True)
class Seen:
    """The corpus's files as they were when a question began, and when that was:
    taken once a run (by the answers kept, then by the index: :func:`fingerprint`).
    Kept flat (a 100,000-file folder is looked at on every run): the files' names in
    the order they were met, and five numbers a file in one array (size,
    modification and change times, inode, type and mode)."""

    names: list[str]
    taken: array[int]
    taken_ns: int
    encoded: bytes  # the names, NUL between them, in UTF-8

    @cached_property
    def files(self) -> dict[str, Look]:
        """Each file's look, by name."""
        taken = self.taken
        each = [taken[n::_TAKEN] for n in range(4)]
        return dict(zip(self.names, zip(*each, strict=True), strict=True))

    def racy(self, look: Look) -> bool:
        return max(look[1], look[2]) >= self.taken_ns - RACY_NS

    @cached_property
    def _latest_ns(self) -> int:
        """The latest modification or change time of any file."""
        taken = self.taken
        return max(max(taken[1::_TAKEN], default=0), max(taken[2::_TAKEN], default=0))

    @cached_property
    def size(self) -> int:
        """The files' bytes, all told."""
        return sum(self.taken[0::_TAKEN])

    def digest(self) -> str:
        """One value for how every file looks, compared instead of every file's row:
        the names (text, checked in :func:`fingerprint`) and the numbers of their
        looks, in the order they were met; empty when a file may change again unseen,
        so that the files are compared."""
        return self._digest

    @cached_property
    def _digest(self) -> str:
        if self.names and self._latest_ns >= self.taken_ns - RACY_NS:
            return ""  # racy: see racy()
        hasher = hashlib.sha256(b"looks 3\0")
        hasher.update(self.encoded)
        hasher.update(b"\0" + len(self.names).to_bytes(8, "little"))
        hasher.update(self.taken.tobytes())  # five 64-bit numbers a file
        return hasher.hexdigest()


def worth_it(seen: Seen) -> bool:
    """Whether a corpus of these files is large enough for its index to pay
    (``SIMCLI_INDEX_FROM``, in bytes, sets the size: 0 indexes every corpus)."""
    setting = os.environ.get("SIMCLI_INDEX_FROM", "").strip()
    # ASCII digits only ("²" is a digit to str.isdigit), and few enough for int()
    plain = setting.isascii() and setting.isdigit() and len(setting) <= 18
    least = int(setting) if plain else INDEX_FROM
    return seen.size >= least


def fingerprint(corpus_path: Path) -> Seen | None:
    """How the corpus file, or each corpus file of a folder, looks; ``None`` when there
    is nothing the index can stand for: a file that cannot be looked at, a folder
    without corpus files, or with one that is not a plain file (a symbolic link, a
    folder, a pipe: the loader says what it makes of it), or whose name is not text
    or whose numbers do not fit the index's 64 bits; and on Windows, whose change
    time is the creation time (an edit that puts the modification time back would go
    unseen by the look)."""
    if os.name == "nt":
        return None
    taken = time.time_ns()
    try:
        if not os.path.isdir(corpus_path):
            names = [os.path.basename(corpus_path)]
            looks = array("q", _look(os.stat(corpus_path)))
        else:
            found = _folder(corpus_path)
            if found is None:
                return None
            names, looks = found
        encoded = "\0".join(names).encode("utf-8")  # every name is text (the index keeps it)
    except (OSError, UnicodeEncodeError, OverflowError):  # (an inode past 63 bits)
        return None
    return Seen(names, looks, taken, encoded)


def _folder(folder: Path) -> tuple[list[str], array[int]] | None:
    """A folder's corpus files, as they are met, and how each looks; ``None`` when it
    has none, or one that is not a plain file. Each name is looked at in the folder
    opened once (never through a link: its own status, not its target's), and each
    look goes straight into one array: the system's look a file is most of the time
    it takes."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(folder, flags)
    try:
        names = _corpus_names(os.listdir(fd))
        if not names:
            return None
        look, status = _look, os.lstat  # (a partial's keywords are a new dict a call)
        looks = array("q", chain.from_iterable(look(status(name, dir_fd=fd)) for name in names))
    finally:
        os.close(fd)
    if not all(map(stat.S_ISREG, looks[_TAKEN - 1 :: _TAKEN])):
        return None  # a link, a folder, a pipe: the loader says what it makes of it
    return names, looks


def _corpus_names(names: list[str]) -> list[str]:
    """The names the folder loader reads as corpus files (:func:`_corpus_file`), in
    the order given: every one at a glance when every one ends in .yaml or .yml (no
    name holds a NUL: each ending met is another name's), else those in lower case
    at a glance and any other asked in full."""
    every = "\0".join(names) + "\0"
    at_a_glance = every.count(".yaml\0") + every.count(".yml\0") == len(names)
    if at_a_glance and not any(bare in names for bare in _SUFFIXES):
        return names
    keep = list(map(_lower_case_corpus_name, names))
    if not all(keep):  # another file (a README), or a name in other case (A.YAML)
        for n in compress(range(len(names)), map(not_, keep)):
            keep[n] = _corpus_file(names[n])
    for bare in _SUFFIXES:  # a name that is the suffix alone only begins with a dot
        if bare in names:
            keep[names.index(bare)] = False
    return list(compress(names, keep))


def _corpus_file(name: str) -> bool:
    """Whether the folder loader reads a file of this name: its suffix (as
    ``Path.suffix`` has it: not a name that only begins with a dot) is .yaml or .yml."""
    lower = name.lower()
    return lower.endswith(_SUFFIXES) and lower.rfind(".") > 0
