"""Reading an Amazon message sentence by sentence: the cues of its kind and the prompts it
asks for, by the phrasings of ``sections/prompts.yaml``.

:mod:`poa.inbox.feedback` builds its result from what this reads. Patterns are tried per distinct
sentence, and in a long paste only where a word they need occurs (:mod:`poa.text.regex_gate`), so a
few megabytes are read in well under a second.
"""

from __future__ import annotations

import functools
import re

from poa.inbox import outcome
from poa.inbox.catalogue import PromptPatterns, catalogue, rx
from poa.inbox.text import Sentence
from poa.text.regex_gate import Gated, Vocabulary, literals_of


class Reading:
    """Amazon's sentences of one message, each lower-cased once, with what each one carries.

    Results are kept per distinct sentence: a long paste that repeats a canned message is read
    once per distinct sentence, and every pattern is tried only on sentences holding one of the
    words it needs (see :mod:`poa.text.regex_gate`).
    """

    def __init__(self, sentences: list[Sentence]) -> None:
        cat = catalogue()
        self.sentences = sentences
        self.texts = [s.text for s in sentences]
        # What patterns read: "Amazon.co.uk" and "2.4%" without their inner dot, so that a
        # phrasing's "within the sentence" ([^.]) is not cut short by a domain name.
        self.match = without_inner_dots(self.texts)
        # Long pastes only: sentences lower-cased for the pre-checks of poa.text.regex_gate (a
        # short message is read faster without them). None: no pre-check.
        big = sum(map(len, self.texts)) > GATE_ABOVE
        self.lowered: list[str | None] = (
            [t.lower() for t in self.match] if big else [None] * len(self.texts)
        )
        self.vocab = Vocabulary("\n".join(dict.fromkeys(self.lowered))) if big else None  # type: ignore[arg-type]
        self._ask_gate = gate(cat.ask_cue)
        self._asks: dict[str, bool] = {}
        self.asking = (
            [
                self._asks_in(t, low)
                or bool(s.lead and self._asks_in(s.lead, s.lead.lower() if big else None))
                for s, t, low in zip(sentences, self.match, self.lowered, strict=True)
            ]
            if self._ask_gate.possible_in(self.vocab)
            else [False] * len(self.texts)
        )
        # Patterns that cannot match anywhere in this message are never tried.
        self.cue_gates = [(n, c) for n, c in cat.cues.items() if c.possible_in(self.vocab)]
        self.prompt_gates = {
            pid: PromptPatterns(
                always=pp.always,
                when_asked=pp.when_asked
                if pp.when_asked is not None and pp.when_asked.possible_in(self.vocab)
                else None,
                general=pp.general
                if pp.general is not None and pp.general.possible_in(self.vocab)
                else None,
                yields_to=pp.yields_to,
                suppressed_by=pp.suppressed_by,
                own=pp.own if pp.own is not None and pp.own.possible_in(self.vocab) else None,
            )
            for pid, pp in cat.prompts.items()
        }
        self.prompt_always = {
            pid for pid, pp in cat.prompts.items() if pp.always.possible_in(self.vocab)
        }
        self.any_prompt = bool(self.prompt_always) or any(
            pp.when_asked is not None or pp.general is not None or pp.own is not None
            for pp in self.prompt_gates.values()
        )
        # In a notice or a rejection every sentence of Amazon's is part of what it asks for.
        self.all_ask = False
        self._cue_cache: dict[str, frozenset[str]] = {}
        self._prompt_cache: dict[tuple[str, bool], tuple[list[str], list[str]]] = {}

    def distinct(self) -> list[tuple[str, str | None]]:
        """(text, lower-cased text) of each distinct sentence, in order."""
        return list(dict.fromkeys(zip(self.texts, self.lowered, strict=True)))

    def can(self, regex: re.Pattern[str]) -> bool:
        """Whether ``regex`` may match somewhere in the message."""
        return gate(regex).possible_in(self.vocab)

    def first_with(self, cue: str) -> str | None:
        """The first sentence carrying ``cue``, or None."""
        return next((t for i, t in enumerate(self.texts) if cue in self.cues(i)), None)

    def _asks_in(self, text: str, low: str | None) -> bool:
        hit = self._asks.get(text)
        if hit is None:
            hit = self._asks[text] = self._ask_gate.search(text, low) is not None
        return hit

    def cues(self, i: int) -> frozenset[str]:
        """The kind cues sentence ``i`` carries (decision cues not from a conditional)."""
        text = self.match[i]
        hit = self._cue_cache.get(text)
        if hit is None:
            cat = catalogue()
            low = self.lowered[i]
            found = {name for name, cue in self.cue_gates if cue.search(text, low)}
            if found & CONDITIONAL_CUES and cat.conditional.search(text):
                found -= CONDITIONAL_CUES
            hit = self._cue_cache[text] = frozenset(found)
        return hit

    def prompts(self, i: int) -> tuple[list[str], list[str]]:
        """Prompt ids sentence ``i`` asks for: (definite, general words that may give way)."""
        if not self.any_prompt:
            return [], []
        asking = self.asking[i] or self.all_ask
        key = (self.match[i], asking)
        hit = self._prompt_cache.get(key)
        if hit is None:
            hit = self._prompt_cache[key] = self._sentence_prompts(
                self.match[i], self.lowered[i], asking
            )
        return hit

    def _own(self, pid: str, text: str, low: str | None) -> bool:
        own = self.prompt_gates[pid].own
        return own is not None and own.search(text, low) is not None

    def _sentence_prompts(
        self, text: str, low: str | None, asking: bool
    ) -> tuple[list[str], list[str]]:
        clauses = _CLAUSE.split(text) if ";" in text or "," in text else [text]
        if len(clauses) > 1:  # "the root cause is now clear; however, we need ..."
            definite: list[str] = []
            general: list[str] = []
            for clause in clauses:
                d, g = self._clause_prompts(clause, None if low is None else clause.lower(), asking)
                definite += [p for p in d if p not in definite]
                general += [p for p in g if p not in general]
            return definite, general
        return self._clause_prompts(text, low, asking)

    def _clause_prompts(
        self, text: str, low: str | None, asking: bool
    ) -> tuple[list[str], list[str]]:
        if catalogue().not_asked.search(text):
            return [], []
        here = [
            pid
            for pid, pp in self.prompt_gates.items()
            if (pid in self.prompt_always and pp.always.search(text, low))
            or (asking and pp.when_asked is not None and pp.when_asked.search(text, low))
            or (pp.own is not None and pp.own.search(text, low))
        ]
        definite = [
            pid
            for pid in here
            if not any(o in here for o in self.prompt_gates[pid].suppressed_by)
            or self._own(pid, text, low)
        ]
        general = [
            pid
            for pid, pp in self.prompt_gates.items()
            if pid not in here
            and asking
            and pp.general is not None
            and pp.general.search(text, low)
        ]
        return definite, general


