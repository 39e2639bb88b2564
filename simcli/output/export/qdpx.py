"""The corpus as a REFI-QDA project (``.qdpx``) or codebook (``.qdc``), for NVivo,
ATLAS.ti, MAXQDA, QualCoder and the other qualitative analysis tools that read
the REFI-QDA standard (QDA-XML 1.0, www.qdasoftware.org).

The codebook has a code for each theme, one for each claim kind, and, in a
project, one for each demand status as of the export day. A project has one text
source per statement, its text from the sources folder as ``simcli check
--sources`` reads it, stored in the archive's ``sources/`` folder as UTF-8 plain
text; and one coded selection per claim, from the first character of its quote
to the last (found with the same normalising matcher as ``check --sources``),
named by the claim's id, its paraphrase the selection's description and its
note (our reasoning) a note. Organisations are cases; a statement's organisation
and date are variables. Positions count characters (Unicode code points) from 0;
the end is the first character after the selection.

Every GUID is derived from the record it stands for, and the archive's dates are
the export day's, so the same corpus and day give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from simcli._version import __version__
from simcli.analysis.chronology import chronology_of, time_ordered
from simcli.model.corpus import Corpus
from simcli.model.diagnostics import Diagnostic
from simcli.model.schema import CLAIM_KINDS, KIND_MEANINGS, Claim, Statement
from simcli.model.text import plural
from simcli.output.export.result import Export
from simcli.output.render import Output

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_GUIDS = uuid.UUID("5b1c3a8e-3f0e-5d0c-9a53-51a7c11e0001")  # simcli's namespace for uuid5
DEMAND_STATUSES = ("open", "partly-met", "met", "refused")


def guid(kind: str, key: str) -> str:
    """The GUID of a record of a kind (``theme``, ``claim``...): the same every time."""
    return str(uuid.uuid5(_GUIDS, f"{kind}:{key}"))


@dataclass(frozen=True)
class Selection:
    """A claim's quote in its statement's text: ``text[start:end]``."""

    claim: Claim
    start: int
    end: int
    status: str | None = None  # a demand's status as of the export day


@dataclass
class Document:
    """A statement's text, with the selections of its claims."""

    statement: Statement
    text: str
    selections: list[Selection] = field(default_factory=list)


@dataclass
class QdaProject:
    """What a ``.qdpx`` holds, and the claims it leaves out (with why, in ``problems``)."""

    corpus: Corpus
    as_of: dt.date
    documents: list[Document]
    problems: list[Diagnostic]
    left_out: list[str]  # ids of claims with no selection

    @property
    def selections(self) -> int:
        return sum(len(d.selections) for d in self.documents)


def qda_project(corpus: Corpus, sources: Path, as_of: dt.date) -> QdaProject:
    """Each statement's text from ``sources`` with its claims' quotes placed in it.
    A claim whose quote is not in the text, or whose statement's text is missing,
    is left out and reported in ``problems`` (rules Q001-Q004)."""
    from simcli.analysis.check import placed_quotes
    from simcli.analysis.rows import DemandQuery, claim_rows

    texts, problems = placed_quotes(corpus, sources)
    statuses = {
        row.claim.id: row.status.status
        for row in claim_rows(corpus, DemandQuery(kind="demand", as_of=as_of))
        if row.status is not None
    }
    documents, left_out = [], []
    for statement in time_ordered(corpus, corpus.statements):
        text = texts.get(statement.source) if statement.source else None
        if text is None:
            left_out += [c.id for c in statement.claims]
            continue
        document = Document(statement, text.text)
        for claim in statement.claims:
            span = text.span(claim.quote)
            if span is None:
                left_out.append(claim.id)
            else:
                document.selections.append(Selection(claim, *span, statuses.get(claim.id)))
        documents.append(document)
    return QdaProject(corpus, as_of, documents, problems, left_out)


# what XML 1.0 does not allow in a document, even escaped: most control characters
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    """Corpus text as XML can hold it: a character XML forbids (a form feed, say,
    which YAML lets through escaped) becomes U+FFFD, visibly."""
    return _NOT_XML.sub("\ufffd", value)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items()})
    if text is not None:
        node.text = _xml_text(text)
    return node


