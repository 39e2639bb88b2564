"""The cache's index (simcli.store.index): a question about a few records reads those
records alone, and its answer is the whole corpus's, byte for byte; never stale."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, installed_simcli
from hypothesis import given, settings
from hypothesis import strategies as st

import simcli.store.answers
import simcli.store.index
import simcli.store.looks
from simcli.store.index import index_path
from simcli.store.load import bundled_corpus_path

FORMATS = ("table", "json", "csv", "tsv", "markdown")


@pytest.fixture(autouse=True)
def index_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small test corpora get an index too (large ones would take minutes to make),
    made at once from files just written (simcli waits until they are 2 s old: see
    test_a_file_changed_just_now_is_not_trusted_to_stay_the_same)."""
    monkeypatch.setattr(simcli.store.looks, "INDEX_FROM", 0)
    monkeypatch.setattr(simcli.store.looks, "RACY_NS", 0)
    # the questions here test the index: no answer is kept (tests/store/test_answers.py)
    monkeypatch.setattr(simcli.store.answers, "COMMANDS", ())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder corpus of 300 synthetic statements, one file each, and the bundled
    corpus's records tied by orderings, endorsements and evidence."""
    path = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "300", "--split", str(path)],
        check=True,
    )
    return path


def answers(run, data: Path, *args: str) -> dict[str, str]:
    """The question's answer in every format, with the cache (index) and without."""
    out = {}
    for fmt in FORMATS:
        for cache in ([], ["--no-cache"]):
            result = run(*cache, "--data", str(data), *args, *_as_of(args), "-f", fmt)
            out[f"{fmt}{' no-cache' if cache else ''}"] = (result.exit_code, result.output)
    return out


def _as_of(question: tuple[str, ...]) -> tuple[str, ...]:
    """The day statuses are as of, for a question that has them."""
    return () if question[0] == "timeline" else ("--as-of", "2026-11-24")


def same_with_and_without(out: dict[str, tuple[int, str]]) -> None:
    for fmt in FORMATS:
        assert out[fmt] == out[f"{fmt} no-cache"], fmt


QUESTIONS = [
    ("demands", "--org", "O7"),
    ("demands", "--org", "O10"),  # st-10 endorses st-9: its demands count, "via"
    ("demands", "--org", "O9", "--kind", "all"),  # endorsed by st-10: endorsed_by
    ("demands", "--org", "O7", "--own", "--kind", "all"),
    ("demands", "--theme", "theme-3"),
    ("demands", "--target", "O12", "--status", "unmet"),
    ("show", "st-5"),
    ("show", "st-9-c2"),
    ("show", "outcome-3"),
    ("show", "st-5-c99"),  # no such claim: the closest ids of the whole corpus
    ("demands", "--status", "met"),
    ("demands", "--status", "refused", "--kind", "all"),
    ("demands", "--status", "partly-met", "--org", "O3"),
    ("timeline", "--from", "2021", "--to", "2021-06"),
    ("timeline", "--to", "2020-03-01"),
    ("timeline", "--from", "2021-13"),  # not a date: the question says so
]


@pytest.mark.parametrize("question", QUESTIONS, ids=" ".join)
def test_folder_answers_are_the_whole_corpus_s(run, folder: Path, question) -> None:
    run("--data", str(folder), *question, *_as_of(question))  # builds
    assert index_path(folder).exists()
    same_with_and_without(answers(run, folder, *question))


@pytest.mark.parametrize(
    "question",
    [
        ("demands", "--org", "NSUN"),
        ("demands", "--org", "StopSIM", "--own"),
        ("demands", "--theme", "publish-review", "--kind", "all"),
        ("demands", "--target", "nhs-england"),
        ("show", "stopsim-2021-04-21"),
        ("show", "stopsim-halt"),
        ("show", "nhse-position-2023-03-10"),
        ("show", "stopsim-hlat"),  # not an id: the closest ids of the whole corpus
        ("demands", "--org", "Nobody"),
        ("demands", "--status", "met"),
        ("demands", "--status", "partly-met", "--kind", "all"),
        ("timeline", "--from", "2023-03"),
        ("timeline", "--to", "2021-05"),
        ("timeline", "--from", "2022", "--to", "2021"),  # the wrong way round
    ],
    ids=" ".join,
)
def test_bundled_answers_are_the_same(run, tmp_path: Path, question) -> None:
    data = tmp_path / "statements.yaml"
    shutil.copy(bundled_corpus_path(), data)
    run("--data", str(data), *question)
    same_with_and_without(answers(run, data, *question))


