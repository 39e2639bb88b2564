"""The cache of validated corpora: a file that validated once is not validated again.

An entry is keyed by the SHA-256 of the file it was built from and simcli's build
id (:func:`simcli.store.build.build_id`: a digest of the installed package's own files,
so that two builds of one version never share an entry). Its first line is
simcli's marker with the kind, the build, how the record is written
(:data:`FORMAT`), the digest of the source it was built from and the digest of the
record that follows. An entry copied under another file's name, cut short or
damaged fails that check and is rebuilt from the file, without a word; one that
checks out is rebuilt as records without being validated again
(:func:`simcli.model.plain.rebuilt`).

**What the digests do not do.** They are plain SHA-256: anyone can compute them,
so they catch accidents, never a forgery. What keeps a forged entry out is who
may write: the cache folder is used only when it is owned by the user running
simcli and not writable by group or others, and an entry (or an index) only when
it is a regular file owned by that user and not writable by group or others.
Otherwise simcli runs uncached and says so in one line on stderr
(:func:`usable_dir`). Entries are written atomically (a reader never sees half of
one), readable by their owner only, and simcli deletes only files with its own
name pattern and marker.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from simcli.model.diagnostics import CorpusError
from simcli.model.plain import plain, rebuilt
from simcli.read.files import MAX_BYTES, read_bytes
from simcli.store.build import build_id

M = TypeVar("M", bound=BaseModel)

ENTRIES = 16  # validated corpora kept of each kind; the least recently used go first
MARKER = b"simcli-cache 1"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CHECKED: dict[Path, bool] = {}  # cache folders looked at by this process: usable?
_NAME = re.compile(r"simcli-(corpus|fragment|folder|answer)-[0-9A-Za-z.+_-]+-[0-9a-f]{64}\.cache")


#: how an entry's record is written: marshal, in this interpreter's version of it (the
#: header names it, so that another Python's entry fails the check and is rebuilt)
FORMAT = f"marshal{marshal.version}-{sys.implementation.cache_tag}"


def encode(data: Any) -> bytes:
    """An entry's record, as plain data (:func:`simcli.model.plain.plain`), in bytes.

    marshal, not JSON: decoded faster (an entry of 10,000 statements in 60 ms,
    against JSON's 87), and text that repeats (ids, themes, kinds) comes back as
    one shared string, as it was written, where JSON makes a string of each (the
    questions then took a tenth longer). Never pickle, which runs whatever a file
    names: marshal builds data and runs nothing. Python's manual warns that marshal
    is not made to read data crafted to harm; an entry is read only when it is a
    file of this user's, in a folder of this user's, that no one else may write,
    and its digest checks out (:func:`trusted_file`), so only one who can already
    write as this user could craft one, and the accident a digest catches never
    reaches marshal."""
    return marshal.dumps(data)


def decode(payload: bytes) -> Any:
    """The plain data :func:`encode` wrote."""
    return marshal.loads(payload)


def cache_dir() -> Path:
    """Where validated corpora are cached: ``SIMCLI_CACHE_DIR``, else the user's cache."""
    override = os.environ.get("SIMCLI_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "simcli" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "simcli"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "simcli"


def _mine(st: os.stat_result) -> str:
    """Why a file or folder with this status may not be trusted, or ``""``."""
    uid = getattr(os, "geteuid", None)
    if uid is None:  # Windows: no owner or mode bits to check
        return ""
    if st.st_uid != uid():
        return f"owned by another user (uid {st.st_uid})"
    if st.st_mode & 0o022:
        return "writable by group or others"
    return ""


def _held(folder: Path) -> str:
    """Why someone else could swap ``folder`` for one of theirs, or ``""``: a folder
    above it (as named, and as its links lead) that another user owns, or that others
    may write to without the sticky bit (which keeps them from renaming what is not
    theirs). As ssh holds the folders above a key."""
    uid = getattr(os, "geteuid", None)
    if uid is None:  # Windows: no owner or mode bits to check
        return ""
    me = uid()
    for above in dict.fromkeys([*folder.absolute().parents, *folder.resolve().parents]):
        st = os.stat(above)
        if st.st_uid not in (0, me):
            return f"inside {os.fsdecode(above)!r}, owned by another user (uid {st.st_uid})"
        if st.st_mode & 0o022 and not st.st_mode & stat.S_ISVTX:
            return f"inside {os.fsdecode(above)!r}, which others may write to"
    return ""


def usable_dir() -> Path | None:
    """The cache folder (:func:`cache_dir`), made owner-only if it is missing, when it
    may be trusted: a folder owned by this user and writable by no one else (nor,
    when it is a symbolic link, the link), inside folders no one else can swap it out
    of (:func:`_held`). Else ``None``, and one line on stderr, once a process: simcli
    then runs uncached."""
    folder = cache_dir()
    known = _CHECKED.get(folder)
    if known is not None:
        return folder if known else None
    why = ""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        link = os.lstat(folder)
        st = os.stat(folder)
        if not stat.S_ISDIR(st.st_mode):
            why = "not a folder"
        else:
            why = (_mine(link) if stat.S_ISLNK(link.st_mode) else "") or _mine(st)
            why = why or _held(folder)
    except OSError:
        why = ""  # cannot be made or looked at: every write fails quietly, as before
    _CHECKED[folder] = not why
    if why:
        sys.stderr.write(
            f"simcli: warning: the cache folder {os.fsdecode(folder)!r} is {why}:"
            " running without the cache (set SIMCLI_CACHE_DIR to a folder of your own)\n"
        )
        return None
    return folder


def trusted_file(path: Path) -> bool:
    """Whether ``path`` is a regular file (never a link) of this user that no one
    else may write, in a folder :func:`usable_dir` trusts."""
    if usable_dir() != path.parent:
        return False
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and not _mine(st)


def digest(raw: bytes) -> str:
    """The content hash that keys the cache."""
    return hashlib.sha256(raw).hexdigest()


class Entry:
    """One cache entry: a validated record of ``kind`` built from content ``key``."""

    def __init__(self, kind: str, key: str) -> None:
        self.kind, self.key = kind, key
        self.path = cache_dir() / f"simcli-{kind}-{build_id()}-{key}.cache"

    def _header(self, payload: bytes) -> bytes:
        fields = [MARKER, self.kind.encode(), build_id().encode(), FORMAT.encode()]
        fields.append(self.key.encode())
        return b" ".join([*fields, digest(payload).encode()]) + b"\n"

    def get(self, model: type[M]) -> M | None:
        """The cached record, or ``None`` when there is none or it does not check out."""
        if not trusted_file(self.path):
            return None
        try:  # a regular file of our own: never a link, a FIFO or a device put there
            data = read_bytes(self.path, self.path.name, 4 * MAX_BYTES, follow=False)
        except CorpusError:
            return None
        header, _, payload = data.partition(b"\n")
        if header + b"\n" != self._header(payload):
            return None  # foreign, copied, cut short or edited: rebuilt from the file
        try:  # written from a validated record by us, and unchanged: not validated again
            record = rebuilt(model, decode(payload))
        except (ValueError, TypeError, KeyError, EOFError, ValidationError):
            return None
        with contextlib.suppress(OSError):
            os.utime(self.path)  # recently used: kept longest
        return record

    def put(self, record: BaseModel) -> bool:
        """Store a validated record atomically, owner-only; failure to cache is not an
        error. True when it was written."""
        if usable_dir() != self.path.parent:
            return False
        from simcli.store.atomic import build_atomically  # (a run that only reads: not loaded)

        payload = encode(plain(record, unset=False))  # rebuilt with the same fields set

        def write(tmp: Path) -> None:
            with open(tmp, "wb") as out:
                out.write(self._header(payload))
                out.write(payload)

        with contextlib.suppress(OSError):  # a link or a FIFO in our own folder: ours to
            if not stat.S_ISREG(os.lstat(self.path).st_mode):  # replace, never write through
                os.unlink(self.path)
        try:  # an entry can be made again: not synced to disk
            build_atomically(
                self.path, write, force=True, mode=0o600, sync=False, prefix=".simcli-tmp-"
            )
        except (OSError, ValueError):
            return False
        return True


def evict(kind: str, keep: int = ENTRIES) -> None:
    """Delete all but the ``keep`` most recently used entries of ``kind``.

    Called once per load that wrote something, not once per entry written, so a
    folder of n files costs one scan of the cache folder, not n. Only files named
    as simcli names its entries and starting with its marker are ever deleted."""
    folder = usable_dir()
    if folder is None:
        return
    try:
        names = [e for e in os.scandir(folder) if e.name.startswith(f"simcli-{kind}-")]
    except OSError:
        return
    ours = []
    for entry in names:
        if not _NAME.fullmatch(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                ours.append((entry.stat(follow_symlinks=False).st_mtime, entry.path))
        except OSError:
            continue
    ours.sort()
    for _, path in ours[: max(len(ours) - keep, 0)]:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _NOFOLLOW)
            try:
                marked = os.read(fd, len(MARKER)) == MARKER
            finally:
                os.close(fd)
            if marked:  # else not ours after all: left alone
                os.unlink(path)
        except OSError:
            continue


#: how a load uses the cache: ``on`` reads and writes it; ``write`` takes nothing
#: from it on trust but still fills it (``simcli check``, the gate of a campaign's
#: CI, never takes a verdict from a file someone else could write); ``off`` neither
#: reads nor writes it (``--no-cache``)
Policy = Literal["on", "write", "off"]
POLICIES: tuple[Policy, ...] = ("on", "write", "off")


def policy_of(cache: Policy | bool | None) -> Policy:
    """A policy from what a caller gave: one of :data:`POLICIES`, or, as earlier
    versions took, a true value (``on``) or a false one (``off``)."""
    if isinstance(cache, str):
        if cache not in POLICIES:
            raise ValueError(f"cache must be one of {', '.join(POLICIES)}, not {cache!r}")
        return cache
    return "on" if cache else "off"


class CacheMemo:
    """The cache as the reader's :class:`simcli.read.folder.Memo`: entries keyed by
    the SHA-256 of the content they were made from (and this build, :class:`Entry`)."""

    def __init__(self, policy: Policy) -> None:
        self.reads = policy == "on"

    def key(self, raw: bytes) -> str:
        return digest(raw)

    def get(self, kind: str, key: str, model: type[M]) -> M | None:
        return Entry(kind, key).get(model)

    def put(self, kind: str, key: str, record: BaseModel) -> bool:
        return Entry(kind, key).put(record)

    def forget(self, kind: str, at_least: int = 0) -> None:
        evict(kind, max(ENTRIES, at_least))


def memo(policy: Policy) -> CacheMemo | None:
    """What a load under ``policy`` remembers with: ``None`` when it is ``off``."""
    return None if policy == "off" else CacheMemo(policy)
