"""`simcli report` of a large indexed corpus, read from the store a batch at a time
(issue 27): its page and companion CSV are those of the whole corpus, byte for byte."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

import simcli.output.report.streamed as streamed_module
from simcli.analysis.status import StatusIndex
from simcli.store import batches, looks

#: a statement whose date and ordering contradict each other (dated before what it
#: comes after): the warning, and statuses that leave it out
CONTRADICTED = """version: 1
statements:
  - id: st-late
    org: nsun
    title: Too early
    date: 2019-01
    after: [stopsim-2021-04-21]
    summary: Dated before what it comes after.
    claims:
      - id: st-late-c0
        kind: demand
        themes: [halt-sim]
        target: nhs
        text: Halt it.
        quote: Halt it.
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of 600 synthetic statements (endorsements among them), the bundled
    corpus's (orderings, evidence, events, effects that name claims) and a
    contradicted one: more than a page can list."""
    path = tmp_path_factory.mktemp("streamed") / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "600", "--split", str(path)],
        check=True,
    )
    shutil.copy(ROOT / "data" / "statements.yaml", path / "zz-sim.yaml")
    (path / "zz-zz-late.yaml").write_text(CONTRADICTED, encoding="utf-8")
    return path


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many reports were read a batch at a time; batches of 37 statements."""
    calls: list[int] = []
    real = streamed_module.streamed_briefing

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(streamed_module, "streamed_briefing", counted)
    monkeypatch.setattr(batches, "BATCH", 37)
    return calls


def _written(
    run, out: Path, data: tuple[str, ...], day: str, env: dict[str, str] | None = None
) -> tuple[bytes, bytes, list[str]]:
    """The page and companion CSV a report writes into a folder of its own, and what
    it says on stderr (the folder's name left out)."""
    out.mkdir()
    page = out / "brief.html"
    result = run(*data, "report", "--out", str(page), "--force", "--as-of", day, env=env)
    assert result.exit_code == 0, result.output
    said = result.stderr.replace(str(out), "OUT").splitlines()
    return page.read_bytes(), (out / "brief.csv").read_bytes(), said


@pytest.mark.parametrize("day", ["2019-06-01", "2021-05-01", "2023-03-15", "2026-11-24"])
def test_a_report_read_a_batch_at_a_time_is_the_whole_corpus_s(
    run, folder: Path, tmp_path: Path, taken: list[int], day: str
) -> None:
    indexed = {"SIMCLI_INDEX_FROM": "0"}
    data = ("--data", str(folder))
    streamed = _written(run, tmp_path / "s", data, day, env=indexed)
    assert taken == [1]
    whole = _written(run, tmp_path / "w", ("--no-cache", *data), day)
    assert taken == [1]
    assert streamed == whole
    assert any("contradict each other (stopsim-2021-04-21, st-late)" in s for s in streamed[2])
    md = run(*data, "report", "-f", "markdown", "--as-of", day, env=indexed)
    assert md.exit_code == 0 and taken == [1, 1]
    whole_md = run("--no-cache", *data, "report", "-f", "markdown", "--as-of", day)
    assert md.stdout == whole_md.stdout and md.stderr == whole_md.stderr


def test_a_large_file_is_read_a_batch_at_a_time_once_it_is_indexed(
    run, tmp_path: Path, taken: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(looks, "RACY_NS", 0)  # a file just written counts as looked at
    path = tmp_path / "large.yaml"
    with path.open("w", encoding="utf-8") as out:
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "300"],
            stdout=out,
            check=True,
        )
    indexed = {"SIMCLI_INDEX_FROM": "0"}
    data = ("--data", str(path))
    first = _written(run, tmp_path / "first", data, "2026-11-24", env=indexed)
    assert taken == []  # no index yet: a file is indexed by a question that selects
    assert run(*data, "demands", "--org", "O7", "--format", "json", env=indexed).exit_code == 0
    assert _written(run, tmp_path / "then", data, "2026-11-24", env=indexed) == first
    assert taken == [1]


def test_a_small_indexed_corpus_is_reported_whole(run, tmp_path: Path, taken: list[int]) -> None:
    path = tmp_path / "small"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "150", "--split", str(path)],
        check=True,
    )
    result = run("--data", str(path), "report", "-f", "markdown", env={"SIMCLI_INDEX_FROM": "0"})
    assert result.exit_code == 0 and "## Every claim, with its quote" in result.stdout
    assert taken == []


def test_a_large_report_reads_the_statuses_kept(
    run, folder: Path, tmp_path: Path, taken: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    indexed = {"SIMCLI_INDEX_FROM": "0"}
    data = ("--data", str(folder))
    day = "2023-03-15"
    assert run(*data, "unmet", "--as-of", day, "-f", "json", env=indexed).exit_code == 0
    whole = _written(run, tmp_path / "w", ("--no-cache", *data), day)

    def derived(*args: object) -> None:
        raise AssertionError("a status was derived")

    monkeypatch.setattr(StatusIndex, "status", derived)  # the statuses kept are read
    assert _written(run, tmp_path / "s", data, day, env=indexed) == whole
    assert taken == [1]
