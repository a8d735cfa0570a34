"""poa orders import: every report kind a seller has, their encodings, and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from poa.case import store
from poa.cli import app

runner = CliRunner()

CLAIM_1 = "113-2048113-6601937"
CLAIM_2 = "112-5501846-2270459"
NEG_1 = "114-7310022-9840316"
CHARGEBACK_1 = "111-3390475-1184620"


def run(*args: object) -> object:
    return runner.invoke(app, [str(a) for a in args])


def imported(case_dir: Path, *files: Path, extra: tuple[str, ...] = ()) -> dict:
    result = run("orders", "import", case_dir, *files, *extra, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_all_orders_report_gives_day_totals_and_updates_known_orders(empty_case, reports):
    data = imported(empty_case, reports / "all-orders.txt")
    (summary,) = data["files"]
    assert summary["kind"] == "all_orders"
    assert summary["rows"] == 45  # 40 orders, 5 of them with two items
    assert summary["counted_only"] == 40  # no defects yet: nothing kept, all counted
    case = store.load_case(empty_case)
    assert case.orders == []
    assert sum(d.orders for d in case.order_totals.days) == 40


def test_defect_reports_keep_what_the_plan_needs_and_never_buyer_data(empty_case, reports):
    files = ["all-orders.txt", "atoz-claims.csv", "feedback-bom.csv", "chargebacks-copied.txt"]
    data = imported(empty_case, *(reports / f for f in files))
    kinds = [f["kind"] for f in data["files"]]
    assert kinds == ["all_orders", "claims", "negative_feedback", "chargebacks"]
    case = store.load_case(empty_case)
    by_id = {o.order_id: o for o in case.orders}
    assert set(by_id) == {CLAIM_1, CLAIM_2, NEG_1, CHARGEBACK_1, "113-9006721-4402158"}
    both = by_id[CLAIM_1]
    assert both.defects == ["claim", "negative_feedback"] and both.defect == "claim"
    assert both.purchase_date.isoformat() == "2026-01-14"  # filled in from the All Orders report
    assert both.asin == "B07QX4L2M9" and both.sku == "LHG-SHIRT-LIN-M"
    assert both.claim_status == "Closed - granted seller-funded"
    assert by_id[NEG_1].rating == 1
    assert by_id[CHARGEBACK_1].defect == "chargeback"
    assert by_id[CHARGEBACK_1].defect_date.isoformat() == "2026-03-02"
    feedback = data["files"][2]
    assert feedback["skipped"] == {"rating 3-5 (not negative feedback)": [4]}
    text = (empty_case / "case.yaml").read_text(encoding="utf-8")
    for private in ("marketplace.amazon.com", "Springfield", "62704", "Madison", "no reply"):
        assert private not in text


def test_reimporting_the_same_reports_changes_nothing(empty_case, reports):
    files = [reports / f for f in ("all-orders.txt", "atoz-claims.csv", "feedback-bom.csv")]
    imported(empty_case, *files)
    before = (empty_case / "case.yaml").read_bytes()
    again = imported(empty_case, *reversed(files))
    assert again["changed"] is False
    assert all(f["added"] == 0 and f["updated"] == 0 for f in again["files"])
    assert all(f["already_imported"] for f in again["files"])
    assert (empty_case / "case.yaml").read_bytes() == before


def test_text_summary_names_added_updated_and_skipped(empty_case, reports):
    result = run("orders", "import", empty_case, reports / "feedback-bom.csv")
    assert result.exit_code == 0, result.output
    assert "Feedback Manager report (utf-8-sig), 3 rows" in result.stdout
    assert "2 added, 0 updated" in result.stdout
    assert "skipped 1: rating 3-5 (not negative feedback) (line 4)" in result.stdout


def test_gb18030_spreadsheet_with_chinese_headers(empty_case, reports):
    data = imported(empty_case, reports / "complaints-gb18030.csv")
    assert data["files"][0]["encoding"] == "gb18030"
    assert data["files"][0]["added"] == 2
    orders = {o.order_id: o for o in store.load_case(empty_case).orders}
    assert orders[CLAIM_2].defect == "claim"  # 亚马逊商城交易保障索赔
    assert orders[NEG_1].defect == "negative_feedback"  # 差评
    assert orders[NEG_1].purchase_date.isoformat() == "2026-02-08"
    assert orders[CLAIM_2].sku == "LHG-TOWEL-GRY"


def test_windows_1252_feedback_with_european_dates(empty_case, reports):
    data = imported(empty_case, reports / "feedback-cp1252.csv")
    assert data["files"][0]["encoding"] == "cp1252"
    (order,) = store.load_case(empty_case).orders
    assert order.order_id == "302-4481920-5517364"
    assert order.defect_date.isoformat() == "2026-02-20"  # 20.02.2026


def test_xlsx_sheet_with_title_rows_numbers_and_full_width_ids(empty_case, xlsx_report):
    data = imported(empty_case, xlsx_report)
    (summary,) = data["files"]
    assert summary["kind"] == "order_table"
    assert summary["added"] == 2
    reasons = summary["skipped"]
    assert reasons["order ID stored by Excel as a number (digits lost: format it as Text)"] == [6]
    assert reasons["no defect this case keeps"] == [7]  # a late order in an ODR case
    orders = {o.order_id: o for o in store.load_case(empty_case).orders}
    assert orders[CHARGEBACK_1].asin == "B08HJ2K7Q4"  # upper-cased
    assert orders[CLAIM_1].purchase_date.isoformat() == "2026-01-14"
    assert "Jane Example" not in (empty_case / "case.yaml").read_text(encoding="utf-8")


def test_plain_list_normalises_ids_and_reports_malformed_lines(empty_case, reports):
    data = imported(empty_case, reports / "order-ids.txt", extra=("--defect", "claim"))
    (summary,) = data["files"]
    assert summary["kind"] == "order_list"
    assert summary["added"] == 4
    assert summary["skipped"] == {"malformed order ID": [6]}
    orders = store.load_case(empty_case).orders
    assert [o.order_id for o in orders] == [CLAIM_1, CLAIM_2, NEG_1, CHARGEBACK_1]
    assert {o.defect for o in orders} == {"claim"}


def test_unknown_defect_option_is_refused(empty_case, reports):
    result = run("orders", "import", empty_case, reports / "order-ids.txt", "--defect", "angry")
    assert result.exit_code == 2
    assert "not a defect kind" in result.stderr


def assert_refused(case_dir: Path, *files: Path, says: str) -> None:
    before = (case_dir / "case.yaml").read_bytes()
    result = run("orders", "import", case_dir, *files)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (case_dir / "case.yaml").read_bytes() == before


def test_unknown_columns_say_what_was_expected(example_case, tmp_path):
    bad = tmp_path / "export.csv"
    bad.write_text("Name,Email,Total\nAnna,a@example.com,12.00\n", encoding="utf-8")
    assert_refused(example_case, bad, says="columns: Name, Email, Total")
    result = run("orders", "import", example_case, bad)
    assert "amazon-order-id, purchase-date, order-status" in result.stderr


def test_known_report_missing_a_required_column(example_case, tmp_path):
    bad = tmp_path / "orders.txt"
    bad.write_text("amazon-order-id\tsku\n113-2048113-6601937\tX\n", encoding="utf-8")
    assert_refused(example_case, bad, says="has no purchase-date, status column")


def test_truncated_report(example_case, reports):
    assert_refused(example_case, reports / "all-orders-truncated.txt", says="truncated")


def test_truncated_xlsx(example_case, xlsx_report, tmp_path):
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(xlsx_report.read_bytes()[:1500])
    assert_refused(example_case, cut, says="damaged or truncated")


def test_mixed_encodings(example_case, reports, tmp_path):
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(
        (reports / "feedback-bom.csv").read_bytes()[3:]
        + '2/21/26,1,"Très déçu",,113-4827301-5520947\r\n'.encode("cp1252")
    )
    mixed.write_bytes(mixed.read_bytes() + '2/22/26,1,"naïve",,113-4827301-5520947\r\n'.encode())
    assert_refused(
        example_case, mixed, says="mixes text encodings (line 6 is UTF-8, line 5 is not)"
    )


def test_not_a_report(example_case, reports):
    assert_refused(example_case, reports / "not-a-report.txt", says="not a report")


def test_binary_and_missing_files(example_case, tmp_path):
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(b"%PDF-1.7\n...")
    assert_refused(example_case, pdf, says="a PDF document, not a report")
    assert_refused(example_case, tmp_path / "nope.csv", says="no such file")


def test_one_bad_file_among_good_ones_changes_nothing(example_case, reports):
    assert_refused(
        example_case, reports / "atoz-claims.csv", reports / "not-a-report.txt", says="not a report"
    )


def test_interrupted_import_leaves_the_case_as_it_was(example_case, reports):
    from poa.orders.importer import import_into_folder

    before = (example_case / "case.yaml").read_bytes()

    def interrupt(path: Path, done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_into_folder(example_case, [reports / "atoz-claims.csv"], progress=interrupt)
    assert (example_case / "case.yaml").read_bytes() == before


def test_existing_case_orders_keep_their_notes(example_case, tmp_path, reports):
    case = store.load_case(example_case)
    case.orders[0].note = "Buyer asked for a replacement"
    store.save_case(example_case, case)
    listing = tmp_path / "ids.txt"
    listing.write_text(case.orders[0].order_id + "\n", encoding="utf-8")
    imported(example_case, listing, extra=("--defect", "negative_feedback"))
    order = store.load_case(example_case).orders[0]
    assert order.note == "Buyer asked for a replacement"
    assert order.defects == ["claim", "negative_feedback"]


def test_case_example_reports_import(tmp_path):
    root = Path(__file__).resolve().parents[1] / "examples" / "odr-unanswered-messages"
    case_dir = tmp_path / "c"
    shutil.copytree(root, case_dir)
    files = sorted((case_dir / "reports").iterdir())
    data = imported(case_dir, *files)
    assert data["changed"] is True
    odr = next(m for m in data["metrics"] if m["name"] == "order_defect_rate")
    assert odr["value"] == 2.78  # the figure in the example's notice
    assert all(f["added"] == 0 for f in data["files"])  # every defect order was already there


def test_header_outweighs_the_file_name(empty_case, reports, tmp_path):
    renamed = tmp_path / "claims-and-feedback.csv"
    renamed.write_bytes((reports / "feedback-bom.csv").read_bytes())
    data = imported(empty_case, renamed)
    assert data["files"][0]["kind"] == "negative_feedback"


def test_title_line_names_the_kind_when_the_header_does_not(empty_case, tmp_path):
    page = tmp_path / "copied.txt"
    page.write_text(
        "A-to-z Guarantee claims\nOrder ID\tDate\tReason\n113-2048113-6601937\t2026-02-16\tLate\n",
        encoding="utf-8",
    )
    data = imported(empty_case, page)
    assert data["files"][0]["kind"] == "claims"
    assert store.load_case(empty_case).orders[0].defect == "claim"


def test_header_without_rows_is_refused(example_case, tmp_path):
    empty = tmp_path / "claims.csv"
    empty.write_text("Order ID,Claim date,Claim reason\n", encoding="utf-8")
    assert_refused(example_case, empty, says="has a header but no rows")


def test_excel_text_tricks_around_ids_are_undone(empty_case, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        'Order ID,Defect\n\'113-2048113-6601937,claim\n="112-5501846-2270459",Chargeback\n',
        encoding="utf-8",
    )
    data = imported(empty_case, sheet)
    assert data["files"][0]["added"] == 2
    assert [o.defect for o in store.load_case(empty_case).orders] == ["claim", "chargeback"]


def test_csv_cut_inside_a_quoted_comment(example_case, reports, tmp_path):
    data = (reports / "feedback-bom.csv").read_bytes()
    cut = tmp_path / "feedback.csv"
    cut.write_bytes(data[: data.index(b"Towel smaller") + 6])
    assert_refused(example_case, cut, says="truncated")


def test_gb18030_list_with_chinese_header_and_two_ids_on_a_line(empty_case, tmp_path):
    """Two IDs joined by a full-width comma are both imported, not skipped as one bad ID."""
    listing = tmp_path / "投诉订单.txt"
    listing.write_bytes(
        "订单号\n１１３－１２３４５６７－１２３４５６７，112-7654321-7654321\n114-1111111-2222222\n".encode(
            "gb18030"
        )
    )
    data = imported(empty_case, listing, extra=("--defect", "claim"))
    (summary,) = data["files"]
    assert summary["encoding"] == "gb18030"
    assert summary["skipped"] == {}
    ids = [o.order_id for o in store.load_case(empty_case).orders]
    assert ids == ["113-1234567-1234567", "112-7654321-7654321", "114-1111111-2222222"]


@pytest.mark.parametrize("header", ["订单编号", "Order ID", "Order No.", "订单号（Order ID）"])
def test_ids_split_on_commas_semicolons_and_spaces_and_bad_neighbours_reported(
    empty_case, tmp_path, header
):
    sheet = tmp_path / "ids.csv"
    sheet.write_text(
        f"{header}\n"
        "113-1234567-1234567,112-7654321-7654321\n"
        "114-1111111-2222222；115-1111111-3333333、116-1111111-4444444\n"
        "117-1111111-5555555 118-1111111-66666\n",
        encoding="utf-8",
    )
    data = imported(empty_case, sheet)
    assert data["files"][0]["skipped"] == {"malformed order ID": [4]}
    ids = {o.order_id for o in store.load_case(empty_case).orders}
    assert ids == {
        "113-1234567-1234567",
        "112-7654321-7654321",
        "114-1111111-2222222",
        "115-1111111-3333333",
        "116-1111111-4444444",
        "117-1111111-5555555",
    }


def test_plain_list_line_with_a_good_and_a_bad_id_keeps_the_good_one(empty_case, tmp_path):
    listing = tmp_path / "ids.txt"
    listing.write_text("113-1234567-1234567, 112-765432-7654321\n114-1111111-2222222\n")
    data = imported(empty_case, listing)
    assert data["files"][0]["skipped"] == {"malformed order ID": [1]}
    ids = [o.order_id for o in store.load_case(empty_case).orders]
    assert ids == ["113-1234567-1234567", "114-1111111-2222222"]


def test_one_row_is_one_row_not_one_rows(empty_case, tmp_path):
    listing = tmp_path / "one.txt"
    listing.write_text("113-1234567-1234567\n", encoding="utf-8")
    result = run("orders", "import", empty_case, listing)
    assert result.exit_code == 0, result.output
    assert "list of order IDs (utf-8), 1 row\n" in result.stdout


def test_totals_count_each_order_once_however_many_files_name_it(example_case):
    files = sorted((example_case / "reports").iterdir())
    unique = len(store.load_case(example_case).orders)
    first = run("orders", "import", example_case, *files)
    assert first.exit_code == 0, first.output
    assert f"Total: 0 added, {unique} updated, 0 already there" in first.stdout
    again = run("orders", "import", example_case, *files)
    assert f"Total: 0 added, 0 updated, {unique} already there" in again.stdout
    assert "case unchanged" in again.stdout
    listing = example_case / "dup.txt"
    listing.write_text("113-1234567-1234567\n113-1234567-1234567\n", encoding="utf-8")
    data = imported(example_case, listing)
    assert (data["files"][0]["rows"], data["files"][0]["added"]) == (2, 1)


def test_a_new_file_that_brings_nothing_new_leaves_the_case_unchanged(example_case):
    files = sorted((example_case / "reports").iterdir())
    assert run("orders", "import", example_case, *files).exit_code == 0
    before = (example_case / "case.yaml").read_bytes()
    claims = next(f for f in files if "claims" in f.name.lower())
    copy = example_case / "claims-copy.csv"
    copy.write_text(claims.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # other bytes
    result = run("orders", "import", example_case, copy)
    assert result.exit_code == 0, result.output
    assert "case unchanged" in result.stdout and "case saved" not in result.stdout
    assert (example_case / "case.yaml").read_bytes() == before


def test_every_message_names_the_same_report_extensions(example_case, tmp_path):
    from poa.orders.detect import expected_extensions

    assert expected_extensions() == ".txt, .csv, .tsv or .xlsx"
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(b"%PDF-1.7\n...")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"abc\x00def")
    for path in (pdf, binary):
        result = run("orders", "import", example_case, path)
        assert result.exit_code == 2
        assert "(expected .txt, .csv, .tsv or .xlsx)" in result.stderr
