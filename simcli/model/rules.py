"""The rules a corpus is held to, each with a stable code (in the style of ruff).

Every :class:`~simcli.model.diagnostics.Diagnostic` carries one of these codes. A code's
letter says what it is about:

- ``F`` files and folders that cannot be read as a corpus;
- ``Y`` YAML that cannot be read as corpus data;
- ``S`` the shape of the data (fields, types, values);
- ``R`` references between records (ids, names, orderings);
- ``C`` the ``simcli.toml`` configuration;
- ``Q`` quotes and their source texts (``check --sources``);
- ``T`` time: dates and orderings that contradict each other;
- ``P`` paraphrases; ``D`` drafts not finished.

Errors (``F``, ``Y``, ``S``, ``R``; ``C`` for the configuration) stop the corpus
loading, or ``check`` before it: exit 2.
Warnings are what ``simcli check`` finds in a corpus that loads: exit 1; they
can be selected and ignored (``--select``, ``--ignore``, ``simcli.toml``).
This table is the one list of codes: the README's table is generated from it,
and a diagnostic with a code not listed here cannot be made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    """A rule: its code, whether breaking it stops loading, what it means, how to fix it."""

    code: str
    severity: Severity
    summary: str
    fix: str


# The letters of the codes that are errors; the others (Q, T, P, D) are warnings.
ERROR_LETTERS = "FYSRC"


def _rules(table: str) -> dict[str, Rule]:
    """The table by code, read from its text: a rule's code and what it means, then
    ``fix:`` and how to fix it, each wrapped over indented lines; ``#`` lines head a
    group. A rule's severity is its letter's (one place says which)."""
    said: dict[str, list[str]] = {}  # code -> [what it means, how to fix it]
    code, part = "", 0
    for line in table.splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if not line[0].isspace():
            code, text = text.split(maxsplit=1)
            said[code], part = ["", ""], 0
        elif text.startswith("fix: "):
            text, part = text[len("fix: ") :], 1
        said[code][part] = f"{said[code][part]} {text}".lstrip()
    return {
        code: Rule(code, "error" if code[0] in ERROR_LETTERS else "warning", summary, fix)
        for code, (summary, fix) in said.items()
    }


RULES: dict[str, Rule] = _rules("""
# files and folders
F001  a file cannot be read
      fix: Give the path of a regular, readable file.
F002  a file is not UTF-8 text
      fix: Save the file as UTF-8 (no NUL bytes).
F003  a corpus file is empty
      fix: Write the corpus in it, or remove it.
F004  a folder entry cannot be a corpus file: a dangling link, a link out of the folder, or
      a folder named `*.yaml`
      fix: Put the file itself in the folder, or rename the entry.
F005  a corpus folder cannot be read, or has no `*.yaml` files
      fix: Name a folder holding `*.yaml` (or `*.yml`) corpus files.

# YAML
Y001  YAML syntax error (indentation, a tab, an unclosed quote, a bad escape, a control
      character, more than one document)
      fix: Fix the line shown; the message says what YAML expected.
Y002  a YAML tag that a corpus does not allow, or that cannot be read
      fix: Remove the tag (`!!python/...`, `!!binary`, `!!int 'x'`).
Y003  a key given twice in one mapping (YAML would keep only the last)
      fix: Remove or rename one of the two.
Y004  a key that is not plain text (a list, a mapping or `<<`)
      fix: Write keys as plain words, and merges out in full.
Y005  an alias of a list or mapping, or aliases repeating too much text
      fix: Write the data out in full instead of `*alias`.
Y006  nesting deeper than a corpus needs
      fix: Flatten the data.

# shape
S001  a required field is missing
      fix: Add the field.
S002  an unknown field (often a misspelling)
      fix: Rename it as the message suggests, or remove it.
S003  a value of the wrong type (text, list, mapping, number)
      fix: Write the value as the type the message names.
S004  a value that is not one of the allowed words
      fix: Use one of those listed.
S005  an invalid id, web address or source file name
      fix: Ids take letters, digits, '.', '_' and '-'; addresses start with http(s)://;
           sources are relative file names.
S006  an empty value, or one that is too long
      fix: Write it, or shorten it.
S007  an invalid date
      fix: Write YYYY, YYYY-MM or YYYY-MM-DD.
S008  an unsupported corpus version
      fix: Use `version: 1`.
S009  a value that breaks another rule of the format
      fix: See the message.

# references
R001  an id used twice
      fix: Give each record its own id.
R002  a reference to an id that does not exist
      fix: Use an id defined in the corpus (the message suggests the closest).
R003  a name (id, name, short name or alias) that names two organisations
      fix: Keep each name for one organisation.
R004  a record that endorses, or comes after, itself
      fix: Remove the reference to itself.
R005  orderings (`after`) that go round in a circle
      fix: Remove one of them.
R006  an effect names a claim not coded with the effect's theme
      fix: Code the claim with the theme, or remove it from the effect.
