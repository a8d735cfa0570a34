"""The wizard's offer, at its end, to write the letters to buyers its corrective actions name.

Only orders that a corrective action gave a remedy (a refund, a replacement...) are offered: an
apology needs the remedy it reports. The lines are data (``sections/letters/_offer.yaml``).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from poa import knowledge
from poa.case.model import Case
from poa.letters import facts


def remedied_orders(case: Case) -> list[str]:
    """Orders named by a corrective action whose wording gives the buyer a remedy."""
    out: list[str] = []
    for action in case.corrective_actions:
        if action.order_ids and facts.remedy_of([action])[0]:
            out.extend(action.order_ids)
    return list(dict.fromkeys(out))


def offer_lines(case: Case, case_dir: Path, lang: str = "en") -> list[str]:
    """The offer and one command per order (a few, then how many more); none without orders."""
    orders = remedied_orders(case)
    if not orders:
        return []
    table = knowledge.load_data("letters/_offer.yaml")
    lang = lang if lang in table["offer"] else "en"
    listed = orders[: int(table.get("max_listed", 5))]
    folder = shlex.quote(str(case_dir))
    lines = [" ".join(str(table["offer"][lang]).format(n=len(orders)).split())]
    if len(orders) > 1:
        where = str(table["all"][lang]).format(folder=Path(case_dir) / "letters")
        lines.append(f"  poa letter {folder} buyer-apology --order all   {where}")
    lines += [f"  poa letter {folder} buyer-apology --order {o}" for o in listed]
    if len(orders) > len(listed):
        lines.append("  " + str(table["more"][lang]).format(more=len(orders) - len(listed)))
    return lines
