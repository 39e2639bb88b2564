"""The corpus in use as it was at a git revision, for ``simcli diff --git REV``.

The old revision is read as the loader reads the working tree, and within the
same limits, because a pull request writes both:

- **Where.** The corpus's path is taken as given (``--data corpus``), relative to
  the repository's top, with no link in the working tree followed: a pull request
  that moves ``corpus/`` to ``data/`` and commits ``corpus -> data`` is compared
  with the base's ``corpus/``. A path git cannot find at the revision is an error
  (exit 2), never "the corpus is new": that would pass every ``--fail-on``.
- **Which files.** The tree is listed once (``git ls-tree -z -l``: names as bytes,
  never quoted, with their sizes), and its entries are the loader's: every name
  ending ``.yaml`` or ``.yml`` in any case (:func:`simcli.read.folder.is_corpus_name`).
  A symbolic link is written as a link, with what it points at inside the corpus
  folder, so the loader's own rules decide (a link inside the folder is read, one
  out of it or leading nowhere is an F004); a folder so named stays a folder.
- **How much.** Every file is read through one ``git cat-file --batch``, a piece
  at a time, straight to its file: memory stays flat, and a file larger than
  :data:`simcli.read.files.MAX_BYTES` is refused from its size before a byte of it is
  read.

The copy is thrown away after the diff: it is loaded without an index.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from simcli.read.files import MAX_BYTES, SPLIT

LINK, TREE, COMMIT = "120000", "tree", "commit"
_HOPS = 40  # links followed in a row, as a system does before ELOOP
_LINK_BYTES = 4096  # a link's text is a path


class RevisionError(ValueError):
    """The corpus cannot be read at that git revision."""


@dataclass(frozen=True)
class _Entry:
    mode: str
    kind: str  # blob, tree or commit (a submodule)
    oid: str
    size: int  # -1 for a tree or a submodule
    name: bytes


def corpus_at_revision(path: Path, revision: str, workdir: Path) -> Path:
    """The corpus file or folder ``path`` as it was at git ``revision``, written
    under ``workdir``; its path there. Raises :class:`RevisionError` when ``path``
    is not in a git repository, the revision is unknown, git cannot find the path
    there, or a file there is too large."""
    from simcli.read.folder import is_corpus_name

    where = f"--git {revision}"
    if revision.startswith("-"):
        raise RevisionError(f"{where}: a revision, not an option")
    start = Path(os.path.abspath(path)).parent
    try:
        top = _git(start, "rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape")
        try:
            _git(start, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except RevisionError:  # quiet said nothing: git's own reason, as git gives it
            _git(start, "rev-parse", revision, "--")
            raise RevisionError(f"'{revision}' is not a commit") from None
    except RevisionError as exc:
        raise RevisionError(f"{where}: {exc}") from None
    root = Path(top.strip())
    relative = _as_given(path, root)
    if relative is None:
        raise RevisionError(f"{where}: {path} is not in the git repository at {root}")
    with _Batch(root) as batch:
        entry, relative = _find(root, revision, relative, batch, where)
        shown = f"{revision}:{relative}"
        if entry.kind != TREE:
            if entry.kind == COMMIT:
                raise RevisionError(f"{where}: {shown} is a submodule, not a corpus")
            target = workdir / os.fsdecode(entry.name)
            batch.copy(entry, target, shown)
            return target
        target = workdir / "corpus"
        target.mkdir()
        for item in _list(root, entry.oid):
            name = os.fsdecode(item.name)
            if not is_corpus_name(name):
                continue
            if item.kind in (TREE, COMMIT):
                (target / name).mkdir()  # the loader says what it makes of a folder
            elif item.mode == LINK:
                _link(root, revision, relative, item, target, batch)
            else:
                batch.copy(item, target / name, f"{shown}/{name}")
    return target


def _as_given(path: Path, root: Path) -> str | None:
    """``path`` relative to the repository's top ``root``, as written: the deepest
    folder of the path as written that is the top decides, and no link below it is
    followed (``corpus -> data`` stays ``corpus``)."""
    written = Path(os.path.abspath(path))
    real_top = os.path.realpath(root)
    for ancestor in [written, *written.parents]:
        if os.path.realpath(ancestor) == real_top:
            return written.relative_to(ancestor).as_posix()
    return None


def _find(
    root: Path, revision: str, relative: str, batch: _Batch, where: str
) -> tuple[_Entry, str]:
    """The entry at ``relative`` in ``revision``, with a link there followed (within
    the repository) as the loader would follow it; and the path it was found at."""
    for _ in range(_HOPS):
        if relative in ("", "."):
            oid = _git(root, "rev-parse", f"{revision}^{{tree}}").decode().strip()
            return _Entry("040000", TREE, oid, -1, b"."), "."
        found = _list(root, revision, relative)
        if len(found) != 1:
            raise RevisionError(
                f"{where}: git cannot find {relative} in {revision} (a corpus moved, or new"
                " since then, cannot be compared with it: compare two folders, simcli diff"
                " OLD NEW)"
            )
        entry = found[0]
        if entry.mode != LINK:
            return entry, relative
        text = os.fsdecode(batch.read(entry, _LINK_BYTES, f"{revision}:{relative}"))
        followed = posixpath.normpath(posixpath.join(posixpath.dirname(relative), text))
        if posixpath.isabs(text) or followed == ".." or followed.startswith("../"):
            raise RevisionError(
                f"{where}: {relative} is a symbolic link out of the repository in {revision}"
            )
        relative = followed
    raise RevisionError(f"{where}: {relative} is a loop of symbolic links in {revision}")


def _link(
    root: Path, revision: str, folder: str, item: _Entry, target: Path, batch: _Batch
) -> None:
    """A link of the corpus folder, written as a link; what it points at inside the
    folder is written too (through more links, if need be), so that the loader reads
    it as it would read the working tree's. A link out of the folder, or to nothing
    in the revision, is left leading nowhere in the copy: an F004 either way."""
    name = os.fsdecode(item.name)
    text = os.fsdecode(batch.read(item, _LINK_BYTES, f"{revision}:{folder}/{name}"))
    os.symlink(text, target / name)
    inner = name
    entry = item
    for _ in range(_HOPS):
        inner = posixpath.normpath(posixpath.join(posixpath.dirname(inner), text))
        if posixpath.isabs(text) or inner == ".." or inner.startswith("../"):
            return  # out of the corpus folder: the loader refuses to follow it
        destination = target / inner
        if os.path.lexists(destination):
            return  # a corpus file, or a path another link wrote
        found = _list(root, revision, f"{folder}/{inner}" if folder != "." else inner)
        if len(found) != 1:
            return  # nothing there at the revision: a link that leads nowhere
        entry = found[0]
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not Path(os.path.realpath(destination.parent)).is_relative_to(target.resolve()):
            return  # through a link of the copy: never written outside it
        shown = f"{revision}:{folder}/{inner}"
        if entry.kind in (TREE, COMMIT):
            destination.mkdir()
            return
        if entry.mode != LINK:
            batch.copy(entry, destination, shown)
            return
        text = os.fsdecode(batch.read(entry, _LINK_BYTES, shown))
        os.symlink(text, destination)


def _list(root: Path, treeish: str, path: str | None = None) -> list[_Entry]:
    """``git ls-tree -z -l``: a tree's entries, or (with ``path``) the one entry at
    that path of a revision; names as bytes."""
    args = ["ls-tree", "-z", "-l", "--full-tree", treeish]
    raw = _git(root, *args, "--", path) if path is not None else _git(root, *args)
    entries = []
    for record in raw.split(b"\0"):
        if not record:
            continue
        info, _, name = record.partition(b"\t")
        mode, kind, oid, size = info.decode("ascii").split()
        if path is not None:
            name = name.rsplit(b"/", 1)[-1]
        entries.append(
            _Entry(mode, kind, oid, int(size) if size.isascii() and size.isdigit() else -1, name)
        )
    return entries


class _Batch:
    """One ``git cat-file --batch`` for every file of the revision read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> _Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def _request(self, entry: _Entry, limit: int, shown: str) -> tuple[IO[bytes], int]:
        if entry.size > limit:  # known from the listing: refused before it is read
            raise RevisionError(_too_large(shown, limit))
        if self.process is None:
            try:
                self.process = subprocess.Popen(
                    ["git", "-C", str(self.root), "cat-file", "--batch"],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                )  # fmt: skip
            except OSError as exc:
                raise RevisionError(f"cannot run git: {exc}") from None
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(entry.oid.encode("ascii") + b"\n")
        self.process.stdin.flush()
        header = self.process.stdout.readline().split()
        if len(header) != 3 or not (header[2].isascii() and header[2].isdigit()):
            raise RevisionError(f"{shown}: git cannot read this file")
        size = int(header[2])
        if size > limit:
            raise RevisionError(_too_large(shown, limit))
        return self.process.stdout, size

    def read(self, entry: _Entry, limit: int, shown: str) -> bytes:
        """A small file's bytes (a link's text)."""
        out, size = self._request(entry, limit, shown)
        data = out.read(size)
        out.read(1)  # the newline after each object
        return data

    def copy(self, entry: _Entry, target: Path, shown: str) -> None:
        """A file's bytes, written to ``target`` a piece at a time."""
        out, size = self._request(entry, MAX_BYTES, shown)
        with open(target, "xb") as file:
            left = size
            while left:
                chunk = out.read(min(left, 1 << 20))
                if not chunk:
                    raise RevisionError(f"{shown}: git stopped before the end of this file")
                file.write(chunk)
                left -= len(chunk)
        out.read(1)


def _too_large(shown: str, limit: int) -> str:
    return f"{shown}: file is too large (more than {limit:,} bytes){SPLIT}"


def _git(folder: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            timeout=60,
            check=False,
            env={**os.environ, "GIT_LITERAL_PATHSPECS": "1"},  # a name is a name, not a glob
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RevisionError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        said = [line for line in message if line.startswith(("fatal:", "error:"))] or message
        raise RevisionError(f"git says: {said[0]}" if said else f"git {args[0]} failed")
    return done.stdout


def scratch() -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for :func:`corpus_at_revision`."""
    return tempfile.TemporaryDirectory(prefix="simcli-diff-")
