"""Property: every answer is byte-identical with and without the store (the cache, its
SQLite index and the answers it keeps), in every format, on randomised valid corpora, the
bundled one and tests/data/libraries, after edits to the outcomes file and to the
statements' files, and across day boundaries.

Each example writes a corpus as a folder (a file of themes and organisations, files of
statements, a file of outcomes), so the index stands for it (every corpus is indexed
here), and asks questions in random formats three ways: without the cache
(``--no-cache``), with a cold cache and with the warm one. Then it edits the outcomes
file and asks again, then a statements' file (a date, a claim's themes, a statement
removed or moved to another file) and asks again; then "today" moves on (:func:`simcli.model.dates.as_of_day` is the
one place simcli decides it) and it asks again. Every answer (standard output, standard
error, exit code) must be the ``--no-cache`` answer of that corpus on that day.

CI runs a bounded, derandomised run (as tests/test_properties.py's "ci" profile);
``SIMCLI_HYPOTHESIS_PROFILE=long SIMCLI_FUZZ_EXAMPLES=2000`` runs a longer random one.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import tempfile
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import simcli.model.dates
import simcli.store.batches
import simcli.store.looks
from simcli.cli.app import app
from simcli.model.schema import CLAIM_KINDS, EFFECT_STATUSES
from simcli.read.yamlsrc import parse_yaml
from simcli.store.load import bundled_corpus_path

LONG = os.environ.get("SIMCLI_HYPOTHESIS_PROFILE", "ci") == "long"


def examples(ci: int) -> settings:
    """Bounded and derandomised in CI (about a minute of CPU for the three tests);
    random, and as many as SIMCLI_FUZZ_EXAMPLES says, in the long run."""
    return settings(
        max_examples=int(os.environ.get("SIMCLI_FUZZ_EXAMPLES", "1000")) if LONG else ci,
        derandomize=not LONG,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        database=None,
    )


#: the questions asked of each corpus: a command of each group
COMMANDS = (("demands",), ("unmet",), ("compare", "show"),
            ("orgs", "statements", "themes", "timeline", "export"))  # fmt: skip
FORMATS = ("table", "json", "csv", "tsv", "markdown")
EXPORT_FORMATS = ("json", "jsonl", "csv", "tsv", "markdown")
RUNNER = CliRunner()
Corpus = dict[str, list[dict[str, Any]]]


@pytest.fixture(autouse=True)
def files_just_written_are_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """simcli does not trust the look of a file changed in the last two seconds (it
    hashes it again); the examples here are faster than that. Each write gets a
    modification time of its own instead (see write()), so that an edit always looks
    like one, as it does when seconds pass between edits."""
    monkeypatch.setattr(simcli.store.looks, "RACY_NS", 0)
    # statuses are worked out a few statements at a time: every theme's unmet group is
    # put together from parts, as a large corpus's is
    monkeypatch.setattr(simcli.store.batches, "BATCH", 2)


# -- corpora ---------------------------------------------------------------------------

WORDS = ["halt", "review", "publish", "evidence", "police", "care", "data", "trust", "peer"]
TRICKY = [
    "a, b", 'say "no"', "pipe | bar", "=1+1", "-2", "@x", "ünïcødé", "**bold**", "[x](y)",
    "<b>x</b>", "tab\there", "two\nlines", "Trailing ", "é" * 30, "🙂",
]  # fmt: skip
TEXT = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join),
    st.sampled_from(TRICKY),
    st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]), min_size=1,
            max_size=12).filter(str.strip),
)  # fmt: skip


@st.composite
def partial_dates(draw: st.DrawFn, low: int = 2019, high: int = 2024) -> str:
    """A date known to the year, the month or the day: 2021, 2021-04, 2021-04-21."""
    day = draw(st.dates(dt.date(low, 1, 1), dt.date(high, 12, 31)))
    precision = draw(st.sampled_from(["year", "month", "day", "day"]))
    if precision == "year":
        return f"{day.year}"
    return f"{day:%Y-%m}" if precision == "month" else day.isoformat()


def _span(text: str) -> tuple[dt.date, dt.date]:
    date = simcli.model.dates.PartialDate.parse(text)
    return date.earliest(), date.latest()


def _some(draw: st.DrawFn, items: list[Any], most: int) -> list[Any]:
    if not items:
        return []
    return draw(st.lists(st.sampled_from(items), max_size=most, unique=True))


@st.composite
def corpora(draw: st.DrawFn) -> Corpus:
    """A valid corpus: records in an order every reference follows (an `after`,
    `endorses` or evidence only ever points the same way), so no ordering goes round
    in a circle; dates, orderings and deadlines that can all hold (at most the
    warnings `check` gives), and every demand with a target."""
    n_orgs, n_themes = draw(st.integers(2, 5)), draw(st.integers(1, 4))
    themes = [
        {"id": f"theme-{t}", "label": draw(TEXT), "description": draw(TEXT)}
        | ({"keywords": [draw(TEXT)]} if draw(st.booleans()) else {})
        for t in range(n_themes)
    ]
    orgs: list[dict[str, Any]] = []
    for o in range(n_orgs):
        org: dict[str, Any] = {"id": f"org-{o}", "name": f"Organisation {o} {draw(TEXT)}"}
        if draw(st.booleans()):
            org["short"] = f"O{o}"
        if draw(st.booleans()):
            org["aliases"] = [f"Org number {o}"]
        org["kind"] = draw(st.sampled_from(["charity", "public body", "coalition"]))
        if draw(st.booleans()):
            org["url"] = f"https://example.org/org-{o}/"
        orgs.append(org)
    org_ids = [o["id"] for o in orgs]
    theme_ids = [str(t["id"]) for t in themes]
    statements: list[dict[str, Any]] = []
    outcomes: list[dict[str, Any]] = []
    dates: dict[str, str] = {}
    for r in range(draw(st.integers(1, 9))):
        date = draw(partial_dates())
        earlier = [i for i, d in dates.items() if _span(d)[0] <= _span(date)[1]]
        if draw(st.integers(0, 3)) == 0:  # an outcome
            outcomes.append(_outcome(draw, f"outcome-{r}", date, earlier, org_ids, statements))
            dates[f"outcome-{r}"] = date
        else:
            statements.append(_statement(draw, r, date, earlier, org_ids, theme_ids))
            dates[f"st-{r}"] = date
    for outcome in outcomes:  # evidence: a statement that records the outcome comes after it
        later = [s["id"] for s in statements if _after_in_order(s["id"], outcome["id"])]
        later = [i for i in later if _span(dates[i])[1] >= _span(outcome["date"])[0]]
        for statement in _some(draw, later, 2):
            outcome.setdefault("evidence", []).append({"statement": statement, "quote": draw(TEXT)})
    corpus: Corpus = {"themes": themes, "organisations": orgs, "statements": statements}
    corpus["outcomes"] = outcomes
    return corpus


def _after_in_order(statement: str, outcome: str) -> bool:
    return int(statement.split("-")[1]) > int(outcome.split("-")[1])


def _statement(
    draw: st.DrawFn, r: int, date: str, earlier: list[str], orgs: list[str], themes: list[str]
) -> dict[str, Any]:
    statement: dict[str, Any] = {"id": f"st-{r}", "org": draw(st.sampled_from(orgs))}
    statement["title"] = draw(TEXT)
    if draw(st.integers(0, 4)) == 0:
        statement["title_ours"] = True
    statement["date"] = date
    if after := _some(draw, earlier, 2):
        statement["after"] = after
    if endorses := _some(draw, [i for i in earlier if i.startswith("st-")], 2):
        statement["endorses"] = endorses
    if draw(st.booleans()):
        statement["url"] = f"https://example.org/statements/{r}"
    statement["summary"] = draw(TEXT)
    claims = []
    for c in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from([*CLAIM_KINDS, "demand", "demand"]))
        claim: dict[str, Any] = {"id": f"st-{r}-c{c}", "kind": kind}
        claim["themes"] = draw(
            st.lists(st.sampled_from(themes), min_size=1, max_size=2, unique=True)
        )
        if kind == "demand" or draw(st.integers(0, 5)) == 0:
            claim["target"] = draw(st.sampled_from(orgs))
        claim["text"], claim["quote"] = draw(TEXT), draw(TEXT)
        if kind == "demand" and draw(st.booleans()):  # a deadline after the statement
            first = _span(date)[1]
            deadline = draw(partial_dates(first.year, first.year + 3))
            if _span(deadline)[1] >= first:
                claim["deadline"] = deadline
        claims.append(claim)
    statement["claims"] = claims
    return statement


def _outcome(
    draw: st.DrawFn,
    oid: str,
    date: str,
    earlier: list[str],
    orgs: list[str],
    statements: list[dict[str, Any]],
) -> dict[str, Any]:
    outcome: dict[str, Any] = {"id": oid, "date": date, "actor": draw(st.sampled_from(orgs))}
    outcome["title"] = draw(TEXT)
    if after := _some(draw, earlier, 2):
        outcome["after"] = after
    if draw(st.booleans()):
        outcome["url"] = "https://example.org/outcomes/" + oid
    outcome["effects"] = [
        _effect(draw, outcome, orgs, statements) for _ in range(draw(st.integers(0, 3)))
    ]
    return outcome


def _effect(
    draw: st.DrawFn, outcome: dict[str, Any], orgs: list[str], statements: list[dict[str, Any]]
) -> dict[str, Any]:
    """An effect on a theme; sometimes narrowed to claims coded with it, made in a
    statement the outcome comes after, or widened to more organisations."""
    before = set(outcome.get("after", []))
    claims = [(c["id"], c["themes"]) for s in statements if s["id"] in before for c in s["claims"]]
    themes = sorted({t for s in statements for c in s["claims"] for t in c["themes"]})
    theme = draw(st.sampled_from(themes or ["theme-0"]))
    effect: dict[str, Any] = {"theme": theme, "status": draw(st.sampled_from(EFFECT_STATUSES))}
    effect["note"] = draw(TEXT)
    if narrowed := _some(draw, [c for c, ts in claims if theme in ts], 2):
        effect["claims"] = narrowed
    elif widened := _some(draw, orgs, 2):
        effect["orgs"] = widened
    return effect


def read_corpus(path: Path) -> Corpus:
    """A corpus file, or a folder's files together, as one corpus's sections."""
    corpus: Corpus = {"themes": [], "organisations": [], "statements": [], "outcomes": []}
    for file in sorted(path.glob("*.yaml")) if path.is_dir() else [path]:
        data = parse_yaml(file.read_text(encoding="utf-8"), file.name).data
        for section, records in corpus.items():
            records += data.get(section, [])
    return corpus


BUNDLED = read_corpus(bundled_corpus_path())
LIBRARIES = read_corpus(Path(__file__).parent.parent / "data" / "libraries" / "corpus")


# -- the folder, and edits to its outcomes file ------------------------------------------

_STAMP = iter(range(10**9))


def write(path: Path, data: dict[str, Any]) -> None:
    """Write one file of the folder, with a modification time no other write has had."""
    path.write_text(yaml.safe_dump({"version": 1, **data}, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")  # fmt: skip
    stamp = 1_600_000_000_000_000_000 + next(_STAMP) * 1_000_000
    os.utime(path, ns=(stamp, stamp))


def write_folder(folder: Path, corpus: Corpus, split: int) -> None:
    folder.mkdir()
    write(folder / "_corpus.yaml", {"themes": corpus["themes"],
                                    "organisations": corpus["organisations"]})  # fmt: skip
    statements = corpus["statements"]
    for part in range(split):
        write(folder / f"statements-{part}.yaml", {"statements": statements[part::split]})
    write(folder / "outcomes.yaml", {"outcomes": corpus["outcomes"]})


@st.composite
def edits(draw: st.DrawFn, corpus: Corpus) -> list[dict[str, Any]]:
    """The outcomes after an edit: a date changed (to one of the same precision, too:
    the file keeps its size and inode, and only its times and content tell), an effect
    added, removed or changed, an outcome added, or one no record refers to removed."""
    outcomes = copy.deepcopy(corpus["outcomes"])
    orgs = [o["id"] for o in corpus["organisations"]]
    ops = ["add outcome"]
    if outcomes:
        ops += ["date", "same-size date", "add effect", "status"]
    if any(o.get("effects") for o in outcomes):
        ops += ["remove effect"]
    referred = {i for s in corpus["statements"] for i in s.get("after", [])}
    referred |= {i for o in outcomes for i in o.get("after", [])}
    if any(o["id"] not in referred for o in outcomes):
        ops += ["remove outcome"]
    op = draw(st.sampled_from(ops))
    if op == "add outcome":
        statement_ids = [s["id"] for s in corpus["statements"]]
        new = _outcome(draw, "outcome-new", draw(partial_dates()), _some(draw, statement_ids, 2),
                       orgs, corpus["statements"])  # fmt: skip
        outcomes.insert(draw(st.integers(0, len(outcomes))), new)
        return outcomes
    if op == "remove outcome":
        outcomes.remove(draw(st.sampled_from([o for o in outcomes if o["id"] not in referred])))
        return outcomes
    if op == "remove effect":
        outcome = draw(st.sampled_from([o for o in outcomes if o.get("effects")]))
        del outcome["effects"][draw(st.integers(0, len(outcome["effects"]) - 1))]
        return outcomes
    outcome = draw(st.sampled_from(outcomes))
    if op == "date":
        outcome["date"] = draw(partial_dates())
    elif op == "same-size date":
        old, day = outcome["date"], draw(st.dates(dt.date(2019, 1, 1), dt.date(2024, 12, 31)))
        if isinstance(old, dt.date):  # as YAML read it: written back the same way
            outcome["date"] = day
        elif isinstance(old, int):
            outcome["date"] = day.year
        else:
            outcome["date"] = day.isoformat()[: len(old)]
    elif op == "add effect":
        outcome.setdefault("effects", []).append(_effect(draw, outcome, orgs, corpus["statements"]))
    elif outcome.get("effects"):
        effect = draw(st.sampled_from(outcome["effects"]))
        effect["status"] = draw(st.sampled_from(EFFECT_STATUSES))
    return outcomes


@st.composite
def statement_edits(draw: st.DrawFn, corpus: Corpus, split: int) -> list[list[dict[str, Any]]]:
    """The statement files after an edit: a statement's date changed, a claim's themes
    changed, one no record refers to removed, or one moved to another file."""
    files = [copy.deepcopy(corpus["statements"][part::split]) for part in range(split)]
    placed = [(n, i) for n, file in enumerate(files) for i in range(len(file))]
    if not placed:
        return files
    referred = {i for s in corpus["statements"] for i in [*s.get("after", []),
                                                          *s.get("endorses", [])]}  # fmt: skip
    referred |= {e["statement"] for o in corpus["outcomes"] for e in o.get("evidence", [])}
    referred |= {i for o in corpus["outcomes"] for i in o.get("after", [])}
    ops = ["date", "themes"] + (["move"] if split > 1 else [])
    if any(files[n][i]["id"] not in referred for n, i in placed):
        ops.append("remove")
    op = draw(st.sampled_from(ops))
    if op == "remove":
        n, i = draw(st.sampled_from([(n, i) for n, i in placed
                                     if files[n][i]["id"] not in referred]))  # fmt: skip
        del files[n][i]
        return files
    n, i = draw(st.sampled_from(placed))
    statement = files[n][i]
    if op == "date":
        statement["date"] = draw(partial_dates())
    elif op == "themes":
        claim = draw(st.sampled_from(statement["claims"]))
        claim["themes"] = _some(draw, [t["id"] for t in corpus["themes"]], 2) or claim["themes"]
    else:
        del files[n][i]
        files[(n + 1) % split].append(statement)
    return files


# -- questions ---------------------------------------------------------------------------


@st.composite
def questions(draw: st.DrawFn, corpus: Corpus, command: str) -> list[str]:
    """A question the store can answer, in a random format; --as-of or not (today)."""
    orgs = [o["id"] for o in corpus["organisations"]]
    orgs += [o["short"] for o in corpus["organisations"] if o.get("short")]
    themes = [t["id"] for t in corpus["themes"]]
    ids = [s["id"] for s in corpus["statements"]] + [o["id"] for o in corpus["outcomes"]]
    ids += [c["id"] for s in corpus["statements"] for c in s["claims"]]
    ids += ["st-1-c9", "nothing-here"]  # not ids: the closest of the whole corpus
    bad = draw(st.integers(0, 9)) == 0  # now and then not a date: the same message
    day = st.just("2021-02-30") if bad else partial_dates(2018, 2026)

    def options(name: str, values: list[str], most: int = 2) -> list[str]:
        return [a for v in _some(draw, values, most) for a in (name, v)]

    def as_of() -> list[str]:
        return ["--as-of", draw(day)] if draw(st.integers(0, 2)) == 0 else []  # mostly today

    args = [command]
    if command == "demands":
        args += options("--org", orgs) + options("--theme", themes, 1)
        args += options("--target", orgs, 1)
        if draw(st.booleans()):
            statuses = ["open", "partly-met", "refused", "met", "unmet"]
            args += ["--status", draw(st.sampled_from(statuses))]
        if draw(st.booleans()):
            args += ["--kind", draw(st.sampled_from([*CLAIM_KINDS, "all"]))]
        args += ["--own"] if draw(st.booleans()) else []
        args += ["--quotes"] if draw(st.integers(0, 4)) == 0 else []
        args += ["--limit", str(draw(st.integers(0, 2)))] if draw(st.integers(0, 3)) == 0 else []
        args += as_of()
    elif command == "unmet":
        args += options("--org", orgs, 1) + options("--target", orgs, 1)
        args += options("--theme", themes, 1) + as_of()
        args += ["--limit", str(draw(st.integers(0, 2)))] if draw(st.integers(0, 3)) == 0 else []
    elif command == "compare":
        if draw(st.integers(0, 3)) == 0:
            args += ["--by", "statement", *options("--statement", ids[:3], 2)]
        else:
            args += options("--org", orgs, 3)
        args += as_of()
    elif command == "statements":
        args += options("--org", orgs, 1)
    elif command == "timeline":
        if draw(st.booleans()):
            args += ["--from", draw(day)]
        if draw(st.booleans()):
            args += ["--to", draw(day)]
    elif command == "show":
        args += [draw(st.sampled_from(ids)), *as_of()]
    elif command == "export":
        args += as_of()
        if draw(st.booleans()):
            args += ["--table", draw(st.sampled_from(["claims", "outcomes"]))]
    formats: tuple[str, ...] = EXPORT_FORMATS if command == "export" else FORMATS
    if command != "export" and draw(st.booleans()):  # the formats whose answers are kept
        formats = ("json", "csv", "tsv")
    return [*args, "--format", draw(st.sampled_from(formats))]


# -- today, and asking ---------------------------------------------------------------------


@contextmanager
def today_is(day: dt.date) -> Iterator[None]:
    """simcli's today is ``day``: the date class :func:`as_of_day` asks is replaced by
    one whose today() says so (its instances and isinstance() are the real date's)."""

    class _Meta(type):
        def __instancecheck__(cls, value: object) -> bool:
            return isinstance(value, dt.date)

    class Date(dt.date, metaclass=_Meta):
        def __new__(cls, *args: Any, **kwargs: Any) -> dt.date:  # type: ignore[misc]
            return dt.date(*args, **kwargs)

        @classmethod
        def today(cls) -> dt.date:  # type: ignore[override]
            return day

    names = vars(simcli.model.dates)  # the module's own names (its _dt is private)
    real = names["_dt"]
    names["_dt"] = types.SimpleNamespace(date=Date, datetime=dt.datetime)
    try:
        assert simcli.model.dates.as_of_day() == day
        yield
    finally:
        names["_dt"] = real


def ask(
    folder: Path, cache: Path, keep: str, question: list[str], *flags: str
) -> tuple[int, str, str]:
    env = {"SIMCLI_CACHE_DIR": str(cache), "SIMCLI_INDEX_FROM": "0",
           "SIMCLI_KEEP_ANSWERS": keep, "COLUMNS": "80", "SIMCLI_DATA": None, "NO_COLOR": None}  # fmt: skip
    result = RUNNER.invoke(app, [*flags, "--data", str(folder), *question], env=env,
                           catch_exceptions=False)  # fmt: skip
    return result.exit_code, result.stdout, result.stderr


def same_answers(folder: Path, cache: Path, keep: str, asked: list[list[str]], warm: bool) -> None:
    """Each question's answer from the store (asked twice when ``warm``: the second
    from a warm cache) is its answer without the cache."""
    for question in asked:
        plain = ask(folder, cache, keep, question, "--no-cache")
        assert plain[0] in (0, 1, 2), (question, plain)
        for _ in range(2 if warm else 1):
            assert ask(folder, cache, keep, question) == plain, question


DAYS = st.one_of(
    st.sampled_from([dt.date(2021, 4, 30), dt.date(2021, 12, 31), dt.date(2024, 2, 28),
                     dt.date(2022, 6, 30)]),  # month and year ends: partial dates' last days
    st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31)),
)  # fmt: skip


