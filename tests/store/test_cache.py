"""The cache of validated corpora: used when the file is unchanged, never when it is not."""

from __future__ import annotations

import json
import marshal
import os
import stat
from pathlib import Path

import pytest
from conftest import MINI

import simcli
import simcli.read.folder
import simcli.read.yamlsrc
import simcli.store.cache
import simcli.store.load
import simcli.store.whole
from simcli.model.plain import plain
from simcli.store.build import build_id
from simcli.store.cache import MARKER


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("simcli-corpus-*.cache"))


def _payload(entry: Path) -> bytes:
    return entry.read_bytes().split(b"\n", 1)[1]


def test_first_load_writes_an_owner_only_entry_of_plain_data(write, private_cache: Path) -> None:
    simcli.load_corpus(write(MINI))
    [entry] = _entries(private_cache)
    assert entry.name.startswith(f"simcli-corpus-{build_id()}-")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    header, payload = entry.read_bytes().split(b"\n", 1)
    source = simcli.store.cache.digest(MINI.encode())
    assert header.split(b" ") == [
        *MARKER.split(b" "),
        b"corpus",
        build_id().encode(),
        simcli.store.cache.FORMAT.encode(),  # how the record is written
        source.encode(),  # what it was built from
        simcli.store.cache.digest(payload).encode(),  # what it holds
    ]
    assert marshal.loads(payload)["version"] == 1  # plain data, never pickle
    assert not payload.startswith(b"\x80")  # (pickle's first byte)
    assert not list(private_cache.glob(".simcli-tmp-*"))  # written atomically


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

    monkeypatch.setattr(simcli.read.yamlsrc, "parse_yaml", no_parsing)
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
    assert marshal.loads(_payload(entry))["version"] == 1  # and repaired


@pytest.mark.parametrize(
    "edit",
    [
        # (marshal's text is counted: an edit of the same length keeps the data readable)
        (b"demand", b"wishes"),  # no kind of claim
        (b"gov", b"nob"),  # valid shape, dangling reference
    ],
)
def test_edited_entry_is_rebuilt(write, private_cache: Path, edit) -> None:
    path = write(MINI)
    simcli.load_corpus(path)
    [entry] = _entries(private_cache)
    assert edit[0] in entry.read_bytes()
    entry.write_bytes(entry.read_bytes().replace(*edit))
    assert simcli.load_corpus(path).claim("alpha-halt").target == "gov"


def test_entry_copied_under_another_files_name_is_not_trusted(run, write, private_cache) -> None:
    """A valid corpus's entry renamed to a broken corpus's key must not make it pass."""
    simcli.load_corpus(write(MINI))
    [good] = _entries(private_cache)
    broken = MINI.replace("org: alpha", "org: nobody")
    write(broken)
    key = simcli.store.cache.digest(broken.encode())
    good.rename(good.with_name(f"simcli-corpus-{build_id()}-{key}.cache"))
    result = run("--data", "c.yaml", "check")
    assert result.exit_code == 2
    assert "unknown organisation 'nobody'" in result.stdout


def test_only_simclis_own_files_are_evicted(write, private_cache: Path, monkeypatch) -> None:
    private_cache.mkdir(exist_ok=True)
    theirs = [
        private_cache / "corpus-1.json",  # the old naming, or anyone's
        private_cache / f"simcli-corpus-0.1-{'0' * 64}.cache",  # our name, not our marker
        private_cache / "notes.txt",
    ]
    for n, path in enumerate(theirs):
        path.write_text("someone else's")
        os.utime(path, (n, n))  # the oldest in the folder
    monkeypatch.setattr(simcli.store.cache, "ENTRIES", 1)
    monkeypatch.setattr(simcli.store.whole, "evict", lambda kind: simcli.store.cache.evict(kind, 1))
    for n in range(3):
        simcli.load_corpus(write(MINI.replace("Stop the scheme.", f"Stop the scheme {n}.")))
    assert all(path.read_text() == "someone else's" for path in theirs)
    assert len([p for p in _entries(private_cache) if p not in theirs]) == 1


def test_a_folder_load_evicts_once_not_once_per_file(tmp_path, private_cache, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.yaml").write_text(MINI, encoding="utf-8")
    for n in range(20):
        (folder / f"s{n}.yaml").write_text(
            f"statements:\n  - id: s{n}\n    org: alpha\n    title: T\n    summary: S\n    date: 2021\n"
            f"    claims:\n      - id: s{n}-c\n        kind: concern\n        quote: q\n"
            f"        themes: [halt]\n        text: t\n",
            encoding="utf-8",
        )
    scans: list[str] = []
    real = simcli.store.cache.evict
    monkeypatch.setattr(
        simcli.store.cache, "evict", lambda kind, *a: (scans.append(kind), real(kind, *a))
    )
    simcli.load_corpus(folder)
    assert sorted(scans) == ["folder", "fragment"]


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
    monkeypatch.setattr(simcli.store.whole, "evict", lambda kind: simcli.store.cache.evict(kind, 3))
    for n in range(5):
        simcli.load_corpus(write(MINI.replace("Stop the scheme.", f"Stop the scheme {n}.")))
    assert len(_entries(private_cache)) == 3


def _entry_name(text: str) -> str:
    return f"simcli-corpus-{build_id()}-{simcli.store.cache.digest(text.encode())}.cache"


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "link to a good entry"])
def test_an_entry_that_is_not_a_regular_file_is_never_read(
    run, write, private_cache: Path, kind: str
) -> None:
    write(MINI)
    private_cache.mkdir(exist_ok=True)
    path = private_cache / _entry_name(MINI)
    if kind == "fifo":
        os.mkfifo(path)  # a read would block for ever
    elif kind == "link to /dev/zero":
        path.symlink_to("/dev/zero")
    else:
        simcli.load_corpus(write(MINI.replace("Stop the scheme.", "Stop it.")))
        [good] = [p for p in _entries(private_cache) if p != path]
        path.symlink_to(good)
    result = run("--data", "c.yaml", "demands", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["id"] == "alpha-halt"


def test_check_never_takes_its_verdict_from_the_cache(run, write, private_cache: Path) -> None:
    """Even an entry forged with a correct header (anyone who can write the cache
    folder can make one) cannot make a broken corpus pass check."""
    good = simcli.load_corpus(write(MINI)).data
    broken = MINI.replace("org: alpha", "org: nobody")
    write(broken)
    payload = simcli.store.cache.encode(plain(good))
    entry = simcli.store.cache.Entry("corpus", simcli.store.cache.digest(broken.encode()))
    entry.path.write_bytes(entry._header(payload) + payload)
    assert simcli.load_corpus("c.yaml").statements[0].org == "alpha"  # the forgery is read...
    result = run("--data", "c.yaml", "check")
    assert result.exit_code == 2  # ... but not by check
    assert "unknown organisation 'nobody'" in result.stdout


def test_a_link_at_an_entry_path_is_replaced_never_written_through(
    write, private_cache: Path, tmp_path: Path
) -> None:
    """A link (or a FIFO) where an entry belongs, in our own folder, is not trusted
    when read, and is replaced by a real entry when the corpus is cached again:
    its target is never written."""
    write(MINI)
    simcli.load_corpus("c.yaml")
    [entry] = _entries(private_cache)
    target = tmp_path / "elsewhere.txt"
    target.write_text("not the cache's", encoding="utf-8")
    entry.unlink()
    entry.symlink_to(target)
    simcli.load_corpus("c.yaml")
    assert not entry.is_symlink() and entry.is_file()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert entry.read_bytes().startswith(MARKER)
    assert target.read_text(encoding="utf-8") == "not the cache's"