def test_reads_only_what_the_question_needs(run, folder: Path) -> None:
    from simcli import load_corpus
    from simcli.store.selection import Selection

    whole = load_corpus(folder)
    load_corpus(folder, select=Selection(orgs=["O7"]))  # builds the index
    part = load_corpus(folder, select=Selection(orgs=["O7"]))
    assert len(part.statements) < len(whole.statements) // 20
    assert {s.org for s in part.statements} == {"org-7"}
    assert len(part.outcomes) == len(whole.outcomes)
    met = load_corpus(folder, select=Selection(status="met"))
    assert 0 < len(met.statements) < len(whole.statements)
    year = load_corpus(folder, select=Selection(between=("2021-03", "2021-04")))
    assert 0 < len(year.statements) < len(whole.statements) // 5


def test_an_edit_that_keeps_size_and_mtime_is_seen(run, folder: Path) -> None:
    question = ("--data", str(folder), "show", "st-5", "-f", "json")
    before = run(*question).stdout
    assert run(*question).stdout == before  # from the index
    file = folder / "st-00005.yaml"
    text = file.read_text(encoding="utf-8")
    stat = file.stat()
    at = text.index('title: "') + len('title: "')
    edited = text[:at] + ("Q" if text[at] != "Q" else "R") + text[at + 1 :]
    assert edited != text and len(edited) == len(text)  # same size
    file.write_text(edited, encoding="utf-8")
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same modification time
    assert file.stat().st_size == stat.st_size and file.stat().st_mtime_ns == stat.st_mtime_ns
    after = run(*question).stdout
    assert after != before and after == run("--no-cache", *question).stdout


def test_a_file_added_or_removed_is_seen(run, folder: Path) -> None:
    question = ("--data", str(folder), "demands", "--org", "O7", "-f", "json")
    before = run(*question).stdout
    run(*question)
    moved = folder / "st-00007.yaml"  # a statement of org-7
    moved.rename(folder.parent / "away.yaml")
    fewer = run(*question).stdout
    assert fewer != before and fewer == run("--no-cache", *question).stdout
    (folder.parent / "away.yaml").rename(moved)
    assert run(*question).stdout == before


def test_the_files_keep_the_folder_s_order(run, folder: Path) -> None:
    # each file's place is written with its rows, and rewritten for every file only
    # when files come or go: after an edit, an addition and a removal, the index
    # keeps the folder loader's order, and a whole-corpus answer is the same
    question = ("--data", str(folder), "statements", "-f", "json")

    def places() -> list[tuple[int, str]]:
        with sqlite3.connect(index_path(folder)) as db:
            return db.execute("SELECT ord, name FROM files ORDER BY ord, name").fetchall()

    def order() -> list[tuple[int, str]]:
        return list(enumerate(sorted(p.name for p in folder.glob("*.yaml"))))

    run(*question)
    assert places() == order()
    file = folder / "st-00005.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace('title: "', 'title: "Q', 1))
    shutil.copy(folder / "st-00007.yaml", folder / "st-00006a.yaml")  # in the middle
    text = (folder / "st-00006a.yaml").read_text(encoding="utf-8")
    (folder / "st-00006a.yaml").write_text(text.replace("st-7", "st-6a"), encoding="utf-8")
    (folder / "st-00003.yaml").unlink()
    for _ in range(2):
        answer = run(*question).stdout
        assert places() == order()
        assert answer == run("--no-cache", *question).stdout
        file.write_text(file.read_text(encoding="utf-8").replace('title: "Q', 'title: "R', 1))


def test_a_cut_short_or_foreign_index_is_rebuilt_without_a_word(run, folder: Path) -> None:
    question = ("--data", str(folder), "demands", "--org", "O7", "-f", "json")
    expected = run("--no-cache", *question).stdout
    run(*question)
    path = index_path(folder)
    path.write_bytes(path.read_bytes()[:5000])  # cut short
    result = run(*question)
    assert (result.stdout, result.stderr) == (expected, "")
    path.write_bytes(b"not a database at all")
    result = run(*question)
    assert (result.stdout, result.stderr) == (expected, "")
    sqlite3.connect(path).close()
    path.unlink()
    other = sqlite3.connect(path)  # a database, but not an index
    other.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    other.commit()
    other.close()
    result = run(*question)
    assert (result.stdout, result.stderr) == (expected, "")
    assert sqlite3.connect(path).execute(
        "SELECT value FROM meta WHERE key = 'complete'"
    ).fetchone() == ("1",)  # rebuilt whole


