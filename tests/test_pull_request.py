"""A hostile pull request, round 3: each attack of issue 25 reproduced as a pull
request (or a second user on a shared machine) would make it, and proved to fail.

Tests run as the developer's user, often root in a container: "another user" is
simulated by giving files to a uid that is not ours (``os.chown``), which only
root may do; those tests skip elsewhere.
"""

from __future__ import annotations

import json
import marshal
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import installed_simcli

import simcli
from simcli.model.plain import plain
from simcli.model.schema import CorpusData
from simcli.output.scaffold import split_bundled
from simcli.store.build import build_id
from simcli.store.cache import Entry, digest, encode
from simcli.store.load import bundled_corpus_path

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
    payload = encode(plain(forged))
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
    forged = planted.read_bytes().split(b"\n", 1)[1]
    assert marshal.loads(forged)["statements"] == []  # left as it was: not ours
    # the forgery is real: in a folder of our own, nothing but who may write keeps it out
    os.chown(shared, os.geteuid(), os.getegid())
    os.chown(planted, os.geteuid(), os.getegid())
    os.chmod(shared, 0o700)
    fooled = simcli_run("--data", "corpus.yaml", "unmet", "-f", "json", cwd=tmp_path)
    assert (fooled.stdout, fooled.stderr) == ("[]\n", "")


@as_root
@pytest.mark.parametrize(
    "above", ["another user's", "writable by all", "writable by all, sticky (as /tmp)"]
)
def test_our_cache_folder_inside_a_folder_others_can_swap_it_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, above: str
) -> None:
    # whoever may rename what is in the folder above ours can put a folder of forged
    # entries in its place between simcli's checks and its reads: it is not used
    parent = tmp_path / "parent"
    cache = parent / "cache"
    cache.mkdir(parents=True, mode=0o700)
    monkeypatch.setenv("SIMCLI_CACHE_DIR", str(cache))
    corpus = tmp_path / "corpus.yaml"
    shutil.copy(bundled_corpus_path(), corpus)
    planted = _plant_forged_corpus_entry(corpus)  # as if swapped in: ours in every way
    if above == "another user's":
        os.chown(parent, OTHER_UID, OTHER_UID)
        why = f"inside {str(parent)!r}, owned by another user (uid {OTHER_UID})"
    else:
        os.chmod(parent, 0o1777 if "sticky" in above else 0o777)
        why = f"inside {str(parent)!r}, which others may write to"
    honest = simcli_run("--data", "corpus.yaml", "--no-cache", "unmet", "-f", "json", cwd=tmp_path)
    asked = simcli_run("--data", "corpus.yaml", "unmet", "-f", "json", cwd=tmp_path)
    if "sticky" in above:  # no one else may rename our folder: it is ours, and used
        assert (asked.stdout, asked.stderr) == ("[]\n", "")
        return
    assert (asked.returncode, asked.stdout) == (honest.returncode, honest.stdout)
    assert asked.stderr == (
        f"simcli: warning: the cache folder {str(cache)!r} is {why}: running without the"
        " cache (set SIMCLI_CACHE_DIR to a folder of your own)\n"
    )
    assert planted.exists()


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
    with open(build / "simcli" / "model" / "rules.py", "a", encoding="utf-8") as rules:
        rules.write("\n# a new rule would go here\n")
    cache = tmp_path / "cache"
    corpus = tmp_path / "corpus.yaml"
    shutil.copy(bundled_corpus_path(), corpus)

    def run_build(path: Path | None) -> str:
        env = {**os.environ, "SIMCLI_CACHE_DIR": str(cache), "PYTHONPATH": str(path or "")}
        code = "import simcli, simcli.store.build; print(simcli.__version__, simcli.store.build.build_id());"
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


# --- helpers: a campaign's repository, and a pull request to it -----------------------


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org",
         "-c", "commit.gpgsign=false", *args],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def repository(root: Path, files: dict[str, str]) -> Path:
    """A git repository whose first commit (branch main) holds ``files``."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def pull_request(repo: Path) -> None:
    """The pull request's changes, committed on a branch of their own."""
    git(repo, "checkout", "-q", "-b", "pr")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "pull request")


# --- 1. tab completion runs a command written in the corpus ---------------------------


