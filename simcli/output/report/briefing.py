"""A one-file briefing: the unmet calls first, then who raised what (a heatmap),
a timeline of statements and outcomes, and every claim with its quote and link.

:func:`briefing` gathers it from the analysis modules; :func:`report_html` and
:func:`report_markdown` write it out. The HTML is one self-contained file:
inline CSS and SVG, no scripts, nothing fetched (its Content-Security-Policy
forbids it), readable on a phone and in print.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from pathlib import Path

from simcli._version import __version__
from simcli.analysis.rows import ClaimRow
from simcli.model.dates import in_words
from simcli.model.text import plural
from simcli.output.render import Output, markdown_text, rendered, safe_url, visible
from simcli.output.report.brief import (
    TOP_DEMANDS,
    Briefing,
    _listed,
    _shown,
    askers_of,
    briefing,
    claim_count,
    org_counts,
    records_count,
    statement_count,
)
from simcli.output.report.contrast import contrast, hex_colour
from simcli.output.report.css import CSS
from simcli.output.report.timeline import MAX_MARKERS, density_svg, timeline_svg
from simcli.output.views import kind_legend, kind_letters, legend_of, letters_of

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
        demands, askers = askers_of(brief, group)
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
            f" ({plural(demands, 'demand')})</summary><ul>{''.join(lines)}</ul>"
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


def _cell(brief: Briefing, theme: str, column: str) -> tuple[int, int, str, list[ClaimRow]]:
    """A heatmap cell: its claims and demands counted, their kinds' letters, and the
    rows (none from a tally)."""
    if brief.tally is not None:
        cell = brief.tally.cell(theme, column)
        return cell.claims, cell.demands, letters_of(cell.kinds), []
    rows = brief.comparison.matrix[theme].get(column, [])
    return len(rows), sum(r.claim.kind == "demand" for r in rows), kind_letters(rows), rows


def _legend(brief: Briefing) -> str:
    """:func:`simcli.output.views.kind_legend` of the heatmap."""
    if brief.tally is not None:
        return legend_of(brief.tally.kinds, brief.tally.via)
    return kind_legend(brief.comparison)


def _heat(claims: int, demands: int) -> tuple[str, str]:
    """A cell's background and ink: darker for more claims, darkest with a demand.
    Mentions are light with dark ink, demands dark with white ink: no mid-tone,
    where neither ink reaches WCAG AA's 4.5:1."""
    if not claims:
        return "#ffffff", INK
    weight = min(1.0, (3 * demands + claims) / 8)
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
        out.append(f'<tr><th scope="row" title="{_e(theme.id)}">{_e(theme.label)}</th>')
        for column in comp.columns:
            claims, demands, letters, rows = _cell(brief, theme.id, column.id)
            colour, ink = _heat(claims, demands)
            if brief.large and claims:  # a count: thousands of ids would be most of the page
                said = plural(claims, "claim")
                label = f"{column.label}, {theme.label}: {said}, {plural(demands, 'demand')}"
            else:
                ids = ", ".join(r.claim.id for r in rows)
                label = f"{column.label}, {theme.label}: {ids}" if ids else "nothing"
            out.append(
                f'<td style="background:{colour};color:{ink}" title="{_e(label)}"'
                f' data-claims="{claims}">{_e(letters)}</td>'
            )
        out.append("</tr>")
    out.append("</tbody></table></div>")
    kinds = _legend(brief).rstrip(".").split("; ")[0]  # the letters the heatmap shows
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
    if records_count(brief) > MAX_MARKERS:
        caption = "Statements above the line, outcomes and events below, counted by month."
    else:
        caption = (
            "Statements above the line, outcomes and events below. A bar spans the days"
            " a record can fall on, when its date and the order of events leave more than one."
        )
    names = {o.id: o.label for o in brief.corpus.organisations}
    out.append(
        f'<div class="chart"><p class="muted">{caption}</p>'
        f'<div class="scroll">{_timeline_svg(brief, names)}</div></div>'
    )
    listed, earlier = _listed(brief)
    records = plural(records_count(brief), "record")
    what = f"The {records}, one by one"
    if earlier:
        what = f"The latest {len(listed)} of {records}"
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


def _timeline_svg(brief: Briefing, names: dict[str, str]) -> str:
    tally = brief.tally
    if tally is None or tally.span is None:
        return timeline_svg(brief.timeline, names)
    return density_svg(tally.months, tally.span)  # a large corpus: more than MAX_MARKERS


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
        f"<p>{plural(claim_count(brief), 'claim')} in"
        f" {plural(statement_count(brief), 'statement')}: too many for one page."
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
        cells = [_cell(brief, theme.id, c.id)[2] for c in comp.columns]
        lines.append(f"| {_md(theme.label)} | " + " | ".join(cells) + " |")
    lines += [
        "",
        _legend(brief),
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
            f"{plural(claim_count(brief), 'claim')} in"
            f" {plural(statement_count(brief), 'statement')}: too many for one page."
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
