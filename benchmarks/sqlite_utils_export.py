"""Issue 26: the SQLite export built with sqlite-utils, against simcli's own SQL.

    python3 benchmarks/sqlite_utils_export.py [--statements N] [--runs R]

Builds the database of ``simcli export --format sqlite`` twice from the same
records (``simcli.database.database_records``, which takes its claims and
outcomes from ``simcli.export.export_records``): once with
``simcli.database.write_database`` (plain sqlite3 and hand-made SQL), once with
sqlite-utils (``Table.create``, ``insert_all``, ``enable_fts``,
``Database.create_view``), both from the definitions in ``simcli.database``
(``TABLES``, ``VIEWS``). Then it compares the two files: every object of
``sqlite_master`` (its SQL as written, and what SQLite makes of it:
``table_info``, ``foreign_key_list``, ``index_list``), the rows of every table
(shadow tables of the full-text indexes included) and every view, value by
value and type by type, and a search of each full-text index. And it times:

* the database writing step alone, in one process (records already made),
  the two writers alternating (and sqlite-utils with its inserts in one transaction);
* whole processes (``python -c`` loading the corpus, making the records and
  writing the file), the two alternating, wall seconds (peak memory: /usr/bin/time -v);
* ``python -X importtime -c "import sqlite_utils"``, which ``simcli export``
  would pay.

The bundled corpus always; with ``--statements N`` also a generated corpus of N
statements as a folder (``benchmarks/generate.py N --split``), or ``--data
PATH`` for one at hand. Every figure is min / median / max of ``--runs`` runs
after one warm-up. Needs sqlite-utils (``pip install sqlite-utils``); exits 2
without it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import inspect
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
AS_OF = "2026-12-01"


# ---------------------------------------------------------------- the builders


def records(data: str | None, as_of: str) -> Any:
    """The export's records: what both writers are given."""
    from simcli.output.export.sqlite import database_records
    from simcli.store.load import load_corpus

    corpus = load_corpus(data or None)
    return database_records(corpus, dt.date.fromisoformat(as_of))


def write_simcli(tables: Any, path: Path) -> None:
    """simcli's own writer: plain sqlite3."""
    from simcli.output.export.sqlite import write_database

    write_database(tables, path)


def _reference_key(table: str) -> str:
    return "theme" if table == "unmet_themes" else "id"


def write_sqlite_utils(tables: Any, path: Path, one_transaction: bool = False) -> None:
    """The same database, written by sqlite-utils from simcli's table definitions.
    ``insert_all`` commits every batch (at most 999 values); ``one_transaction``
    wraps all the inserts in ``Database.atomic()``, one commit as simcli's writer."""
    import sqlite_utils

    from simcli.store.tables import TABLES, VIEWS

    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = OFF")  # as simcli's writer: a new file, written once
    db.execute("PRAGMA synchronous = OFF")
    # sqlite-utils creates a foreign key only to a table that exists (claims names
    # outcomes, defined after it): each table once those it names are made
    made: set[str] = set()
    waiting = list(TABLES)
    while waiting:
        for t in waiting:
            if all(
                c.references in made or c.references == t.name for c in t.columns if c.references
            ):
                break
        waiting.remove(t)
        db[t.name].create(
            {c.name: c.type for c in t.columns},
            pk=t.primary_key[0] if len(t.primary_key) == 1 else t.primary_key,
            foreign_keys=[
                (c.name, c.references, _reference_key(c.references))
                for c in t.columns
                if c.references
            ],
            not_null=t.primary_key,
        )
        made.add(t.name)
    inserting = db.atomic() if one_transaction else contextlib.nullcontext()
    with inserting:
        for t in TABLES:
            _insert(db, t, tables.tables.get(t.name, []))
    for t in TABLES:
        if t.search:
            db[t.name].enable_fts(list(t.search), fts_version="FTS5")
    for view in VIEWS:
        db.create_view(view.name, view.sql)
    db.close()


def _insert(db: Any, t: Any, records: list[dict[str, Any]]) -> None:
    names = [c.name for c in t.columns]
    positioned = "position" in names

    def rows() -> Any:
        for i, record in enumerate(records):
            row = {n: record.get(n) for n in names}
            if positioned:
                row["position"] = record.get("position", i)
            yield row

    db[t.name].insert_all(rows())  # lists and objects become JSON text here


def build(which: str, data: str, out: str, as_of: str = AS_OF) -> None:
    """One whole export: load, make the records, write ``out`` (the process timed)."""
    tables = records(data or None, as_of)
    (write_simcli if which == "simcli" else write_sqlite_utils)(tables, Path(out))


# ---------------------------------------------------------------- comparing