def eves(corpus: Corpus) -> list[dt.date]:
    """The days before a record's date or a deadline ends: the next day crosses it."""
    dates = [r["date"] for r in corpus["statements"] + corpus["outcomes"]]
    dates += [c["deadline"] for s in corpus["statements"] for c in s["claims"] if "deadline" in c]
    return sorted({_span(str(d))[1] - dt.timedelta(days=1) for d in dates})


def check_store(data: st.DataObject, corpus: Corpus) -> None:
    split = data.draw(st.integers(1, 3), "statement files")
    keep = data.draw(st.sampled_from(["1", "0"]), "SIMCLI_KEEP_ANSWERS")
    commands = [data.draw(st.sampled_from(group), "command") for group in COMMANDS]
    asked = [data.draw(questions(corpus, command), "question") for command in commands]
    day = data.draw(st.one_of(DAYS, st.sampled_from(eves(corpus))), "today")
    later = day + dt.timedelta(days=data.draw(st.sampled_from([1, 1, 2, 31, 366]), "days on"))
    with tempfile.TemporaryDirectory(prefix="simcli-store-") as tmp:
        folder, cache = Path(tmp) / "corpus", Path(tmp) / "cache"
        write_folder(folder, corpus, split)
        with today_is(day):
            same_answers(folder, cache, keep, asked, warm=True)
            edited = data.draw(edits(corpus), "outcomes edited")
            write(folder / "outcomes.yaml", {"outcomes": edited})
            same_answers(folder, cache, keep, asked, warm=True)
            changed = data.draw(statement_edits(corpus, split), "statements edited")
            for part, statements in enumerate(changed):
                write(folder / f"statements-{part}.yaml", {"statements": statements})
            same_answers(folder, cache, keep, asked, warm=True)
        with today_is(later):  # the cache and the answers kept are yesterday's
            same_answers(folder, cache, keep, asked, warm=True)


