"""The questions people ask, answered true (issue 23): unmet by target, demands
counted from the day they were certainly made, effects whose ``orgs`` widen the
actor, effects that can answer nothing, and hints that are commands that work."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import MINI

import simcli
from simcli.analysis.questions import BadQuestion, demands, unmet

# an outcome by a government whose effect lists other organisations (orgs: [a, b]):
# demands made of the government, of a and of b are all answered
WIDE = """\
version: 1
themes:
  - id: law
    label: Pass the law
    description: Pass it.
organisations:
  - {id: campaign, name: The Campaign, kind: coalition}
  - {id: gov, name: The Government, short: Gov, kind: public body}
  - {id: party, name: The Party, kind: party}
  - {id: leaders, name: Party Leaders, kind: group}
  - {id: council, name: The Council, kind: public body}
statements:
  - id: call-2019
    org: campaign
    title: The call
    date: 2019-05-01
    summary: Calls on everyone to pass the law.
    claims:
      - {id: of-gov, kind: demand, themes: [law], target: gov, text: Gov should pass it., quote: pass it}
      - {id: of-party, kind: demand, themes: [law], target: party, text: The party should., quote: pass it}
      - {id: of-leaders, kind: demand, themes: [law], target: leaders, text: Leaders should., quote: pass it}
      - {id: of-council, kind: demand, themes: [law], target: council, text: Council should., quote: pass it}
outcomes:
  - id: law-passed
    date: 2020-02-01
    actor: gov
    title: The law is passed
    effects:
      - {theme: law, status: met, orgs: [party, leaders], note: Passed.}
