"""Inputs that used to stall CI (issue 16, item 7) now get their answers, and the
limits that keep them quick say so plainly. Timings are in benchmarks/stalls.py;
these tests check only what a user sees."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pytest
from conftest import MINI

import simcli.output.render
from simcli.output.render import Table
from simcli.sources.quotes import SourceText, quote_parts

HALT_QUOTE = """'We call for the "scheme" to be halted'"""


def _statement(n: int, org: str = "alpha", extra: str = "") -> str:
    """A statement with one demand, in MINI's layout."""
    return (
        f"  - id: st-{n:04d}\n"
        f"    org: {org}\n"
        f"    title: Statement {n}\n"
        "    date: 2021-04\n"
        f"{extra}"
        "    summary: It asks for a halt.\n"
        "    claims:\n"
        f"      - id: st-{n:04d}-c\n"
        "        kind: demand\n"
        "        themes: [halt]\n"
        "        target: gov\n"
        "        text: The body should stop the scheme now.\n"
        "        quote: We call for a halt\n"
    )


def _with_statements(statements: str, orgs: str = "") -> str:
    """MINI with more organisations and statements added to its own."""
    text = MINI.replace("statements:\n", orgs + "statements:\n", 1)
    return text.replace("outcomes:\n", statements + "outcomes:\n", 1)


# --- quotes with long runs of spaces --------------------------------------------


def test_a_long_run_of_spaces_beside_an_ellipsis_splits_as_before() -> None:
    assert quote_parts("a" + " " * 3000 + "b ... c") == ["a b", "c"]
    assert quote_parts("a" + " " * 3000 + "[" + " " * 3000 + ". . .]" + " " * 3000 + "b") == [
        "a",
        "b",
    ]
    assert quote_parts("a" + " " * 3000 + "[ b ...") == ["a [ b"]