@examples(40)
@given(data=st.data())
def test_random_corpora_answer_the_same_with_and_without_the_store(data: st.DataObject) -> None:
    check_store(data, data.draw(corpora(), "corpus"))


@examples(12)  # a corpus of 90 KB: each example costs more
@given(data=st.data())
def test_the_bundled_corpus_answers_the_same_with_and_without_the_store(
    data: st.DataObject,
) -> None:
    check_store(data, BUNDLED)


@examples(8)
@given(data=st.data())
def test_the_libraries_corpus_answers_the_same_with_and_without_the_store(
    data: st.DataObject,
) -> None:
    """tests/data/libraries: a second campaign, written as a folder."""
    check_store(data, LIBRARIES)


@pytest.mark.parametrize(
    "question",
    [["demands", "--limit", "0", "--format", "csv"],
     ["demands", "--org", "gov", "--limit", "0", "--format", "json"]],
)  # fmt: skip
def test_a_kept_answer_says_what_limit_left_out(question: list[str]) -> None:
    corpus: Corpus = {
        "themes": [{"id": "halt", "label": "Halt", "description": "Stop it."}],
        "organisations": [{"id": "gov", "name": "Government", "kind": "public body"}],
        "statements": [
            {"id": "st-1", "org": "gov", "title": "Call", "date": "2023", "summary": "A call.",
             "claims": [{"id": "st-1-c1", "kind": "demand", "themes": ["halt"], "target": "gov",
                         "text": "Stop it.", "quote": "stop it"}]},
        ],
        "outcomes": [],
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="simcli-store-") as tmp:
        folder, cache = Path(tmp) / "corpus", Path(tmp) / "cache"
        write_folder(folder, corpus, 1)
        asked = [*question, "--as-of", "2024-06-01"]
        plain = ask(folder, cache, "1", asked, "--no-cache")
        assert plain[2] == "simcli: --limit 0: 1 more demands left out\n"
        assert ask(folder, cache, "1", asked) == plain  # answered, and kept
        assert ask(folder, cache, "1", asked) == plain  # the answer kept, its line too
