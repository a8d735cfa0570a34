"""The case an import builds in memory, and what each file did: orders by ID merged by the rules
of ``poa.orders.importer`` (a note kept, defects only added, an empty cell never erasing a
value), the per-file summaries the CLI prints, and the copy of a version-1 case into the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from poa.case import orderstore as db
from poa.case.model import STORE_SCHEMA_VERSION, Case, primary_defect
from poa.orders.detect import orders_data
from poa.text.ids import find_order_ids

# Fields an import may set on an order; anything else (note) belongs to the seller.
ORDER_FIELDS = (
    "purchase_date",
    "status",
    "asin",
    "sku",
    "defect_date",
    "fulfillment_channel",
    "latest_ship_date",
    "ship_date",
    "rating",
    "claim_status",
    "reason",
)


@dataclass
class FileSummary:
    """What one file contributed; the CLI prints it."""

    path: Path
    kind: str
    label: str
    encoding: str = ""
    rows: int = 0
    counted: int = 0
    days: int = 0
    skipped: dict[str, list[int]] = field(default_factory=dict)
    already_imported: bool = False
    # order ID -> what this file did to it; an order on several rows counts once
    outcomes: dict[str, str] = field(default_factory=dict)

    @property
    def added(self) -> int:
        return sum(o == "added" for o in self.outcomes.values())

    @property
    def updated(self) -> int:
        return sum(o == "updated" for o in self.outcomes.values())

    @property
    def unchanged(self) -> int:
        return sum(o == "unchanged" for o in self.outcomes.values())

    @property
    def skipped_count(self) -> int:
        return sum(len(v) for v in self.skipped.values())

    def skip(self, reason: str, line: int) -> None:
        self.skipped.setdefault(reason, []).append(line)

    def record(self, order_id: str, outcome: str) -> None:
        if outcome in OUTCOMES:
            self.outcomes[order_id] = _stronger(self.outcomes.get(order_id), outcome)


# What happened to an order, strongest first: an order added by one row (or file) and found
# again by the next was added.
OUTCOMES = ("added", "updated", "unchanged")


def _stronger(old: str | None, new: str) -> str:
    return new if old is None else min(old, new, key=OUTCOMES.index)


@dataclass
class ImportResult:
    case: Case
    files: list[FileSummary]
    changed: bool
    seconds: float

    def total(self, name: str) -> int:
        """A total over all files; added, updated and unchanged count each order once."""
        if name in OUTCOMES:
            merged: dict[str, str] = {}
            for f in self.files:
                for order_id, outcome in f.outcomes.items():
                    merged[order_id] = _stronger(merged.get(order_id), outcome)
            return sum(o == name for o in merged.values())
        return sum(getattr(f, name) for f in self.files)


class _Merge:
    """The case being built in memory: orders by ID, day totals by date."""

    def __init__(self, case: Case, writer: db.Writer) -> None:
        self.base = case
        self.writer = writer
        self.orders: dict[str, dict[str, Any]] = {}
        for order in case.orders:
            self.orders.setdefault(order.order_id, order.model_dump())
        self.reports = [r.model_dump() for r in case.order_totals.reports]
        data = orders_data()["keep_defects"]
        self.keep = set(data.get(case.violation.value, data["default"]))
        self.mentioned = mentioned_order_ids(case)

    def upsert(
        self, order_id: str, fields: dict[str, Any], defects: list[str], source: str, *, add: bool
    ) -> str:
        """'added', 'updated', 'unchanged' or 'ignored' (not in the case and not to be added)."""
        fields = {k: v for k, v in fields.items() if k in ORDER_FIELDS}  # quantity: store only
        existing = self.orders.get(order_id)
        if existing is None:
            if not add:
                return "ignored"
            record: dict[str, Any] = {"order_id": order_id, "defects": [], "sources": []}
            record.update({k: v for k, v in fields.items() if v not in (None, "")})
            record["defects"] = list(dict.fromkeys(defects))
            record["defect"] = primary_defect(record["defects"])
            record["sources"] = [source]
            self.orders[order_id] = record
            return "added"
        before = dict(existing)
        for name, value in fields.items():
            if value in (None, ""):
                continue
            if name == "defect_date" and existing.get(name):
                value = min(existing[name], value)  # the first complaint, whatever the order
            existing[name] = value
        merged = list(dict.fromkeys([*existing.get("defects", []), *defects]))
        existing["defects"] = merged
        existing["defect"] = primary_defect(merged)
        if source not in existing.get("sources", []):
            existing["sources"] = [*existing.get("sources", []), source]
        return "unchanged" if existing == before else "updated"

    def build(self) -> Case:
        """The new case: version 2, its day totals read back from the store (in memory only:
        case.yaml of version 2 does not hold them)."""
        data = self.base.model_dump()
        data["schema_version"] = STORE_SCHEMA_VERSION
        data["orders"] = list(self.orders.values())
        self.writer.flush()
        data["order_totals"] = {
            "days": db.day_totals(self.writer.conn),
            "reports": self.reports,
        }
        return Case.model_validate(data)


def migrate(case: Case, writer: db.Writer, *, days: bool) -> None:
    """Copy what case.yaml holds into the store: its orders (one defect row per defect, or
    one without a defect) and, with ``days``, its day totals. Repeating it changes nothing."""
    for order in case.orders:
        fields = order.model_dump()
        defects: list[str] = [*order.defects] or [""]  # "": an order with no defect
        for defect in defects:
            writer.defect(order.order_id, defect, fields, ",".join(order.sources) or "case.yaml")
    if days:
        for day in case.order_totals.days:
            writer.legacy_day(day.model_dump())


def mentioned_order_ids(case: Case) -> set[str]:
    """Order IDs the plan already quotes: kept in full when a report lists them."""
    ids = set(case.affected_order_ids())
    texts = [case.summary, case.additional_info, case.closing]
    for field_name in ("root_causes", "corrective_actions", "preventive_measures", "evidence"):
        for item in getattr(case, field_name):
            texts.extend(
                str(getattr(item, name, "") or "")
                for name in ("title", "what", "why", "result", "measure", "description")
            )
    for text in texts:
        ids.update(find_order_ids(text or ""))
    return ids
