"""How well poa reads Amazon's messages: prompt precision, recall and F1, kind accuracy.

Reads the labelled real messages in ``../shared/corpus/amazon_messages.jsonl`` (next to the
repository) and the seed case's messages (``examples/seed-odr-five-rounds``: the notice and
Amazon's five replies, which replay the messages of the shared seed article
``../shared/seeds/002_f8cf8a5a40c49336.txt``), and prints:

- prompt precision, recall and F1, micro-averaged over prompt ids;
- kind accuracy and the confusion table (rows: the label, columns: what poa read);
- whether ``response`` agrees with the kind and the asks on every message;
- the messages poa reads wrongly, with what it missed or added;
- the same figures on two halves of the corpus (odd and even rows), as a held-out check;
- the CPU time to read long pastes (5 MB, and the tests' 1 MB adversarial paragraph).

Run: ``python benchmarks/message_eval.py [--corpus DIR]``. Without the corpus folder it prints
one line and exits 0. Figures for the record, not a test: nothing here fails the build.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED_CASE = ROOT / "examples" / "seed-odr-five-rounds"
RPC = ["root_cause", "corrective_actions", "preventive_measures"]
# The seed case's messages, labelled by the corpus README's conventions (the case's own meta.yaml
# records what poa read, so it cannot serve as the label).
SEED_LABELS: dict[str, tuple[str, list[str]]] = {
    "notice.txt": ("suspension_notice", RPC),
    "revisions/001/reply.txt": ("rejection", [*RPC, "evidence"]),
    "revisions/002/reply.txt": ("rejection", [*RPC, "listing_compliance"]),
    "revisions/003/reply.txt": ("rejection", [*RPC, "listing_compliance"]),
    "revisions/004/reply.txt": ("rejection", ["evidence"]),
    "revisions/005/reply.txt": ("reinstated", []),
}
KINDS = ("suspension_notice", "rejection", "reinstated", "final_denial", "other")
RESPONSE_FOR_PROMPTS = {
    "plan_of_action": set(RPC),
    "documents": {"evidence", "invoices"},
}


@dataclass
class Item:
    id: str
    kind: str
    labels: list[str]
    text: str


@dataclass
class Result:
    item: Item
    kind: str
    prompts: list[str]
    response: str

    @property
    def right(self) -> bool:
        return self.kind == self.item.kind and set(self.prompts) == set(self.item.labels)


def load_corpus(corpus_dir: Path) -> list[Item]:
    rows = []
    with (corpus_dir / "amazon_messages.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                rows.append(Item(r["id"], r["kind"], list(r["labels"]), r["text"]))
    return rows


def load_seed() -> list[Item]:
    items = []
    seen: set[str] = set()
    for rel, (kind, labels) in SEED_LABELS.items():
        path = SEED_CASE / rel
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if text in seen:  # the third reply repeats the second
            continue
        seen.add(text)
        items.append(Item(f"seed:{rel}", kind, labels, text))
    return items


def response_consistent(r: Result) -> bool:
    """``response`` agrees with the kind and with the prompts read."""
    if r.kind in ("reinstated", "final_denial"):
        return r.response == "none"
    got = set(r.prompts)
    if not got:
        return r.response in ("none", "documents", "information")
    if got & RESPONSE_FOR_PROMPTS["plan_of_action"]:
        return r.response == "plan_of_action"
    if got & RESPONSE_FOR_PROMPTS["documents"]:
        return r.response == "documents"
    return r.response in ("information", "documents")


def run(items: list[Item]) -> list[Result]:
    from poa.inbox.feedback import analyze

    out = []
    for item in items:
        a = analyze(item.text)
        data = a.to_json()
        out.append(Result(item, a.kind, a.prompt_ids, str(data.get("response", "none"))))
    return out


def figures(results: list[Result]) -> tuple[float, float, float, float]:
    tp = fp = fn = 0
    for r in results:
        got, want = set(r.prompts), set(r.item.labels)
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(r.kind == r.item.kind for r in results) / len(results) if results else 0.0
    return precision, recall, f1, accuracy


def _line(name: str, results: list[Result]) -> str:
    p, r, f1, acc = figures(results)
    return (
        f"{name:<26} {len(results):>3} messages  prompt P {p:.3f}  R {r:.3f}  F1 {f1:.3f}"
        f"  kind accuracy {acc:.3f}"
    )


def confusion(results: list[Result]) -> list[str]:
    counts = Counter((r.item.kind, r.kind) for r in results)
    short = {k: k[:10] for k in KINDS}
    lines = ["label \\ read      " + " ".join(f"{short[k]:>10}" for k in KINDS)]
    for want in KINDS:
        row = " ".join(f"{counts.get((want, got), 0):>10}" for got in KINDS)
        lines.append(f"{want:<18}{row}")
    return lines


def _filler(size: int) -> str:
    """Prose-shaped text with none of Amazon's wording: wrapped lines, paragraphs."""
    import textwrap

    words = [
        "harbour",
        "lantern",
        "quietly",
        "orchard",
        "seventeen",
        "marble",
        "whistle",
        "copper",
        "meadow",
        "ladder",
        "velvet",
        "thunder",
        "pebble",
        "saffron",
        "glacier",
        "compass",
    ]
    paragraphs, n, total = [], 0, 0
    while total < size:
        sentence = " ".join(words[(n * 7 + k * 3) % len(words)] for k in range(14))
        para = " ".join(f"{sentence.capitalize()} number {n + i}." for i in range(4))
        paragraphs.append("\n".join(textwrap.wrap(para, 72)))
        total += len(para) + 2
        n += 4
    return "\n\n".join(paragraphs)


