"""``simcli.toml``: a campaign's settings, kept beside its corpus.

The file sits in the corpus folder (or beside a one-file corpus). Today it
holds the rules ``simcli check`` reports, in the style of ruff::

    [check]
    select = ["ALL"]          # codes or prefixes; default ALL
    ignore = ["P001", "T005"] # left out of what select chose

A setting simcli does not know, or a code that names no rule, is an error
(C001) located in the file: a typo must not silently switch a check off.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simcli.model.diagnostics import CorpusError, Diagnostic
from simcli.model.rules import UnknownCode, selected
from simcli.read.files import inside, read_text, refuse_escape

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # the same parser, before Python 3.11

CONFIG_NAME = "simcli.toml"
_KNOWN = {"check": {"select", "ignore"}}


@dataclass
class CheckSettings:
    """What ``check`` reports: ``select`` (``None``: all) minus ``ignore``."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    file: str | None = None  # the simcli.toml they came from, as shown

    def codes(self, select: list[str] | None = None, ignore: Sequence[str] = ()) -> set[str]:
        """The warning codes reported. The command line's ``select`` replaces the
        file's choice (its select and its ignore); its ``ignore`` leaves codes out
        of whatever the file chose."""
        if select is not None:
            return selected(select, ignore)
        return selected(self.select, self.ignore) - selected(ignore, [])


def config_path(corpus: Path) -> Path:
    """Where a corpus's ``simcli.toml`` is: in its folder, or beside its file."""
    return (corpus if corpus.is_dir() else corpus.parent) / CONFIG_NAME


def load_settings(corpus: Path | str | None, shown: str | None = None) -> CheckSettings:
    """The ``[check]`` settings of the corpus's ``simcli.toml`` (none for the
    bundled corpus, or when there is no such file); a bad file is a
    :class:`CorpusError` of C001 diagnostics."""
    if corpus is None:
        return CheckSettings()
    refuse_escape(Path(corpus), shown or str(corpus))  # the corpus's own path first
    try:
        path = config_path(Path(corpus))
        if not os.path.lexists(path):
            return CheckSettings()
    except OSError:  # a corpus path that cannot be looked at: loading it says why
        return CheckSettings()
    name = shown if shown is not None else str(path)
    if inside(path.parent, path.name) is None:  # a link out of the corpus's folder
        message = "a symbolic link out of the corpus folder: not read (put the file itself here)"
        raise CorpusError([Diagnostic(name, None, None, (), message, "F004")])
    if not path.is_file():
        return CheckSettings()
    text = read_text(path, name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        line, column = (int(where[1]), int(where[2])) if where else (None, None)
        if where is None and "end of document" in str(exc):
            line = max(len(text.splitlines()), 1)
        message = f"not valid TOML: {message}"
        codes_line = line is not None and re.match(
            r"\s*(select|ignore)\b", text.splitlines()[line - 1]
        )
        if codes_line and "Invalid value" in message:
            message += ' (codes are written in quotes: ["P001", "T"])'
        raise CorpusError([Diagnostic(name, line, column, (), message, "C001")]) from None
    problems: list[Diagnostic] = []

    def problem(path: tuple[str | int, ...], message: str) -> None:
        line, column = _place(text, path)
        problems.append(Diagnostic(name, line, column, path, message, "C001"))

    for table, value in data.items():
        if table in _KNOWN["check"]:
            problem((table,), f"'{table}' belongs under [check]: put it after that line")
            continue
        if table in _KNOWN and not isinstance(value, dict):
            problem((table,), f"'{table}' must be a table: a line [{table}], then its settings")
            continue
        if table not in _KNOWN:
            problem((table,), f"unknown setting '{table}' (simcli.toml has: [check])")
            continue
        for key in value:
            if key not in _KNOWN[table]:
                known = ", ".join(sorted(_KNOWN[table]))
                problem((table, key), f"unknown setting '{key}' (known: {known})")
    check: dict[str, Any] = data.get("check", {}) if isinstance(data.get("check"), dict) else {}
    settings = CheckSettings(file=name)
    for key in ("select", "ignore"):
        value = check.get(key)
        if value is None:
            continue
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            problem(("check", key), f'{key} must be a list of codes, like ["Q001"]')
            continue
        if key == "select" and not value:
            message = "select is empty, so no finding would be reported: leave it out for all"
            problem(("check", key), message)
            continue
        for n, code in enumerate(value):
            try:
                selected([code] if key == "select" else None, [code] if key == "ignore" else [])
            except UnknownCode as exc:
                problem(("check", key, n), str(exc))
        setattr(settings, key, list(value))
    if problems:
        raise CorpusError(problems)
    return settings


def _place(text: str, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
    """Where a setting is written, as ``(line, column)``: its key (``check.ignore``),
    or the ``n``-th quoted code of its list (``check.ignore[1]``). TOML parsers give
    no places, so the text is searched: a key at the start of a line, in its table."""
    lines = [line.split("#", 1)[0] for line in text.splitlines()]
    table, start = "", 0
    *keys, last = path
    if isinstance(last, int):  # a code in a list: the key's line, then its quoted items
        *keys, key = keys
    else:
        key = last
    if len(keys) == 1:  # inside a table: search from its header
        table = str(keys[0])
        header = re.compile(rf"\s*\[\s*{re.escape(table)}\s*\]")
        start = next((n for n, line in enumerate(lines) if header.match(line)), 0)
    pattern = re.compile(rf"(\s*)(\[\s*)?{re.escape(str(key))}\b")
    for n in range(start, len(lines)):
        found = pattern.match(lines[n])
        if found is None:
            continue
        if not isinstance(last, int):
            return n + 1, found.end(1) + 1
        items = list(re.finditer(r"\"[^\"]*\"|'[^']*'", "\n".join(lines[n:])))
        if last < len(items):
            before = "\n".join(lines[n:])[: items[last].start()]
            return n + 1 + before.count("\n"), len(before) - before.rfind("\n")
        return n + 1, found.end(1) + 1
    return None, None
