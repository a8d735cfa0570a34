"""The case: what a seller knows about one deactivation, validated.

Every item can carry order IDs and ASINs; every corrective action and preventive measure names
the root cause(s) it answers, because Amazon expects each root cause to have its own fix.
Items may be incomplete while the seller is still writing (the wizard saves every answer);
completeness is judged by ``poa check`` and ``poa score``, not by loading.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from poa.text.ids import normalize_asin, normalize_order_id

SCHEMA_VERSION: Literal[1] = 1  # what a new case is written with
# Version 2: the day totals live in the case's order store (orders.sqlite), not in case.yaml;
# the first order import of a version-1 case moves them there (poa.orders.importer).
STORE_SCHEMA_VERSION: Literal[2] = 2
SCHEMA_VERSIONS: tuple[Literal[1, 2], ...] = (1, 2)


class Violation(str, Enum):
    """Violation kinds (contract ids)."""

    odr = "odr"
    late_shipment = "late_shipment"
    cancellation = "cancellation"
    valid_tracking = "valid_tracking"
    condition = "condition"
    inauthentic = "inauthentic"
    ip = "ip"
    safety = "safety"
    restricted = "restricted"
    related_account = "related_account"
    review_manipulation = "review_manipulation"
    other = "other"


class AppealMode(str, Enum):
    """A plan that owns the problem, or a 'deactivated in error' appeal with evidence."""

    plan_of_action = "plan_of_action"
    deactivated_in_error = "deactivated_in_error"


DefectKind = Literal["claim", "negative_feedback", "chargeback", "late", "cancelled", "other"]

OrderId = Annotated[str, BeforeValidator(lambda v: normalize_order_id(str(v)))]
Asin = Annotated[str, BeforeValidator(lambda v: normalize_asin(str(v)))]


def _strip(value: str) -> str:
    return value.strip()


def _number_as_text(value: object) -> object:
    """YAML reads `name: 123` as a number; in a text field the seller meant the text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _lower(value: object) -> object:
    """Kinds are ids; 'ODR' typed by hand means 'odr'."""
    return value.strip().lower() if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_number_as_text), AfterValidator(_strip)]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


OrderIds = Annotated[list[OrderId], AfterValidator(_unique)]
Asins = Annotated[list[Asin], AfterValidator(_unique)]
ItemId = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# A building block's slot value as stored: a number, ISO date(s) or English text, or ID lists.
SlotValue = int | float | str | list[str]
BlockId = Annotated[str, Field(pattern=r"^([a-z_]+\.[a-z0-9-]+)?$")]


class FromBlock(Model):
    """An item written from a building block (``sections/blocks/``) keeps where it came from.

    ``block`` is the block's id and ``slots`` the values filled in, so the slots can be reopened;
    the item's text fields hold the English the block made (and any later edits). Both stay
    empty for items written freely, and are then left out of case.yaml.
    """

    block: BlockId = ""
    slots: dict[str, SlotValue] = Field(default_factory=dict)


class Store(Model):
    name: Text = ""
    marketplace: Text = "amazon.com"
    seller_id: Text = ""


class Metric(Model):
    name: str
    value: float
    target: float | None = None
    unit: str = "%"


class Notice(Model):
    """Amazon's notice as received, and the figures it quotes."""

    text: str = ""
    received: dt.date | None = None
    metrics: list[Metric] = Field(default_factory=list)


class RootCause(FromBlock):
    id: ItemId
    title: Text = ""
    what: Text = ""
    why: Text = ""
    order_ids: OrderIds = Field(default_factory=list)
    asins: Asins = Field(default_factory=list)
    evidence: list[ItemId] = Field(default_factory=list)


class CorrectiveAction(FromBlock):
    id: ItemId
    what: Text = ""
    when: dt.date | None = None
    order_ids: OrderIds = Field(default_factory=list)
    asins: Asins = Field(default_factory=list)
    result: Text = ""
    root_causes: list[ItemId] = Field(default_factory=list)
    evidence: list[ItemId] = Field(default_factory=list)


class PreventiveMeasure(FromBlock):
    id: ItemId
    what: Text = ""
    owner: Text = ""
    frequency: Text = ""
    start: dt.date | None = None
    measure: Text = ""
    order_ids: OrderIds = Field(default_factory=list)
    asins: Asins = Field(default_factory=list)
    root_causes: list[ItemId] = Field(default_factory=list)
    evidence: list[ItemId] = Field(default_factory=list)