def test_a_quote_with_a_long_run_of_spaces_is_found(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    spaced = "'We call for" + " " * 3000 + 'the "scheme" ... halted' + "'"
    mini.write_text(MINI.replace(HALT_QUOTE, spaced), encoding="utf-8")
    result = run("--data", "mini.yaml", "check", "--sources", "sources")
    assert (result.exit_code, result.stdout) == (
        0,
        "mini.yaml: ok: 1 statement, 2 claims, 1 outcome, 2 themes, 2 organisations;"
        " all 2 quotes found in sources\n",
    )


def test_a_quote_with_a_long_run_of_spaces_is_not_found(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    spaced = "'We call for" + " " * 3000 + 'the "scheme" ... resumed' + "'"
    mini.write_text(MINI.replace(HALT_QUOTE, spaced), encoding="utf-8")
    result = run("--data", "mini.yaml", "check", "--sources", "sources")
    assert (result.exit_code, result.stdout) == (
        1,
        "mini.yaml:33:16: Q001 claim alpha-halt: quote not found in alpha.txt\n"
        '    closest passage: "“scheme”"\n'
        "mini.yaml: 1 finding\n",
    )


# --- the closest passage in a large source ------------------------------------------


def _large_source(paragraphs: int = 3000) -> str:
    rng = random.Random(16)
    words = [
        "the",
        "trust",
        "must",
        "publish",
        "review",
        "halt",
        "scheme",
        "police",
        "care",
        "crisis",
        "evidence",
    ]
    return "\n\n".join(
        f"Paragraph {i}: " + " ".join(rng.choice(words) for _ in range(12)) + f" by item {i}."
        for i in range(paragraphs)
    )


def test_the_closest_passage_in_a_large_source_is_the_near_miss() -> None:
    text = _large_source()
    source = SourceText(text)
    original = next(p for p in text.split("\n\n") if p.startswith("Paragraph 2718:"))
    words = original.split()
    words[5] = "abandon"  # one word changed
    assert source.find(" ".join(words)) is None
    assert source.closest(" ".join(words)) == original
    del words[8]  # and one left out: the passage as long as the quote
    assert source.closest(" ".join(words)) == original.rsplit(" ", 1)[0]
    words[8:8] = ["police", "and"]  # or one more word than the passage has
    assert source.closest(" ".join(words)) == "2717. " + original


def test_check_names_the_closest_passage_in_a_large_source(run, write) -> None:
    text = _large_source()
    original = next(p for p in text.split("\n\n") if p.startswith("Paragraph 1234:"))
    near_miss = original.replace(" by item", " for item")
    write(text, "big.txt")
    write(MINI.replace(HALT_QUOTE, repr(near_miss)).replace("alpha.txt", "big.txt"))
    Path("src").mkdir()
    Path("big.txt").rename("src/big.txt")
    result = run("--data", "c.yaml", "check", "--sources", "src")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "c.yaml:33:16: Q001 claim alpha-halt: quote not found in big.txt",
        f'    closest passage: "{original}"',
    ]


def test_a_quote_sharing_no_word_with_its_source_still_gets_a_passage() -> None:
    text = _large_source(200)
    passage = SourceText(text).closest("zzz yyy xxx")
    assert passage and passage in " ".join(text.split())


# --- did you mean, against an index -----------------------------------------------


def test_did_you_mean_in_a_corpus_of_hundreds_of_statements(run, write) -> None:
    statements = "".join(_statement(n) for n in range(300))
    statements += _statement(300, extra="    endorses: [st-0125, st-0125x, sst-0007, st-299]\n")
    statements += _statement(301, extra="    endorses: [nothing-like-it]\n")
    write(_with_statements(statements))
    result = run("--data", "c.yaml", "check")
    assert (result.exit_code, result.output.splitlines()) == (
        2,
        [
            "c.yaml:3643:25: R002 statements[301].endorses[1]: unknown statement 'st-0125x'"
            " (did you mean 'st-0125'?)",
            "c.yaml:3643:35: R002 statements[301].endorses[2]: unknown statement 'sst-0007'"
            " (did you mean 'st-0007'?)",
            "c.yaml:3643:45: R002 statements[301].endorses[3]: unknown statement 'st-299'"
            " (did you mean 'st-0299'?)",
            "c.yaml:3656:16: R002 statements[302].endorses[0]: unknown statement 'nothing-like-it'",
            "simcli: 4 problems in c.yaml; the corpus was not loaded",
        ],
    )


def test_thousands_of_bad_references_each_get_their_suggestion(run, write) -> None:
    statements = "".join(
        _statement(n, extra=f"    endorses: [st-{n:04d}x]\n") for n in range(1, 2001)
    )
    write(_with_statements(statements))
    result = run("--data", "c.yaml", "check")
    lines = result.output.splitlines()
    assert (result.exit_code, len(lines), lines[-1]) == (
        2,
        2001,
        "simcli: 2,000 problems in c.yaml; the corpus was not loaded",
    )
    for n, line in enumerate(lines[:-1], 1):
        assert line.endswith(f": unknown statement 'st-{n:04d}x' (did you mean 'st-{n:04d}'?)")


def test_an_unknown_id_on_the_command_line_of_a_large_corpus(run, write) -> None:
    write(_with_statements("".join(_statement(n) for n in range(500))))
    result = run("--data", "c.yaml", "show", "alpha-hatl")
    assert (result.exit_code, result.stderr) == (
        2,
        "simcli: unknown statement, claim or outcome 'alpha-hatl'; did you mean 'alpha-halt'?\n",
    )


# --- organisations: a cap for compare, a note in the report ------------------------------


def _orgs(first: int, last: int) -> str:
    return "".join(
        f"  - id: org-{n}\n    name: Organisation {n}\n    kind: charity\n"
        for n in range(first, last)
    )


def test_compare_refuses_more_than_100_organisations(run, write) -> None:
    statements = "".join(_statement(n, org=f"org-{n}") for n in range(101))
    write(_with_statements(statements, _orgs(0, 101)))
    result = run("--data", "c.yaml", "compare", "--format", "json")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "simcli: compare compares at most 100 organisations at once (102 made demands):"
        " choose them with --org\n",
    )
    assert run("--data", "c.yaml", "compare", "--org", "org-1", "--org", "AN").exit_code == 0


