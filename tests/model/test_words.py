"""One meaning per word across formats, one number style in every table, and
--limit on the long listings, saying what it leaves out."""

from __future__ import annotations

import csv
import io
import json
import re


def test_via_names_the_endorsing_statement_in_the_table_json_and_csv(run) -> None:
    table = run("demands", "--org", "NSUN", env={"COLUMNS": "120"}).stdout
    assert "via nsun-2021-04 (NSUN)" in table  # the statement, and who wrote it
    rows = json.loads(run("demands", "--org", "NSUN", "--format", "json").stdout)
    halt = next(r for r in rows if r["id"] == "stopsim-halt")
    assert (halt["org"], halt["via"], halt["via_org"]) == ("stopsim", "nsun-2021-04", "nsun")
    own = next(r for r in rows if r["org"] == "nsun")
    assert (own["via"], own["via_org"]) == (None, None)
    records = list(csv.DictReader(io.StringIO(run("demands", "--org", "NSUN", "-f", "csv").stdout)))
    assert {(r["via"], r["via_org"]) for r in records} == {("nsun-2021-04", "nsun"), ("", "")}
    unmet = list(csv.DictReader(io.StringIO(run("unmet", "--org", "NSUN", "-f", "csv").stdout)))
    assert ("nsun-2021-04", "nsun") in {(r["via"], r["via_org"]) for r in unmet}


def test_every_table_writes_numbers_one_way(run) -> None:
    unmet = run("unmet", "--as-of", "2026-11-22", env={"COLUMNS": "200"}).stdout
    assert "Halt SIM [halt-sim]: 3 partly-met; unmet since 2021-04-21 (2,041 days)" in unmet
    days = re.findall(r"\((\d[\d,]*) days\)", unmet)
    assert days and all("," in n for n in days if int(n.replace(",", "")) >= 1000)
    orgs = run("orgs", "--format", "markdown").stdout  # a count of 1,000 or more: 1,000
    assert re.findall(r"\| (\d[\d,]*) \|", orgs) and not re.search(r"\| \d{4,} \|", orgs)


def test_counts_in_the_listings_carry_thousands_separators() -> None:
    from simcli import load_corpus
    from simcli.analysis.overview import OrgSummary, ThemeSummary
    from simcli.output.views import orgs_view, themes_view

    corpus = load_corpus()
    org, theme = corpus.organisations[0], corpus.themes[0]
    orgs = orgs_view([OrgSummary(org, 1354, 20000, 12000, 1001)])
    assert orgs.tables[0].rows[0][4:] == ["1,354", "12,000", "1,001"]
    assert orgs.doc[0]["statements"] == 1354  # JSON keeps numbers as numbers
    themes = themes_view([ThemeSummary(theme, 20000, 1354, ("stopsim",))])
    assert themes.tables[0].rows[0][2:4] == ["20,000", "1,354"]


def test_demands_limit_shows_the_first_n_and_says_how_many_are_left_out(run) -> None:
    table = run("demands", "--limit", "2", env={"COLUMNS": "120"})
    assert table.exit_code == 0
    assert table.stdout.splitlines()[-1] == "2 of 21 demands shown (--limit 2); 19 left out"
    assert table.stdout.count("\nstopsim-") + table.stdout.count("\npeerhub-") == 2
    as_json = run("demands", "-n", "2", "--format", "json")
    assert [r["id"] for r in json.loads(as_json.stdout)] == [
        "stopsim-halt",
        "stopsim-independent-review",
    ]
    assert as_json.stderr == "simcli: --limit 2: 19 more demands left out\n"
    everything = run("demands", "-n", "100", "--format", "json")
    assert len(json.loads(everything.stdout)) == 21 and everything.stderr == ""
    assert run("demands", "-n", "-1").exit_code == 2


def test_unmet_limit_is_per_theme(run) -> None:
    day = ("--as-of", "2026-11-22")
    table = run("unmet", *day, "--limit", "1", env={"COLUMNS": "200"}).stdout
    halt = table[: table.index("Stop funding SIM")]
    assert "2 more demands on this theme left out (--limit 1 a theme)" in halt
    assert table.splitlines()[-1] == (
        "--limit 1 a theme: 15 of the 24 demands listed under their themes are shown;"
        " 9 are left out"
    )
    groups = json.loads(run("unmet", *day, "-n", "1", "--format", "json").stdout)
    assert [(len(g["demands"]), g["demands_left_out"]) for g in groups][:2] == [(1, 2), (1, 0)]
    assert "demands_left_out" not in json.loads(run("unmet", *day, "-f", "json").stdout)[0]
