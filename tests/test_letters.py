"""poa letter: every kind renders from the case's facts with nothing left blank, buyer letters
pass the message check, and a missing fact or an unknown kind is one line with exit 2."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from poa.case import store
from poa.case.model import Case
from poa.cli import app
from poa.letters import compose, facts
from tests.conftest import EXAMPLE, EXAMPLES

INAUTHENTIC = EXAMPLES / "inauthentic-supplier-invoices"
FIVE_ROUNDS = EXAMPLES / "seed-odr-five-rounds"
ODR_ORDERS = facts.letter_orders(store.load_case(EXAMPLE))
CJK = re.compile(r"[\u3400-\u9fff]")
# What an unfilled fact leaves behind: template syntax, None, placeholders, "( )", " ,".
BLANKS = re.compile(r"\{\{|\{%|\bNone\b|\bXXX\b|\[[^\]]*\]|<[^>]*>|\(\s*\)|:[ \t]*[,.;]|\s[,.;]")


def _one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _assert_filled(text: str) -> None:
    assert not BLANKS.search(text), BLANKS.search(text)
    assert not CJK.search(text)


@pytest.fixture
def ip_case(tmp_path: Path) -> Path:
    """An IP case of our own: a trademark complaint, listings fixed on two dates."""
    case = Case.model_validate(
        {
            "store": {"name": "Harbour Lane Crafts", "seller_id": "A2EXAMPLE7Q"},
            "violation": "ip",
            "notice": {
                "received": "2026-05-04",
                "text": (
                    "We received a report from a rights owner that the listing below infringes"
                    " a trademark.\nASIN: B0C4TQ82LM\nComplaint ID: 9934017725\n"
                    "Rights owner name: Tidewell Outdoor Inc.\n"
                ),
            },
            "root_causes": [
                {
                    "id": "rc1",
                    "title": "Our listing used the brand's name in the title",
                    "asins": ["B0C4TQ82LM"],
                }
            ],
            "corrective_actions": [
                {
                    "id": "ca1",
                    "what": "We removed the brand's name from the title and bullet points",
                    "when": "2026-05-05",
                    "asins": ["B0C4TQ82LM"],
                    "root_causes": ["rc1"],
                },
                {
                    "id": "ca2",
                    "what": "We replaced the photos that showed the brand's logo",
                    "when": "2026-05-06",
                    "root_causes": ["rc1"],
                },
            ],
        }
    )
    folder = tmp_path / "ip-case"
    store.create_case(folder, case)
    return folder


@pytest.fixture
def replied_case(tmp_path: Path) -> Path:
    """The five-round example as it stood after Amazon's third reply: revisions 1 to 3."""
    folder = tmp_path / "five"
    shutil.copytree(FIVE_ROUNDS, folder)
    for number in ("004", "005"):
        shutil.rmtree(folder / "revisions" / number)
    return folder


