"""The report's timeline as an inline SVG: statements above the axis, outcomes and
events below, each marker numbered and labelled with who, when and what happened;
past :data:`MAX_MARKERS` records, counts per month."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable

from simcli.analysis.overview import TimelineEntry
from simcli.model.dates import in_words
from simcli.output.render import visible


def _e(text: object) -> str:
    """Data as SVG text: escaped, and direction or control characters written out."""
    return html.escape(visible(str(text)), quote=True)


def _span(entries: Iterable[TimelineEntry]) -> tuple[dt.date, dt.date]:
    dates = list(entries)
    return _years(min(e.earliest for e in dates), max(e.latest for e in dates))


def _years(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The whole years from ``start`` to ``end``."""
    return dt.date(start.year, 1, 1), dt.date(end.year, 12, 31)


MAX_MARKERS = 60  # more entries than this are drawn as counts per month


class _Scale:
    """Days to x positions across whole years, and the axis drawn with them."""

    def __init__(self, span: tuple[dt.date, dt.date], left: float, right: float) -> None:
        self.start, self.end = span
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


def timeline_svg(entries: list[TimelineEntry], names: dict[str, str] | None = None) -> str:
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
    scale = _Scale(_span(entries), 20, 780)
    placed: list[tuple[int, TimelineEntry, float, float, int]] = []

    def names_of(entry: TimelineEntry) -> str:
        return (names or {}).get(entry.who, entry.who)

    lanes: dict[str, list[float]] = {"statement": [], "outcome": []}
    labels = {e.id: _marker_label(e, names or {}) for e in entries}
    for number, entry in enumerate(entries, 1):
        a = scale.x(entry.earliest)
        z = scale.x(_day_after(entry.latest))
        if entry.earliest == entry.latest:
            a, z = a - 10, a + 10
        ends = lanes[entry.side]
        lane = next((i for i, last in enumerate(ends) if last + 6 <= a), len(ends))
        if lane == len(ends):
            ends.append(0.0)
        ends[lane] = max(z, a + 20) + 4 + 7.4 * len(labels[entry.id])  # the label's room
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
        tip = f"{number}. {in_words(entry.date)}, {names_of(entry)}: {entry.title}"
        classes = f"event {entry.side}" + (" context" if entry.type == "event" else "")
        parts.append(f'<g class="{classes}" data-id="{_e(entry.id)}"><title>{_e(tip)}</title>')
        if entry.earliest == entry.latest:
            parts.append(f'<circle cx="{(a + z) / 2:.1f}" cy="{y:.1f}" r="10" fill="{colour}"/>')
        else:
            parts.append(
                f'<rect x="{a:.1f}" y="{y - 8:.1f}" width="{max(z - a, 20):.1f}" height="16"'
                f' rx="8" fill="{colour}"/>'
            )
        centre = (a + max(z, a + 20)) / 2
        parts.append(
            f'<text x="{centre:.1f}" y="{y + 4:.1f}" font-size="11" font-weight="bold"'
            f' text-anchor="middle" fill="#fff">{number}</text>'
            f'<text class="label" x="{max(z, a + 20) + 4:.1f}" y="{y + 4:.1f}" font-size="13"'
            f' fill="#1b1b1b">{_e(labels[entry.id])}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


LABEL_WORDS = 34  # a marker's label: who, when and what, in at most this many characters


def _marker_label(entry: TimelineEntry, names: dict[str, str]) -> str:
    """What a marker says: who, when and what happened (``NHSE, Mar 2023: NHS England
    position: SIM ...``), the title cut after a whole word."""
    when = in_words(entry.date).split()
    short = " ".join([*(w[:3] for w in when[-2:-1]), when[-1]])  # "Mar 2023", "2021"
    said = f"{names.get(entry.who, entry.who)}, {short}: "
    words, title = entry.title.split(), ""
    for word in words:
        if len(title) + len(word) + 1 > LABEL_WORDS:
            return said + title + "\u2026"
        title = f"{title} {word}" if title else word
    return said + title


def month_counts(entries: Iterable[TimelineEntry]) -> dict[str, dict[tuple[int, int], int]]:
    """Statements, and outcomes and events, counted by the month of their earliest
    possible day."""
    counts: dict[str, dict[tuple[int, int], int]] = {"statement": {}, "outcome": {}}
    for entry in entries:
        key = (entry.earliest.year, entry.earliest.month)
        bucket = counts[entry.side]
        bucket[key] = bucket.get(key, 0) + 1
    return counts


def _density_svg(entries: list[TimelineEntry]) -> str:
    days = (min(e.earliest for e in entries), max(e.latest for e in entries))
    return density_svg(month_counts(entries), days)


def density_svg(
    counts: dict[str, dict[tuple[int, int], int]], days: tuple[dt.date, dt.date]
) -> str:
    """Many entries: a bar per month, statements up and outcomes down, as tall as
    the month's count (:func:`month_counts`); ``days`` the first and last day any
    entry can fall on."""
    scale = _Scale(_years(*days), 20, 780)
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