def _normal(sql: str | None) -> str:
    """SQL as written, without quoting style, spacing or a final semicolon."""
    if sql is None:
        return ""
    sql = re.sub(r"[\[\]\"]", "", sql)
    sql = re.sub(r"\s+", " ", sql).strip().rstrip(";").strip()
    return re.sub(r"\s*([(),])\s*", r"\1", sql)


def _master(con: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    return con.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"
    ).fetchall()


def _meaning(con: sqlite3.Connection, name: str, kind: str) -> dict[str, Any]:
    """What SQLite makes of a table or view's SQL."""
    q = f'"{name}"'
    out: dict[str, Any] = {"columns": con.execute(f"PRAGMA table_xinfo({q})").fetchall()}
    if kind == "table":
        out["foreign_keys"] = sorted(
            r[2:] for r in con.execute(f"PRAGMA foreign_key_list({q})").fetchall()
        )
        out["indexes"] = sorted(
            (r[2], r[3], tuple(c[2] for c in con.execute(f'PRAGMA index_info("{r[1]}")')))
            for r in con.execute(f"PRAGMA index_list({q})").fetchall()
        )
    return out


def _rows(con: sqlite3.Connection, name: str, kind: str) -> list[tuple[Any, ...]]:
    order = " ORDER BY rowid" if kind == "table" else ""
    try:
        rows = con.execute(f'SELECT * FROM "{name}"{order}').fetchall()
    except sqlite3.OperationalError:  # WITHOUT ROWID shadow tables
        rows = con.execute(f'SELECT * FROM "{name}"').fetchall()
    return [tuple((type(v).__name__, v) for v in row) for row in rows]


def compare(a_path: Path, b_path: Path) -> dict[str, Any]:
    """Differences between simcli's file (a) and sqlite-utils' (b)."""
    a, b = sqlite3.connect(a_path), sqlite3.connect(b_path)
    ma, mb = _master(a), _master(b)
    by_a = {r[1]: r for r in ma}
    by_b = {r[1]: r for r in mb}
    report: dict[str, Any] = {
        "objects": (len(ma), len(mb)),
        "only_simcli": sorted(set(by_a) - set(by_b)),
        "only_sqlite_utils": sorted(set(by_b) - set(by_a)),
        "order_same": [r[1] for r in ma] == [r[1] for r in mb],
        "order_simcli": [r[1] for r in ma if r[0] == "table" and not _shadow(r[1], by_a)],
        "order_sqlite_utils": [r[1] for r in mb if r[0] == "table" and not _shadow(r[1], by_b)],
        "sql_verbatim_same": [],
        "sql_same_but_quoting": [],
        "sql_differs": [],
        "meaning_differs": [],
        "rows_differ": [],
        "rows": {},
    }
    for name in [r[1] for r in ma if r[1] in by_b]:
        kind, _, _, sa = by_a[name]
        sb = by_b[name][3]
        if sa == sb:
            report["sql_verbatim_same"].append(name)
        elif _normal(sa) == _normal(sb):
            report["sql_same_but_quoting"].append(name)
        else:
            report["sql_differs"].append((name, sa, sb))
        if kind in ("table", "view") and _meaning(a, name, kind) != _meaning(b, name, kind):
            report["meaning_differs"].append(
                (name, _meaning(a, name, kind), _meaning(b, name, kind))
            )
        if kind in ("table", "view"):
            ra, rb = _rows(a, name, kind), _rows(b, name, kind)
            report["rows"][name] = len(ra)
            if ra != rb:
                first = next(
                    (i for i, (x, y) in enumerate(zip(ra, rb, strict=False)) if x != y),
                    min(len(ra), len(rb)),
                )
                report["rows_differ"].append((name, len(ra), len(rb), first))
    # a search on each full-text index gives the same rows
    report["fts_searches_same"] = all(
        _search(a, r[1]) == _search(b, r[1])
        for r in ma
        if r[0] == "table" and r[1].endswith("_fts") and r[1] in by_b
    )
    report["integrity"] = (
        a.execute("PRAGMA integrity_check").fetchone()[0],
        b.execute("PRAGMA integrity_check").fetchone()[0],
    )
    report["foreign_key_check"] = (
        len(a.execute("PRAGMA foreign_key_check").fetchall()),
        len(b.execute("PRAGMA foreign_key_check").fetchall()),
    )
    report["bytes"] = (a_path.stat().st_size, b_path.stat().st_size)
    a.close()
    b.close()
    return report


def _shadow(name: str, master: dict[str, Any]) -> bool:
    return any(name.startswith(f"{n}_") and n.endswith("_fts") for n in master)


def _search(con: sqlite3.Connection, fts: str) -> list[Any]:
    return con.execute(
        f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH ? ORDER BY rank, rowid', ("mental",)
    ).fetchall()


