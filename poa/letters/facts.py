"""The facts a letter uses, taken from the case (and from ``--fact NAME=VALUE``).

A fact is present or absent, never empty: the templates see only the facts that have a value,
so a letter cannot come out with a blank where a fact should be. What each fact is and how the
seller supplies a missing one is data (``sections/letters/_facts.yaml``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from typing import Any

from poa import knowledge
from poa.case.model import Case, CorrectiveAction, RootCause
from poa.errors import InputError
from poa.render import format_date
from poa.text import ids
from poa.text.words import and_list


@functools.cache
def table() -> dict[str, Any]:
    return dict(knowledge.load_data("letters/_facts.yaml"))


def describe(name: str, facts: dict[str, Any]) -> str:
    """'<what>: <how>' for a missing fact, with the facts already known filled in."""
    spec = table()["facts"].get(name, {"what": name, "how": f"give --fact {name}=..."})
    fields = {k: v for k, v in facts.items() if isinstance(v, str)}
    what = str(spec["what"]).format_map(_Keep(fields))
    return f"{what}: {spec['how']}"


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "the order"


def settable() -> list[str]:
    return [n for n, spec in table()["facts"].items() if spec.get("settable")]


def parse_given(pairs: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` pairs from the command line; an unknown name is refused with a suggestion."""
    given: dict[str, str] = {}
    names = settable()
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or not name:
            raise InputError(
                f"--fact {pair!r}: expected NAME=VALUE, e.g. --fact supplier='Acme Ltd'"
            )
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InputError(
                f"--fact {name}: no such fact{hint}; facts you can give: {', '.join(names)}"
            )
        value = " ".join(value.split())
        if not value:
            raise InputError(f"--fact {name}: the value is empty")
        given[name] = value
    return given


def _date(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"--fact {name}={value!r} is not a date (expected YYYY-MM-DD)") from None


def _clause(text: str) -> str:
    """A title as a clause after a colon: 'The size chart was wrong.' -> 'the size chart was
    wrong'. A leading acronym or name in capitals keeps its case."""
    text = " ".join(text.split()).rstrip(" .;:")
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and not (len(first) > 1 and first[1].isupper()):
        text = first[0].lower() + text[1:]
    return text


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def case_asins(case: Case) -> list[str]:
    """The ASINs Amazon's notice names; without any, those of the case's items and orders."""
    named = ids.find_asins(case.notice.text or "")
    if named:
        return list(dict.fromkeys(named))
    found: list[str] = []
    for field in ("root_causes", "corrective_actions", "preventive_measures"):
        for item in getattr(case, field):
            found.extend(item.asins)
    found.extend(o.asin for o in case.orders if o.asin)
    return list(dict.fromkeys(found))


def letter_orders(case: Case) -> list[str]:
    """Orders a buyer letter can be about: those a root cause or corrective action names."""
    items: list[RootCause | CorrectiveAction] = [*case.root_causes, *case.corrective_actions]
    named = [oid for item in items for oid in item.order_ids]
    return list(dict.fromkeys(named)) or case.affected_order_ids()


def pick_order(case: Case, kind: str, order: str | None) -> str:
    """The order a per-order letter is about: ``--order`` (checked), or the case's only one."""
    known = case.affected_order_ids()
    if order is None:
        choices = letter_orders(case)
        if len(choices) == 1:
            return choices[0]
        if not choices:
            raise InputError(
                f"{kind} is written for one order, and the case names none; add the orders to"
                " case.yaml (poa orders import) or give --order ORDER-ID"
            )
        listed = ", ".join(choices[:6]) + (", ..." if len(choices) > 6 else "")
        raise InputError(f"{kind} is written for one order: give --order (one of {listed})")
    try:
        order_id = ids.normalize_order_id(order)
    except ValueError as exc:
        raise InputError(f"--order: {exc}") from None
    if order_id not in known:
        close = difflib.get_close_matches(order_id, known, n=1, cutoff=0.8)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise InputError(f"--order {order_id} is not an order of this case{hint}")
    return order_id


# ---- facts ---------------------------------------------------------------------------------


