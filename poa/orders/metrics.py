"""Amazon's performance metrics, recomputed from what a case holds.

- Order defect rate (ODR): orders with an A-to-z claim, negative feedback or a chargeback,
  divided by all orders, both counted by purchase date over 60 days ending at the "as of" date
  (default: the latest date the case knows). An order with two defects counts once in the ODR
  and once in each of its parts. Only defect orders on days an imported All Orders report covers
  are counted (numerator and denominator from the same days); the others are named in
  ``notes``. Without any All Orders report the rate is None; defect orders are then placed at
  their purchase date, or their feedback, claim or chargeback date when that is all there is.
- Late shipment rate: seller-fulfilled orders shipped after their latest ship date, divided by
  the seller-fulfilled orders whose ship dates the reports gave (30 days).
- Pre-fulfilment cancel rate: seller-fulfilled orders with the status Cancelled, divided by
  seller-fulfilled orders (7 days). The All Orders report does not say who cancelled, so this is
  an upper bound on the seller's own cancellations.
- Defect-free orders needed: the smallest n with defects / (orders + n) under the target.

Totals come only from All Orders reports: ``order_totals.days``, which loading a version-2 case
computes from its order store (orders.sqlite, poa.case.orderstore); without one, a rate is None and
``notes`` says why. Windows and targets are data (``metrics`` in sections/orders.yaml).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from poa.case.model import Case
from poa.knowledge import metric_label
from poa.orders.detect import orders_data


@dataclass
class Rate:
    name: str
    label: str
    numerator: int
    denominator: int
    target: float
    window_start: dt.date
    window_end: dt.date
    parts: dict[str, Rate] = field(default_factory=dict)

    @property
    def value(self) -> float | None:
        """The rate as a fraction (0.0125 for 1.25%), or None without a denominator."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> float | None:
        return None if self.value is None else round(self.value * 100, 2)

    @property
    def over_target(self) -> bool:
        return self.value is not None and self.value >= self.target

    @property
    def orders_needed(self) -> int | None:
        """Defect-free orders needed to get under the target (0 when already under)."""
        if not self.denominator:
            return None
        return orders_needed(self.numerator, self.denominator, self.target)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "label": self.label,
            "value": self.percent,
            "unit": "%",
            "target": round(self.target * 100, 2),
            "defects": self.numerator,
            "orders": self.denominator,
            "window": [self.window_start.isoformat(), self.window_end.isoformat()],
            "orders_needed": self.orders_needed,
        }
        if self.parts:
            out["parts"] = {k: p.as_dict() for k, p in self.parts.items()}
        return out


@dataclass
class Metrics:
    as_of: dt.date | None
    rates: dict[str, Rate] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def get(self, name: str) -> Rate | None:
        return self.rates.get(name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "metrics": [r.as_dict() for r in self.rates.values()],
            "notes": list(self.notes),
        }


def orders_needed(defects: int, orders: int, target: float) -> int:
    """Smallest n >= 0 with defects / (orders + n) < target (exact, no float rounding)."""
    goal = Fraction(str(target))
    if goal <= 0:
        raise ValueError("target must be above 0")
    if Fraction(defects, orders or 1) < goal and orders:
        return 0
    # defects / (orders + n) < goal  <=>  orders + n > defects / goal
    bound = Fraction(defects) / goal
    return max(0, math.floor(bound) + 1 - orders)


def _window(as_of: dt.date, days: int) -> tuple[dt.date, dt.date]:
    return as_of - dt.timedelta(days=days - 1), as_of


def compute(case: Case, as_of: dt.date | None = None) -> Metrics:
    """Metrics for ``case`` over windows ending at ``as_of`` (default: latest purchase date)."""
    spec = orders_data()["metrics"]
    days = case.order_totals.days
    dated = [d for o in case.orders for d in (o.purchase_date, o.defect_date) if d]
    latest = max([d.date for d in days] + dated, default=None)
    as_of = as_of or latest
    result = Metrics(as_of=as_of)
    if as_of is None:
        result.notes.append("no order dates yet: import an All Orders report")
        return result
    if not days:
        result.notes.append("no All Orders report imported: rates need the total number of orders")

    odr = spec["order_defect_rate"]
    start, end = _window(as_of, odr["window_days"])
    total = sum(d.orders for d in days if start <= d.date <= end)
    counted = set(odr["defects"])
    defect_orders: set[str] = set()
    by_part: dict[str, set[str]] = {kind: set() for kind in odr["parts"].values()}
    covered = {d.date for d in days}
    undated = 0
    outside: list[str] = []
    for order in case.orders:
        kinds = counted.intersection(order.defects)
        if not kinds:
            continue
        if days:
            # Numerator and denominator must come from the same days: an order no imported
            # All Orders report lists cannot be placed in the window.
            when = order.purchase_date
            if when is None or when not in covered:
                if when is None or start <= when <= end:
                    outside.append(order.order_id)
                continue
        else:
            when = order.purchase_date or order.defect_date
            if when is None:
                undated += 1
                continue
        if start <= when <= end:
            defect_orders.add(order.order_id)
            for kind in kinds:
                by_part.setdefault(kind, set()).add(order.order_id)
    if undated:
        result.notes.append(f"{undated} defect order(s) have no date and are left out of the ODR")
    if outside:
        result.notes.append(
            f"{len(outside)} defect order(s) are in no imported All Orders report"
            f" (first: {outside[0]}) and are left out of the ODR; import the All Orders"
            " report that covers their dates"
        )
    rate = Rate(
        "order_defect_rate", odr["label"], len(defect_orders), total, odr["target"], start, end
    )
    for part_name, kind in odr["parts"].items():
        rate.parts[part_name] = Rate(
            part_name,
            metric_label(part_name),  # sections/violations.yaml: the names Amazon's pages use
            len(by_part.get(kind, ())),
            total,
            odr["target"],
            start,
            end,
        )
    result.rates["order_defect_rate"] = rate

    lsr = spec["late_shipment_rate"]
    start, end = _window(as_of, lsr["window_days"])
    in_window = [d for d in days if start <= d.date <= end]
    checked = sum(d.ship_checked for d in in_window)
    result.rates["late_shipment_rate"] = Rate(
        "late_shipment_rate",
        lsr["label"],
        sum(d.late for d in in_window),
        checked,
        lsr["target"],
        start,
        end,
    )
    if days and not checked:
        result.notes.append(
            "late shipment rate needs ship dates: the report has no latest-ship-date and"
            " ship-date columns"
        )

    pfc = spec["pre_fulfilment_cancel_rate"]
    start, end = _window(as_of, pfc["window_days"])
    in_window = [d for d in days if start <= d.date <= end]
    result.rates["pre_fulfilment_cancel_rate"] = Rate(
        "pre_fulfilment_cancel_rate",
        pfc["label"],
        sum(d.cancelled for d in in_window),
        sum(d.seller_fulfilled for d in in_window),
        pfc["target"],
        start,
        end,
    )
    return result