R007  a demand without a target
      fix: Name the organisation it asks to act (a call on the public is an appeal).

# configuration
C001  simcli.toml is not valid TOML, or names an unknown setting or code
      fix: Fix the line shown (TOML: `[check]`, `select = [...]`, `ignore = [...]`).

# findings of `simcli check`
Q001  a quote not found in its source text
      fix: Copy the quote exactly from the source (the closest passage is shown).
Q002  a statement's source text is missing from the sources folder
      fix: Add the text, fix `source:`, or pass `--allow-missing`.
Q003  a statement's source text cannot be read (outside the folder, not UTF-8, ...)
      fix: Put the text itself, as UTF-8, in the sources folder.
Q004  a statement has no source file, so its quotes cannot be checked
      fix: Add `source:` naming its text in the sources folder.
T001  a record dated after today
      fix: Fix the date (a typo in the year?).
T002  an ordering its dates rule out
      fix: Fix the date, or the ordering (`after`, evidence, endorses).
T003  orderings that leave a record no possible day
      fix: Fix the dates or orderings of the records it comes after or before.
T004  a deadline before its statement can have been made
      fix: Fix the deadline or the statement's date.
T005  an effect naming a claim not known to be made before the outcome
      fix: Remove the claim from the effect, or add its statement to the outcome's `after`.
T006  an effect that can answer no demand (none on its theme made of its actor or `orgs`
      before the outcome), and stands beside none made after it as context
      fix: Fix the effect's theme, or list whose demands it answers in `orgs` (or `claims`).
T007  an outcome none of whose effects can answer a demand
      fix: Fix its effects, or write `effects: []` for an event that answers no call.
P001  a paraphrase that repeats its quote
      fix: Write the paraphrase (`text`) in our own words.
D001  a field still saying TODO (as `simcli extract` leaves a draft)
      fix: Write it (a theme: one of the codebook's); a field a record can do without may be
           removed instead.
""")


class UnknownCode(ValueError):
    """A selector (``--select``, ``--ignore``, ``simcli.toml``) that names no rule
    that can be chosen; ``selector`` is the one at fault."""

    def __init__(self, selector: str, message: str) -> None:
        super().__init__(message)
        self.selector = selector


def matching(selector: str, suggest: Severity | None = None) -> list[Rule]:
    """The rules a selector names: a code (``Q001``), a prefix (``Q``, ``T00``) or ``ALL``.
    One that names none is an :class:`UnknownCode` suggesting the closest code (of
    the ``suggest`` severity, when given)."""
    wanted = selector.strip().upper()
    if wanted == "ALL":
        return list(RULES.values())
    found = [rule for code, rule in RULES.items() if wanted and code.startswith(wanted)]
    if not found:
        from simcli.model.text import did_you_mean

        codes = [code for code, rule in RULES.items() if suggest in (None, rule.severity)]
        raise UnknownCode(selector, f"no rule '{selector}'{did_you_mean(wanted, codes)}")
    return found


def rules(selectors: Sequence[str] = ()) -> list[Rule]:
    """``simcli rules``: the rules the selectors name (codes or prefixes), in the
    order of :data:`RULES`; every rule by default."""
    chosen = {rule.code for selector in selectors or ["ALL"] for rule in matching(selector)}
    return [rule for code, rule in RULES.items() if code in chosen]


def selected(select: Sequence[str] | None, ignore: Sequence[str]) -> set[str]:
    """The warning codes reported, as ruff chooses: a code is reported when the
    most specific selector that names it (``Q001`` before ``Q00`` before ``Q``
    before ``ALL``) is in ``select`` (default ``ALL``), and not when it is in
    ``ignore`` (which wins a tie): ``select=["Q002"], ignore=["Q"]`` reports Q002
    alone. An error cannot be left out: a corpus with one cannot be loaded, so
    selecting or ignoring one is refused."""
    best: dict[str, tuple[int, bool]] = {}  # code -> (how specific, reported)
    for selectors, reported in ((select if select is not None else ["ALL"], True), (ignore, False)):
        for selector in selectors:
            wanted = selector.strip().upper()
            specific = 0 if wanted == "ALL" else len(wanted)
            for rule in _warnings(selector):
                if rule.code not in best or specific >= best[rule.code][0]:
                    best[rule.code] = (specific, reported)
    return {code for code, (_, reported) in best.items() if reported}


def _warnings(selector: str) -> list[Rule]:
    rules = matching(selector, suggest="warning")
    warnings = [rule for rule in rules if rule.severity == "warning"]
    if not warnings:
        codes = ", ".join(rule.code for rule in rules[:3]) + (", ..." if len(rules) > 3 else "")
        raise UnknownCode(
            selector,
            f"'{selector}' names only errors ({codes}): a corpus with an error cannot be"
            " loaded, so errors are always reported; only warnings can be selected or ignored",
        )
    return warnings
