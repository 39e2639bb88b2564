"""Status derivation in the library: per theme, latest effect on or before the date."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import MINI
from hypothesis import given, settings
from hypothesis import strategies as st

import simcli
from simcli.analysis.status import StatusIndex

TWO_THEMES = MINI.replace(
    "        themes: [halt]\n        target: gov",
    "        themes: [halt, publish]\n        target: gov",
).replace(
    "      - {theme: halt, status: met, note: Stopped.}",
    "      - {theme: halt, status: met, note: Stopped.}\n"
    "  - id: gov-refuses\n    date: 2022-06\n    actor: gov\n    title: Refuses to publish\n"
    "    effects:\n      - {theme: publish, status: refused, note: No.}",
)


@pytest.fixture
def two(write) -> simcli.Corpus:
    return simcli.load_corpus(write(TWO_THEMES))


def status(corpus: simcli.Corpus, day: str):
    claim = corpus.claim("alpha-halt")
    return StatusIndex(corpus).status(claim, dt.date.fromisoformat(day))


def test_open_before_any_outcome(two: simcli.Corpus) -> None:
    s = status(two, "2021-12-31")
    assert (s.status, s.outcome, s.open_days) == ("open", None, 245)  # from 30 April 2021


def test_partly_met_when_one_theme_is_met(two: simcli.Corpus) -> None:
    s = status(two, "2022-01-05")
    assert (s.status, s.outcome.id, [t.status for t in s.themes]) == (
        "partly-met",
        "gov-stops",
        ["met", "open"],
    )


def test_refused_outranks_met_and_month_outcomes_count_from_month_end(two) -> None:
    assert status(two, "2022-06-29").status == "partly-met"  # June not over yet
    s = status(two, "2022-06-30")
    assert (s.status, s.outcome.id, str(s.status_date)) == ("refused", "gov-refuses", "2022-06")


def test_met_only_when_every_theme_is_met(write) -> None:
    corpus = simcli.load_corpus(write(MINI))
    s = status(corpus, "2022-01-05")
    assert (s.status, s.open_days, s.deadline_passed) == ("met", None, None)


def test_effect_narrowed_to_claims_applies_to_those_alone(write) -> None:
    text = MINI.replace(
        "status: met, note: Stopped.}", "status: met, note: Stopped., claims: [alpha-worry]}"
    )
    corpus = simcli.load_corpus(write(text))
    assert status(corpus, "2023-01-01").status == "open"


def test_deadline_passed(write) -> None:
    text = MINI.replace(
        "        target: gov\n", "        target: gov\n        deadline: 2021-06-01\n"
    )
    corpus = simcli.load_corpus(write(text))
    assert status(corpus, "2021-06-01").deadline_passed is False
    assert status(corpus, "2021-06-02").deadline_passed is True
    assert status(corpus, "2022-02-01").deadline_passed is True  # met, but late


def test_bundled_story() -> None:
    corpus = simcli.load_corpus()
    index = StatusIndex(corpus)
    today = dt.date(2026, 11, 22)
    # the letter directs that SIM no longer be used; no source records that its use ended
    halt = index.status(corpus.claim("stopsim-halt"), today)
    assert (halt.status, str(halt.status_date), halt.deadline_passed) == (
        "partly-met",
        "2023-03-10",
        True,
    )
    # BIGSPD asked after the decision not to publish: the decision does not answer it
    publish = index.status(corpus.claim("bigspd-release-findings"), today)
    assert (publish.status, publish.outcome) == ("open", None)
    context = publish.theme("publish-review").context
    assert context is not None and context[0].id == "nhse-review-unpublished-2023-03-10"
    # Peer Hub asked for an independent, transparent review: keeping the review's report
    # unpublished refuses the transparent half; the independent half stays open
    transparent = index.status(corpus.claim("peerhub-transparent-review"), today)
    assert (transparent.status, transparent.outcome.id) == (
        "refused",
        "nhse-review-unpublished-2023-03-10",
    )
    assert [(t.theme, t.status) for t in transparent.themes] == [
        ("independent-review", "open"),
        ("transparent-review", "refused"),
    ]
    before = index.status(corpus.claim("stopsim-halt"), dt.date(2022, 1, 1))
    assert (before.status, before.deadline_passed, before.open_days) == ("open", True, 255)


def test_demand_status_is_one_call_from_a_notebook() -> None:
    from simcli.analysis.status import demand_status

    corpus = simcli.load_corpus()
    claim = corpus.claim("cmh23-publish-review")
    status = demand_status(corpus, claim, dt.date(2026, 11, 22))
    assert (status.status, status.outcome, str(status.since), status.open_days) == (
        "open",
        None,
        "2023-03-10",
        1353,
    )


@pytest.fixture(scope="module")
def synthetic() -> simcli.Corpus:
    """300 synthetic statements, and outcomes with effects on every theme."""
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from conftest import ROOT

    with tempfile.TemporaryDirectory() as place:
        path = Path(place) / "c.yaml"
        generate = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "300"]
        with path.open("w", encoding="utf-8") as out:
            subprocess.run(generate, stdout=out, check=True)
        return simcli.load_corpus(path, cache=False)


@settings(max_examples=40, deadline=None)
@given(day=st.dates(dt.date(2019, 1, 1), dt.date(2027, 12, 31)))
def test_statuses_by_bisection_are_those_of_a_full_scan(
    synthetic: simcli.Corpus, day: dt.date
) -> None:
    """Effects whose earliest day is after the as-of day are skipped by bisection;
    every status, theme by theme, is what scanning all of them gives."""
    fast = StatusIndex(synthetic)
    slow = StatusIndex(synthetic)
    slow._bisect = False
    assert fast._bisect
    for statement in synthetic.statements:
        for claim in statement.claims:
            assert fast.status(claim, day) == slow.status(claim, day)