@pytest.mark.parametrize("order", ODR_ORDERS)
@pytest.mark.parametrize("kind", ["buyer-apology", "buyer-resolution"])
def test_buyer_letters_use_the_orders_facts_and_pass_the_message_check(
    runner, tmp_path: Path, kind: str, order: str
) -> None:
    case = store.load_case(EXAMPLE)
    out = tmp_path / "letter.txt"
    result = runner.invoke(app, ["letter", str(EXAMPLE), kind, "--order", order, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    _assert_filled(text)
    assert order in text and case.store.name in text
    purchase = case.order(order).purchase_date  # type: ignore[union-attr]
    assert f"{purchase.day} {purchase:%B %Y}" in text
    cause = next(rc for rc in case.root_causes if order in rc.order_ids)
    assert cause.title[1:].rstrip(".") in text
    if kind == "buyer-apology":
        assert re.search(r"\bWe (?:refunded|sent you a replacement)\b.* on \d+ March 2026", text)
    assert not re.search(r"review|feedback|rating", text, re.I)
    checked = runner.invoke(app, ["check-message", str(out)])
    assert checked.exit_code == 0 and checked.stdout == "", checked.stdout


@pytest.mark.parametrize("offer", ["refund", "replacement", "both"])
def test_every_offer_passes_the_message_check(runner, tmp_path: Path, offer: str) -> None:
    out = tmp_path / "offer.txt"
    args = ["letter", str(EXAMPLE), "buyer-resolution", "--order", ODR_ORDERS[0]]
    result = runner.invoke(app, [*args, "--fact", f"offer={offer}", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert ("refund" in text) == (offer != "replacement")
    assert ("replacement" in text) == (offer != "refund")
    assert runner.invoke(app, ["check-message", str(out)]).exit_code == 0


def test_supplier_invoice_asks_for_every_field_the_invoice_check_needs(runner) -> None:
    args = ["letter", str(INAUTHENTIC), "supplier-invoice", "--fact", "supplier=Cascade Gear"]
    result = runner.invoke(app, [*args, "--fact", "business_address=8 Quarry Road, Bend, OR"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    _assert_filled(text)
    for needed in (
        "Dear Cascade Gear team",
        "Northfield Outdoor Supply",
        "8 Quarry Road, Bend, OR",
        "ASIN B0BR7TQ5XW (our SKU NF-FILTER-01)",
        "between 11 August 2025 and 11 August 2026",  # 365 days back from the notice
        "postal address, phone number, e-mail address and website",
        "invoice number and the invoice date",
        "number of units",
        "pro-forma",
    ):
        assert needed in text, needed
    shorter = runner.invoke(app, [*args, "--fact", "window_days=180"])
    assert "between 12 February 2026 and 11 August 2026" in shorter.stdout


def test_rights_owner_retraction_states_the_facts_and_asks_courteously(runner, ip_case) -> None:
    args = ["letter", str(ip_case), "rights-owner-retraction"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    _assert_filled(text)
    for needed in (
        "Dear Tidewell Outdoor Inc.,",  # read from the notice
        "complaint 9934017725",
        "ASIN B0C4TQ82LM",
        "On 4 May 2026 Amazon told us",
        "5 May 2026: We removed the brand's name from the title and bullet points.",
        "6 May 2026: We replaced the photos",
        "withdraw the complaint",
        "quoting complaint ID 9934017725",
        "Harbour Lane Crafts (Amazon seller ID A2EXAMPLE7Q)",
    ):
        assert needed in text, needed
    assert not re.search(r"\b(?:legal|lawyer|court|sue|otherwise)\b", text, re.I)


def test_follow_up_lists_what_the_new_revision_adds(runner, replied_case) -> None:
    args = ["letter", str(replied_case), "seller-performance-follow-up"]
    result = runner.invoke(app, [*args, "--fact", "store=Example Store"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    _assert_filled(text)
    assert "On 26 February 2019 you replied to our plan of action (revision 3)" in text
    assert "revision 4 (attached)" in text
    additions = [line for line in text.splitlines() if line.startswith("- ")]
    assert 1 <= len(additions) <= 4
    assert all(re.search(r"\d+ \w.*\(revision 3: \d+\)", line) for line in additions)
    # Once Amazon reinstated the account there is nothing to follow up.
    done = runner.invoke(app, ["letter", str(FIVE_ROUNDS), "seller-performance-follow-up"])
    assert "reinstatement" in _one_error_line(done)


def test_chinese_gloss_is_outside_the_letter(runner, tmp_path: Path) -> None:
    args = ["letter", str(EXAMPLE), "buyer-apology", "--order", ODR_ORDERS[0], "--lang", "zh"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    letter, _, gloss = result.stdout.partition("---- 中文说明")
    assert not CJK.search(letter)
    paragraphs = letter.split("Subject:", 1)[1].strip().split("\n\n")[1:]
    assert len(re.findall(r"^第\d+段：", gloss, re.M)) == len(paragraphs)
    out = tmp_path / "to-buyer.txt"
    written = runner.invoke(app, [*args, "-o", str(out)])
    assert not CJK.search(out.read_text(encoding="utf-8"))
    assert "第1段" in written.stdout


def test_a_missing_fact_is_one_line_naming_it(runner, tmp_path: Path) -> None:
    line = _one_error_line(runner.invoke(app, ["letter", str(INAUTHENTIC), "supplier-invoice"]))
    assert "supplier-invoice needs the supplier's name" in line and "--fact supplier=" in line
    folder = tmp_path / "bare"
    case = Case.model_validate(
        {
            "violation": "odr",
            "root_causes": [{"id": "rc1", "what": "Late replies", "order_ids": [ODR_ORDERS[0]]}],
        }
    )
    store.create_case(folder, case)
    line = _one_error_line(runner.invoke(app, ["letter", str(folder), "buyer-apology"]))
    assert "needs the store's name" in line and "also missing: problem, remedy" in line
    args = ["letter", str(folder), "buyer-apology", "--fact", "store=Shop"]
    line = _one_error_line(runner.invoke(app, args))
    assert f"what went wrong with order {ODR_ORDERS[0]}" in line and "root_causes" in line


def test_an_unknown_kind_is_one_line_with_the_kinds(runner) -> None:
    line = _one_error_line(runner.invoke(app, ["letter", str(EXAMPLE), "buyer-apolgy"]))
    assert "did you mean 'buyer-apology'" in line
    for kind in compose.kinds():
        assert kind in line
    assert len(compose.kinds()) == 5
    from poa.cli.letter_cmd import KINDS_HELP

    assert set(KINDS_HELP.replace(",", " ").split()) == set(compose.kinds())


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--order", "113-4827301-0000000"], "not an order of this case"),
        (["--order", "12345"], "not an Amazon order ID"),
        ([], "give --order"),
        (["--order", ODR_ORDERS[0], "--fact", "suplier=X"], "did you mean 'supplier'"),
        (["--order", ODR_ORDERS[0], "--fact", "offer=voucher"], "offer"),
        (["--order", ODR_ORDERS[0], "--lang", "fr"], "--lang"),
    ],
)
def test_bad_options_are_one_line(runner, args: list[str], expected: str) -> None:
    result = runner.invoke(app, ["letter", str(EXAMPLE), "buyer-apology", *args])
    assert expected in _one_error_line(result)


def test_a_buyer_letter_that_would_break_the_rules_is_refused(runner, tmp_path: Path) -> None:
    out = tmp_path / "never.txt"
    remedy = "remedy=refunded this order, and we hope you will update your review"
    args = ["letter", str(EXAMPLE), "buyer-apology", "--order", ODR_ORDERS[0], "--fact", remedy]
    line = _one_error_line(runner.invoke(app, [*args, "-o", str(out)]))
    assert "message-review.change-request" in line and "--fact remedy" in line
    assert not out.exists()


def test_letter_runs_without_a_terminal(tmp_path: Path) -> None:
    out = tmp_path / "apology.txt"
    cmd = [sys.executable, "-m", "poa", "letter", str(EXAMPLE), "buyer-apology"]
    done = subprocess.run(
        [*cmd, "--order", ODR_ORDERS[-1], "-o", str(out)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert ODR_ORDERS[-1] in out.read_text(encoding="utf-8")


def test_letters_render_for_every_kind_from_the_library(ip_case, replied_case) -> None:
    """The same letters from Python, without the command line."""
    today = dt.date(2026, 9, 1)
    cases = {
        "buyer-apology": (EXAMPLE, {}),
        "buyer-resolution": (EXAMPLE, {}),
        "supplier-invoice": (INAUTHENTIC, {"supplier": "Cascade Gear"}),
        "rights-owner-retraction": (ip_case, {"rights_owner": "Tidewell"}),
        "seller-performance-follow-up": (replied_case, {"store": "Example Store"}),
    }
    assert set(cases) == set(compose.kinds())
    for kind, (folder, given) in cases.items():
        order = ODR_ORDERS[0] if kind.startswith("buyer") else None
        letter = compose.compose(
            store.load_case(folder), kind, folder=folder, order=order, given=given, today=today
        )
        _assert_filled(letter.text())
        assert len(letter.glosses) == len(letter.paragraphs)


@pytest.mark.parametrize(("lang", "lead"), [("en", "Buyer letters:"), ("zh", "买家信件：")])
def test_the_wizard_offers_the_buyer_letters_at_its_end(
    tmp_path: Path, lang: str, lead: str
) -> None:
    """Through a real terminal: a finished case, 'poa edit', the offer after the summary."""
    pexpect = pytest.importorskip("pexpect")
    from poa import wizard
    from tests.wizard_script import child_env

    folder = tmp_path / "case"
    shutil.copytree(EXAMPLE, folder)
    wizard.mark_all_answered(folder, lang=lang)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "poa", "edit", str(folder)],
        env=child_env(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="200", LINES="50"),
        encoding="utf-8",
        timeout=20,
        dimensions=(50, 200),
    )
    child.expect(pexpect.EOF)
    child.close()
    output = child.before.replace("\r", "")
    assert child.exitstatus == 0, output
    offer = output[output.index(lead) :].strip().splitlines()
    # The example refunds four orders and replaces two: six buyers, five commands, one more.
    assert "6" in offer[0]
    assert offer[1].strip().startswith(f"poa letter {folder} buyer-apology --order all")
    assert str(folder / "letters") in offer[1]
    commands = [line.strip() for line in offer[2:7]]
    assert commands == [f"poa letter {folder} buyer-apology --order {o}" for o in ODR_ORDERS[:5]]
    assert "1" in offer[7] and len(offer) == 8


def test_a_fact_in_chinese_is_named_not_sent(runner, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLE, folder)
    case = store.load_case(folder)
    order = case.root_causes[1].order_ids[0]
    case.root_causes[1].title = "尺码表把衣服宽度当成了胸围"
    store.save_case(folder, case)
    args = ["letter", str(folder), "buyer-apology", "--order", order]
    line = _one_error_line(runner.invoke(app, args))
    assert "goes out in English, and problem is not" in line and "--fact problem=" in line
    fixed = runner.invoke(app, [*args, "--fact", "problem=our size chart gave the wrong size"])
    assert fixed.exit_code == 0 and "The fault was ours: our size chart" in fixed.stdout


def test_order_is_refused_for_letters_not_about_one_order(runner) -> None:
    args = ["letter", str(INAUTHENTIC), "supplier-invoice", "--order", "114-3019274-8856021"]
    assert "not about one order" in _one_error_line(runner.invoke(app, args))


def test_order_all_writes_one_checked_letter_per_order(runner, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLE, folder)
    case = store.load_case(folder)
    case.corrective_actions[2].order_ids = []  # the replacements: two orders without a remedy
    store.save_case(folder, case)
    result = runner.invoke(app, ["letter", str(folder), "buyer-apology", "--order", "all"])
    assert result.exit_code == 0, result.stderr
    written = sorted((folder / "letters").glob("buyer-apology-*.txt"))
    assert [p.name for p in written] == sorted(
        f"buyer-apology-{o}.txt" for o in case.corrective_actions[1].order_ids
    )
    assert sorted(result.stdout.split()) == [str(p) for p in written]
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 2 and all("needs the remedy" in line for line in skipped)
    for path in written:
        assert runner.invoke(app, ["check-message", str(path)]).exit_code == 0
    other = runner.invoke(app, ["letter", str(INAUTHENTIC), "supplier-invoice", "--order", "all"])
    assert "not about an order" in _one_error_line(other)
