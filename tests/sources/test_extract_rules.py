"""simcli extract on a new campaign's corpus (the codebook only): one test per rule
of authors, targets, kinds, dates, deadlines and drafts that always load.

Every text here is our own, a few lines long, written to show one rule.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CODEBOOK = """\
version: 1
themes:
  - id: scrap-cap
    label: Scrap the cap
    description: Scrap the two-child benefit cap.
    keywords: [scrap, cap, scrapped]
  - id: publish-plan
    label: Publish the plan
    description: Publish the child poverty plan.
    keywords: [publish, plan]
  - id: respond
    label: Respond in public
    description: Answer the campaign in public.
    keywords: [respond]
"""


@pytest.fixture
def camp(tmp_path: Path) -> Path:
    """A new campaign's corpus folder: its codebook and nothing else."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    return corpus


@pytest.fixture
def draft(run, camp: Path, tmp_path: Path):
    """draft(text) -> (the draft as JSON, stderr), extracted without --org."""

    def _draft(text: str, *args: str) -> tuple[dict, str]:
        path = tmp_path / "statement.txt"
        path.write_text(text, encoding="utf-8")
        result = run("--data", str(camp), "extract", str(path), "-f", "json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout), result.stderr

    return _draft


def demands(draft: dict) -> list[tuple[str, str | None]]:
    return [(c["quote"], c["target"]) for c in draft["claims"] if c["kind"] == "demand"]


# --- authors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "org", "name", "cue"),
    [
        ("Riverside Tenants' Alliance: statement on the Marlow Street plans\n\nWe call for a pause.\n",
         "rta", "Riverside Tenants' Alliance", "line 1 (headline)"),
        ("Statement from the Food Poverty Network\n\nWe call for a pause.\n",
         "fpn", "Food Poverty Network", "line 1 (statement from)"),
        ("Open letter from the Housing Law Group to the minister\n\nWe call for a pause.\n",
         "hlg", "Housing Law Group", "line 1 (statement from)"),
        ("BPAS says the cap must be scrapped.\n", "bpas", "BPAS", "line 1 (says)"),
        ("The Children's Commissioner for Wales has called for the cap to go.\n",
         "ccw", "Children's Commissioner for Wales", "line 1 (says)"),
        ("School leaders’ union NAHT today publishes its report.\n\nWe call for a pause.\n",
         "naht", "NAHT", "line 1 (says)"),
        ("“The cap is cruel,” says RCM.\n\nWe call for a pause.\n", "rcm", "RCM", "line 1 (says X)"),
        ("The cap is cruel.\n\nJo Bloggs, chief executive of the Child Action Trust, said the cap must go.\n",
         "cat", "Child Action Trust", "line 3 (role)"),
        ("Dear Prime Minister,\n\nWe urge you to scrap the cap.\n\nYours sincerely,\nJo Bloggs\n"
         "Chief Executive, Family Rights Group\n", "frg", "Family Rights Group", "line 7 (role)"),
        ("The cap is cruel.\n\nWe at Shelter Cymru believe the cap must go.\n",
         "shelter-cymru", "Shelter Cymru", "line 3 (we at X)"),
        ("The cap must be scrapped.\n\nAbout Mind\n\nMind is a charity.\n",
         "mind", "Mind", "line 3 (about X)"),
    ],
)  # fmt: skip
def test_the_author_is_read_from_what_real_pages_carry(draft, text, org, name, cue) -> None:
    statement, stderr = draft(text)
    assert statement["org"] == org
    assert statement["organisations"][0]["id"] == org
    assert statement["organisations"][0]["name"] == name
    assert f"simcli: organisation read as '{org}' from {cue}; set it with --org\n" in stderr


