"""A one-file briefing: the unmet calls first, then who raised what (a heatmap),
a timeline of statements and outcomes, and every claim with its quote and link.

:func:`briefing` gathers it from the analysis modules; :func:`report_html` and
:func:`report_markdown` write it out. The HTML is one self-contained file:
inline CSS and SVG, no scripts, nothing fetched (its Content-Security-Policy
forbids it), readable on a phone and in print.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shlex
import urllib.parse
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from simcli._version import __version__
from simcli.analysis import Answer, ClaimRow, DemandQuery, claim_rows_apart
from simcli.compare import Comparison, compare
from simcli.corpus import Corpus
from simcli.dates import as_of_day
from simcli.model import Statement
from simcli.overview import TimelineEntry, timeline
from simcli.render import (
    PAGE_FORMATS,
    Output,
    markdown_text,
    plural,
    rendered,
    safe_url,
    visible,
)
from simcli.unmet import UnmetGroup, unmet
from simcli.views import kind_legend, kind_letters, possibly_made

REPORT_FORMATS = PAGE_FORMATS
#: the heatmap's columns at most: the organisations with most claims (more cannot be read)
HEATMAP_ORGS = 50
#: a corpus of more statements than this is summarised: top lists, counts, and the full
#: lists in a companion CSV (a page of every claim of 100,000 statements is 400 MB)
FULL_UP_TO = 200
TOP_DEMANDS = 5  # a summarised theme's longest-open demands
TOP_RECORDS = 50  # the summarised timeline's latest records, and organisations counted


@dataclass
class Briefing:
    """Everything a report shows, computed once."""

    title: str
    as_of: dt.date
    corpus: Corpus
    unmet: list[UnmetGroup]
    comparison: Comparison
    timeline: list[TimelineEntry]
    claims: dict[str, list[ClaimRow]]  # statement id -> its claims, in order
    #: summarised (a large corpus): top lists and counts, every claim in ``companion``
    large: bool = False
    #: the companion CSV with every claim and outcome, when the page is written to a file
    companion: str | None = None

    def more(self) -> str:
        """Where the full lists of a summarised page are."""
        if self.companion:
            return f"every claim, with its quote and status, is in {self.companion}"
        return f"{self.command('export --format csv')} gives every claim, with its quote and status"

    def command(self, rest: str) -> str:
        """A simcli command line for this corpus (``--data`` unless it is the bundled one)."""
        from simcli.load import bundled_corpus_path

        path = self.corpus.path
        if path is None or path == bundled_corpus_path():
            return f"simcli {rest}"
        return f"simcli --data {shlex.quote(self.corpus.name)} {rest}"

    @property
    def statements(self) -> list[Statement]:
        return sorted(self.corpus.statements, key=lambda s: self.corpus.chronology.sort_key(s.id))

    def not_counted(self) -> str:
        """The demands possibly made by the day, but not certainly: named, not counted."""
        return possibly_made(self.corpus, getattr(self.unmet, "possibly", []), self.as_of)

    def nothing_unmet(self) -> str:
        """What to say when no demand is unmet: never "all met" of no demands."""
        time = self.corpus.chronology
        made = [
            claim
            for statement, claim in self.corpus.claims()
            if claim.kind == "demand" and time.certain_by(statement.id, self.as_of)
        ]
        if not any(claim.kind == "demand" for _, claim in self.corpus.claims()):
            return "The corpus holds no demands yet."
        if not made:
            return f"No demand in the corpus had certainly been made by {self.as_of}."
        return f"Every demand made by {self.as_of} has been met."

    def lede(self) -> str:
        """Three or four sentences from the data: who asked for what, of whom and when;
        the outcome that answered most; what is still unmet, and for how long."""
        corpus, time = self.corpus, self.corpus.chronology
        # the demands certainly made by the day, between the first and last days they
        # can have been made on
        made = [
            (s, c)
            for s, c in corpus.claims()
            if c.kind == "demand" and time.certain_by(s.id, self.as_of)
        ]
        if not made:
            return self.nothing_unmet()
        authors = list(dict.fromkeys(corpus.author(s).label for s, _ in made))
        targets = Counter(c.target for _, c in made if c.target)
        first = min(time.earliest(s.id) for s, _ in made)
        last = max(time.latest(s.id) for s, _ in made)
        by = _names(authors) if len(authors) <= 3 else f"{len(authors)} organisations"
        said = f"{by} made {plural(len(made), 'demand')} between {_month(first)}"
        said += f" and {_month(last)}"
        if targets:
            target, asked = targets.most_common(1)[0]
            said += f", {asked:,} of them of {corpus.org(target).name}."
        else:
            said += "."
        answers = [
            o for o in corpus.outcomes if any(e.status in ("met", "partly-met") for e in o.effects)
        ]
        answers = [o for o in answers if time.certain_by(o.id, self.as_of)]
        if answers:
            best = max(
                answers,
                key=lambda o: (sum(e.status != "refused" for e in o.effects), time.sort_key(o.id)),
            )
            said += f" The outcome that answered most came on {best.date} ({best.title})."
        unmet_ids = {r.claim.id for g in self.unmet for r in g.demands}
        if not self.unmet:
            return f"{said} {self.nothing_unmet()}"
        oldest = max(self.unmet, key=lambda g: g.open_days)
        said += (
            f" As of {self.as_of}, {plural(len(unmet_ids), 'demand')} on"
            f" {plural(len(self.unmet), 'theme')} are not met; {oldest.theme.label} has been"
            f" waiting longest, since {oldest.since} ({oldest.open_days:,} days)."
        )
        return said

    def summary(self) -> str:
        corpus = self.corpus
        demands = sum(1 for _, claim in corpus.claims() if claim.kind == "demand")
        unmet_demands = len({r.claim.id for g in self.unmet for r in g.demands})
        authors = len({s.org for s in corpus.statements})
        events = sum(1 for o in corpus.outcomes if not o.effects)
        happened = plural(len(corpus.outcomes) - events, "outcome")
        if events:
            happened += f" and {plural(events, 'event')}"
        return (
            f"{plural(len(corpus.statements), 'statement')} by {plural(authors, 'organisation')},"
            f" {plural(corpus.claim_count(), 'claim')} of which {plural(demands, 'demand')},"
            f" {happened}. As of {self.as_of},"
            f" {plural(unmet_demands, 'demand')} on {plural(len(self.unmet), 'theme')} are not met."
        )


def _month(day: dt.date) -> str:
    return day.strftime("%B %Y")


def _names(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"


def briefing(corpus: Corpus, as_of: dt.date | None = None, title: str | None = None) -> Briefing:
    """Gather a briefing on ``corpus`` as of a day (default: today)."""
    day = as_of_day(as_of)
    # no orgs: no "via"; the claims certainly made by the day, and those possibly made
    all_rows = Answer(*claim_rows_apart(corpus, DemandQuery(kind="all", as_of=day)))
    rows: dict[str, list[ClaimRow]] = {}
    for row in all_rows:
        rows.setdefault(row.statement.id, []).append(row)
    for listed in rows.values():
        listed.sort(key=lambda r: r.position)
    about = corpus.data.title
    return Briefing(
        title=title or (f"{about}: who asked for what" if about else "Who asked for what"),
        as_of=day,
        corpus=corpus,
        unmet=unmet(corpus, day, all_rows=all_rows),
        comparison=compare(corpus, as_of=day, all_rows=all_rows, most=HEATMAP_ORGS),
        timeline=timeline(corpus),
        claims=rows,
        large=len(corpus.statements) > FULL_UP_TO,
    )


@dataclass(frozen=True)
class OrgCount:
    """How much one organisation said, for a summarised page."""

    name: str
    statements: int
    claims: int
    demands: int
    unmet: int


def org_counts(brief: Briefing) -> list[OrgCount]:
    """The organisations with most claims (at most :data:`TOP_RECORDS`), with counts."""
    unmet_ids = {r.claim.id for g in brief.unmet for r in g.demands}
    counts: dict[str, list[int]] = {}
    for rows in brief.claims.values():
        for row in rows:
            tally = counts.setdefault(row.org.id, [0, 0, 0, 0])
            tally[1] += 1
            tally[2] += row.claim.kind == "demand"
            tally[3] += row.claim.id in unmet_ids
    for statement in brief.corpus.statements:  # those made by the day, as the claims are
        if brief.corpus.chronology.certain_by(statement.id, brief.as_of):
            counts.setdefault(statement.org, [0, 0, 0, 0])[0] += 1
    order = sorted(counts, key=lambda org: (-counts[org][1], org))[:TOP_RECORDS]
    return [OrgCount(brief.corpus.org(org).name, *counts[org]) for org in order]


def _shown(brief: Briefing, group: UnmetGroup) -> tuple[tuple[ClaimRow, ...], int]:
    """A theme's demands as the page lists them, and how many it leaves to the CSV."""
    if not brief.large or len(group.demands) <= TOP_DEMANDS:
        return group.demands, 0

    def waited(row: ClaimRow) -> int:
        return row.status.open_days or 0 if row.status is not None else 0

    longest = sorted(group.demands, key=waited, reverse=True)[
        :TOP_DEMANDS
    ]  # stable: ties keep order
    kept = {id(row) for row in longest}
    return tuple(r for r in group.demands if id(r) in kept), len(group.demands) - TOP_DEMANDS


