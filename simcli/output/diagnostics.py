"""Diagnostics, written as people and tools read them: ``file:line:col: code message``
text, GitHub annotations (``::error file=...``), JSON, or SARIF for code-scanning.
Every message is one line per line of ours: corpus text cannot start a line that
a workflow runner would read as a command."""

from __future__ import annotations

import pathlib
import urllib.parse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from simcli.output.render import dumps, inert_lines, one_line

if TYPE_CHECKING:
    from simcli.model.diagnostics import Diagnostic


def github_annotation(
    file: str, line: int | None, column: int | None, message: str, level: str = "error"
) -> str:
    """A GitHub Actions ``::error`` workflow command, escaped as GitHub documents."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    # every part made one inert line; the message's own line breaks (ours) are kept
    file = one_line(file)
    message = "\n".join(one_line(part) for part in message.split("\n"))
    props = [f"file={prop(file)}"]
    if line is not None:
        props.append(f"line={line}")
        if column is not None:
            props.append(f"col={column}")
    props.append("title=simcli check")
    return f"::{level} {','.join(props)}::{data(message)}"


DIAGNOSTIC_FORMATS = ("text", "github", "json", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def diagnostics_text(
    diagnostics: Sequence[Diagnostic],
    fmt: str,
    doc: dict[str, Any] | None = None,
    ignored: Sequence[Diagnostic] = (),
    summary: str | None = None,
) -> str:
    """Diagnostics in one of :data:`DIAGNOSTIC_FORMATS`: ``text`` (``file:line:col:
    CODE subject: message``, and the hint indented below), ``github`` (Actions
    annotations), ``json`` (``doc`` with a ``diagnostics`` list) or ``sarif``
    (SARIF 2.1.0, for GitHub code scanning). Every line is inert. Diagnostics
    left out by ``--ignore`` or ``--select`` are listed in JSON (``ignored``) and
    SARIF (as suppressed results), never dropped unsaid."""
    if fmt == "json":
        body = {
            **(doc or {}),
            "diagnostics": [diagnostic_json(d) for d in diagnostics],
            "ignored": [diagnostic_json(d) for d in ignored],
        }
        return inert_lines(dumps(body, 2) + "\n")
    if fmt == "sarif":
        return inert_lines(dumps(sarif_log(diagnostics, ignored), 2) + "\n")
    lines = []
    for d in diagnostics:
        if fmt == "github":
            # data's own line breaks made visible; ours starts the annotation's second line
            message = one_line(
                f"{d.code} {d.about}: {d.message}" if d.about else f"{d.code} {d.message}"
            )
            if d.hint:
                message += "\n" + one_line(d.hint)
            lines.append(github_annotation(d.file, d.line, d.column, message, d.severity))
            continue
        lines.append(one_line(str(d)))
        if d.hint:
            lines.append(one_line(f"    {d.hint}"))
    if summary is not None:  # text and github end with what was found, or checked
        lines.append(one_line(summary))
    return "".join(f"{line}\n" for line in lines)


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """A diagnostic as JSON: its code, severity, place, field path and words, and
    how to fix what its rule finds."""
    from simcli.model.rules import RULES

    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity,
        "file": diagnostic.file,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "field": diagnostic.field,
        "subject": diagnostic.subject,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
        "fix": RULES[diagnostic.code].fix,
    }


def sarif_log(
    diagnostics: Sequence[Diagnostic], ignored: Sequence[Diagnostic] = ()
) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one run: every rule simcli has, and one result per
    diagnostic, located by file (a relative URI, for code scanning), line and column."""
    from simcli._version import __version__
    from simcli.model.rules import RULES

    index = {code: i for i, code in enumerate(RULES)}
    rules = [
        {
            "id": rule.code,
            "shortDescription": {"text": rule.summary},
            "help": {"text": rule.fix},
            "defaultConfiguration": {"level": rule.severity},
        }
        for rule in RULES.values()
    ]
    results = []
    left_out = {id(d) for d in ignored}
    for d in [*diagnostics, *ignored]:
        # code scanning places a result by its region: a whole-file problem is on line 1
        region = {"startLine": d.line or 1}
        if d.line is not None and d.column is not None:
            region["startColumn"] = d.column
        location: dict[str, Any] = {
            "artifactLocation": {"uri": _file_uri(d.file)},
            "region": region,
        }
        text = f"{d.about}: {d.message}" if d.about else d.message
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": d.severity,
            "message": {"text": text + (f"\n{d.hint}" if d.hint else "")},
            "locations": [{"physicalLocation": location}],
        }
        if d.field:
            result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": d.field}]
        if id(d) in left_out:
            justification = "left out by --select/--ignore or simcli.toml"
            result["suppressions"] = [{"kind": "external", "justification": justification}]
        results.append(result)
    driver = {
        "name": "simcli",
        "version": __version__,
        "rules": rules,
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }


def _file_uri(file: str) -> str:
    """A file as SARIF wants it: a relative path as a relative URI (code scanning
    resolves it from the repository root), an absolute one as ``file://``."""
    path = pathlib.PurePath(file)
    if path.is_absolute():
        return pathlib.Path(file).as_uri()
    return urllib.parse.quote(path.as_posix())
