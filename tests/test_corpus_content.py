"""The bundled SIM corpus says what the sources say, no more and no less."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import simcli
from simcli.sources.quotes import normalise, quote_parts


@pytest.fixture(scope="module")
def corpus() -> simcli.Corpus:
    return simcli.load_corpus()


def test_the_six_statements_of_five_texts(corpus: simcli.Corpus) -> None:
    rows = [(s.id, s.org, str(s.date), s.source) for s in corpus.statements]
    assert rows == [
        ("stopsim-2021-04-21", "stopsim", "2021-04-21", "nsun-stopsim-2021-04.txt"),
        ("nsun-2021-04", "nsun", "2021-04", "nsun-stopsim-2021-04.txt"),
        # "spring 2021" is all the sources say: the year, after the coalition's statement
        ("peerhub-2021-04", "peer-hub", "2021", "peer-hub-position-statement.txt"),
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


def test_outcomes_record_the_letter_and_the_unpublished_review(corpus: simcli.Corpus) -> None:
    effects = [
        (o.id, e.theme, e.status, tuple(e.claims)) for o in corpus.outcomes for e in o.effects
    ]
    assert effects == [
        ("nhse-reply-2021-05-11", "respond-to-coalition", "met", ()),
        # trusts asked to review SIM: context beside CMH's later call for dates
        ("nhse-reply-2021-05-11", "trust-reviews", "partly-met", ()),
        ("nhse-national-review-2021", "national-review", "met", ()),
        ("nhse-national-review-2021", "coproduction", "partly-met", ("stopsim-involvement",)),
        # one rule for the letter: a direction to stop, with no source that it stopped
        # (addressed to NHS trusts: it acts on demands made of the NHS too; no call
        # asks for an end to discrimination, so that direction is in the note only)
        ("nhse-position-2023-03-10", "halt-sim", "partly-met", ()),
        ("nhse-position-2023-03-10", "end-police-in-care", "partly-met", ()),
        ("nhse-position-2023-03-10", "end-coercion", "partly-met", ()),
        ("nhse-review-unpublished-2023-03-10", "publish-review", "refused", ()),
        # keeping the report unpublished refuses Peer Hub's call for a transparent review
        ("nhse-review-unpublished-2023-03-10", "transparent-review", "refused", ()),
        (
            "nhse-review-unpublished-2023-03-10",
            "coproduction",
            "partly-met",
            ("stopsim-involvement",),
        ),
    ]
    # no outcome meets the calls the sources leave open
    touched = {e.theme for o in corpus.outcomes for e in o.effects if e.theme != "trust-reviews"}
    assert touched.isdisjoint(
        {"reallocate-funding", "publish-evidence", "cease-funding", "independent-review",
         "trust-reviews", "user-led-alternatives"}
    )  # fmt: skip
    # the events the texts mention, with no effect on any call
    events = [(o.id, str(o.date), o.actor) for o in corpus.outcomes if not o.effects]
    assert events == [
        ("nhse-endorses-sim-2016", "2016", "nhs-england"),
        ("hampshire-police-data-2017", "2017", "hampshire-police"),
        ("sim-bigspd-conference-2017", "2017", "high-intensity-network"),
    ]
    # every contested judgement says why, in a note
    for o in corpus.outcomes:
        if any(e.status == "partly-met" for e in o.effects) or o.actor != "nhs-england":
            assert o.note or all(e.note for e in o.effects), o.id


def test_appeals_are_not_demands(corpus: simcli.Corpus) -> None:
    appeals = [(c.id, c.target) for _, c in corpus.claims() if c.kind == "appeal"]
    assert appeals == [
        ("nsun-mailing-list", "public"),
        ("nsun-sign-petition", "public"),
        ("peerhub-invite-commissioners", "commissioners"),
    ]


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


# --- the answers the sources support (issue: trustworthy answers) -------------------
def _json(run, *args: str):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cmhs_may_2021_calls_are_open_on_30_june_2021(run) -> None:
    rows = _json(run, "demands", "--org", "CMH", "--as-of", "2021-06-30")
    status = {r["id"]: (r["status"], r["status_outcome"]) for r in rows}
    for claim_id in ("cmh21-national-review", "cmh21-evaluate", "cmh21-review-dates"):
        assert status[claim_id] == ("open", None), claim_id


def test_the_national_review_answers_the_call_for_it_from_the_end_of_2021(run) -> None:
    def national(day: str) -> tuple[str, str | None]:
        row = _json(run, "show", "cmh21-national-review", "--as-of", day)
        return row["status"], row["status_outcome"]

    assert national("2021-12-30") == ("open", None)
    assert national("2021-12-31") == ("met", "nhse-national-review-2021")


def test_unmet_counts_accountability_demands_only(run) -> None:
    groups = _json(run, "unmet", "--as-of", "2026-11-23")
    ids = {d["id"] for g in groups for d in g["demands"]}
    assert "nsun-sign-petition" not in ids and "peerhub-invite-commissioners" not in ids
    assert len(ids) == 19  # of 21 demands: only stopsim-respond and cmh21-national-review are met
    table = run("unmet", "--as-of", "2026-11-23").stdout.splitlines()
    assert table[-1] == "19 unmet demands on 15 themes as of 2026-11-23"


def test_publish_review_is_unmet_since_bigspds_call_of_2023(run) -> None:
    # CMH's words of 10 March 2023 are a concern (they ask no one to act); BIGSPD's
    # page is dated only 2023, so its call is open at least since 31 December 2023
    group = _json(run, "unmet", "--as-of", "2026-11-23", "--theme", "publish-review")[0]
    assert (group["status"], group["since"], group["open_days"]) == ("open", "2023", 1058)
    assert [(d["id"], d["open_days"]) for d in group["demands"]] == [
        ("bigspd-release-findings", 1058),
    ]
    assert group["latest_outcome"]["id"] == "nhse-review-unpublished-2023-03-10"
    assert group["latest_outcome"]["why_not"] == "it came before the demand was made"


def test_bigspd_has_no_demand_before_it_was_certainly_made(run) -> None:
    assert _json(run, "demands", "--org", "BIGSPD", "--as-of", "2023-03-09") == []
    assert _json(run, "unmet", "--org", "BIGSPD", "--as-of", "2023-02-01") == []
    # dated 2023, after the letter: possibly made from 10 March, certainly by 31 December
    assert _json(run, "demands", "--org", "BIGSPD", "--as-of", "2023-03-10") == []
    rows = _json(run, "demands", "--org", "BIGSPD", "--as-of", "2023-12-31")
    assert [r["id"] for r in rows] == ["bigspd-release-findings", "bigspd-governance-account"]


def test_the_timeline_puts_the_review_after_its_calls_and_bigspd_after_the_letter(run) -> None:
    order = [e["id"] for e in _json(run, "timeline")]
    assert order == [
        "nhse-endorses-sim-2016",
        "hampshire-police-data-2017",
        "sim-bigspd-conference-2017",
        "stopsim-2021-04-21",
        "nsun-2021-04",
        "peerhub-2021-04",
        "nhse-reply-2021-05-11",
        "cmh-2021-05-19",
        "nhse-national-review-2021",
        "nhse-position-2023-03-10",
        "nhse-review-unpublished-2023-03-10",
        "cmh-2023-03-10",
        "bigspd-2023",
    ]


def test_the_review_dates_and_funding_calls_are_not_met(run) -> None:
    for claim_id in ("cmh21-review-dates", "peerhub-cease-funding"):
        row = _json(run, "show", claim_id, "--as-of", "2026-11-23")
        assert (row["status"], row["status_outcome"]) == ("open", None), claim_id


@pytest.mark.parametrize("day", ["2021-12-31", "2022-06-30", "2026-11-23"])
def test_a_national_review_never_meets_an_independent_review(run, day: str) -> None:
    rows = _json(run, "demands", "--theme", "independent-review", "--as-of", day)
    assert rows and all(r["status"] not in ("met", "partly-met") for r in rows)
    for row in rows:
        shown = _json(run, "show", row["id"], "--as-of", day)
        entry = next(t for t in shown["theme_status"] if t["theme"] == "independent-review")
        assert (entry["status"], entry["outcome"]) == ("open", None), row["id"]


def test_every_judgement_call_in_the_claims_has_a_note(corpus: simcli.Corpus) -> None:
    for claim_id in (
        "peerhub-transparent-review", "cmh21-take-seriously", "cmh21-evaluate",
        "bigspd-coproduced-doubt", "bigspd-see-through", "stopsim-longer-statement",
        "peerhub-invite-commissioners",
    ):  # fmt: skip
        assert corpus.claim(claim_id).note, claim_id


def test_titles_we_wrote_are_marked(corpus: simcli.Corpus) -> None:
    ours = [s.id for s in corpus.statements if s.title_ours]
    assert ours == ["nsun-2021-04", "cmh-2023-03-10"]
    assert corpus.statement("nsun-2021-04").shown_title.startswith("[")


def test_show_gives_no_status_before_a_demand_was_made(run) -> None:
    doc = _json(run, "show", "bigspd-release-findings", "--as-of", "2023-02-01")
    assert (doc["status"], doc["open_days"]) == (None, None)
    table = run("show", "bigspd-release-findings", "--as-of", "2023-02-01").stdout
    assert "status        not yet made as of 2023-02-01 (it can date from 2023-03-10)" in table


def test_appeals_have_a_letter_in_the_matrix(run) -> None:
    doc = _json(run, "compare")
    assert doc["kinds"]["support-coalition"] == {
        "nsun": ["appeal", "position"],
        "peer-hub": ["position", "commitment"],
    }
    table = run("compare").stdout
    assert "user-led-alternatives" in table and "D demand, a appeal, c concern" in table