@functools.cache
def gate(regex: re.Pattern[str]) -> Gated:
    return Gated(regex)


_INNER_DOT = re.compile(r"(?<=\w)\.(?=\w)")
# Where a sentence splits into clauses read one by one: a semicolon, or a comma before "however"
# or "but" (the part before may say what is good enough, the part after what is missing).
_CLAUSE = re.compile(r";\s*|,\s*(?=(?:however|but)\b)", re.IGNORECASE)


def without_inner_dots(texts: list[str]) -> list[str]:
    """Each text with "Amazon.co.uk" and "2.4%" losing their inner dot (one pass over all)."""
    if not texts:
        return []
    joined = _INNER_DOT.sub("_", "\n".join(texts)).split("\n")
    if len(joined) == len(texts):
        return joined
    return [_INNER_DOT.sub("_", t) for t in texts]  # a text held a line break


# Characters of Amazon's text above which patterns are pre-checked (see poa.text.regex_gate).
GATE_ABOVE = 50_000
CONDITIONAL_CUES = frozenset(
    {"final", "final_weak", "reinstated", "deactivated", "listing_removed", "submission_refused"}
)


def kind_of(reading: Reading, asks: bool) -> tuple[str, str]:
    """The message's kind by the first rule of ``kind_rules`` that holds, and its sentence."""
    first: dict[str, int] = {}
    for i in range(len(reading.texts)):
        for name in reading.cues(i):
            first.setdefault(name, i)
    present = set(first) | ({"asks"} if asks else set())
    for kind, needs, unless in catalogue().kind_rules:
        if all(c in present for c in needs) and not any(c in present for c in unless):
            at = [first[c] for c in needs if c in first]
            return kind, reading.texts[min(at)] if at else ""
    return "other", ""


