"""model/values.Value: the records made at start-up compare, hash, print and copy
as the frozen dataclasses they were did."""

from __future__ import annotations

import pytest

from simcli.analysis.chronology import Bounds
from simcli.model.diagnostics import Diagnostic
from simcli.store.selection import Selection


def test_equal_by_their_fields_in_order() -> None:
    import datetime as dt

    one = Bounds(dt.date(2021, 4, 1), dt.date(2021, 4, 30))
    assert one == Bounds(dt.date(2021, 4, 1), dt.date(2021, 4, 30))
    assert one != Bounds(dt.date(2021, 4, 1), dt.date(2021, 4, 29))
    assert len({one, Bounds(dt.date(2021, 4, 1), dt.date(2021, 4, 30))}) == 1
    assert (
        repr(one) == "Bounds(earliest=datetime.date(2021, 4, 1), latest=datetime.date(2021, 4, 30))"
    )
    assert one != (dt.date(2021, 4, 1), dt.date(2021, 4, 30))  # another type: never equal


def test_replace_copies_with_fields_changed_and_refuses_unknown_ones() -> None:
    asked = Selection(orgs=["nsun"], status="met")
    changed = asked.replace(status="open")
    assert (changed.orgs, changed.status, asked.status) == (["nsun"], "open", "met")
    with pytest.raises(TypeError, match="no field 'colour'"):
        asked.replace(colour="red")


def test_a_table_whose_rows_are_added_later_compares_but_is_never_hashed() -> None:
    from simcli.output.render import Output, Table

    table = Table(["id"], title="Demands")
    assert table == Table(["id"], title="Demands")
    table.rows.append(["c1"])  # as a view lays it out
    assert table != Table(["id"], title="Demands")
    for value in (table, Output({}, [table])):
        with pytest.raises(TypeError, match="unhashable type"):
            hash(value)


def test_a_diagnostic_is_checked_as_made_and_its_copies_dedupe() -> None:
    with pytest.raises(ValueError, match="no rule 'X999'"):
        Diagnostic("c.yaml", 1, 1, (), "message", "X999")
    found = Diagnostic("c.yaml", 3, 1, ("statements", 0), "field required", "S001")
    moved = found.replace(line=4)
    assert (moved.line, found.line) == (4, 3)
    assert {found, moved, found.replace(line=3)} == {found, moved}
