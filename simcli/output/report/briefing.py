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
from dataclasses import dataclass
from pathlib import Path

from simcli._version import __version__
from simcli.analysis.chronology import chronology_of, time_ordered
from simcli.analysis.compare import Comparison, compare
from simcli.analysis.overview import TimelineEntry, timeline
from simcli.analysis.rows import Answer, ClaimRow, DemandQuery, claim_rows_apart
from simcli.analysis.unmet import UnmetGroup, unmet
from simcli.model.corpus import Corpus
from simcli.model.dates import as_of_day, in_words
from simcli.model.schema import Statement
from simcli.model.text import plural
from simcli.output.render import PAGE_FORMATS, Output, markdown_text, rendered, safe_url, visible
from simcli.output.report import prose
from simcli.output.report.contrast import contrast, hex_colour
from simcli.output.report.css import CSS
from simcli.output.report.timeline import MAX_MARKERS, timeline_svg
from simcli.output.views import kind_legend, kind_letters, possibly_made

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
        from simcli.store.load import bundled_corpus_path

        path = self.corpus.path
        if path is None or path == bundled_corpus_path():
            return f"simcli {rest}"
        return f"simcli --data {shlex.quote(self.corpus.name)} {rest}"

    @property
    def statements(self) -> list[Statement]:
        return time_ordered(self.corpus, self.corpus.statements)

    def not_counted(self) -> str:
        """The demands possibly made by the day, but not certainly: named, not counted."""
        apart = getattr(self.unmet, "possibly", [])
        return possibly_made(self.corpus, apart, self.as_of, in_words)

    def nothing_unmet(self) -> str:
        """What to say when no demand is unmet: never "all met" of no demands."""
        time = chronology_of(self.corpus)
        made = [
            claim
            for statement, claim in self.corpus.claims()
            if claim.kind == "demand" and time.certain_by(statement.id, self.as_of)
        ]
        if not any(claim.kind == "demand" for _, claim in self.corpus.claims()):
            return "The corpus holds no demands yet."
        if not made:
            return f"No demand in the corpus had certainly been made by {in_words(self.as_of)}."
        if len(made) == 1:
            return f"The one demand made by {in_words(self.as_of)} has been met."
        return f"Every demand made by {in_words(self.as_of)} has been met."

    def lede(self) -> str:
        """Three or four sentences from the data, in words people use whatever the
        corpus (one statement, one month, one organisation): who asked for what, of
        whom and when; the outcome that answered most; what is still unmet, and for
        how long."""
        corpus, time = self.corpus, chronology_of(self.corpus)
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
        # from the one that can be earliest to the one that can be latest, as written
        exact = {"day": 0, "month": 1, "year": 2}  # of two as early, the more precise
        first = min(made, key=lambda m: (time.earliest(m[0].id), exact[m[0].date.precision]))
        last = max(made, key=lambda m: (time.latest(m[0].id), -exact[m[0].date.precision]))
        by = prose.names(authors) if len(authors) <= 3 else f"{len(authors)} organisations"
        when = prose.when(first[0].date, last[0].date)
        said = f"{by} made {prose.count(len(made), 'demand')} {when}"
        if targets:
            target, asked = targets.most_common(1)[0]
            said += f", {prose.share(asked, len(made))} {corpus.org(target).name}."
        else:
            said += "."
        answers = [
            o for o in corpus.outcomes if any(e.status in ("met", "partly-met") for e in o.effects)
        ]
        deciding = {  # outcomes that decide some demand's status: an answer, not context
            row.status.outcome.id
            for rows in self.claims.values()
            for row in rows
            if row.status is not None and row.status.outcome is not None
        }
        answers = [o for o in answers if time.certain_by(o.id, self.as_of) and o.id in deciding]
        if answers:
            best = max(
                answers,
                key=lambda o: (sum(e.status != "refused" for e in o.effects), time.sort_key(o.id)),
            )
            which = "that answered most" if len(answers) > 1 else "that answered"
            said += f" The outcome {which} came {prose.on(best.date)} ({best.title})."
        unmet_ids = {r.claim.id for g in self.unmet for r in g.demands}
        if not self.unmet:
            return f"{said} {self.nothing_unmet()}"
        oldest = max(self.unmet, key=lambda g: g.open_days)
        count = len(unmet_ids)
        said += (
            f" As of {in_words(self.as_of)}, {prose.count(count, 'demand')} on"
            f" {prose.count(len(self.unmet), 'theme')} {'is' if count == 1 else 'are'} not met;"
        )
        waited = f"{oldest.open_days:,} day{'' if oldest.open_days == 1 else 's'}"
        if len(self.unmet) == 1:
            said += f" it has waited since {in_words(oldest.since)} ({waited})."
        else:
            said += (
                f" {oldest.theme.label} has waited longest, since {in_words(oldest.since)}"
                f" ({waited})."
            )
        return said

    def closest(self) -> str:
        """The two organisations whose demands agree most (the comparison has some)."""
        comp = self.comparison
        best = comp.agreement[0]
        names = {c.id: c.label for c in comp.columns}
        either = comp.demand_themes(best.a) | comp.demand_themes(best.b)
        return (
            f"Closest in their demands: {names[best.a]} and {names[best.b]} (they share"
            f" {len(best.shared)} of the {len(either)} demand themes either raises:"
            f" {', '.join(best.shared) or 'none'})."
        )

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
            f" {happened}. As of {in_words(self.as_of)}, {self._unmet_count(unmet_demands)}"
        )

    def _unmet_count(self, demands: int) -> str:
        if not demands:
            return "no demand is unmet."
        verb = "is" if demands == 1 else "are"
        return f"{plural(demands, 'demand')} on {plural(len(self.unmet), 'theme')} {verb} not met."


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
        if chronology_of(brief.corpus).certain_by(statement.id, brief.as_of):
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
    out.append(f'<h2 id="unmet-h">Unmet calls, as of {in_words(brief.as_of)}</h2>')
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
            via = f", endorsed by {_e(row.via_label)}" if row.via is not None else ""
            deadline = f"; deadline {in_words(row.claim.deadline)}" if row.claim.deadline else ""
            lines.append(
                f'<li id="unmet-{_e(theme.id)}-{_e(row.claim.id)}"><strong>{_e(row.org.label)}'
                f"</strong> ({in_words(row.statement.date)}{via}), of {_e(_target(brief, row))}"
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
                for ev in latest.evidence
            )
            source = (
                f'<br><span class="muted">Source:</span> {_link(o.url, o.url)}' if o.url else ""
            )
            context = "" if latest.answers else " (context: it answers none of these)"
            outcome = (
                f'<details><summary><span class="nobr">{in_words(o.date)}</span>: {_e(o.title)}'
                f" {_badge(latest.status)}{context}"
                f"</summary>{_e(latest.lead)}. {_e(latest.note)}{evidence}{source}</details>"
            )
        out.append(
            f'<tr id="unmet-{_e(theme.id)}"><th scope="row">{_e(theme.label)}</th>'
            f"<td>{_badge(group.status)}</td>"
            f'<td><span class="nobr">{in_words(group.since)}</span><br>'
            f"{group.open_days:,} days{passed}</td>"
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
    """A cell's background and ink: darker for more claims, darkest with a demand.
    Mentions are light with dark ink, demands dark with white ink: no mid-tone,
    where neither ink reaches WCAG AA's 4.5:1."""
    if not rows:
        return "#ffffff", INK
    demands = sum(r.claim.kind == "demand" for r in rows)
    weight = min(1.0, (3 * demands + len(rows)) / 8)
    lightness = 48 - weight * 18 if demands else 94 - weight * 24
    background = hex_colour(f"hsl(340, 55%, {lightness:.0f}%)")
    ink = max(("#ffffff", INK), key=lambda colour: contrast(colour, background))
    return background, ink


INK = "#1b1b1b"
MENTION, DEMANDS = hex_colour("hsl(340, 55%, 91%)"), hex_colour("hsl(340, 55%, 39%)")


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
    if len(comp.columns) > 2:  # a phone shows two or three: say that there are more
        out.append(
            f'<p class="phone muted">{len(comp.columns)} organisations: scroll the table'
            " sideways \u2192 to see them all.</p>"
        )
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
        + f'<span><span class="swatch" style="background:{MENTION}"></span> a mention'
        f'</span><span><span class="swatch" style="background:{DEMANDS}"></span>'
        " demands</span></p>"
    )
    if comp.agreement:
        out.append(f"<p>{_e(brief.closest())}</p>")
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