def _codes(parent: ET.Element, corpus: Corpus, as_of: dt.date | None) -> None:
    """The codebook's codes: themes, claim kinds, who demands are made of and (for a
    project) demand statuses on the day."""
    codes = _element(parent, "Codes")

    def group(key: str, name: str, about: str) -> ET.Element:
        node = _element(codes, "Code", guid=guid("group", key), name=name, isCodable="false")
        _element(node, "Description", about)
        return node

    themes = group("themes", "Themes", "What claims are about: simcli's codebook.")
    for theme in corpus.themes:
        code = _element(
            themes, "Code", guid=guid("theme", theme.id), name=theme.label, isCodable="true"
        )
        _element(code, "Description", f"{theme.description} (simcli theme {theme.id})")
    kinds = group("kinds", "Claim kinds", "What sort of thing each claim is.")
    for kind in CLAIM_KINDS:
        code = _element(kinds, "Code", guid=guid("kind", kind), name=kind, isCodable="true")
        article = "An" if kind[0] in "aeiou" else "A"  # the kinds are plain English words
        _element(code, "Description", f"{article} {kind}: {KIND_MEANINGS[kind]}.")
    targets = dict.fromkeys(c.target for _, c in corpus.claims() if c.target is not None)
    if targets:
        made_of = group("targets", "Made of", "Who a demand is made of.")
        for org_id in targets:
            org = corpus.org(org_id)
            code = _element(made_of, "Code", guid=guid("target", org.id), name=org.name)
            code.set("isCodable", "true")
            _element(code, "Description", f"Demands made of {org.name} (simcli {org.id}).")
    if as_of is not None:
        day = as_of.isoformat()
        statuses = group(
            "statuses",
            f"Demand status on {day}",
            f"Where each demand stood on {day}, as simcli unmet and demands say.",
        )
        for status in DEMAND_STATUSES:
            code = _element(
                statuses, "Code", guid=guid("status", status), name=status, isCodable="true"
            )
            _element(code, "Description", f"Demands {status} on {day}.")


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def code_count(corpus: Corpus) -> int:
    """How many codes a codebook of the corpus has, groups left out."""
    targets = {c.target for _, c in corpus.claims() if c.target is not None}
    return len(corpus.themes) + len(CLAIM_KINDS) + len(targets)


def codebook_xml(corpus: Corpus) -> str:
    """The codebook alone, as a REFI-QDA ``.qdc`` document."""
    root = ET.Element("CodeBook", xmlns=CODEBOOK_NS, origin=f"simcli {__version__}")
    _codes(root, corpus, None)
    return _xml(root).decode("utf-8")


def _value(parent: ET.Element, variable: str, text: str, kind: str = "TextValue") -> None:
    node = _element(parent, "VariableValue")
    _element(node, "VariableRef", targetGUID=guid("variable", variable))
    _element(node, kind, text)


_VARIABLES = (
    ("organisation", "Organisation", "Text", "The statement's author."),
    (
        "date",
        "Date",
        "Text",
        "When it was published, as precisely as known (YYYY, YYYY-MM or a day).",
    ),
    ("earliest", "Earliest date", "Date", "The first day it can have been published on."),
    ("org-kind", "Organisation kind", "Text", "What sort of organisation it is."),
)