def test_compare_refuses_too_many_organisations_named(run, monkeypatch) -> None:
    import simcli.analysis.compare

    monkeypatch.setattr(simcli.analysis.compare, "MAX_COLUMNS", 3)
    result = run("compare", "--org", "CMH", "--org", "NSUN", "--org", "BIGSPD", "--org", "NHSE")
    assert (result.exit_code, result.stderr) == (
        2,
        "simcli: compare compares at most 3 organisations at once (4 named): name fewer with"
        " --org\n",
    )
    assert run("compare").exit_code == 2


def test_the_report_shows_the_organisations_with_most_claims_and_says_so(run, write) -> None:
    # org-0 and org-1 make one claim each; org-2 ... org-50, and Alpha, two
    statements = "".join(_statement(n, org=f"org-{n}") for n in range(51))
    statements += "".join(_statement(100 + n, org=f"org-{n}") for n in range(2, 51))
    write(_with_statements(statements, _orgs(0, 51)))
    page = run("--data", "c.yaml", "report", "--as-of", "2024-01-01").stdout
    note = (
        "The heatmap shows the 50 organisations with most claims, endorsed ones included;"
        " 2 other organisations"
        " with demands are left out (their claims are listed below)."
    )
    assert f'<p class="muted">{note}</p>' in page
    heatmap = page[page.index('id="matrix"') : page.index("</table>", page.index('id="matrix"'))]
    heads = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', heatmap)
    assert len(heads) == 51 and "Organisation 0" not in heads and "Organisation 1" not in heads
    assert "Organisation 50" in heads and "AN" in heads
    assert "Organisation 0, April 2021" in page  # its claims are still in the report
    markdown = run("--data", "c.yaml", "report", "--format", "markdown").stdout
    assert f"## Who raised what\n\n{note}\n\n| Theme |" in markdown


# --- aliases of text: a budget ------------------------------------------------------------


def test_aliases_of_text_may_not_repeat_more_than_a_megabyte(run, write) -> None:
    big = "the scheme must stop " * 30_000  # 630,000 characters
    text = MINI.replace(HALT_QUOTE, f'&big "{big}"').replace(
        '"it does real harm ... people"', "*big"
    )
    text = text.replace("    effects:\n", "    note: *big\n    effects:\n")
    write(text)
    result = run("--data", "c.yaml", "check")
    assert (result.exit_code, result.output.splitlines()) == (
        2,
        [
            "c.yaml:44:11: Y005 outcomes[0].note: aliases repeat more than 1,000,000 characters of"
            " text in all: write the text out in full",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    )
    assert run("--data", "c.yaml", "demands", "--format", "json").exit_code == 2


def test_a_large_file_may_repeat_as_much_text_as_it_holds(run, write, monkeypatch) -> None:
    import simcli.read.yamlsrc

    monkeypatch.setattr(simcli.read.yamlsrc, "MAX_ALIAS_TEXT", 10)  # so the file's size counts
    summary = "Alpha asks for a halt, " * 20  # 459 characters, as YAML reads it
    text = MINI.replace("    summary: Alpha asks for a halt.", f"    summary: &s {summary}")
    text = text.replace("        text: The body should stop the scheme now.", "        text: *s")
    text = text.replace("        text: The scheme harms people.", "        text: *s")
    text = text.replace("    title: The body stops the scheme", "    title: *s")
    write(text)  # its 3 aliases repeat fewer characters (1,377) than the file holds (1,403)
    assert run("--data", "c.yaml", "check").exit_code == 0
    write(text.replace("note: Stopped.", "note: *s"))
    assert run("--data", "c.yaml", "check").output.splitlines() == [
        "c.yaml:45:42: Y005 outcomes[0].effects[0].note: aliases repeat more than 1,397 characters"
        " of text in all: write the text out in full",
        "simcli: 1 problem in c.yaml; the corpus was not loaded",
    ]


# --- extract -------------------------------------------------------------------------------


def test_extract_numbers_thousands_of_candidates_on_one_theme(run, tmp_path: Path) -> None:
    lines = [f"We call on NHS England to halt the scheme in area {n}." for n in range(3000)]
    (tmp_path / "calls.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    result = run("extract", str(tmp_path / "calls.txt"), "--org", "nsun", "--date", "2024")
    ids = re.findall(r"^      - id: (\S+)$", result.stdout, re.M)
    assert ids[:3] == ["nsun-halt-sim", "nsun-halt-sim-2", "nsun-halt-sim-3"]
    assert ids[-1] == "nsun-halt-sim-3000" and len(set(ids)) == 3000


def test_extract_reads_one_long_sentence_with_many_cues(run, tmp_path: Path) -> None:
    sentence = "NSUN is disappointed and we invite comment " * 20_000 + "but this will not end."
    (tmp_path / "long.txt").write_text(sentence + "\n", encoding="utf-8")
    result = run("extract", str(tmp_path / "long.txt"), "--org", "nsun", "--format", "json")
    import json

    (claim,) = json.loads(result.stdout)["claims"]
    assert claim["kind"] == "demand"
    assert claim["cues"] == ["invites", "criticises an omission", "disappointed"]


def test_every_cue_lists_a_word_it_cannot_match_without(bundled_text: str) -> None:
    """A cue is tried only on sentences holding one of its probe words: the probes
    must never hide a match of its pattern."""
    from simcli.sources.extract.cues import CUES

    corpus = [line.strip(" -'\"") for line in bundled_text.splitlines() if len(line) > 30]
    words = sorted({w for cue in CUES for w in re.findall(r"[a-z]{2,}", cue.pattern.pattern)})
    words += ["We", "I", "and", ":", "NOT", "Disappointed", "\u017fign", "\u212aeep", "\n"]
    rng = random.Random(16)
    made = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 10))) for _ in range(20_000)]
    for text in corpus + made:
        for cue in CUES:
            match = cue.pattern.search(text)
            if match and cue.then is not None:
                line = text[match.end() :].split("\n", 1)[0]
                match = match if cue.then.search(line) else None
            if match:
                assert cue.search(text) is not None, (cue.name, text)


