"""A hostile pull request, round 3: each attack of issue 25 reproduced as a pull
request (or a second user on a shared machine) would make it, and proved to fail.

Tests run as the developer's user, often root in a container: "another user" is
simulated by giving files to a uid that is not ours (``os.chown``), which only
root may do; those tests skip elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import installed_simcli

import simcli
from simcli.build import build_id
from simcli.cache import Entry, digest
from simcli.load import bundled_corpus_path
from simcli.model import CorpusData
from simcli.scaffold import split_bundled

OTHER_UID = 4242  # a user that is not us
as_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="giving a file to another uid needs root",
)


def simcli_run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed simcli in a process of its own, as CI runs it."""
    return subprocess.run(
        [installed_simcli(), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
        env={**os.environ, "COLUMNS": "100", **env},
    )  # fmt: skip


# --- 3. the cache trusts folders and files anyone can write ---------------------------


def _plant_forged_corpus_entry(corpus: Path) -> Path:
    """What the other user does: an entry for the corpus's exact content, made as simcli
    makes them (its digests are plain SHA-256), claiming the corpus has no statements."""
    forged = CorpusData(version=1, themes=[], organisations=[], statements=[], outcomes=[])
    entry = Entry("corpus", digest(corpus.read_bytes()))
    payload = forged.model_dump_json(exclude_defaults=True).encode()
    entry.path.parent.mkdir(parents=True, exist_ok=True)
    entry.path.write_bytes(entry._header(payload) + payload)
    return entry.path


@as_root
@pytest.mark.parametrize("whose", ["another user's folder", "our folder, writable by all"])
def test_a_forged_entry_in_a_shared_cache_folder_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whose: str
) -> None:
    shared = tmp_path / "shared-cache"
    monkeypatch.setenv("SIMCLI_CACHE_DIR", str(shared))
    corpus = tmp_path / "corpus.yaml"
    shutil.copy(bundled_corpus_path(), corpus)
    planted = _plant_forged_corpus_entry(corpus)
    os.chmod(shared, 0o777)
    if whose == "another user's folder":
        os.chown(shared, OTHER_UID, OTHER_UID)
        os.chown(planted, OTHER_UID, OTHER_UID)
    honest = simcli_run("--data", "corpus.yaml", "--no-cache", "unmet", "-f", "json", cwd=tmp_path)
    asked = simcli_run("--data", "corpus.yaml", "unmet", "-f", "json", cwd=tmp_path)
    assert json.loads(honest.stdout)  # unmet demands there are
    assert (asked.returncode, asked.stdout) == (honest.returncode, honest.stdout)
    why = (
        "owned by another user (uid 4242)"
        if whose != "our folder, writable by all"
        else ("writable by group or others")
    )
    assert asked.stderr == (
        f"simcli: warning: the cache folder {str(shared)!r} is {why}: running without the"
        " cache (set SIMCLI_CACHE_DIR to a folder of your own)\n"
    )
    assert planted.read_bytes().endswith(b'"statements":[]}')  # left as it was: not ours
    # the forgery is real: in a folder of our own, nothing but who may write keeps it out
    os.chown(shared, os.geteuid(), os.getegid())
    os.chown(planted, os.geteuid(), os.getegid())
    os.chmod(shared, 0o700)
    fooled = simcli_run("--data", "corpus.yaml", "unmet", "-f", "json", cwd=tmp_path)
    assert (fooled.stdout, fooled.stderr) == ("[]\n", "")


@as_root
def test_a_forged_entry_of_another_user_in_our_folder_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    monkeypatch.setenv("SIMCLI_CACHE_DIR", str(cache))
    corpus = tmp_path / "corpus.yaml"
    shutil.copy(bundled_corpus_path(), corpus)
    planted = _plant_forged_corpus_entry(corpus)
    os.chown(planted, OTHER_UID, OTHER_UID)
    honest = simcli_run("--data", "corpus.yaml", "--no-cache", "unmet", "-f", "json", cwd=tmp_path)
    asked = simcli_run("--data", "corpus.yaml", "unmet", "-f", "json", cwd=tmp_path)
    assert (asked.returncode, asked.stdout, asked.stderr) == (honest.returncode, honest.stdout, "")


def _folder_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for name, text in split_bundled():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


@as_root
@pytest.mark.parametrize("how", ["given to another user", "writable by others"])
def test_an_edited_index_is_not_served(tmp_path: Path, how: str) -> None:
    cache = tmp_path / "cache"
    env = {"SIMCLI_CACHE_DIR": str(cache), "SIMCLI_INDEX_FROM": "0", "SIMCLI_KEEP_ANSWERS": "0"}
    _folder_corpus(tmp_path)
    first = simcli_run("--data", "corpus", "unmet", "-f", "json", cwd=tmp_path, **env)
    [index] = cache.glob("simcli-index-*.sqlite")
    with sqlite3.connect(index) as db:  # the forgery: every statement gone
        db.execute("DELETE FROM records WHERE section = 'statements'")
    if how == "given to another user":
        os.chown(index, OTHER_UID, OTHER_UID)
    else:
        os.chmod(index, 0o666)
    again = simcli_run("--data", "corpus", "unmet", "-f", "json", cwd=tmp_path, **env)
    assert json.loads(first.stdout)
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, "")


# --- 9. caches keyed by the version string only ---------------------------------------


def test_another_build_of_the_same_version_shares_no_cache(tmp_path: Path) -> None:
    # a patched build, still 0.2.0: the package copied, one line added to a rule module
    build = tmp_path / "patched"
    shutil.copytree(Path(simcli.__file__).parent, build / "simcli", ignore=shutil.ignore_patterns(
        "__pycache__"))  # fmt: skip
    with open(build / "simcli" / "rules.py", "a", encoding="utf-8") as rules:
        rules.write("\n# a new rule would go here\n")
    cache = tmp_path / "cache"
    corpus = tmp_path / "corpus.yaml"
    shutil.copy(bundled_corpus_path(), corpus)

    def run_build(path: Path | None) -> str:
        env = {**os.environ, "SIMCLI_CACHE_DIR": str(cache), "PYTHONPATH": str(path or "")}
        code = "import simcli, simcli.build; print(simcli.__version__, simcli.build.build_id());"
        code += "simcli.load_corpus('corpus.yaml')"
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                              capture_output=True, text=True, check=True)  # fmt: skip
        return done.stdout.strip()

    ours, theirs = run_build(None), run_build(build)
    assert ours == f"{simcli.__version__} {build_id()}"
    assert theirs.split()[0] == simcli.__version__ and theirs != ours
    key = digest(corpus.read_bytes())
    # each build wrote its own entry: neither answered from the other's
    assert sorted(p.name for p in cache.glob("simcli-corpus-*")) == sorted(
        f"simcli-corpus-{b.split()[1]}-{key}.cache" for b in (ours, theirs)
    )
