"""One way simcli writes a file: whole or not at all.

The new content goes to a temporary file beside the target (owner-only from the
start), is synced to disk, and then takes the target's name in one step, so a
reader sees the old file or the new one, never part of either, even after a
power cut; on any error the temporary file is removed and the target is as it
was. The exports and the report write through it, and so do the cache's
entries and index (:mod:`simcli.store.cache`, :mod:`simcli.store.index`).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


class OutputExists(FileExistsError):
    """The output file exists and was not to be replaced."""


class NotAFile(ValueError):
    """The output path is something other than a regular file (or nothing)."""


def replaceable(path: Path, force: bool) -> os.stat_result | None:
    """The status of the file ``path`` would replace (``None``: nothing there).

    Raises :class:`OutputExists` when something is there and ``force`` is not
    given (a dangling symbolic link counts), :class:`NotAFile` when it is not a
    regular file (a folder, a FIFO, a device, a symbolic link), and
    :class:`OSError` when the path cannot be looked at (a name too long)."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(status.st_mode):
        what = "a symbolic link" if stat.S_ISLNK(status.st_mode) else "not a regular file"
        raise NotAFile(f"{path} is {what}: simcli writes and replaces regular files only")
    if not force:
        raise OutputExists(str(path))
    return status


def write_atomically(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to ``path`` whole or not at all; refuse to replace unless ``force``,
    and never replace anything but a regular file, whose permissions are kept."""

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            out.write(text)

    build_atomically(path, write, force)


def build_atomically(
    path: Path,
    build: Callable[[Path], None],
    force: bool = False,
    *,
    mode: int | None = None,
    sync: bool = True,
    prefix: str | None = None,
    suffix: str = ".tmp",
) -> None:
    """Have ``build`` write a new file beside ``path``, then put it in ``path``'s
    place: whole or not at all, as :func:`write_atomically` does.

    ``mode`` is the new file's permissions (default: the replaced file's, or
    0644 less the umask); ``sync=False`` skips the sync to disk, for what can be
    made again (the cache); ``prefix`` and ``suffix`` name the temporary file (the
    index clears its own that a killed run left)."""
    old = replaceable(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    fd, name = tempfile.mkstemp(dir=folder, prefix=prefix or f".{path.name[:200]}.", suffix=suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        build(tmp)
        if mode is None:
            mode = stat.S_IMODE(old.st_mode) if old else 0o644 & ~_umask()
        os.chmod(tmp, mode)
        if sync:  # on disk before it takes the name: whole, even after a power cut
            _sync(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
