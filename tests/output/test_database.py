"""`simcli export --format sqlite`: a database whose views answer as simcli does,
served by a real Datasette and looked at in a real browser."""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, installed_simcli
from test_report import browse

from simcli.store.tables import TABLES, VIEWS

DAY = "2026-11-24"


def export_db(run, path: Path, *extra: str) -> sqlite3.Connection:
    result = run(*extra, "export", "-f", "sqlite", "--out", str(path), "--as-of", DAY)
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    return connection


def view_rows(connection: sqlite3.Connection, view: str) -> list[dict[str, Any]]:
    """A view's rows as simcli's JSON has them: JSON columns parsed, 1/0 as true/false."""
    columns = {c.name: c for c in next(v for v in VIEWS if v.name == view).columns}
    return [as_json(dict(row), columns) for row in connection.execute(f"SELECT * FROM [{view}]")]


def as_json(row: dict[str, Any], columns: dict[str, Any]) -> dict[str, Any]:
    for name, value in row.items():
        if columns[name].json and value is not None:
            row[name] = json.loads(value)
        elif name == "deadline_passed" and value is not None:
            row[name] = bool(value)
    return row


def answer(run, *args: str) -> Any:
    result = run(*args, "--format", "json", "--as-of", DAY)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def words(text: str | None) -> set[str]:
    """The tokens FTS5's default tokenizer makes: runs of letters and digits, folded."""
    return set(re.findall(r"[^\W_]+", (text or "").casefold()))


def test_views_answer_as_demands_unmet_and_compare_do(run, tmp_path: Path) -> None:
    db = export_db(run, tmp_path / "sim.db")
    demands = view_rows(db, "demands")
    assert len(demands) == 21
    assert demands == answer(run, "demands")
    unmet = view_rows(db, "unmet")
    assert [u["theme"] for u in unmet][:3] == ["halt-sim", "cease-funding", "independent-review"]
    assert unmet == answer(run, "unmet")
    assert view_rows(db, "agreement") == answer(run, "compare")["agreement"]
    assert dict(db.execute("SELECT key, value FROM simcli").fetchall())["as_of"] == DAY


@pytest.mark.parametrize("day", ["2021-04-30", "2021-05-19", "2022", "2023-03-10"])
def test_views_answer_as_simcli_does_on_earlier_days(run, tmp_path: Path, day: str) -> None:
    result = run("export", "-f", "sqlite", "--out", str(tmp_path / "a.db"), "--as-of", day)
    assert result.exit_code == 0
    db = sqlite3.connect(tmp_path / "a.db")
    db.row_factory = sqlite3.Row

    def asked(*args: str) -> Any:
        return json.loads(run(*args, "--format", "json", "--as-of", day).stdout)

    assert view_rows(db, "demands") == asked("demands")
    assert view_rows(db, "unmet") == asked("unmet")
    assert view_rows(db, "agreement") == asked("compare")["agreement"]


def test_tables_keys_and_links(run, tmp_path: Path) -> None:
    db = export_db(run, tmp_path / "sim.db")
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {t.name for t in TABLES} <= names
    assert {"claims_fts", "statements_fts", "outcomes_fts"} <= names
    counts = {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in names}
    assert (counts["themes"], counts["organisations"], counts["statements"]) == (21, 12, 6)
    assert (counts["claims"], counts["outcomes"], counts["evidence"]) == (77, 7, 10)
    assert counts["claim_themes"] == sum(
        len(json.loads(r[0])) for r in db.execute("SELECT themes FROM claims")
    )
    assert [tuple(r) for r in db.execute("SELECT * FROM statement_endorsements")] == [
        ("nsun-2021-04", "stopsim-2021-04-21")
    ]
    # every foreign key names a row, and the relations are declared
    assert list(db.execute("PRAGMA foreign_key_check")) == []
    keys = {(r["from"], r["table"]) for r in db.execute("PRAGMA foreign_key_list(claims)")}
    assert keys == {
        ("statement", "statements"), ("org", "organisations"), ("target", "organisations"),
        ("status_outcome", "outcomes"),
    }  # fmt: skip
    named = db.execute(
        "SELECT e.outcome, e.theme, e.status, c.claim FROM effects e"
        " JOIN effect_claims c ON c.effect = e.id ORDER BY e.id"
    )
    assert [tuple(r) for r in named] == [
        ("nhse-national-review-2021", "coproduction", "partly-met", "stopsim-involvement"),
        ("nhse-review-unpublished-2023-03-10", "coproduction", "partly-met", "stopsim-involvement"),
    ]
    # a demand's status as of the day; other kinds have none
    halt = db.execute("SELECT status, status_outcome, as_of FROM claims WHERE id = 'stopsim-halt'")
    assert tuple(halt.fetchone()) == ("partly-met", "nhse-position-2023-03-10", DAY)
    concern = db.execute("SELECT status FROM claims WHERE id = 'nsun-no-evidence'").fetchone()
    assert concern[0] is None


