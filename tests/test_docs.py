"""The README documents every command, and its examples print what simcli prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer.main
from conftest import ROOT
from walkthrough import CAMPAIGN, DIFF_STEPS, EXAMPLES, STEPS, finished_campaign, transcript

from simcli.cli.app import app  # the one import of the command line in this file

README = (ROOT / "README.md").read_text(encoding="utf-8")
CLI_REFERENCE = ROOT / "docs" / "cli.md"
# --help as docs/cli.md shows it: a fixed width, no colour, no corpus chosen
HELP_ENV: dict[str, str | None] = {
    "COLUMNS": "80",
    "TERM": "dumb",
    "NO_COLOR": "1",
    "SIMCLI_DATA": None,
    "SIMCLI_LAYOUT": None,
}
WALKTHROUGHS = {"campaign": STEPS, "diff": DIFF_STEPS}


def _commands() -> dict[str, str]:
    group = typer.main.get_command(app)
    return {name: (cmd.help or "") for name, cmd in group.commands.items()}  # type: ignore[attr-defined]


def test_every_command_has_help_and_a_readme_section() -> None:
    commands = _commands()
    assert commands, "no commands registered"
    for name, help_text in commands.items():
        assert help_text.strip(), f"simcli {name} has no help text"
        assert f"### `simcli {name}" in README, f"README has no section for simcli {name}"
        example = rf"(?m)^\$ simcli (--\S+ \S+ )*{name}\b"  # after a global --data DIR, say
        assert re.search(example, README), f"README has no example of simcli {name}"


def test_help_names_what_each_option_takes(run) -> None:
    """No option shows a bare type (``<str>``) where a name or the choices belong
    (an argument's type after its name is typer's way, and stays)."""
    for name in _commands():
        shown = run(name, "--help").stdout
        bare = re.search(r"(?m)^ +(-\w, )?--[\w-]+ <\w+>", shown)
        assert bare is None, f"simcli {name} --help: {bare}"
        usage = shown.splitlines()[0]
        assert "{" not in usage, usage  # ID, not {ID}, which reads as a set of choices


def _examples() -> list[tuple[str, str]]:
    """(command line, expected output) for every ```console block."""
    out = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        lines = block.splitlines()
        assert lines[0].startswith("$ simcli "), lines[0]
        out.append((lines[0][2:], "\n".join(lines[1:]) + "\n"))
    return out


def run_example(command: str, folder: Path) -> tuple[int, str]:
    """Run a README example as a reader runs it from a checkout, but in ``folder``:
    the checkout there holds a copy of docs/examples/ and nothing else (nothing of
    tests/, nor the bundled corpus's source texts in ../shared, which simcli does
    not ship).

    Returns the exit code and what is shown ("wrote FILE" is on stderr), with the
    bundled corpus named as from a checkout (``data/statements.yaml``).
    """
    import os
    import shutil

    from typer.testing import CliRunner

    from simcli.store.load import bundled_corpus_path

    checkout = folder / "checkout"
    shutil.copytree(EXAMPLES, checkout / "docs" / "examples")
    args = shlex.split(command)[1:]
    here = Path.cwd()
    os.chdir(checkout)
    try:
        env = {"COLUMNS": "80", "SIMCLI_DATA": None, "NO_COLOR": None}
        result = CliRunner().invoke(app, args, env=env, catch_exceptions=False)
    finally:
        os.chdir(here)
    shown = result.output if "--out" in args else result.stdout
    return result.exit_code, shown.replace(str(bundled_corpus_path()), "data/statements.yaml")


@pytest.mark.parametrize(("command", "expected"), _examples())
def test_readme_examples_are_real_output(tmp_path: Path, command: str, expected: str) -> None:
    """Every ``$ simcli`` example, from a folder holding only docs/examples/: the
    bundled corpus and the files the project ships are all an example needs."""
    code, shown = run_example(command, tmp_path)
    assert code == 0, shown
    if expected.endswith("...\n"):  # a long output, shown in part
        assert shown.startswith(expected[: -len("...\n")])
    else:
        assert shown == expected


def test_readme_examples_name_no_file_of_tests() -> None:
    """What the README asks a reader to run names files the project ships: not
    tests/, nor the bundled corpus's source texts in ../shared (issue 26)."""
    for line in README.splitlines():
        if line.startswith("$ "):
            assert "tests/" not in line and "shared" not in line, line
    for step in [*STEPS, *DIFF_STEPS]:
        assert "tests/" not in str(step), step


def _readme_block(name: str) -> str:
    match = re.search(rf"<!-- example: {name} -->\n```text\n(.*?)```", README, flags=re.S)
    assert match, f"README has no example block {name}"
    return match.group(1)


def test_shipped_campaign_is_what_the_walkthrough_makes(tmp_path: Path, monkeypatch) -> None:
    """docs/examples/campaign/ is the campaign walk-through's corpus and texts, as
    its steps leave them (python tests/test_docs.py --update rewrites it)."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("SIMCLI_DATA", raising=False)
    made = finished_campaign(tmp_path)
    shipped = {
        f.relative_to(CAMPAIGN).as_posix(): f.read_text(encoding="utf-8")
        for f in sorted(CAMPAIGN.rglob("*"))
        if f.is_file()
    }
    assert shipped == made
    reviewed = shipped["corpus/riverside-2024-05-02.yaml"].splitlines()
    assert not [line for line in reviewed if "TODO" in line and not line.lstrip().startswith("#")]


def _quote_changed_campaign(folder: Path) -> Path:
    """``folder/copy``: a copy of the shipped campaign's corpus in which a quote
    says "within 14 days" where the tenants wrote "within 28 days"."""
    import shutil

    copy = folder / "copy"
    shutil.copytree(CAMPAIGN / "corpus", copy)
    statement = copy / "riverside-2024-05-02.yaml"
    text = statement.read_text(encoding="utf-8")
    changed = text.replace("the scheme within 28 days.", "the scheme within 14 days.")
    assert changed.count("\n") == text.count("\n") and changed != text
    statement.write_text(changed, encoding="utf-8")
    return copy


def _quote_not_found_output(folder: Path) -> str:
    """What ``check --sources`` says of the changed copy, run in ``folder``."""
    import os

    from typer.testing import CliRunner

    _quote_changed_campaign(folder)
    here = Path.cwd()
    os.chdir(folder)
    try:
        args = ["--data", "copy", "check", "--sources", str(CAMPAIGN / "sources")]
        result = CliRunner().invoke(app, args, env={"COLUMNS": "80", "SIMCLI_DATA": None})
    finally:
        os.chdir(here)
    assert result.exit_code == 1, result.output
    return result.output


def _broken_copies(text: str) -> dict[str, str]:
    """The copy of the bundled corpus that the README's broken-copy example describes."""
    broken = text.replace(
        '        quote: "a co-ordinated withholding of potentially life saving treatment'
        ' by multiple agencies"\n',
        "",
    )
    broken = broken.replace("id: nsun-no-evidence", "id: nsun-police-interventionists")
    broken = broken.replace(
        "themes: [end-discrimination, end-police-in-care]\n        text: >-\n          The prospect",
        "themes: [end-discriminaton, end-police-in-care]\n        text: >-\n          The prospect",
    )
    assert "end-discriminaton" in broken, "the misspelt theme must land in the copy"
    broken = broken.replace(
        "      - id: cmh21-coercion\n        kind: concern",
        "      - id: cmh21-coercion\n         kind: concern",
    )
    assert broken.count("\n") == text.count("\n") - 1
    return {"broken-copy": broken}


def test_readme_quote_example_is_real_output(tmp_path: Path) -> None:
    """From the shipped campaign, so it runs without the bundled corpus's texts."""
    assert _quote_not_found_output(tmp_path) == _readme_block("quote-not-found")


def test_readme_broken_copy_example_is_real_output(run, write, bundled_text: str) -> None:
    write(_broken_copies(bundled_text)["broken-copy"], "copy.yaml")
    result = run("--data", "copy.yaml", "check")
    assert result.exit_code == 2
    assert result.output == _readme_block("broken-copy")


def _annotation_location(block: str) -> str:
    """``file=FILE,line=N,col=M`` for the first finding of an example block."""
    file, line, col = block.split(":", 3)[:3]
    return f"file={file},line={line},col={col}"


@pytest.mark.parametrize("name", ["campaign", "diff"])
def test_readme_walkthroughs_are_real_output(tmp_path: Path, monkeypatch, name: str) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("SIMCLI_DATA", raising=False)
    text, _ = transcript(tmp_path, WALKTHROUGHS[name])
    assert text == _readme_block(name)


def test_readme_annotation_example_matches_the_quote_example() -> None:
    assert f"::warning {_annotation_location(_readme_block('quote-not-found'))}," in README


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci and "<!-- test-command -->" in README
    assert "simcli check --sources ../shared/sources" in ci


def rules_table() -> str:
    """The README's table of rule codes, as :data:`simcli.model.rules.RULES` has them."""
    from simcli.model.rules import RULES

    rows = [f"| `{r.code}` | {r.severity} | {r.summary} | {r.fix} |" for r in RULES.values()]
    head = "| code | severity | what it means | how to fix it |\n| --- | --- | --- | --- |\n"
    return "<!-- rules -->\n" + head + "\n".join(rows) + "\n<!-- /rules -->"


def _headings(text: str) -> list[tuple[int, str]]:
    """(level, title) of every ``##`` and ``###`` heading outside code blocks."""
    out, fence = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and (found := re.match(r"(#{2,3}) (.*)", line)):
            out.append((len(found.group(1)), found.group(2)))
    return out


def _anchor(title: str, seen: dict[str, int]) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces
    to hyphens, and ``-1``, ``-2`` after a repeated one."""
    slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
    n = seen.get(slug, 0)
    seen[slug] = n + 1
    return f"{slug}-{n}" if n else slug


def table_of_contents(text: str = README) -> str:
    """The README's contents: every section, a command by its name alone."""
    seen: dict[str, int] = {}
    rows = []
    for level, title in _headings(text):
        command = re.match(r"(`simcli \w+`):", title)
        label = command.group(1) if command else title
        rows.append(f"{'  ' * (level - 2)}- [{label}](#{_anchor(title, seen)})")
    return "<!-- toc -->\n**Contents**\n\n" + "\n".join(rows) + "\n<!-- /toc -->"


def test_readme_table_of_contents_is_current() -> None:
    found = re.search(r"<!-- toc -->\n.*?<!-- /toc -->", README, flags=re.S)
    assert found, "README has no <!-- toc --> block"
    assert found.group(0) == table_of_contents(), "run python tests/test_docs.py --update"
    assert README.index("<!-- toc -->") < README.index("## Set up")  # near the top


def test_readme_links_within_it_lead_to_headings() -> None:
    seen: dict[str, int] = {}
    anchors = {_anchor(title, seen) for _, title in _headings(README)}
    for link in re.findall(r"\]\(#([^)]+)\)", README):
        assert link in anchors, f"README links to #{link}, which no heading has"


def test_links_between_the_readme_and_docs_lead_somewhere() -> None:
    """The README's links into docs/ (cache.md, cli.md, examples), and theirs
    back, name files that exist and README anchors that a heading has."""
    seen: dict[str, int] = {}
    anchors = {_anchor(title, seen) for _, title in _headings(README)}
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#:\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
        for anchor in re.findall(r"\]\([^)#:\s]*README\.md#([^)]+)\)", page.read_text("utf-8")):
            assert anchor in anchors, f"{page.name} links to README#{anchor}, which no heading has"
    assert "(docs/cache.md)" in README and "(docs/cli.md)" in README


def test_readme_tour_comes_in_the_order_a_reader_needs() -> None:
    """The questions first, then a campaign's own corpus, its outputs, CI, and
    the reference (issue 26)."""
    order = [
        *("demands", "unmet", "compare", "show", "timeline", "orgs", "statements"),
        *("themes", "init", "extract", "check", "diff", "report", "export"),
    ]
    places = [README.index(f"### `simcli {name}`") for name in order]
    assert places == sorted(places), order
    assert (
        places[-1]
        < README.index("## In a campaign's repository")
        < README.index("## Reference")
        < README.index("### `simcli rules`")
    )


def cli_reference() -> str:
    """docs/cli.md: ``simcli --help`` and every command's ``--help``, as printed."""
    import os
    import subprocess
    import sys

    # the installed command's way in (simcli.cli.app:main sets the help's width from
    # the terminal's), run as a user runs it
    env = {k: v for k, v in os.environ.items() if k not in HELP_ENV}
    env.update({k: v for k, v in HELP_ENV.items() if v is not None})
    titles = ["simcli", *(f"simcli {name}" for name in _commands())]
    contents = "\n".join(f"- [`{title}`](#{title.replace(' ', '-')})" for title in titles)
    parts = [
        "# Command-line reference\n\n"
        "Every command's `--help`, as simcli prints it at 80 columns. This file is\n"
        "generated from the code: `python tests/test_docs.py --update` rewrites it,\n"
        "and a test fails when it differs from what the code prints. The\n"
        "[README](../README.md) has a tour of the commands, with examples.\n\n"
        f"{contents}\n"
    ]
    for title in titles:
        args = [*title.split()[1:], "--help"]
        result = subprocess.run(
            [sys.executable, "-m", "simcli", *args],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0, (args, result.stderr)
        parts.append(f"## `{title}`\n\n```text\n{result.stdout.rstrip()}\n```\n")
    return "\n".join(parts)


def test_cli_reference_is_what_the_code_prints() -> None:
    assert CLI_REFERENCE.is_file(), "run python tests/test_docs.py --update"
    shown = CLI_REFERENCE.read_text(encoding="utf-8")
    assert shown == cli_reference(), "docs/cli.md is stale: run python tests/test_docs.py --update"
    for name in _commands():
        assert f"## `simcli {name}`" in shown


# --- regenerating the examples ------------------------------------------------------
def update_readme() -> int:
    """Rewrite every README example from real output, as the tests above run it.

    ``python tests/test_docs.py --update``: for a change that alters answers
    on purpose. An example shown in part (ending ``...``) keeps as many lines.
    Returns how many blocks changed.
    """
    import os
    import tempfile

    from typer.testing import CliRunner

    from simcli.store.load import bundled_corpus_path

    os.environ["COLUMNS"] = "80"
    os.environ.pop("SIMCLI_DATA", None)
    os.environ.pop("NO_COLOR", None)
    runner = CliRunner()
    text = README
    changed = 0

    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:  # the campaign the examples run on, first
        for name, content in finished_campaign(Path(tmp)).items():
            (CAMPAIGN / name).parent.mkdir(parents=True, exist_ok=True)
            (CAMPAIGN / name).write_text(content, encoding="utf-8")
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        lines = block.splitlines()
        with tempfile.TemporaryDirectory() as scratch:
            _, output = run_example(lines[0][2:], Path(scratch))
        new_lines = output.splitlines()
        if lines[-1] == "...":  # shown in part
            new_lines = [*new_lines[: len(lines) - 2], "..."]
        new_block = "\n".join([lines[0], *new_lines]) + "\n"
        if new_block != block:
            text = text.replace("```console\n" + block + "```", "```console\n" + new_block + "```")
            changed += 1
    copies = _broken_copies(bundled_corpus_path().read_text(encoding="utf-8"))
    output_of: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        Path("copy.yaml").write_text(copies["broken-copy"], encoding="utf-8")
        output_of["broken-copy"] = runner.invoke(app, ["--data", "copy.yaml", "check"]).output
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        output_of["quote-not-found"] = _quote_not_found_output(Path(tmp))
    for name, steps in WALKTHROUGHS.items():
        with tempfile.TemporaryDirectory() as tmp:
            output_of[name], _ = transcript(Path(tmp), steps)
    for name, output in output_of.items():
        old = _readme_block(name)
        if output != old:
            text = text.replace(
                f"<!-- example: {name} -->\n```text\n{old}```",
                f"<!-- example: {name} -->\n```text\n{output}```",
            )
            changed += 1
    where = _annotation_location(output_of["quote-not-found"])
    text, n = re.subn(r"::warning file=[^,]+,line=\d+,col=\d+,", f"::warning {where},", text)
    assert n == 1, "README has no ::warning example to keep in step"
    table = rules_table()
    text, n = re.subn(r"<!-- rules -->\n.*?<!-- /rules -->", lambda _: table, text, flags=re.S)
    assert n == 1, "README has no <!-- rules --> table to keep in step"
    toc = table_of_contents(text)
    text, n = re.subn(r"<!-- toc -->\n.*?<!-- /toc -->", lambda _: toc, text, flags=re.S)
    assert n == 1, "README has no <!-- toc --> to keep in step"
    (ROOT / "README.md").write_text(text, encoding="utf-8")
    return changed


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_docs.py --update")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    print(f"{update_readme()} README example(s) rewritten from real output")
    reference = cli_reference()
    if CLI_REFERENCE.is_file() and CLI_REFERENCE.read_text(encoding="utf-8") == reference:
        print("docs/cli.md is current")
    else:
        CLI_REFERENCE.write_text(reference, encoding="utf-8")
        print("docs/cli.md rewritten from every command's --help")


def test_readme_sqlite_example_is_real_output(run, tmp_path: Path) -> None:
    import sqlite3

    assert run("export", "-f", "sqlite", "--out", str(tmp_path / "sim.db")).exit_code == 0
    db = sqlite3.connect(tmp_path / "sim.db")
    shown = []
    for line in _readme_block("sqlite").splitlines():
        if line.startswith("sqlite> "):
            query = line[len("sqlite> ") :]
            shown.append(line)
            for row in db.execute(query):
                shown.append("|".join("" if v is None else str(v) for v in row))
    assert "\n".join(shown) + "\n" == _readme_block("sqlite")


def test_readme_datasette_facets_are_the_database_s(run, tmp_path: Path) -> None:
    # the counts the README says Datasette's facets show are the export's own
    import json
    import sqlite3
    from collections import Counter

    out = tmp_path / "sim.db"
    assert run("export", "-f", "sqlite", "--out", str(out), "--as-of", "2026-11-24").exit_code == 0
    db = sqlite3.connect(out)
    rows = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    themes = Counter(t for (ts,) in db.execute("SELECT themes FROM claims") for t in json.loads(ts))
    top = db.execute(
        "SELECT kind, count(*) FROM claims GROUP BY 1 ORDER BY 2 DESC LIMIT 3"
    ).fetchall()
    orgs = db.execute(
        "SELECT o.name, count(*) FROM claims AS c JOIN organisations AS o ON o.id = c.org"
        " GROUP BY 1 ORDER BY 2 DESC LIMIT 2"
    ).fetchall()
    statuses = db.execute(
        "SELECT status, count(*) FROM claims WHERE status IS NOT NULL GROUP BY 1 ORDER BY 2 DESC"
    ).fetchall()
    said = (
        f"shows four facets above the {rows} rows: `themes` ({len(themes)} themes, each with"
        f" its number of claims, e.g. evidence-based-policy {themes['evidence-based-policy']}),"
        f" `kind` ({', '.join(f'{k} {n}' for k, n in top)}, ...),"
        f" `org` (by name: {', '.join(f'{k} {n}' for k, n in orgs)}, ...)"
        f" and `status` ({', '.join(f'{k} {n}' for k, n in statuses)})."
    )
    assert said in " ".join(README.split())
