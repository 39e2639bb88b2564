"""The bundled SIM corpus says what the sources say, no more and no less."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import simcli
from simcli.quotes import normalise, quote_parts


@pytest.fixture(scope="module")
def corpus() -> simcli.Corpus:
    return simcli.load_corpus()


def test_the_six_statements_of_five_texts(corpus: simcli.Corpus) -> None:
    rows = [(s.id, s.org, str(s.date), s.source) for s in corpus.statements]
    assert rows == [
        ("stopsim-2021-04-21", "stopsim", "2021-04-21", "nsun-stopsim-2021-04.txt"),
        ("nsun-2021-04", "nsun", "2021-04", "nsun-stopsim-2021-04.txt"),
        ("peerhub-2021-04", "peer-hub", "2021-04", "peer-hub-position-statement.txt"),
        ("cmh-2021-05-19", "cmh", "2021-05-19", "cmh-2021-05-19.txt"),
        ("cmh-2023-03-10", "cmh", "2023-03-10", "cmh-2023-03-10.txt"),
        ("bigspd-2023", "bigspd", "2023", "bigspd-statement.txt"),
    ]
    assert corpus.statement("nsun-2021-04").endorses == ["stopsim-2021-04-21"]
    # undated pages say so
    for statement_id in ("nsun-2021-04", "peerhub-2021-04", "bigspd-2023"):
        assert "undated" in (corpus.statement(statement_id).date_note or "")


def test_stopsim_demands_and_deadlines(corpus: simcli.Corpus) -> None:
    demands = [
        (c.id, c.themes, c.target, str(c.deadline) if c.deadline else None)
        for c in corpus.statement("stopsim-2021-04-21").claims
        if c.kind == "demand"
    ]
    assert demands == [
        ("stopsim-halt", ["halt-sim"], "nhs-england", "2021-04-21"),
        ("stopsim-independent-review", ["independent-review"], "nhs-england", None),
        ("stopsim-respond", ["respond-to-coalition"], "nhs-england", "2021-04-28"),
        ("stopsim-involvement", ["coproduction"], "nhs-england", None),
    ]


def test_outcomes_record_the_end_of_sim_and_the_unpublished_review(corpus: simcli.Corpus) -> None:
    effects = [
        (str(o.date), o.actor, e.theme, e.status)
        for o in corpus.outcomes
        for e in o.effects
        if e.theme in ("halt-sim", "publish-review", "respond-to-coalition")
    ]
    assert effects == [
        ("2021-05-11", "nhs-england", "respond-to-coalition", "met"),
        ("2023-03-10", "nhs-england", "halt-sim", "met"),
        ("2023-03-10", "nhs-england", "publish-review", "refused"),
    ]
    # no outcome meets the calls the sources leave open
    touched = {e.theme for o in corpus.outcomes for e in o.effects}
    assert touched.isdisjoint({"reallocate-funding", "publish-evidence"})


def test_every_claim_is_quoted_and_paraphrased(corpus: simcli.Corpus) -> None:
    for _, claim in corpus.claims():
        assert normalise(claim.text) != normalise(claim.quote), claim.id
        # a sentence or less: no sentence break inside a quote
        assert not re.search(r"[.!?] +[A-Z]", claim.quote), claim.id
        assert len(claim.quote) <= 200, claim.id
        if claim.kind == "demand":
            assert claim.target, claim.id


def test_codebook_has_the_briefs_themes(corpus: simcli.Corpus) -> None:
    ids = {t.id for t in corpus.themes}
    assert ids >= {
        "halt-sim",
        "independent-review",
        "publish-review",
        "publish-evidence",
        "governance-account",
        "reallocate-funding",
        "coproduction",
        "respond-to-coalition",
        "end-coercion",
    }
    assert all(t.description and t.keywords for t in corpus.themes)


# Sentences that carry a cue word but make no claim of their own, and why.
NOT_CLAIMS = {
    "updated: centre for mental health responds to the serenity integrated mentoring (sim) model": (
        "page title"
    ),
    "we call on nhs england to:": "introduces the list of demands, each a claim",
    "communications should be directed to contact@stopsim.co.uk.": (
        "where to send the reply asked for in stopsim-respond"
    ),
    "this should never have been necessary.": "remark on cmh23-stopsim-led, paraphrased there",
}
CUE = re.compile(
    r"\b(call for|calls for|call on|we call|must|should|needs? to|is needed|would like to see"
    r"|expect|urge|invite|halt|respond|welcome|concern|disappointed)",
    re.IGNORECASE,
)


def _sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        out += [s for s in re.split(r"(?<=[.!?”])\s+(?=[A-Z“‘])", line) if s.strip()]
    return out


def test_no_call_in_the_sources_is_missing(corpus: simcli.Corpus, shared_sources: Path) -> None:
    missing = []
    for path in sorted(shared_sources.glob("*.txt")):
        quotes = [c.quote for s in corpus.statements if s.source == path.name for c in s.claims]
        ids = {s.id for s in corpus.statements if s.source == path.name}
        quotes += [e.quote for o in corpus.outcomes for e in o.evidence if e.statement in ids]
        parts = [p for q in quotes for p in quote_parts(q)]
        for sentence in _sentences(path.read_text(encoding="utf-8")):
            norm = normalise(sentence)
            if not CUE.search(sentence) or norm in NOT_CLAIMS:
                continue
            if not any(p in norm or norm in p for p in parts):
                missing.append(f"{path.name}: {sentence}")
    assert missing == []
