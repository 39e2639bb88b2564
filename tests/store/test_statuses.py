"""Statuses kept in the index (simcli.store.statuses) and the answers the store derives
from them without loading the corpus (simcli.store.derived: unmet, demands and compare
in JSON): the same bytes as the answer derived from the whole corpus with --no-cache,
after an outcome is edited and on another day; the other formats, derived from the
corpus, too."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from conftest import generated

import simcli.store.answers
import simcli.store.batches
import simcli.store.load
import simcli.store.looks
import simcli.store.statuses
from simcli.model.dates import PartialDate
from simcli.store.index import index_path

FORMATS = ("table", "json", "csv", "tsv", "markdown")
DAY = ("--as-of", "2026-11-24")
TWENTY = tuple(a for n in range(1, 21) for a in ("--org", f"O{n}"))
#: the questions the store answers in JSON (the other formats: from the corpus)
STORED = [
    ("unmet",),
    ("unmet", "--theme", "theme-3"),
    ("unmet", "--theme", "theme-4", "--theme", "theme-1", "--theme", "theme-4"),
    ("unmet", "--limit", "2"),
    ("unmet", "--theme", "theme-2", "--limit", "0"),
    ("unmet", "--fail-on-unmet"),
    ("demands",),
    ("demands", "--status", "open"),
    ("demands", "--status", "unmet", "--theme", "theme-3", "--target", "O12"),
    ("demands", "--status", "met", "--kind", "all", "--limit", "3"),
    ("demands", "--status", "partly-met", "--fields", "id,status,open_days"),
    ("demands", "--theme", "theme-2", "--theme", "theme-5", "--target", "O3", "--target", "O4"),
    ("compare", "--org", "O1", "--org", "O2"),  # two: side by side
    ("compare", "--org", "O10", "--org", "O9", "--org", "O3"),  # st-10 endorses st-9
    ("compare", "--org", "O1", "--org", "org-1", "--org", "O5"),  # one named twice
    ("compare", *TWENTY),
]


@pytest.fixture(autouse=True)
def index_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(simcli.store.looks, "INDEX_FROM", 0)
    monkeypatch.setattr(simcli.store.looks, "RACY_NS", 0)
    monkeypatch.setattr(simcli.store.answers, "COMMANDS", ())
    # statuses worked out a few batches at a time, each theme's group put together
    monkeypatch.setattr(simcli.store.batches, "BATCH", 37)


def _generate(tmp_path: Path, *split: str) -> Path:
    if split:
        return generated(tmp_path / "corpus", 300)
    return generated(tmp_path / "corpus.yaml", 300, split=False)


@pytest.fixture(params=["folder", "file"])
def corpus(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """300 synthetic statements: a folder (a file each) or one file."""
    return _generate(tmp_path, *(["--split"] if request.param == "folder" else []))


def no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the corpus was loaded")

    monkeypatch.setattr(simcli.store.load, "load_corpus", refuse)


def same(run, data: Path, *question: str, formats: tuple[str, ...] = FORMATS) -> None:
    for fmt in formats:
        argv = ("--data", str(data), *question, "-f", fmt)
        plain, stored = run("--no-cache", *argv), run(*argv)
        assert (stored.exit_code, stored.stdout, stored.stderr) == (
            plain.exit_code,
            plain.stdout,
            plain.stderr,
        ), fmt


def status_day(data: Path) -> str | None:
    with sqlite3.connect(index_path(data)) as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'status_day'").fetchone()
    return None if row is None else str(row[0])


@pytest.mark.parametrize("question", STORED, ids=" ".join)
def test_the_store_s_answer_is_the_corpus_s(run, corpus: Path, question, monkeypatch) -> None:
    run("--data", str(corpus), "unmet", *DAY, "-f", "json")  # statuses kept for the day
    same(run, corpus, *question, *DAY, formats=("json",))
    argv = ("--data", str(corpus), *question, *DAY, "-f", "json")
    expected = run("--no-cache", *argv)
    no_loading(monkeypatch)  # answered from the store alone
    result = run(*argv)
    assert (result.exit_code, result.stdout, result.stderr) == (
        expected.exit_code,
        expected.stdout,
        expected.stderr,
    )


def test_statuses_are_kept_for_the_day_asked(run, corpus: Path, monkeypatch) -> None:
    run("--data", str(corpus), "unmet", *DAY, "-f", "json")
    assert status_day(corpus) == "2026-11-24"
    with sqlite3.connect(index_path(corpus)) as db:
        kept = db.execute("SELECT count(*) FROM claim_answers WHERE status IS NOT NULL")
        kept = kept.fetchone()[0]
        demands = db.execute("SELECT count(*) FROM claims WHERE kind = 'demand'").fetchone()[0]
    assert kept == demands > 0
    for day in ("2019-12-31", "2023-06", "2021", "2026-11-24"):
        same(run, corpus, "unmet", "--as-of", day, formats=("json",))
        assert status_day(corpus) == PartialDate.parse(day).latest().isoformat()
        same(run, corpus, "compare", "--org", "O3", "--org", "O4", "--as-of", day,
             formats=("json",))  # fmt: skip
    # no day asked: today's
    same(run, corpus, "unmet", formats=("json",))
    same(run, corpus, "compare", "--org", "O3", "--org", "O7", formats=("json",))


def _outcomes_file(corpus: Path) -> Path:
    return corpus / "_corpus.yaml" if corpus.is_dir() else corpus


def test_an_edited_outcome_is_seen(run, corpus: Path, monkeypatch) -> None:
    argv = ("--data", str(corpus), "unmet", *DAY, "-f", "json")
    before = run(*argv).stdout
    assert status_day(corpus) == "2026-11-24"
    file = _outcomes_file(corpus)
    text = file.read_text(encoding="utf-8")
    at = text.index("outcomes:")
    # every effect that met a theme now refuses it
    edited = text[:at] + text[at:].replace("status: met\n", "status: refused\n")
    assert edited != text
    file.write_text(edited, encoding="utf-8")
    expected = run("--no-cache", *argv)
    assert expected.stdout != before
    with monkeypatch.context() as patched:
        no_loading(patched)
        after = run(*argv)
    assert (after.exit_code, after.stdout, after.stderr) == (0, expected.stdout, "")
    assert status_day(corpus) == "2026-11-24"
    same(run, corpus, "unmet", *DAY)  # and the other formats, from the corpus
    same(run, corpus, "compare", "--org", "O1", "--org", "O2", *DAY, formats=("json",))


def test_a_statement_added_is_seen(run, tmp_path: Path) -> None:
    corpus = _generate(tmp_path, "--split")
    run("--data", str(corpus), "unmet", *DAY, "-f", "json")
    text = (corpus / "st-00007.yaml").read_text(encoding="utf-8")
    (corpus / "st-10007.yaml").write_text(text.replace("st-7", "st-10007"), encoding="utf-8")
    same(run, corpus, "unmet", *DAY, formats=("json", "csv"))
    same(run, corpus, "compare", "--org", "O7", "--org", "O8", *DAY, formats=("json",))


def test_an_unknown_name_is_said_as_the_corpus_says_it(run, corpus: Path) -> None:
    run("--data", str(corpus), "unmet", *DAY, "-f", "json")
    for question in (
        ("unmet", "--theme", "theme-33"),
        ("compare", "--org", "O1", "--org", "Nobody"),
        ("demands", "--status", "open", "--target", "Nobody"),
        ("demands", "--status", "opened"),
        ("compare", "--org", "O1"),  # one is no comparison
        ("compare", "--org", "O1", "--org", "O1"),
    ):
        same(run, corpus, *question, *DAY, formats=("json",))
        assert run("--data", str(corpus), *question, *DAY, "-f", "json").exit_code == 2


def test_the_bundled_corpus_s_answers_and_warning(run, write, bundled_text: str) -> None:
    contradicted = bundled_text.replace(
        "  - id: nhse-reply-2021-05-11\n    date: 2021-05-11",
        "  - id: nhse-reply-2021-05-11\n    date: 2021-04-01",
    )
    for text in (bundled_text, contradicted):
        path = write(text)
        for day in ("2026-11-24", "2023-03-31", "2021-05"):
            same(run, path, "unmet", "--fail-on-unmet", "--as-of", day, formats=("json",))
            same(run, path, "compare", "--org", "NSUN", "--org", "CMH", "--as-of", day,
                 formats=("json",))  # fmt: skip
            same(run, path, "compare", "--org", "StopSIM", "--org", "NSUN", "--org", "CMH",
                 "--as-of", day, formats=("json",))  # fmt: skip
    same(run, path, "unmet", *DAY)  # every format
    result = run("--data", str(path), "unmet", "--fail-on-unmet", *DAY, "-f", "json")
    assert result.exit_code == 1 and "contradict each other" in result.stderr
    for question in (  # a question that fails warns first, as the loader does
        ("unmet", "--theme", "nosuch"),
        ("demands", "--status", "open", "--theme", "nosuch"),
        ("compare", "--org", "NSUN", "--org", "Nobody"),
    ):
        same(run, path, *question, *DAY, formats=("json",))
        failed = run("--data", str(path), *question, *DAY, "-f", "json")
        assert failed.exit_code == 2 and "contradict each other" in failed.stderr


def test_a_corpus_with_a_problem_is_reported_as_without_the_store(run, corpus: Path) -> None:
    run("--data", str(corpus), "unmet", *DAY, "-f", "json")
    file = _outcomes_file(corpus)
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("actor: org-1\n", "actor: org-nobody\n", 1), encoding="utf-8")
    for question in (("unmet",), ("demands", "--status", "open"), TWENTY_COMPARED):
        same(run, corpus, *question, *DAY, formats=("json",))
        assert run("--data", str(corpus), *question, *DAY, "-f", "json").exit_code == 2


TWENTY_COMPARED = ("compare", *TWENTY)


def test_a_question_that_selects_does_not_work_out_every_status(run, corpus: Path) -> None:
    for question in (
        ("demands", "--theme", "theme-3"),
        ("demands", "--target", "O12", "--status", "unmet"),
        ("demands", "--status", "met"),
    ):
        same(run, corpus, *question, *DAY, formats=("json",))
        assert status_day(corpus) is None  # read from the index, as a selection
    same(run, corpus, "demands", "--status", "open", *DAY, formats=("json",))
    assert status_day(corpus) == "2026-11-24"


def test_a_status_selection_names_the_demands_possibly_made_by_the_day(
    run, write, bundled_text: str
) -> None:
    # read from the index, demands --status met reads the statements some effect acts
    # on, and those possibly made by the day: the answer names them whatever their theme
    late = (
        "  - id: late-2023\n    org: nsun\n    title: A later call\n    date: 2023\n"
        "    summary: A call made some time in 2023.\n    claims:\n"
        "      - id: late-2023-halt\n        kind: demand\n        themes: [credit-campaigners]\n"
        "        target: nhs-england\n        text: Credit the campaigners.\n"
        "        quote: credit the campaigners\n"
    )
    path = write(bundled_text.replace("\nstatements:\n", "\nstatements:\n" + late, 1))
    for status in ("met", "partly-met", "refused"):
        question = ("demands", "--status", status, "--as-of", "2023-06-15")
        run("--data", str(path), *question, "-f", "json")  # the index made
        same(run, path, *question)
        said = run("--data", str(path), *question, "-f", "json").stderr
        assert "Not counted: 3 demands" in said and "late-2023-halt" in said


# --- worked out again only where it can have changed ---------------------------------


def reads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What the store reads of the corpus to work statuses out, as it happens: the
    statements it reads (ids), or ``None`` for every statement (a batch at a time)."""
    seen: list[object] = []
    real = simcli.store.batches.Batched.batches

    def batches(self, query, size=None, only=None):  # type: ignore[no-untyped-def]
        seen.append(None if only is None else set(only))
        return real(self, query, size, only)

    monkeypatch.setattr(simcli.store.batches.Batched, "batches", batches)
    return seen


