"""``simcli init``: a campaign's repository that works at once.

A new campaign gets a corpus folder with a starter codebook, a sources folder
for the full texts, a pre-commit configuration, a GitHub Actions workflow that
checks every pull request and posts what it changes, and a short README. With
``example=True`` the corpus folder starts as a copy of the bundled SIM corpus,
one file per statement. Nothing that exists is ever overwritten: the files are
all written, or (when one is in the way) none.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from simcli._version import __version__


class InitError(ValueError):
    """The campaign cannot be laid out there (a file is in the way)."""


@dataclass(frozen=True)
class Planned:
    """One file ``init`` writes: its path inside the campaign folder, and its text."""

    path: str
    text: str


CODEBOOK = """\
# The codebook: the themes that claims are coded with, so that differently
# worded calls can be compared. Each theme has an id (letters, digits, '.',
# '_' or '-'), a label, a description and, for `simcli extract`, keywords that
# suggest it. Add a theme for each thing your campaign's statements ask for.
version: 1
themes:
  - id: respond
    label: Respond in public
    description: >-
      Answer the campaign's statement or letter in public, saying what has
      been done about it.
    keywords: [respond, reply]
"""

ORGANISATIONS = """\
# The organisations: authors of statements, the bodies they make demands of,
# and the actors of outcomes. `simcli extract` adds one when a statement's
# author is new to the corpus; review its kind and short name. For example:
#
#   - id: northtown-council
#     name: Northtown Borough Council
#     short: NBC
#     aliases: [the council]
#     kind: public body
organisations: []
"""

OUTCOMES = """\
# What happened after the calls: decisions, letters, reviews. An outcome
# whose effects name a theme answers the demands on that theme made of its
# actor before it; `simcli unmet` then counts them met, partly met or refused.
# For example:
#
#   - id: council-2024-04-02
#     date: 2024-04-02
#     actor: northtown-council
#     title: The council's cabinet decides to keep the libraries open
#     url: https://www.example.org/...
#     after: [the-statement-it-answers]
#     effects:
#       - {theme: respond, status: met, note: In our own words, why.}
outcomes: []
"""

SOURCES_README = """\
# Sources

The full text of each statement, saved under the name in its `source:` field
(plain text, Markdown, or the web page saved as `.html`). `simcli check
--sources sources` looks up every quote in it. Keep the texts you may
share; simcli quotes them only in short passages.
"""

PRE_COMMIT = """\
# Checks the corpus before every commit (https://pre-commit.com), with the
# simcli installed where you commit: a local hook needs no address to fetch.
repos:
  - repo: local
    hooks:
      - id: simcli-check
        name: simcli check
        entry: simcli --data corpus check --sources sources{allow}
        language: system
        pass_filenames: false
        files: ^(corpus|sources)/
"""

WORKFLOW = """\
# Checks every change to the corpus, with annotations on the lines at fault,
# and on a pull request posts what the change does to the answers.
name: simcli
on:
  push:
  pull_request:
  schedule:
    - cron: "0 7 * * 1"  # Mondays: the accountability alarm below
permissions:
  contents: read
  pull-requests: write
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # diff needs the base of the pull request
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install simcli
        env:
          SIMCLI: {install}
        run: |
          if [ -z "$SIMCLI" ]; then
            echo "::error::Set the repository variable SIMCLI_INSTALL to what pip" \\
              "installs simcli from (e.g. git+https://.../simcli@v{version})."
            exit 1
          fi
          python -m pip install "$SIMCLI"
      - name: Check the corpus and every quote
        run: simcli --data corpus check --sources sources --format github{allow}
      - name: What the change does to the answers
        if: always() && github.event_name == 'pull_request'
        continue-on-error: true  # a pull request from a fork cannot comment
        env:
          GH_TOKEN: ${{{{ github.token }}}}
        run: |
          simcli --data corpus diff --git "origin/${{{{ github.base_ref }}}}" \\
            --format markdown > diff.md
          gh pr comment "${{{{ github.event.number }}}}" --body-file diff.md
      - name: Unmet demands (fails while any is unmet)
        if: github.event_name == 'schedule'
        run: simcli --data corpus unmet --fail-on-unmet
"""

README = """\
# {name}

The public statements of this campaign as data, for
simcli {version}: who demanded what, of
whom and when; where organisations agree; which calls are still unmet.

- `corpus/`: the data, one file per statement (`simcli schema --fragment`
  describes a file); `codebook.yaml` holds the themes, `organisations.yaml`
  the organisations and `outcomes.yaml` what happened.
- `sources/`: the full text of each statement, under the name in its
  `source:` field.

## Add a statement

```sh
cp ~/Downloads/statement.txt sources/new-statement.txt
simcli --data corpus extract sources/new-statement.txt --out corpus/new-statement.yaml
# review corpus/new-statement.yaml: write every TODO in your own words
simcli --data corpus check --sources sources{allow}
```

