"""What the seller does after an Amazon message: what to send back, the next step in one
sentence, a reinstatement's conditions and where to answer.

Read from the same Amazon sentences as the kind and the prompts (the seller's quoted text is
never read); phrasings and sentences are data in ``sections/outcomes.yaml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from poa import knowledge
from poa.files import datakeys
from poa.files.datakeys import TEXT, Each, keys
from poa.records import JSONRecord
from poa.text import regexcache

DATA_FILE = "outcomes.yaml"
RESPONSES = ("plan_of_action", "documents", "information", "none")


def _rx(pattern: str) -> re.Pattern[str]:
    return regexcache.compile(pattern, re.IGNORECASE)


# The keys of outcomes.yaml, checked on first read: a misspelt one is an error naming the file,
# the line and the key meant.
_STEPS = (
    "wrong_place", "final_denial", "reinstated_listings", "reinstated_conditions",
    "reinstated_open", "reinstated", "plan_of_action_rejection", *RESPONSES, "deadline", "where",
)  # fmt: skip
SCHEMA = keys(
    response=keys(
        "none_kinds", "plan_of_action", "documents", labels=keys(**dict.fromkeys(RESPONSES, TEXT))
    ),
    reinstatement=keys(
        "under_review",
        "listings_removed",
        reserve=Each(keys("of", "pattern")),
        texts=keys(
            **dict.fromkeys(
                ("reserve_sales", "reserve_period", "reserve", "under_review", "listings_removed"),
                TEXT,
            )
        ),
    ),
    channel=keys("directs", use=Each(keys("id", "pattern", label=TEXT)), default_label=TEXT),
    next_step=keys(**dict.fromkeys(_STEPS, TEXT)),
)


@functools.cache
def data() -> dict[str, Any]:
    d = dict(knowledge.load_data(DATA_FILE))
    datakeys.check(d, SCHEMA, knowledge.sections_dir() / DATA_FILE)
    return d


@functools.cache
def _compiled() -> dict[str, Any]:
    d = data()
    rein = d["reinstatement"]
    chan = d["channel"]
    return {
        "reserve": [(r["of"], _rx(r["pattern"])) for r in rein["reserve"]],
        "under_review": regexcache.any_of(rein["under_review"], re.IGNORECASE),
        "listings_removed": regexcache.any_of(rein["listings_removed"], re.IGNORECASE),
        "directs": _rx(chan["directs"]),
        "use": [(u["id"], _rx(u["pattern"])) for u in chan["use"]],
    }


def patterns() -> list[re.Pattern[str]]:
    """Every pattern this module reads sentences with (for the pre-checks of long pastes)."""
    c = _compiled()
    return [
        *(regex for _of, regex in c["reserve"]),
        c["under_review"],
        c["listings_removed"],
        c["directs"],
        *(regex for _id, regex in c["use"]),
    ]


def _text(entry: dict[str, str], lang: str, **fields: object) -> str:
    return str(entry.get(lang) or entry["en"]).format(**fields)


# --- response ----------------------------------------------------------------------------------


def response(kind: str, prompt_ids: list[str], documents_asked: bool) -> str:
    """plan_of_action, documents, information or none (see ``response`` in outcomes.yaml)."""
    rules = data()["response"]
    if kind in rules["none_kinds"]:
        return "none"
    asked = set(prompt_ids)
    if asked & set(rules["plan_of_action"]):
        return "plan_of_action"
    if asked & set(rules["documents"]) or documents_asked:
        return "documents"
    return "information" if asked else "none"


def response_label(value: str, lang: str = "en") -> str:
    return _text(data()["response"]["labels"][value], lang)


# --- reinstatement -------------------------------------------------------------------------------


@dataclass
class Reinstatement(JSONRecord):
    """The conditions a reinstatement states (all empty when it states none)."""

    reserve_days: int | None = None
    reserve_of: str | None = None  # "sales" (an amount of N days' sales) or "period"
    reserve_quote: str = ""
    under_review: bool = False
    listings_removed: bool = False
    quotes: list[str] = field(default_factory=list)

    @property
    def has_reserve(self) -> bool:
        return self.reserve_of is not None

    def conditions(self, lang: str = "en") -> list[str]:
        texts = data()["reinstatement"]["texts"]
        out = []
        if self.has_reserve:
            key = "reserve" if self.reserve_days is None else f"reserve_{self.reserve_of}"
            out.append(_text(texts[key], lang, days=self.reserve_days))
        if self.under_review:
            out.append(_text(texts["under_review"], lang))
        if self.listings_removed:
            out.append(_text(texts["listings_removed"], lang))
        return out

    @property
    def reserve(self) -> dict[str, Any] | None:
        if not self.has_reserve:
            return None
        return {"days": self.reserve_days, "of": self.reserve_of, "quote": self.reserve_quote}

    _json_keys = ("reserve", "under_review", "listings_removed", "conditions", "quotes")


def reinstatement(amazon: list[str]) -> Reinstatement:
    """The conditions of a reinstatement, read from Amazon's sentences."""
    c = _compiled()
    out = Reinstatement()
    for s in dict.fromkeys(amazon):
        used = False
        if not out.has_reserve:
            for of, regex in c["reserve"]:
                m = regex.search(s)
                if m:
                    days = m.groupdict().get("days")
                    out.reserve_days = int(days) if days else None
                    out.reserve_of = of
                    out.reserve_quote = s
                    used = True
                    break
        if c["under_review"].search(s):
            out.under_review = used = True
        if c["listings_removed"].search(s):
            out.listings_removed = used = True
        if used:
            out.quotes.append(s)
    return out


