"""``simcli init``: a campaign's repository that works at once.

A new campaign gets a corpus folder with a starter codebook, a sources folder
for the full texts, a pre-commit configuration, a GitHub Actions workflow that
checks every pull request and shows what it changes, and a short README. With
``example=True`` the corpus folder starts as a copy of the bundled SIM corpus,
one file per statement. Nothing that exists is ever overwritten: the files are
all written, or (when one is in the way) none.
"""

from __future__ import annotations

import json
import os
import re
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

#: the actions the workflow uses, pinned by commit (a tag can be moved; a commit
#: cannot), with the release tag it was at in a comment: both from the actions'
#: published release tags
CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2"
SETUP_PYTHON = "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065  # v5.6.0"

WORKFLOW = """\
# Checks every change to the corpus, with annotations on the lines at fault; on a
# pull request writes what the change does to the answers in the job summary.
# Hardened as GitHub's guide asks (see simcli's README, "The workflow, reviewed"):
# no permission beyond reading the repository, no token left in .git/config,
# no expression pasted into a script, actions pinned by commit.
name: simcli
on:
  push:
  pull_request:
  schedule:
    - cron: "0 7 * * 1"  # Mondays: the accountability alarm below
permissions: {{}}
concurrency:  # a newer push to the same branch or pull request replaces a run
  group: simcli-${{{{ github.event_name }}}}-${{{{ github.ref }}}}
  cancel-in-progress: true
jobs:
  check:
    name: Check the corpus
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: {checkout}
        with:
          fetch-depth: 0  # diff needs the base of the pull request
          persist-credentials: false
      - uses: {setup_python}
        with:
          python-version: "3.12"
      - name: Install simcli
        env:
          SIMCLI: {install}
        run: python -m pip install "$SIMCLI"
      - name: Check the corpus and every quote
        run: simcli --data corpus check --sources sources --format github{allow}
      - name: What the change does to the answers (in the job summary)
        if: always() && github.event_name == 'pull_request'
        env:
          BASE_REF: ${{{{ github.base_ref }}}}
        run: >-
          simcli --data corpus diff --git "origin/$BASE_REF" --format markdown
          >> "$GITHUB_STEP_SUMMARY"
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
writes what the change does to the answers (`simcli diff`) in the run's job
summary; every Monday it runs `simcli unmet --fail-on-unmet`, which fails
while any demand is unmet: the accountability alarm. The workflow installs
what `simcli init --install` named (by default the simcli that wrote it); it
reads the repository with a read-only token it does not keep, and its
actions are pinned by commit. The pre-commit hook runs the simcli you have
installed.{missing}
"""


def default_install() -> str:
    """What pip installs for "simcli of this version": the very commit this simcli
    was installed from, when pip installed it from a git repository; else this
    version from the package index (``simcli==0.2.0``)."""
    from importlib import metadata

    try:
        text = metadata.distribution("simcli").read_text("direct_url.json")
        origin = json.loads(text) if text else {}
    except (metadata.PackageNotFoundError, ValueError):
        origin = {}
    vcs = origin.get("vcs_info") if isinstance(origin, dict) else None
    if not isinstance(vcs, dict) or vcs.get("vcs") != "git":
        return f"simcli=={__version__}"
    url, commit = str(origin.get("url", "")), str(vcs.get("commit_id", ""))
    # an address with nothing a shell or YAML could read otherwise, and a whole commit id
    if re.fullmatch(r"https://[^\s@\"'$`\\]+", url) and re.fullmatch(r"[0-9a-f]{40}", commit):
        return f"simcli @ git+{url}@{commit}"
    return f"simcli=={__version__}"


def plan(name: str, *, example: bool = False, install: str | None = None) -> list[Planned]:
    """The files of a new campaign called ``name``, relative to its folder.
    ``install`` is what the CI workflow gives pip for simcli (default:
    :func:`default_install`)."""
    install = json.dumps(install or default_install())
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
            WORKFLOW.format(
                install=install, allow=allow, checkout=CHECKOUT, setup_python=SETUP_PYTHON
            ),
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
    from simcli.read.yamlsrc import parse_yaml
    from simcli.store.load import bundled_corpus_path

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
