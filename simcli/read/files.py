"""Reading the files a corpus names, safely: a corpus may come from anyone.

Every read is of a regular file, opened without blocking (a FIFO named
``x.yaml`` cannot stall a run) and bounded by the bytes actually read, not by
what ``stat()`` claims (``/dev/zero`` is refused, and a file that grows while it
is read cannot exceed the limit). Every failure is a located
:class:`~simcli.model.diagnostics.CorpusError`, never an ``OSError``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NoReturn

from simcli.model.diagnostics import CorpusError, Diagnostic

MAX_BYTES = 50 * 1024 * 1024  # one corpus file or source text
SPLIT = ": split it into a folder of smaller *.yaml files (see the README's 'Large corpora')"
_open = os.open  # a seam for tests that cannot make a file unreadable as root


_FOLDER = "is a folder, not a file"


def _fail(
    shown: str, message: str, line: int | None = None, column: int | None = None, code: str = "F001"
) -> NoReturn:
    raise CorpusError([Diagnostic(shown, line, column, (), message, code)])


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: cannot read this file"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long for this system"
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    if exc.errno == errno.ENOTDIR:
        return "no such file (a part of its path is not a folder)"
    return f"cannot read: {exc.strerror or exc}"


def read_bytes(
    path: Path, shown: str, limit: int | None = None, too_large: str = "", follow: bool = True
) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them (default :data:`MAX_BYTES`).

    Raises :class:`CorpusError` for anything else: a folder, a device, a FIFO, a
    socket, a file too large (``too_large`` is added to that message), a name too
    long, a file that cannot be read; with ``follow=False``, a symbolic link."""
    limit = MAX_BYTES if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow:  # the file itself, never what a symbolic link there points at
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = _open(path, flags)
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            _fail(shown, _FOLDER)
        _fail(shown, _reason(exc))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            _fail(shown, _FOLDER)
        if not stat.S_ISREG(mode):
            _fail(shown, f"not a regular file (it is {_kind(mode)}): give a file saved on disk")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                _fail(shown, f"file is too large (more than {limit:,} bytes){too_large}")
        return b"".join(chunks)
    except OSError as exc:
        _fail(shown, _reason(exc))
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 text (a byte-order mark is dropped), or a located :class:`CorpusError`."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        _fail(shown, "saved as UTF-16: save the file as UTF-8", code="F002")
    if b"\0" in raw[:8192]:
        _fail(shown, "not a text file (it contains NUL bytes)", code="F002")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        _fail(
            shown,
            f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save the file as UTF-8",
            line,
            column,
            "F002",
        )


def read_text(path: Path, shown: str, limit: int | None = None) -> str:
    """The file's text, or a :class:`CorpusError` saying why it cannot be had."""
    return decode(read_bytes(path, shown, limit), shown)


def inside(folder: Path, name: str) -> Path | None:
    """``folder/name`` when, with every symbolic link resolved, it is in ``folder``
    (not the folder itself); else ``None``. The caller still reads it with
    :func:`read_bytes`, which refuses anything but a regular file."""
    try:
        root = folder.resolve(strict=True)
        target = (folder / name).resolve(strict=False)
    except (OSError, RuntimeError):  # a symlink loop, a name too long
        return None
    if target == root or not target.is_relative_to(root):
        return None
    return target


def escapes(path: Path) -> Path | None:
    """The folder that ``path``, as given (on the command line, or by a setting),
    leaves through a symbolic link; ``None`` when it stays in it.

    A pull request can commit a link (``sources -> /``, ``corpus -> ../..``), never
    the command line: so the folder is the current one when ``path`` as written lies
    in it (CI, pre-commit and a maintainer run simcli from the repository), else the
    folder ``path`` as written is in. With every link resolved, ``path`` must be that
    folder or inside it."""
    here = Path(os.getcwd())
    given = Path(os.path.abspath(path))  # as written: no link followed
    root = here if given.is_relative_to(here) else given.parent
    try:
        real_root = root.resolve(strict=False)
        target = (here / path).resolve(strict=False)  # as the system will open it
    except (OSError, RuntimeError):  # a loop of links, a name too long
        return root
    return None if target.is_relative_to(real_root) else root


def refuse_escape(path: Path, shown: str, what: str = "") -> None:
    """A located F004 :class:`CorpusError` when ``path`` leaves its folder through a
    symbolic link (:func:`escapes`)."""
    root = escapes(path)
    if root is not None:
        folder = "the current folder" if root == Path(os.getcwd()) else f"its folder {root}"
        message = f"{what}a symbolic link out of {folder}: not read (name the file itself)"
        _fail(shown, message, code="F004")