# When an order has several defects, ``defect`` names the one a reviewer weighs most.
DEFECT_PRIORITY: tuple[str, ...] = (
    "claim",
    "chargeback",
    "negative_feedback",
    "late",
    "cancelled",
    "other",
)


def primary_defect(defects: list[str]) -> str | None:
    """The defect the plan names first: A-to-z claims outweigh chargebacks, then feedback."""
    return min(defects, key=DEFECT_PRIORITY.index) if defects else None


class Order(Model):
    """What a plan needs of an order; never buyer names, e-mails or addresses.

    ``defects`` lists every defect the order has (an order can carry a claim *and* negative
    feedback); ``defect`` is the primary one, kept for the templates. Either may be written by
    hand: loading fills in the other.
    """

    order_id: OrderId
    purchase_date: dt.date | None = None
    status: Text = ""
    asin: Asin | None = None
    sku: Text = ""
    defect: DefectKind | None = None
    defects: list[DefectKind] = Field(default_factory=list)
    defect_date: dt.date | None = None
    fulfillment_channel: Text = ""
    latest_ship_date: dt.date | None = None
    ship_date: dt.date | None = None
    rating: int | None = Field(default=None, ge=1, le=5)
    claim_status: Text = ""
    reason: Text = ""
    sources: list[str] = Field(default_factory=list)
    note: Text = ""

    @model_validator(mode="before")
    @classmethod
    def _sync_defects(cls, data: object) -> object:
        """Keep ``defect`` and ``defects`` consistent, whichever one was given."""
        if not isinstance(data, dict):
            return data
        raw = data.get("defects") or []
        defect = data.get("defect")
        if not isinstance(raw, list) or not all(isinstance(d, str) for d in raw):
            return data  # a wrong type gets pydantic's field-and-line message
        if defect is not None and not isinstance(defect, str):
            return data
        defects = list(dict.fromkeys(raw))
        if defect and defect not in defects:
            defects.insert(0, defect)
        if all(d in DEFECT_PRIORITY for d in defects):
            defects.sort(key=DEFECT_PRIORITY.index)
            data = {**data, "defects": defects, "defect": primary_defect(defects)}
        return data


class DayTotals(Model):
    """Counts for one purchase date, from the All Orders reports (see poa.orders.importer).

    Version 2: computed from the order store when the case is loaded, never written to
    case.yaml; a version-1 case.yaml holds them until its first import moves them.
    """

    date: dt.date
    orders: int = Field(default=0, ge=0)
    seller_fulfilled: int = Field(default=0, ge=0)
    cancelled: int = Field(default=0, ge=0)
    ship_checked: int = Field(default=0, ge=0)
    late: int = Field(default=0, ge=0)


class ImportedReport(Model):
    """A report that was imported (by content hash, so the same file is recognised again)."""

    file: Text = ""
    kind: Text = ""
    sha256: Text = ""
    rows: int = 0


class OrderTotals(Model):
    days: list[DayTotals] = Field(default_factory=list)
    reports: list[ImportedReport] = Field(default_factory=list)


# What a document is (contract ids: other tools write them). ``None``: not said (older cases).
EvidenceKind = Literal[
    "invoice",
    "letter_of_authorization",
    "test_report",
    "certificate",
    "screenshot",
    "tracking",
    "identity_document",
    "utility_bill",
    "other",
]


def _units(value: object) -> object:
    """Units are whole numbers; '1,200' typed by hand is 1200, 'ten' or 2.5 is refused."""
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number of units (whole units as digits, e.g. 60)")
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
        if text.isdigit():
            return int(text)
        raise ValueError(f"'{value}' is not a number of units (whole units as digits, e.g. 60)")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"'{value}' is not a number of units (whole units as digits, e.g. 60)")
    return value


Units = Annotated[int, BeforeValidator(_units), Field(ge=0)]


class Supplier(Model):
    """Who issued an invoice: Amazon asks for the supplier's name, address, phone and website."""

    name: Text = ""
    address: Text = ""
    phone: Text = ""
    email: Text = ""
    website: Text = ""


class InvoiceLine(Model):
    """One product on an invoice: its ASIN (or, failing that, the product's name) and units."""

    asin: Asin | None = None
    product: Text = ""
    units: Units | None = None