def _complete(shell: str, repo: Path, line: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "_SIMCLI_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split(" ")
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
        env["_TYPER_COMPLETE_WORD_TO_COMPLETE"] = line.rsplit(" ", 1)[-1]
    return subprocess.run([installed_simcli()], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip


def _hostile_completion_repo(tmp_path: Path) -> tuple[Path, Path]:
    from conftest import MINI

    pwned = tmp_path / "PWNED"
    repo = repository(tmp_path / "campaign", {"corpus.yaml": MINI})
    aliases = [f"\\\\$(touch {pwned})", f"$(touch {pwned})", f"`touch {pwned}`",
               f"x; touch {pwned}", "it's", "-rf", "Centre for Mental Health"]  # fmt: skip
    text = MINI.replace("aliases: [The Alpha]", "aliases: " + json.dumps(aliases))
    text = text.replace("label: Halt it", f"label: 'Halt $(touch {pwned}) `id` \\\\$x'")
    (repo / "corpus.yaml").write_text(text, encoding="utf-8")
    pull_request(repo)
    return repo, pwned


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_offers_only_shell_safe_names(tmp_path: Path, shell: str) -> None:
    repo, pwned = _hostile_completion_repo(tmp_path)
    for typed in ["", "\\\\", "$", "`", "x", "i", "C"]:
        done = _complete(shell, repo, f"simcli --data corpus.yaml demands --org {typed}")
        assert done.returncode == 0 and done.stderr == ""
        for bad in ("touch", "it's", "it''s", "-rf"):
            assert bad not in done.stdout, (typed, bad)
    done = _complete(shell, repo, "simcli --data corpus.yaml demands --org C")
    assert "Centre" in done.stdout  # a safe name with spaces is offered
    done = _complete(shell, repo, "simcli --data corpus.yaml unmet --theme h")
    assert "halt" in done.stdout  # its label keeps its safe words only
    assert not any(bad in done.stdout for bad in ("$(", "`", "$x"))
    assert not pwned.exists()


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_evaluates_what_completion_says_and_nothing_runs(tmp_path: Path) -> None:
    # typer's zsh script evals the answer, and _arguments evaluates its list again;
    # here a stand-in _arguments evaluates the list as zsh would, into an array
    repo, pwned = _hostile_completion_repo(tmp_path)
    script = (
        "_arguments() { local spec=${1#*: :\\(}; spec=${spec%\\)}; "
        'eval "local -a items=${spec}"; '
        'print -rl -- "${items[@]}"; }; '
        'eval $(env _TYPER_COMPLETE_ARGS="$LINE" _SIMCLI_COMPLETE=complete_zsh "$SIMCLI")'
    )
    found = []
    for line in [
        "simcli --data corpus.yaml demands --org ",
        "simcli --data corpus.yaml unmet --theme ",
    ]:
        env = {**os.environ, "LINE": line, "SIMCLI": installed_simcli()}
        done = subprocess.run(["zsh", "-f", "-c", script], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        assert (done.returncode, done.stderr) == (0, "")
        found.append(done.stdout)
    assert "Centre for Mental Health:Alpha Network\n" in found[0]  # one item, spaces kept
    assert "halt:Halt touch " in found[1]
    assert not pwned.exists()


def test_bash_inserts_a_name_with_spaces_as_one_word(tmp_path: Path) -> None:
    repo, _ = _hostile_completion_repo(tmp_path)
    from typer._completion_shared import get_completion_script

    script = get_completion_script(prog_name="simcli", complete_var="_SIMCLI_COMPLETE",
                                   shell="bash")  # fmt: skip
    script += (
        "\nCOMP_WORDS=(simcli --data corpus.yaml demands --org Centre); COMP_CWORD=5\n"
        '_simcli_completion "$SIMCLI"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        'eval "set -- ${COMPREPLY[0]}"; printf "%s|%s\\n" "$#" "$1"\n'
    )
    done = subprocess.run(["bash", "--norc", "-c", script], cwd=repo, capture_output=True,
                          text=True, env={**os.environ, "SIMCLI": installed_simcli()})  # fmt: skip
    assert done.stdout == "Centre\\ for\\ Mental\\ Health\n1|Centre for Mental Health\n"


# --- 2. a symlinked sources/, corpus folder or simcli.toml ----------------------------


@pytest.fixture
def secret(tmp_path: Path) -> str:
    """A file outside the repository that no output may show a line of."""
    path = tmp_path / "home" / "u" / ".netrc"
    path.parent.mkdir(parents=True)
    path.write_text("machine example.org login u password s3cret-Token-in-a-file\n")
    return str(path)


def _linking_repo(tmp_path: Path, secret: str, link: str) -> Path:
    from conftest import ALPHA_TXT, MINI

    repo = repository(tmp_path / "campaign", {"corpus.yaml": MINI, "sources/alpha.txt": ALPHA_TXT})
    # the pull request: sources/ becomes a link, and a statement's source names the secret
    shutil.rmtree(repo / "sources")
    (repo / "sources").symlink_to(link)
    name = os.path.relpath(secret, (repo / "sources").resolve())
    text = MINI.replace("source: alpha.txt", f"source: {name}")
    (repo / "corpus.yaml").write_text(text.replace("We call for", "s3cret call"))
    pull_request(repo)
    return repo


@pytest.mark.parametrize("link", ["/", "../.."])
def test_a_symlinked_sources_folder_reads_nothing_outside(
    tmp_path: Path, secret: str, link: str
) -> None:
    repo = _linking_repo(tmp_path, secret, link)
    checked = simcli_run("--data", "corpus.yaml", "check", "--sources", "sources",
                         "--format", "github", cwd=repo)  # fmt: skip
    exported = simcli_run("--data", "corpus.yaml", "export", "--format", "qdpx", "--sources",
                          "sources", "--out", "out.qdpx", cwd=repo)  # fmt: skip
    assert (checked.returncode, checked.stdout) == (2, "")
    assert (
        checked.stderr
        == "simcli: --sources: sources is a symbolic link out of its folder: not read\n"
    )
    assert (exported.returncode, exported.stdout) == (2, "")
    assert exported.stderr == checked.stderr
    assert not (repo / "out.qdpx").exists()


def test_the_library_reads_no_source_through_a_linked_folder(tmp_path: Path, secret: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from simcli.analysis.check import check_corpus

    repo = _linking_repo(tmp_path, secret, "/")
    monkeypatch.chdir(repo)
    result = check_corpus(simcli.load_corpus("corpus.yaml"), Path("sources"))
    shown = json.dumps(result.as_json()) + repr(result.findings)
    assert "password" not in shown and "s3cret-Token" not in shown
    assert [(f.code, f.message) for f in result.findings if f.code == "Q003"] == [
        ("Q003", f"source file {result_name(secret, repo)} is outside sources (a symbolic"
         " link out of it?): not read: 2 quotes not checked")
    ]  # fmt: skip


def result_name(secret: str, repo: Path) -> str:
    return os.path.relpath(secret, (repo / "sources").resolve())


@pytest.mark.parametrize("what", ["corpus folder", "corpus file", "simcli.toml"])
def test_a_symlinked_corpus_or_config_is_not_followed(
    tmp_path: Path, secret: str, what: str
) -> None:
    from conftest import MINI

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "corpus.yaml").write_text(MINI)
    (outside / "simcli.toml").write_text('[check]\nselect = ["s3cret-Token"]\n')
    repo = repository(tmp_path / "campaign", {"corpus/corpus.yaml": MINI})
    if what == "corpus folder":
        shutil.rmtree(repo / "corpus")
        (repo / "corpus").symlink_to(outside)
        data, shown = "corpus", "corpus"
    elif what == "corpus file":
        (repo / "corpus" / "corpus.yaml").unlink()
        (repo / "corpus" / "corpus.yaml").symlink_to(secret)
        data, shown = "corpus/corpus.yaml", "corpus/corpus.yaml"
    else:
        (repo / "corpus" / "simcli.toml").symlink_to(secret)
        data, shown = "corpus", "corpus/simcli.toml"
    pull_request(repo)
    done = simcli_run("--data", data, "check", cwd=repo)
    assert done.returncode == 2
    assert "s3cret" not in done.stdout + done.stderr
    if what == "simcli.toml":
        assert done.stdout == (
            f"{shown}: F004 a symbolic link out of the corpus folder: not read"
            " (put the file itself here)\n"
        )
    else:
        assert done.stdout == (
            f"{shown}: F004 a symbolic link out of the current folder: not read"
            " (name the file itself)\n"
        )


# --- 4. diff --git --fail-on removed silenced by a moved corpus ------------------------


def _campaign(tmp_path: Path) -> Path:
    files = {f"corpus/{name}": text for name, text in split_bundled()}
    return repository(tmp_path / "campaign", files)


def test_a_corpus_moved_and_linked_back_is_compared_with_the_base(tmp_path: Path) -> None:
    repo = _campaign(tmp_path)
    git(repo, "mv", "corpus", "data")
    (repo / "data" / "peerhub-2021-04.yaml").unlink()  # the statement the change removes
    (repo / "corpus").symlink_to("data")
    pull_request(repo)
    done = simcli_run("--data", "corpus", "diff", "--git", "main", "--fail-on", "removed",
                      "-f", "json", "--as-of", "2024-01-01", cwd=repo)  # fmt: skip
    assert done.returncode == 1, done.stderr
    doc = json.loads(done.stdout)
    assert doc["records"]["statements"] == {
        "added": [],
        "removed": ["peerhub-2021-04"],
        "modified": [],
    }
    assert doc["unmet_before"] > 0


def test_a_corpus_git_cannot_find_at_the_base_is_an_error_not_all_new(tmp_path: Path) -> None:
    repo = _campaign(tmp_path)
    git(repo, "mv", "corpus", "data")
    pull_request(repo)
    done = simcli_run("--data", "data", "diff", "--git", "main", "--fail-on", "removed",
                      cwd=repo)  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "simcli: --git main: git cannot find data in main (a corpus moved, or new since then,"
        " cannot be compared with it: compare two folders, simcli diff OLD NEW)\n"
    )


# --- 8. the old revision read differently from the loader -------------------------------


def test_an_unchanged_corpus_with_odd_names_and_a_link_diffs_as_unchanged(tmp_path: Path) -> None:
    files = {f"corpus/{name}": text for name, text in split_bundled()}
    files["corpus/café-2021.yaml"] = files.pop("corpus/nsun-2021-04.yaml")  # quoted by ls-tree
    files["corpus/PEERHUB.YAML"] = files.pop("corpus/peerhub-2021-04.yaml")  # the loader reads it
    files["corpus/texts/cmh.yaml.txt"] = files.pop("corpus/cmh-2021-05-19.yaml")
    repo = repository(tmp_path / "campaign", files)
    (repo / "corpus" / "cmh.yaml").symlink_to("texts/cmh.yaml.txt")  # a link check accepts
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a linked statement")
    assert simcli_run("--data", "corpus", "check", cwd=repo).returncode == 0
    pull_request(repo)  # nothing changed
    done = simcli_run("--data", "corpus", "diff", "--git", "main", "--fail-on", "any",
                      "-f", "json", "--as-of", "2024-01-01", cwd=repo)  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    doc = json.loads(done.stdout)
    assert doc["changed"] is False
    assert doc["unmet_before"] == doc["unmet_after"] > 0


def test_a_link_out_of_the_corpus_at_the_base_is_refused_as_the_loader_refuses_it(
    tmp_path: Path, secret: str
) -> None:
    repo = _campaign(tmp_path)
    (repo / "corpus" / "leak.yaml").symlink_to(secret)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a link out")
    pull_request(repo)
    done = simcli_run("--data", "corpus", "diff", "--git", "main", cwd=repo)
    assert done.returncode == 2 and "s3cret" not in done.stdout + done.stderr
    assert done.stderr.startswith("main:corpus/leak.yaml: F004 ")


# --- 7. diff --git ignores the documented limits ----------------------------------------


def _logging_git(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A PATH on which ``git`` logs each run, then runs the real git."""
    shim, log = tmp_path / "bin", tmp_path / "git.log"
    shim.mkdir()
    (shim / "git").write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {shutil.which("git")} "$@"\n')
    (shim / "git").chmod(0o755)
    return {"PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}, log


def test_diff_git_reads_the_old_tree_with_one_cat_file(tmp_path: Path) -> None:
    repo = _campaign(tmp_path)
    statement = (repo / "corpus" / "bigspd-2023.yaml").read_text()
    for n in range(300):  # 300 more files, each a statement of its own
        text = statement.replace("bigspd-2023", f"copy-{n}").replace("bigspd-", f"copy-{n}-")
        (repo / "corpus" / f"copy-{n}.yaml").write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "many files")
    pull_request(repo)
    env, log = _logging_git(tmp_path)
    cache = tmp_path / "cache"
    env |= {"SIMCLI_CACHE_DIR": str(cache), "SIMCLI_INDEX_FROM": "0"}
    done = simcli_run("--data", "corpus", "diff", "--git", "main", "-f", "json", cwd=repo, **env)
    assert done.returncode == 0, done.stderr
    runs = log.read_text().splitlines()
    assert [r.split()[2] for r in runs if r.startswith("-C")].count("cat-file") == 1
    assert len(runs) <= 5 and not [r for r in runs if " show " in f" {r} "]
    # the working tree's index alone: none of the copy thrown away after the diff
    assert len(list(cache.glob("simcli-index-*.sqlite"))) == 1


def test_diff_git_refuses_a_file_too_large_before_reading_it(tmp_path: Path) -> None:
    repo = _campaign(tmp_path)
    with open(repo / "corpus" / "huge.yaml", "wb") as huge:  # 51 MiB: over the 50 MiB cap
        huge.write(b"# " + b"x" * (51 * 1024 * 1024) + b"\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a huge file")
    (repo / "corpus" / "huge.yaml").unlink()
    pull_request(repo)
    done = simcli_run("--data", "corpus", "diff", "--git", "main", cwd=repo)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "simcli: main:corpus/huge.yaml: file is too large (more than 52,428,800 bytes): split"
        " it into a folder of smaller *.yaml files (see the README's 'Large corpora')\n"
    )


# --- 5. the pull-request comment carries injected Markdown ------------------------------

INJECTED = (
    "@octocat @github/security &rlm;&lrm;&ZeroWidthSpace;&#x202E; ~~struck~~ www.evil.example"
    " https://evil.example/x <img src=x onerror=alert(1)> [click](https://evil.example)"
    " ![i](https://evil.example/i.png) **bold** `code` $x^2$ :tada: #1 x@evil.example"
)


def test_the_pr_comment_shows_injected_markdown_as_text(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    repo = _campaign(tmp_path)
    organisations = repo / "corpus" / "organisations.yaml"
    text = organisations.read_text()
    organisations.write_text(
        text.replace("organisations:\n", "organisations:\n  - id: evil\n    name: "
                     + json.dumps(INJECTED) + "\n    kind: charity\n", 1)
    )  # fmt: skip
    statement = repo / "corpus" / "evil-2024.yaml"
    statement.write_text(
        "statements:\n  - id: evil-2024\n    org: evil\n    title: " + json.dumps(INJECTED)
        + "\n    date: 2024-01\n    summary: x\n    claims:\n      - id: evil-call\n"
        "        kind: demand\n        themes: [halt-sim]\n        target: nhs-england\n"
        "        text: " + json.dumps(INJECTED) + "\n        quote: " + json.dumps(INJECTED) + "\n"
    )  # fmt: skip
    pull_request(repo)
    done = simcli_run("--data", "corpus", "diff", "--git", "main", "--format", "markdown",
                      "--as-of", "2024-06-01", cwd=repo)  # fmt: skip
    assert done.returncode == 0, done.stderr
    comment = done.stdout
    assert comment.count("octocat") >= 2  # the name and the claim are in it
    assert INJECTED.split()[0] not in comment  # no mention as written: @ then a zero-width space
    assert comment.count("@&#8203;octocat") >= 1 and "@&#8203;github/security" in comment
    assert "https://" not in comment and "www.evil" not in comment
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(comment)
    for rendered in ("<a ", "<img", "<del", "<s>", "<strong", "<em", "<code", "<h1", "<h2"):
        assert rendered not in html.replace("<h3>", ""), rendered
    # character references are shown as written, never turned into invisible characters
    assert "\u200f" not in html and "\u200e" not in html and "\u202e" not in html
    assert "&amp;rlm;&amp;lrm;&amp;ZeroWidthSpace;" in html
    assert "~~struck~~" in html and "$x^2$" in html and "evil-call" in html
