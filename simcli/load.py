"""Load a corpus file: read, parse, validate, index.

>>> import simcli
>>> corpus = simcli.load_corpus()          # the bundled SIM corpus
>>> corpus.org("nsun").name
'National Survivor User Network'
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from simcli.corpus import Corpus
from simcli.errors import CorpusError, Problem
from simcli.validate import integrity_problems, validate_schema
from simcli.yamlsrc import parse_yaml

MAX_BYTES = 50 * 1024 * 1024


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

    def fail(message: str, line: int | None = None, column: int | None = None) -> CorpusError:
        return CorpusError([Problem(shown, line, column, (), message)])

    if not path.exists():
        raise fail("no such file")
    if path.is_dir():
        raise fail("is a directory, not a corpus file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        raw = path.read_bytes()
    except PermissionError:
        raise fail("permission denied: cannot read this file") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None
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


def load_corpus(path: str | os.PathLike[str] | None = None) -> Corpus:
    """Load and validate a corpus file; ``None`` loads the bundled SIM corpus.

    Raises :class:`simcli.CorpusError` listing every problem found, each with
    file, line, column and field path.
    """
    # messages name a file as the caller named it; the bundled one as briefly as is clear
    file = Path(path) if path is not None else bundled_corpus_path()
    shown = os.fspath(path) if path is not None else display_path(file)
    text = read_text(file, shown)
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
    return Corpus(corpus_data, file, shown)
