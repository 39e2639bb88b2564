"""Time and target in statuses: small corpora that each show one rule.

An effect answers a demand only if its outcome is known to come after the
demand (by dates that do not overlap, or by an ordering the corpus records)
and acts on the organisation the demand was made of. A coarse date never puts
a record earlier than the corpus knows it can be.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

import simcli
from simcli.analysis.status import StatusIndex
from simcli.store.load import bundled_corpus_path

HEAD = """\
version: 1
themes:
  - {id: halt, label: Halt it, description: Stop the scheme.}
  - {id: publish, label: Publish it, description: Publish the review.}
organisations:
  - {id: alpha, name: Alpha Network, short: AN, kind: charity}
  - {id: beta, name: Beta Forum, short: BF, kind: professional forum}
  - {id: gov, name: Government Body, short: GB, kind: public body}
  - {id: trusts, name: Local Trusts, kind: public bodies}
"""


def statement(sid: str, date: str, claims: str, org: str = "alpha", extra: str = "") -> str:
    return (
        f"  - id: {sid}\n    org: {org}\n    title: {sid} title\n    date: {date}\n{extra}"
        f"    summary: A statement.\n    claims:\n{claims}"
    )


def demand(cid: str, theme: str, target: str = "gov") -> str:
    return (
        f"      - id: {cid}\n        kind: demand\n        themes: [{theme}]\n"
        f"        target: {target}\n        text: Asks for {theme}.\n        quote: q {cid}\n"
    )


def outcome(oid: str, date: str, theme: str, status: str, extra: str = "") -> str:
    return (
        f"  - id: {oid}\n    date: {date}\n    actor: gov\n    title: {oid} title\n{extra}"
        f"    effects:\n      - {{theme: {theme}, status: {status}, note: Done.}}\n"
    )


def corpus_of(write, statements: list[str], outcomes: list[str]) -> simcli.Corpus:
    text = HEAD + "statements:\n" + "".join(statements) + "outcomes:\n" + "".join(outcomes)
    return simcli.load_corpus(write(text), cache=False)


def status_of(corpus: simcli.Corpus, claim_id: str, day: str) -> tuple[str, str | None]:
    s = StatusIndex(corpus).status(corpus.claim(claim_id), dt.date.fromisoformat(day))
    return s.status, s.outcome.id if s.outcome else None


STOPS = outcome("gov-stops", "2022-01-05", "halt", "met")


def test_a_demand_made_before_an_outcome_is_answered_by_it(write) -> None:
    corpus = corpus_of(
        write, [statement("early", "2021-04", demand("early-halt", "halt"))], [STOPS]
    )
    assert status_of(corpus, "early-halt", "2022-01-04") == ("open", None)
    assert status_of(corpus, "early-halt", "2022-01-05") == ("met", "gov-stops")


def test_a_demand_made_after_an_outcome_stays_open(write) -> None:
    corpus = corpus_of(write, [statement("late", "2022-03", demand("late-halt", "halt"))], [STOPS])
    s = StatusIndex(corpus).status(corpus.claim("late-halt"), dt.date(2026, 1, 1))
    assert (s.status, s.outcome) == ("open", None)
    # the outcome is still shown beside it, as context, with the reason it does not count
    context = s.theme("halt").context
    assert context is not None
    assert (context[0].id, context[2]) == ("gov-stops", "it came before the demand was made")


def test_a_same_day_demand_that_nothing_orders_stays_open(write) -> None:
    corpus = corpus_of(
        write, [statement("same", "2022-01-05", demand("same-halt", "halt"))], [STOPS]
    )
    s = StatusIndex(corpus).status(corpus.claim("same-halt"), dt.date(2026, 1, 1))
    assert s.status == "open"
    assert s.theme("halt").context is not None
    assert s.theme("halt").context[2] == "it is not known to come after the demand was made"


def test_only_the_ordering_says_the_demand_came_after(write) -> None:
    # dates overlap (the outcome is known only to the year); the statement says it
    # reacts to the outcome, so the outcome cannot answer it
    ordered = statement(
        "reacts", "2022-05", demand("reacts-halt", "halt"), extra="    after: [gov-stops-2022]\n"
    )
    unordered = statement("unordered", "2022-05", demand("unordered-halt", "halt"))
    corpus = corpus_of(
        write, [ordered, unordered], [outcome("gov-stops-2022", "2022", "halt", "met")]
    )
    assert status_of(corpus, "reacts-halt", "2026-01-01") == ("open", None)
    assert status_of(corpus, "unordered-halt", "2026-01-01") == ("open", None)


def test_an_outcome_ordered_after_the_demand_answers_it_despite_overlapping_dates(
    write,
) -> None:
    corpus = corpus_of(
        write,
        [statement("asks", "2021-05-19", demand("asks-review", "halt"))],
        [outcome("review-2021", "2021", "halt", "met", extra="    after: [asks]\n")],
    )
    assert status_of(corpus, "asks-review", "2021-06-30") == ("open", None)  # 2021 not over
    assert status_of(corpus, "asks-review", "2022-01-01") == ("met", "review-2021")


def test_an_effect_by_one_actor_leaves_a_demand_of_another_alone(write) -> None:
    claims = demand("of-gov", "halt") + demand("of-trusts", "halt", target="trusts")
    corpus = corpus_of(write, [statement("two", "2021-04", claims)], [STOPS])
    assert status_of(corpus, "of-gov", "2026-01-01") == ("met", "gov-stops")
    assert status_of(corpus, "of-trusts", "2026-01-01") == ("open", None)
    context = StatusIndex(corpus).status(corpus.claim("of-trusts"), dt.date(2026, 1, 1))
    assert context.theme("halt").context is not None
    assert context.theme("halt").context[2] == "it acts on gov; the demand is made of trusts"


def test_an_effect_that_names_organisations_answers_their_demands(write) -> None:
    # orgs widen the actor: demands of the trusts are answered, and the actor's still are
    claims = demand("of-gov", "halt") + demand("of-trusts", "halt", target="trusts")
    named = STOPS.replace("note: Done.}", "note: Done., orgs: [trusts]}")
    corpus = corpus_of(write, [statement("two", "2021-04", claims)], [named])
    assert status_of(corpus, "of-trusts", "2026-01-01") == ("met", "gov-stops")
    assert status_of(corpus, "of-gov", "2026-01-01") == ("met", "gov-stops")


YEAR_ONLY = [
    statement("early", "2021-04", demand("early-halt", "halt")),
    statement(
        "beta-2022",
        "2022",
        demand("beta-halt", "halt"),
        org="beta",
        extra="    after: [gov-stops]\n",
    ),
]


def test_a_year_only_statement_ordered_after_an_outcome_does_not_exist_before_it(
    write, run
) -> None:
    path = corpus_of(write, YEAR_ONLY, [STOPS]).path
    assert path is not None
    demands = json.loads(
        run("--data", str(path), "demands", "--as-of", "2022-01-04", "-f", "json").stdout
    )
    assert [d["id"] for d in demands] == ["early-halt"]
    # from the outcome on it may have been made, but it is counted only from 31 December
    possible = run("--data", str(path), "demands", "--as-of", "2022-01-05", "-f", "json")
    assert [(d["id"], d["status"]) for d in json.loads(possible.stdout)] == [("early-halt", "met")]
    assert "beta-halt (BF, made between 2022-01-05 and 2022-12-31)" in possible.stderr
    later = json.loads(
        run("--data", str(path), "demands", "--as-of", "2022-12-31", "-f", "json").stdout
    )
    assert [(d["id"], d["status"]) for d in later] == [("early-halt", "met"), ("beta-halt", "open")]
    unmet = json.loads(
        run("--data", str(path), "unmet", "--as-of", "2022-01-04", "-f", "json").stdout
    )
    assert [[d["id"] for d in g["demands"]] for g in unmet] == [["early-halt"]]


def test_a_year_only_statement_ordered_after_an_outcome_does_not_sort_before_it(write, run) -> None:
    path = corpus_of(write, YEAR_ONLY, [STOPS]).path
    assert path is not None
    entries = json.loads(run("--data", str(path), "timeline", "-f", "json").stdout)
    assert [(e["id"], e["date"], e["earliest"], e["latest"]) for e in entries] == [
        ("early", "2021-04", "2021-04-01", "2021-04-30"),
        ("gov-stops", "2022-01-05", "2022-01-05", "2022-01-05"),
        ("beta-2022", "2022", "2022-01-05", "2022-12-31"),
    ]
    statements = json.loads(run("--data", str(path), "statements", "-f", "json").stdout)
    assert [s["id"] for s in statements] == ["early", "beta-2022"]


def test_days_open_come_from_the_longest_open_demand(write, run) -> None:
    # a year-only demand sorts first by its date text, but the day-dated one is
    # known to have been open longer: the theme is as old as that one
    statements = [
        statement("year", "2023", demand("year-publish", "publish"), org="beta"),
        statement("day", "2023-03-10", demand("day-publish", "publish")),
    ]
    path = corpus_of(write, statements, [STOPS]).path
    assert path is not None
    groups = json.loads(
        run("--data", str(path), "unmet", "--as-of", "2026-11-23", "-f", "json").stdout
    )
    assert [(g["theme"], g["since"], g["open_days"]) for g in groups] == [
        ("publish", "2023-03-10", 1354)
    ]
    assert [(d["id"], d["open_days"]) for d in groups[0]["demands"]] == [
        ("year-publish", 1058),  # at least: counted from the last day of 2023
        ("day-publish", 1354),
    ]


def test_unmet_shows_the_latest_outcome_as_context_when_it_answers_none(write, run) -> None:
    statements = [statement("late", "2022-03", demand("late-halt", "halt"))]
    path = corpus_of(write, statements, [STOPS]).path
    assert path is not None
    groups = json.loads(
        run("--data", str(path), "unmet", "--as-of", "2023-01-01", "-f", "json").stdout
    )
    latest = groups[0]["latest_outcome"]
    assert (groups[0]["status"], latest["id"], latest["answers"], latest["why_not"]) == (
        "open",
        "gov-stops",
        False,
        "it came before the demand was made",
    )
    table = run("--data", str(path), "unmet", "--as-of", "2023-01-01").stdout
    assert (
        "Latest outcome on this theme, as context (it answers none of these demands:"
        in " ".join(table.split())
    )


# --- check: what time contradicts ------------------------------------------------------
def test_check_finds_an_ordering_the_dates_rule_out(write, run) -> None:
    statements = [
        statement(
            "early", "2021-04", demand("early-halt", "halt"), extra="    after: [gov-stops]\n"
        )
    ]
    path = corpus_of(write, statements, [STOPS]).path
    result = run("--data", str(path), "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "c.yaml:15:13: T002 statement early: early is said to come after gov-stops,"
        " but it is dated 2021-04 and gov-stops 2022-01-05"
    )


def test_check_finds_a_record_whose_earliest_day_is_after_its_latest(write, run) -> None:
    # each ordering fits the dates on its own; together they leave no day for any of them
    statements = [
        statement("first", "2021-06", demand("first-halt", "halt")),
        statement("mid", "2021", demand("mid-halt", "halt"), extra="    after: [first]\n"),
        statement("last", "2021-05", demand("last-halt", "halt"), extra="    after: [mid]\n"),
    ]
    path = corpus_of(write, statements, [STOPS]).path
    result = run("--data", str(path), "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        "c.yaml:14:11: T003 statement first: its orderings put its earliest possible day"
        " (2021-06-01) after its latest (2021-05-31)",
        "c.yaml:26:11: T003 statement mid: its orderings put its earliest possible day (2021-06-01)"
        " after its latest (2021-05-31)",
        "c.yaml:39:11: T003 statement last: its orderings put its earliest possible day (2021-06-01)"
        " after its latest (2021-05-31)",
    ]


def test_check_finds_an_effect_naming_a_claim_made_after_its_outcome(write, run) -> None:
    named = STOPS.replace("note: Done.}", "note: Done., claims: [late-halt]}")
    statements = [statement("late", "2022-03", demand("late-halt", "halt"))]
    path = corpus_of(write, statements, [named]).path
    result = run("--data", str(path), "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "c.yaml:29:58: T005 outcome gov-stops: claim late-halt (late, 2022-03) was made after this"
        " outcome, so the effect cannot answer it"
    )
    corpus = simcli.load_corpus(path, cache=False)
    assert status_of(corpus, "late-halt", "2026-01-01") == ("open", None)


def test_an_ordering_that_goes_round_in_a_circle_is_a_load_error(write, run) -> None:
    statements = [
        statement("a", "2021", demand("a-halt", "halt"), extra="    after: [b]\n"),
        statement("b", "2021", demand("b-halt", "halt"), extra="    after: [a]\n"),
    ]
    text = HEAD + "statements:\n" + "".join(statements) + "outcomes:\n" + STOPS
    result = run("--data", str(write(text)), "check")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "c.yaml:28:13: R005 statements[1].after[0]: the order goes round in a circle: a after b after a",
        "simcli: 1 problem in c.yaml; the corpus was not loaded",
    ]


# --- the bundled corpus, extended by a campaign -------------------------------------
NEWCOMER = """\
version: 1
organisations:
  - {id: newcomer, name: Newcomer Alliance, kind: charity}