`check` exits 1 while a TODO is left or a quote is not in its source.

## Ask the data

```sh
simcli --data corpus demands
simcli --data corpus unmet
simcli --data corpus report --out briefing.html
```

Every pull request is checked by `.github/workflows/simcli.yml`, which also
posts what the change does to the answers (`simcli diff`); every Monday it
runs `simcli unmet --fail-on-unmet`, which fails while any demand is unmet:
the accountability alarm. The workflow installs simcli from the repository
variable `SIMCLI_INSTALL` (what `pip install` takes), unless `simcli init
--install` wrote it in. The pre-commit hook runs the simcli you have
installed.{missing}
"""


def plan(name: str, *, example: bool = False, install: str | None = None) -> list[Planned]:
    """The files of a new campaign called ``name``, relative to its folder.
    ``install`` is what the CI workflow gives pip for simcli; without it, the
    workflow reads the repository variable ``SIMCLI_INSTALL``."""
    install = json.dumps(install) if install else "${{ vars.SIMCLI_INSTALL }}"
    # the bundled texts are not shipped: an example campaign expects them missing
    allow = " --allow-missing" if example else ""
    files = [
        Planned(
            "README.md",
            README.format(
                name=name,
                version=__version__,
                allow=allow,
                missing=(
                    "\n\nThe example's source texts are not shipped with simcli, so its checks"
                    " pass --allow-missing;\nonce you have the texts in sources/, drop it, so"
                    " that a new statement\nwithout its text is caught."
                    if example
                    else ""
                ),
            ),
        ),
        Planned("sources/README.md", SOURCES_README),
        Planned(
            ".pre-commit-config.yaml",
            PRE_COMMIT.format(allow=allow),
        ),
        Planned(
            ".github/workflows/simcli.yml",
            WORKFLOW.format(install=install, allow=allow, version=__version__),
        ),
    ]
    if example:
        files += [Planned(f"corpus/{n}", t) for n, t in split_bundled()]
    else:
        files += [
            Planned("corpus/codebook.yaml", CODEBOOK),
            Planned("corpus/organisations.yaml", ORGANISATIONS),
            Planned("corpus/outcomes.yaml", OUTCOMES),
        ]
    return files


def split_bundled() -> list[tuple[str, str]]:
    """The bundled corpus as a folder: ``codebook.yaml`` (version and themes),
    ``organisations.yaml``, ``outcomes.yaml`` and one file per statement, each
    cut from the bundled text itself so that its comments and layout stay."""
    from simcli.load import bundled_corpus_path
    from simcli.yamlsrc import parse_yaml

    text = bundled_corpus_path().read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    root = parse_yaml(text, "statements.yaml").document.root
    assert root is not None
    sections = {key.value: value for key, value in root.value}
    starts = sorted(key.start_mark.line for key, _ in root.value)

    def section_end(key: str) -> int:
        line = next(k.start_mark.line for k, _ in root.value if k.value == key)
        later = [s for s in starts if s > line]
        return later[0] if later else len(lines)

    def cut(key: str) -> str:
        line = next(k.start_mark.line for k, _ in root.value if k.value == key)
        return "".join(lines[line : section_end(key)]).rstrip("\n") + "\n"

    header = "".join(line for line in lines[: starts[0]] if not line.startswith("# yaml-"))
    out = [
        ("codebook.yaml", header + "version: 1\n\n" + cut("themes")),
        ("organisations.yaml", cut("organisations")),
        ("outcomes.yaml", cut("outcomes")),
    ]
    items = sections["statements"].value
    end = section_end("statements")
    for n, item in enumerate(items):
        first = item.start_mark.line
        last = items[n + 1].start_mark.line if n + 1 < len(items) else end
        # comment lines just above an item belong to it
        while first > 0 and lines[first - 1].lstrip().startswith("#"):
            first -= 1
        ident = next(v.value for k, v in item.value if k.value == "id")
        body = "".join(lines[first:last]).rstrip("\n") + "\n"
        out.append((f"{ident}.yaml", "statements:\n" + body))
    return out


def init(folder: Path, *, example: bool = False, install: str | None = None) -> list[Path]:
    """Lay out a campaign in ``folder`` (made if need be); the paths written.

    Raises :class:`InitError` before writing anything when a file it would
    write exists already."""
    planned = plan(folder.resolve().name or "campaign", example=example, install=install)
    in_the_way = [p.path for p in planned if os.path.lexists(folder / p.path)]
    if in_the_way:
        raise InitError(
            f"{folder}: {', '.join(in_the_way)} exist{'s' if len(in_the_way) == 1 else ''}"
            " already; init never overwrites a file (choose an empty folder)"
        )
    written = []
    for p in planned:
        path = folder / p.path
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as out:
            out.write(p.text)
        written.append(path)
    return written