def kept(data: Path) -> dict[str, tuple[object, ...]]:
    """Each demand's kept row."""
    with sqlite3.connect(index_path(data)) as db:
        return {row[0]: row for row in db.execute("SELECT * FROM claim_answers")}


def standing(data: Path) -> tuple[str, str]:
    """The days the statuses kept stand for."""
    with sqlite3.connect(index_path(data)) as db:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    return meta["status_from"], meta["status_to"]


def _outcomes_apart(corpus: Path) -> Path:
    """The folder's outcomes moved to a file of their own."""
    main = corpus / "_corpus.yaml"
    text = main.read_text(encoding="utf-8")
    at = text.index("outcomes:")
    main.write_text(text[:at], encoding="utf-8")
    own = corpus / "outcomes.yaml"
    own.write_text("version: 1\n" + text[at:], encoding="utf-8")
    return own


def test_a_day_between_turning_days_reads_nothing(run, tmp_path: Path, monkeypatch) -> None:
    corpus = _generate(tmp_path, "--split")
    middle = ("--as-of", "2021-06-15")
    run("--data", str(corpus), "unmet", *middle, "-f", "json")
    first, last = standing(corpus)
    assert first <= "2021-06-15" <= last < "9999-12-31"
    read = reads(monkeypatch)
    for day in {first, last}:  # the days open and the as-of day move; nothing is read
        same(run, corpus, "unmet", "--as-of", day, formats=("json",))
        same(run, corpus, "demands", "--status", "open", "--as-of", day, formats=("json",))
    assert read == []
    before = kept(corpus)
    after_last = (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat()
    same(run, corpus, "unmet", "--as-of", after_last, formats=("json",))
    same(run, corpus, "demands", "--as-of", after_last, formats=("json",))
    assert len(read) == 1 and read[0] is not None  # the demands whose turning day it is
    now = kept(corpus)
    assert now.keys() == before.keys()
    unchanged = [id for id in now if now[id] == before[id]]
    assert 0 < len(unchanged) < len(now)


def test_an_outcome_edited_makes_its_themes_stale(run, tmp_path: Path, monkeypatch) -> None:
    corpus = _generate(tmp_path, "--split")
    outcomes = _outcomes_apart(corpus)
    run("--data", str(corpus), "unmet", *DAY, "-f", "json")
    before = kept(corpus)
    text = outcomes.read_text(encoding="utf-8")
    # outcome-1 now refuses theme-1 (it partly met it): its themes' demands change
    edited = text.replace("      - theme: theme-1\n        status: partly-met\n",
                          "      - theme: theme-1\n        status: refused\n", 1)  # fmt: skip
    assert edited != text
    outcomes.write_text(edited, encoding="utf-8")
    run("--data", str(corpus), "demands", "--org", "O5", *DAY, "-f", "json")  # index updated
    with sqlite3.connect(index_path(corpus)) as db:
        stale = sorted(theme for (theme,) in db.execute("SELECT theme FROM stale_themes"))
        on_them = {
            claim
            for (claim,) in db.execute(
                "SELECT claim FROM claim_themes WHERE theme IN ('theme-1', 'theme-2', 'theme-3')"
            )
        }
    assert stale == ["theme-1", "theme-2", "theme-3"]  # outcome-1's, and nothing else
    standing_rows = kept(corpus)
    assert standing_rows and not on_them & standing_rows.keys()
    assert all(standing_rows[id] == before[id] for id in standing_rows)
    read = reads(monkeypatch)
    for question in (("unmet",), ("demands",), ("demands", "--status", "refused")):
        same(run, corpus, *question, *DAY, formats=("json",))
    assert len(read) == 1 and read[0] is not None  # a part: the stale demands' themes
    now = kept(corpus)
    assert now.keys() == before.keys()
    assert {id for id in now if now[id] != before[id]} <= on_them


@pytest.mark.parametrize(
    "change",
    ["date", "after", "removed", "added", "theme"],
)
def test_a_statement_changed_makes_what_it_touches_stale(
    run, tmp_path: Path, monkeypatch, change: str
) -> None:
    corpus = _generate(tmp_path, "--split")
    _outcomes_apart(corpus)
    run("--data", str(corpus), "unmet", *DAY, "-f", "json")
    file = corpus / "st-00007.yaml"
    text = file.read_text(encoding="utf-8")
    if change == "date":
        file.write_text(text.replace("date: 2022-08-08", "date: 2022-09"), encoding="utf-8")
    elif change == "after":  # now known to come after st-9 (and its outcomes with it)
        file.write_text(text.replace("    date: 2022-08-08\n",
                                     "    date: 2022-08-08\n    after: [st-9]\n"),
                        encoding="utf-8")  # fmt: skip
    elif change == "removed":
        file.unlink()
    elif change == "added":
        (corpus / "st-10007.yaml").write_text(text.replace("st-7", "st-10007"), encoding="utf-8")
    else:
        file.write_text(text.replace("themes: [theme-3]", "themes: [theme-4]"), encoding="utf-8")
    read = reads(monkeypatch)
    for day in ("2026-11-24", "2022-09-01", "2023-01"):
        for question in (("unmet",), ("demands",), ("demands", "--status", "open")):
            same(run, corpus, *question, "--as-of", day, formats=("json",))
        if day == "2026-11-24":  # the day kept: what the change touches is read again
            assert len(read) == 1
            # as a part; st-9's ties (outcomes, and every demand on their themes) are
            # more than half the corpus's demands: read whole
            assert (read[0] is None) == (change == "after")


@pytest.mark.parametrize("change", ["author", "comment"])
def test_a_change_that_touches_no_status_of_its_own(
    run, tmp_path: Path, monkeypatch, change: str
) -> None:
    # st-17 endorses st-16: st-16's rows name st-17's author among those that endorse it
    corpus = _generate(tmp_path, "--split")
    run("--data", str(corpus), "unmet", *DAY, "-f", "json")
    file = corpus / "st-00017.yaml"
    text = file.read_text(encoding="utf-8")
    assert "endorses: [st-16]" in text
    if change == "author":  # who endorses st-16 changes: its rows say so
        file.write_text(text.replace("    org: org-17\n", "    org: org-3\n"), encoding="utf-8")
    else:  # a comment: nothing is stale, and the statuses kept go on answering
        file.write_text(text + "# reviewed\n", encoding="utf-8")
    read = reads(monkeypatch)
    for question in (("unmet",), ("demands",), ("demands", "--status", "open")):
        same(run, corpus, *question, *DAY, formats=("json",))
    if change == "comment":
        assert read == []
        no_loading(monkeypatch)
        assert run("--data", str(corpus), "unmet", *DAY, "-f", "json").exit_code == 0