def found_prompts(reading: Reading) -> dict[str, tuple[str, str]]:
    """Prompt id -> (quote, first sentence) in order of appearance, implied parts last."""
    cat = catalogue()
    found: dict[str, list[str]] = {}  # id -> [first sentence, first asking sentence or ""]
    general: dict[str, list[str]] = {}
    for i, text in enumerate(reading.texts):
        definite, loose = reading.prompts(i)
        for pid, into in [(p, found) for p in definite] + [(p, general) for p in loose]:
            slot = into.setdefault(pid, [text, ""])
            if not slot[1] and reading.asking[i]:
                slot[1] = text
    for pid, slot in general.items():
        if pid not in found and not any(o in found for o in cat.prompts[pid].yields_to):
            found[pid] = slot
    for rule in cat.data.get("implied", []):
        missing = [pid for pid in rule["prompts"] if pid not in found]
        if not missing:
            continue
        regex = Gated(rx(rule["pattern"]))
        quote = next(
            (
                t
                for t, m, low, asking in zip(
                    reading.texts, reading.match, reading.lowered, reading.asking, strict=True
                )
                if asking and regex.search(m, low) and not cat.not_asked.search(m)
            ),
            None,
        )
        if quote is not None:
            for pid in missing:
                found[pid] = [quote, quote]
    return {pid: (slot[1] or slot[0], slot[0]) for pid, slot in found.items()}


@functools.cache
def _all_gates() -> list[Gated]:
    """Every pattern a sentence is read with, as pre-checked patterns."""
    cat = catalogue()
    gates = [cue for cue in cat.cues.values()]
    for pp in cat.prompts.values():
        gates.extend(g for g in (pp.always, pp.when_asked, pp.general, pp.own) if g is not None)
    regexes = [rx(rule["pattern"]) for rule in cat.data.get("implied", [])]
    regexes += [regex for _kind, regex, _weight in cat.violations]
    regexes += list(cat.metric_alias.values()) + list(cat.deadlines)
    regexes += list(cat.documents.values()) + outcome.patterns()
    gates += [gate(r) for r in regexes]
    known = literals_of([g.pattern for g in gates])  # one cache read (and write) for all
    for g in gates:
        g.preload(known)
    return gates


# Pieces of text that an order ID or an ASIN cannot be without.
_ID_LITERALS = ("-", "b0")


def relevant(every: list[Sentence]) -> list[Sentence]:
    """In a long paste, only the sentences that hold a word some pattern needs: the others can
    carry no kind, prompt, fact or ID, so they are not read at all (nor their voice judged)."""
    if sum(len(s.text) for s in every) <= GATE_ABOVE:
        return every
    texts = list(dict.fromkeys(s.text for s in every))
    # one pass over the joined text (sentences hold no line breaks), not one per sentence
    lowered = dict(zip(texts, (t.lower() for t in without_inner_dots(texts)), strict=True))
    vocab = Vocabulary("\n".join(lowered.values()))
    literals: set[str] = set(_ID_LITERALS)
    for gate in _all_gates():
        if gate.literals is None:
            return every  # a pattern without a pre-check: read everything
        literals.update(lit for lit in gate.literals if vocab.has(lit))
    needed = [lit for lit in literals if vocab.has(lit)]
    keep = {t for t, low in lowered.items() if any(lit in low for lit in needed)}
    return [s for s in every if s.text in keep]
