"""Load a corpus file: read, parse, validate, index.

>>> import simcli
>>> corpus = simcli.load_corpus()          # the bundled SIM corpus
>>> corpus.org("nsun").name
'National Survivor User Network'
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from simcli._version import __version__
from simcli.corpus import Corpus
from simcli.errors import CorpusError, Problem
from simcli.model import CorpusData

if TYPE_CHECKING:
    from simcli.yamlsrc import YamlDocument

M = TypeVar("M", bound=BaseModel)

MAX_BYTES = 50 * 1024 * 1024
CACHE_ENTRIES = 16  # validated corpora kept; the least recently used go first


def bundled_corpus_path() -> Path:
    """The corpus that ships with simcli (``data/statements.yaml``)."""
    packaged = Path(str(resources.files("simcli"))) / "data" / "statements.yaml"
    if packaged.is_file():
        return packaged
    # running from a checkout (editable install or tests): data/ sits beside the package
    return Path(__file__).resolve().parent.parent / "data" / "statements.yaml"


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


def read_text(path: Path, shown: str) -> str:
    """The file's text, or a :class:`CorpusError` saying why it cannot be had."""
    return decode(read_bytes(path, shown), shown)


def read_bytes(path: Path, shown: str) -> bytes:
    """The file's bytes, or a :class:`CorpusError` saying why they cannot be had."""

    def fail(message: str, line: int | None = None, column: int | None = None) -> CorpusError:
        return CorpusError([Problem(shown, line, column, (), message)])

    if not path.exists():
        raise fail("no such file")
    if path.is_dir():
        raise fail("is a folder: give a corpus file, or a folder of *.yaml files to --data")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        raw = path.read_bytes()
    except PermissionError:
        raise fail("permission denied: cannot read this file") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None
    return raw


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 text (a byte-order mark is dropped), or a located :class:`CorpusError`."""

    def fail(message: str, line: int | None = None, column: int | None = None) -> CorpusError:
        return CorpusError([Problem(shown, line, column, (), message)])

    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise fail("saved as UTF-16: save the file as UTF-8")
    if b"\0" in raw[:8192]:
        raise fail("not a text file (it contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise fail(
            f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save the file as UTF-8",
            line,
            column,
        ) from None


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


def digest(raw: bytes) -> str:
    """The content hash that keys the cache."""
    return hashlib.sha256(raw).hexdigest()


def cache_entry(kind: str, key: str) -> Path:
    """The cache file for a validated ``kind`` of record (corpus, fragment, folder)."""
    return cache_dir() / f"{kind}-{__version__}-{key}.json"


def cache_get(entry: Path, model: type[M]) -> M | None:
    """The cached record, or ``None`` when there is none or it is unusable."""
    try:
        data = entry.read_bytes()
        record = model.model_validate_json(data, strict=True)
        os.utime(entry)  # recently used: kept longest
        return record
    except (OSError, ValueError, ValidationError):
        return None  # missing, unreadable or corrupt: rebuilt from the file


def cache_put(entry: Path, record: BaseModel, keep: int | None = None) -> None:
    """Store a validated record atomically, owner-only; failure to cache is not an error.

    Of each kind, the ``keep`` most recently used entries are kept.
    """
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")  # 0o600
        try:
            with os.fdopen(fd, "wb") as out:
                # defaults are left out: validating the entry restores them, and it is smaller
                out.write(record.model_dump_json(exclude_defaults=True).encode("utf-8"))
            os.replace(tmp, entry)
        except BaseException:
            os.unlink(tmp)
            raise
        kind = entry.name.split("-", 1)[0]
        entries = sorted(entry.parent.glob(f"{kind}-*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[: -(keep or CACHE_ENTRIES)]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


Progress = Callable[[int, int], None]


def load_corpus(
    path: str | os.PathLike[str] | None = None,
    *,
    cache: bool = True,
    progress: Progress | None = None,
) -> Corpus:
    """Load and validate a corpus file; ``None`` loads the bundled SIM corpus.

    Raises :class:`simcli.CorpusError` listing every problem found, each with
    file, line, column and field path. A corpus that validated before is read
    from the cache (see :func:`cache_dir`), keyed by the file's content and the
    simcli version; ``cache=False`` neither reads nor writes it. For a folder,
    ``progress(done, total)`` is called as its files are read.
    """
    # messages name a file as the caller named it; the bundled one as briefly as is clear
    file = Path(path) if path is not None else bundled_corpus_path()
    shown = os.fspath(path) if path is not None else display_path(file)
    if file.is_dir():
        from simcli.folder import load_folder

        return load_folder(file, shown, cache=cache, progress=progress)
    raw = read_bytes(file, shown)

    def locator() -> YamlDocument:
        from simcli.yamlsrc import YamlDocument, parse_yaml

        try:
            return parse_yaml(read_text(file, shown), shown).document
        except CorpusError:
            return YamlDocument(shown, None)

    entry = cache_entry("corpus", digest(raw)) if cache else None
    if entry is not None:
        cached = cache_get(entry, CorpusData)
        if cached is not None:
            return Corpus(cached, file, shown, locator)
    corpus = _validate(decode(raw, shown), shown)
    if entry is not None:
        cache_put(entry, corpus)
    return Corpus(corpus, file, shown, locator)


def _validate(text: str, shown: str) -> CorpusData:
    """Parse and check a corpus text; every problem found is raised together."""
    # YAML and the checks load only here: a corpus served from the cache needs neither
    from simcli.validate import integrity_problems, validate_schema
    from simcli.yamlsrc import parse_yaml

    parsed = parse_yaml(text, shown)
    corpus_data, schema = (
        (None, []) if parsed.data is None else validate_schema(parsed.data, parsed.document)
    )
    problems = parsed.problems + parsed.relevant(
        schema + integrity_problems(parsed.data, parsed.document, parsed.incomplete)
    )
    if parsed.data is None and not problems:
        problems.append(
            Problem(
                shown,
                None,
                None,
                (),
                "the file is empty: a corpus needs version, themes, organisations and statements",
            )
        )
    if problems or corpus_data is None:
        raise CorpusError(problems)
    return corpus_data
