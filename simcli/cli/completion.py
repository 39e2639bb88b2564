"""Shell completion of organisation and theme names, from the corpus in use.

A corpus may come from anyone, and a shell's completion machinery may evaluate
what it is given: typer's zsh script passes candidates through ``eval``, and
bash pastes them in unquoted. So only names made of letters, digits and
``. , + @ % / - _`` (single spaces between words) are offered, in every shell;
any other name is left for the user to type. A name with spaces has them
escaped for the shells that insert candidates as they are (bash: ``\\ ``,
PowerShell: a backtick); zsh and fish quote what they insert themselves. The
descriptions shown beside candidates keep the same characters only.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from simcli.model.corpus import Corpus

#: a candidate no shell reads as anything but its text: it starts with a letter or
#: digit (never an option's dash), and spaces are single and between words
SAFE = re.compile(r"[^\W_][\w.,+@%/-]*(?: [\w.,+@%/-]+)*")
_UNSAFE_CHAR = re.compile(r"[^\w.,+@%/ -]")
#: how the shells that insert a candidate as it is given escape a space in a word
_SPACE = {"bash": "\\ ", "powershell": "` ", "pwsh": "` "}


def _shell() -> str:
    """The shell asking, as typer's completion scripts name it (``complete_zsh``)."""
    return os.environ.get("_SIMCLI_COMPLETE", "").removeprefix("complete_")


def candidate(name: str) -> str | None:
    """``name`` as the shell asking may insert it, or ``None`` when it is not safe to
    offer in every shell."""
    if not SAFE.fullmatch(name):
        return None
    return name.replace(" ", _SPACE.get(_shell(), " "))


def description(text: str) -> str:
    """A description shown beside a candidate, with only the characters a candidate
    may have (zsh evaluates it too)."""
    return " ".join(_UNSAFE_CHAR.sub(" ", text).split())


def _completion_corpus(ctx: typer.Context) -> Corpus | None:
    """The corpus named on the command line so far, for completion; quietly None."""
    from simcli.store.load import load_corpus

    root = ctx.find_root()
    data = root.params.get("data") or os.environ.get("SIMCLI_DATA")
    try:
        return load_corpus(data)
    except Exception:  # completion must never print an error into the shell
        return None


def _offer(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: dict[str, str] = {}
    for name, about in pairs:
        shown = candidate(name)
        if shown is not None:
            out.setdefault(shown, description(about))
    return list(out.items())


def complete_org(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Organisation ids, short names and names that start with what was typed."""
    corpus = _completion_corpus(ctx)
    if corpus is None:
        return []
    wanted = incomplete.casefold()
    found = [
        (name, org.name)
        for org in corpus.organisations
        for name in (org.id, org.short or "", org.name, *org.aliases)
        if name and name.casefold().startswith(wanted)
    ]
    return sorted(_offer(found))


def complete_theme(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Theme ids that start with what was typed, with their labels."""
    corpus = _completion_corpus(ctx)
    if corpus is None:
        return []
    found = [(t.id, t.label) for t in corpus.themes if t.id.startswith(incomplete)]
    return _offer(found)
