"""Calibrate `poa score` on real plans: does it rank finished plans above weak drafts?

    python benchmarks/corpus_eval.py [--corpus DIR] [--verbose]

Plans scored:
- ``../shared/corpus/plans.jsonl`` (real plans sellers posted, labelled good / weak / bad);
- the seed case's five real submissions (``examples/seed-odr-five-rounds/revisions/*/appeal.md``):
  the first four were rejected (weak), the fifth was accepted (good);
- the project's example cases, rendered as ``poa export --format md`` writes them (good);
- the team's own strong and weak plans in ``tests/data/plans`` (written to cover the styles
  real plans come in: prose under plain headings, letters, tables, non-native English).

The AUC is printed over everything and over the real plans alone (corpus and seed).

It prints each plan's score, dimension marks and caps, the AUC of good against weak/bad, the
seed order, every rule's firing rate on good and on weak/bad plans (a rule firing as often on
good plans as on bad ones is noise), and how well ``predicted_prompts`` foresaw the prompts
Amazon actually sent back to each seed submission. It records; it does not gate. Without the
corpus folder it says so in one line and scores only the seed and the examples.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from poa.score import score_text  # noqa: E402

SEED = ROOT / "examples" / "seed-odr-five-rounds"
GOOD = "good"


def auc(good: list[float], bad: list[float]) -> float | None:
    """Probability that a good plan outscores a weak one (ties count half)."""
    if not good or not bad:
        return None
    wins = sum(1.0 if g > b else 0.5 if g == b else 0.0 for g in good for b in bad)
    return wins / (len(good) * len(bad))


def load_plans(corpus: Path | None) -> list[dict]:
    plans: list[dict] = []
    if corpus is not None:
        for line in (corpus / "plans.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                plans.append(
                    {
                        "id": row["id"],
                        "quality": row["quality"],
                        "text": row["text"],
                        "violation": row.get("violation", ""),
                    }
                )
    for folder in sorted((SEED / "revisions").iterdir()):
        appeal = folder / "appeal.md"
        if appeal.is_file():
            number = int(folder.name)
            plans.append(
                {
                    "id": f"seed-{number}",
                    "quality": GOOD if number == 5 else "weak",
                    "text": appeal.read_text(encoding="utf-8"),
                    "violation": "odr",
                }
            )
    plans.extend(example_plans())
    for path in sorted((ROOT / "tests" / "data" / "plans").glob("*.md")):
        quality = GOOD if path.stem.endswith("_strong") else "weak"
        plans.append(
            {
                "id": f"team:{path.stem}",
                "quality": quality,
                "text": path.read_text(encoding="utf-8"),
                "violation": "",
            }
        )
    return plans


def example_plans() -> list[dict]:
    import datetime as dt

    from poa.case import store
    from poa.export.markdown import to_markdown
    from poa.render import NOT_WRITTEN, render_plan

    out = []
    for folder in sorted((ROOT / "examples").iterdir()):
        if folder == SEED or not (folder / "case.yaml").is_file():
            continue
        case = store.load_case(folder)
        text = to_markdown(render_plan(case, dt.date(2026, 4, 1))).replace(NOT_WRITTEN, "")
        out.append(
            {
                "id": f"example:{folder.name}",
                "quality": GOOD,
                "text": text,
                "violation": case.violation.value,
            }
        )
    return out


def seed_prompts() -> list[tuple[int, list[str], list[str]]]:
    """(revision, predicted, sent) for each seed submission Amazon answered with prompts."""
    import yaml

    out = []
    for folder in sorted((SEED / "revisions").iterdir()):
        meta_path, appeal = folder / "meta.yaml", folder / "appeal.md"
        if not (meta_path.is_file() and appeal.is_file()):
            continue
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
        reply = meta.get("reply") or {}
        sent = [p["id"] if isinstance(p, dict) else p for p in reply.get("prompts") or []]
        notice = (SEED / "notice.txt").read_text(encoding="utf-8")
        report = score_text(appeal.read_text(encoding="utf-8"), notice_text=notice)
        out.append((int(folder.name), list(report.predicted_prompts), sent))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--verbose", action="store_true", help="list each plan's findings")
    args = parser.parse_args(argv)
    corpus: Path | None = args.corpus
    if not (corpus / "plans.jsonl").is_file():
        print(f"corpus_eval: no corpus at {corpus}; scoring the seed and the examples only")
        corpus = None

    plans = load_plans(corpus)
    fired_good: Counter[str] = Counter()
    fired_bad: Counter[str] = Counter()
    scores: dict[str, list[float]] = {"good": [], "weak": [], "bad": []}
    by_id: dict[str, int] = {}
    print(f"{'plan':<44} {'quality':<7} {'score':>5}  dimensions / caps")
    for plan in plans:
        report = score_text(plan["text"], target=plan["id"])
        data = report.to_json()
        scores[plan["quality"]].append(report.score)
        by_id[plan["id"]] = report.score
        rules = {f.rule for f in report.findings}
        (fired_good if plan["quality"] == GOOD else fired_bad).update(rules)
        dims = " ".join(f"{k[:4]}={v:.0f}" for k, v in (data.get("dimensions") or {}).items())
        caps = "; ".join(c["reason"] for c in data.get("caps") or [])
        print(f"{plan['id']:<44} {plan['quality']:<7} {report.score:>5}  {dims}  {caps}")
        if args.verbose:
            for f in report.findings:
                print(f"    {f.severity:<7} {f.rule:<32} {f.excerpt[:60]!r}")

    good = scores["good"]
    weak = scores["weak"] + scores["bad"]
    value = auc(good, weak)
    print()
    print(f"plans: {len(good)} good, {len(scores['weak'])} weak, {len(scores['bad'])} bad")
    print("AUC good vs weak/bad, all plans:", "n/a" if value is None else f"{value:.3f}")
    real = [p for p in plans if p["id"].startswith(("plan-", "seed-"))]
    real_good = [by_id[p["id"]] for p in real if p["quality"] == GOOD]
    real_weak = [by_id[p["id"]] for p in real if p["quality"] != GOOD]
    real_auc = auc(real_good, real_weak)
    print(
        f"AUC on real plans only ({len(real_good)} good, {len(real_weak)} weak/bad):",
        "n/a" if real_auc is None else f"{real_auc:.3f}",
    )
    corpus_only = [p for p in plans if p["id"].startswith("plan-")]
    if corpus_only:
        mean = sum(scores["weak"] + scores["bad"]) / max(1, len(weak))
        print(
            f"mean score of weak/bad plans: {mean:.1f}; of good plans: "
            f"{sum(good) / max(1, len(good)):.1f}"
        )

    seed_scores = [by_id[p["id"]] for p in plans if p["id"].startswith("seed")]
    seed_ids = [p["id"] for p in plans if p["id"].startswith("seed")]
    ranked = sorted(zip(seed_ids, seed_scores, strict=True), key=lambda t: t[1])
    order = " < ".join(f"{pid}={sc}" for pid, sc in ranked)
    print(f"seed order (low to high): {order}")
    first_lowest = seed_scores and seed_scores[0] == min(seed_scores)
    fifth_highest = seed_scores and seed_scores[-1] == max(seed_scores)
    print(f"seed: first lowest {bool(first_lowest)}, accepted fifth highest {bool(fifth_highest)}")

    print()
    n_good, n_bad = max(1, len(good)), max(1, len(weak))
    print(f"{'rule':<36} {'good':>6} {'weak/bad':>9}  (share of plans it fires on)")
    for rule in sorted(set(fired_good) | set(fired_bad)):
        g, b = fired_good[rule] / n_good, fired_bad[rule] / n_bad
        flag = "  noise?" if g >= b and g > 0 else ""
        print(f"{rule:<36} {g:>6.2f} {b:>9.2f}{flag}")

    print()
    tp = fp = fn = 0
    for number, predicted, sent in seed_prompts():
        p, s = set(predicted), set(sent)
        tp, fp, fn = tp + len(p & s), fp + len(p - s), fn + len(s - p)
        print(f"seed revision {number}: predicted {sorted(p)} sent {sorted(s)}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"predicted_prompts on the seed: precision {precision:.2f}, recall {recall:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
