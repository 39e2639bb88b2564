"""What each command shows: analysis results laid out as JSON and tables.

Presentation only: which fields, which columns, in what words. The answers
themselves come from :mod:`simcli.analysis.rows`, :mod:`simcli.analysis.unmet`,
:mod:`simcli.analysis.compare` and :mod:`simcli.analysis.overview`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from simcli.analysis.records import outcome_record, statement_record
from simcli.analysis.rows import ClaimRow, made_between
from simcli.analysis.status import acted_on, demand_status
from simcli.model.corpus import Corpus
from simcli.model.fields import CLAIM_FIELDS
from simcli.model.schema import Claim, Statement
from simcli.model.text import plural
from simcli.output.render import Output, Table, cell, records_table

if TYPE_CHECKING:  # each command imports only the analysis it runs
    from simcli.analysis.compare import Agreement, Comparison
    from simcli.analysis.diff import CorpusDiff
    from simcli.analysis.overview import OrgSummary, ThemeSummary, TimelineEntry
    from simcli.analysis.questions import Shown
    from simcli.analysis.unmet import UnmetGroup
    from simcli.model.rules import Rule

KIND_LETTER = {
    "demand": "D", "appeal": "a", "concern": "c", "position": "p", "commitment": "m",
    "welcome": "w",
}  # fmt: skip


#: the width from which a wide listing (demands, orgs, statements) is shown as columns
#: by --layout auto: narrower, one block per row, whatever its filters choose
TABLE_FROM = 100


def kind_legend(comparison: Comparison) -> str:
    """What the letters of a theme x organisation matrix mean: only the kinds it
    shows, and the note on endorsement only when an endorsed demand is counted."""
    rows = [r for cells in comparison.matrix.values() for rs in cells.values() for r in rs]
    return legend_of({r.claim.kind for r in rows}, any(r.via is not None for r in rows))


def legend_of(kinds: Collection[str], via: bool) -> str:
    """:func:`kind_legend` of a matrix with these kinds of claim, and endorsed demands
    (``via``) or none."""
    legend = ", ".join(f"{letter} {kind}" for kind, letter in KIND_LETTER.items() if kind in kinds)
    if via:
        legend += "; endorsed demands count for the endorsing organisation"
    return legend + "." if legend else ""


def kind_letters(rows: list[ClaimRow]) -> str:
    """The letters of the kinds of claim among ``rows``, in codebook order: "D c p"."""
    return letters_of({r.claim.kind for r in rows})


def letters_of(kinds: Collection[str]) -> str:
    """:func:`kind_letters` of claims of these kinds."""
    return " ".join(letter for kind, letter in KIND_LETTER.items() if kind in kinds)


def possibly_made(
    corpus: Corpus,
    rows: list[ClaimRow],
    as_of: dt.date,
    day: Callable[[dt.date], str] = dt.date.isoformat,
) -> str:
    """One sentence naming the demands that may or may not have been made by ``as_of``
    (not counted), with the days they can have been made between; empty if none.
    ``day`` writes a date (the report's prose writes them in words)."""
    if not rows:
        return ""
    named = []
    for row in dict((r.claim.id, r) for r in rows).values():
        first, last = made_between(corpus, row)
        named.append(f"{row.claim.id} ({row.org.label}, made between {day(first)} and {day(last)})")
    return (
        f"Not counted: {plural(len(named), 'demand')} possibly made by {day(as_of)}, but not"
        f" certainly: {'; '.join(named)}. Ask with a later --as-of to count"
        f" {'it' if len(named) == 1 else 'them'}."
    )


def via(row: ClaimRow) -> str:
    """``via nsun-2021-04 (NSUN)``: the statement that endorses the row's, as ``via`` is
    in JSON and CSV, and its author, as both matter to a reader."""
    assert row.via is not None
    return f"via {row.via.id} ({row.via_label})"


def _status_cell(row: ClaimRow) -> str:
    status = row.status
    if status is None:
        return ""
    lines = [status.status]
    if status.status_date is not None:
        lines.append(str(status.status_date))
    if status.deadline_passed and status.status == "met":
        lines[0] = "met late"  # met, after the deadline had passed
    elif status.deadline_passed:
        lines.append("deadline passed")
    return "\n".join(lines)


def left_out_note(shown: int, total: int, noun: str, limit: int, each: str = "") -> str:
    """``10 of 25 demands shown (--limit 10); 15 left out``: what ``--limit`` kept back."""
    return (
        f"{shown:,} of {plural(total, noun)} shown (--limit {limit}{each});"
        f" {total - shown:,} left out"
    )


def demands_view(
    rows: list[ClaimRow],
    quotes: bool,
    all_kinds: bool,
    limit: int | None = None,
    corpus: Corpus | None = None,
) -> Output:
    answer = rows  # an Answer says what it leaves out of its count (``possibly``)
    total = len(rows)
    rows = rows if limit is None else rows[:limit]
    records = [row.as_json() for row in rows]
    aside = _aside_text(corpus, answer)

    def laid_out() -> tuple[list[Table], Table]:
        words = "Quote" if quotes else "In our words"
        asks = "Kind / asks / themes" if all_kinds else "Asks / themes"
        table = Table(
            [f"Claim / {words}", "By", asks, "Status"], wide=0, named=True, table_from=TABLE_FROM
        )
        for row in rows:
            words_cell = f'"{row.claim.quote}"' if quotes else row.claim.text
            by = f"{row.org.label}\n{row.statement.date}"
            if row.via is not None:
                by += f"\n{via(row)}"
            asks = "\n".join(
                ([f"{row.claim.kind}"] if all_kinds else [])
                + ([f"of {row.claim.target}"] if row.claim.target else [])
                + list(row.claim.themes)
            )
            table.rows.append([f"{row.claim.id}\n{words_cell}", by, asks, _status_cell(row)])
        noun = "claim" if all_kinds else "demand"
        if limit is not None and total > len(rows):
            table.notes.append(left_out_note(len(rows), total, noun, limit))
        else:
            table.notes.append(plural(len(rows), noun))
        if aside:
            table.notes.append(aside)
        csv = Table(list(CLAIM_FIELDS))
        csv.rows = [[cell(record[k]) for k in CLAIM_FIELDS] for record in records]
        return [table], csv

    return Output(records, [], aside=aside, later=laid_out)


def _aside_text(corpus: Corpus | None, answer: object) -> str:
    """The demands an answer does not count because they may not have been made by its
    day (:class:`simcli.analysis.rows.Answer`), in one sentence; empty if none."""
    apart: list[ClaimRow] = list(getattr(answer, "possibly", ()))
    if not apart or corpus is None or apart[0].as_of is None:
        return ""
    return possibly_made(corpus, apart, apart[0].as_of)


def _aside(corpus: Corpus | None, answer: object, tables: list[Table]) -> str:
    """:func:`_aside_text`, named in a note under the last table too."""
    aside = _aside_text(corpus, answer)
    if aside:
        tables[-1].notes.append(aside)
    return aside


def unmet_view(
    groups: list[UnmetGroup],
    as_of: dt.date,
    limit: int | None = None,
    corpus: Corpus | None = None,
) -> Output:
    """Unmet demands by theme; with ``limit``, the first so many of each theme, and how
    many each leaves out (``demands_left_out`` in JSON). With ``corpus``, the demands
    only possibly made by then are named in a note (see :func:`possibly_made`)."""
    aside = _aside_text(corpus, groups)

    docs = _limited([g.as_json() for g in groups], limit)
    return Output(docs, [], aside=aside, later=lambda: _unmet_tables(groups, as_of, limit, aside))


def _unmet_tables(
    groups: list[UnmetGroup], as_of: dt.date, limit: int | None, aside: str
) -> tuple[list[Table], Table]:
    """unmet's tables, a theme each, and its CSV: laid out only for the formats that
    show them (:attr:`simcli.output.render.Output.later`)."""
    tables = []
    csv = Table(
        ["theme", "label", "status", "since", "open_days", "deadline_passed", "as_of",
         "latest_outcome", "latest_outcome_date", "demand", "org", "via", "via_org", "statement",
         "date", "target", "deadline", "quote"]
    )  # fmt: skip
    for group in groups:
        counts = ", ".join(f"{n:,} {status}" for status, n in group.statuses.items())
        title = f"{group.theme.label} [{group.theme.id}]: {counts}"
        title += f"; unmet since {group.since} ({group.open_days:,} days)"
        if group.deadline_passed:
            title += ", deadline passed"
        table = Table(
            ["Demand / quote", "Asked by", "Of", "Deadline"], title=title, wide=0, named=True,
            table_from=60,
        )  # fmt: skip
        latest = group.latest_outcome
        if latest is not None:
            outcome = latest.outcome
            table.notes.append(
                f"{latest.lead}: {outcome.date} {outcome.title} ({latest.status}): {latest.note}"
            )
            for ev in latest.evidence:
                table.notes.append(f'  Evidence ({ev.statement}): "{ev.quote}"')
            if outcome.url:
                table.notes.append(f"  Source: {outcome.url}")
        else:
            table.notes.append("No outcome on this theme yet.")
        shown = group.demands if limit is None else group.demands[:limit]
        if len(shown) < len(group.demands):
            table.notes.insert(
                0,
                f"{len(group.demands) - len(shown):,} more"
                f" {'demand' if len(group.demands) - len(shown) == 1 else 'demands'} on this"
                f" theme left out (--limit {limit} a theme)",
            )
        for row in shown:
            deadline = str(row.claim.deadline) if row.claim.deadline else ""
            if row.status and row.status.deadline_passed:
                deadline += " (passed)"
            asked = f"{row.org.label}\n{row.statement.date}"
            if row.via is not None:
                asked += f"\n{via(row)}"
            table.rows.append(
                [f'{row.claim.id}\n"{row.claim.quote}"', asked, row.claim.target or "",
                 deadline.replace(" (passed)", "\npassed")]
            )  # fmt: skip
            csv.rows.append(
                [group.theme.id, group.theme.label, group.status, str(group.since),
                 str(group.open_days), cell(group.deadline_passed), as_of.isoformat(),
                 latest.outcome.id if latest else "", str(latest.outcome.date) if latest else "",
                 row.claim.id, row.org.id, row.via.id if row.via else "",
                 row.via_org.id if row.via_org else "", row.statement.id,
                 str(row.statement.date), row.claim.target or "", cell(
                     str(row.claim.deadline) if row.claim.deadline else None),
                 row.claim.quote]
            )  # fmt: skip
        tables.append(table)
    if not tables:
        tables.append(Table(["Theme"], title=f"No unmet demands as of {as_of}"))
    else:
        demands = len({r.claim.id for g in groups for r in g.demands})
        counts = f"{plural(demands, 'unmet demand')} on {plural(len(groups), 'theme')}"
        tables[-1].notes.append(f"\n{counts} as of {as_of}")
        if limit is not None:
            total = sum(len(g.demands) for g in groups)
            shown_count = sum(min(len(g.demands), limit) for g in groups)
            if shown_count < total:  # a demand on two themes is listed under each
                tables[-1].notes.append(
                    f"--limit {limit} a theme: {shown_count:,} of the {total:,} demands listed"
                    f" under their themes are shown; {total - shown_count:,} are left out"
                )
    if aside:
        tables[-1].notes.append(aside)
    return tables, csv


def _limited(docs: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    """``--limit``: the first so many demands of each theme, and how many are left out."""
    if limit is not None:
        for doc in docs:
            doc["demands_left_out"] = max(len(doc["demands"]) - limit, 0)
            doc["demands"] = doc["demands"][:limit]
    return docs


def unmet_records(docs: list[dict[str, Any]], limit: int | None) -> tuple[Output, int]:
    """The unmet answer's records as the store keeps them (JSON: no table), as
    :func:`unmet_view` gives them; and how many demands ``limit`` leaves out."""
    left_out = 0
    if limit is not None:
        left_out = sum(max(len(doc["demands"]) - limit, 0) for doc in docs)
    return Output(_limited(docs, limit), []), left_out


def compare_view(comparison: Comparison, corpus: Corpus | None = None) -> Output:
    columns = comparison.columns
    matrix = Table(["Theme"] + [c.label for c in columns], title="Themes raised")
    for theme in comparison.themes:
        cells = comparison.matrix[theme.id]
        row = [theme.id]
        for column in columns:
            row.append(kind_letters(cells.get(column.id, [])))
        matrix.rows.append(row)
    if comparison.themes:
        matrix.notes.append(kind_legend(comparison))
    label = {c.id: c.label for c in columns}
    summary = Table(["", "Themes"], title="Demand themes")
    summary.rows.append(["shared by all", ", ".join(comparison.shared_by_all) or "none"])
    for column in columns:
        unique = comparison.unique.get(column.id, [])
        summary.rows.append([f"only {label[column.id]}", ", ".join(unique) or "none"])
    agreement = Table(["A", "B", "Agreement", "Shared demand themes"], title="Agreement")
    for g in comparison.agreement:
        agreement.rows.append(
            [label[g.a], label[g.b], _agreement(comparison, g), ", ".join(g.shared)]
        )
    if comparison.agreement:
        agreement.notes.append(
            "Agreement: the demand themes both raise, of those either raises (the Jaccard"
            " index in brackets); themes one does not raise are not a disagreement."
        )
    tables = [matrix, summary, agreement]
    csv = Table(["table", "theme", "org", "other_org", "value"])
    for theme in comparison.themes:
        for column in columns:
            kinds = kind_letters(comparison.matrix[theme.id].get(column.id, []))
            csv.rows.append(["themes_raised", theme.id, column.id, "", kinds])
    csv.rows += [["shared_by_all", t, "", "", ""] for t in comparison.shared_by_all]
    for column in columns:
        csv.rows += [["unique", t, column.id, "", ""] for t in comparison.unique.get(column.id, [])]
    for g in comparison.agreement:
        csv.rows.append(["agreement", ";".join(g.shared), g.a, g.b, f"{g.jaccard:.3f}"])
    pair = comparison.side_by_side()
    if pair is not None:
        a, b = columns
        side = Table(["Theme", label[a.id], label[b.id]], title="Side by side")
        for theme in comparison.themes:
            cells = comparison.matrix[theme.id]
            side.rows.append(
                [theme.id]
                + ["\n".join(_said(r) for r in cells.get(c.id, [])) for c in (a, b)]
            )  # fmt: skip
            for c in (a, b):
                for r in cells.get(c.id, []):
                    csv.rows.append(["side_by_side", theme.id, c.id, r.claim.id, _said(r)])
        side.notes.append(f"Themes both raise, in any claim: {', '.join(pair['both']) or 'none'}")
        side.notes.append(f"Only {label[a.id]} raises: {', '.join(pair['only_a']) or 'none'}")
        side.notes.append(f"Only {label[b.id]} raises: {', '.join(pair['only_b']) or 'none'}")
        tables.append(side)
    return Output(comparison.as_json(), tables, csv, aside=_aside(corpus, comparison, tables))


def _said(row: ClaimRow) -> str:
    """A claim side by side with another's: its kind and quote, and whose it is."""
    via = f" ({row.org.label}'s, which {row.via_label} endorses)" if row.via is not None else ""
    return f"{row.claim.kind}: \u201c{row.claim.quote}\u201d{via}"


def _agreement(comparison: Comparison, agreement: Agreement) -> str:
    """``4 of 5 demand themes (0.80)``: the index in words, the number a detail."""
    either = comparison.demand_themes(agreement.a) | comparison.demand_themes(agreement.b)
    if not agreement.shared:
        return f"none of {len(either)} demand themes (0.00)"
    said = f"{len(agreement.shared)} of {len(either)} demand themes ({agreement.jaccard:.2f})"
    label = {c.id: c.label for c in comparison.columns}
    for one, other in ((agreement.a, agreement.b), (agreement.b, agreement.a)):
        rows = [r for cells in comparison.matrix.values() for r in cells.get(one, [])]
        if any(r.via is not None and r.org.id == other for r in rows):
            said += f"; {label[one]} endorses {label[other]}'s statement, so shares its demands"
    return said


def orgs_view(summaries: list[OrgSummary]) -> Output:
    columns = ["ID", "Name", "Short", "Kind", "Statements", "Demands", "Asked to act"]
    table = Table(columns, wide=1, table_from=TABLE_FROM)
    for s in summaries:
        org = s.org
        table.rows.append(
            [org.id, org.name, org.short or "", org.kind, f"{s.statements:,}", f"{s.demands:,}",
             f"{s.targeted_by:,}"]
        )  # fmt: skip
    return Output([s.as_json() for s in summaries], [table])


def statements_view(corpus: Corpus, statements: list[Statement]) -> Output:

    columns = ["ID", "Org", "Date", "Title", "Claims", "Demands", "Endorses"]
    table = Table(columns, wide=3, table_from=TABLE_FROM)  # the title takes the room
    docs = [statement_record(corpus, st) for st in statements]
    for st, doc in zip(statements, docs, strict=True):
        table.rows.append(
            [st.id, corpus.author(st).label, str(st.date), st.shown_title, f"{doc['claims']:,}",
             f"{doc['demands']:,}", "\n".join(st.endorses)]
        )  # fmt: skip
    if not any(st.endorses for st in statements):  # for people, not an empty column
        table.columns = columns[:6]
        table.rows = [row[:6] for row in table.rows]
    return Output(docs, [table])


def rules_view(rules: list[Rule]) -> Output:
    """``simcli rules``: each code, what it means and how to fix it."""
    table = Table(["Code", "Severity", "What it means", "How to fix it"], wide=2, table_from=60)
    table.rows = [[r.code, r.severity, r.summary, r.fix] for r in rules]
    return Output([dataclasses.asdict(r) for r in rules], [table])


def themes_view(summaries: list[ThemeSummary]) -> Output:
    table = Table(["ID", "Label", "Claims", "Demands", "Organisations"], table_from=80)
    for s in summaries:
        table.rows.append(
            [s.theme.id, s.theme.label, f"{s.claims:,}", f"{s.demands:,}", ", ".join(s.orgs)]
        )
    return Output([s.as_json() for s in summaries], [table])


def timeline_view(entries: list[TimelineEntry], corpus: Corpus) -> Output:
    # for people: the title, id and detail
    table = Table(["Date", "Type", "Who", "What"], table_from=80)
    if any(e.earliest != e.latest for e in entries):
        table.notes.append(
            "In time order: a record dated only to a month or a year stands where what it"
            " is known to come after puts it."
        )
    for e in entries:
        what = f"{e.title}\n{e.id}: {e.detail}"
        table.rows.append([str(e.date), e.type, corpus.org(e.who).label, what])
    return Output([e.as_json() for e in entries], [table])  # CSV: every field


def record_view(corpus: Corpus, shown: Shown) -> Output:
    """``simcli show``: the record's fields, and its claims with their statuses."""
    record, as_of = shown.record, shown.as_of
    if isinstance(record, Statement):
        doc = statement_record(corpus, record)
        fields = Table(["Field", "Value"], title=f"Statement {record.id}")
        if record.title_ours:
            doc_title = f"{record.shown_title} (our wording: no usable title in the source)"
        else:
            doc_title = record.title
        for key in ("org_name", "title", "date", "date_note", "url", "source", "summary"):
            value = doc_title if key == "title" else doc[key]
            if value:
                fields.rows.append([key.replace("org_name", "organisation"), str(value)])
        if record.after:
            fields.rows.append(["after", ", ".join(record.after)])
        if (doc["earliest"], doc["latest"]) != (
            record.date.earliest().isoformat(),
            record.date.latest().isoformat(),
        ):
            fields.rows.append(
                [
                    "can date from",
                    f"{doc['earliest']} to {doc['latest']} (its date and the order of events)",
                ]
            )
        if record.endorses:
            fields.rows.append(["endorses", ", ".join(record.endorses)])
        if doc["endorsed_by"]:
            fields.rows.append(["endorsed by", ", ".join(doc["endorsed_by"])])
        claims = Table(["Claim", "Kind", "Themes", "Target", "Status", "Quote"], title="Claims")
        doc_claims = []
        for row in shown.rows:
            claim = row.claim
            doc_claims.append(row.as_json())
            claims.rows.append(
                [claim.id, claim.kind, ", ".join(claim.themes), claim.target or "",
                 _status_cell(row) or _not_yet(corpus, row, as_of), claim.quote]
            )  # fmt: skip
        doc["claims"] = doc_claims
        doc["as_of"] = as_of.isoformat()  # the claims' statuses are as of it
        _addresses_below(fields)
        # CSV: one table of the statement and its claims, told apart by "record"
        own = {"record": "statement", **{k: v for k, v in doc.items() if k != "claims"}}
        rows = [own, *({"record": "claim", **c} for c in doc_claims)]
        return Output(doc, [fields, claims], records_table(rows))
    if isinstance(record, Claim):
        row = shown.rows[0]
        doc = row.as_json()
        fields = Table(["Field", "Value"], title=f"Claim {record.id}")
        pairs = [
            ("statement", f"{row.statement.id}: {row.statement.shown_title}"),
            ("organisation", row.org.name),
            ("date", str(row.statement.date)),
            ("kind", record.kind),
            ("themes", ", ".join(record.themes)),
            ("target", record.target or ""),
            ("text", record.text),
            ("quote", f'"{record.quote}"'),
            ("note", record.note or ""),
            (
                "deadline",
                str(record.deadline)
                + (f" ({record.deadline_note})" if record.deadline_note else "")
                if record.deadline
                else "",
            ),
            ("status", _status_cell(row) or _not_yet(corpus, row, as_of)),
            ("endorsed by", ", ".join(row.endorsed_by)),
            ("page", row.statement.url or ""),
            ("source file", "" if row.statement.url else row.statement.source or ""),
        ]
        fields.rows = [[k, v] for k, v in pairs if v]
        tables = [fields]
        if row.status is not None:
            themes = Table(["Theme", "Status", "Outcome", "Note"], title="Status by theme")
            doc["theme_status"] = []
            for entry in row.status.themes:
                outcome = entry.outcome
                note = entry.effect.note if entry.effect else ""
                answered_by = f"{outcome.date} {outcome.id}" if outcome else ""
                said = note
                if entry.context is not None:
                    c_outcome, c_effect, why = entry.context
                    said += "\n" if said else ""
                    said += (
                        f"Latest on this theme, not counted: {c_outcome.date} {c_outcome.id}"
                        f" ({c_effect.status}); {why}."
                    )
                themes.rows.append([entry.theme, entry.status, answered_by, said])
                doc["theme_status"].append(entry.as_json())
            tables.append(themes)
        _addresses_below(fields)
        # CSV: the claim, then how each of its themes stands, told apart by "record"
        own = {"record": "claim", **{k: v for k, v in doc.items() if k != "theme_status"}}
        statuses = [{"record": "theme_status", **t} for t in doc.get("theme_status", [])]
        return Output(doc, tables, records_table([own, *statuses]))
    outcome = record
    doc = outcome_record(corpus, outcome)
    fields = Table(["Field", "Value"], title=f"Outcome {outcome.id}")
    for key in ("type", "date", "date_note", "actor", "title", "url", "source", "note"):
        if doc[key]:
            fields.rows.append([key, str(doc[key])])
    if outcome.after:
        fields.rows.append(["after", ", ".join(outcome.after)])
    for ev in outcome.evidence:
        fields.rows.append(["evidence", f'{ev.statement}: "{ev.quote}"'])
    if not outcome.effects:
        fields.rows.append(["effects", "none: an event, shown as context; it answers no call"])
        _addresses_below(fields)
        return Output(doc, [fields], records_table([doc]))
    effects = Table(["Theme", "Status", "Claims", "Note"], title="Effects")
    for e in outcome.effects:
        applies = ", ".join(e.claims) or "demands of " + ", ".join(acted_on(outcome, e))
        effects.rows.append([e.theme, e.status, applies, e.note])
    _addresses_below(fields)
    return Output(doc, [fields, effects], records_table([doc]))


def _addresses_below(fields: Table) -> None:
    """A web address is one long word that no column can hold: it goes under the
    table, on a line of its own, so that the fields stay a table at any width."""
    for row in [r for r in fields.rows if r[1].startswith(("http://", "https://"))]:
        fields.rows.remove(row)
        fields.notes.append(f"{row[0]}: {row[1]}")


def _not_yet(corpus: Corpus, row: ClaimRow, as_of: dt.date) -> str:
    """For a demand asked about before it was certainly made: say so, with the days it
    can have been made between."""
    if row.claim.kind != "demand":
        return ""
    first, last = made_between(corpus, row)
    if row.possibly:
        return (
            f"possibly made by {as_of}, not certainly (made between {first} and {last}):"
            " not counted"
        )
    return f"not yet made as of {as_of} (it can date from {first})"


def diff_view(change: CorpusDiff, new: Corpus) -> Output:
    """What a change adds, removes and modifies, and what it does to the answers."""
    records = Table(["Records", "Added", "Removed", "Modified"], title="What the change does")
    for kind, c in change.records.items():
        if c.added or c.removed or c.modified:
            records.rows.append(
                [kind, "\n".join(c.added), "\n".join(c.removed), "\n".join(c.modified)]
            )
    if not records.rows:
        records.notes.append("No record is added, removed or modified.")
    demands = Table(["New demand", "By", "Of", "Status"], title="New demands", wide=0, named=True)
    for claim_id in change.new_demands:
        statement, claim = new.statement_of(claim_id), new.claim(claim_id)
        org = new.org(statement.org)
        status = next((s.after for s in change.statuses if s.claim == claim_id), None) or ""
        by = f"{org.label}\n{statement.date}"
        demands.rows.append([f"{claim.id}\n{claim.text}", by, claim.target or "", status])
    changes = Table(["Demand", "By", "Before", "After"], title="Status changes", wide=0)
    labels = {o.id: o.label for o in new.organisations}
    for s in change.statuses:
        if s.before is not None and s.after is not None:
            after = s.after
            if (
                after == "met"
                and demand_status(new, new.claim(s.claim), change.as_of).deadline_passed
            ):
                after = "met late"
            changes.rows.append([s.claim, labels.get(s.org, s.org), s.before, after])
    delta = change.unmet_after - change.unmet_before
    answers = Table(["", "Before", "After"], title=f"Unmet demands as of {change.as_of}")
    answers.rows.append(
        ["unmet demands", f"{change.unmet_before:,}", f"{change.unmet_after:,} ({delta:+,d})"]
    )
    if change.themes_unmet:
        answers.notes.append(f"Themes newly unmet: {', '.join(change.themes_unmet)}")
    if change.themes_no_longer_unmet:
        answers.notes.append(f"Themes no longer unmet: {', '.join(change.themes_no_longer_unmet)}")
    tables = [records]
    tables += [t for t in (demands, changes) if t.rows]
    tables.append(answers)
    csv = Table(["change", "kind", "id", "before", "after"])
    for kind, c in change.records.items():
        for what, ids in (("added", c.added), ("removed", c.removed), ("modified", c.modified)):
            csv.rows += [[what, kind, record_id, "", ""] for record_id in ids]
    csv.rows += [["new_demand", "claims", claim_id, "", ""] for claim_id in change.new_demands]
    for s in change.statuses:
        csv.rows.append(["status", "claims", s.claim, s.before or "", s.after or ""])
    before, after = str(change.unmet_before), str(change.unmet_after)
    csv.rows.append(["unmet_demands", change.as_of.isoformat(), "", before, after])
    csv.rows += [["theme_newly_unmet", "themes", t, "", ""] for t in change.themes_unmet]
    csv.rows += [
        ["theme_no_longer_unmet", "themes", t, "", ""] for t in change.themes_no_longer_unmet
    ]
    return Output(change.as_json(), tables, csv)
