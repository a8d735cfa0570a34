"""The case's order store: every imported report row in ``orders.sqlite`` beside ``case.yaml``.

Why SQLite (the standard library's ``sqlite3``): one file in the case folder, no server; a whole
import is one transaction, so a killed or failed import leaves the store as it was; day totals
and units sold per ASIN are queries over 200,000 rows that never load them into memory.

Tables (no buyer data: the importer only ever reads the columns sections/orders.yaml maps):

- ``items``: one row per item row of an All Orders report, keyed by order ID and the item's
  place among that order's rows, so importing the same report again replaces rows by
  themselves; with the flags the metrics count (Amazon-fulfilled, cancelled, late, ...);
- ``defect_rows``: one row per order and defect from claims, feedback and chargeback reports,
  spreadsheets and lists, and the orders a version-1 case.yaml held (migrated);
- ``legacy_days``: the per-day counts a version-1 case.yaml held, when its rows are not here;
- ``reports``: every imported file, by content hash.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from poa.errors import CaseError

STORE_FILE = "orders.sqlite"
STORE_VERSION = 1
BATCH = 5000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    order_id TEXT NOT NULL,
    item INTEGER NOT NULL,
    purchase_date TEXT,
    asin TEXT,
    sku TEXT NOT NULL DEFAULT '',
    quantity INTEGER,
    status TEXT NOT NULL DEFAULT '',
    fulfillment_channel TEXT NOT NULL DEFAULT '',
    latest_ship_date TEXT,
    ship_date TEXT,
    amazon_fulfilled INTEGER NOT NULL DEFAULT 0,
    cancelled INTEGER NOT NULL DEFAULT 0,
    ship_checked INTEGER NOT NULL DEFAULT 0,
    late INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (order_id, item)
) WITHOUT ROWID;
-- No index to choose dates (the queries read whole years anyway), but the day totals (day_totals)
-- read this one alone, in date order: a fifth of the time of reading the whole table and
-- sorting it (it adds about 40% to the file).
CREATE INDEX IF NOT EXISTS items_days
    ON items (purchase_date, amazon_fulfilled, cancelled, ship_checked, late) WHERE item = 0;
CREATE TABLE IF NOT EXISTS defect_rows (
    order_id TEXT NOT NULL,
    defect TEXT NOT NULL,
    defect_date TEXT,
    purchase_date TEXT,
    asin TEXT,
    sku TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    claim_status TEXT NOT NULL DEFAULT '',
    rating INTEGER,
    reason TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (order_id, defect)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS legacy_days (
    date TEXT PRIMARY KEY,
    orders INTEGER NOT NULL,
    seller_fulfilled INTEGER NOT NULL,
    cancelled INTEGER NOT NULL,
    ship_checked INTEGER NOT NULL,
    late INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS reports (
    sha256 TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    kind TEXT NOT NULL,
    rows INTEGER NOT NULL
);
"""

ITEM_COLUMNS = (
    "order_id", "item", "purchase_date", "asin", "sku", "quantity", "status",
    "fulfillment_channel", "latest_ship_date", "ship_date", "amazon_fulfilled", "cancelled",
    "ship_checked", "late",
)  # fmt: skip
DEFECT_COLUMNS = (
    "order_id", "defect", "defect_date", "purchase_date", "asin", "sku", "status",
    "claim_status", "rating", "reason", "source",
)  # fmt: skip


def _upsert(table: str, columns: tuple[str, ...], key: tuple[str, ...]) -> str:
    """INSERT ... ON CONFLICT DO UPDATE only when a value differs: an unchanged row is no
    change, so ``total_changes`` tells whether an import brought anything new."""
    rest = [c for c in columns if c not in key]
    sets = ", ".join(f"{c} = excluded.{c}" for c in rest)
    differs = " OR ".join(f"{c} IS NOT excluded.{c}" for c in rest)
    marks = ", ".join("?" for _ in columns)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sets} WHERE {differs}"
    )


