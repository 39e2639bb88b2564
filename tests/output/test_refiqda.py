"""`simcli export --format qdpx|qdc`: REFI-QDA projects and codebooks, validated
against the standard's schemas and read back by a third-party reader."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from lxml import etree
from pyrefiqda import RefiCodebook, RefiProject

from simcli import load_corpus
from simcli.sources.quotes import SourceText, normalise, quote_parts

SCHEMAS = ROOT / "tests" / "data" / "refi-qda"
DAY = "2026-11-24"


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def valid(document: etree._Element, name: str) -> None:
    checker = schema(name)
    assert checker.validate(document), str(checker.error_log)


def export_qdpx(run, out: Path, sources: Path, *extra: str):
    return run(
        *extra, "export", "-f", "qdpx", "--sources", str(sources), "--out", str(out),
        "--as-of", DAY,
    )  # fmt: skip


def read_back(path: Path, work: Path):
    """The project as pyrefiqda reads it, and each selection's text cut from its
    source at the exported positions: {claim id: text}."""
    project = RefiProject.load(path, extract_dir=str(work))
    cut = {}
    for source in project.sources.text_source:
        text = RefiProject.resolve_source_path(source.plain_text_path, work).read_text("utf-8")
        for selection in source.plain_text_selection:
            cut[selection.name] = text[selection.start_position : selection.end_position]
    return project, cut


def test_bundled_project_validates_opens_and_every_selection_is_its_quote(
    run, tmp_path: Path, shared_sources: Path
) -> None:
    out = tmp_path / "sim.qdpx"
    result = export_qdpx(run, out, shared_sources)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}: 6 text sources, 77 coded selections\n"
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        valid(etree.fromstring(archive.read("project.qde")), "Project.xsd")
    assert names[0] == "project.qde" and len(names) == 7
    assert all(n.startswith("sources/") and n.endswith(".txt") for n in names[1:])
    project, cut = read_back(out, tmp_path / "x")
    corpus = load_corpus()
    claims = {c.id: c for _, c in corpus.claims()}
    assert len(claims) == 77 and set(cut) == set(claims)
    for claim_id, text in cut.items():
        quote = claims[claim_id].quote
        assert SourceText(text).find(quote) is not None, (claim_id, text, quote)
        # the selection is the quote and no more: from its first piece to its last
        parts, norm = quote_parts(quote), normalise(text)
        assert norm.startswith(parts[0]) and norm.endswith(parts[-1]), (claim_id, text)
        if len(parts) == 1:
            assert norm == parts[0]
    # codes: every theme, every kind, the statuses on the day
    groups = {c.name: c for c in project.code_book.codes.code}
    assert set(groups) == {"Themes", "Claim kinds", "Made of", f"Demand status on {DAY}"}
    assert [c.name for c in groups["Themes"].code] == [t.label for t in corpus.themes]
    assert [c.name for c in groups["Claim kinds"].code] == [
        "demand", "appeal", "concern", "position", "commitment", "welcome"
    ]  # fmt: skip
    # a selection: named by its claim, described by our paraphrase, coded by theme, kind, status
    code_names = {code.guid: code.name for group in groups.values() for code in group.code}
    halt = next(
        s
        for source in project.sources.text_source
        for s in source.plain_text_selection
        if s.name == "stopsim-halt"
    )
    assert halt.description == claims["stopsim-halt"].text
    assert [code_names[c.code_ref.target_guid] for c in halt.coding] == [
        "Halt SIM", "demand", "NHS England", "partly-met"
    ]  # fmt: skip
    # organisations are cases, each with the statements it wrote
    cases = {case.name: case for case in project.cases.case}
    assert len(cases) == 12
    sources = {s.guid: s.name for s in project.sources.text_source}
    assert [sources[r.target_guid] for r in cases["Centre for Mental Health"].source_ref] == [
        "cmh-2021-05-19", "cmh-2023-03-10"
    ]  # fmt: skip
    # statement date and organisation are variables
    variables = {v.guid: v.name for v in project.variables.variable}
    cmh = next(s for s in project.sources.text_source if s.name == "cmh-2023-03-10")
    values = {
        variables[v.variable_ref.target_guid]: v.text_value or v.date_value
        for v in cmh.variable_value
    }
    assert values["Organisation"] == "Centre for Mental Health"
    assert values["Date"] == "2023-03-10" and str(values["Earliest date"]) == "2023-03-10"
    # a claim's note (our reasoning) is a note on its selection
    notes = {n.guid: n.plain_text_content for n in project.notes.note}
    suspend = next(
        s
        for source in project.sources.text_source
        for s in source.plain_text_selection
        if s.name == "peerhub-suspend"
    )
    assert notes[suspend.note_ref[0].target_guid] == claims["peerhub-suspend"].note


def test_a_small_project_always(run, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "mini.qdpx"
    result = export_qdpx(run, out, mini.parent / "sources", "--data", str(mini))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        valid(etree.fromstring(archive.read("project.qde")), "Project.xsd")
    _, cut = read_back(out, tmp_path / "x")
    # typography forgiven (curly quotes, a no-break space), an ellipsis spanned
    assert cut == {
        "alpha-halt": "We call for the “scheme” to be halted",
        "alpha-worry": "it does real harm to many\npeople",
    }


def test_same_corpus_same_bytes(run, mini: Path, tmp_path: Path) -> None:
    for name in ("a.qdpx", "b.qdpx"):
        assert export_qdpx(run, tmp_path / name, mini.parent / "sources", "--data", str(mini))
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()


def test_a_quote_not_in_its_text_fails_the_export(run, mini: Path, tmp_path: Path) -> None:
    sources = mini.parent / "sources"
    (sources / "alpha.txt").write_text('We call for the "scheme" to be halted.\n', encoding="utf-8")
    out = tmp_path / "mini.qdpx"
    result = export_qdpx(run, out, sources, "--data", str(mini))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{mini}:38:16: Q001 claim alpha-worry: quote not found in alpha.txt",
        '    closest passage: "We call for the"',
        "simcli: cannot place 1 claim in the source texts; nothing written"
        " (--allow-missing exports the rest)",
    ]
    assert not out.exists()
    result = run(
        "--data", str(mini), "export", "-f", "qdpx", "--sources", str(sources), "--out", str(out),
        "--allow-missing",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr.splitlines()[2:] == [
        "simcli: 1 claim left out: alpha-worry",
        f"wrote {out}: 1 text source, 1 coded selection; 1 claim left out",
    ]
    _, cut = read_back(out, tmp_path / "x")
    assert cut == {"alpha-halt": 'We call for the "scheme" to be halted'}


def test_a_missing_text_is_reported_not_dropped(run, mini: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = export_qdpx(run, tmp_path / "m.qdpx", empty, "--data", str(mini))
    assert result.exit_code == 2
    assert "Q002 statement alpha-2021: source file alpha.txt not found" in result.stderr
    assert "2 quotes not checked" in result.stderr and "cannot place any claim" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "qdpx", "--out", "x.qdpx"], "simcli: --format qdpx needs --sources DIR: the folder of the statements' texts"),
        (["-f", "qdpx", "--sources", "."], "simcli: --format qdpx writes a file, not text: give --out FILE"),
        (["-f", "qdpx", "--sources", "nowhere", "--out", "x.qdpx"], "simcli: --sources: no such folder: nowhere"),
        (["-f", "json", "--allow-missing"], "simcli: --allow-missing goes with --format qdpx"),
    ],
)  # fmt: skip
def test_qdpx_refuses_what_cannot_be(run, tmp_path: Path, monkeypatch, args, message) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", *args)
    assert (result.exit_code, result.stderr.strip()) == (2, message)
    assert list(tmp_path.iterdir()) == []


def test_codebook_validates_and_opens(run, tmp_path: Path) -> None:
    result = run("export", "-f", "qdc")
    assert result.exit_code == 0
    path = tmp_path / "sim.qdc"
    path.write_text(result.stdout, encoding="utf-8")
    valid(etree.parse(str(path)).getroot(), "Codebook.xsd")
    codebook = RefiCodebook.load(path)
    groups = {c.name: [child.name for child in c.code] for c in codebook.codes.code}
    assert list(groups) == ["Themes", "Claim kinds", "Made of"]
    assert len(groups["Themes"]) == 21 and groups["Themes"][0] == "Halt SIM"
    # each kind is described in plain English, with its article
    assert "<Description>An appeal: " in result.stdout
    assert "<Description>A demand: " in result.stdout
    again = tmp_path / "again.qdc"
    assert run("export", "-f", "qdc", "--out", str(again)).exit_code == 0
    assert again.read_text(encoding="utf-8") == result.stdout


def test_codes_keep_their_guids_from_codebook_to_project(run, mini: Path, tmp_path: Path) -> None:
    qdc = tmp_path / "mini.qdc"
    assert run("--data", str(mini), "export", "-f", "qdc", "--out", str(qdc)).exit_code == 0
    codebook = {c.name: c.guid for g in RefiCodebook.load(qdc).codes.code for c in g.code}
    export_qdpx(run, tmp_path / "mini.qdpx", mini.parent / "sources", "--data", str(mini))
    project, _ = read_back(tmp_path / "mini.qdpx", tmp_path / "x")
    codes = {c.name: c.guid for g in project.code_book.codes.code for c in g.code}
    assert codebook == {k: v for k, v in codes.items() if k in codebook}
    assert set(codebook) == {"Halt it", "Publish it", "demand", "appeal", "concern", "position",
                             "commitment", "welcome", "Government Body"}  # fmt: skip


def test_windows_line_ends_do_not_shift_the_selections(run, mini: Path, tmp_path: Path) -> None:
    sources = mini.parent / "sources"
    text = (sources / "alpha.txt").read_text(encoding="utf-8")
    (sources / "alpha.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    out = tmp_path / "mini.qdpx"
    assert export_qdpx(run, out, sources, "--data", str(mini)).exit_code == 0
    _, cut = read_back(out, tmp_path / "x")
    assert cut == {
        "alpha-halt": "We call for the “scheme” to be halted",
        "alpha-worry": "it does real harm to many\npeople",
    }
    with zipfile.ZipFile(out) as archive:
        stored = [archive.read(n) for n in archive.namelist() if n.startswith("sources/")]
    assert stored == [text.encode("utf-8")]  # stored with \n line ends, as positions count


def test_characters_xml_forbids_are_replaced_not_written(run, mini: Path, tmp_path: Path) -> None:
    mini.write_text(
        mini.read_text(encoding="utf-8").replace(
            "summary: Alpha asks for a halt.", 'summary: "Alpha asks\\f for a halt."'
        ),
        encoding="utf-8",
    )
    assert run("--data", str(mini), "check").exit_code == 0  # YAML lets a form feed through
    out = tmp_path / "mini.qdpx"
    assert export_qdpx(run, out, mini.parent / "sources", "--data", str(mini)).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        project = etree.fromstring(archive.read("project.qde"))
    valid(project, "Project.xsd")
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert project.findtext("q:Sources/q:TextSource/q:Description", namespaces=ns) == (
        "Alpha's call. Alpha asks\ufffd for a halt."
    )


def test_nothing_placed_is_refused_even_with_allow_missing(run, mini: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "m.qdpx"
    result = run(
        "--data", str(mini), "export", "-f", "qdpx", "--sources", str(empty), "--out", str(out),
        "--allow-missing",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"simcli: cannot place any claim in the source texts ({empty}); nothing written"
    )
    assert not out.exists()