def gather(
    case: Case,
    *,
    order_id: str | None = None,
    given: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Every fact the case (and ``given``) holds; absent facts are left out, never empty."""
    given = dict(given or {})
    today = today or dt.date.today()
    facts: dict[str, Any] = {
        "today": format_date(today),
        "store": case.store.name,
        "seller_id": case.store.seller_id,
        "marketplace": case.store.marketplace or "Amazon",
        "offer": "both",
        "window_days": 365,
    }
    asins = case_asins(case)
    facts["asins"] = asins
    skus = {o.asin: o.sku for o in case.orders if o.asin and o.sku}
    facts["skus"] = [skus[a] for a in asins if a in skus]
    facts["asin_lines"] = [
        f"ASIN {a}" + (f" (our SKU {skus[a]})" if a in skus else "") for a in asins
    ]
    notice_date = case.notice.received
    if "notice_date" in given:
        notice_date = _date("notice_date", given.pop("notice_date"))
    if "window_days" in given:
        raw = given.pop("window_days")
        if not raw.isdigit() or not 1 <= int(raw) <= 3650:
            raise InputError(f"--fact window_days={raw!r} is not a number of days (e.g. 365)")
        facts["window_days"] = int(raw)
    if notice_date is not None:
        facts["notice_date"] = format_date(notice_date)
        facts["window_start"] = format_date(notice_date - dt.timedelta(days=facts["window_days"]))
    if "deadline" in given:
        facts["deadline"] = format_date(_date("deadline", given.pop("deadline")))
    facts["complaint_id"] = _from_notice("complaint_id_patterns", case.notice.text or "")
    facts["rights_owner"] = _from_notice("rights_owner_patterns", case.notice.text or "")
    facts["changes"] = [_change(a) for a in case.corrective_actions if a.what.strip()]
    if order_id is not None:
        facts.update(_order_facts(case, order_id))
    offer = given.get("offer", facts["offer"]).lower()
    choices = table()["facts"]["offer"]["choices"]
    if offer not in choices:
        raise InputError(f"--fact offer={offer!r}: expected one of {', '.join(choices)}")
    given["offer"] = offer
    if "remedy" in given:
        facts.pop("remedy_zh", None)  # the gloss described the case's remedy, not the seller's
    facts.update(given)
    return {k: v for k, v in facts.items() if v not in (None, "", [], {})}


def _change(action: CorrectiveAction) -> str:
    what = _sentence(action.what)
    return f"{format_date(action.when)}: {what}" if action.when else what


def _from_notice(key: str, notice: str) -> str:
    """A field of Amazon's notice ('Complaint ID: ...', 'Rights owner name: ...')."""
    for pattern in table().get(key, []):
        m = re.search(pattern, notice, re.IGNORECASE | re.MULTILINE)
        if m:
            return " ".join(m.group(1).split())
    return ""


@functools.cache
def _remedy_table() -> list[dict[str, Any]]:
    return list(knowledge.load_data("letters/_remedies.yaml")["remedies"])


def remedy_of(actions: list[CorrectiveAction]) -> tuple[str, str]:
    """The remedy clause for a buyer ('refunded this order in full on 19 March 2026') and its
    gloss, from the corrective actions that name the order; one remedy per group."""
    clauses: list[str] = []
    glosses: list[str] = []
    groups: set[str] = set()
    for action in actions:
        text = f"{action.what} {action.result}"
        for entry in _remedy_table():
            if entry["group"] in groups:
                continue
            if any(re.search(p, text, re.IGNORECASE) for p in entry["patterns"]):
                groups.add(entry["group"])
                when = f" on {format_date(action.when)}" if action.when else ""
                clauses.append(f"{entry['en']}{when}")
                glosses.append(str(entry["zh"]))
    if not clauses:
        return "", ""
    return and_list(clauses), "、".join(glosses)


def _order_facts(case: Case, order_id: str) -> dict[str, Any]:
    order = case.order(order_id)
    causes: list[RootCause] = [rc for rc in case.root_causes if order_id in rc.order_ids]
    actions = [a for a in case.corrective_actions if order_id in a.order_ids]
    out: dict[str, Any] = {"order_id": order_id}
    if order and order.purchase_date:
        out["order_date"] = format_date(order.purchase_date)
    asin = order.asin if order and order.asin else None
    if asin is None:
        items: list[RootCause | CorrectiveAction] = [*causes, *actions]
        item_asins = {a for item in items for a in item.asins}
        asin = next(iter(item_asins)) if len(item_asins) == 1 else None
    out["asin"] = asin
    cause = next((rc for rc in causes if rc.title.strip()), None)
    if cause is not None:
        out["problem"] = _clause(cause.title)
        measure = next(iter(case.measures_for(cause.id)), None)
        if measure is not None and measure.what.strip():
            out["prevention"] = _sentence(measure.what)
    out["remedy"], out["remedy_zh"] = remedy_of(actions)
    return out