# ---------------------------------------------------------------- timing


def _spread(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


def time_writers(tables: Any, runs: int, tmp: Path) -> dict[str, list[float]]:
    """The writing step alone, in this process; the writers alternate."""
    import sqlite_utils  # noqa: F401  (imported before timing: the import is timed apart)

    writers: dict[str, Callable[[Any, Path], None]] = {
        "simcli": write_simcli,
        "sqlite-utils": write_sqlite_utils,
        "sqlite-utils, one transaction": lambda t, p: write_sqlite_utils(t, p, True),
    }
    times: dict[str, list[float]] = {name: [] for name in writers}
    for run in range(runs + 1):  # the first is a warm-up
        for name, write in writers.items():
            path = tmp / f"inproc-{name}-{run}.db"
            t0 = time.perf_counter()
            write(tables, path)
            elapsed = time.perf_counter() - t0
            path.unlink()
            if run:
                times[name].append(elapsed)
    return times


_BUILDER = (
    "import sys; sys.path.insert(0, {here!r}); import sqlite_utils_export as m;"
    " m.build({which!r}, {data!r}, {out!r}, {as_of!r})"
)


def _process(argv: list[str]) -> float:
    """Wall seconds of one whole process. (Not its peak memory: a child's ru_maxrss
    on Linux starts from this process's, which holds the records; use /usr/bin/time -v.)"""
    t0 = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    if done.returncode:
        sys.exit(f"a builder failed ({done.returncode}): {' '.join(argv)}\n{done.stderr.decode()}")
    return elapsed


def time_processes(data: str, runs: int, tmp: Path, as_of: str) -> dict[str, Any]:
    """Whole processes, ``python -c`` running each builder; they alternate."""
    out: dict[str, Any] = {}
    for run in range(runs + 1):
        for which in ("simcli", "sqlite-utils"):
            path = tmp / f"proc-{which}-{run}.db"
            code = _BUILDER.format(
                here=str(HERE), which=which, data=data, out=str(path), as_of=as_of
            )
            wall = _process([sys.executable, "-c", code])
            path.unlink()
            if run:
                out.setdefault(which, []).append(wall)
    return out


def time_import(runs: int) -> dict[str, Any]:
    """``python -X importtime -c "import sqlite_utils"``: its cumulative microseconds."""
    found: dict[str, Any] = {"us": [], "heavy": set()}
    for run in range(runs + 1):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import sqlite_utils"],
            capture_output=True,
            text=True,
            check=True,
        )
        cumulative = None
        for line in done.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
            if not m:
                continue
            if m.group(4) == "sqlite_utils":
                cumulative = int(m.group(2))
            if m.group(4).split(".")[0] in {
                "pandas",
                "numpy",
                "click",
                "pluggy",
                "dateutil",
                "tabulate",
                "sqlite_fts4",
            }:
                found["heavy"].add(m.group(4).split(".")[0])
        if run and cumulative is not None:
            found["us"].append(cumulative)
    return found


# ---------------------------------------------------------------- lines of code


def lines_of_code() -> dict[str, int]:
    import simcli.output.export.sqlite as export
    import simcli.store.tables as d

    simcli_writer = [
        d.table_sql, d.schema_sql, d._column, d.row_maker, d.table_rows, export.write_database
    ]  # fmt: skip
    mine = [_reference_key, write_sqlite_utils, _insert]
    return {
        "simcli": sum(len(inspect.getsourcelines(f)[0]) for f in simcli_writer),
        "sqlite-utils": sum(len(inspect.getsourcelines(f)[0]) for f in mine),
    }


# ---------------------------------------------------------------- the run