def project_xml(project: QdaProject) -> bytes:
    """The project document (``project.qde``) of the ``.qdpx``."""
    corpus, day = project.corpus, project.as_of
    stamp = f"{day.isoformat()}T00:00:00Z"
    user = guid("user", "simcli")
    root = ET.Element(
        "Project",
        xmlns=PROJECT_NS,
        name=_xml_text(corpus.data.title or "simcli corpus"),
        origin=f"simcli {__version__}",
        creatingUserGUID=user,
        creationDateTime=stamp,
    )
    users = _element(root, "Users")
    _element(users, "User", guid=user, name="simcli")
    _codes(_element(root, "CodeBook"), corpus, day)
    variables = _element(root, "Variables")
    for key, name, kind, about in _VARIABLES:
        node = _element(variables, "Variable", guid=guid("variable", key), name=name)
        node.set("typeOfVariable", kind)
        _element(node, "Description", about)
    by_org: dict[str, list[Document]] = {}
    for document in project.documents:
        by_org.setdefault(document.statement.org, []).append(document)
    cases = _element(root, "Cases")
    for org in corpus.organisations:
        case = _element(cases, "Case", guid=guid("org", org.id), name=org.name)
        _element(case, "Description", f"{org.name} ({org.kind}; simcli organisation {org.id})")
        _value(case, "org-kind", org.kind)
        for document in by_org.get(org.id, []):
            _element(case, "SourceRef", targetGUID=guid("statement", document.statement.id))
    if not len(cases):
        root.remove(cases)
    sources = _element(root, "Sources")
    notes: list[tuple[str, str, str]] = []
    for document in project.documents:
        statement = document.statement
        key = guid("statement", statement.id)
        source = _element(
            sources,
            "TextSource",
            guid=key,
            name=statement.id,
            plainTextPath=f"internal://{key}.txt",
            creatingUser=user,
            creationDateTime=stamp,
        )
        about = f"{statement.shown_title}. {statement.summary}"
        if statement.url:
            about += f" Published at {statement.url}"
        _element(source, "Description", about)
        for selection in document.selections:
            claim = selection.claim
            node = _element(
                source,
                "PlainTextSelection",
                guid=guid("claim", claim.id),
                name=claim.id,
                startPosition=str(selection.start),
                endPosition=str(selection.end),
                creatingUser=user,
                creationDateTime=stamp,
            )
            _element(node, "Description", claim.text)
            codes = [guid("theme", t) for t in dict.fromkeys(claim.themes)]
            codes.append(guid("kind", claim.kind))
            if claim.target is not None:
                codes.append(guid("target", claim.target))
            if selection.status is not None:
                codes.append(guid("status", selection.status))
            for code in codes:
                coding = _element(
                    node,
                    "Coding",
                    guid=guid("coding", f"{claim.id}:{code}"),
                    creatingUser=user,
                    creationDateTime=stamp,
                )
                _element(coding, "CodeRef", targetGUID=code)
            if claim.note:
                note = guid("note", claim.id)
                notes.append((note, f"Note on {claim.id}", claim.note))
                _element(node, "NoteRef", targetGUID=note)
        author = corpus.author(statement)
        _value(source, "organisation", author.name)
        _value(source, "date", str(statement.date))
        earliest = chronology_of(corpus).earliest(statement.id).isoformat()
        _value(source, "earliest", earliest, "DateValue")
    if not len(sources):
        root.remove(sources)
    if notes:
        holder = _element(root, "Notes")
        for key, name, text in notes:
            node = _element(
                holder, "Note", guid=key, name=name, creatingUser=user, creationDateTime=stamp
            )
            _element(node, "PlainTextContent", text)
    about = (corpus.data.description or "").strip()
    about += (" " if about else "") + (
        f"Exported by simcli {__version__}; demand statuses as of {day.isoformat()}."
    )
    _element(root, "Description", about)
    return _xml(root)


def _entries(project: QdaProject) -> Iterable[tuple[str, bytes]]:
    yield "project.qde", project_xml(project)
    for document in project.documents:
        yield f"sources/{guid('statement', document.statement.id)}.txt", document.text.encode()


def write_qdpx(project: QdaProject, path: Path) -> None:
    """Write the ``.qdpx`` archive to ``path``: its dates are the export day's, so
    the same project gives the same bytes."""
    day = project.as_of
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _entries(project):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def export(
    corpus: Corpus, fmt: str, as_of: dt.date, sources: Path | None, table: str | None
) -> Export:
    """``qdc``: the codebook; ``qdpx``: a whole project, which needs ``sources``, the
    folder of the statements' texts."""
    if fmt == "qdc":
        output = Output(None, [], pages={"qdc": lambda: codebook_xml(corpus)})
        return Export(output, plural(code_count(corpus), "code"))
    if sources is None:
        raise ValueError("a QDPX project needs the folder of the statements' texts")
    project = qda_project(corpus, sources, as_of)
    summary = (
        f"{plural(len(project.documents), 'text source')},"
        f" {plural(project.selections, 'coded selection')}"
    )
    if project.left_out:
        summary += f"; {plural(len(project.left_out), 'claim')} left out"
    output = Output(None, [], files={"qdpx": lambda path: write_qdpx(project, path)})
    empty = not project.selections
    return Export(output, summary, project.problems, project.left_out, empty=empty)
