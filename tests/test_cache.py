"""The cache of validated corpora: used when the file is unchanged, never when it is not."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import MINI

import simcli
import simcli.load
import simcli.yamlsrc


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("corpus-*.json"))


def test_first_load_writes_an_owner_only_json_entry(write, private_cache: Path) -> None:
    simcli.load_corpus(write(MINI))
    [entry] = _entries(private_cache)
    assert entry.name.startswith(f"corpus-{simcli.__version__}-")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert entry.read_bytes().startswith(b'{"version":1,')  # JSON, never pickle
    assert not list(private_cache.glob(".tmp-*"))  # written atomically, nothing left over


def test_cache_folder_is_created_owner_only(write, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "new" / "cache"
    monkeypatch.setenv("SIMCLI_CACHE_DIR", str(folder))
    simcli.load_corpus(write(MINI))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_unchanged_file_is_not_parsed_again(write, monkeypatch) -> None:
    path = write(MINI)
    first = simcli.load_corpus(path)

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(simcli.yamlsrc, "parse_yaml", no_parsing)
    second = simcli.load_corpus(path)
    assert second.data == first.data
    assert str(second.statements[0].date) == "2021-04"


def test_changed_file_is_never_served_from_the_cache(write, tmp_path: Path) -> None:
    path = write(MINI)
    simcli.load_corpus(path)
    before = (tmp_path / path).stat()
    changed = MINI.replace("The scheme harms people.", "The scheme hurts people.")
    assert len(changed) == len(MINI)
    (tmp_path / path).write_text(changed, encoding="utf-8")
    os.utime(tmp_path / path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time
    assert simcli.load_corpus(path).claim("alpha-worry").text == "The scheme hurts people."


def test_invalid_edit_is_reported_not_hidden_by_the_cache(write) -> None:
    path = write(MINI)
    simcli.load_corpus(path)
    write(MINI.replace("kind: concern", "kind: worry"))
    with pytest.raises(simcli.CorpusError):
        simcli.load_corpus(path)


@pytest.mark.parametrize("garbage", [b"", b"not json", b'{"version": 1}', b"\x00\xff" * 10])
def test_corrupt_entry_is_rebuilt_silently(write, private_cache: Path, garbage: bytes) -> None:
    path = write(MINI)
    simcli.load_corpus(path)
    [entry] = _entries(private_cache)
    entry.write_bytes(garbage)
    assert simcli.load_corpus(path).claim("alpha-halt").target == "gov"
    assert entry.read_bytes().startswith(b'{"version":1,')  # and repaired


def test_tampered_entry_fails_validation_and_is_rebuilt(write, private_cache: Path) -> None:
    path = write(MINI)
    simcli.load_corpus(path)
    [entry] = _entries(private_cache)
    entry.write_bytes(entry.read_bytes().replace(b'"kind":"demand"', b'"kind":"wish"'))
    assert simcli.load_corpus(path).claim("alpha-halt").kind == "demand"


def test_no_cache_neither_reads_nor_writes(run, write, private_cache: Path) -> None:
    write(MINI)
    assert run("--data", "c.yaml", "--no-cache", "orgs").exit_code == 0
    assert _entries(private_cache) == []
    simcli.load_corpus("c.yaml")
    [entry] = _entries(private_cache)
    entry.write_bytes(b"{}")
    assert run("--data", "c.yaml", "--no-cache", "orgs").exit_code == 0
    assert entry.read_bytes() == b"{}"  # not read (it would fail), not rewritten


def test_unwritable_cache_is_not_an_error(write, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("SIMCLI_CACHE_DIR", str(blocker / "cache"))  # a folder inside a file
    assert simcli.load_corpus(write(MINI)).claim_count() == 2


def test_entries_are_bounded(write, private_cache: Path, monkeypatch) -> None:
    monkeypatch.setattr(simcli.load, "CACHE_ENTRIES", 3)
    for n in range(5):
        simcli.load_corpus(write(MINI.replace("Stop the scheme.", f"Stop the scheme {n}.")))
    assert len(_entries(private_cache)) == 3