def run_corpus(label: str, data: str, runs: int, tmp: Path, as_of: str) -> None:
    print(f"\n## {label}\n")
    tables = records(data or None, as_of)  # also warms the cache for the processes
    counts = tables.counts()
    print("records: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    stem = re.sub(r"\W+", "-", label).strip("-")
    a, b = tmp / f"{stem}-simcli.db", tmp / f"{stem}-sqlite-utils.db"
    for p in (a, b):
        if p.exists():
            p.unlink()
    write_simcli(tables, a)
    write_sqlite_utils(tables, b)
    report = compare(a, b)
    print(
        f"sqlite_master objects: simcli {report['objects'][0]}, sqlite-utils"
        f" {report['objects'][1]}; only in simcli's: {report['only_simcli'] or 'none'};"
        f" only in sqlite-utils': {report['only_sqlite_utils'] or 'none'}"
    )
    print(f"object order the same: {report['order_same']}")
    if not report["order_same"]:
        print(f"  tables, simcli:       {' '.join(report['order_simcli'])}")
        print(f"  tables, sqlite-utils: {' '.join(report['order_sqlite_utils'])}")
    print(
        f"SQL verbatim the same: {len(report['sql_verbatim_same'])}"
        f" ({', '.join(report['sql_verbatim_same'])})"
    )
    print(
        f"SQL the same but for quoting and spacing: {len(report['sql_same_but_quoting'])}"
        f" ({', '.join(report['sql_same_but_quoting'])})"
    )
    print(f"SQL different: {len(report['sql_differs'])}")
    for name, sa, sb in report["sql_differs"]:
        print(f"  {name}:\n    simcli:       {_normal(sa)}\n    sqlite-utils: {_normal(sb)}")
    print(
        f"tables and views SQLite reads differently (table_xinfo, foreign_key_list,"
        f" index_list): {len(report['meaning_differs'])}"
    )
    for name, ma, mb in report["meaning_differs"]:
        for key in ma:
            if ma[key] != mb.get(key):
                print(
                    f"  {name} {key}:\n    simcli:       {ma[key]}\n    sqlite-utils: {mb.get(key)}"
                )
    compared = report["rows"]
    print(
        f"tables and views compared row for row (value and type): {len(compared)},"
        f" {sum(compared.values()):,} rows; differing: {report['rows_differ'] or 'none'}"
    )
    print(
        f"FTS searches the same: {report['fts_searches_same']}; integrity_check:"
        f" {report['integrity']}; foreign_key_check violations: {report['foreign_key_check']}"
    )
    print(f"file bytes: simcli {report['bytes'][0]:,}, sqlite-utils {report['bytes'][1]:,}")
    c = tmp / f"{stem}-sqlite-utils-one-transaction.db"
    if c.exists():
        c.unlink()
    write_sqlite_utils(tables, c, one_transaction=True)
    again = compare(b, c)
    same = not (again["sql_differs"] or again["meaning_differs"] or again["rows_differ"])
    print(f"sqlite-utils in one transaction: the same database as without: {same}")

    inproc = time_writers(tables, runs, tmp)
    print(f"\nwriting step alone, in-process, s (min / median / max of {runs}, alternating):")
    for name, values in inproc.items():
        print(f"  {name:29} {_spread(values)}")
    for name in ("sqlite-utils", "sqlite-utils, one transaction"):
        ratio = [b_ / a_ for a_, b_ in zip(inproc["simcli"], inproc[name], strict=True)]
        print(f"  {name} / simcli, pair by pair: {_spread(ratio)}")

    procs = time_processes(data, runs, tmp, as_of)
    print(
        f"\nwhole process (python -c: load, records, write), s (min / median / max of"
        f" {runs}, alternating):"
    )
    for name, values in procs.items():
        print(f"  {name:13} {_spread(values)}")
    ratio = [y / x for x, y in zip(procs["simcli"], procs["sqlite-utils"], strict=True)]
    print(f"  sqlite-utils / simcli, pair by pair: {_spread(ratio)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, help="also a generated corpus of N statements")
    parser.add_argument("--data", help="also this corpus (a file or a folder)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--as-of", default=AS_OF, help=f"statuses as of (default {AS_OF})")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("sqlite_utils") is None:
        print(
            "sqlite_utils_export.py: sqlite-utils is not installed in this Python"
            f" ({sys.executable}); install it with: pip install sqlite-utils",
            file=sys.stderr,
        )
        return 2
    if importlib.util.find_spec("simcli") is None:
        sys.path.insert(0, str(ROOT))
        os.environ["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p
        )
    from importlib.metadata import version

    print(
        f"# sqlite-utils {version('sqlite-utils')} against simcli's SQL,"
        f" Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"
    )
    loc = lines_of_code()
    print(
        f"lines of the writer: simcli (table_sql, schema_sql, _column, row_maker, _rows,"
        f" write_database) {loc['simcli']}; sqlite-utils version {loc['sqlite-utils']}"
    )
    imp = time_import(args.runs)
    print(
        f'python -X importtime -c "import sqlite_utils", cumulative ms (min / median / max'
        f" of {args.runs}): {_spread([u / 1000 for u in imp['us']])};"
        f" it imports: {', '.join(sorted(imp['heavy']))}"
    )
    with tempfile.TemporaryDirectory(prefix="sqlu26-") as name:
        tmp = Path(name)
        run_corpus("bundled corpus", "", args.runs, tmp, args.as_of)
        if args.data:
            run_corpus(f"corpus {args.data}", args.data, args.runs, tmp, args.as_of)
        if args.statements:
            folder = tmp / f"generated-{args.statements}"
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "generate.py"),
                    str(args.statements),
                    "--split",
                    str(folder),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            run_corpus(
                f"{args.statements:,} statements (a folder)",
                str(folder),
                args.runs,
                tmp,
                args.as_of,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
