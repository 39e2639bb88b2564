"""`simcli report` of a large corpus: a summary that stays readable and small, with
every claim in a companion CSV."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 synthetic statements in one file: more than a page can list."""
    path = tmp_path_factory.mktemp("large") / "large.yaml"
    with path.open("w", encoding="utf-8") as out:
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "600"],
            stdout=out,
            check=True,
        )
    return path


def test_a_large_corpus_is_summarised_with_every_claim_beside_it(
    run, large: Path, tmp_path: Path
) -> None:
    page = tmp_path / "brief.html"
    result = run("--data", str(large), "report", "--out", str(page), "--as-of", "2026-11-24")
    assert result.exit_code == 0, result.output
    companion = tmp_path / "brief.csv"
    assert result.stderr.splitlines()[0] == f"wrote {companion}: every claim and outcome (CSV)"
    assert result.stderr.splitlines()[1].startswith(f"wrote {page}: html, ")
    html = page.read_text(encoding="utf-8")
    assert 'every claim, with its quote and status, is in <a href="brief.csv">brief.csv</a>' in html
    assert "left out (every claim, with its quote and status, is in brief.csv)" in html
    assert re.search(r'title="O\d+, [^"]*: \d+ claims?, \d+ demands?"', html)  # counts, not ids
    assert not re.search(r'href="#', html)  # no link to the "Every claim" the page has not
    rows = list(csv.DictReader(companion.open(encoding="utf-8")))
    exported = run("--data", str(large), "export", "-f", "csv", "--as-of", "2026-11-24").stdout
    assert companion.read_text(encoding="utf-8") == exported
    assert sum(r["type"] == "claim" for r in rows) == 3_595
    # each theme lists its five longest-open demands, and says how many more there are
    themes = re.findall(r'<tr id="unmet-(theme-\d+)">(.*?)</tr>', html, flags=re.S)
    assert themes
    for _, row in themes:
        assert len(re.findall(r'<li id="unmet-', row)) <= 5
    assert re.search(r"and [\d,]+ more \(the 5 waiting longest are above\)", html)
    # the timeline lists the latest 50 records; the claims are counted, not listed
    assert "The latest 50 of 624 records" in html
    assert "Who said what, counted" in html and "Every claim, with its quote" not in html
    assert len(re.findall(r"<tr><th scope=\"row\">Organisation ", html)) == 50
    # what remains grows with themes and the heatmap's 50 organisations, not statements
    assert len(page.read_bytes()) < 400_000


def test_summarised_markdown_at_a_terminal_points_to_export(run, large: Path) -> None:
    md = run("--data", str(large), "report", "-f", "markdown", "--as-of", "2026-11-24").stdout
    said = f"simcli --data {large} export --format csv gives every claim, with its quote"
    assert said in md and f"simcli --data {large} timeline lists them all" in md
    assert "## Who said what, counted" in md
    assert "| Organisation | Statements | Claims | Demands | Unmet |" in md


def test_the_companion_is_not_replaced_unasked(run, large: Path, tmp_path: Path) -> None:
    (tmp_path / "brief.csv").write_text("mine", encoding="utf-8")
    page = tmp_path / "brief.html"
    result = run("--data", str(large), "report", "--out", str(page))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"simcli: the page's companion CSV: {tmp_path / 'brief.csv'} exists;"
        " add --force to replace it"
    )
    assert not page.exists() and (tmp_path / "brief.csv").read_text(encoding="utf-8") == "mine"


def test_the_five_shown_are_those_waiting_longest(large: Path) -> None:
    from simcli import load_corpus
    from simcli.output.report.briefing import _shown, briefing

    brief = briefing(load_corpus(large), "2026-11-24")  # type: ignore[arg-type]
    for group in brief.unmet:
        shown, more = _shown(brief, group)
        waited = {id(r): r.status.open_days for r in group.demands}  # type: ignore[union-attr]
        hidden = [waited[id(r)] for r in group.demands if all(r is not s for s in shown)]
        assert len(hidden) == more
        if hidden:
            assert min(waited[id(r)] for r in shown) >= max(hidden)
