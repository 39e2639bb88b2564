"""The catalogue of bad inputs: (name, corpus, extra args). Expected outputs live in
test_bad_inputs.py; `python tests/bad_inputs.py` prints what simcli says for each."""

from __future__ import annotations

from conftest import MINI


def m(old: str, new: str, text: str = MINI) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


CASES: list[tuple[str, str | bytes | None, list[str]]] = [
    # YAML syntax
    ("tab indentation", m("    summary: Alpha", "\tsummary: Alpha"), []),
    (
        "unclosed double quote",
        m('"it does real harm ... people"', '"it does real harm ... people'),
        [],
    ),
    ("unclosed single quote", m("title: Alpha's call", "title: 'Alpha call"), []),
    ("over-indented key", m("        kind: concern", "         kind: concern"), []),
    ("under-indented key", m("        kind: concern", "       kind: concern"), []),
    ("over-indented list item", m("      - id: alpha-worry", "       - id: alpha-worry"), []),
    ("unclosed flow list", m("keywords: [halt, stop]", "keywords: [halt, stop"), []),
    ("more than one document", MINI + "---\nversion: 1\n", []),
    ("stray text at the top", "oops\n" + MINI, []),
    # empty or wrong shape
    ("empty file", "", []),
    ("comment-only file", "# to do\n# later\n", []),
    ("blank lines only", "\n\n   \n", []),
    ("top level is a list", "- version: 1\n", []),
    ("top level is text", "just some words\n", []),
    # wrong types
    ("title is a list", m("title: Alpha's call", "title: [Alpha, call]"), []),
    ("version is text", m("version: 1", "version: one"), []),
    ("version 2", m("version: 1", "version: 2"), []),
    (
        "themes is a mapping",
        m("themes:\n  - id: halt", "themes:\n  x:\n    id: halt").replace(
            "  - id: publish\n    label: Publish it\n    description: Publish the review.\n", ""
        ),
        [],
    ),
    (
        "claims is null",
        m(
            "    claims:\n      - id: alpha-halt",
            "    claims:\n    removed:\n      - id: alpha-halt",
        ),
        [],
    ),
    ("keywords is text", m("keywords: [halt, stop]", "keywords: halt"), []),
    (
        "url is not a web address",
        m("    source: alpha.txt", "    url: alpha.org\n    source: alpha.txt"),
        [],
    ),
    ("empty text", m("text: The scheme harms people.", 'text: ""'), []),
    ("number as id", m("  - id: gov\n", "  - id: 42\n"), []),
    # missing and unknown fields
    ("missing quote", m('        quote: "it does real harm ... people"\n', ""), []),
    ("missing date", m("    date: 2021-04\n", ""), []),
    ("misspelt field", m('        quote: "it does', '        qoute: "it does'), []),
    ("unknown top-level key", m("outcomes:", "outcome:"), []),
    # duplicates
    (
        "duplicate key in a claim",
        m("        kind: concern\n", "        kind: concern\n        kind: demand\n"),
        [],
    ),
    ("duplicate top-level key", MINI + "themes: []\n", []),
    ("duplicate theme id", m("  - id: publish", "  - id: halt"), []),
    ("duplicate claim id", m("      - id: alpha-worry", "      - id: alpha-halt"), []),
    ("statement and claim share an id", m("      - id: alpha-worry", "      - id: alpha-2021"), []),
    ("colliding organisation names", m("    short: GB", "    short: an"), []),
    # dangling references
    (
        "unknown theme",
        m("        themes: [halt]\n        text: The", "        themes: [hlat]\n        text: The"),
        [],
    ),
    ("unknown author", m("    org: alpha", "    org: beta"), []),
    ("unknown target", m("        target: gov", "        target: govt"), []),
    ("unknown actor", m("    actor: gov", "    actor: parliament"), []),
    (
        "unknown evidence statement",
        m(
            "    effects:\n",
            "    evidence:\n      - {statement: beta-2021, quote: x}\n    effects:\n",
        ),
        [],
    ),
    ("unknown effect claim", m("note: Stopped.}", "note: Stopped., claims: [alpha-stop]}"), []),
    (
        "endorses itself",
        m("    source: alpha.txt\n", "    source: alpha.txt\n    endorses: [alpha-2021]\n"),
        [],
    ),
    ("demand without target", m("        target: gov\n", ""), []),
    # values
    ("impossible date", m("    date: 2022-01-05", "    date: 2021-02-30"), []),
    ("month 13", m("    date: 2021-04\n", "    date: 2021-13\n"), []),
    ("date in words", m("    date: 2021-04\n", "    date: April 2021\n"), []),
    ("invalid status", m("status: met,", "status: done,"), []),
    ("invalid kind", m("        kind: concern", "        kind: worry"), []),
    (
        "empty theme list",
        m("        themes: [halt]\n        target", "        themes: []\n        target"),
        [],
    ),
    # encodings and files
    (
        "non-UTF-8 byte",
        MINI.replace("Stop the scheme.", "Stop the sch\xe9me.").encode("latin-1"),
        [],
    ),
    ("binary file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", []),
    ("UTF-16 file", MINI.encode("utf-16"), []),
    ("control character", m("Stop the scheme.", "Stop the\x07 scheme."), []),
    # YAML features we refuse
    (
        "python tag",
        m("title: Alpha's call", "title: !!python/object/apply:os.system ['echo hacked']"),
        [],
    ),
    ("custom tag", m("title: Alpha's call", "title: !secret call"), []),
    ("binary tag", m("title: Alpha's call", "title: !!binary aGVsbG8="), []),
    ("merge key", m("  - id: gov\n", "  - <<: {kind: charity}\n    id: gov\n"), []),
    (
        "alias of a list",
        m(
            "        themes: [halt]\n        target", "        themes: &t [halt]\n        target"
        ).replace(
            "        themes: [halt]\n        text: The", "        themes: *t\n        text: The"
        ),
        [],
    ),
    ("deep nesting", "version: 1\nthemes: " + "[" * 5000 + "]" * 5000 + "\n", []),
    # command lines
    ("unknown --format", MINI, ["demands", "--format", "xml"]),
    ("bad --as-of", MINI, ["unmet", "--as-of", "2021-02-30"]),
    ("unknown --org", MINI, ["demands", "--org", "Alpah"]),
    ("unknown --theme", MINI, ["unmet", "--theme", "hlat"]),
    ("unknown --kind", MINI, ["demands", "--kind", "wish"]),
    ("unknown --status", MINI, ["demands", "--status", "done"]),
    ("unknown id for show", MINI, ["show", "alpha-hlat"]),
    ("unknown command", MINI, ["demand"]),
    ("bad --from", MINI, ["timeline", "--from", "last year"]),
    # these load fine
    ("BOM and CRLF", b"\xef\xbb\xbf" + MINI.replace("\n", "\r\n").encode(), []),
    (
        "scalar alias",
        m("    kind: charity", "    kind: &k charity").replace(
            "    kind: public body", "    kind: *k"
        ),
        [],
    ),
]


if __name__ == "__main__":  # print what simcli says, to review by eye
    import os
    import tempfile

    from typer.testing import CliRunner

    from simcli.cli.app import app

    os.environ["COLUMNS"] = "80"
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        for name, corpus, args in CASES:
            data = corpus if isinstance(corpus, bytes) else (corpus or "").encode()
            with open("c.yaml", "wb") as f:
                f.write(data)
            result = CliRunner().invoke(app, ["--data", "c.yaml", *(args or ["check"])])
            print(f"=== {name}: exit {result.exit_code}")
            print(result.output, end="")