def _timeline_html(brief: Briefing) -> list[str]:
    """The chart (on a screen wide enough to read it), then the records one by one as
    a vertical timeline, which reads at any width (a phone shows it alone)."""
    out = ['<section id="timeline-section" aria-labelledby="timeline-h">']
    out.append('<h2 id="timeline-h">Timeline</h2>')
    if len(brief.timeline) > MAX_MARKERS:
        caption = "Statements above the line, outcomes and events below, counted by month."
    else:
        caption = (
            "Statements above the line, outcomes and events below. A bar spans the days"
            " a record can fall on, when its date and the order of events leave more than one."
        )
    names = {o.id: o.label for o in brief.corpus.organisations}
    out.append(
        f'<div class="chart"><p class="muted">{caption}</p>'
        f'<div class="scroll">{timeline_svg(brief.timeline, names)}</div></div>'
    )
    listed, earlier = _listed(brief)
    what = f"The {plural(len(brief.timeline), 'record')}, one by one"
    if earlier:
        what = f"The latest {len(listed)} of {plural(len(brief.timeline), 'record')}"
    out.append(f'<h3 id="timeline-list-h">{what}</h3>')
    if earlier:
        listing = brief.command("timeline")
        out.append(f'<p class="muted">{earlier:,} earlier: {_e(listing)} lists them all.</p>')
    out.append(
        f'<ol class="events" start="{listed[0][0] if listed else 1}"'
        ' aria-labelledby="timeline-list-h">'
    )
    for _, entry in listed:
        kind = entry.label
        anchor = f"statement-{entry.id}" if entry.type == "statement" else f"outcome-{entry.id}"
        who = brief.corpus.org(entry.who).label
        out.append(
            f'<li id="{_e(anchor)}" class="on-{entry.side}"><strong>{in_words(entry.date)}</strong>'
            f" {kind}, {_e(who)}: {_e(entry.title)}"
            f' <span class="muted">({_e(entry.detail)})</span></li>'
        )
    out.append("</ol></section>")
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
            f'<p class="meta">{_e(org.name)}, {in_words(st.date)}.{endorses}'
            f' Statement <code class="nobr">{_e(st.id)}</code>.{home}</p><ul>'
        )
        for row in brief.claims.get(st.id, []):
            claim = row.claim
            status = ""
            if row.status is not None:
                when = f" ({in_words(row.status.status_date)})" if row.status.status_date else ""
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
        f'<meta name="description" content="{_e(brief.summary())}">',
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
        f" {in_words(brief.as_of)} from {_e(Path(brief.corpus.name).name)}.</p></footer>"
        "</body></html>"
    )
    return "\n".join(parts) + "\n"


