"""simcli.analysis.questions: what the command line asks, as plain functions, and the
README's Python example run as written."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re

import pytest
from conftest import ROOT

import simcli
from simcli.analysis.questions import BadQuestion, check, compare, demands, show, timeline, unmet

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _expected(comment: str) -> object:
    """The literal a README comment starts with (``# 'open'``, ``# [1, 2]: why``)."""
    text = comment.strip()
    for end in range(len(text), 0, -1):
        try:
            return ast.literal_eval(text[:end])
        except (ValueError, SyntaxError):
            continue
    raise AssertionError(f"no value in the comment {comment!r}")


def test_the_readme_python_example_runs_and_says_what_it_gives() -> None:
    block = re.search(r"<!-- python: questions -->\n```python\n(.*?)```", README, re.S)
    assert block is not None
    names: dict[str, object] = {"corpus": simcli.load_corpus()}
    lines = block.group(1).splitlines()
    checked = 0
    for n, line in enumerate(lines):
        if not line or line.startswith("#"):
            continue
        code, _, inline = line.partition("  # ")
        try:
            tree = ast.parse(code, mode="eval")
        except SyntaxError:
            exec(code, names)  # an import or an assignment
            continue
        value = eval(compile(tree, "README", "eval"), names)
        comment = inline or (lines[n + 1][2:] if n + 1 < len(lines) else "")
        assert value == _expected(comment), code
        checked += 1
    assert checked == 7


def test_the_answers_are_the_commands_answers(run) -> None:
    corpus = simcli.load_corpus()
    day = dt.date(2024, 1, 1)
    rows = demands(corpus, orgs=["CMH"], as_of=day)
    shown = run("demands", "--org", "CMH", "--as-of", "2024-01-01", "-f", "json")
    assert [r.as_json() for r in rows] == json.loads(shown.stdout)
    groups = unmet(corpus, as_of="2024-01-01")
    shown = run("unmet", "--as-of", "2024-01-01", "-f", "json")
    assert [g.as_json() for g in groups] == json.loads(shown.stdout)
    together = compare(corpus, orgs=["NSUN", "StopSIM"], as_of=day)
    shown = run(
        "compare", "--org", "NSUN", "--org", "StopSIM", "--as-of", "2024-01-01", "-f", "json"
    )
    assert together.as_json() == json.loads(shown.stdout)
    entries = timeline(corpus, "2021-04", "2021-05")
    shown = run("timeline", "--from", "2021-04", "--to", "2021-05", "-f", "json")
    assert [e.as_json() for e in entries] == json.loads(shown.stdout)
    before = show(corpus, "stopsim-respond", as_of="2021-04-30")
    after = show(corpus, "stopsim-respond", as_of="2021-05")  # NHS England replied on 11 May
    assert after.as_of == dt.date(2021, 5, 31)
    assert [r.status.status for r in (*before.rows, *after.rows) if r.status] == ["open", "met"]


def test_a_demand_asked_about_before_it_was_made_has_no_status() -> None:
    record = show(simcli.load_corpus(), "cmh23-publish-review", as_of="2022")
    assert record.rows[0].status is None


@pytest.mark.parametrize(
    ("ask", "message"),
    [
        (lambda c: demands(c, kind="wish"), "kind: 'wish' is not one of: demand, appeal,"),
        (lambda c: demands(c, status="done"), "status: 'done' is not one of: open, partly-met,"),
        (lambda c: compare(c, by="theme"), "by: 'theme' is not one of: org, statement"),
        (lambda c: timeline(c, "March 2023"), "from: 'March 2023' is not a date like 2021,"),
        (lambda c: unmet(c, as_of="soon"), "as-of: 'soon' is not a date like 2021"),
    ],
)
def test_a_question_that_cannot_be_answered_says_why(ask, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        ask(simcli.load_corpus())
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, BadQuestion)


def test_one_name_will_do_for_a_list_and_a_folder_may_be_a_string(shared_sources) -> None:
    corpus = simcli.load_corpus()
    assert demands(corpus, orgs="NSUN") == demands(corpus, orgs=["NSUN"])
    assert check(corpus, sources=str(shared_sources), ignore="T").quotes_found == 87
    with pytest.raises(BadQuestion, match="ignore: no rule 'Q01'"):
        check(corpus, ignore="Q01")


def test_today_is_decided_in_one_place(monkeypatch) -> None:
    """Every answer's default day is simcli.model.dates.as_of_day's."""
    import simcli.model.dates

    real = dt.date

    class AnyDate(type):  # a real date is still a date while the class is swapped
        def __instancecheck__(cls, value: object) -> bool:
            return isinstance(value, real)

    class Frozen(real, metaclass=AnyDate):
        @classmethod
        def today(cls) -> dt.date:
            return real(2021, 5, 1)

    monkeypatch.setattr(simcli.model.dates._dt, "date", Frozen)
    corpus = simcli.load_corpus()
    assert show(corpus, "stopsim-halt").as_of == dt.date(2021, 5, 1)
    assert unmet(corpus)[0].open_days == unmet(corpus, as_of="2021-05-01")[0].open_days


def test_check_reads_simcli_toml_as_the_command_line_does(write) -> None:
    from conftest import MINI

    path = write(MINI.replace("text: The scheme harms people.", "text: TODO"))
    (path.parent / "simcli.toml").write_text('[check]\nignore = ["D"]\n')
    corpus = simcli.load_corpus(path)
    assert ([f.code for f in check(corpus).findings], [f.code for f in check(corpus).ignored]) == (
        [],
        ["D001"],
    )
    assert [f.code for f in check(corpus, select=["D001"]).findings] == ["D001"]


def test_days_and_moments_are_taken_as_dates() -> None:
    corpus = simcli.load_corpus()
    moment = dt.datetime(2021, 5, 31, 12, 0)
    assert show(corpus, "stopsim-respond", as_of=moment).as_of == dt.date(2021, 5, 31)
    may = timeline(corpus, dt.date(2021, 5, 1), dt.datetime(2021, 5, 31, 23, 59))
    assert [e.id for e in may] == [e.id for e in timeline(corpus, "2021-05", "2021-05")]


def test_no_module_but_dates_asks_what_today_is() -> None:
    package = ROOT / "simcli"
    asking = sorted(
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if re.search(r"date\.today\(|datetime\.now\(|date\.fromtimestamp\(", p.read_text("utf-8"))
    )
    assert asking == ["model/dates.py"]


def test_diff_since_a_git_revision(tmp_path, monkeypatch) -> None:
    import shutil
    import subprocess

    from conftest import MINI

    from simcli.store.revision import diff_since

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.chdir(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], check=True)
    (tmp_path / "c.yaml").write_text(MINI)
    subprocess.run(["git", "add", "c.yaml"], check=True)
    subprocess.run([*git, "commit", "-qm", "corpus"], check=True)
    (tmp_path / "c.yaml").write_text(MINI.replace("text: The scheme harms people.", "text: Harm."))
    change = diff_since("HEAD", "c.yaml", as_of="2024")
    assert change.records["claims"].modified == ["alpha-worry"]