"""


def test_orgs_widen_the_actor_of_an_effect(write) -> None:
    corpus = simcli.load_corpus(write(WIDE))
    rows = demands(corpus, as_of="2021")
    assert [(r.claim.id, r.status and r.status.status) for r in rows] == [
        ("of-gov", "met"),
        ("of-party", "met"),
        ("of-leaders", "met"),
        ("of-council", "open"),
    ]
    assert [r.claim.id for g in unmet(corpus, as_of="2021") for r in g.demands] == ["of-council"]


def test_show_says_whom_a_widened_effect_acts_on(run, write) -> None:
    write(WIDE)
    result = run("--data", "c.yaml", "show", "law-passed")
    assert "demands of gov, party, leaders" in " ".join(result.output.split())
    result = run("--data", "c.yaml", "show", "of-council")
    assert "it acts on gov, party, leaders; the demand is made of council" in " ".join(
        result.output.split()
    )


def test_check_reports_an_effect_that_can_answer_no_demand(run, write) -> None:
    # a second effect on a theme no one asked about: T006 at the effect
    write(
        WIDE.replace(
            "  - id: law\n", "  - id: other\n    label: Other\n    description: O.\n  - id: law\n"
        ).replace(
            "      - {theme: law, status: met, orgs: [party, leaders], note: Passed.}",
            "      - {theme: law, status: met, orgs: [party, leaders], note: Passed.}\n"
            "      - {theme: other, status: met, note: Also.}",
        )
    )
    result = run("--data", "c.yaml", "check")
    assert (result.exit_code, result.output.splitlines()) == (
        1,
        [
            "c.yaml:33:9: T006 outcome law-passed: effect on other can answer no demand: no"
            " demand on other made of gov",
            "c.yaml: 1 finding",
        ],
    )


def test_check_reports_an_outcome_that_answers_nothing_once(run, write) -> None:
    # its one effect is on a theme no one asked about: T007 for the outcome, not T006 too
    write(
        WIDE.replace(
            "  - id: law\n", "  - id: other\n    label: Other\n    description: O.\n  - id: law\n"
        ).replace("{theme: law, status: met, orgs: [party, leaders]", "{theme: other, status: met")
    )
    result = run("--data", "c.yaml", "check")
    assert (result.exit_code, result.output.splitlines()) == (
        1,
        [
            "c.yaml:32:7: T007 outcome law-passed: its effects can answer no demand (other: no"
            " demand on other made of gov); an outcome that answers nothing is written with"
            " 'effects: []'",
            "c.yaml: 1 finding",
        ],
    )


def test_an_effect_before_every_call_on_it_is_their_context_not_a_finding(run, write) -> None:
    # the law passed before the calls: it answers none of them, but stands beside them
    write(WIDE.replace("date: 2020-02-01", "date: 2018-02-01"))
    result = run("--data", "c.yaml", "check")
    assert (result.exit_code, result.output) == (
        0,
        "c.yaml: ok: 1 statement, 4 claims, 1 outcome, 1 theme, 5 organisations\n",
    )
    result = run("--data", "c.yaml", "unmet", "--as-of", "2020", "--theme", "law")
    assert "it came before the demand was made" in " ".join(result.output.split())


def test_the_bundled_corpus_has_no_idle_effect(run) -> None:
    result = run("check", "--select", "T006,T007")
    assert (result.exit_code, result.output) == (
        0,
        "data/statements.yaml: ok: 6 statements, 77 claims, 7 outcomes, 21 themes,"
        " 12 organisations\n",
    )


# a demand dated by year only: made some day in 2023, after an outcome of March 2023
YEAR = MINI.replace(
    "outcomes:",
    "  - id: beta-2023\n    org: alpha\n    title: A later call\n    date: 2023\n"
    "    summary: Asks again.\n    claims:\n"
    "      - {id: later-publish, kind: demand, themes: [publish], target: gov,"
    " text: Publish it., quote: publish it}\n"
    "outcomes:",
)


def test_a_demand_counts_from_the_day_it_was_certainly_made(write) -> None:
    corpus = simcli.load_corpus(write(YEAR))
    early = unmet(corpus, as_of="2023-03-31")
    assert [g.theme.id for g in early] == []
    assert [(r.claim.id, r.possibly) for r in early.possibly] == [("later-publish", True)]
    late = unmet(corpus, as_of="2024-01-01")
    assert [(g.theme.id, [r.claim.id for r in g.demands]) for g in late] == [
        ("publish", ["later-publish"])
    ]
    assert late.possibly == []
    assert [r.claim.id for r in demands(corpus, status="unmet", as_of="2023-03-31")] == []
    assert [r.claim.id for r in demands(corpus, status="unmet", as_of="2023-12-31")] == [
        "later-publish"
    ]


def test_possibly_made_demands_are_named_apart(run, write) -> None:
    write(YEAR)
    result = run("--data", "c.yaml", "unmet", "--as-of", "2023-03-31")
    assert result.exit_code == 0
    assert " ".join(result.output.split()) == (
        "No unmet demands as of 2023-03-31 (none) Not counted: 1 demand possibly made by"
        " 2023-03-31, but not certainly: later-publish (AN, made between 2023-01-01 and"
        " 2023-12-31). Ask with a later --as-of to count it."
    )
    result = run("--data", "c.yaml", "unmet", "--as-of", "2023-03-31", "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert result.stderr == (
        "simcli: note: Not counted: 1 demand possibly made by 2023-03-31, but not certainly:"
        " later-publish (AN, made between 2023-01-01 and 2023-12-31). Ask with a later"
        " --as-of to count it.\n"
    )
    result = run("--data", "c.yaml", "show", "later-publish", "--as-of", "2023-03-31")
    assert (
        "status possibly made by 2023-03-31, not certainly (made between 2023-01-01 and"
        " 2023-12-31): not counted"
    ) in " ".join(result.output.split())


def test_compare_counts_only_what_was_certainly_said(run) -> None:
    result = run("compare", "--as-of", "2023-03-31", "--format", "json")
    doc = __import__("json").loads(result.stdout)
    assert "bigspd" not in doc["orgs"]
    assert "bigspd-release-findings (BIGSPD, made between 2023-03-10 and 2023-12-31)" in (
        result.stderr
    )
    later = __import__("json").loads(run("compare", "--as-of", "2024", "--format", "json").stdout)
    assert "bigspd" in later["orgs"]


def test_bundled_bigspd_demands_count_only_once_certainly_made(run) -> None:
    early = run("unmet", "--as-of", "2023-03-31", "--format", "json")
    late = run("unmet", "--as-of", "2024-01-01", "--format", "json")
    early_ids = {d["id"] for g in __import__("json").loads(early.stdout) for d in g["demands"]}
    late_ids = {d["id"] for g in __import__("json").loads(late.stdout) for d in g["demands"]}
    assert not any(i.startswith("bigspd-") for i in early_ids)
    assert "bigspd-release-findings" in late_ids
    assert "bigspd-release-findings (BIGSPD, made between 2023-03-10 and 2023-12-31)" in (
        early.stderr
    )


def test_unmet_by_target(run) -> None:
    result = run("unmet", "--target", "NHSE", "--as-of", "2026-12-07", "--format", "json")
    groups = __import__("json").loads(result.stdout)
    targets = {d["target"] for g in groups for d in g["demands"]}
    assert (result.exit_code, targets) == (0, {"nhs-england"})
    every = run("demands", "--target", "NHSE", "--status", "unmet", "--as-of", "2026-12-07")
    listed = {
        d["id"]
        for d in __import__("json").loads(
            run(
                "demands", "--target", "NHSE", "--status", "unmet", "--as-of", "2026-12-07",
                "--format", "json",
            ).stdout
        )
    }  # fmt: skip
    assert every.exit_code == 0
    assert {d["id"] for g in groups for d in g["demands"]} == listed
    # who asked is in every row
    assert all(d["org_name"] for g in groups for d in g["demands"])


def test_unmet_for_an_organisation_that_makes_no_demands_points_to_target(run) -> None:
    result = run("unmet", "--org", "NHS England")
    assert (result.exit_code, result.output) == (
        2,
        "simcli: --org: NHS England makes no demands; it is the target of 18: try --target NHSE\n",
    )


def test_unmet_target_in_the_library(write) -> None:
    corpus = simcli.load_corpus(write(WIDE))
    groups = unmet(corpus, as_of="2019-06", targets=["council", "The Party"])
    assert [r.claim.id for g in groups for r in g.demands] == ["of-party", "of-council"]
    with pytest.raises(BadQuestion, match="try --target Gov"):
        unmet(corpus, orgs=["gov"])


_HINT = re.compile(r"try (simcli [^()\n]*?)(?:\s*\(|$)")


@pytest.mark.parametrize(
    "args",
    [
        ["show", "NHSE"],
        ["show", "nsun"],
        ["show", "Centre for Mental Health"],
        ["show", "halt-sim"],
        ["unmet", "--org", "NHS England"],
        ["demands", "--org", "nhse"],
    ],
)
def test_every_hint_is_a_command_that_works(run, args: list[str]) -> None:
    """A hint the tool prints is run as it is printed, and answers (exit 0)."""
    result = run(*args)
    assert result.exit_code == 2
    message = result.output.strip()
    hinted = _HINT.findall(message)
    if not hinted:  # "try --target X": the same command with --target for --org
        option = re.search(r"try (--target \S+)", message)
        assert option is not None, message
        index = args.index("--org")
        hinted = [shlex.join(["simcli", args[0], *args[1:index], *shlex.split(option[1])])]
    for command in hinted:
        words = shlex.split(command)
        assert words[0] == "simcli"
        answer = run(*words[1:])
        assert answer.exit_code == 0, (command, answer.output)
        assert answer.stdout.strip()


def test_a_theme_says_which_of_its_demands_its_latest_outcome_answers(run, write) -> None:
    # an outcome narrowed to one claim: the theme's other demand stays open, and the
    # theme says how many stand where and which one the outcome answers
    write(
        WIDE.replace(
            "{theme: law, status: met, orgs: [party, leaders], note: Passed.}",
            "{theme: law, status: partly-met, claims: [of-gov], note: In part.}",
        )
    )
    group = __import__("json").loads(
        run("--data", "c.yaml", "unmet", "--as-of", "2021", "--format", "json").stdout
    )[0]
    assert (group["status"], group["statuses"]) == ("open", {"partly-met": 1, "open": 3})
    assert group["latest_outcome"]["answers_only"] == ["of-gov"]
