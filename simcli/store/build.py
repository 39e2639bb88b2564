"""Which simcli this is, exactly: a digest of the installed package's own files.

Every cache (validated files, the index, kept answers) is keyed by it, not by the
version string: many builds share a version (a ``pip install git+...`` of another
commit, an editable install being worked on, a patched build), and one with a new
rule or a changed JSON field must not answer from what another wrote.
"""

from __future__ import annotations

import functools
import hashlib
import os

_SKIP = "__pycache__"


@functools.cache
def build_id() -> str:
    """The SHA-256 of the package's files (their names and contents, in name order;
    compiled ``__pycache__`` left out), shortened to 16 hex digits. Worked out once a
    process, with a walk of the folders as ``os.scandir`` gives them (pathlib's
    ``rglob`` took twice as long as the hashing)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the package
    files: list[tuple[str, str]] = []
    _walk(root, "", files)
    files.sort()
    hasher = hashlib.sha256()
    for name, path in files:
        with open(path, "rb") as file:
            content = file.read()
        hasher.update(name.encode("utf-8", "surrogateescape"))
        hasher.update(b"\0" + hashlib.sha256(content).digest())
    return hasher.hexdigest()[:16]


def _walk(folder: str, prefix: str, files: list[tuple[str, str]]) -> None:
    """Every file under ``folder`` (as ``Path.rglob`` finds them: into no linked
    folder), named from the package's folder, ``/`` between parts."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != _SKIP:
                    _walk(entry.path, f"{prefix}{entry.name}/", files)
            elif os.path.splitext(entry.name)[1] not in (".pyc", ".pyo") and entry.is_file():
                files.append((prefix + entry.name, entry.path))