def test_full_text_search_finds_every_claim_with_the_word(run, tmp_path: Path) -> None:
    db = export_db(run, tmp_path / "sim.db")
    claims = answer(run, "export", "--table", "claims")
    expected = [
        c["id"]
        for c in claims
        if "publish" in words(c["quote"]) | words(c["text"]) | words(c["note"])
    ]
    found = [
        r[0]
        for r in db.execute(
            "SELECT id FROM claims WHERE rowid IN"
            " (SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'publish') ORDER BY position"
        )
    ]
    assert found == expected and "cmh23-publish-review" in found
    titles = db.execute(
        "SELECT s.id FROM statements_fts f JOIN statements s ON s.rowid = f.rowid"
        " WHERE statements_fts MATCH 'title:mentoring'"
    ).fetchall()
    assert {r[0] for r in titles} >= {"peerhub-2021-04"}


def test_earlier_day_earlier_statuses(run, tmp_path: Path) -> None:
    # as of 2022, NHS England's 2023 letter had not happened: halting SIM was open
    result = run("export", "-f", "sqlite", "--out", str(tmp_path / "a.db"), "--as-of", "2022")
    assert result.exit_code == 0
    db = sqlite3.connect(tmp_path / "a.db")
    assert db.execute("SELECT status FROM claims WHERE id = 'stopsim-halt'").fetchone() == ("open",)
    ids = [r[0] for r in db.execute("SELECT id FROM claims ORDER BY position")]
    exported = json.loads(run("export", "--table", "claims", "--as-of", "2022").stdout)
    assert ids == [c["id"] for c in exported] and "cmh23-publish-review" not in ids  # not yet made