def test_a_file_changed_just_now_is_hashed_again_next_time(
    run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # on a file system that keeps whole seconds (and whose change time says no more),
    # a second edit in the same second with the same size looks the same: a file
    # changed within 2 s of being looked at has its content hashed again next time
    monkeypatch.setattr(simcli.store.looks, "RACY_NS", 2_000_000_000)
    real = simcli.store.looks._look

    def coarse(st: os.stat_result) -> tuple[int, int, int, int, int]:
        size, mtime, _, inode, mode = real(st)
        second = mtime // 1_000_000_000 * 1_000_000_000
        return (size, second, second, inode, mode)

    monkeypatch.setattr(simcli.store.looks, "_look", coarse)
    question = ("--data", str(folder), "show", "st-5", "-f", "json")
    file = folder / "st-00005.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('summary: "', 'summary: "Q', 1), encoding="utf-8")
    first = run(*question).stdout  # indexes the file just written
    assert index_path(folder).exists()
    stat = file.stat()
    file.write_text(text.replace('summary: "', 'summary: "R', 1), encoding="utf-8")
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same second, the same size
    assert coarse(file.stat()) == coarse(stat)  # looks the same
    second = run(*question).stdout
    assert second != first and second == run("--no-cache", *question).stdout


def test_a_changed_file_is_read_again_alone(
    run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import simcli.read.yamlsrc

    question = ("--data", str(folder), "demands", "--org", "O5", "-f", "json")
    run(*question)  # builds
    read: list[str] = []
    real = simcli.read.yamlsrc.parse_yaml

    def counted(text: str, name: str):  # type: ignore[no-untyped-def]
        read.append(name)
        return real(text, name)

    monkeypatch.setattr(simcli.read.yamlsrc, "parse_yaml", counted)
    file = folder / "st-00005.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace('text: "', 'text: "New '))
    after = run(*question).stdout
    assert read == ["st-00005.yaml"]  # that file alone
    read.clear()
    assert after == run("--no-cache", *question).stdout and "New " in after
    read.clear()
    os.utime(folder / "st-00007.yaml")  # touched: the same content
    assert run(*question).stdout == after
    assert read == []  # its hash decided: not read again
    row = (
        sqlite3.connect(index_path(folder))
        .execute("SELECT mtime_ns FROM files WHERE name = 'st-00007.yaml'")
        .fetchone()
    )
    assert row == ((folder / "st-00007.yaml").stat().st_mtime_ns,)  # its new look remembered


def test_a_question_of_the_whole_folder_reads_the_index(
    run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import simcli.read.yamlsrc

    question = ("--data", str(folder), "unmet", "-f", "json", "--as-of", "2026-11-24")
    expected = run("--no-cache", *question).stdout
    run(*question)  # builds
    monkeypatch.setattr(simcli.read.yamlsrc, "parse_yaml", None)  # no file is parsed again
    assert run(*question).stdout == expected


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (("target: org-37", "target: org-nobody"), "R002"),  # a reference across files
        (("id: st-5-c1", "id: st-6-c1"), "R001"),  # an id another file has
        (("title: ", "title: [unclosed"), "Y001"),  # YAML that does not parse
        (("kind: demand", "kind: wish"), "S004"),
    ],
)
def test_a_corpus_with_a_problem_is_reported_as_without_the_index(
    run, folder: Path, edit: tuple[str, str], code: str
) -> None:
    question = ("--data", str(folder), "demands", "--org", "O5", "-f", "json")
    good = run(*question).stdout  # builds
    file = folder / "st-00005.yaml"
    text = file.read_text(encoding="utf-8")
    assert edit[0] in text
    file.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    result = run(*question)
    plain = run("--no-cache", *question)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        plain.stdout,
        plain.stderr,
    ) and f" {code} " in result.stderr
    file.write_text(text, encoding="utf-8")
    assert run(*question).stdout == good  # mended: answered again