def speed() -> list[str]:
    """CPU seconds to read long pastes, as ``poa feedback`` does (decode, then analyze)."""
    import time

    from poa.inbox.feedback import analyze, decode_message

    sys.path.insert(0, str(ROOT / "tests"))
    from test_message_text_linear import adversarial  # the test's own 1 MB paragraph

    reply = (SEED_CASE / "revisions" / "002" / "reply.txt").read_text(encoding="utf-8")
    cases = [
        ("Amazon's reply repeated to 5 MB", (reply + "\n\n") * (5_000_000 // (len(reply) + 2))),
        ("5 MB of wrapped prose, no Amazon wording", _filler(5_000_000)),
        ("1 MB adversarial paragraph (runs, repeats)", adversarial(1_048_576)),
    ]
    lines = []
    for name, text in cases:
        data = text.encode("utf-8")
        start = time.process_time()
        analyze(decode_message(data))
        took = time.process_time() - start
        lines.append(f"  {name:<44} {len(data) / 1e6:5.1f} MB  {took:5.2f} s CPU")
    return lines


def evaluate(corpus_dir: Path = CORPUS) -> str:
    """The report as text (the corpus must exist; see :func:`main` for the skip)."""
    corpus = run(load_corpus(corpus_dir))
    seed = run(load_seed())
    both = corpus + seed
    lines = ["Amazon messages: prompts (micro over prompt ids) and kinds", ""]
    lines.append(_line("corpus", corpus))
    lines.append(_line("seed case", seed))
    lines.append(_line("corpus + seed", both))
    lines.append(_line("corpus, odd rows", corpus[0::2]))
    lines.append(_line("corpus, even rows", corpus[1::2]))
    lines.append("")
    lines.append("Kinds, corpus + seed:")
    lines.extend("  " + ln for ln in confusion(both))
    bad_response = [r.item.id for r in both if not response_consistent(r)]
    lines.append("")
    lines.append(
        "response consistent with kind and asks: "
        + ("every message" if not bad_response else "NOT on " + ", ".join(bad_response))
    )
    wrong = [r for r in both if not r.right]
    lines.append("")
    lines.append(f"Messages read wrongly: {len(wrong)} of {len(both)}")
    for r in wrong:
        got, want = set(r.prompts), set(r.item.labels)
        parts = []
        if r.kind != r.item.kind:
            parts.append(f"kind {r.kind} (label {r.item.kind})")
        if want - got:
            parts.append("missed " + ", ".join(sorted(want - got)))
        if got - want:
            parts.append("added " + ", ".join(sorted(got - want)))
        lines.append(f"  {r.item.id}: " + "; ".join(parts))
    lines.append("")
    lines.append("Reading long pastes (poa feedback's decode and analysis, CPU time):")
    lines.extend(speed())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of the corpus")
    args = parser.parse_args(argv)
    if not (args.corpus / "amazon_messages.jsonl").is_file():
        print(f"message_eval: skipped, no corpus at {args.corpus}")
        return 0
    sys.path.insert(0, str(ROOT))
    print(evaluate(args.corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
