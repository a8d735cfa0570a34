"""A complete set of wizard answers, shared by the engine tests and the terminal tests.

Also the environment for poa child processes.

Each step is (prompt key, answer). Keys are what the engine's Prompt.key says: "store.name",
"rc1.what", "root_cause.more" (the "add another?" question of a section).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a poa child process: it imports this checkout's poa."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = dict(os.environ, PYTHONPATH=path, NO_COLOR="1", **extra)
    env.pop("VISUAL", None)
    return env


STEPS: list[tuple[str, str]] = [
    ("store.name", "Lakeside Home Goods"),
    ("violation.kind", "1"),
    (
        "orders.order_ids",
        "１１３－４８２７３０１－５５２０９４７\n11420394857713620, 111 6650213 3398201",
    ),
    ("rc1.title", "Buyer messages went unanswered for 2 to 6 days"),
    (
        "rc1.what",
        "Between 2 and 16 March 2026, 14 buyer messages received no reply within 24 hours;"
        " 3 of these buyers opened A-to-z claims.",
    ),
    (
        "rc1.why",
        "One representative answered all 14 messages, Monday to Friday only, and nobody"
        " covered her 5 days of leave from 9 to 13 March 2026.",
    ),
    ("rc1.orders", "113-4827301-5520947 114-2039485-7713620"),
    ("rc1.asins", ""),
    ("root_cause.more", "y"),
    ("rc2.title", "The size chart of the linen shirt was wrong"),
    (
        "rc2.what",
        "Between 5 and 11 March 2026, 2 buyers of ASIN B07QX4L2M9 reported that the shirt"
        " was 5 cm smaller than the size chart said.",
    ),
    (
        "rc2.why",
        "We copied the size chart from the factory sheet on 1 February 2026 without"
        " measuring 1 sample of each of the 4 sizes.",
    ),
    ("rc2.orders", "111-6650213-3398201"),
    ("rc2.asins", "b07qx4l2m9"),
    ("root_cause.more", "n"),
    (
        "ca1.what",
        "We answered all 14 unanswered messages and refunded the 3 buyers with A-to-z"
        " claims in full.",
    ),
    ("ca1.when", "2026-03-19"),
    ("ca1.orders", "113-4827301-5520947 114-2039485-7713620"),
    ("ca1.result", "3 refunds of $187.40 in total were issued; 11 of 14 buyers confirmed."),
    ("ca1.causes", "1"),
    ("corrective_actions.more", "n"),
    (
        "pm1.what",
        "We have hired a second customer service representative; the 2 of them cover"
        " 7 days a week on a written rota.",
    ),
    ("pm1.owner", "Customer service lead"),
    ("pm1.frequency", "Messages checked at 09:00, 13:00 and 18:00 every day"),
    ("pm1.start", "2026-03-22"),
    (
        "pm1.measure",
        "Every message answered within 12 hours, checked daily in the Buyer-Seller"
        " Messages response-time report.",
    ),
    ("pm1.causes", "1,2"),
    ("preventive_measures.more", "n"),
    ("evidence.more", "n"),
    ("additional_info.text", ""),
    ("summary.text", ""),
]

FIELDS = dict(STEPS)