def test_the_index_has_the_export_s_tables(run, folder: Path, tmp_path: Path) -> None:
    """One definition of the tables: the index's are the export's, and what the index
    fills in them (what a record's own file settles) is what the export has."""
    run("--data", str(folder), "demands", "--org", "O5")
    exported = tmp_path / "export.db"
    run("--data", str(folder), "export", "-f", "sqlite", "--out", str(exported))
    index = sqlite3.connect(index_path(folder))
    export = sqlite3.connect(exported)
    for name in simcli.store.index.SHARED:
        info = f"PRAGMA table_info([{name}])"
        assert index.execute(info).fetchall() == export.execute(info).fetchall(), name
    columns = "id, statement, org, date, kind, themes, target, text, quote, note, deadline, url"
    query = f"SELECT {columns} FROM claims ORDER BY id"
    assert index.execute(query).fetchall() == export.execute(query).fetchall()
    query = "SELECT id, org, title, date, after, endorses, summary FROM statements ORDER BY id"
    assert index.execute(query).fetchall() == export.execute(query).fetchall()
    for name in ("claim_themes", "statement_endorsements"):
        query = f"SELECT * FROM {name} ORDER BY 1, 2"
        assert index.execute(query).fetchall() == export.execute(query).fetchall()
    assert index.execute("SELECT count(*) FROM claims").fetchone()[0] > 1000


def test_a_question_that_needs_the_whole_corpus_keeps_a_current_index(run, folder: Path) -> None:
    run("--data", str(folder), "demands", "--org", "O7")
    made = index_path(folder).stat().st_ino
    result = run("--data", str(folder), "show", "st-5-c99")  # no such id: the whole corpus
    assert result.exit_code == 2 and "did you mean" in result.stderr
    assert index_path(folder).stat().st_ino == made  # not rebuilt


def test_indexes_are_evicted_least_recently_used_first(run, tmp_path: Path) -> None:
    data = []
    for n in range(6):
        path = tmp_path / f"c{n}.yaml"
        shutil.copy(bundled_corpus_path(), path)
        data.append(path)
        assert run("--data", str(path), "demands", "--org", "NSUN").exit_code == 0
    kept = sorted(p.name for p in index_path(data[0]).parent.glob("simcli-index-*.sqlite"))
    assert kept == sorted(index_path(p).name for p in data[-4:])