def _listed(brief: Briefing) -> tuple[list[tuple[int, TimelineEntry]], int]:
    """The timeline's records as the page lists them (numbered), and how many earlier
    ones a summarised page leaves out."""
    numbered = list(enumerate(brief.timeline, 1))
    if not brief.large or len(numbered) <= TOP_RECORDS:
        return numbered, 0
    return numbered[-TOP_RECORDS:], len(numbered) - TOP_RECORDS


# --- HTML ----------------------------------------------------------------------

CSS = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5a5a5a; --line: #d0d0d0;
  --accent: #7a1f3d; --open: #b3261e; --refused: #6a1b9a; --partly: #8a5a00;
  --met: #1e6b33; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .2rem 0 .4rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem;
  margin-top: 1.6rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .3rem; }
p.lede { font-size: 1.05rem; }
.muted, .meta { color: var(--muted); font-size: .9rem; }
a { color: var(--accent); overflow-wrap: anywhere; }
blockquote { margin: .3rem 0 .3rem 0; padding: .1rem .8rem; border-left: 3px solid var(--line);
  font-style: italic; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .8rem;
  font-weight: 600; color: #fff; background: var(--muted); white-space: nowrap; }
.badge.open { background: var(--open); }
.badge.refused { background: var(--refused); }
.badge.partly-met { background: var(--partly); }
.badge.met { background: var(--met); }
.kind { font-variant: small-caps; font-weight: 600; color: var(--accent); }
.unmet-theme { border: 1px solid var(--line); border-radius: .4rem; padding: .3rem .9rem .6rem;
  margin: .8rem 0; }
.unmet-theme ul, .claims ul { padding-left: 1.1rem; }
.unmet-theme li, .claims li { margin: .45rem 0; }
.outcome { background: #f6f4f1; padding: .4rem .7rem; border-radius: .3rem; font-size: .95rem; }
.scroll { overflow-x: auto; }
table.heatmap { border-collapse: collapse; font-size: .85rem; }
table.heatmap th, table.heatmap td { border: 1px solid #fff; padding: .1rem .45rem;
  text-align: center; }
table.heatmap th[scope=row] { text-align: left; font-weight: normal; white-space: nowrap; }
table.heatmap th:first-child { position: sticky; left: 0; z-index: 1; background: #fff; }
details > summary { cursor: pointer; }
.nobr { white-space: nowrap; }
table.unmet { border-collapse: collapse; font-size: .92rem; width: 100%; }
table.unmet th, table.unmet td { text-align: left; vertical-align: top; padding: .25rem .5rem;
  border-bottom: 1px solid var(--line); }
table.unmet thead th { font-size: .85rem; color: var(--muted); }
table.unmet th[scope=row] { min-width: 9rem; }
table.unmet ul { padding-left: 1rem; margin: .3rem 0; }
table.unmet li { margin: .3rem 0; }
table.unmet th:first-child { position: sticky; left: 0; background: #fff; }
table.heatmap thead th { vertical-align: bottom; }
table.heatmap td { min-width: 3.2rem; font-family: ui-monospace, Menlo, Consolas, monospace; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: .85rem; margin: .4rem 0; }
.swatch { display: inline-block; width: 1rem; height: 1rem; vertical-align: -.2rem;
  border: 1px solid var(--line); }
svg.timeline { width: 100%; max-width: 54rem; height: auto; min-width: 34rem; }
ol.events { padding-left: 1.6rem; }
ol.events li { margin: .3rem 0; }
footer { margin-top: 3rem; border-top: 1px solid var(--line); padding-top: .5rem; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media (max-width: 36rem) {
  body { padding: .6rem; font-size: 15px; }
  h1 { font-size: 1.35rem; }
  table.unmet, table.unmet tbody, table.unmet tr, table.unmet th, table.unmet td {
    display: block; }
  table.unmet thead { display: none; }
  table.unmet tr { border-bottom: 1px solid var(--line); padding: .3rem 0; }
  table.unmet th, table.unmet td { border: 0; padding: .1rem 0; }
  table.unmet th:first-child { position: static; }
}
@media print {
  body { max-width: none; font-size: 11pt; padding: 0; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  li, .outcome, blockquote, tr, svg.timeline { break-inside: avoid; }
  .scroll { overflow: visible; }
  svg.timeline { min-width: 0; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .8em;
    color: var(--muted); overflow-wrap: anywhere; }
}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"


def _e(text: object) -> str:
    """Data as HTML text: escaped, and direction or control characters written out."""
    return html.escape(visible(str(text)), quote=True)


_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")


def _dated(text: object) -> str:
    """:func:`_e`, with every date kept on one line (a phone would break it at a hyphen)."""
    return _DATE.sub(lambda m: f'<span class="nobr">{m.group()}</span>', _e(text))


def _link(url: str | None, text: str) -> str:
    if not url or not url.startswith(("https://", "http://")):
        return _e(text)
    return f'<a href="{_e(safe_url(url))}" rel="noopener noreferrer">{_e(text)}</a>'


def _badge(status: str, said: str = "") -> str:
    """A status in its colour; ``said`` words it otherwise (``met late``)."""
    return f'<span class="badge {_e(status)}">{_e(said or status)}</span>'


def _unmet_html(brief: Briefing) -> list[str]:
    """The unmet calls, compactly: a row per theme (its status, since when, who asked,
    the latest outcome), each demand's words and quote and the outcome's evidence
    a click away."""
    out = ['<section id="unmet" aria-labelledby="unmet-h">']
    out.append(f'<h2 id="unmet-h">Unmet calls, as of {brief.as_of}</h2>')
    apart = brief.not_counted()
    if not brief.unmet:
        out.append(f"<p>{_e(brief.nothing_unmet())}</p>")
        if apart:
            out.append(f'<p class="muted">{_e(apart)}</p>')
        out.append("</section>")
        return out
    out.append(
        '<div class="scroll"><table class="unmet"><thead><tr><th scope="col">Call</th>'
        '<th scope="col">Status</th><th scope="col">Waiting since</th>'
        '<th scope="col">Asked by</th><th scope="col">Latest outcome</th></tr></thead><tbody>'
    )
    for group in brief.unmet:
        theme = group.theme
        passed = "; deadline passed" if group.deadline_passed else ""
        askers = list(dict.fromkeys(r.org.label for r in group.demands))
        lines = []
        shown, more = _shown(brief, group)
        for row in shown:  # one line each, the quote with it
            via = f", via {_e(row.via_label)}" if row.via is not None else ""
            deadline = f"; deadline {row.claim.deadline}" if row.claim.deadline else ""
            lines.append(
                f'<li id="unmet-{_e(theme.id)}-{_e(row.claim.id)}"><strong>{_e(row.org.label)}'
                f"</strong> ({row.statement.date}{via}), of {_e(_target(brief, row))}"
                f"{deadline}: {_e(row.claim.text)}"
                f"<blockquote>\u201c{_e(row.claim.quote)}\u201d</blockquote>"
                f"{_claim_ref(brief, row.claim.id)}</li>"
            )
        if more:
            lines.append(
                f'<li class="muted">and {more:,} more (the {TOP_DEMANDS} waiting longest are'
                f" above): {_more_html(brief)}</li>"
            )
        if brief.large and len(askers) > TOP_DEMANDS:
            askers = [*askers[:TOP_DEMANDS], f"{len(askers) - TOP_DEMANDS:,} more"]
        asked = (
            f"<details><summary>{_e(', '.join(askers))}"
            f" ({plural(len(group.demands), 'demand')})</summary><ul>{''.join(lines)}</ul>"
            "</details>"
        )
        latest = group.latest_outcome
        if latest is None:
            outcome = '<span class="muted">none yet</span>'
        else:
            o = latest.outcome
            evidence = "".join(
                f'<br><span class="muted">Evidence ({_e(ev.statement)}):</span>'
                f" \u201c{_e(ev.quote)}\u201d"
                for ev in o.evidence
            )
            source = (
                f'<br><span class="muted">Source:</span> {_link(o.url, o.url)}' if o.url else ""
            )
            context = "" if latest.answers else " (context: it answers none of these)"
            outcome = (
                f'<details><summary><span class="nobr">{o.date}</span>: {_e(o.title)}'
                f" {_badge(latest.status)}{context}"
                f"</summary>{_e(latest.lead)}. {_e(latest.note)}{evidence}{source}</details>"
            )
        out.append(
            f'<tr id="unmet-{_e(theme.id)}"><th scope="row">{_e(theme.label)}</th>'
            f"<td>{_badge(group.status)}</td>"
            f'<td><span class="nobr">{group.since}</span><br>{group.open_days:,} days{passed}</td>'
            f"<td>{asked}</td><td>{outcome}</td></tr>"
        )
    out.append("</tbody></table></div>")
    if apart:
        out.append(f'<p class="muted">{_e(apart)}</p>')
    out.append("</section>")
    return out


def _claim_ref(brief: Briefing, claim_id: str) -> str:
    """A claim's id, linked to its place in "Every claim" (which a summarised page has not)."""
    if brief.large:
        return f'<span class="muted">{_e(claim_id)}</span>'
    return f'<a class="muted" href="#{_e(claim_id)}">{_e(claim_id)}</a>'


def _target(brief: Briefing, row: ClaimRow) -> str:
    if not row.claim.target:
        return "no one named"
    return brief.corpus.org(row.claim.target).label


def _heat(rows: list[ClaimRow]) -> tuple[str, str]:
    """A cell's background and ink: darker for more claims, darkest with a demand."""
    if not rows:
        return "#ffffff", "#1b1b1b"
    demands = sum(r.claim.kind == "demand" for r in rows)
    weight = min(1.0, (3 * demands + len(rows)) / 8)
    if demands:
        weight = max(weight, 0.55)
    return f"hsl(340, 55%, {round(96 - weight * 52)}%)", "#fff" if demands else "#1b1b1b"


def _matrix_html(brief: Briefing) -> list[str]:
    comp = brief.comparison
    out = ['<section id="compare" aria-labelledby="compare-h">']
    out.append('<h2 id="compare-h">Who raised what</h2>')
    out.append(
        "<p>Each row is a theme of the codebook, each column an organisation; the darker"
        " the cell, the more it said on the theme, darkest where it made a demand."
        " Demands an organisation endorsed count for it too.</p>"
    )
    if comp.left_out:
        out.append(f'<p class="muted">{_e(_left_out(brief))}</p>')
    out.append('<div class="scroll"><table class="heatmap" id="matrix"><thead><tr>')
    out.append('<th scope="col">Theme</th>')
    out += [f'<th scope="col" id="matrix-{_e(c.id)}">{_e(c.label)}</th>' for c in comp.columns]
    out.append("</tr></thead><tbody>")
    for theme in comp.themes:
        cells = comp.matrix[theme.id]
        out.append(f'<tr><th scope="row" title="{_e(theme.id)}">{_e(theme.label)}</th>')
        for column in comp.columns:
            rows = cells.get(column.id, [])
            colour, ink = _heat(rows)
            if brief.large and rows:  # a count: thousands of ids would be most of the page
                said = plural(len(rows), "claim")
                demands = sum(r.claim.kind == "demand" for r in rows)
                label = f"{column.label}, {theme.label}: {said}, {plural(demands, 'demand')}"
            else:
                ids = ", ".join(r.claim.id for r in rows)
                label = f"{column.label}, {theme.label}: {ids}" if ids else "nothing"
            out.append(
                f'<td style="background:{colour};color:{ink}" title="{_e(label)}"'
                f' data-claims="{len(rows)}">{_e(kind_letters(rows))}</td>'
            )
        out.append("</tr>")
    out.append("</tbody></table></div>")
    kinds = kind_legend(comp).rstrip(".").split("; ")[0]  # the letters the heatmap shows
    out.append(
        '<p class="legend">'
        + "".join(f"<span>{_e(item)}</span>" for item in kinds.split(", ") if item)
        + '<span><span class="swatch" style="background:hsl(340, 55%, 91%)"></span> a mention'
        '</span><span><span class="swatch" style="background:hsl(340, 55%, 44%)"></span>'
        " demands</span></p>"
    )
    if comp.agreement:
        best = comp.agreement[0]
        names = {c.id: c.label for c in comp.columns}
        shared = ", ".join(best.shared) or "none"
        either = comp.demand_themes(best.a) | comp.demand_themes(best.b)
        out.append(
            f"<p>Closest in their demands: {_e(names[best.a])} and {_e(names[best.b])}"
            f" (they share {len(best.shared)} of the {len(either)} demand themes either raises:"
            f" {_e(shared)}).</p>"
        )
    out.append("</section>")
    return out


def _left_out(brief: Briefing) -> str:
    comp = brief.comparison
    shown = len(comp.columns)
    where = brief.more() if brief.large else "their claims are listed below"
    return (
        f"The heatmap shows the {shown:,} organisations with most claims, endorsed ones"
        f" included; {plural(comp.left_out, 'other organisation')} with demands"
        f" {'is' if comp.left_out == 1 else 'are'} left out ({where})."
    )


def _span(entries: Iterable[TimelineEntry]) -> tuple[dt.date, dt.date]:
    dates = list(entries)
    start = min(e.earliest for e in dates)
    end = max(e.latest for e in dates)
    return dt.date(start.year, 1, 1), dt.date(end.year, 12, 31)


MAX_MARKERS = 60  # more entries than this are drawn as counts per month


class _Scale:
    """Days to x positions across whole years, and the axis drawn with them."""

    def __init__(self, entries: list[TimelineEntry], left: float, right: float) -> None:
        self.start, self.end = _span(entries)
        self.left, self.right = left, right
        self.days = max((self.end - self.start).days, 1)

    def x(self, day: dt.date) -> float:
        return self.left + (self.right - self.left) * (day - self.start).days / self.days

    def axis(self, mid: float) -> list[str]:
        parts = [
            f'<line x1="{self.left}" y1="{mid}" x2="{self.right}" y2="{mid}" stroke="#5a5a5a"'
            ' stroke-width="1.5"/>'
        ]
        last = _day_after(self.end)
        for year in range(self.start.year, min(self.end.year + 2, dt.MAXYEAR + 1)):
            tick = self.x(min(dt.date(year, 1, 1), last))
            parts.append(
                f'<line x1="{tick:.1f}" y1="{mid - 5}" x2="{tick:.1f}" y2="{mid + 5}"'
                ' stroke="#5a5a5a"/>'
            )
            if year <= self.end.year:
                parts.append(
                    f'<text x="{self.x(dt.date(year, 7, 1)):.1f}" y="{mid + 17}" font-size="12"'
                    f' text-anchor="middle" fill="#5a5a5a">{year}</text>'
                )
        return parts


def _day_after(day: dt.date) -> dt.date:
    """The next day; the last day there is (9999-12-31) has none, so itself."""
    return day if day == dt.date.max else day + dt.timedelta(days=1)


def _svg_open(height: float, title: str, width: int = 800) -> str:
    return (
        f'<svg class="timeline" id="timeline" viewBox="0 0 {width} {height:.0f}" role="img"'
        ' aria-labelledby="timeline-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="timeline-title">{_e(title)}</title>'
    )


def _timeline_svg(entries: list[TimelineEntry], names: dict[str, str] | None = None) -> str:
    """Statements above the axis, outcomes and events below; a record that can
    fall on more than one day (a date known only to the month or year, narrowed
    by the order of events) is drawn as a bar across those days. Markers that would touch are
    stacked in lanes. Each marker is labelled in place with who and when (``names``
    gives the organisations' short names), its number matching the list below.
    Past :data:`MAX_MARKERS` entries, counts per month instead."""
    if not entries:
        return ""
    if len(entries) > MAX_MARKERS:
        return _density_svg(entries)
    lane_height = 24
    scale = _Scale(entries, 20, 780)
    placed: list[tuple[int, TimelineEntry, float, float, int]] = []
    lanes: dict[str, list[float]] = {"statement": [], "outcome": []}
    labels = {e.id: f"{(names or {}).get(e.who, e.who)} {e.date}" for e in entries}
    for number, entry in enumerate(entries, 1):
        a = scale.x(entry.earliest)
        z = scale.x(_day_after(entry.latest))
        if entry.earliest == entry.latest:
            a, z = a - 10, a + 10
        ends = lanes[entry.side]
        lane = next((i for i, last in enumerate(ends) if last + 6 <= a), len(ends))
        if lane == len(ends):
            ends.append(0.0)
        ends[lane] = max(z, a + 20) + 4 + 6.2 * len(labels[entry.id])  # the label's room
        placed.append((number, entry, a, z, lane))
    mid = 16 + lane_height * len(lanes["statement"]) + 8
    height = mid + 22 + lane_height * len(lanes["outcome"]) + 8
    right = max(800, *(int(end) + 10 for ends in lanes.values() for end in ends))  # labels
    title = "Timeline of statements (above) and outcomes and events (below)"
    parts = [_svg_open(height, title, right)]
    parts += scale.axis(mid)
    for number, entry, a, z, lane in placed:
        is_statement = entry.side == "statement"
        offset = lane_height * (lane + 0.5)
        y = mid - 8 - offset if is_statement else mid + 22 + offset
        colour = "#7a1f3d" if is_statement else "#1e4f6b"
        tip = f"{number}. {entry.date} {entry.who}: {entry.title}"
        classes = f"event {entry.side}" + (" context" if entry.type == "event" else "")
        parts.append(f'<g class="{classes}" data-id="{_e(entry.id)}"><title>{_e(tip)}</title>')
        if entry.earliest == entry.latest:
            parts.append(f'<circle cx="{(a + z) / 2:.1f}" cy="{y:.1f}" r="10" fill="{colour}"/>')
        else:
            parts.append(
                f'<rect x="{a:.1f}" y="{y - 8:.1f}" width="{max(z - a, 20):.1f}" height="16"'
                f' rx="8" fill="{colour}" fill-opacity="0.8"/>'
            )
        centre = (a + max(z, a + 20)) / 2
        parts.append(
            f'<text x="{centre:.1f}" y="{y + 4:.1f}" font-size="11" font-weight="bold"'
            f' text-anchor="middle" fill="#fff">{number}</text>'
            f'<text class="label" x="{max(z, a + 20) + 4:.1f}" y="{y + 4:.1f}" font-size="11"'
            f' fill="#1b1b1b">{_e(labels[entry.id])}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _density_svg(entries: list[TimelineEntry]) -> str:
    """Many entries: a bar per month, statements up and outcomes down, as tall as
    the month's count (an entry counts in the month of its earliest possible day)."""
    scale = _Scale(entries, 20, 780)
    counts: dict[str, dict[tuple[int, int], int]] = {"statement": {}, "outcome": {}}
    for entry in entries:
        key = (entry.earliest.year, entry.earliest.month)
        bucket = counts[entry.side]
        bucket[key] = bucket.get(key, 0) + 1
    peak = max(max(b.values(), default=0) for b in counts.values())
    half, mid = 90.0, 100.0
    height = mid + 22 + half + 10
    title = (
        f"Timeline: {sum(counts['statement'].values()):,} statements (above) and"
        f" {sum(counts['outcome'].values()):,} outcomes and events (below), counted by month"
    )
    parts = [_svg_open(height, title), *scale.axis(mid)]
    for kind, bucket in counts.items():
        colour = "#7a1f3d" if kind == "statement" else "#1e4f6b"
        for (year, month), count in sorted(bucket.items()):
            first = dt.date(year, month, 1)
            nxt = dt.date(year + month // 12, month % 12 + 1, 1)
            a, z = scale.x(first), scale.x(nxt)
            tall = max(half * count / peak, 1.5)
            y = mid - 2 - tall if kind == "statement" else mid + 22
            wide = max(z - a - 1, 1)
            parts.append(
                f'<rect class="month {kind}" x="{a:.1f}" y="{y:.1f}" width="{wide:.1f}"'
                f' height="{tall:.1f}" fill="{colour}"><title>{year}-{month:02d}: {count:,}'
                f" {kind}{'' if count == 1 else 's'}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _timeline_html(brief: Briefing) -> list[str]:
    out = ['<section id="timeline-section" aria-labelledby="timeline-h">']
    out.append('<h2 id="timeline-h">Timeline</h2>')
    if len(brief.timeline) > MAX_MARKERS:
        caption = "Statements above the line, outcomes and events below, counted by month."
    else:
        caption = (
            "Statements above the line, outcomes and events below. A bar spans the days"
            " a record can fall on, when its date and the order of events leave more than one."
        )
    out.append(f'<p class="muted">{caption}</p>')
    names = {o.id: o.label for o in brief.corpus.organisations}
    out.append(f'<div class="scroll">{_timeline_svg(brief.timeline, names)}</div>')
    listed, earlier = _listed(brief)
    what = f"The {plural(len(brief.timeline), 'record')}, one by one"
    if earlier:
        what = f"The latest {len(listed)} of {plural(len(brief.timeline), 'record')}"
    out.append(f"<details><summary>{what}</summary>")
    if earlier:
        listing = brief.command("timeline")
        out.append(f'<p class="muted">{earlier:,} earlier: {_e(listing)} lists them all.</p>')
    out.append(f'<ol class="events" start="{listed[0][0] if listed else 1}">')
    for _, entry in listed:
        kind = entry.label
        anchor = f"statement-{entry.id}" if entry.type == "statement" else f"outcome-{entry.id}"
        who = brief.corpus.org(entry.who).label
        out.append(
            f'<li id="{_e(anchor)}"><strong>{entry.date}</strong> {kind}, {_e(who)}:'
            f' {_e(entry.title)} <span class="muted">({_e(entry.detail)})</span></li>'
        )
    out.append("</ol></details></section>")
    return out


def _more_html(brief: Briefing) -> str:
    """:meth:`Briefing.more`, the companion CSV a link beside the page."""
    said = _e(brief.more())
    if brief.companion:
        name = _e(brief.companion)
        link = f'<a href="{_e(urllib.parse.quote(brief.companion))}">{name}</a>'
        return said.replace(name, link, 1)
    return said


def _orgs_html(brief: Briefing) -> list[str]:
    """A summarised page's last section: who said most, counted, and where the rest is."""
    counts = org_counts(brief)
    out = ['<section id="claims" class="claims" aria-labelledby="claims-h">']
    out.append('<h2 id="claims-h">Who said what, counted</h2>')
    out.append(
        f"<p>{plural(brief.corpus.claim_count(), 'claim')} in"
        f" {plural(len(brief.corpus.statements), 'statement')}: too many for one page."
        f" The {len(counts)} organisations that wrote most claims are below;"
        f" {_more_html(brief)}.</p>"
    )
    out.append(
        '<div class="scroll"><table><thead><tr><th scope="col">Organisation</th>'
        '<th scope="col">Statements</th><th scope="col">Claims</th>'
        '<th scope="col">Demands</th><th scope="col">Unmet</th></tr></thead><tbody>'
    )
    for c in counts:
        out.append(
            f'<tr><th scope="row">{_e(c.name)}</th><td>{c.statements:,}</td>'
            f"<td>{c.claims:,}</td><td>{c.demands:,}</td><td>{c.unmet:,}</td></tr>"
        )
    out.append("</tbody></table></div></section>")
    return out


def _claims_html(brief: Briefing) -> list[str]:
    if brief.large:
        return _orgs_html(brief)
    out = ['<section id="claims" class="claims" aria-labelledby="claims-h">']
    out.append('<h2 id="claims-h">Every claim, with its quote</h2>')
    for st in brief.statements:
        org = brief.corpus.author(st)
        endorses = ""
        if st.endorses:
            endorsed = ", ".join(st.endorses)
            endorses = f" Endorses {_e(endorsed)}."
        home = ""
        if not st.url and org.url:  # no address for the page itself: say so, and where it is
            home = f" No address for this page in our sources; {_link(org.url, org.label)}'s site."
        out.append(
            f'<h3 id="{_e(st.id)}">{_link(st.url, st.shown_title)}</h3>'
            f'<p class="meta">{_e(org.name)}, {st.date}.{endorses}'
            f' Statement <code class="nobr">{_e(st.id)}</code>.{home}</p><ul>'
        )
        for row in brief.claims.get(st.id, []):
            claim = row.claim
            status = ""
            if row.status is not None:
                when = f" ({row.status.status_date})" if row.status.status_date else ""
                late = row.status.status == "met" and row.status.deadline_passed
                status = f" {_badge(row.status.status, 'met late' if late else '')}{when}"
            target = f" of {_e(_target(brief, row))}" if claim.kind == "demand" else ""
            out.append(
                f'<li id="{_e(claim.id)}"><span class="kind">{_e(claim.kind)}</span>{target}'
                f"{status} \u2014 {_e(claim.text)}"
                f"<blockquote>\u201c{_e(claim.quote)}\u201d</blockquote>"
                f'<span class="muted">{_e(claim.id)} \u00b7 {_e(", ".join(claim.themes))}</span>'
                "</li>"
            )
        out.append("</ul>")
    out.append("</section>")
    return out


def report_html(brief: Briefing) -> str:
    """The briefing as one self-contained HTML page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<link rel="icon" href="data:,">',  # or the browser asks the server for one
        f'<meta name="generator" content="simcli {__version__}">',
        f"<title>{_e(brief.title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{_e(brief.title)}</h1>",
        f'<p class="lede">{_dated(brief.lede())}</p>',
        *(
            [f'<p class="muted">{_e(brief.corpus.data.description)}</p>']
            if brief.corpus.data.description
            else []
        ),
        "</header><main>",
    ]
    parts += _unmet_html(brief)
    parts += _matrix_html(brief)
    parts += _timeline_html(brief)
    parts += _claims_html(brief)
    parts.append(
        f'</main><footer class="muted"><p>{_e(brief.summary())} Every line quotes its'
        " source; a demand is met, partly met, refused or still open according to the dated"
        f" outcomes recorded in the corpus.</p><p>Made by simcli {__version__} on"
        f" {brief.as_of} from {_e(Path(brief.corpus.name).name)}.</p></footer></body></html>"
    )
    return "\n".join(parts) + "\n"


# --- Markdown --------------------------------------------------------------------


def _md(text: object) -> str:
    """Data as Markdown text (see :func:`simcli.render.markdown_text`), on one line."""
    return " ".join(markdown_text(text).split())


def report_markdown(brief: Briefing) -> str:
    """The briefing as Markdown: the same sections, the heatmap as a table of letters."""
    lines = [f"# {_md(brief.title)}", "", _md(brief.lede()), ""]
    lines += [f"## Unmet calls, as of {brief.as_of}", ""]
    if not brief.unmet:
        lines += [_md(brief.nothing_unmet()), ""]
    if brief.not_counted():
        lines += [_md(brief.not_counted()), ""]
    for group in brief.unmet:
        passed = ", deadline passed" if group.deadline_passed else ""
        lines += [
            f"### {_md(group.theme.label)}: {group.status}",
            "",
            f"Theme `{group.theme.id}`, unmet since {group.since}"
            f" ({group.open_days:,} days{passed}).",
            "",
        ]
        shown, more = _shown(brief, group)
        for row in shown:
            via = f", via {_md(row.via_label)}" if row.via is not None else ""
            lines.append(
                f"- **{_md(row.org.label)}** ({row.statement.date}{via}), of"
                f" {_md(_target(brief, row))}: \u201c{_md(row.claim.quote)}\u201d ({row.claim.id})"
            )
        if more:
            lines.append(f"- and {more:,} more: {_md(brief.more())}")
        latest = group.latest_outcome
        if latest is None:
            lines += ["", "No outcome on this theme yet.", ""]
        else:
            o = latest.outcome
            lines += [
                "",
                f"{_md(latest.lead)}, {o.date}: {_md(o.title)} ({latest.status})."
                f" {_md(latest.note)}",
                "",
            ]
            lines += [
                f"- Evidence ({ev.statement}): \u201c{_md(ev.quote)}\u201d" for ev in o.evidence
            ]
            if o.url:
                lines.append(f"- Source: <{safe_url(o.url)}>")
            lines.append("")
    comp = brief.comparison
    lines += ["## Who raised what", ""]
    if comp.left_out:
        lines += [_md(_left_out(brief)), ""]
    lines.append("| Theme | " + " | ".join(_md(c.label) for c in comp.columns) + " |")
    lines.append("| --- |" + " :-: |" * len(comp.columns))
    for theme in comp.themes:
        cells = [kind_letters(comp.matrix[theme.id].get(c.id, [])) for c in comp.columns]
        lines.append(f"| {_md(theme.label)} | " + " | ".join(cells) + " |")
    lines += [
        "",
        kind_legend(comp),
        "",
        "## Timeline",
        "",
    ]
    listed, earlier = _listed(brief)
    if earlier:
        listing = brief.command("timeline")
        lines += [
            f"The latest {len(listed)}; {earlier:,} earlier: {_md(listing)} lists them all.",
            "",
        ]
    for number, entry in listed:
        kind = entry.label
        who = brief.corpus.org(entry.who).label
        lines.append(
            f"{number}. **{entry.date}** {kind}, {_md(who)}: {_md(entry.title)}"
            f" ({_md(entry.detail)})"
        )
    if brief.large:
        counts = org_counts(brief)
        lines += [
            "",
            "## Who said what, counted",
            "",
            f"{plural(brief.corpus.claim_count(), 'claim')} in"
            f" {plural(len(brief.corpus.statements), 'statement')}: too many for one page."
            f" The {len(counts)} organisations that wrote most claims are below;"
            f" {_md(brief.more())}.",
            "",
            "| Organisation | Statements | Claims | Demands | Unmet |",
            "| --- | ---: | ---: | ---: | ---: |",
            *(
                f"| {_md(c.name)} | {c.statements:,} | {c.claims:,} | {c.demands:,} | {c.unmet:,} |"
                for c in counts
            ),
            "",
        ]
    statements = [] if brief.large else brief.statements
    if not brief.large:
        lines += ["", "## Every claim, with its quote", ""]
    for st in statements:
        org = brief.corpus.author(st)
        title = f"[{_md(st.shown_title)}](<{safe_url(st.url)}>)" if st.url else _md(st.shown_title)
        lines += [f"### {title}", "", f"{_md(org.name)}, {st.date}. Statement `{st.id}`.", ""]
        for row in brief.claims.get(st.id, []):
            claim = row.claim
            status = f" ({row.status.status})" if row.status is not None else ""
            target = f" of {_md(_target(brief, row))}" if claim.kind == "demand" else ""
            lines.append(
                f"- *{claim.kind}*{target}{status}: {_md(claim.text)}"
                f" \u201c{_md(claim.quote)}\u201d ({claim.id})"
            )
        lines.append("")
    lines += [_md(brief.summary()), ""]
    lines.append(
        f"Made by simcli {__version__} on {brief.as_of} from {_md(Path(brief.corpus.name).name)}."
    )
    return "\n".join(lines) + "\n"


def report_output(brief: Briefing) -> Output:
    """The briefing for the renderer: a whole page in each of :data:`REPORT_FORMATS`."""
    return Output(
        None,
        [],
        pages={"html": lambda: report_html(brief), "markdown": lambda: report_markdown(brief)},
    )


def companion_output(brief: Briefing) -> Output:
    """A summarised page's companion: every claim and outcome, as ``export`` gives them
    (its CSV is the companion file)."""
    from simcli.export import export_output, export_records

    return export_output(export_records(brief.corpus, brief.as_of))


def companion_path(out: Path) -> Path:
    """Where a summarised page written to ``out`` puts its companion CSV (never ``out``
    itself, even where file names ignore case)."""
    if out.suffix.lower() == ".csv":
        return out.with_name(out.name + ".claims.csv")
    return out.with_suffix(".csv")


def report_text(brief: Briefing, fmt: str) -> str:
    """The briefing in one of :data:`REPORT_FORMATS`, exactly (as ``--out`` writes it)."""
    return rendered(report_output(brief), fmt, inert=False)


__all__ = [
    "Briefing",
    "briefing",
    "companion_output",
    "companion_path",
    "report_html",
    "report_markdown",
    "report_output",
    "report_text",
]
