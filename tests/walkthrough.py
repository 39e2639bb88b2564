"""The README's walk-through of a campaign's own corpus, as steps that really run.

Each step is a simcli command line (its output is shown after it) or an action a
person takes by hand, shown as a comment. test_docs.py runs the steps in an
empty folder and compares the transcript with the README's; `python
tests/test_docs.py --update` rewrites it.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from simcli.cli.app import app

# the example campaign's files are shipped with the project, beside its docs
EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"

Step = str | tuple[str, Callable[[Path], None]]


def _copy_text(folder: Path) -> None:
    shutil.copy(EXAMPLES / "riverside-2024-05-02.txt", folder / "camp" / "sources")


def _codebook(folder: Path) -> None:
    shutil.copy(EXAMPLES / "codebook.yaml", folder / "camp" / "corpus")


def write_todos(path: Path, theme: str = "keep-homes") -> None:
    """What a reviewer does: every TODO written in our own words (here, a stand-in),
    and a theme of the codebook for a claim no keyword coded."""
    text = path.read_text(encoding="utf-8")
    kind = '"TODO: charity, public body, royal college, union, ..."'
    text = text.replace(kind, "tenants' association", 1).replace(kind, "public body", 1)
    text = text.replace("themes: [TODO]", f"themes: [{theme}]")
    text = re.sub(r'"TODO: [^"]*"', '"Reviewed and written in our own words."', text)
    path.write_text(text, encoding="utf-8")


STEPS: list[Step] = [
    "simcli init camp",
    ("# write the campaign's themes in camp/corpus/codebook.yaml", _codebook),
    ("# save a statement's text as camp/sources/riverside-2024-05-02.txt", _copy_text),
    "simcli --data camp/corpus extract camp/sources/riverside-2024-05-02.txt"
    " --out camp/corpus/riverside-2024-05-02.yaml",
    "simcli --data camp/corpus check --sources camp/sources",
    (
        "# review camp/corpus/riverside-2024-05-02.yaml: write each TODO in your own words",
        lambda folder: write_todos(folder / "camp" / "corpus" / "riverside-2024-05-02.yaml"),
    ),
    "simcli --data camp/corpus check --sources camp/sources",
    'simcli --data camp/corpus demands --org "Riverside Tenants\' Alliance"',
]


def transcript(folder: Path, steps: list[Step] = STEPS) -> tuple[str, list[int]]:
    """Run ``steps`` in ``folder``; the transcript, and each command's exit code."""
    import os

    runner = CliRunner()
    lines: list[str] = []
    codes: list[int] = []
    here = Path.cwd()
    os.chdir(folder)
    try:
        for step in steps:
            if isinstance(step, tuple):
                lines.append(step[0])
                step[1](folder)
                continue
            result = runner.invoke(app, shlex.split(step)[1:], catch_exceptions=False)
            codes.append(result.exit_code)
            lines.append(f"$ {step}")
            lines += result.output.splitlines()
    finally:
        os.chdir(here)
    return "\n".join(lines) + "\n", codes


NEW_STATEMENT = """\
statements:
  - id: forum-2023-06
    org: forum
    title: Northtown Mental Health Forum on the SIM review
    title_ours: true
    date: 2023-06
    summary: An invented statement, for the example of simcli diff.
    claims:
      - id: forum-publish-review
        kind: demand
        themes: [publish-review]
        target: nhs-england
        text: NHS England should publish what its review of SIM found.
        quote: We ask NHS England to publish its review of SIM
organisations:
  - id: forum
    name: Northtown Mental Health Forum
    kind: charity (invented for this example)
"""


def _add_statement(folder: Path) -> None:
    (folder / "after" / "corpus" / "forum-2023-06.yaml").write_text(NEW_STATEMENT)


DIFF_STEPS: list[Step] = [
    "simcli init before --example",
    "simcli init after --example",
    ("# add a statement: after/corpus/forum-2023-06.yaml", _add_statement),
    "simcli diff before/corpus after/corpus --as-of 2024-01-01",
    "simcli diff before/corpus after/corpus --as-of 2024-01-01 --format markdown",
]