def test_an_acronym_author_is_drafted_with_its_name_spelled_out_in_the_text(draft) -> None:
    statement, _ = draft(
        "ASCL responds to the inspection review\n\n"
        "The Association of School and College Leaders calls for a pause.\n"
    )
    assert statement["organisations"][0] == {
        "id": "ascl", "name": "Association of School and College Leaders", "short": "ASCL",
        "kind": None,
    }  # fmt: skip


def test_no_author_found_drafts_org_todo_with_a_finding_never_exit_2(run, camp, tmp_path) -> None:
    (tmp_path / "anon.txt").write_text("We call for the cap to be scrapped.\n", encoding="utf-8")
    out = camp / "anon.yaml"
    result = run("--data", str(camp), "extract", str(tmp_path / "anon.txt"), "--out", str(out))
    assert result.exit_code == 0
    assert (
        "simcli: no author found in the text: the draft says org: TODO; name it with --org"
        " or write it in the draft\n"
    ) in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "    org: TODO\n" in text
    assert "  - id: anon\n" in text  # the statement is named after its file
    check = run("--data", str(camp), "check")
    assert check.exit_code == 1
    assert f"{out}:11:10: D001 statement anon: org still says TODO: write it" in (check.stdout)


# --- drafts always load ------------------------------------------------------------------


