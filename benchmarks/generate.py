"""A deterministic synthetic corpus of N statements, valid under `simcli check`.

    python benchmarks/generate.py 10000 > big.yaml
    python benchmarks/generate.py 10000 --split DIR     # one file per statement

About six claims a statement, field lengths like the SIM corpus's, 200
organisations, 30 themes and an outcome for every 25 statements. The same N
always gives the same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

WORDS = " ".join(
    [
        "service users call review evidence police care crisis funding publish report trust",
        "coercion support compassion governance accountability coproduction independent halt",
        "national local community peer safety ethics legality data acceptability distress",
        "health mental emergency scheme model approach decision commission lessons learn",
    ]
).split()
ORG_KINDS = ["charity", "coalition", "public body", "user-led organisation"]
KINDS = ["demand", "demand", "demand", "concern", "position", "commitment", "welcome"]
STATUSES = ["met", "partly-met", "refused"]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def header(n_orgs: int = 200, n_themes: int = 30) -> str:
    rng = random.Random(1)
    lines = ["version: 1", "themes:"]
    for t in range(n_themes):
        lines += [
            f"  - id: theme-{t}",
            f"    label: {_q(_sentence(rng, 2, 4)[:-1])}",
            f"    description: {_q(_sentence(rng, 10, 20))}",
            f"    keywords: [{', '.join(rng.sample(WORDS, 4))}]",
        ]
    lines.append("organisations:")
    for o in range(n_orgs):
        lines += [
            f"  - id: org-{o}",
            f"    name: {_q('Organisation ' + str(o) + ' ' + rng.choice(WORDS).title())}",
            f"    short: O{o}",
            f"    aliases: [{_q('Org number ' + str(o))}]",
            f"    kind: {rng.choice(ORG_KINDS)}",
            f"    url: https://example.org/org-{o}/",
        ]
    return "\n".join(lines) + "\n"


def _date(s: int) -> tuple[int, int, int]:
    return 2015 + s % 10, 1 + s % 12, 1 + s % 28


def statement(s: int, n_orgs: int = 200, n_themes: int = 30) -> str:
    rng = random.Random(1000 + s)
    year, month, day = _date(s)
    lines = [
        f"  - id: st-{s}",
        f"    org: org-{s % n_orgs}",
        f"    title: {_q(_sentence(rng, 6, 12)[:-1])}",
        f"    date: {year}-{month:02d}-{day:02d}",
        f"    url: https://example.org/statements/{s}",
        f"    source: st-{s}.txt",
    ]
    if s % 7 == 3 and s > 0 and _date(s - 1) <= _date(s):  # one endorses what exists already
        lines.append(f"    endorses: [st-{s - 1}]")
    lines += [f"    summary: {_q(_sentence(rng, 25, 45))}", "    claims:"]
    for c in range(rng.randint(5, 7)):
        kind = KINDS[(s + c) % len(KINDS)]
        themes = sorted({f"theme-{rng.randrange(n_themes)}" for _ in range(rng.randint(1, 2))})
        lines += [
            f"      - id: st-{s}-c{c}",
            f"        kind: {kind}",
            f"        themes: [{', '.join(themes)}]",
        ]
        if kind == "demand":
            lines.append(f"        target: org-{(s * 7 + c) % n_orgs}")
        lines += [
            f"        text: {_q(_sentence(rng, 12, 25))}",
            f"        quote: {_q(_sentence(rng, 10, 22))}",
        ]
        if kind == "demand" and c % 3 == 0:
            lines.append(f"        deadline: {year + 1}-{month:02d}")
    return "\n".join(lines) + "\n"


def outcomes(n: int, n_themes: int = 30) -> str:
    rng = random.Random(7)
    lines = ["outcomes:"]
    for o in range(max(n // 25, 1)):
        lines += [
            f"  - id: outcome-{o}",
            f"    date: {2016 + o % 10}-{1 + o % 12:02d}",
            f"    actor: org-{o % 200}",
            f"    title: {_q(_sentence(rng, 6, 12)[:-1])}",
            f"    url: https://example.org/outcomes/{o}",
            "    effects:",
        ]
        for e in range(rng.randint(1, 3)):
            lines += [
                f"      - theme: theme-{(o + e) % n_themes}",
                f"        status: {STATUSES[(o + e) % 3]}",
                f"        note: {_q(_sentence(rng, 8, 16))}",
            ]
    return "\n".join(lines) + "\n"


def corpus(n: int) -> str:
    """The whole corpus of ``n`` statements as one YAML text."""
    body = "".join(statement(s) for s in range(n))
    return header() + "statements:\n" + body + outcomes(n)


def split(n: int, folder: Path) -> None:
    """The same corpus as a directory: a header file, one file per statement, outcomes."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_corpus.yaml").write_text(header() + outcomes(n), encoding="utf-8")
    for s in range(n):
        text = "version: 1\nstatements:\n" + statement(s)
        (folder / f"st-{s:05d}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, help="number of statements")
    parser.add_argument("--split", type=Path, help="write a directory corpus here instead")
    args = parser.parse_args()
    if args.split:
        split(args.n, args.split)
    else:
        sys.stdout.write(corpus(args.n))


if __name__ == "__main__":
    main()