# --- tables with a huge cell, or thousands of rows ------------------------------------------


def test_a_huge_cell_is_wrapped_in_full(run, write, monkeypatch) -> None:
    words = [f"w{n}" for n in range(60_000)]
    write(MINI.replace(HALT_QUOTE, '"' + " ".join(words) + '"'))
    result = run("--data", "c.yaml", "show", "alpha-halt")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    shown = " ".join(lines).replace('"', " ").split()
    start = shown.index("w0")
    assert shown[start : start + 60_000] == words  # every word, in order, none cut


@pytest.mark.parametrize("seed", range(4))
def test_tall_and_long_tables_print_as_rich_would(monkeypatch, seed: int) -> None:
    """Laid out by simcli (a cell over 4,000 characters, a table over 500 rows, any
    table where no style is written) or by rich, a table prints the same."""
    rng = random.Random(seed)
    pieces = ["a", "bb", "ccc ", " ", "   ", "\t", "\n", "\u00a0", "\u2019", "é", "中", "x" * 15,
              "\u200d"]  # fmt: skip

    def cell() -> str:
        return "".join(rng.choice(pieces) for _ in range(rng.choice([0, 3, 30, 200])))

    ours = simcli.output.render._ours  # a pipe: where the words fit, every table is ours
    monkeypatch.delenv("FORCE_COLOR", raising=False)

    def printed(by_rich: bool) -> str:
        monkeypatch.setattr(simcli.output.render, "_ours", (lambda *_: False) if by_rich else ours)
        return simcli.output.render._rich(tables, io.StringIO())

    for _ in range(60):
        monkeypatch.setenv("COLUMNS", str(rng.randint(10, 100)))
        n = rng.randint(1, 4)
        tables = [
            Table(
                [f"Column {i}" for i in range(n)],
                [[cell() for _ in range(n)] for _ in range(rng.randint(1, 5))],
                title=rng.choice([None, "Title"]),
                notes=rng.choice([[], ["A note."]]),
                wide=rng.randrange(n),
                named=rng.choice([False, True]),
            )
        ]
        assert printed(by_rich=False) == printed(by_rich=True)


def test_a_table_of_thousands_of_rows_is_printed_whole(run) -> None:
    table = Table(["ID", "Text"], [[f"row-{n}", "some words " * (n % 7)] for n in range(3000)])
    text = simcli.output.render._rich([table], io.StringIO())
    assert [line.split()[0] for line in text.splitlines()[2:] if line.startswith("row-")] == [
        f"row-{n}" for n in range(3000)
    ]