# --- channel -----------------------------------------------------------------------------------


@dataclass
class Channel(JSONRecord):
    """Where to answer: the wrong place was used, and/or the place Amazon names."""

    wrong_place: bool
    use: str | None
    quote: str

    def label(self, lang: str = "en") -> str:
        chan = data()["channel"]
        entry = next((u["label"] for u in chan["use"] if u["id"] == self.use), None)
        return _text(entry or chan["default_label"], lang)

    _json_keys = ("wrong_place", "use", "label", "quote")


def channel(amazon: list[str], wrong_place_quote: str | None) -> Channel | None:
    """The place Amazon directs the seller to, and whether the seller wrote to the wrong one."""
    c = _compiled()
    use: str | None = None
    quote = wrong_place_quote or ""
    for s in dict.fromkeys(amazon):
        if not c["directs"].search(s):
            continue
        hit = next((cid for cid, regex in c["use"] if regex.search(s)), None)
        if hit:
            use, quote = hit, quote or s
            break
    if wrong_place_quote is None and use is None:
        return None
    return Channel(wrong_place_quote is not None, use, quote)


# --- next step ---------------------------------------------------------------------------------


def next_step(
    kind: str,
    response_value: str,
    reinstated: Reinstatement | None,
    where: Channel | None,
    deadline: tuple[int, str] | None,
    lang: str = "en",
    units: dict[str, str] | None = None,
) -> str:
    """One sentence in ``lang``: what to do now."""
    steps = data()["next_step"]
    if where is not None and where.wrong_place:
        return _text(steps["wrong_place"], lang, use=where.label(lang))
    if kind == "final_denial":
        return _text(steps["final_denial"], lang)
    opening = ""
    if kind == "reinstated" and response_value != "none":  # a part left open: what it asks
        opening = _text(steps["reinstated_open"], lang)
    elif kind == "reinstated":
        r = reinstated or Reinstatement()
        if r.listings_removed:
            return _text(steps["reinstated_listings"], lang)
        conditions = r.conditions(lang)
        if conditions:
            joiner = "; " if lang == "en" else ";"
            return _text(steps["reinstated_conditions"], lang, conditions=joiner.join(conditions))
        return _text(steps["reinstated"], lang)
    when = ""
    if deadline is not None:
        value, unit = deadline
        unit = (units or {}).get(unit, unit)
        when = _text(steps["deadline"], lang, value=value, unit=unit)
    place = _text(steps["where"], lang, label=where.label(lang)) if where and where.use else ""
    key = response_value
    if response_value == "plan_of_action" and kind == "rejection":
        key = "plan_of_action_rejection"
    step = _text(steps[key], lang, deadline=when, where=place)
    return f"{opening}{' ' if opening and lang == 'en' else ''}{step}" if opening else step