# --- Markdown --------------------------------------------------------------------


def _md(text: object) -> str:
    """Data as Markdown text (see :func:`simcli.output.render.markdown_text`), on one line."""
    return " ".join(markdown_text(text).split())


def report_markdown(brief: Briefing) -> str:
    """The briefing as Markdown: the same sections, the heatmap as a table of letters."""
    lines = [f"# {_md(brief.title)}", "", _md(brief.lede()), ""]
    lines += [f"## Unmet calls, as of {in_words(brief.as_of)}", ""]
    if not brief.unmet:
        lines += [_md(brief.nothing_unmet()), ""]
    if brief.not_counted():
        lines += [_md(brief.not_counted()), ""]
    for group in brief.unmet:
        passed = ", deadline passed" if group.deadline_passed else ""
        lines += [
            f"### {_md(group.theme.label)}: {group.status}",
            "",
            f"Theme `{group.theme.id}`, unmet since {in_words(group.since)}"
            f" ({group.open_days:,} days{passed}).",
            "",
        ]
        shown, more = _shown(brief, group)
        for row in shown:
            via = f", endorsed by {_md(row.via_label)}" if row.via is not None else ""
            lines.append(
                f"- **{_md(row.org.label)}** ({in_words(row.statement.date)}{via}), of"
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
                f"{_md(latest.lead)}, {in_words(o.date)}: {_md(o.title)} ({latest.status})."
                f" {_md(latest.note)}",
                "",
            ]
            recorded = latest.evidence  # the statements that record it, by the day
            lines += [f"- Evidence ({e.statement}): \u201c{_md(e.quote)}\u201d" for e in recorded]
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
            f"{number}. **{in_words(entry.date)}** {kind}, {_md(who)}: {_md(entry.title)}"
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
        said = f"{_md(org.name)}, {in_words(st.date)}. Statement `{st.id}`."
        lines += [f"### {title}", "", said, ""]
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
        f"Made by simcli {__version__} on {in_words(brief.as_of)}"
        f" from {_md(Path(brief.corpus.name).name)}."
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
    from simcli.output.export.records import export_output, export_records

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