def test_unreviewed_drafts_load_check_exits_1_and_the_next_extract_works(
    run, camp, tmp_path
) -> None:
    (tmp_path / "a.txt").write_text("We call for a review.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("We call for a review too.\n", encoding="utf-8")
    for name in ("a", "b"):  # b is drafted with a's draft unreviewed in the corpus
        result = run("--data", str(camp), "extract", str(tmp_path / f"{name}.txt"),
                     "--out", str(camp / f"{name}.yaml"))  # fmt: skip
        assert result.exit_code == 0, result.output
    check = run("--data", str(camp), "check")
    assert check.exit_code == 1
    assert [line.split(": D001 ")[1] for line in check.stdout.splitlines()[:8]] == [
        "statement a: org still says TODO: write it",
        "statement a: title still says TODO: write it",
        "statement a: date still says TODO: write it",
        "statement a: summary still says TODO: write it",
        "claim a-demand: themes[0] still says TODO: name a theme of the codebook (simcli themes lists them)",
        "claim a-demand: target still says TODO: write it",
        "claim a-demand: text still says TODO: write it",
        "statement b: org still says TODO: write it",
    ]
    # the questions leave a draft out until its author, date, target and theme are written
    assert run("--data", str(camp), "demands", "--format", "json").stdout == "[]\n"


def test_a_claim_with_no_keyword_gets_a_todo_theme_not_its_neighbour_s(draft) -> None:
    statement, stderr = draft(
        "Statement from the Food Poverty Network\n\n"
        "We call on the Treasury Department to scrap the cap.\n"
        "We call on the Treasury Department to fund school meals.\n"
    )
    assert [c["themes"] for c in statement["claims"]] == [["scrap-cap"], ["TODO"]]
    assert "simcli: no codebook keyword on line 4: the theme is TODO\n" in stderr


def test_keywords_match_whole_words_only(draft) -> None:
    statement, _ = draft(
        "Statement from the Food Poverty Network\n\n"
        "We call on the Treasury Department to give a response to the captains of industry.\n"
    )
    assert statement["claims"][0]["themes"] == ["TODO"]  # not "respond", not "cap"
    assert statement["claims"][0]["keywords"] == []


# --- targets ---------------------------------------------------------------------------


def test_names_and_aliases_match_in_any_case_and_without_the_article(run, camp, draft) -> None:
    (camp / "orgs.yaml").write_text(
        "organisations:\n  - id: hmg\n    name: His Majesty's Government\n"
        "    aliases: [the Government]\n    kind: government\n",
        encoding="utf-8",
    )
    statement, _ = draft("Statement from the Food Poverty Network\n\n"
                         "We call on the government to scrap the cap.\n")  # fmt: skip
    assert demands(statement) == [("We call on the government to scrap the cap.", "hmg")]


def test_calls_on_urges_asks_writes_to_name_a_new_target(draft) -> None:
    statement, _ = draft(
        "Statement from the Food Poverty Network\n\n"
        "We urge the Department for Work and Pensions to scrap the cap.\n\n"
        "The network has written to the Treasury Select Committee asking it to publish its plan.\n"
    )
    assert demands(statement) == [
        ("We urge the Department for Work and Pensions to scrap the cap.", "dwp"),
        ("The network has written to the Treasury Select Committee asking it to publish its"
         " plan.", "tsc"),
    ]  # fmt: skip
    assert [o["name"] for o in statement["organisations"][1:]] == [
        "Department for Work and Pensions",
        "Treasury Select Committee",
    ]


def test_in_a_letter_you_is_the_addressee_and_a_guess_is_said(draft) -> None:
    statement, stderr = draft(
        "Open letter from the Food Poverty Network\n\nDear Sir Keir Starmer,\n\n"
        "We urge you to scrap the cap in the budget.\n"
    )
    assert demands(statement) == [("We urge you to scrap the cap in the budget.", "sks")]
    claim = statement["claims"][0]
    assert (claim["target_guessed"], claim["target_how"]) == (True, '"you" in a letter to sks')
    assert "simcli: line 5: target read as 'sks': \"you\" in a letter to sks; check it\n" in stderr


def test_a_target_named_earlier_in_the_paragraph_carries_to_a_passive_call(draft) -> None:
    statement, _ = draft(
        "Statement from the Food Poverty Network\n\n"
        "The Treasury Department set the cap in 2017. It must be scrapped.\n"
    )
    assert demands(statement) == [("It must be scrapped.", "treasury-department")]
    assert statement["claims"][0]["target_how"] == (
        "named earlier in the paragraph (treasury-department)"
    )


def test_the_thing_a_passive_call_acts_on_is_not_its_target(draft) -> None:
    statement, _ = draft(
        "Statement from the Food Poverty Network\n\n"
        "We call on the Treasury Department to act.\n\n"
        "The Benefit Cap Scheme must be scrapped.\n"
    )
    assert demands(statement) == [
        ("We call on the Treasury Department to act.", "treasury-department"),
        # not the scheme: the body the text's other calls ask
        ("The Benefit Cap Scheme must be scrapped.", "treasury-department"),
    ]


def test_targets_are_the_same_whatever_else_the_corpus_holds(run, camp, draft) -> None:
    text = "Statement from the Food Poverty Network\n\nWe call for the cap to be scrapped.\n"
    alone, _ = draft(text)
    (camp / "orgs.yaml").write_text(
        "organisations:\n  - id: welsh-gov\n    name: Welsh Government\n    kind: government\n",
        encoding="utf-8",
    )
    (camp / "other.yaml").write_text(
        "statements:\n  - id: other\n    org: welsh-gov\n    title: Other\n    date: 2024\n"
        "    summary: S.\n    claims:\n      - id: other-1\n        kind: demand\n"
        "        themes: [scrap-cap]\n        target: welsh-gov\n        text: T.\n"
        "        quote: Q.\n",
        encoding="utf-8",
    )
    beside, _ = draft(text)
    assert demands(alone) == demands(beside) == [("We call for the cap to be scrapped.", None)]


# --- kinds -----------------------------------------------------------------------------


def test_calls_the_author_reports_from_others_are_not_its_claims(draft) -> None:
    statement, _ = draft(
        "Statement from the Food Poverty Network\n\n"
        "Many MPs have called for the cap to be scrapped.\n"
        "“The cap must stay,” said the Prime Minister.\n"
        "We call on the Treasury Department to scrap the cap.\n"
    )
    assert [c["quote"] for c in statement["claims"]] == [
        "We call on the Treasury Department to scrap the cap."
    ]


def test_rhetoric_is_a_position_not_a_demand(draft) -> None:
    statement, _ = draft(
        "Statement from the Food Poverty Network\n\nWe must face facts about the cap.\n"
        "We need to see the cap scrapped.\n"
    )
    assert [(c["kind"], c["quote"]) for c in statement["claims"]] == [
        ("position", "We must face facts about the cap."),
        ("demand", "We need to see the cap scrapped."),
    ]


def test_asking_outweighs_standing_with(draft) -> None:
    statement, _ = draft(
        "Statement from the Food Poverty Network\n\n"
        "We're standing with children's charities to ask the government to scrap the cap.\n"
    )
    assert [(c["kind"], c["cues"]) for c in statement["claims"]] == [
        ("demand", ["asks", "stands with"])
    ]


def test_a_headline_that_repeats_a_call_of_the_body_is_proposed_once(draft) -> None:
    statement, _ = draft(
        "Charities call for the cap to be scrapped\n\n"
        "The Food Poverty Network calls on the Treasury Department to scrap the cap.\n"
    )
    assert [c["line"] for c in statement["claims"]] == [3]


def test_calls_on_supporters_and_the_public_are_appeals(draft) -> None:
    statement, _ = draft(
        "Statement from the Food Poverty Network\n\nIf you agree, please sign our petition.\n"
    )
    assert [(c["kind"], c["cues"]) for c in statement["claims"]] == [("appeal", ["please act"])]


# --- dates and deadlines -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dateline", "date", "written"),
    [
        ("19 Jul 2023", "2023-07-19", "19 Jul 2023"),
        ("Published: 13th Aug 2025", "2025-08-13", "13th Aug 2025"),
        ("July 2023", "2023-07", "July 2023"),
        ("Posted September 9, 2021, 5:43 PM", "2021-09-09", "September 9, 2021"),
        ("Date: 2025-10", "2025-10", "2025-10"),
    ],
)
def test_the_date_is_read_from_a_dateline_with_its_precision(draft, dateline, date, written):
    statement, _ = draft(f"Statement from the Food Poverty Network\n\n{dateline}\n\nWe call.\n")
    assert (statement["date"], statement["date_note"]) == (
        date,
        f'Dated "{written}" in its text (line 3): check it is the date of publication.',
    )