def test_two_processes_building_at_once(folder: Path, tmp_path: Path) -> None:
    env = {**os.environ, "SIMCLI_CACHE_DIR": str(tmp_path / "shared-cache")}
    command = [installed_simcli(), "--data", str(folder), "demands", "--org", "O7", "-f", "json"]
    expected = subprocess.run(
        [*command, "--as-of", "2026-11-24"], env={**env, "SIMCLI_CACHE_DIR": str(tmp_path / "x")},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    # a small corpus never builds the index from the command line: ask for one; and
    # wait until its files are old enough to be trusted
    env["SIMCLI_INDEX_FROM"] = "0"
    time.sleep(2.1)
    runs = [
        subprocess.Popen(
            [*command, "--as-of", "2026-11-24"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=300) for p in runs]
    assert [o for o, _ in outputs] == [expected] * 4
    assert all(e == "" for _, e in outputs)
    left = sorted(p.name for p in (tmp_path / "shared-cache").iterdir() if "index" in p.name)
    assert len(left) == 1 and left[0].endswith(".sqlite")  # one whole index, no temporaries
    again = subprocess.run([*command, "--as-of", "2026-11-24"], env=env, capture_output=True,
                           text=True, check=True)  # fmt: skip
    assert again.stdout == expected


def test_a_read_only_cache_folder_still_answers(run, folder: Path, tmp_path: Path) -> None:
    question = ("--data", str(folder), "demands", "--org", "O7", "-f", "json")
    expected = run("--no-cache", *question).stdout
    if os.geteuid() != 0:
        cache = tmp_path / "ro-cache"
        cache.mkdir()
        cache.chmod(0o500)
        try:
            result = run(*question, env={"SIMCLI_CACHE_DIR": str(cache)})
            assert (result.exit_code, result.stdout) == (0, expected)
            assert list(cache.iterdir()) == []
        finally:
            cache.chmod(0o700)
        return
    # root writes anywhere, except in a folder marked immutable (chattr +i), which
    # even root cannot add to
    cache = tmp_path / "ro-cache"
    cache.mkdir()
    chattr = shutil.which("chattr")
    marked = chattr and subprocess.run([chattr, "+i", str(cache)], capture_output=True).returncode
    if marked != 0:
        pytest.skip("root writes anywhere, and this file system has no immutable folders")
    try:
        assert not os.access(cache, os.W_OK) or _cannot_write(cache)
        result = run(*question, env={"SIMCLI_CACHE_DIR": str(cache)})
        assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")
        assert list(cache.iterdir()) == []
    finally:
        subprocess.run([str(chattr), "-i", str(cache)], check=True)


def _cannot_write(folder: Path) -> bool:
    try:
        (folder / "probe").touch()
    except OSError:
        return True
    return False


def test_a_cache_folder_that_cannot_be_made_still_answers(
    run, folder: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    question = ("--data", str(folder), "demands", "--org", "O7", "-f", "json")
    result = run(*question, env={"SIMCLI_CACHE_DIR": str(blocker / "cache")})
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == run("--no-cache", *question).stdout


def test_an_unwritable_index_place_still_answers(run, folder: Path, tmp_path: Path) -> None:
    # root can write anywhere, so the index's own name is taken by a folder instead
    question = ("--data", str(folder), "demands", "--org", "O7", "-f", "json")
    index_path(folder).mkdir(parents=True)
    result = run(*question)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == run("--no-cache", *question).stdout


EVERY = [
    ("demands",), ("demands", "--kind", "all"), ("demands", "--status", "unmet"), ("unmet",),
    ("compare",), ("compare", "--by", "statement", "--org", "CMH"), ("orgs",), ("statements",),
    ("themes",), ("timeline",), ("show", "stopsim-halt"), ("demands", "--org", "NSUN"),
]  # fmt: skip
SYNTHETIC = [
    ("demands", "--org", "O7"), ("unmet",), ("compare", "--org", "O1", "--org", "O2"), ("orgs",),
    ("statements", "--org", "O3"), ("themes",), ("timeline", "--from", "2020"), ("show", "st-3"),
]  # fmt: skip


@pytest.mark.parametrize("question", EVERY, ids=" ".join)
def test_every_answer_is_the_same_with_and_without_the_cache(run, tmp_path, question) -> None:
    data = tmp_path / "statements.yaml"
    shutil.copy(bundled_corpus_path(), data)
    run("--data", str(data), "orgs")  # the cache (and, for a question that selects, the index)
    run("--data", str(data), *question)
    same_with_and_without(answers(run, data, *question))


@pytest.mark.parametrize("question", SYNTHETIC, ids=" ".join)
def test_every_folder_answer_is_the_same_with_and_without(run, folder: Path, question) -> None:
    run("--data", str(folder), *question)
    same_with_and_without(answers(run, folder, *question))


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "markdown"])
def test_exports_are_the_same_with_and_without_the_cache(run, folder: Path, fmt: str) -> None:
    question = ("--data", str(folder), "export", "-f", fmt, "--as-of", "2026-11-24")
    run(*question)
    assert run(*question).stdout == run("--no-cache", *question).stdout


def test_report_is_the_same_with_and_without_the_cache(run, folder: Path) -> None:
    for fmt in ("html", "markdown"):
        question = ("--data", str(folder), "report", "-f", fmt, "--as-of", "2026-11-24")
        run(*question)
        assert run(*question).stdout == run("--no-cache", *question).stdout


# --- the checks across files: the index's queries give validate's verdict -------------

_SLOTS = (
    "statement.org", "statement.id", "statement.endorses", "statement.after", "claim.id",
    "claim.themes", "claim.target", "claim.no-target", "outcome.id", "outcome.actor",
    "outcome.after", "evidence.statement", "effect.theme", "effect.claims", "effect.orgs",
    "org.name", "org.alias", "circle",
)  # fmt: skip


@pytest.fixture(scope="module")
def small_folder(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    import yaml

    path = tmp_path_factory.mktemp("small") / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "8", "--split", str(path)],
        check=True,
    )
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in path.iterdir()}


