"""Which simcli this is, exactly: a digest of the installed package's own files.

Every cache (validated files, the index, kept answers) is keyed by it, not by the
version string: many builds share a version (a ``pip install git+...`` of another
commit, an editable install being worked on, a patched build), and one with a new
rule or a changed JSON field must not answer from what another wrote.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_SKIP = "__pycache__"


@functools.cache
def build_id() -> str:
    """The SHA-256 of the package's files (their names and contents, in name order;
    compiled ``__pycache__`` left out), shortened to 16 hex digits. Worked out once a
    process: about a millisecond."""
    root = Path(__file__).resolve().parents[1]  # the simcli package
    files = sorted(
        (path.relative_to(root).as_posix(), path)
        for path in root.rglob("*")
        if _SKIP not in path.parts and path.suffix not in (".pyc", ".pyo") and path.is_file()
    )
    hasher = hashlib.sha256()
    for name, path in files:
        hasher.update(name.encode("utf-8", "surrogateescape"))
        hasher.update(b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()[:16]
