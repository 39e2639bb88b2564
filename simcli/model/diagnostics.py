"""Diagnostics: every problem with a corpus and every finding of ``check``, one type.

A :class:`Diagnostic` is located as ``file:line:col`` and by field path, and
carries a rule code from :data:`simcli.model.rules.RULES` (which says whether it is
an error, stopping the load, or a warning that ``check`` reports).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from simcli.model.values import Value

if TYPE_CHECKING:
    from simcli.model.rules import Severity

FieldPath = tuple[str | int, ...]


def format_path(path: FieldPath) -> str:
    """``("statements", 3, "claims", 1, "quote")`` -> ``statements[3].claims[1].quote``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class Diagnostic(Value):
    """One thing wrong with a corpus, with where it is and the rule it breaks.

    ``subject`` names the record a finding is about (``claim cmh21-halt``); a
    problem that stops loading names its field path instead. ``hint`` is what
    may help (for a quote not found, the closest passage of the source)."""

    def __init__(
        self,
        file: str,
        line: int | None,
        column: int | None,
        path: FieldPath,
        message: str,
        code: str,
        subject: str = "",
        hint: str = "",
    ) -> None:
        from simcli.model.rules import RULES  # (a question answered never loads the rules)

        if code not in RULES:
            raise ValueError(f"no rule {code!r}: add it to simcli.model.rules.RULES")
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.code = code
        self.subject = subject
        self.hint = hint

    @property
    def severity(self) -> Severity:
        from simcli.model.rules import RULES

        return RULES[self.code].severity

    @property
    def field(self) -> str:
        """The field path in dotted form, empty for the whole file."""
        return format_path(self.path)

    @property
    def about(self) -> str:
        """What the message is about: the record's name, else the field path."""
        return self.subject or self.field

    def location(self) -> str:
        """``file:line:col``, as far as known."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.subject, self.message)

    def __str__(self) -> str:
        about = self.about
        text = f"{about}: {self.message}" if about else self.message
        return f"{self.location()}: {self.code} {text}"


class CorpusError(Exception):
    """The corpus could not be loaded; ``problems`` says every reason found."""

    def __init__(self, problems: Sequence[Diagnostic], corpus: str | None = None) -> None:
        self.problems = sorted_problems(problems)
        self.corpus = corpus  # the corpus (file or folder) as shown, when one was being loaded
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def where(self) -> str:
        """What the problems are in: their one file, else the corpus."""
        files = {p.file for p in self.problems}
        if len(files) == 1 or self.corpus is None:
            return self.problems[0].file if self.problems else (self.corpus or "")
        return self.corpus


def sorted_problems(problems: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in file, line, column order, each once."""
    seen: set[Diagnostic] = set()
    out = []
    for problem in sorted(problems, key=Diagnostic.sort_key):
        if problem not in seen:
            seen.add(problem)
            out.append(problem)
    return out


class Locator(Protocol):
    """Turns a field path into a located problem: one file, or a folder of them."""

    def problem(
        self, path: FieldPath, message: str, code: str, at_key: bool = False
    ) -> Diagnostic: ...

    def describe(self, path: FieldPath) -> str: ...
