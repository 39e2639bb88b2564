"""Problems found in a corpus, located as ``file:line:col: field: message``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Path_ = tuple[str | int, ...]


def format_path(path: Path_) -> str:
    """``("statements", 3, "claims", 1, "quote")`` -> ``statements[3].claims[1].quote``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a corpus, with where it is."""

    file: str
    line: int | None
    column: int | None
    path: Path_
    message: str

    @property
    def field(self) -> str:
        """The field path in dotted form, empty for the whole file."""
        return format_path(self.path)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.message)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = self.field
        return f"{where}: {field}: {self.message}" if field else f"{where}: {self.message}"


class CorpusError(Exception):
    """The corpus could not be loaded; ``problems`` says every reason found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted_problems(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file, line, column order, each once."""
    seen: set[Problem] = set()
    out = []
    for problem in sorted(problems, key=Problem.sort_key):
        if problem not in seen:
            seen.add(problem)
            out.append(problem)
    return out