def _mutate(files: dict[str, Any], slot: str, value_kind: str, pick: int) -> None:
    """One edit of a reference (or an id, or a name) of a folder corpus's data."""
    common = files["_corpus.yaml"]
    statements = [s for name, f in sorted(files.items()) for s in f.get("statements", [])]
    claims = [c for s in statements for c in s["claims"]]
    outcomes = common["outcomes"]
    effects = [e for o in outcomes for e in o.get("effects", [])]
    evidence = [e for o in outcomes for e in o.get("evidence", [])]
    orgs, themes = common["organisations"], common["themes"]
    values = {
        "statement": [s["id"] for s in statements],
        "claim": [c["id"] for c in claims],
        "outcome": [o["id"] for o in outcomes],
        "org": [o["id"] for o in orgs],
        "theme": [t["id"] for t in themes],
        "nobody": ["nobody"],
    }[value_kind]
    value = values[pick % len(values)]
    record, _, field = slot.partition(".")
    pool = {"statement": statements, "claim": claims, "outcome": outcomes, "evidence": evidence,
            "effect": effects, "org": orgs}.get(record, statements)  # fmt: skip
    if not pool:
        return
    target = pool[pick % len(pool)]
    if slot == "circle":  # a after b, b after a
        other = statements[(pick + 1) % len(statements)]
        target.setdefault("after", []).append(other["id"])
        other.setdefault("after", []).append(target["id"])
    elif slot == "claim.no-target":
        target.pop("target", None)
    elif slot == "org.alias":
        target.setdefault("aliases", []).append(orgs[(pick + 1) % len(orgs)]["name"])
    elif slot == "org.name":
        target["short"] = orgs[(pick + 1) % len(orgs)]["id"].upper()
    elif isinstance(target.get(field), list) or field in ("endorses", "after", "claims", "orgs"):
        target.setdefault(field, []).append(value)
    else:
        target[field] = value


@settings(max_examples=60, deadline=None)
@given(
    slot=st.sampled_from(_SLOTS),
    value_kind=st.sampled_from(["statement", "claim", "outcome", "org", "theme", "nobody"]),
    pick=st.integers(0, 50),
)
def test_the_index_s_checks_across_files_give_validate_s_verdict(
    small_folder: dict[str, Any], slot: str, value_kind: str, pick: int
) -> None:
    import copy
    import tempfile

    import yaml

    from simcli.model.diagnostics import CorpusError
    from simcli.store.index import Unusable, load
    from simcli.store.load import load_corpus
    from simcli.store.looks import fingerprint
    from simcli.store.selection import Selection

    files = copy.deepcopy(small_folder)
    _mutate(files, slot, value_kind, pick)
    with tempfile.TemporaryDirectory() as place:
        folder = Path(place) / "corpus"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        try:
            load_corpus(folder, cache=False)
            valid = True
        except CorpusError:
            valid = False
        seen = fingerprint(folder)
        assert seen is not None
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SIMCLI_CACHE_DIR", str(Path(place) / "cache"))
            patch.setattr(simcli.store.looks, "RACY_NS", 0)
            try:
                load(folder, "corpus", Selection(orgs=["O1"]), seen)
                indexed = True
            except Unusable:
                indexed = False
    assert indexed == valid, (slot, value_kind, pick)


# --- what the loader makes of a folder, the index makes of it too ---------------------


def _same_as_without(run, folder: Path, *question: str) -> None:
    argv = ("--data", str(folder), *question)
    with_cache, plain = run(*argv), run("--no-cache", *argv)
    assert (with_cache.exit_code, with_cache.stdout, with_cache.stderr) == (
        plain.exit_code,
        plain.stdout,
        plain.stderr,
    )


def test_a_file_replaced_by_a_pipe_is_reported_not_waited_on(folder: Path, tmp_path) -> None:
    env = {**os.environ, "SIMCLI_CACHE_DIR": str(tmp_path / "c"), "SIMCLI_INDEX_FROM": "0"}
    argv = [installed_simcli(), "--data", str(folder), "statements", "-f", "csv"]
    time.sleep(2.1)  # old enough to be trusted
    assert subprocess.run(argv, env=env, capture_output=True, timeout=120).returncode == 0
    (folder / "st-00005.yaml").unlink()
    os.mkfifo(folder / "st-00005.yaml")
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    assert (
        result.returncode == 2 and "F001 not a regular file (it is a named pipe)" in result.stderr
    )


