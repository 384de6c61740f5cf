"""The selling side of the window through real widgets on a real till database: split tender,
mobile pay offline, store rounding, suspend / resume, voids and discounts with a manager's
approval, the product finder, member levels. Messages are compared with what the domain's error
says in the window's language, so they stay right when translations are added."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from pos_app import bootstrap
from pos_app.adapters.mobile_pay import SimulatedMobilePay
from pos_app.domain.errors import EmptySale, InvalidAmount, LoginFailed
from pos_app.domain.roles import ApproverIsRequester
from pos_app.domain.sale import DiscountTooLarge
from pos_app.domain.tender import (
    InvalidPaymentCode,
    MissingCardReference,
    NonCashOverDue,
    TenderKind,
    ZeroTender,
)
from pos_app.qt import QApplication, QCoreApplication, QFont, QImage, QLineEdit, Qt
from pos_app.ui.app import build_main_window
from pos_app.ui.demo_driver import screenshot
from pos_app.ui.discount_dialog import InvalidPercent, parse_percent, percent_of
from pos_app.ui.errors import describe
from pos_app.ui.lines_model import COL_AMOUNT, COL_DISCOUNT, COL_PRICE
from tests.gui.helpers import (
    CASHIER,
    COLA,
    MANAGER,
    NOODLES,
    WATER,
    WECHAT_CODE,
    approve,
    dialog_gone,
    lines,
    logged_in,
    open_dialog,
    press,
    query,
    scan,
    shown_dialog,
    type_into,
)
from tests.till_fixtures import (
    DRINKS_PROMOTION,
    GOLD_LEVEL,
    MEMBER_PROMOTION,
    SILVER_LEVEL,
    apply_changes,
    level_change,
    promotion_change,
    store_change,
)

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
PRINT_MS = 15_000


def db_of(till_app):
    return till_app.data_dir / "till.sqlite"


def tenders(till_app) -> list[tuple]:
    return query(db_of(till_app), "SELECT kind, amount_fen, tendered_fen, change_fen, reference, "
                 "provider, status FROM sale_tender ORDER BY tender_no")


def audit_events(till_app) -> list[dict]:
    rows = query(db_of(till_app), "SELECT payload FROM outbox WHERE type = 'audit.override' "
                 "ORDER BY seq")
    return [json.loads(payload) for (payload,) in rows]


def cell(win, row: int, column: int) -> str:
    model = win.sale_page.model
    return model.data(model.index(row, column))


def assert_saved_png(path) -> None:
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= 1024, path
    assert path.stat().st_size > 10_000


# -- paying -----------------------------------------------------------------------------------

def test_split_tender_card_then_cash_and_a_card_needs_its_reference(qtbot, window, till_app,
                                                                    tmp_path):
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, NOODLES)
    scan(qtbot, win, COLA)  # ¥7.50
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F12)
    assert dialog.kind is TenderKind.CASH and dialog.tendered_edit.text() == "7.50"
    assert not dialog.reference_edit.isVisible()

    qtbot.keyClick(dialog.tendered_edit, Qt.Key.Key_F3)  # bank card
    assert dialog.kind is TenderKind.CARD and dialog.reference_edit.isVisible()
    type_into(qtbot, dialog.tendered_edit, "5")  # Enter: the slip's reference no. comes next
    assert dialog.reference_edit.hasFocus() and dialog.error_label.text() == ""
    qtbot.keyClick(dialog.reference_edit, Qt.Key.Key_Return)  # no reference: refused
    assert dialog.error_label.text() == describe(MissingCardReference())
    type_into(qtbot, dialog.reference_edit, "12 34")  # not a reference either
    assert dialog.error_label.text() == describe(MissingCardReference())
    assert dialog.offers == [] and dialog.paid_label.text() == "¥0.00"
    assert query(db_of(till_app), "SELECT count(*) FROM sale") == [(0,)]

    type_into(qtbot, dialog.reference_edit, "REF123456")
    assert [(o.kind, o.amount_fen, o.reference) for o in dialog.offers] == [
        (TenderKind.CARD, 500, "REF123456")]
    assert dialog.payments_list.count() == 1
    assert dialog.kind is TenderKind.CASH and dialog.tendered_edit.text() == "2.50"
    assert (dialog.due_label.text(), dialog.paid_label.text(),
            dialog.remaining_label.text()) == ("¥7.50", "¥5.00", "¥2.50")
    dialog.tendered_edit.clear()
    qtbot.keyClicks(dialog.tendered_edit, "10")
    assert dialog.change_label.text() == "¥7.50"
    assert_saved_png(screenshot(win, tmp_path / "tender-dialog.png"))

    with qtbot.waitSignal(page.printing_finished, timeout=PRINT_MS):
        qtbot.keyClick(dialog.tendered_edit, Qt.Key.Key_Return)
    dialog_gone(qtbot, win)
    assert page.last_sale is not None and page.last_sale.change_fen == 750
    assert page.change_label.text() == "找零 ¥7.50"
    assert tenders(till_app) == [("card", 500, 500, 0, "REF123456", None, "confirmed"),
                                 ("cash", 250, 1000, 750, None, None, "confirmed")]
    assert page.sale.is_empty()


def test_split_tender_cash_part_then_mobile_pay(qtbot, window, till, till_app):
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, COLA)
    scan(qtbot, win, NOODLES)  # ¥7.50
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F12)
    dialog.tendered_edit.clear()
    qtbot.keyClicks(dialog.tendered_edit, "2")
    qtbot.keyClick(dialog.tendered_edit, Qt.Key.Key_Plus)  # a part payment in cash
    assert [(o.kind, o.amount_fen) for o in dialog.offers] == [(TenderKind.CASH, 200)]
    assert dialog.remaining_label.text() == "¥5.50"

    qtbot.keyClick(dialog.tendered_edit, Qt.Key.Key_F4)  # mobile pay: the code field is next
    assert dialog.kind is TenderKind.MOBILE and dialog.tendered_edit.text() == "5.50"
    assert dialog.reference_edit.hasFocus()
    type_into(qtbot, dialog.reference_edit, "12345")
    assert dialog.error_label.text() == describe(InvalidPaymentCode(code="12345"))
    assert len(dialog.offers) == 1 and page.last_sale is None

    with qtbot.waitSignal(page.printing_finished, timeout=PRINT_MS):
        type_into(qtbot, dialog.reference_edit, WECHAT_CODE)  # the scanner ends with Enter
    dialog_gone(qtbot, win)
    done = page.last_sale
    assert done is not None and not done.pending_confirmation
    (cash, mobile) = tenders(till_app)
    assert cash == ("cash", 200, 200, 0, None, None, "confirmed")
    assert mobile[:3] == ("mobile", 550, 550) and mobile[5:] == ("wechat", "confirmed")
    assert mobile[4].startswith("WX") and till.mobile.charges == {mobile[4]: 550}
    assert not page.pending_label.isVisible()


def test_mobile_pay_taken_offline_is_pending_confirmation(qtbot, window, till, till_app):
    till.mobile = SimulatedMobilePay(reachable=lambda: False)
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, COLA)
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F12)
    qtbot.keyClick(dialog.tendered_edit, Qt.Key.Key_F4)
    with qtbot.waitSignal(page.printing_finished, timeout=PRINT_MS):
        type_into(qtbot, dialog.reference_edit, WECHAT_CODE)
    dialog_gone(qtbot, win)
    assert page.last_sale is not None and page.last_sale.pending_confirmation
    assert page.pending_label.isVisible() and "3.00" in page.pending_label.text()
    assert tenders(till_app) == [("mobile", 300, 300, 0, WECHAT_CODE, "wechat", "pending")]


def test_store_rounding_is_its_own_line_when_all_cash(qtbot, window, till_app):
    apply_changes(till_app, store_change(cash_rounding="yuan"))
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, NOODLES)  # ¥4.50
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F12)
    assert dialog.rounding_label.isVisible() and dialog.rounding_label.text() == "−¥0.50"
    assert (dialog.total_label.text(), dialog.due_label.text()) == ("¥4.50", "¥4.00")
    assert dialog.tendered_edit.text() == "4.00"
    qtbot.keyClick(dialog.tendered_edit, Qt.Key.Key_F3)  # not all cash: no rounding
    assert not dialog.rounding_label.isVisible() and dialog.due_label.text() == "¥4.50"
    qtbot.keyClick(dialog.tendered_edit, Qt.Key.Key_F2)
    assert dialog.rounding_label.isVisible() and dialog.tendered_edit.text() == "4.00"
    with qtbot.waitSignal(page.printing_finished, timeout=PRINT_MS):
        qtbot.keyClick(dialog.tendered_edit, Qt.Key.Key_Return)  # F12, Enter: exact cash
    done = page.last_sale
    assert done is not None and (done.total_fen, done.rounding_fen) == (400, 50)
    assert "−¥0.50" in page.tender_note.text()
    assert query(db_of(till_app), "SELECT total_fen, rounding_fen FROM sale") == [(400, 50)]


def test_bad_payment_entries_are_refused_and_change_nothing(qtbot, window, till_app):
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, COLA)  # ¥3.00
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F12)
    type_into(qtbot, dialog.tendered_edit, "abc")
    assert dialog.error_label.text() == describe(InvalidAmount(text="abc"))
    type_into(qtbot, dialog.tendered_edit, "0")
    assert dialog.error_label.text() == describe(ZeroTender())
    qtbot.keyClick(dialog.tendered_edit, Qt.Key.Key_F3)
    qtbot.keyClicks(dialog.reference_edit, "R1")
    type_into(qtbot, dialog.tendered_edit, "5")  # more than is due: only cash gives change
    assert dialog.error_label.text() == describe(NonCashOverDue(paid="5.00", due="3.00"))
    qtbot.keyClick(dialog.tendered_edit, Qt.Key.Key_F4)
    type_into(qtbot, dialog.reference_edit, "999")
    assert dialog.error_label.text() == describe(InvalidPaymentCode(code="999"))
    assert dialog.offers == [] and dialog.isVisible()
    qtbot.keyClick(dialog.reference_edit, Qt.Key.Key_Escape)
    dialog_gone(qtbot, win)
    assert lines(win) == [("可口可乐 330ml", 1)] and page.last_sale is None
    assert query(db_of(till_app), "SELECT count(*) FROM sale") == [(0,)]
    assert query(db_of(till_app), "SELECT count(*) FROM outbox") == [(0,)]


# -- suspend and resume -----------------------------------------------------------------------

def test_suspend_two_sales_and_take_back_the_first(qtbot, window, till_app):
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, COLA)
    press(qtbot, win, Qt.Key.Key_F7)
    assert page.sale.is_empty() and page.total_label.text() == "¥0.00"
    scan(qtbot, win, f"{WATER}*2")
    press(qtbot, win, Qt.Key.Key_F7)
    assert page.sale.is_empty()
    press(qtbot, win, Qt.Key.Key_F7)  # nothing to suspend
    assert page.message_text() == describe(EmptySale()) and page.dialog is None
    assert query(db_of(till_app), "SELECT staff_no, item_count, total_fen FROM suspended_sale "
                 "ORDER BY created_at") == [("1001", 1, 300), ("1001", 2, 400)]

    dialog = open_dialog(qtbot, win, Qt.Key.Key_F7, SHIFT)
    table = dialog.table
    assert table.rowCount() == 2
    assert [table.item(0, c).text() for c in (1, 2, 3)] == ["1001", "1", "¥3.00"]
    assert [table.item(1, c).text() for c in (1, 2, 3)] == ["1001", "2", "¥4.00"]
    assert table.item(0, 0).text().count(":") == 1  # store time, e.g. 11-23 19:04
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog_gone(qtbot, win)
    assert lines(win) == [("可口可乐 330ml", 1)] and page.total_label.text() == "¥3.00"
    assert query(db_of(till_app), "SELECT total_fen FROM suspended_sale") == [(400,)]

    press(qtbot, win, Qt.Key.Key_F7, SHIFT)  # a sale is open: finish or suspend it first
    assert page.dialog is None and page.message_text()
    assert lines(win) == [("可口可乐 330ml", 1)]


def test_a_suspended_sale_survives_reopening_the_till(qtbot, window, till_app):
    win = logged_in(qtbot, window)
    scan(qtbot, win, COLA)
    scan(qtbot, win, NOODLES)
    press(qtbot, win, Qt.Key.Key_F7)
    window.close()
    reopened = bootstrap.open_till(till_app.data_dir)
    try:
        again = build_main_window(reopened.till, "zh_CN")
        qtbot.addWidget(again)
        again.show()
        qtbot.waitExposed(again)
        again.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is again)  # F-keys need it
        logged_in(qtbot, again)
        dialog = open_dialog(qtbot, again, Qt.Key.Key_F7, SHIFT)
        assert dialog.table.rowCount() == 1
        assert dialog.table.item(0, 3).text() == "¥7.50"
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        dialog_gone(qtbot, again)
        assert lines(again) == [("可口可乐 330ml", 1), ("康师傅红烧牛肉面", 1)]
        assert again.sale_page.total_label.text() == "¥7.50"
        again.close()
    finally:
        reopened.close()
    assert query(db_of(till_app), "SELECT count(*) FROM suspended_sale") == [(0,)]


# -- approvals --------------------------------------------------------------------------------

def test_void_line_needs_a_managers_approval(qtbot, window, till_app):
    apply_changes(till_app, store_change(role_limits={"cashier": {"void_line": False}}))
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, COLA)
    scan(qtbot, win, WATER)
    press(qtbot, win, Qt.Key.Key_Up)  # 可口可乐
    press(qtbot, win, Qt.Key.Key_Delete)
    dialog = shown_dialog(qtbot, win)
    assert dialog.objectName() == "approval_dialog"
    assert dialog.action_label.text() == QCoreApplication.translate("errors", "Void line")
    assert "可口可乐" in dialog.subject_label.text() and "3.00" in dialog.amount_label.text()
    assert dialog.pin_edit.echoMode() == QLineEdit.EchoMode.Password

    approve(qtbot, win, *CASHIER)  # not someone else
    assert dialog.error_label.text() == describe(ApproverIsRequester())
    approve(qtbot, win, MANAGER[0], "0000")  # wrong PIN
    assert dialog.isVisible() and dialog.error_label.text() == describe(LoginFailed())
    assert dialog.error_label.text() == "工号或密码错误。"
    assert dialog.pin_edit.text() == "" and dialog.pin_edit.hasFocus()
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Escape)  # cancel: nothing changes
    dialog_gone(qtbot, win)
    assert lines(win) == [("可口可乐 330ml", 1), ("农夫山泉 550ml", 1)]
    assert page.selected_row() == 0 and audit_events(till_app) == []

    press(qtbot, win, Qt.Key.Key_Delete)
    approve(qtbot, win)
    dialog_gone(qtbot, win)
    assert lines(win) == [("农夫山泉 550ml", 1)] and page.total_label.text() == "¥2.00"
    (event,) = audit_events(till_app)
    assert (event["action"], event["requested_by"], event["approved_by"],
            event["amount_fen"]) == ("void_line", "1001", "9001", 300)
    with qtbot.waitSignal(page.printing_finished, timeout=PRINT_MS):
        press(qtbot, win, Qt.Key.Key_F12)
        qtbot.keyClick(shown_dialog(qtbot, win).tendered_edit, Qt.Key.Key_Return)
    assert query(db_of(till_app), "SELECT kind, staff_no, approved_by, amount_fen FROM void") \
        == [("line", "1001", "9001", 300)]


def test_line_discount_over_the_cashier_limit_needs_approval(qtbot, window, till_app):
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, f"{COLA}*2")  # ¥6.00
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F5)
    assert dialog.objectName() == "line_discount_dialog" and "6.00" in dialog.base_label.text()
    type_into(qtbot, dialog.value_edit, "10%")  # within the cashier's 10 %
    dialog_gone(qtbot, win)
    assert page.total_label.text() == "¥5.40" and audit_events(till_app) == []
    assert cell(win, 0, COL_DISCOUNT).endswith("−¥0.60")
    assert cell(win, 0, COL_AMOUNT) == "5.40"

    dialog = open_dialog(qtbot, win, Qt.Key.Key_F5)
    assert dialog.value_edit.text() == "0.60"
    type_into(qtbot, dialog.value_edit, "abc")
    assert dialog.error_label.text() == describe(InvalidAmount(text="abc"))
    type_into(qtbot, dialog.value_edit, "7")
    assert dialog.error_label.text() == describe(DiscountTooLarge(discount="7.00",
                                                                  amount="6.00"))
    type_into(qtbot, dialog.value_edit, "2")  # 33 %: over the limit
    approval = shown_dialog(qtbot, win)
    assert approval.objectName() == "approval_dialog" and "2.00" in approval.amount_label.text()
    assert page.total_label.text() == "¥5.40"  # nothing yet
    approve(qtbot, win)
    dialog_gone(qtbot, win)
    assert page.total_label.text() == "¥4.00"
    assert cell(win, 0, COL_DISCOUNT).endswith("−¥2.00")
    assert page.discount_label.text() == "−¥2.00" and page.original_label.text() == "¥6.00"
    (event,) = audit_events(till_app)
    assert (event["action"], event["approved_by"], event["amount_fen"]) == (
        "discount", "9001", 200)


def test_sale_discount_and_price_override(qtbot, window, till_app):
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, NOODLES)
    scan(qtbot, win, COLA)  # ¥7.50
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F5, SHIFT)
    assert dialog.objectName() == "sale_discount_dialog"
    type_into(qtbot, dialog.value_edit, "0.50")  # 6.7 %: the cashier may
    dialog_gone(qtbot, win)
    assert page.total_label.text() == "¥7.00" and page.discount_label.text() == "−¥0.50"
    assert cell(win, 0, COL_AMOUNT) == "4.50"  # a sale discount shows in the totals

    press(qtbot, win, Qt.Key.Key_Up)  # 康师傅
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F6)
    assert dialog.objectName() == "price_dialog" and dialog.value_edit.text() == "4.50"
    type_into(qtbot, dialog.value_edit, "4")  # cashiers may not change prices
    approval = shown_dialog(qtbot, win)
    assert approval.action_label.text() == QCoreApplication.translate("errors",
                                                                      "Price override")
    assert "4.50" in approval.subject_label.text() and "4.00" in approval.amount_label.text()
    approve(qtbot, win)
    dialog_gone(qtbot, win)
    assert page.sale.lines[0].price_override_fen == 400
    assert cell(win, 0, COL_PRICE) == "4.00" and "4.50" in cell(win, 0, COL_DISCOUNT)
    model = page.model
    font = model.data(model.index(0, COL_PRICE), Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert page.total_label.text() == "¥6.50"
    assert [e["action"] for e in audit_events(till_app)] == ["price_override"]


def test_void_the_whole_sale_after_confirmation_and_approval(qtbot, window, till_app):
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, COLA)
    scan(qtbot, win, WATER)
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F8)
    assert dialog.objectName() == "void_sale_dialog" and "5.00" in dialog.text_label.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # keep the sale
    dialog_gone(qtbot, win)
    assert len(page.sale.lines) == 2

    dialog = open_dialog(qtbot, win, Qt.Key.Key_Delete, CTRL)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    approve(qtbot, win)  # a cashier may not void a sale
    dialog_gone(qtbot, win)
    assert page.sale.is_empty() and page.total_label.text() == "¥0.00"
    db = db_of(till_app)
    assert query(db, "SELECT kind, approved_by, lines, amount_fen FROM void") == [
        ("sale", "9001", 2, 500)]
    assert query(db, "SELECT type FROM outbox ORDER BY seq") == [("audit.override",),
                                                                 ("sale.voided",)]


# -- finder, member level, screenshots --------------------------------------------------------

def test_product_finder_adds_a_product(qtbot, window):
    win = logged_in(qtbot, window)
    page = win.sale_page
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F2)
    qtbot.keyClicks(dialog.search_edit, "zzzz")
    assert dialog.results == [] and dialog.list.count() == 0
    dialog.search_edit.clear()
    qtbot.keyClicks(dialog.search_edit, "kkkl")  # pinyin initials of 可口可乐
    assert [p.name for p in dialog.results][:1] == ["可口可乐 330ml"]
    dialog.search_edit.clear()
    qtbot.keyClicks(dialog.search_edit, "50m")  # in two names
    assert [p.name for p in dialog.results] == ["农夫山泉 550ml", "蒙牛纯牛奶 250ml"]
    assert dialog.list.currentRow() == 0
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Down):
        qtbot.keyClick(dialog.search_edit, key)  # the arrows move in the list
    assert dialog.list.currentRow() == 1
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    dialog_gone(qtbot, win)
    assert lines(win) == [("蒙牛纯牛奶 250ml", 1)]
    assert page.total_label.text() == "¥3.50"


def test_member_level_reprices_the_sale(qtbot, window, till_app):
    apply_changes(till_app, level_change(GOLD_LEVEL), level_change(SILVER_LEVEL),
                  promotion_change(MEMBER_PROMOTION))
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, f"{COLA}*2")  # ¥6.00
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F3)
    assert dialog.list.count() == 3 and dialog.list.currentRow() == 0  # walk-in, 金卡, 银卡
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    dialog_gone(qtbot, win)
    assert page.sale.member_level == "GOLD" and page.member_label.text() == "金卡"
    assert page.total_label.text() == "¥5.28"  # 金卡 pays 88 %
    assert cell(win, 0, COL_DISCOUNT) == "会员折扣 −¥0.72"
    assert "会员折扣 −¥0.72" in page.discount_detail_label.text()

    dialog = open_dialog(qtbot, win, Qt.Key.Key_F3)
    assert dialog.list.currentRow() == 1
    qtbot.keyClick(dialog.list, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    dialog_gone(qtbot, win)
    assert page.sale.member_level is None and page.total_label.text() == "¥6.00"


def test_screenshot_of_a_sale_with_discounts(qtbot, window, till_app, tmp_path):
    apply_changes(till_app, promotion_change(DRINKS_PROMOTION), level_change(GOLD_LEVEL),
                  promotion_change(MEMBER_PROMOTION))
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, f"{COLA}*4")  # 饮料9折
    scan(qtbot, win, NOODLES)
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F5)
    type_into(qtbot, dialog.value_edit, "0.40")
    dialog_gone(qtbot, win)
    scan(qtbot, win, f"{WATER}*2")
    assert cell(win, 0, COL_DISCOUNT) == "饮料9折 −¥1.20"
    assert page.original_label.text() == "¥20.50"
    assert "饮料9折 −¥1.20" in page.discount_detail_label.text()
    assert page.total_label.text() == "¥18.90"
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F3)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)  # 金卡
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    dialog_gone(qtbot, win)
    assert page.member_label.text() == "金卡"
    assert "会员折扣" in page.discount_detail_label.text()
    assert "会员折扣" in cell(win, 2, COL_DISCOUNT)  # 农夫山泉: the member rate only
    assert page.sale.total_fen < 1890
    assert page.table.rowHeight(1) > page.table.rowHeight(0)  # two discounts, two text lines
    path = screenshot(win, tmp_path / "sale-with-discounts.png")
    assert_saved_png(path)
    assert page.scan_edit.hasFocus()


def test_percentages_come_down_to_the_fen_and_bad_ones_are_refused():
    assert parse_percent("12.5%") == Decimal("12.5") and parse_percent(" 10 ") == 10
    assert percent_of(450, Decimal(15)) == 67  # 0.675: never more than 15 %
    assert percent_of(600, parse_percent("10%")) == 60
    for bad in ("abc", "101", "-5", "1.234", ""):
        with pytest.raises(InvalidPercent):
            parse_percent(bad)


def test_f11_opens_returns_and_f1_the_manager_menu_but_not_over_an_open_sale(qtbot, window):
    win = logged_in(qtbot, window)
    dialog = open_dialog(qtbot, win, Qt.Key.Key_F11)
    assert type(dialog).__name__ == "ReturnDialog"
    dialog.reject()
    dialog_gone(qtbot, win)
    menu = open_dialog(qtbot, win, Qt.Key.Key_F1)
    assert type(menu).__name__ == "ManagerMenu"
    menu.reject()
    dialog_gone(qtbot, win)

    scan(qtbot, win, COLA)
    press(qtbot, win, Qt.Key.Key_F11)
    press(qtbot, win, Qt.Key.Key_F1)
    assert win.sale_page.dialog is None
    assert win.sale_page.message_text() == win.sale_page.tr(
        "Finish or suspend the open sale first.")
    assert lines(win) == [("可口可乐 330ml", 1)]