_ITEM_SQL = _upsert("items", ITEM_COLUMNS, ("order_id", "item"))
# A defect row keeps the first complaint date and never loses a value to an empty cell; a
# row that would not change is not touched (so it is no change).
_KEEP = [c for c in DEFECT_COLUMNS[3:] if c != "source"]
_DEFECT_SQL = (
    f"INSERT INTO defect_rows ({', '.join(DEFECT_COLUMNS)})"
    f" VALUES ({', '.join('?' for _ in DEFECT_COLUMNS)})"
    " ON CONFLICT (order_id, defect) DO UPDATE SET"
    " defect_date = COALESCE(MIN(defect_date, excluded.defect_date), defect_date,"
    " excluded.defect_date), "
    + ", ".join(f"{c} = COALESCE(NULLIF(excluded.{c}, ''), {c})" for c in _KEEP)
    + " WHERE (excluded.defect_date IS NOT NULL AND (defect_date IS NULL"
    " OR excluded.defect_date < defect_date)) OR "
    + " OR ".join(
        f"(NULLIF(excluded.{c}, '') IS NOT NULL AND excluded.{c} IS NOT {c})" for c in _KEEP
    )
)


def path_of(folder: Path) -> Path:
    return Path(folder) / STORE_FILE


def exists(folder: Path) -> bool:
    return path_of(folder).is_file()


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _connect(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(path, timeout=60, isolation_level=None)
    except sqlite3.Error as exc:
        raise CaseError(f"{path}: cannot open the order store: {exc}") from None


def _checked(conn: sqlite3.Connection, path: Path) -> None:
    """A file that is not our store (or from a newer poa) is refused, never overwritten."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'store_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise CaseError(f"{path}: not a poa order store ({exc}); move it away") from None
    if row is not None and not str(row[0]).isdigit():
        raise CaseError(f"{path}: not a poa order store (store version {row[0]!r}); move it away")
    if row is not None and int(row[0]) > STORE_VERSION:
        raise CaseError(f"{path}: order store version {row[0]} is newer than this poa reads")


class Writer:
    """One import's writes, all in one transaction (``commit`` or nothing)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._items: list[tuple[Any, ...]] = []

    def known_report(self, sha256: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM reports WHERE sha256 = ?", (sha256,)).fetchone()
        return row is not None

    def item(self, order_id: str, item: int, f: dict[str, Any], flags: dict[str, int]) -> None:
        """One All Orders row; written in batches, so memory stays flat."""
        self._items.append(
            (
                order_id,
                item,
                _iso(f.get("purchase_date")),
                f.get("asin"),
                f.get("sku") or "",
                f.get("quantity"),
                f.get("status") or "",
                f.get("fulfillment_channel") or "",
                _iso(f.get("latest_ship_date")),
                _iso(f.get("ship_date")),
                flags["amazon_fulfilled"],
                flags["cancelled"],
                flags["ship_checked"],
                flags["late"],
            )
        )
        if len(self._items) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self._items:
            self.conn.executemany(_ITEM_SQL, self._items)
            self._items.clear()

    def defect(self, order_id: str, defect: str, f: dict[str, Any], source: str) -> None:
        self.conn.execute(
            _DEFECT_SQL,
            (
                order_id,
                defect,
                _iso(f.get("defect_date")),
                _iso(f.get("purchase_date")),
                f.get("asin"),
                f.get("sku") or "",
                f.get("status") or "",
                f.get("claim_status") or "",
                f.get("rating"),
                f.get("reason") or "",
                source,
            ),
        )

    def legacy_day(self, day: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO legacy_days VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (date) DO UPDATE SET"
            " orders = excluded.orders, seller_fulfilled = excluded.seller_fulfilled,"
            " cancelled = excluded.cancelled, ship_checked = excluded.ship_checked,"
            " late = excluded.late WHERE excluded.orders > legacy_days.orders",
            (
                _iso(day["date"]),
                day["orders"],
                day["seller_fulfilled"],
                day["cancelled"],
                day["ship_checked"],
                day["late"],
            ),
        )

    def report(self, sha256: str, file: str, kind: str, rows: int) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO reports VALUES (?, ?, ?, ?)", (sha256, file, kind, rows)
        )


@contextmanager
def writing(folder: Path | None) -> Iterator[Writer]:
    """A transaction on the case's store (created on first use), or on a throwaway in-memory
    store without a folder. The caller's ``commit()`` keeps the writes; anything else (an
    exception, Ctrl-C, a kill) leaves the file as it was."""
    path = path_of(folder) if folder is not None else None
    conn = _connect(path if path is not None else Path(":memory:"))
    with closing(conn):
        try:
            conn.execute("BEGIN IMMEDIATE")
            tables = _tables(conn)
            if tables and "meta" not in tables:  # another program's database: never touched
                raise sqlite3.DatabaseError(f"it holds other tables ({', '.join(sorted(tables))})")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            _checked(conn, path or Path(STORE_FILE))
            conn.execute(
                "INSERT OR IGNORE INTO meta VALUES ('store_version', ?)", (str(STORE_VERSION),)
            )
        except sqlite3.DatabaseError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise CaseError(f"{path}: not a poa order store ({exc}); move it away") from None
        writer = Writer(conn)
        try:
            yield writer
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")


def commit(writer: Writer) -> None:
    writer.flush()
    writer.conn.execute("COMMIT")


@contextmanager
def reading(folder: Path) -> Iterator[sqlite3.Connection | None]:
    """The store, for queries only, or None when the case has none yet (or only the empty
    file a first import that was killed leaves)."""
    path = path_of(folder)
    if not path.is_file():
        yield None
        return
    try:
        # Opened read-write (never written here): a read-write connection is what rolls back
        # the journal a killed import left, so the store reads as it was before that import.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=60)
    except sqlite3.Error as exc:
        raise CaseError(f"{path}: cannot open the order store: {exc}") from None
    with closing(conn):
        try:
            tables = _tables(conn)
            if tables and not {"meta", "items", "defect_rows", "legacy_days"} <= tables:
                raise sqlite3.DatabaseError("it lacks the order tables")
        except sqlite3.DatabaseError as exc:
            raise CaseError(f"{path}: not a poa order store ({exc}); move it away") from None
        yield conn if tables else None


_DAYS_SQL = """
SELECT purchase_date, COUNT(*), SUM(1 - amazon_fulfilled),
       SUM((1 - amazon_fulfilled) * cancelled), SUM(ship_checked), SUM(late)
FROM items WHERE item = 0 AND purchase_date IS NOT NULL GROUP BY purchase_date
"""
_DAY_KEYS = ("date", "orders", "seller_fulfilled", "cancelled", "ship_checked", "late")


def day_totals(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Counts per purchase date: an order counts once (its first item row); a day a version-1
    case counted from a report whose rows are not in the store keeps the larger count."""
    days = {row[0]: dict(zip(_DAY_KEYS, row, strict=True)) for row in conn.execute(_DAYS_SQL)}
    for row in conn.execute("SELECT * FROM legacy_days"):
        if row[0] not in days or row[1] > days[row[0]]["orders"]:
            days[row[0]] = dict(zip(_DAY_KEYS, row, strict=True))
    return [days[d] for d in sorted(days)]


def units_sold(
    conn: sqlite3.Connection, start: dt.date, end: dt.date, asins: Iterable[str] | None = None
) -> dict[str, int]:
    """Units per ASIN ordered between ``start`` and ``end`` (inclusive), cancelled orders left
    out; a row without a quantity counts one unit (one row per item)."""
    rows = conn.execute(
        "SELECT asin, SUM(COALESCE(quantity, 1)) FROM items WHERE asin IS NOT NULL"
        " AND cancelled = 0 AND purchase_date BETWEEN ? AND ? GROUP BY asin ORDER BY asin",
        (start.isoformat(), end.isoformat()),
    )
    wanted = set(asins) if asins is not None else None
    return {a: int(n) for a, n in rows if wanted is None or a in wanted}


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows held, for summaries and tests."""

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    return {
        "item_rows": one("SELECT COUNT(*) FROM items"),
        "orders": one("SELECT COUNT(DISTINCT order_id) FROM items"),
        "defect_rows": one("SELECT COUNT(*) FROM defect_rows"),
        "reports": one("SELECT COUNT(*) FROM reports"),
    }


def _present(conn: sqlite3.Connection, sql: str, values: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), 500):  # SQLite's limit on bound values is 999 or more
        chunk = values[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(r[0] for r in conn.execute(sql.format(marks=marks), chunk))
    return found


def known_orders(conn: sqlite3.Connection, order_ids: Iterable[str]) -> set[str]:
    """Which of ``order_ids`` an imported report lists (All Orders or a defect report)."""
    ids = sorted(set(order_ids))
    return _present(
        conn, "SELECT DISTINCT order_id FROM items WHERE order_id IN ({marks})", ids
    ) | _present(conn, "SELECT DISTINCT order_id FROM defect_rows WHERE order_id IN ({marks})", ids)


def known_asins(conn: sqlite3.Connection, asins: Iterable[str]) -> set[str]:
    """Which of ``asins`` an imported report lists."""
    values = sorted(set(asins))
    return _present(
        conn, "SELECT DISTINCT asin FROM items WHERE asin IN ({marks})", values
    ) | _present(conn, "SELECT DISTINCT asin FROM defect_rows WHERE asin IN ({marks})", values)
