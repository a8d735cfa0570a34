# ruff: noqa: E501, SIM905  (sample data reads best one record per line)
"""Regenerate the sample reports in this folder (run from the repository root).

The samples follow Seller Central's layouts (headers, column order, date styles) and one shop's
data, so the tests can check metrics against figures worked out by hand in README.md here.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

ALL_ORDERS_HEADER = (
    "amazon-order-id merchant-order-id purchase-date last-updated-date order-status "
    "fulfillment-channel sales-channel order-channel url ship-service-level product-name sku asin "
    "item-status quantity currency item-price item-tax shipping-price shipping-tax gift-wrap-price "
    "gift-wrap-tax item-promotion-discount ship-promotion-discount ship-city ship-state "
    "ship-postal-code ship-country promotion-ids is-business-order purchase-order-number "
    "price-designation"
).split()

PRODUCTS = [
    ("Cotton bath towel, grey, 70x140 cm", "LHG-TOWEL-GRY", "B08HJ2K7Q4", "18.99"),
    ("Kitchen apron, blue denim", "LHG-APRON-BLU", "B09C6W1TTR", "14.50"),
    ("Linen shirt, men, size M", "LHG-SHIRT-LIN-M", "B07QX4L2M9", "39.00"),
]
CITIES = [("Springfield", "IL", "62704"), ("Madison", "WI", "53703"), ("Austin", "TX", "78701")]

# Orders the defect reports name (IDs fixed so the README's hand computation can quote them).
CLAIM_1 = "113-2048113-6601937"
CLAIM_2 = "112-5501846-2270459"
NEG_1 = "114-7310022-9840316"
CHARGEBACK_1 = "111-3390475-1184620"
OLD_CLAIM = "113-9006721-4402158"  # ordered before the 60-day window


def order_ids(rng: random.Random, count: int) -> list[str]:
    return [
        f"{rng.choice(['111', '112', '113', '114'])}-{rng.randrange(10**7):07d}-{rng.randrange(10**7):07d}"
        for _ in range(count)
    ]


def all_orders_rows() -> list[list[str]]:
    """40 orders: 4 before the window (5-8 Jan), 36 from 12 Jan to 12 Mar 2026."""
    rng = random.Random(7)
    ids = order_ids(rng, 40)
    ids[5], ids[12], ids[20], ids[27], ids[1] = CLAIM_1, CLAIM_2, NEG_1, CHARGEBACK_1, OLD_CLAIM
    dates = [dt.date(2026, 1, 5) + dt.timedelta(days=i) for i in range(4)]
    dates += [dt.date(2026, 1, 12) + dt.timedelta(days=round(i * 59 / 35)) for i in range(36)]
    rows = []
    for n, (order_id, day) in enumerate(zip(ids, dates, strict=True)):
        name, sku, asin, price = PRODUCTS[n % 3]
        channel = "Amazon" if n % 4 == 0 else "Merchant"
        status = "Shipped"
        if n in (31, 38):  # two seller-fulfilled orders cancelled in the last week
            status, channel = "Cancelled", "Merchant"
        if n == 39:
            status = "Pending"
        city, state, postal = CITIES[n % 3]
        stamp = f"{day.isoformat()}T{8 + n % 10:02d}:{(n * 7) % 60:02d}:11+00:00"
        items = 2 if n % 9 == 3 else 1  # some orders have two items: one row each
        for item in range(items):
            if item:
                name, sku, asin, price = PRODUCTS[(n + 1) % 3]
            rows.append(
                [order_id, "", stamp, stamp, status, channel, "Amazon.com", "",
                 "", "Standard", name, sku, asin, "Cancelled" if status == "Cancelled" else "Shipped",
                 "1", "USD", price, "1.52", "0.00", "0.00", "", "", "", "",
                 city, state, postal, "US", "", "false", "", ""]
            )  # fmt: skip
    return rows


def write_all_orders() -> list[list[str]]:
    rows = all_orders_rows()
    text = "\t".join(ALL_ORDERS_HEADER) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    (HERE / "all-orders.txt").write_text(text, encoding="utf-8", newline="")
    # The same report cut off in the middle of a row, as an interrupted download leaves it.
    cut = text[: text.index("\n", len(text) // 2) + 40]
    (HERE / "all-orders-truncated.txt").write_text(cut, encoding="utf-8", newline="")
    return rows


def write_feedback() -> None:
    # Feedback Manager download saved by Excel as "CSV UTF-8": a BOM, CRLF, rater e-mails.
    lines = [
        "Date,Rating,Comments,Response,Order ID,Rater Email",
        f'2/20/26,1,"Arrived two weeks late, no reply to my messages",,{NEG_1},kx7pq2r@marketplace.amazon.com',
        f'2/14/26,2,"Towel smaller than described",,{CLAIM_1},ab9zz1t@marketplace.amazon.com',
        '3/1/26,4,"Good apron, fast shipping",,112-6620184-0048215,mm3qq8w@marketplace.amazon.com',
    ]
    data = "\ufeff" + "\r\n".join(lines) + "\r\n"
    (HERE / "feedback-bom.csv").write_text(data, encoding="utf-8", newline="")


def write_claims() -> None:
    lines = [
        "Order ID,Claim date,Claim reason,Claim amount,Status",
        f"{CLAIM_1},2026-02-16,Item not as described,$18.99,Closed - granted seller-funded",
        f"{CLAIM_2},2026-02-27,Item not received,$14.50,Under review",
        f"{OLD_CLAIM},2026-01-30,Item not received,$39.00,Closed - denied",
    ]
    (HERE / "atoz-claims.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_chargebacks() -> None:
    # Copied from the Chargeback claims page in a browser and pasted into Notepad.
    text = (
        "Chargeback claims\n"
        "\n"
        "Order ID\tChargeback date\tReason\tAmount\tStatus\n"
        f"{CHARGEBACK_1}\tMar 2, 2026\tMerchandise not received\t$39.00\tResponse submitted\n"
    )
    (HERE / "chargebacks-copied.txt").write_text(text, encoding="utf-8")


def write_gb18030() -> None:
    # A seller's own complaint sheet, saved from Chinese Excel as CSV (ANSI = GBK/GB18030).
    lines = [
        "订单号,订购日期,ASIN,SKU,商品名称,缺陷类型,备注",
        f"{CLAIM_2},2026/1/25,B08HJ2K7Q4,LHG-TOWEL-GRY,纯棉浴巾（灰色）70x140厘米,亚马逊商城交易保障索赔,买家未收到货",
        f"{NEG_1},2026/2/8,B07QX4L2M9,LHG-SHIRT-LIN-M,男士亚麻衬衫 M码,差评,尺码偏小",
    ]
    (HERE / "complaints-gb18030.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))


def write_cp1252() -> None:
    # Feedback from amazon.de, saved by an older Excel as "CSV (Comma delimited)" (Windows-1252).
    lines = [
        "Date,Rating,Comments,Response,Order ID",
        '20.02.2026,1,"Très déçu – “taille” trop petite",,302-4481920-5517364',
        '21.02.2026,5,"Schöne Qualität, schnelle Lieferung",,302-1184773-9026641',
    ]
    (HERE / "feedback-cp1252.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def write_list() -> None:
    text = (
        "Orders with complaints (copied from our notes)\n"
        f"{CLAIM_1}\n"
        "１１２－５５０１８４６－２２７０４５９\n"  # full-width digits and dash
        f"{NEG_1.replace('-', '')}\n"  # 17 digits, no dashes
        f"  {CHARGEBACK_1.replace('-', ' ')}  \n"  # spaces instead of dashes
        "113-7741092-883021\n"  # one digit short: reported, not imported
        "\n"
    )
    (HERE / "order-ids.txt").write_text(text, encoding="utf-8")


def write_not_report() -> None:
    (HERE / "not-a-report.txt").write_text(
        "Dear Seller Support,\n\nPlease find attached our plan of action for the account review.\n"
        "We have read the notice carefully and answered every point.\n\nKind regards,\nThe team\n",
        encoding="utf-8",
    )


EXAMPLE = HERE.parents[2] / "examples" / "odr-unanswered-messages" / "reports"
# The example case's defect orders: (id, purchase date, product index, sku, defect, defect date)
EXAMPLE_DEFECTS = [
    ("113-4827301-5520947", "2026-03-02", 0, "LHG-TOWEL-GRY", "claim", "2026-03-12"),
    ("114-2039485-7713620", "2026-03-04", 0, "LHG-TOWEL-GRY", "claim", "2026-03-13"),
    ("113-7741092-8830214", "2026-03-05", 2, "LHG-SHIRT-LIN-M", "claim", "2026-03-11"),
    ("111-6650213-3398201", "2026-03-07", 1, "LHG-APRON-BLU", "negative_feedback", "2026-03-12"),
    ("112-9081726-4410385", "2026-03-09", 1, "LHG-APRON-BLU", "claim", "2026-03-16"),
    ("112-3304958-1276640", "2026-03-11", 2, "LHG-SHIRT-LIN-L", "claim", "2026-03-17"),
]


def write_example_reports() -> None:
    """The example case's reports: 216 orders in 60 days, 6 with defects (ODR 6/216 = 2.78%)."""
    rng = random.Random(2026)
    first = dt.date(2026, 1, 17)
    dates = [first + dt.timedelta(days=i * 60 // 210) for i in range(210)]
    orders = [
        (oid, 0, dt.date.fromisoformat(d), p, sku) for oid, d, p, sku, _, _ in EXAMPLE_DEFECTS
    ]
    orders = [(oid, 1, day, p, sku) for oid, _, day, p, sku in orders]
    orders += [(i, 0, day, i % 3, PRODUCTS[i % 3][1]) for i, day in enumerate(dates)]
    orders.sort(key=lambda o: (o[2], o[1]))
    ids = iter(order_ids(rng, len(orders)))
    rows = []
    for n, (oid, _, day, product, sku) in enumerate(orders):
        order_id = oid if isinstance(oid, str) else next(ids)
        name, _, asin, price = PRODUCTS[product]
        city, state, postal = CITIES[n % 3]
        stamp = f"{day.isoformat()}T{9 + n % 9:02d}:{(n * 13) % 60:02d}:05+00:00"
        rows.append(
            [order_id, "", stamp, stamp, "Shipped", "Merchant", "Amazon.com", "", "",
             "Standard", name, sku, asin, "Shipped", "1", "USD", price, "1.52", "4.99", "0.00",
             "", "", "", "", city, state, postal, "US", "", "false", "", ""]
        )  # fmt: skip
    EXAMPLE.mkdir(parents=True, exist_ok=True)
    text = "\t".join(ALL_ORDERS_HEADER) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    (EXAMPLE / "All-Orders-2026-01-17-to-2026-03-17.txt").write_text(text, encoding="utf-8")
    claims = ["Order ID,Claim date,Claim reason,Claim amount,Status"]
    feedback = ["Date,Rating,Comments,Response,Order ID,Rater Email"]
    for oid, _, product, _, defect, when in EXAMPLE_DEFECTS:
        day = dt.date.fromisoformat(when)
        if defect == "claim":
            reason = "Item not as described" if product == 2 else "Item not received"
            claims.append(f"{oid},{when},{reason},${PRODUCTS[product][3]},Closed - granted")
        else:
            feedback.append(
                f'{day.month}/{day.day}/{day:%y},1,"Sent three messages, never got an answer",,'
                f"{oid},qz81kd0@marketplace.amazon.com"
            )
    (EXAMPLE / "A-to-z-claims.csv").write_text("\n".join(claims) + "\n", encoding="utf-8")
    data = "\ufeff" + "\r\n".join(feedback) + "\r\n"
    (EXAMPLE / "Feedback.csv").write_text(data, encoding="utf-8", newline="")


if __name__ == "__main__":
    write_example_reports()
    write_all_orders()
    write_feedback()
    write_claims()
    write_chargebacks()
    write_gb18030()
    write_cp1252()
    write_list()
    write_not_report()
