"""``--fields a,b``: a listing's JSON and CSV with the fields asked for, in that order,
as ``gh --json a,b`` gives them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from simcli.model.text import did_you_mean
from simcli.output.render import Output, Table, records_table

FIELD_FORMATS = ("json", "csv", "tsv")  # what --fields shapes: records, not laid-out tables


class UnknownField(ValueError):
    """A field the listing does not have."""


def chosen(value: str | None) -> list[str] | None:
    """``"id, org"`` -> ``["id", "org"]``; an empty list is refused."""
    if value is None:
        return None
    names = [name.strip() for name in value.split(",")]
    if not all(names):
        raise UnknownField("give field names separated by commas, such as --fields id,org")
    return list(dict.fromkeys(names))


def pick(output: Output, names: Sequence[str], known: Sequence[str]) -> Output:
    """``output`` with only the fields ``names`` of each record, in that order; JSON a
    list of records and CSV a column each. ``known``: the listing's fields."""
    for name in names:
        if name not in known:
            raise UnknownField(
                f"unknown field '{name}'{did_you_mean(name, known)}; the fields are:"
                f" {', '.join(known)}"
            )
    records = [{name: record.get(name) for name in names} for record in output.doc]
    table = records_table(records) if records else None
    if table is None:
        table = Table(list(names))
    # the tables (for no format --fields goes with) stay as the view left them: unbuilt
    return Output(records, output.tables, table, aside=output.aside, later=_tables(output, table))


def _tables(output: Output, table: Table) -> Callable[[], tuple[list[Table], Table | None]] | None:
    """The view's tables, laid out when asked for, beside the CSV of the fields picked."""
    if output.later is None:
        return None
    return lambda: (output.laid_out().tables, table)
