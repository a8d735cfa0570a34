"""Orders in case.yaml: several defects per order, old files still load."""

from __future__ import annotations

from poa.case import store
from poa.case.model import Order


def test_old_case_files_load_with_defects_filled_in(example_case):
    case = store.load_case(example_case)
    assert all(o.defects == [o.defect] for o in case.orders)
    assert case.order_totals.days == []


def test_several_defects_name_the_weightiest_as_defect():
    order = Order(order_id="113-4827301-5520947", defects=["negative_feedback", "claim"])
    assert order.defect == "claim"
    assert order.defects == ["claim", "negative_feedback"]


def test_hand_written_defect_joins_the_list():
    order = Order(order_id="113-4827301-5520947", defect="late", defects=["negative_feedback"])
    assert order.defects == ["negative_feedback", "late"]
    assert order.defect == "negative_feedback"
