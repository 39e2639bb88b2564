"""A corpus as a folder: every ``*.yaml`` file in it, merged.

One file per statement lets a campaign's repository grow without merge
conflicts. Each file holds any of the sections (``themes``, ``organisations``,
``statements``, ``outcomes``; ``version`` may be left out) and is validated and
remembered on its own (by a :class:`Memo`; the store's cache gives one), so
editing one file re-reads that file alone. References
and ids are then checked across the whole folder, and every problem names
the file it is in.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from simcli.model.corpus import Corpus
from simcli.model.diagnostics import CorpusError, Diagnostic, FieldPath
from simcli.model.schema import CorpusData, CorpusFragment
from simcli.read.files import SPLIT, decode, inside, read_bytes, read_text
from simcli.read.validate import SECTIONS, integrity_problems, validate_schema
from simcli.read.yamlsrc import YamlDocument, parse_yaml

LISTS = SECTIONS[1:]  # themes, organisations, statements, outcomes
M = TypeVar("M", bound=BaseModel)


class Memo(Protocol):
    """What the reader may remember between runs: validated records, each of a
    ``kind``, keyed by the content they were made from. The reader knows nothing of
    where they are kept (:class:`simcli.store.cache.CacheMemo` keeps them in the
    cache). ``reads`` false: remember, but take nothing remembered on trust (``simcli
    check``, the gate of a campaign's CI)."""

    reads: bool

    def key(self, raw: bytes) -> str: ...

    def get(self, kind: str, key: str, model: type[M]) -> M | None: ...

    def put(self, kind: str, key: str, record: BaseModel) -> bool: ...

    def forget(self, kind: str, at_least: int = 0) -> None:
        """Keep only the most recently used records of ``kind``: as many as the memo
        keeps, and at least ``at_least``."""


class FolderOk(CorpusFragment):
    """Cache marker: this combination of files passed the checks across files."""


@dataclass
class _File:
    path: Path
    shown: str
    key: str = ""
    fragment: CorpusFragment | None = None
    raw: dict[str, Any] | None = None  # the data as written, for checks across files
    document: YamlDocument | None = None  # parsed lazily, to locate a problem

    def data(self) -> dict[str, Any]:
        if self.raw is None:
            self.raw = self.fragment.model_dump(mode="json") if self.fragment else {}
        return self.raw

    def locator(self) -> YamlDocument:
        if self.document is None:
            try:
                self.document = parse_yaml(read_text(self.path, self.shown), self.shown).document
            except CorpusError:
                self.document = YamlDocument(self.shown, None)
        return self.document


@dataclass
class _Folder:
    """Merged data, and a locator that maps each merged path to its own file."""

    files: list[_File]
    merged: dict[str, list[Any]] = field(default_factory=dict)
    origin: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def merge(self) -> None:
        for section in LISTS:
            self.merged[section], self.origin[section] = [], []
        for n, file in enumerate(self.files):
            data = file.data()
            for section in LISTS:
                items = data.get(section)
                if isinstance(items, list):
                    self.merged[section] += items
                    self.origin[section] += [(n, i) for i in range(len(items))]

    def _local(self, path: FieldPath) -> tuple[_File, FieldPath]:
        if len(path) >= 2 and path[0] in self.origin and isinstance(path[1], int):
            n, i = self.origin[str(path[0])][path[1]]
            return self.files[n], (path[0], i, *path[2:])
        return self.files[0], path

    def problem(self, path: FieldPath, message: str, code: str, at_key: bool = False) -> Diagnostic:
        file, local = self._local(path)
        return file.locator().problem(local, message, code, at_key)

    def describe(self, path: FieldPath) -> str:
        file, local = self._local(path)
        line, _ = file.locator().locate(local)
        return f"{file.shown}:{line}"


_DANGLING = "a symbolic link that leads nowhere: its target does not exist, or it loops"
_OUTSIDE = "a symbolic link out of the corpus folder: not read (put the file itself here)"
_FOLDER = "a folder named like a corpus file: rename it, or move it out of the corpus folder"


def is_corpus_name(name: str) -> bool:
    """Whether an entry of a corpus folder called ``name`` is read as a corpus file:
    ``*.yaml`` and ``*.yml``, in any case (``a.YAML``)."""
    return Path(name).suffix.lower() in (".yaml", ".yml")


def corpus_files(folder: Path) -> list[Path]:
    """The entries of a corpus folder that are read as corpus files
    (:func:`is_corpus_name`), whatever they are, so that one that cannot be read is
    reported, not skipped."""
    return sorted(p for p in folder.iterdir() if is_corpus_name(p.name))


def load_folder(
    folder: Path,
    shown: str,
    memo: Memo | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Corpus:
    """Load every ``*.yaml`` (and ``*.yml``) file of a folder as one corpus; ``memo``,
    where given, remembers each file's validated records and the folder's checks."""
    try:
        paths = corpus_files(folder)
    except OSError as exc:
        message = f"cannot read this folder: {exc.strerror or exc}"
        raise CorpusError([Diagnostic(shown, None, None, (), message, "F005")]) from None
    if not paths:
        raise CorpusError(
            [Diagnostic(shown, None, None, (), "no *.yaml files in this folder", "F005")]
        )
    files = [_File(p, os.path.join(shown, p.name)) for p in paths]
    problems: list[Diagnostic] = []
    for file in files:
        if os.path.islink(file.path) and not os.path.exists(file.path):
            problems.append(Diagnostic(file.shown, None, None, (), _DANGLING, "F004"))
        elif inside(folder, file.path.name) is None:
            problems.append(Diagnostic(file.shown, None, None, (), _OUTSIDE, "F004"))
        elif os.path.isdir(file.path):
            problems.append(Diagnostic(file.shown, None, None, (), _FOLDER, "F004"))
    if problems:
        raise CorpusError(problems)
    incomplete: set[str] = set()
    raws: dict[int, bytes] = {}
    for n, file in enumerate(files):
        try:
            raws[n] = read_bytes(file.path, file.shown, too_large=SPLIT)
        except CorpusError as exc:
            problems += exc.problems
            continue
        if memo is not None:
            file.key = memo.key(raws[n])
            if memo.reads:
                file.fragment = memo.get("fragment", file.key, CorpusFragment)
    written = False
    for n, file in enumerate(files):
        if progress is not None:
            progress(n + 1, len(files))
        if file.fragment is not None or n not in raws:
            continue
        try:
            parsed = parse_yaml(decode(raws[n], file.shown), file.shown)
        except CorpusError as exc:
            problems += exc.problems
            continue
        file.document = parsed.document
        file.raw = parsed.data if isinstance(parsed.data, dict) else {}
        incomplete |= parsed.incomplete
        if parsed.data is None:
            if not parsed.problems:
                problems.append(Diagnostic(file.shown, None, None, (), "the file is empty", "F003"))
            problems += parsed.problems
            continue
        fragment, schema = validate_schema(parsed.data, parsed.document, CorpusFragment)
        problems += parsed.problems + parsed.relevant(schema)
        file.fragment = fragment
        if fragment is not None and not parsed.problems and memo is not None:
            written |= memo.put("fragment", file.key, fragment)
    if written and memo is not None:
        memo.forget("fragment", 2 * len(files))  # a whole folder stays
    combined = memo.key("".join(f.key for f in files).encode()) if memo is not None else ""
    checked = (
        memo is not None
        and memo.reads
        and not problems
        and memo.get("folder", combined, FolderOk) is not None
    )
    if not checked:
        state = _Folder(files)
        state.merge()
        problems += integrity_problems(state.merged, state, incomplete)
    if problems:
        raise CorpusError(problems)
    fragments = [f.fragment for f in files if f.fragment is not None]
    sections = {s: [item for frag in fragments for item in getattr(frag, s)] for s in LISTS}
    about = {
        key: next((getattr(f, key) for f in fragments if getattr(f, key)), None)
        for key in ("title", "description")
    }
    corpus = CorpusData.model_construct(  # every part is validated already
        version=1,
        **about,
        themes=sections["themes"],
        organisations=sections["organisations"],
        statements=sections["statements"],
        outcomes=sections["outcomes"],
    )
    if memo is not None and not checked and memo.put("folder", combined, FolderOk()):
        memo.forget("folder")

    def locator() -> _Folder:
        state = _Folder(files)
        state.merge()
        return state

    return Corpus(corpus, folder, shown, locator)