def test_datasette_metadata(run, tmp_path: Path) -> None:
    meta = tmp_path / "meta.json"
    result = run(
        "export", "-f", "sqlite", "--out", str(tmp_path / "sim.db"), "--datasette-metadata",
        str(meta),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"wrote {tmp_path / 'sim.db'}: 77 claims, 6 statements",
        f"wrote {meta}: Datasette metadata",
    ]
    doc = json.loads(meta.read_text(encoding="utf-8"))
    assert doc["title"] == "Serenity Integrated Mentoring (SIM)"
    claims = doc["databases"]["sim"]["tables"]["claims"]
    assert claims["facets"] == ["org", {"array": "themes"}, "kind", "status"]
    assert claims["fts_table"] == "claims_fts" and claims["label_column"] == "text"
    assert claims["columns"]["quote"].startswith("The statement's words")
    assert set(doc["databases"]["sim"]["tables"]) >= {"demands", "unmet", "agreement"}
    assert "MIT" in doc["license"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "sqlite"], "simcli: --format sqlite writes a file, not text: give --out FILE"),
        (["-f", "sqlite", "--out", "-"], "simcli: --format sqlite writes a file, not text: give --out FILE"),
        (["-f", "csv", "--datasette-metadata", "m.json"], "simcli: --datasette-metadata goes with --format sqlite"),
        (["-f", "sqlite", "--out", "x.db", "--sources", "."], "simcli: --sources goes with --format qdpx (to check quotes: simcli check --sources)"),
    ],
)  # fmt: skip
def test_file_formats_refuse_what_cannot_be(
    run, tmp_path: Path, monkeypatch, args, message
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", *args)
    assert (result.exit_code, result.stderr.strip()) == (2, message)
    assert list(tmp_path.iterdir()) == []


def test_metadata_never_takes_the_database_s_place(run, tmp_path: Path) -> None:
    out = tmp_path / "same.db"
    for force in ([], ["--force"]):
        result = run(
            "export", "-f", "sqlite", "--out", str(out), "--datasette-metadata", str(out), *force
        )
        assert (result.exit_code, result.stderr) == (
            2, "simcli: --datasette-metadata: give it a file of its own, not --out's\n"
        )  # fmt: skip
        assert not out.exists()
    result = run(
        "export", "-f", "sqlite", "--out", str(out), "--datasette-metadata",
        str(tmp_path / "nowhere" / "m.json"),
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        f"simcli: --datasette-metadata: cannot write {tmp_path / 'nowhere' / 'm.json'}:"
        f" no such folder {tmp_path / 'nowhere'}\n"
    )
    assert not out.exists()  # refused before anything was written
    (tmp_path / "m.json").write_text("mine", encoding="utf-8")
    result = run(
        "export",
        "-f",
        "sqlite",
        "--out",
        str(out),
        "--datasette-metadata",
        str(tmp_path / "m.json"),
    )
    assert result.stderr == (
        f"simcli: --datasette-metadata: {tmp_path / 'm.json'} exists; add --force to replace it\n"
    )


def test_existing_database_kept_without_force(run, tmp_path: Path) -> None:
    out = tmp_path / "sim.db"
    out.write_bytes(b"mine")
    result = run("export", "-f", "sqlite", "--out", str(out))
    assert result.exit_code == 2 and "exists; add --force" in result.stderr
    assert out.read_bytes() == b"mine"
    assert run("export", "-f", "sqlite", "--out", str(out), "--force").exit_code == 0
    assert out.read_bytes().startswith(b"SQLite format 3\x00")
    assert [p.name for p in tmp_path.iterdir()] == ["sim.db"]  # no temporary file left


def test_same_corpus_same_bytes(run, tmp_path: Path) -> None:
    export_db(run, tmp_path / "a.db").close()
    export_db(run, tmp_path / "b.db").close()
    assert (tmp_path / "a.db").read_bytes() == (tmp_path / "b.db").read_bytes()


def test_a_ten_thousand_statement_corpus(run, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w", encoding="utf-8") as out:
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "10000"],
            stdout=out,
            check=True,
        )
    db = export_db(run, tmp_path / "big.db", "--data", str(big))
    assert db.execute("SELECT count(*) FROM statements").fetchone()[0] == 10_000
    demands = view_rows(db, "demands")
    assert demands == answer(run, "--data", str(big), "demands")
    assert view_rows(db, "unmet") == answer(run, "--data", str(big), "unmet")
    hits = db.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'coproduction'")
    assert hits.fetchone()[0] > 0
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


# --- a real Datasette, and a real browser -----------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def datasette(tmp_path: Path):
    """The bundled corpus exported by the installed simcli and served by Datasette."""
    db, meta = tmp_path / "sim.db", tmp_path / "meta.json"
    subprocess.run(
        [installed_simcli(), "export", "-f", "sqlite", "--out", str(db), "--as-of", DAY,
         "--datasette-metadata", str(meta)],
        check=True, capture_output=True,
    )  # fmt: skip
    port = free_port()
    command = [sys.executable, "-m", "datasette", "serve", str(db), "-m", str(meta)]
    server = subprocess.Popen(
        [*command, "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).read()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.1)
        else:
            pytest.fail("datasette did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def test_datasette_serves_the_answers(datasette: str, run) -> None:
    columns = {c.name: c for c in next(v for v in VIEWS if v.name == "unmet").columns}
    served = get(f"{datasette}/sim/unmet.json?_shape=array")
    assert [as_json(row, columns) for row in served] == answer(run, "unmet")
    found = get(f"{datasette}/sim/claims.json?_search=publish&_shape=array&_col=id&_sort=position")
    claims = answer(run, "export", "--table", "claims")
    expected = [
        c["id"]
        for c in claims
        if "publish" in words(c["quote"]) | words(c["text"]) | words(c["note"])
    ]
    assert [row["id"] for row in found] == expected
    facets = get(f"{datasette}/sim/claims.json")["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 nests them
    kinds = {v["value"]: v["count"] for v in facets["kind"]["results"]}
    assert kinds["demand"] == 21 and sum(kinds.values()) == 77


def test_datasette_claims_page_shows_the_facets_in_chromium(datasette: str, tmp_path: Path) -> None:
    dom, _ = browse(f"{datasette}/sim/claims", tmp_path / "chromium", "--dump-dom")
    assert "77 rows" in dom
    shown = re.findall(r'class="facet-info[^"]*"[^>]*data-column="([^"]+)"', dom)
    assert set(shown) == {"org", "themes", "kind", "status"}
    assert "Centre for Mental Health" in dom  # org facet labelled by name
    assert 'name="_search"' in dom  # the full-text search box
