"""Answers remembered (simcli.store.answers): a question asked again of an unchanged
large corpus is answered from the cache, the same bytes, warning and exit code;
any change to a file, an option or the day, and it is answered afresh."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import generated

import simcli.store.index
import simcli.store.load
import simcli.store.looks
from simcli.store.answers import COMMANDS, FORMATS
from simcli.store.cache import cache_dir
from simcli.store.load import bundled_corpus_path


@pytest.fixture(autouse=True)
def keep_every_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small test corpora count as large, and files just written are old enough."""
    monkeypatch.setattr(simcli.store.looks, "INDEX_FROM", 0)
    monkeypatch.setattr(simcli.store.looks, "RACY_NS", 0)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return generated(tmp_path / "corpus", 60)


def kept() -> list[str]:
    return sorted(p.name for p in cache_dir().glob("simcli-answer-*.cache"))


def no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the corpus was loaded")

    monkeypatch.setattr(simcli.store.load, "load_corpus", refuse)


QUESTIONS = [
    ("demands", "--org", "O7"),
    ("demands", "--org", "O3", "--status", "unmet", "--kind", "all"),
    ("orgs",),
    ("statements",),
    ("themes",),
    ("timeline", "--from", "2021"),
    ("show", "st-3"),
    ("unmet", "--theme", "theme-2"),
    ("compare", "--org", "O1", "--org", "O2"),
]
#: in JSON, the store derives these itself: nothing is kept
DERIVED = ("unmet", "compare")


def test_every_command_kept_is_asked_here() -> None:
    assert {q[0] for q in QUESTIONS} == set(COMMANDS)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("question", QUESTIONS, ids=" ".join)
def test_an_answer_kept_is_the_answer(
    run, folder: Path, monkeypatch: pytest.MonkeyPatch, question: tuple[str, ...], fmt: str
) -> None:
    argv = ("--data", str(folder), *question, "-f", fmt)
    plain = run("--no-cache", *argv)
    first = run(*argv)
    assert len(kept()) == (0 if fmt == "json" and question[0] in DERIVED else 1)
    no_loading(monkeypatch)
    again = run(*argv)
    assert (again.exit_code, again.stdout, again.stderr) == (0, plain.stdout, plain.stderr)
    assert (first.exit_code, first.stdout, first.stderr) == (0, plain.stdout, plain.stderr)


def test_a_changed_file_option_or_day_is_answered_afresh(run, folder: Path) -> None:
    argv = ("--data", str(folder), "demands", "--org", "O5", "-f", "json")
    before = run(*argv).stdout
    file = folder / "st-00005.yaml"
    stat = file.stat()
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('text: "', 'text: "New '), encoding="utf-8")
    after = run(*argv).stdout
    assert after != before and after == run("--no-cache", *argv).stdout
    assert run(*argv, "--own").stdout == run("--no-cache", *argv, "--own").stdout
    assert len(kept()) == 3  # before, after, --own
    day = run(*argv, "--as-of", "2022-01-01").stdout
    assert day != after and day == run("--no-cache", *argv, "--as-of", "2022-01-01").stdout
    file.write_text(text, encoding="utf-8")
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert run(*argv).stdout == before


def test_the_warning_and_the_exit_code_come_with_it(
    run, write, bundled_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = bundled_text.replace(
        "  - id: nhse-reply-2021-05-11\n    date: 2021-05-11",
        "  - id: nhse-reply-2021-05-11\n    date: 2021-04-01",
    )
    path = str(write(text))
    argv = ("--data", path, "demands", "--status", "unmet", "-f", "csv")
    plain = run("--no-cache", *argv)
    assert plain.exit_code == 0 and "contradict each other" in plain.stderr
    run(*argv)
    no_loading(monkeypatch)
    again = run(*argv)
    assert (again.exit_code, again.stdout, again.stderr) == (0, plain.stdout, plain.stderr)


def test_what_is_not_kept(run, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for argv in (
        ("demands", "--org", "O7"),  # a table: it is laid out for the terminal
        ("demands", "--org", "O7", "-f", "markdown"),
        ("export", "-f", "json"),  # the whole corpus, not an answer
        ("check",),
        ("demands", "--org", "Nobody", "-f", "json"),  # an error
    ):
        run("--data", str(folder), *argv)
    run("--no-cache", "--data", str(folder), "orgs", "-f", "json")
    for off in ("0", "no", "False", " off "):
        run("--data", str(folder), "orgs", "-f", "json", env={"SIMCLI_KEEP_ANSWERS": off})
    assert kept() == []
    small = tmp_path / "small.yaml"
    shutil.copy(bundled_corpus_path(), small)
    monkeypatch.setattr(simcli.store.looks, "INDEX_FROM", 4 * 1024 * 1024)
    run("--data", str(small), "orgs", "-f", "json")  # too small to be worth it
    monkeypatch.setattr(simcli.store.looks, "INDEX_FROM", 0)
    monkeypatch.setattr(simcli.store.looks, "RACY_NS", 10**18)
    run("--data", str(small), "orgs", "-f", "json")  # changed too recently to be sure of
    assert kept() == []


@pytest.mark.parametrize(
    "question",
    [
        ("demands", "--org", "O7", "-f", "json"),  # read from the index, or kept
        ("unmet", "-f", "json"),  # the store's own answer, statuses worked out
        ("unmet", "-f", "csv"),  # the store does not answer it: the corpus is loaded
        ("compare", "--org", "O1", "--org", "O2", "-f", "json"),
        ("demands", "-f", "json"),
        ("demands", "--theme", "theme-1", "-f", "json"),
    ],
)
def test_every_door_of_the_store_looks_once(
    run, folder: Path, monkeypatch: pytest.MonkeyPatch, question: tuple[str, ...]
):
    # the store's derived answers, the kept answers and the loader share one look a
    # run: a question whose answer is not kept yet loads the corpus with the looks it
    # was keyed by, not once more
    real = simcli.store.looks.fingerprint
    calls: list[Path] = []

    def counted(path: Path) -> simcli.store.looks.Seen | None:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(simcli.store.looks, "fingerprint", counted)
    derived = {"SIMCLI_KEEP_ANSWERS": "0"}
    for env in (derived, derived, {}, {}):  # the index made, read; then kept, replayed
        answer = run("--data", str(folder), *question, env=env)
        assert answer.exit_code == 0 and len(calls) == 1, (env, calls)
        calls.clear()
    assert answer.stdout == run("--no-cache", "--data", str(folder), *question).stdout