class Invoice(Model):
    """The fields of a supplier invoice that a reviewer checks; the item's ``date`` is its date."""

    number: Text = ""
    supplier: Supplier = Field(default_factory=Supplier)
    buyer: Text = ""  # the business the invoice is addressed to
    lines: list[InvoiceLine] = Field(default_factory=list)


class EvidenceItem(Model):
    """A document attached to the plan. ``kind`` and ``invoice`` are optional and left out of
    case.yaml when empty, so cases written before them load and save unchanged."""

    id: ItemId
    kind: Annotated[EvidenceKind | None, BeforeValidator(_lower)] = None
    description: Text = ""
    file: Text = ""
    date: dt.date | None = None
    order_ids: OrderIds = Field(default_factory=list)
    asins: Asins = Field(default_factory=list)
    invoice: Invoice | None = None


class UnitsSold(Model):
    """Units sold per ASIN over a window, for the invoice coverage check.

    Written by hand or in an answers file; imported All Orders reports give the same figures
    from the order store (poa.evidence.invoices: a hand-written ASIN wins over the store's).
    Without ``start``/``end`` the figures are taken to cover the invoice window counted back
    from the notice date.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    asins: dict[Asin, Units] = Field(default_factory=dict)


class Case(Model):
    schema_version: Literal[1, 2] = SCHEMA_VERSION
    store: Store = Field(default_factory=Store)
    violation: Annotated[Violation, BeforeValidator(_lower)] = Violation.other
    appeal_mode: Annotated[AppealMode, BeforeValidator(_lower)] = AppealMode.plan_of_action
    notice: Notice = Field(default_factory=Notice)
    summary: Text = ""
    root_causes: list[RootCause] = Field(default_factory=list)
    corrective_actions: list[CorrectiveAction] = Field(default_factory=list)
    preventive_measures: list[PreventiveMeasure] = Field(default_factory=list)
    orders: list[Order] = Field(default_factory=list)
    order_totals: OrderTotals = Field(default_factory=OrderTotals)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    units_sold: UnitsSold | None = None
    additional_info: Text = ""
    closing: Text = ""

    @model_validator(mode="after")
    def _links_resolve(self) -> Case:
        """Ids are unique and every link points at an item that exists."""
        for field in ("root_causes", "corrective_actions", "preventive_measures", "evidence"):
            seen: set[str] = set()
            for item in getattr(self, field):
                if item.id in seen:
                    raise ValueError(f"{field}: id {item.id!r} is used twice")
                seen.add(item.id)
        causes = {rc.id for rc in self.root_causes}
        evidence = {ev.id for ev in self.evidence}
        for field in ("corrective_actions", "preventive_measures"):
            for item in getattr(self, field):
                for ref in item.root_causes:
                    if ref not in causes:
                        raise ValueError(
                            f"{field}: {item.id} answers root cause {ref!r}, which does not exist"
                            f" (known: {', '.join(sorted(causes)) or 'none'})"
                        )
        for field in ("root_causes", "corrective_actions", "preventive_measures"):
            for item in getattr(self, field):
                for ref in item.evidence:
                    if ref not in evidence:
                        raise ValueError(
                            f"{field}: {item.id} cites evidence {ref!r}, which does not exist"
                        )
        return self

    # Helpers the templates and checks share.

    def order(self, order_id: str) -> Order | None:
        return next((o for o in self.orders if o.order_id == order_id), None)

    def orders_by_id(self) -> dict[str, Order]:
        """``order`` for many IDs at once: each ID's first order, found in one pass."""
        index: dict[str, Order] = {}
        for o in self.orders:
            index.setdefault(o.order_id, o)
        return index

    def actions_for(self, cause_id: str) -> list[CorrectiveAction]:
        return [a for a in self.corrective_actions if cause_id in a.root_causes]

    def measures_for(self, cause_id: str) -> list[PreventiveMeasure]:
        return [m for m in self.preventive_measures if cause_id in m.root_causes]

    def affected_order_ids(self) -> list[str]:
        """Every order the case mentions: imported orders first, then those named in items."""
        ids = [o.order_id for o in self.orders]
        for field in ("root_causes", "corrective_actions", "preventive_measures", "evidence"):
            for item in getattr(self, field):
                ids.extend(item.order_ids)
        return list(dict.fromkeys(ids))