statements:
  - id: newcomer-2023-06
    org: newcomer
    title: Newcomer's call
    date: 2023-06
    summary: Asks NHS England to publish the review, halt SIM and account for it.
    claims:
      - id: newcomer-publish
        kind: demand
        themes: [publish-review]
        target: nhs-england
        text: NHS England should publish its review.
        quote: q1
      - id: newcomer-halt
        kind: demand
        themes: [halt-sim, coproduction, end-coercion]
        target: nhs-england
        text: NHS England should halt SIM, with service users, and end coercion.
        quote: q2
"""


def test_a_new_statement_after_march_2023_gets_statuses_only_from_later_outcomes(
    tmp_path: Path, run
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(bundled_corpus_path(), folder / "sim.yaml")
    (folder / "newcomer.yaml").write_text(NEWCOMER, encoding="utf-8")
    rows = json.loads(
        run("--data", str(folder), "demands", "--org", "Newcomer Alliance", "--as-of",
            "2026-11-23", "-f", "json").stdout
    )  # fmt: skip
    assert [(r["id"], r["status"], r["status_outcome"]) for r in rows] == [
        ("newcomer-publish", "open", None),
        ("newcomer-halt", "open", None),
    ]
    later = NEWCOMER + (
        "outcomes:\n  - id: nhse-publishes-2024\n    date: 2024-02\n    actor: nhs-england\n"
        "    title: NHS England publishes the review\n    effects:\n"
        "      - {theme: publish-review, status: met, note: Published.}\n"
    )
    (folder / "newcomer.yaml").write_text(later, encoding="utf-8")
    rows = json.loads(
        run("--data", str(folder), "demands", "--org", "Newcomer Alliance", "--as-of",
            "2026-11-23", "-f", "json").stdout
    )  # fmt: skip
    assert [(r["id"], r["status"], r["status_outcome"]) for r in rows] == [
        ("newcomer-publish", "met", "nhse-publishes-2024"),
        ("newcomer-halt", "open", None),
    ]


@pytest.mark.parametrize(("day", "counted"), [("2023-06-01", 0), ("2023-06-30", 2)])
def test_the_newcomer_counts_once_its_month_has_ended(
    tmp_path: Path, run, day: str, counted: int
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(bundled_corpus_path(), folder / "sim.yaml")
    (folder / "newcomer.yaml").write_text(NEWCOMER, encoding="utf-8")
    before = json.loads(
        run("--data", str(folder), "demands", "--org", "newcomer", "--as-of", "2023-05-31",
            "-f", "json").stdout
    )  # fmt: skip
    during = json.loads(
        run("--data", str(folder), "demands", "--org", "newcomer", "--as-of", day,
            "-f", "json").stdout
    )  # fmt: skip
    assert (len(before), len(during)) == (0, counted)  # dated 2023-06: certain on the 30th


def test_one_definition_of_a_claim_rows_fields() -> None:
    from simcli.analysis.rows import claim_rows
    from simcli.model.fields import CLAIM_FIELDS

    corpus = simcli.load_corpus()
    assert tuple(claim_rows(corpus)[0].as_json()) == CLAIM_FIELDS


def test_show_an_event_says_it_answers_no_call(run) -> None:
    shown = run("show", "hampshire-police-data-2017").stdout.splitlines()
    assert shown[0] == "Outcome hampshire-police-data-2017"
    assert shown[-1].rstrip() == ("effects   none: an event, shown as context; it answers no call")
    doc = json.loads(run("show", "hampshire-police-data-2017", "-f", "json").stdout)
    assert (doc["type"], doc["effects"]) == ("event", [])


# --- a corpus whose dates contradict its orderings -------------------------------------
def test_contradicted_dates_answer_nothing_and_every_command_warns(
    run, write, bundled_text
) -> None:
    # the reply to the coalition redated before the statement it replies to
    text = bundled_text.replace(
        "  - id: nhse-reply-2021-05-11\n    date: 2021-05-11",
        "  - id: nhse-reply-2021-05-11\n    date: 2021-04-01",
    )
    assert text != bundled_text
    path = str(write(text))
    result = run("--data", path, "demands", "--theme", "respond-to-coalition", "-f", "json")
    assert result.exit_code == 0
    row = json.loads(result.stdout)[0]
    assert (row["id"], row["status"], row["status_outcome"]) == ("stopsim-respond", "open", None)
    assert result.stderr == (
        "simcli: warning: the dates and orderings of 2 records contradict each other"
        " (stopsim-2021-04-21, nhse-reply-2021-05-11); no status counts an outcome among them;"
        " run simcli check\n"
    )
    checked = run("--data", path, "check")
    assert checked.exit_code == 1
    assert "warning" not in checked.output
    assert [line.split(": ", 1)[1] for line in checked.stdout.splitlines()[:-1]] == [
        "T002 outcome nhse-reply-2021-05-11: nhse-reply-2021-05-11 is said to come after"
        " stopsim-2021-04-21, but it is dated 2021-04-01 and stopsim-2021-04-21 2021-04-21",
    ]


def test_check_finds_a_deadline_before_its_statement(write, run) -> None:
    claims = demand("early-halt", "halt").replace(
        "        quote: q early-halt\n",
        "        quote: q early-halt\n        deadline: 2021-04-01\n",
    )
    path = corpus_of(write, [statement("early", "2021-04-21", claims)], [STOPS]).path
    result = run("--data", str(path), "check")
    assert (result.exit_code, result.stdout.splitlines()[0]) == (
        1,
        "c.yaml:23:19: T004 claim early-halt: deadline 2021-04-01 is before the statement can have"
        " been made (2021-04-21)",
    )


def test_check_finds_a_future_date_once_not_down_the_chain(write) -> None:
    # one wrong year: the statement is then "after" everything that follows it
    statements = [
        statement("first", "2031-05-19", demand("first-halt", "halt")),
        statement("second", "2022", demand("second-halt", "halt"), extra="    after: [review]\n"),
    ]
    review = outcome("review", "2021", "halt", "met", extra="    after: [first]\n")
    corpus = corpus_of(write, statements, [review])
    from simcli.analysis.check import check_corpus

    found = check_corpus(corpus, today=dt.date(2026, 11, 23)).findings
    assert [str(f) for f in found] == [
        "c.yaml:14:11: T001 statement first: dated 2031-05-19, after today (2026-11-23)",
        "c.yaml:41:13: T002 outcome review: review is said to come after first, but it is dated"
        " 2021 and first 2031-05-19",
    ]
