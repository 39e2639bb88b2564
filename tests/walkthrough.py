"""The README's walk-throughs (a campaign's own corpus, and simcli diff), as steps
that really run.

Each step is a simcli command line (its output is shown after it), a ``cp`` of
one of the files the project ships in docs/examples/, a comment, or an action a
person takes by hand (shown as a comment). The steps run in a folder that holds
a copy of docs/examples/ and nothing else, as a reader runs them from a
checkout; test_docs.py compares the transcript with the README's, and `python
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

# the walk-throughs' files are shipped with the project, beside its docs
EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"

Step = str | tuple[str, Callable[[Path], None]]


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
    "# write the campaign's themes in camp/corpus/codebook.yaml",
    "cp docs/examples/codebook.yaml camp/corpus/codebook.yaml",
    "# save a statement's text as camp/sources/riverside-2024-05-02.txt",
    "cp docs/examples/riverside-2024-05-02.txt camp/sources/",
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


# the campaign as the walk-through leaves it, shipped for the README's examples of
# extract, check --sources and export --format qdpx (python tests/test_docs.py
# --update rewrites it from the walk-through; a test holds it to it)
CAMPAIGN = EXAMPLES / "campaign"


def finished_campaign(folder: Path) -> dict[str, str]:
    """Run the campaign walk-through in ``folder``; what it leaves in camp/corpus/
    and camp/sources/ (the statement texts only), by path under camp/."""
    transcript(folder, STEPS)
    camp = folder / "camp"
    files = [*sorted((camp / "corpus").glob("*.yaml")), *sorted((camp / "sources").glob("*.txt"))]
    return {f.relative_to(camp).as_posix(): f.read_text(encoding="utf-8") for f in files}


def _cp(folder: Path, source: str, target: str) -> None:
    """``cp SOURCE TARGET``, from docs/examples/ alone."""
    assert source.startswith("docs/examples/"), f"a walk-through copies only examples: {source}"
    shutil.copy(folder / source, folder / target)


def transcript(folder: Path, steps: list[Step] = STEPS) -> tuple[str, list[int]]:
    """Run ``steps`` in ``folder``, beside a copy of docs/examples/; the transcript,
    and each simcli command's exit code."""
    import os

    runner = CliRunner()
    lines: list[str] = []
    codes: list[int] = []
    here = Path.cwd()
    shutil.copytree(EXAMPLES, folder / "docs" / "examples", dirs_exist_ok=True)
    os.chdir(folder)
    try:
        for step in steps:
            if isinstance(step, tuple):
                lines.append(step[0])
                step[1](folder)
                continue
            if step.startswith("#"):
                lines.append(step)
                continue
            if step.startswith("cp "):
                _cp(folder, *shlex.split(step)[1:])
                lines.append(f"$ {step}")
                continue
            result = runner.invoke(app, shlex.split(step)[1:], catch_exceptions=False)
            codes.append(result.exit_code)
            lines.append(f"$ {step}")
            lines += result.output.splitlines()
    finally:
        os.chdir(here)
    return "\n".join(lines) + "\n", codes


DIFF_STEPS: list[Step] = [
    "simcli init before --example",
    "simcli init after --example",
    "# add a statement: after/corpus/forum-2023-06.yaml",
    "cp docs/examples/forum-2023-06.yaml after/corpus/",
    "simcli diff before/corpus after/corpus --as-of 2024-01-01",
    "simcli diff before/corpus after/corpus --as-of 2024-01-01 --format markdown",
]