def test_links_are_left_to_the_loader(run, folder: Path, tmp_path: Path) -> None:
    question = ("statements", "-f", "csv")
    run("--data", str(folder), *question)  # indexed
    outside = tmp_path / "outside"
    outside.mkdir()
    moved = outside / "st-00005.yaml"
    shutil.copy2(folder / "st-00005.yaml", moved)
    (folder / "st-00005.yaml").unlink()
    (folder / "st-00005.yaml").symlink_to(moved)  # the same content, out of the folder
    _same_as_without(run, folder, *question)
    assert "F004" in run("--data", str(folder), *question).stderr
    (folder / "st-00005.yaml").unlink()
    inside = folder / "sub"
    inside.mkdir()
    shutil.copy2(moved, inside / "st-00005.yaml")
    (folder / "st-00005.yaml").symlink_to(Path("sub") / "st-00005.yaml")  # in the folder
    _same_as_without(run, folder, *question)
    shutil.move(str(inside), str(outside / "sub"))
    (folder / "sub").symlink_to(outside / "sub")  # the same file, now out of the folder
    _same_as_without(run, folder, *question)
    assert "F004" in run("--data", str(folder), *question).stderr


def test_a_file_named_only_by_its_suffix_is_not_read(run, folder: Path) -> None:
    (folder / ".yaml").write_text(
        'organisations: [{id: org-hidden, name: "Hidden Org", kind: charity}]\n', encoding="utf-8"
    )
    _same_as_without(run, folder, "orgs", "-f", "csv")
    assert "org-hidden" not in run("--data", str(folder), "orgs", "-f", "csv").stdout


def test_a_file_whose_suffix_is_in_capitals_is_read_and_others_are_not(run, folder: Path) -> None:
    question = ("statements", "-f", "csv")
    before = run("--data", str(folder), *question).stdout  # indexed
    os.rename(folder / "st-00003.yaml", folder / "ST-00003.YML")
    (folder / "README.md").write_text("not a corpus file\n", encoding="utf-8")
    (folder / "notes.yaml.txt").write_text("[not yaml\n", encoding="utf-8")
    _same_as_without(run, folder, *question)
    assert run("--data", str(folder), *question).stdout == before  # the same records


def test_a_file_name_that_is_not_text(run, folder: Path) -> None:
    os.rename(folder / "st-00004.yaml", os.fsencode(folder) + b"/st-\xff4.yaml")
    _same_as_without(run, folder, "statements", "-f", "csv")


def test_an_empty_folder_is_reported(run, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    _same_as_without(run, empty, "statements", "-f", "csv")
    assert "F005" in run("--data", str(empty), "statements").stderr


def test_problems_found_in_a_corpus_read_from_the_index_are_placed(
    run, folder: Path, tmp_path: Path
) -> None:
    sources = tmp_path / "no-sources"
    sources.mkdir()
    run("--data", str(folder), "statements")  # indexed
    question = ("export", "-f", "qdpx", "--sources", str(sources), "--out", str(tmp_path / "x"))
    _same_as_without(run, folder, *question)
    assert f"{folder}/st-00000.yaml:" in run("--data", str(folder), *question).stderr


def test_temporaries_and_journals_left_by_a_killed_run_are_cleared(run, tmp_path: Path) -> None:
    from simcli.store.index import evict_indexes

    folder = index_path(tmp_path).parent
    folder.mkdir(parents=True, exist_ok=True)
    old, new = folder / ".simcli-tmp-abc123.sqlite", folder / ".simcli-tmp-def456.sqlite"
    for path in (old, new):
        sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    os.utime(old, (time.time() - 7200, time.time() - 7200))  # untouched for two hours
    data = []
    for n in range(5):
        path = tmp_path / f"c{n}.yaml"
        shutil.copy(bundled_corpus_path(), path)
        data.append(path)
        run("--data", str(path), "demands", "--org", "NSUN")
        if n == 0:
            Path(f"{index_path(path)}-journal").write_bytes(b"")
    evict_indexes()
    assert not old.exists() and new.exists()  # a build may be writing the newer one
    assert not Path(f"{index_path(data[0])}-journal").exists()


@pytest.mark.parametrize("setting", ["²", "9" * 5000, "-1", "1e3", " 12 "])
def test_an_odd_index_size_setting_is_no_crash(run, folder: Path, setting: str) -> None:
    # SIMCLI_INDEX_FROM takes a number of bytes; anything else is the default, never a crash
    argv = ("--data", str(folder), "unmet", "-f", "json")
    answer = run(*argv, env={"SIMCLI_INDEX_FROM": setting})
    assert (answer.exit_code, answer.stdout) == (0, run("--no-cache", *argv).stdout)
