"""Check a parsed corpus: its shape (via the pydantic models) and its references.

Both checks run on every load and all their problems are reported together,
each located by file, line, column and field path. Reference checks read the
raw data defensively, so a record with a schema error elsewhere still has its
references checked.
"""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from simcli.model.dates import TODO
from simcli.model.diagnostics import Diagnostic, FieldPath, Locator
from simcli.model.schema import SOURCE_PATTERN, URL_PATTERN, CorpusData
from simcli.model.text import CloseMatches, did_you_mean

M = TypeVar("M", bound=BaseModel)

SECTIONS = ("version", "themes", "organisations", "statements", "outcomes")


def _yaml_type(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _model_at(path: FieldPath, top: type[BaseModel] = CorpusData) -> type[BaseModel] | None:
    """The model class whose fields the mapping at ``path`` holds."""
    model: Any = top
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        info = model.model_fields.get(part)
        if info is None:
            return None
        model = _inner_model(info.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """``list[Claim]`` -> ``Claim``; ``Annotated[list[Effect], ...]`` -> ``Effect``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if args else None
        else:
            return annotation


def _schema_message(err: ErrorDetails, top: type[BaseModel] = CorpusData) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    field = str(err["loc"][-1]) if err["loc"] else ""
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        model = _model_at(tuple(err["loc"][:-1]), top)
        known = list(model.model_fields) if model else []
        hint = did_you_mean(field, known)
        if not hint and known:
            hint = f" (known fields: {', '.join(known)})"
        return f"unknown field '{field}'{hint}"
    if kind == "literal_error" and tuple(err["loc"]) == ("version",):
        return f"unsupported corpus version {value!r}: this simcli reads version 1"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        hint = did_you_mean(str(value), expected.replace(" or ", ", ").split(", "))
        return f"'{value}' is not one of: {expected}{hint}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern == URL_PATTERN:
            if not str(value).startswith(("http://", "https://")):
                return f"'{value}' is not a web address starting with http:// or https://"
            return (
                f"'{value}' is not a usable web address: no spaces, control characters,"
                " quotes, '<', '>', '\\', '{', '}', '|' or '^' (percent-encode them)"
            )
        if pattern == SOURCE_PATTERN:
            return (
                f"'{value}' is not a file name in the sources folder: a relative path,"
                " without '..', '\\', ':' or control characters"
            )
        return f"'{value}' is not a valid id: use letters, digits, '.', '_' or '-'"
    if kind in ("string_type", "list_type", "model_type", "dict_type", "int_type"):
        wanted = {
            "string_type": "text",
            "list_type": "a list",
            "model_type": "a mapping",
            "dict_type": "a mapping",
            "int_type": "a whole number",
        }[kind]
        return f"expected {wanted}, got {_yaml_type(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        if isinstance(value, str):
            return "must not be empty"
        return "needs at least one item"
    if kind == "string_too_long":
        return f"too long: at most {ctx.get('max_length')} characters"
    if kind == "date":
        return str(err["msg"])
    msg = str(err["msg"])
    return msg[:1].lower() + msg[1:]


_SCHEMA_CODES = {
    "missing": "S001",
    "extra_forbidden": "S002",
    "string_type": "S003",
    "list_type": "S003",
    "model_type": "S003",
    "dict_type": "S003",
    "int_type": "S003",
    "literal_error": "S004",
    "string_pattern_mismatch": "S005",
    "string_too_short": "S006",
    "too_short": "S006",
    "string_too_long": "S006",
    "date": "S007",
}


def _schema_code(err: ErrorDetails) -> str:
    if err["type"] == "literal_error" and tuple(err["loc"]) == ("version",):
        return "S008"
    return _SCHEMA_CODES.get(err["type"], "S009")


def validate_schema(
    data: Any,
    doc: Locator,
    model: type[M] = CorpusData,  # type: ignore[assignment]
) -> tuple[M | None, list[Diagnostic]]:
    """The validated corpus, or the pydantic schema errors, each located in the file."""
    if not isinstance(data, dict):
        return None, [
            doc.problem(
                (),
                "the top level must be a mapping with the keys "
                + ", ".join(SECTIONS)
                + f"; got {_yaml_type(data)}",
                "S003",
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = _one_per_mistake(exc.errors(), model)
        return None, [
            doc.problem(
                tuple(err["loc"]),
                _schema_message(err, model),
                _schema_code(err),
                at_key=err["type"] == "extra_forbidden",
            )
            for err in errors
        ]


def _one_per_mistake(errors: list[ErrorDetails], top: type[BaseModel]) -> list[ErrorDetails]:
    """A misspelt field is one mistake, not two: a required field that is missing where
    an unknown field close to its name stands (``lable`` for ``label``) is said by
    the unknown field's error ("did you mean 'label'?"), and not again as missing."""
    misspelt: set[tuple[Any, ...]] = set()
    for err in errors:
        if err["type"] != "extra_forbidden" or not err["loc"]:
            continue
        parent = tuple(err["loc"][:-1])
        model = _model_at(parent, top)
        known = list(model.model_fields) if model else []
        close = CloseMatches(known)(str(err["loc"][-1]))
        if close:
            misspelt.add((*parent, close[0]))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]


def _items(data: dict[str, Any], section: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(section)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _str_list(value: Any) -> list[tuple[int, str]]:
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]


class _Integrity:
    """Reference checks over raw corpus data."""

    def __init__(self, data: dict[str, Any], doc: Locator, incomplete: set[str]) -> None:
        self.data, self.doc, self.incomplete = data, doc, set(incomplete)
        self.problems: list[Diagnostic] = []
        self.claim_ids: set[str] = set()
        # one index of close matches per set of known ids (the set kept, so its id stays its own)
        self._close: dict[int, tuple[set[str], CloseMatches]] = {}

    def did_you_mean(self, word: str, known: set[str]) -> str:
        entry = self._close.get(id(known))
        if entry is None:
            entry = self._close[id(known)] = (known, CloseMatches(known))
        return did_you_mean(word, entry[1])

    def add(self, path: FieldPath, message: str, code: str) -> None:
        self.problems.append(self.doc.problem(path, message, code))

    def unique(self, entries: list[tuple[FieldPath, Any]], what: str) -> set[str]:
        first: dict[str, FieldPath] = {}
        for path, value in entries:
            if not isinstance(value, str):
                continue
            if value in first:
                where = self.doc.describe(first[value])
                self.add(path, f"duplicate {what} id '{value}' (first used at {where})", "R001")
            else:
                first[value] = path
        return set(first)

    def ref(
        self,
        path: FieldPath,
        value: Any,
        known: set[str],
        what: str,
        section: str,
        draft: bool = False,
    ) -> None:
        """An id that must name a record of ``section``; with ``draft``, ``TODO`` too
        (a draft's placeholder, which check reports as D001 and questions leave out)."""
        if not isinstance(value, str) or value in known or section in self.incomplete:
            return
        if draft and value == TODO:
            return
        self.add(path, f"unknown {what} '{value}'{self.did_you_mean(value, known)}", "R002")

    def run(self) -> list[Diagnostic]:
        data = self.data
        for section in SECTIONS[1:]:  # a section of the wrong shape resolves nothing
            if section in data and not isinstance(data[section], list):
                self.incomplete.add(section)
        for section in ("themes", "organisations", "statements"):  # required: missing (S001,
            if section not in data:  # or misspelt, S002) is one problem, not one per reference
                self.incomplete.add(section)
        themes = _items(data, "themes")
        orgs = _items(data, "organisations")
        statements = _items(data, "statements")
        outcomes = _items(data, "outcomes")
        claims = [
            (s_i, c_i, claim) for s_i, st in statements for c_i, claim in _items(st, "claims")
        ]
        theme_ids = self.unique([(("themes", i, "id"), t.get("id")) for i, t in themes], "theme")
        org_ids = self.unique(
            [(("organisations", i, "id"), o.get("id")) for i, o in orgs], "organisation"
        )
        # statements, claims and outcomes share one namespace: `simcli show ID` takes any
        record_entries: list[tuple[FieldPath, Any]] = []
        for i, st in statements:
            record_entries.append((("statements", i, "id"), st.get("id")))
            for c_i, claim in _items(st, "claims"):
                record_entries.append((("statements", i, "claims", c_i, "id"), claim.get("id")))
        record_entries += [(("outcomes", i, "id"), o.get("id")) for i, o in outcomes]
        self.unique(record_entries, "record")
        statement_ids = {st["id"] for _, st in statements if isinstance(st.get("id"), str)}
        claim_themes: dict[str, set[str]] = {
            c["id"]: {t for _, t in _str_list(c.get("themes"))}
            for _, _, c in claims
            if isinstance(c.get("id"), str)
        }
        self.claim_ids = set(claim_themes)
        self._names(orgs)
        for i, st in statements:
            base: FieldPath = ("statements", i)
            self.ref((*base, "org"), st.get("org"), org_ids, "organisation", "organisations", True)
            for e_i, endorsed in _str_list(st.get("endorses")):
                if endorsed == st.get("id"):
                    self.add((*base, "endorses", e_i), "a statement cannot endorse itself", "R004")
                self.ref(
                    (*base, "endorses", e_i), endorsed, statement_ids, "statement", "statements"
                )
        for s_i, c_i, claim in claims:
            base = ("statements", s_i, "claims", c_i)
            for t_i, theme in _str_list(claim.get("themes")):
                self.ref((*base, "themes", t_i), theme, theme_ids, "theme", "themes", True)
            target = claim.get("target")
            if claim.get("kind") == "demand" and target is None:
                self.add(
                    base,
                    "a demand needs a target: the organisation it asks to act"
                    " (a call on the public or supporters is an appeal)",
                    "R007",
                )
            self.ref((*base, "target"), target, org_ids, "organisation", "organisations", True)
        record_ids = statement_ids | {o["id"] for _, o in outcomes if isinstance(o.get("id"), str)}
        self._order(
            [(("statements", i), st) for i, st in statements]
            + [(("outcomes", i), o) for i, o in outcomes],
            record_ids,
        )
        for i, outcome in outcomes:
            base = ("outcomes", i)
            actor = outcome.get("actor")
            self.ref((*base, "actor"), actor, org_ids, "organisation", "organisations")
            for e_i, ev in _items(outcome, "evidence"):
                self.ref(
                    (*base, "evidence", e_i, "statement"),
                    ev.get("statement"),
                    statement_ids,
                    "statement",
                    "statements",
                )
            for f_i, effect in _items(outcome, "effects"):
                self._effect((*base, "effects", f_i), effect, theme_ids, claim_themes)
                for k, org in _str_list(effect.get("orgs")):
                    path = (*base, "effects", f_i, "orgs", k)
                    self.ref(path, org, org_ids, "organisation", "organisations")
        return self.problems

    def _order(self, records: list[tuple[FieldPath, dict[str, Any]]], known: set[str]) -> None:
        """``after`` names statements or outcomes, and never makes a record come after itself."""
        edges: dict[str, list[tuple[str, FieldPath]]] = {}
        for base, record in records:
            own = record.get("id")
            for k, other in _str_list(record.get("after")):
                path = (*base, "after", k)
                if other == own:
                    self.add(path, "a record cannot come after itself", "R004")
                    continue
                if "statements" in self.incomplete or "outcomes" in self.incomplete:
                    continue
                if other not in known:
                    self.add(
                        path,
                        f"unknown statement or outcome '{other}'{self.did_you_mean(other, known)}",
                        "R002",
                    )
                elif isinstance(own, str):
                    edges.setdefault(own, []).append((other, path))
        # a cycle (a after b after ... after a) orders nothing: report it once, where it closes
        state: dict[str, int] = {}  # 1 on the current path, 2 done
        for start in sorted(edges):
            if state.get(start):
                continue
            stack: list[tuple[str, int]] = [(start, 0)]
            trail: list[str] = []
            state[start] = 1
            trail.append(start)
            while stack:
                node, i = stack.pop()
                nexts = edges.get(node, [])
                if i < len(nexts):
                    stack.append((node, i + 1))
                    other, path = nexts[i]
                    if state.get(other) == 1:
                        loop = [*trail[trail.index(other) :], other]
                        circle = " after ".join(loop)
                        self.add(path, f"the order goes round in a circle: {circle}", "R005")
                    elif not state.get(other):
                        state[other] = 1
                        trail.append(other)
                        stack.append((other, 0))
                else:
                    state[node] = 2
                    trail.pop()

    def _effect(
        self,
        base: FieldPath,
        effect: dict[str, Any],
        theme_ids: set[str],
        claim_themes: dict[str, set[str]],
    ) -> None:
        theme = effect.get("theme")
        self.ref((*base, "theme"), theme, theme_ids, "theme", "themes")
        for k, claim_id in _str_list(effect.get("claims")):
            path = (*base, "claims", k)
            if claim_id not in claim_themes:
                self.ref(path, claim_id, self.claim_ids, "claim", "statements")
            elif isinstance(theme, str) and theme not in claim_themes[claim_id]:
                self.add(path, f"claim '{claim_id}' is not coded with theme '{theme}'", "R006")

    def _names(self, orgs: list[tuple[int, dict[str, Any]]]) -> None:
        """Every name of an organisation must pick out that organisation alone."""
        owner: dict[str, str] = {}
        for i, org in orgs:
            org_id: Any = org.get("id")
            names: list[tuple[FieldPath, Any]] = [(("organisations", i, "id"), org_id)]
            names += [(("organisations", i, f), org.get(f)) for f in ("name", "short")]
            names += [
                (("organisations", i, "aliases", k), a) for k, a in _str_list(org.get("aliases"))
            ]
            for path, name in names:
                if not isinstance(name, str) or not isinstance(org_id, str):
                    continue
                key = name.casefold()
                other = owner.setdefault(key, org_id)
                if other != org_id:
                    self.add(
                        path, f"the name '{name}' already names organisation '{other}'", "R003"
                    )


def integrity_problems(data: Any, doc: Locator, incomplete: set[str]) -> list[Diagnostic]:
    """Duplicate ids and references that do not resolve."""
    if not isinstance(data, dict):
        return []
    return _Integrity(data, doc, incomplete).run()
