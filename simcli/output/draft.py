"""A draft as the corpus file a person reviews: one statement, its candidate claims,
and every note and guess as a comment; or as JSON for scripts."""

from __future__ import annotations

import re
import unicodedata

import yaml

from simcli.model.dates import TODO
from simcli.output.render import Output
from simcli.sources.extract.statement import Draft


def _scalar(value: str) -> str:
    """A YAML double-quoted scalar; anything unprintable becomes an escape."""
    if value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'  # printable: no category C or Z but the space, as below
    out = ['"']
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif unicodedata.category(char)[0] in "CZ" and char != " ":
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


_PLAIN = re.compile(r"[a-z0-9][a-z0-9._-]*")
_RESOLVER = yaml.resolver.Resolver()
_RESERVED = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n"})


def _id(value: str) -> str:
    """An id or date as a plain scalar, as the corpus writes them, when YAML reads it
    back as text (or a date); else quoted (``0x1f`` would be read as a number)."""
    if value == TODO:
        return value  # a draft's placeholder, written plain as check reports it
    if _PLAIN.fullmatch(value) and value not in _RESERVED:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return value
    return _scalar(value)


def _date(value: str) -> str:
    """A date as the corpus writes it: plain (2021, 2021-04, 2021-04-21)."""
    plain = value == TODO or re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value)
    return value if plain else _scalar(value)


def _comment(text: str) -> str:
    return " ".join(_scalar(text)[1:-1].split())


def draft_output(draft: Draft) -> Output:
    """The draft for the renderer: ``yaml``, a corpus file to review and save (a
    whole page), or ``json``, the candidates for scripts."""
    return Output(draft.as_dict(), [], pages={"yaml": lambda: draft_yaml(draft)})


def draft_yaml(draft: Draft) -> str:
    """The draft as a corpus file holding one statement, with review notes as comments."""
    n = len(draft.candidates)
    lines = [
        f"# Drafted by simcli extract from {_comment(draft.source)}: {n} candidate"
        f" claim{'s' if n != 1 else ''} from {draft.sentences} sentences.",
        "# Review every claim against the text: delete what is not a claim, correct",
        "# kind, themes and target, and write each TODO in our own words. Then save",
        "# this file in the corpus folder and run: simcli --data FOLDER check --sources DIR",
    ]
    lines += [f"# note: {_comment(note)}" for note in draft.notes]
    lines.append("version: 1")
    if draft.new_orgs:
        lines.append("organisations:")
        for o in draft.new_orgs:
            lines.append(f"  - id: {_id(o.id)}")
            lines.append(f"    name: {_scalar(o.name)}")
            if o.short:
                lines.append(f"    short: {_scalar(o.short)}")
            lines.append('    kind: "TODO: charity, public body, royal college, union, ..."')
    lines += [
        "statements:",
        f"  - id: {_id(draft.id)}",
        f"    org: {_id(draft.org)}",
        f"    title: {_scalar(draft.title)}",
        f"    date: {_date(draft.date)}",
    ]
    if draft.date_note:
        lines.append(f"    date_note: {_scalar(draft.date_note)}")
    lines += [
        f"    source: {_id(draft.source)}",
        '    summary: "TODO: what the statement says and asks, in our own words."',
        "    claims:" if draft.candidates else "    claims: []",
    ]
    for c in draft.candidates:
        why = ", ".join(c.cues)
        found = f"; keywords: {', '.join(c.keywords)}" if c.keywords else "; no keyword matched"
        lines.append(f"      # line {c.line}, column {c.column}: {_comment(why)}{_comment(found)}")
        if c.target_guessed:
            lines.append(f"      # target guessed: {_comment(c.target_how)}; check it")
        lines.append(f"      - id: {_id(c.id)}")
        lines.append(f"        kind: {c.kind}")
        lines.append(f"        themes: [{', '.join(_id(t) for t in c.themes)}]")
        if c.target:
            lines.append(f"        target: {_id(c.target)}")
        elif c.kind == "demand":  # loads as a draft: check reports it until someone is named
            lines.append("        target: TODO")
        if c.items:
            listed = "; ".join(c.items)
            lines.append(
                f"        text: {_scalar(f'TODO: this {c.kind} in our own words: {listed}')}"
            )
        else:
            lines.append(f'        text: "TODO: this {c.kind} in our own words."')
        lines.append(f"        quote: {_scalar(c.quote)}")
        if c.deadline:
            lines.append(f"        deadline: {_date(c.deadline)}")
        if c.deadline_note:
            lines.append(f"        deadline_note: {_scalar(c.deadline_note)}")
    return "\n".join(lines) + "\n"
