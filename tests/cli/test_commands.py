"""The analysis commands through the CLI runner: exact rows, formats and exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest

DEMAND_FIELDS = {
    "id", "statement", "org", "org_name", "endorsed_by", "via", "via_org", "date", "kind",
    "themes", "target", "text", "quote", "deadline", "status", "status_date", "status_outcome",
}  # fmt: skip


def as_json(run, *args: str):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_demands_of_nsun_include_endorsed_stopsim_demands(run) -> None:
    rows = as_json(run, "demands", "--org", "NSUN")
    # NSUN's page carries the coalition's statement of 21 April, so it comes after it;
    # the petition is an appeal to readers, not a demand
    assert [(r["id"], r["org"], r["via"]) for r in rows] == [
        ("stopsim-halt", "stopsim", "nsun-2021-04"),
        ("stopsim-independent-review", "stopsim", "nsun-2021-04"),
        ("stopsim-respond", "stopsim", "nsun-2021-04"),
        ("stopsim-involvement", "stopsim", "nsun-2021-04"),
        ("nsun-halt", "nsun", None),
        ("nsun-independent-review", "nsun", None),
    ]
    assert all(set(r) >= DEMAND_FIELDS for r in rows)
    assert rows[0]["endorsed_by"] == ["nsun"]
    # the 2023 letter directs that SIM no longer be used; no source says its use ended
    assert (rows[0]["status"], rows[0]["status_date"], rows[0]["status_outcome"]) == (
        "partly-met",
        "2023-03-10",
        "nhse-position-2023-03-10",
    )


@pytest.mark.parametrize("name", ["nsun", "National Survivor User Network", "NSUN"])
def test_org_names_give_the_same_rows(run, name: str) -> None:
    assert run("demands", "--org", name).stdout == run("demands", "--org", "NSUN").stdout


def test_own_leaves_out_endorsed(run) -> None:
    rows = as_json(run, "demands", "--org", "NSUN", "--own")
    assert [r["id"] for r in rows] == ["nsun-halt", "nsun-independent-review"]


def test_unknown_org_exits_2_with_suggestions(run) -> None:
    result = run("demands", "--org", "Nnsun")
    assert result.exit_code == 2
    assert result.stderr == "simcli: unknown organisation 'Nnsun'; did you mean 'nsun'?\n"
    result = run("demands", "--org", "Centre for Mental Heath")
    assert result.stderr == (
        "simcli: unknown organisation 'Centre for Mental Heath';"
        " did you mean 'Centre for Mental Health'?\n"
    )


def test_demand_filters(run) -> None:
    ids = lambda *a: [r["id"] for r in as_json(run, "demands", *a)]  # noqa: E731
    # the one call to publish: CMH's words of 10 March 2023 are a concern, and BIGSPD's
    # closing sentence states a belief (a position)
    assert ids("--theme", "publish-review") == ["bigspd-release-findings"]
    assert ids("--target", "commissioners") == []  # the invitation is an appeal
    assert ids("--target", "commissioners", "--kind", "appeal") == ["peerhub-invite-commissioners"]
    assert ids("--kind", "appeal") == [
        "nsun-mailing-list", "nsun-sign-petition", "peerhub-invite-commissioners"
    ]  # fmt: skip
    # the call to publish came after the decision not to: it cannot answer it; keeping
    # the report unpublished refuses Peer Hub's call for a transparent review
    assert ids("--status", "refused", "--as-of", "2026-11-22") == ["peerhub-transparent-review"]
    assert ids("--kind", "welcome", "--org", "BIGSPD") == ["bigspd-welcome-letter"]
    assert ids("--as-of", "2021-04-30", "--org", "CMH") == []  # CMH had not spoken yet


def test_bad_options_exit_2(run) -> None:
    assert run("demands", "--as-of", "2021-02-30").stderr == (
        "simcli: --as-of: day 30 does not exist in February 2021 (it has 28 days)\n"
    )
    assert run("demands", "--kind", "wish").exit_code == 2
    assert run("demands", "--format", "xml").exit_code == 2
    assert run("unmet", "--theme", "publsh-review").stderr == (
        "simcli: unknown theme 'publsh-review';"
        " did you mean 'publish-review' or 'publish-evidence'?\n"
    )


def test_unmet_today_flags_the_unpublished_review_not_halting(run) -> None:
    groups = as_json(run, "unmet", "--as-of", "2026-11-22")
    by_theme = {g["theme"]: g for g in groups}
    # the letter directed an end to SIM; no source records that its use ended
    assert by_theme["halt-sim"]["status"] == "partly-met"
    publish = by_theme["publish-review"]
    # the decision not to publish came before the call to publish: context, not an answer
    latest = publish["latest_outcome"]
    assert (publish["status"], publish["since"], publish["open_days"]) == ("open", "2023", 1057)
    assert (latest["id"], latest["answers"], latest["why_not"]) == (
        "nhse-review-unpublished-2023-03-10",
        False,
        "it came before the demand was made",
    )
    assert {d["org"] for d in publish["demands"]} == {"bigspd"}
    assert set(publish) == {
        "theme", "label", "status", "statuses", "since", "open_days", "deadline_passed",
        "as_of", "latest_outcome", "demands",
    }  # fmt: skip
    assert publish["statuses"] == {"open": 1}
    coproduction = by_theme["coproduction"]
    assert (coproduction["status"], coproduction["statuses"]) == ("partly-met", {"partly-met": 1})
    assert list(by_theme) == [
        "halt-sim", "cease-funding", "independent-review", "trust-reviews", "transparent-review",
        "publish-review", "publish-evidence", "governance-account", "reallocate-funding",
        "user-led-alternatives", "coproduction", "end-coercion", "end-police-in-care",
        "compassionate-care", "evidence-based-policy",
    ]  # fmt: skip
    # the petition and the invitation to commissioners are appeals: nobody can be held to them
    ids = {d["id"] for g in groups for d in g["demands"]}
    assert ids.isdisjoint({"nsun-sign-petition", "peerhub-invite-commissioners"})


def test_unmet_early_2022_lists_halting_with_passed_deadline(run) -> None:
    groups = as_json(run, "unmet", "--as-of", "2022-01-01")
    halt = next(g for g in groups if g["theme"] == "halt-sim")
    assert halt["deadline_passed"] is True
    stopsim = next(d for d in halt["demands"] if d["id"] == "stopsim-halt")
    assert (stopsim["deadline"], stopsim["deadline_passed"]) == ("2021-04-21", True)
    assert [g["theme"] for g in groups][:3] == ["halt-sim", "cease-funding", "independent-review"]


def test_unmet_table_and_fail_on_unmet(run) -> None:
    result = run("unmet", "--as-of", "2026-11-22", "--theme", "publish-review", "--fail-on-unmet")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "Publish the review [publish-review]: 1 open; unmet since 2023 (1,057 days)"
    )
    assert result.stdout.splitlines()[-1] == "1 unmet demand on 1 theme as of 2026-11-22"
    ok = run("unmet", "--as-of", "2026-11-22", "--theme", "respond-to-coalition", "--fail-on-unmet")
    assert (ok.exit_code, ok.stdout) == (0, "No unmet demands as of 2026-11-22\n(none)\n")


def test_unmet_csv_rows(run) -> None:
    result = run("unmet", "--as-of", "2022-01-01", "--theme", "halt-sim", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["demand"], r["org"], r["deadline"], r["deadline_passed"]) for r in rows] == [
        ("stopsim-halt", "stopsim", "2021-04-21", "true"),
        ("nsun-halt", "nsun", "", "true"),  # the theme's deadline_passed
        ("peerhub-suspend", "peer-hub", "2021", "true"),  # spring 2021: dated by the year
    ]


def test_compare_all_demanding_orgs(run) -> None:
    doc = as_json(run, "compare")
    assert doc["orgs"] == ["stopsim", "nsun", "peer-hub", "cmh", "bigspd"]
    assert doc["shared_by_all"] == []
    assert doc["unique"]["peer-hub"] == [
        "cease-funding",
        "transparent-review",
        "reallocate-funding",
        "user-led-alternatives",
    ]
    assert doc["agreement"][0] == {
        "a": "stopsim", "b": "nsun", "jaccard": 1.0,
        "shared": ["halt-sim", "independent-review", "coproduction", "respond-to-coalition"],
    }  # fmt: skip
    assert doc["matrix"]["publish-review"] == {
        "cmh": ["cmh23-publish-review", "cmh23-coproduced-review-unpublished", "cmh23-review-of-how"],
        "bigspd": ["bigspd-release-findings", "bigspd-letter-unsupported",
                   "bigspd-lessons-through-publication"],
    }  # fmt: skip
    assert doc["kinds"]["halt-sim"]["cmh"] == ["welcome"]


def test_compare_two_cmh_statements_side_by_side(run) -> None:
    doc = as_json(run, "compare", "--by", "statement", "--org", "CMH")
    assert doc["statements"] == ["cmh-2021-05-19", "cmh-2023-03-10"]
    assert doc["side_by_side"] == {
        "a": "cmh-2021-05-19",
        "b": "cmh-2023-03-10",
        "both": ["end-coercion", "compassionate-care", "evidence-based-policy",
                 "credit-campaigners"],
        "only_a": ["independent-review", "national-review", "trust-reviews", "publish-evidence",
                   "end-discrimination"],
        "only_b": ["halt-sim", "publish-review", "governance-account", "coproduction",
                   "end-police-in-care"],
    }  # fmt: skip
    assert doc["agreement"] == [
        {"a": "cmh-2021-05-19", "b": "cmh-2023-03-10", "jaccard": 0.0, "shared": []}
    ]
    table = run("compare", "--by", "statement", "--org", "CMH").stdout
    assert (
        "Side by side" in table and "Only CMH 2023-03-10 raises: halt-sim, publish-review," in table
    )


def test_views(run) -> None:
    orgs = as_json(run, "orgs")
    assert [(o["id"], o["demands"], o["targeted_by"]) for o in orgs][:2] == [
        ("stopsim", 4, 0), ("nsun", 2, 0)
    ]  # fmt: skip
    assert next(o for o in orgs if o["id"] == "nhs-england")["targeted_by"] == 18
    assert [s["id"] for s in as_json(run, "statements", "--org", "cmh")] == [
        "cmh-2021-05-19", "cmh-2023-03-10"
    ]  # fmt: skip
    themes = {t["id"]: t for t in as_json(run, "themes")}
    assert (themes["publish-review"]["demands"], themes["publish-review"]["orgs"]) == (
        1,
        ["cmh", "bigspd"],
    )
    timeline = as_json(run, "timeline", "--from", "2023", "--to", "2023-03")
    # the letter and the decision first, then CMH's reaction "today", then BIGSPD's
    # page (dated only 2023), which discusses the letter
    assert [(e["date"], e["type"], e["id"]) for e in timeline] == [
        ("2023-03-10", "outcome", "nhse-position-2023-03-10"),
        ("2023-03-10", "outcome", "nhse-review-unpublished-2023-03-10"),
        ("2023-03-10", "statement", "cmh-2023-03-10"),
        ("2023", "statement", "bigspd-2023"),
    ]


def test_show_claim_statement_outcome(run) -> None:
    claim = as_json(run, "show", "stopsim-respond", "--as-of", "2026-11-22")
    assert (claim["status"], claim["deadline"], claim["deadline_passed"]) == (
        "met",
        "2021-04-28",
        True,
    )
    assert claim["theme_status"][0]["outcome"] == "nhse-reply-2021-05-11"
    statement = as_json(run, "show", "bigspd-2023")
    assert (statement["org"], len(statement["claims"])) == ("bigspd", 11)
    outcome = as_json(run, "show", "nhse-position-2023-03-10")
    assert outcome["url"].startswith("https://www.england.nhs.uk/publication/")
    missing = run("show", "stopsim-hlat")
    assert missing.exit_code == 2
    assert missing.stderr == (
        "simcli: unknown statement, claim or outcome 'stopsim-hlat'; did you mean 'stopsim-halt'?\n"
    )


def test_csv_and_markdown_on_real_rows(run) -> None:
    result = run("demands", "--org", "BIGSPD", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["id"], r["status"], r["themes"]) for r in rows] == [
        ("bigspd-release-findings", "open", "publish-review"),
        ("bigspd-governance-account", "open", "governance-account"),
    ]
    md = run("demands", "--org", "BIGSPD", "--format", "markdown").stdout.splitlines()
    assert md[0] == "| Claim / In our words | By | Asks / themes | Status |"
    assert md[1] == "| --- | --- | --- | --- |"
    assert md[2] == (
        "| bigspd-release-findings<br>The findings of NHS England's review of SIM should be made"
        " public. | BIGSPD<br>2023 | of nhs-england<br>publish-review | open |"
    )


def test_output_is_deterministic(run) -> None:
    first = run("compare", "--format", "json").stdout
    assert all(run("compare", "--format", "json").stdout == first for _ in range(3))


def test_quotes_table_shows_every_quote_in_full_at_80_columns(run) -> None:
    import simcli

    corpus = simcli.load_corpus()
    result = run("demands", "--quotes", "--kind", "all")
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    flat = " ".join(result.stdout.split())
    for _, claim in corpus.claims():
        assert " ".join(f'"{claim.quote}"'.split()) in flat or all(
            word in flat for word in claim.quote.split()
        ), claim.id
    # within the first column, each quote reads whole and in order (only wrapped)
    table = run(
        "demands", "--quotes", "--org", "BIGSPD", env={"COLUMNS": "100"}
    ).stdout.splitlines()
    cut = table[0].index("By")
    column = " ".join(line[:cut].strip() for line in table[2:])
    for claim in corpus.statements_of("bigspd")[0].claims:
        if claim.kind == "demand":
            assert f'{claim.id} "{claim.quote}"' in column


def test_unmet_org_filter_counts_endorsed(run) -> None:
    groups = as_json(run, "unmet", "--as-of", "2022-01-01", "--org", "NSUN")
    assert [(g["theme"], [d["id"] for d in g["demands"]]) for g in groups] == [
        ("halt-sim", ["stopsim-halt", "nsun-halt"]),
        ("independent-review", ["stopsim-independent-review", "nsun-independent-review"]),
        ("coproduction", ["stopsim-involvement"]),
    ]


def test_compare_named_statements_and_as_of(run) -> None:
    doc = as_json(
        run, "compare", "--by", "statement",
        "--statement", "stopsim-2021-04-21", "--statement", "peerhub-2021-04",
    )  # fmt: skip
    assert doc["statements"] == ["stopsim-2021-04-21", "peerhub-2021-04"]
    assert doc["agreement"][0]["shared"] == ["halt-sim", "independent-review"]
    early = as_json(run, "compare", "--as-of", "2021-04-30")
    # CMH and BIGSPD had not spoken; Peer Hub's page (spring 2021) may not have been written
    assert early["orgs"] == ["stopsim", "nsun"]


COMMANDS = [
    ["demands"], ["unmet", "--as-of", "2026-11-22"], ["compare"], ["orgs"], ["statements"],
    ["themes"], ["timeline"], ["show", "cmh-2023-03-10"],
]  # fmt: skip
CSV_HEADERS = {
    "demands": "id,statement,org,org_name,endorsed_by,via,via_org,date,kind,themes,target,text,quote,"
    "note,deadline,deadline_note,status,status_date,status_outcome,open_days,deadline_passed,as_of,url",
    "unmet": "theme,label,status,since,open_days,deadline_passed,as_of,latest_outcome,"
    "latest_outcome_date,demand,org,via,via_org,statement,date,target,deadline,quote",
    "compare": "table,theme,org,other_org,value",
    "orgs": "id,name,short,aliases,kind,url,statements,claims,demands,targeted_by",
    "statements": "id,org,org_name,title,title_ours,date,earliest,latest,date_note,after,url,"
    "source,endorses,endorsed_by,summary,claims,demands",
    "themes": "id,label,description,keywords,claims,demands,orgs",
    "timeline": "date,earliest,latest,type,id,who,title,detail",
    "show": "record,id,org,org_name,title,title_ours,date,earliest,latest,date_note,after,url,"
    "source,endorses,endorsed_by,summary,demands,as_of,statement,via,via_org,kind,themes,target,text,"
    "quote,note,deadline,deadline_note,status,status_date,status_outcome,open_days,"
    "deadline_passed",
}


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_every_format_of_every_command(run, args: list[str]) -> None:
    table = run(*args)
    assert table.exit_code == 0 and table.stdout.strip()
    doc = json.loads(run(*args, "--format", "json").stdout)
    assert doc
    text = run(*args, "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text)))
    assert ",".join(rows[0]) == CSV_HEADERS[args[0]]
    assert len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows)
    md = run(*args, "--format", "markdown").stdout
    pipe_lines = [line for line in md.splitlines() if line.startswith("|")]
    assert pipe_lines and all(line.endswith("|") for line in pipe_lines)
    assert "| --- |" in md


def test_compare_refuses_too_many_statements_with_a_clear_message(run, write, monkeypatch) -> None:
    import simcli.analysis.compare

    monkeypatch.setattr(simcli.analysis.compare, "MAX_COLUMNS", 3)
    result = run("compare", "--by", "statement")
    assert (result.exit_code, result.stderr) == (
        2,
        "simcli: compare --by statement compares at most 3 statements at once (6 chosen):"
        " name them with --statement, or narrow with --org\n",
    )
    assert run("compare", "--by", "statement", "--org", "CMH").exit_code == 0


def test_tsv_is_csvs_table_separated_by_tabs(run) -> None:
    result = run("themes", "--format", "tsv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "id\tlabel\tdescription\tkeywords\tclaims\tdemands\torgs",
        "halt-sim\tHalt SIM\tStop or suspend the delivery and rollout of Serenity Integrated"
        " Mentoring and of similar models under other names.\thalt;stop;suspend;suspension;close;"
        "end;rollout;no longer be used\t7\t3\tstopsim;nsun;peer-hub;cmh;bigspd",
    ]


def test_tsv_escapes_what_would_break_a_row(run, write) -> None:
    from conftest import MINI

    write(MINI.replace("text: The scheme harms people.", 'text: "a\\tb\\\\c =d"'))
    result = run("--data", "c.yaml", "demands", "--kind", "all", "-f", "tsv")
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert {len(row) for row in rows} == {23}
    assert rows[2][11] == "a\\tb\\\\c =d"
    export = run("--data", "c.yaml", "export", "-f", "tsv")
    assert export.stdout.splitlines()[0].startswith("type\tid\tstatement\t")


def test_tsv_keeps_a_row_on_one_line(run, write) -> None:
    from conftest import MINI

    write(MINI.replace("text: The scheme harms people.", 'text: "two\\nlines"'))
    rows = run("--data", "c.yaml", "demands", "--kind", "all", "-f", "tsv").stdout.splitlines()
    assert len(rows) == 3 and rows[2].split("\t")[11] == "two\\nlines"


def test_an_organisation_that_only_receives_demands_points_to_target(run) -> None:
    result = run("demands", "--org", "NHS England")
    assert (result.exit_code, result.stderr) == (
        2,
        "simcli: --org: NHS England makes no demands; it is the target of 18: try --target NHSE\n",
    )


def test_a_reversed_range_is_refused(run) -> None:
    result = run("timeline", "--from", "2023", "--to", "2021")
    assert (result.exit_code, result.stderr) == (
        2,
        "simcli: --to: 2021 is before --from 2023: give the earlier date first\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["demands", "--org", "Nope"],
            "simcli: unknown organisation 'Nope'; no name is close; simcli orgs lists every"
            " organisation\n",
        ),
        (
            ["demands", "--org", "Mind"],
            "simcli: unknown organisation 'Mind'; no name is close; simcli orgs lists every"
            " organisation\n",
        ),
        (
            ["show", "halt-sim"],
            "simcli: unknown statement, claim or outcome 'halt-sim'; 'halt-sim' is a theme:"
            " try simcli demands --theme halt-sim\n",
        ),
        (
            ["show", "stopsim-halt2"],
            "simcli: unknown statement, claim or outcome 'stopsim-halt2';"
            " did you mean 'stopsim-halt'?\n",
        ),
    ],
)
def test_suggestions_only_when_close_and_of_the_same_kind(run, args, message: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, message)


def test_compare_csv_holds_every_table_and_says_agreement_in_words(run) -> None:
    shown = run("compare", "--org", "NSUN", "--org", "StopSIM", "-f", "csv").stdout.splitlines()
    tables = {line.split(",")[0] for line in shown[1:]}
    assert tables == {"themes_raised", "shared_by_all", "agreement", "side_by_side"}
    assert (
        "agreement,halt-sim;independent-review;coproduction;respond-to-coalition,nsun,stopsim,1.000"
        in shown
    )
    table = run("compare", "--org", "NSUN", "--org", "StopSIM", env={"COLUMNS": "160"}).stdout
    assert "4 of 4 demand themes (1.00)" in table
    assert "(StopSIM's, which NSUN endorses)" in " ".join(table.split())  # says whose it is


def test_diff_csv_holds_every_table(run) -> None:
    from conftest import ROOT

    other = str(ROOT / "tests" / "data" / "libraries" / "corpus")
    rows = run("diff", str(ROOT / "data" / "statements.yaml"), other, "-f", "csv").stdout
    kinds = {line.split(",")[0] for line in rows.splitlines()[1:]}
    assert {"added", "removed", "new_demand", "unmet_demands"} <= kinds


def test_json_that_depends_on_the_day_says_which(run) -> None:
    day = ["--as-of", "2024-01-01", "-f", "json"]
    demand = json.loads(run("demands", *day).stdout)[0]
    assert demand["as_of"] == "2024-01-01"
    concern = json.loads(run("demands", "--kind", "concern", *day).stdout)[0]
    assert concern["as_of"] is None  # a concern has no status to date
    assert json.loads(run("unmet", *day).stdout)[0]["as_of"] == "2024-01-01"
    assert json.loads(run("compare", *day).stdout)["as_of"] == "2024-01-01"
    assert json.loads(run("show", "cmh-2023-03-10", *day).stdout)["as_of"] == "2024-01-01"


def test_show_keeps_its_fields_a_table_with_the_address_below(run) -> None:
    shown = run("show", "cmh-2023-03-10").stdout.splitlines()
    assert shown[1].split() == ["Field", "Value"]
    url = (
        "https://www.centreformentalhealth.org.uk/news/item/centre-mental-health-calls-"
        "nhs-england-stop-punitive-practices-people-experiencing-acute-distress/"
    )
    assert any(line.strip() in (url, f"url: {url}") for line in shown)  # whole, below


def test_a_comparison_of_one_is_refused(run) -> None:
    result = run("compare", "--org", "NSUN")
    assert (result.exit_code, result.stderr) == (
        2,
        "simcli: --org: a comparison needs two or more organisations; NSUN is the only one:"
        " add another\n",
    )


def test_a_name_that_begins_an_id_is_suggested(run) -> None:
    assert run("demands", "--theme", "halt").stderr == (
        "simcli: unknown theme 'halt'; did you mean 'halt-sim'?\n"
    )
    assert run("show", "Halt-Sim").stderr == (
        "simcli: unknown statement, claim or outcome 'Halt-Sim'; 'Halt-Sim' is a theme:"
        " try simcli demands --theme halt-sim\n"
    )


def test_show_csv_holds_the_record_and_what_it_holds(run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("show", "cmh-2023-03-10", "-f", "csv").stdout)))
    assert [r["record"] for r in rows] == ["statement"] + ["claim"] * 14
    assert rows[0]["title"].startswith("Centre for Mental Health responds")
    claim = list(csv.DictReader(io.StringIO(run("show", "stopsim-respond", "-f", "csv").stdout)))
    assert [r["record"] for r in claim] == ["claim", "theme_status"]
    assert claim[1]["status"] == "met" and "\n" not in claim[1]["note"]


def test_agreement_says_when_it_comes_from_an_endorsement(run) -> None:
    table = run("compare", "--org", "NSUN", "--org", "StopSIM", env={"COLUMNS": "200"}).stdout
    assert (
        "4 of 4 demand themes (1.00); NSUN endorses StopSIM's statement, so shares its demands"
    ) in " ".join(table.split())