def test_a_date_in_the_running_text_is_not_the_statement_s_date(draft) -> None:
    statement, stderr = draft(
        "Statement from the Food Poverty Network\n\n"
        "The cap came in on 6 April 2017 and we call for it to be scrapped.\n"
    )
    assert (statement["date"], statement["id"]) == ("TODO", "statement")
    assert (
        "simcli: no date of publication found in the text: the draft says date: TODO;"
        " set it with --date or write it in the draft\n"
    ) in stderr


@pytest.mark.parametrize(
    ("call", "deadline", "note"),
    [
        ("as a matter of urgency", None, '"as a matter of urgency": urgent, with no date set.'),
        ("as soon as possible", None, '"as soon as possible": urgent, with no date set.'),
        ("within 28 days", "2024-03-29", '"within 28 days": counted from the statement\'s date.'),
        ("by April 2026", "2026-04", '"by April 2026"'),
    ],
)
def test_deadlines_and_deadline_notes(draft, call, deadline, note) -> None:
    statement, _ = draft(
        f"Statement from the Food Poverty Network\n\n1 March 2024\n\n"
        f"We call on the Treasury Department to scrap the cap {call}.\n"
    )
    claim = statement["claims"][0]
    assert (claim["deadline"], claim["deadline_note"]) == (deadline, note)


def test_a_run_of_capitalised_words_too_long_for_a_name_names_no_one(draft) -> None:
    statement, _ = draft("A" * 5000 + " says " + "Bcd " * 3000 + "\n\nWe urge Xyz to act.\n")
    assert statement["org"] == "TODO"
    assert [o["id"] for o in statement["organisations"]] == ["xyz"]
