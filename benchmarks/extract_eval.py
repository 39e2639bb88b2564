"""How well `simcli extract` drafts a corpus from its own source texts.

    python benchmarks/extract_eval.py [SOURCES]   # the bundled corpus; ../shared/sources
    python benchmarks/extract_eval.py tests/data/libraries/sources \\
        --data tests/data/libraries/corpus          # the second campaign, our own texts

For every source text of the bundled corpus, extract is run with the author of
its statement(s), and its candidates are set against the corpus's claims from
that text. A claim is *proposed* when a candidate's sentence contains its
quote; a candidate is *true* when it contains the quote of any claim of the
corpus, and *false* otherwise. Reported: recall of the demands (the target is
at least 90%), recall of all claims, true and false candidates (the target is
fewer false than true), every miss and every false candidate, and how often
the author read from the text alone (no --org) is the statement's.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from simcli import load_corpus
from simcli.extract import extract_statement
from simcli.quotes import SourceText
from simcli.sourcetext import read_source

DEFAULT_SOURCES = Path(__file__).resolve().parent.parent.parent / "shared" / "sources"


@dataclass
class Report:
    demands: int = 0
    demands_proposed: int = 0
    claims: int = 0
    claims_proposed: int = 0
    true_candidates: int = 0
    false_candidates: int = 0
    demand_kind_right: int = 0
    authors: int = 0
    authors_right: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def demand_recall(self) -> float:
        return self.demands_proposed / self.demands if self.demands else 1.0

    def summary(self) -> str:
        lines = [
            f"demands proposed: {self.demands_proposed}/{self.demands}"
            f" ({self.demand_recall:.0%}); proposed as demands: {self.demand_kind_right}",
            f"all claims proposed: {self.claims_proposed}/{self.claims}",
            f"candidates: {self.true_candidates} true, {self.false_candidates} false"
            f" ({self.false_candidates / max(self.true_candidates, 1):.2f} false per true)",
            f"author read from the text alone: {self.authors_right}/{self.authors} right",
        ]
        lines += [f"missed {m}" for m in self.misses]
        lines += [f"false  {f}" for f in self.false]
        return "\n".join(lines)


def evaluate(sources: Path, data: Path | None = None) -> Report:
    corpus = load_corpus(data)
    report = Report()
    by_source: dict[str, list] = {}
    for statement in corpus.statements:
        if statement.source:
            by_source.setdefault(statement.source, []).append(statement)
    for name, statements in sorted(by_source.items()):
        # a page that carries an endorsed statement is extracted as its publisher's
        author = next((s for s in statements if s.endorses), statements[0]).org
        text, page_title = read_source(sources / name, name)
        draft = extract_statement(text, corpus, source=name, org=author, page_title=page_title)
        report.authors += 1
        try:
            alone = extract_statement(text, corpus, source=name, page_title=page_title)
            report.authors_right += alone.org == author
        except ValueError:
            pass  # no author found: counted as wrong
        # a lead-in's demand proposes the list items written into it too
        found = [
            (c, SourceText("\n".join([c.quote, *getattr(c, "items", [])])))
            for c in draft.candidates
        ]
        claims = [claim for s in statements for claim in s.claims]
        for candidate, sentence in found:
            if any(sentence.find(claim.quote) for claim in claims):
                report.true_candidates += 1
            else:
                report.false_candidates += 1
                report.false.append(f"{name}:{candidate.line}: {candidate.kind}: {candidate.quote}")
        for claim in claims:
            proposed = [c for c, sentence in found if sentence.find(claim.quote)]
            report.claims += 1
            report.claims_proposed += bool(proposed)
            if claim.kind == "demand":
                report.demands += 1
                report.demands_proposed += bool(proposed)
                report.demand_kind_right += any(c.kind == "demand" for c in proposed)
            if not proposed:
                report.misses.append(f"{name}: {claim.id} ({claim.kind}): {claim.quote}")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="?", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--data", type=Path, help="the corpus (default: the bundled one)")
    args = parser.parse_args()
    if not args.sources.is_dir():
        sys.exit(f"no source texts at {args.sources}")
    print(evaluate(args.sources, args.data).summary())


if __name__ == "__main__":
    main()
