"""A corpus file's text, parsed and validated: from text to a corpus's records, or
every problem found, each located (``file:line:column``, field path, rule code)."""

from __future__ import annotations

from simcli.model.diagnostics import CorpusError, Diagnostic
from simcli.model.schema import CorpusData


def validate_text(text: str, shown: str) -> CorpusData:
    """Parse and check a corpus text; every problem found is raised together."""
    # YAML and the checks load only here: a corpus served from the cache needs neither
    from simcli.read.validate import integrity_problems, validate_schema
    from simcli.read.yamlsrc import parse_yaml

    parsed = parse_yaml(text, shown)
    corpus_data, schema = (
        (None, []) if parsed.data is None else validate_schema(parsed.data, parsed.document)
    )
    problems = parsed.problems + parsed.relevant(
        schema + integrity_problems(parsed.data, parsed.document, parsed.incomplete)
    )
    if parsed.data is None and not problems:
        problems.append(
            Diagnostic(
                shown,
                None,
                None,
                (),
                "the file is empty: a corpus needs version, themes, organisations and statements",
                "F003",
            )
        )
    if problems or corpus_data is None:
        raise CorpusError(problems)
    return corpus_data
