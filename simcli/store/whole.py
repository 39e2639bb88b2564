"""A corpus read whole, without the index: a file as one cache entry, a folder
file by file (:mod:`simcli.read.folder`, remembering through the cache)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from simcli.model.corpus import Corpus
from simcli.model.diagnostics import CorpusError
from simcli.model.schema import CorpusData
from simcli.read.files import SPLIT, decode, read_bytes, read_text
from simcli.store.cache import Entry, Policy, digest, evict, memo

if TYPE_CHECKING:
    from simcli.read.yamlsrc import YamlDocument

Progress = Callable[[int, int], None]


def read_whole(file: Path, shown: str, policy: Policy, progress: Progress | None = None) -> Corpus:
    """A corpus file or folder read whole, each file validated or taken from the
    cache's entries as ``policy`` says (:mod:`simcli.store.cache`)."""
    if os.path.isdir(file):
        from simcli.read.folder import load_folder

        return load_folder(file, shown, memo(policy), progress)
    raw = read_bytes(file, shown, too_large=SPLIT)

    def locator() -> YamlDocument:
        from simcli.read.yamlsrc import YamlDocument, parse_yaml

        try:
            return parse_yaml(read_text(file, shown), shown).document
        except CorpusError:
            return YamlDocument(shown, None)

    entry = Entry("corpus", digest(raw)) if policy != "off" else None
    if entry is not None and policy == "on":
        cached = entry.get(CorpusData)
        if cached is not None:
            return Corpus(cached, file, shown, locator)
    from simcli.read.document import validate_text  # (a file the cache holds: not loaded)

    corpus = validate_text(decode(raw, shown), shown)
    if entry is not None and entry.put(corpus):
        evict("corpus")
    return Corpus(corpus, file, shown, locator)
