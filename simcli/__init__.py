"""simcli: who demanded what, of whom and when; where they agree; what is still unmet.

The library is usable on its own, for example from a notebook::

    import simcli
    corpus = simcli.load_corpus()            # the bundled SIM corpus
    corpus.org("NSUN").name                  # any id, short name, name or alias
    corpus.statements_of("CMH")
    corpus.claims_by_theme("publish-review")

and every question the command line answers is a function of
:mod:`simcli.analysis.questions` (``demands``, ``unmet``, ``compare``, ``timeline``,
``show``, ``diff``, ``check``).

Heavy modules (pydantic, the models) load on first use, so that
``simcli --version`` and ``simcli --help`` start quickly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simcli._version import __version__

if TYPE_CHECKING:
    from simcli.analysis.check import CheckResult, check_corpus
    from simcli.model.corpus import Corpus, UnknownName
    from simcli.model.dates import PartialDate
    from simcli.model.diagnostics import CorpusError, Diagnostic
    from simcli.store.load import bundled_corpus_path, load_corpus

__all__ = [
    "CheckResult",
    "Corpus",
    "CorpusError",
    "Diagnostic",
    "PartialDate",
    "UnknownName",
    "__version__",
    "bundled_corpus_path",
    "check_corpus",
    "load_corpus",
]

_LAZY = {
    "CheckResult": "simcli.analysis.check",
    "check_corpus": "simcli.analysis.check",
    "Corpus": "simcli.model.corpus",
    "UnknownName": "simcli.model.corpus",
    "PartialDate": "simcli.model.dates",
    "CorpusError": "simcli.model.diagnostics",
    "Diagnostic": "simcli.model.diagnostics",
    "bundled_corpus_path": "simcli.store.load",
    "load_corpus": "simcli.store.load",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'simcli' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
