"""The manager / return side of the window through real widgets on a real seeded till: returns
(with a receipt, too many units, another till's receipt while head office is unreachable), the
shift (open, paid-out with approval, blind close), the X report, the day close (Z) by a manager
and by a cashier with approval, and the manager menu. Sales are rung through Till.complete_sale
first. Messages are compared with what the services' errors say in the window's language."""

from __future__ import annotations

import json

import pytest

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.money import format_yuan
from pos_app.domain.tender import MissingCardReference, TenderKind, TenderOffer
from pos_app.qt import QApplication, QCoreApplication, QImage, QLabel, Qt
from pos_app.services.refunds import ReturnQuantityTooLarge, SaleNotReachable
from pos_app.ui.app import application
from pos_app.ui.background import Worker
from pos_app.ui.document_view import DocumentDialog, document_text
from pos_app.ui.errors import describe
from pos_app.ui.figures import tender_label, yuan
from pos_app.ui.manager_menu import ManagerMenu
from pos_app.ui.print_line import PrintLine
from pos_app.ui.return_dialog import (
    COL_LEFT,
    COL_QTY,
    COL_REFUND,
    COL_RETURNED,
    COL_SOLD,
    ReturnDialog,
)
from pos_app.ui.shift_dialogs import CashMoveDialog, CloseShiftDialog, DayCloseDialog
from pos_app.ui.translation import Translations
from tests.gui.helpers import CASHIER, COLA, MANAGER, NOODLES, WATER, query, type_into

PRINT_MS = 15_000


@pytest.fixture
def worker(qtbot):
    """The window's worker, with the window's look and Chinese translations installed."""
    application()
    translations = Translations()
    translations.switch("zh_CN")
    worker = Worker()
    yield worker
    worker.wait()
    qtbot.wait(20)  # deliver what the worker finished
    translations.remove()


def db_of(till_app):
    return till_app.data_dir / "till.sqlite"


def events(till_app, kind: str) -> list[dict]:
    rows = query(db_of(till_app), "SELECT payload FROM outbox WHERE type = ? ORDER BY seq", kind)
    return [json.loads(payload) for (payload,) in rows]


def ring(till, staff, codes, offers=None):
    sale = till.new_sale()
    for code in codes:
        till.scan(sale, code)
    return till.complete_sale(staff, sale, offers or [TenderOffer(TenderKind.CASH,
                                                                  sale.total_fen)])


def shown(qtbot, widget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()


def opened(qtbot, menu: ManagerMenu, key):
    """Press a number key in the menu; returns the dialog it opened."""
    qtbot.keyClick(menu, key)
    dialog = menu.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def approve(qtbot, owner, staff_no: str = MANAGER[0], pin: str = MANAGER[1]):
    qtbot.waitUntil(lambda: owner.approval is not None and owner.approval.isVisible())
    approval = owner.approval
    assert approval.objectName() == "approval_dialog"
    type_into(qtbot, approval.staff_edit, staff_no)
    type_into(qtbot, approval.pin_edit, pin)
    return approval


def labels_text(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def save_png(widget, path) -> None:
    assert widget.grab().save(str(path), "PNG"), path
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= 600, path


def cell(table, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


# -- returns ----------------------------------------------------------------------------------

def test_return_two_of_three_units_with_a_managers_approval(qtbot, worker, till, till_app,
                                                            tmp_path):
    cashier = till.login(*CASHIER)
    sold = ring(till, cashier, [f"{COLA}*3", WATER])  # cola 3 × ¥3.00, water ¥2.00
    menu = ManagerMenu(till, cashier, worker)
    shown(qtbot, menu)
    dialog = opened(qtbot, menu, Qt.Key.Key_9)
    assert isinstance(dialog, ReturnDialog)
    qtbot.waitUntil(lambda: dialog.sales_list.count() == 1)  # today's sales
    assert dialog.sales_list.item(0).text().startswith(sold.receipt_no)

    type_into(qtbot, dialog.receipt_edit, sold.receipt_no)  # as the scanner types it
    qtbot.waitUntil(lambda: dialog.original is not None)
    table = dialog.lines_table
    assert table.rowCount() == 2 and table.currentRow() == 0
    assert [cell(table, 0, c) for c in (COL_SOLD, COL_RETURNED, COL_LEFT)] == ["3", "0", "3"]
    qtbot.keyClick(table, Qt.Key.Key_2)  # two of the three colas
    assert (cell(table, 0, COL_QTY), cell(table, 0, COL_REFUND)) == ("2", "¥6.00")
    assert cell(table, 1, COL_QTY) == "0" and dialog.total_label.text() == "¥6.00"
    assert dialog.error_text() == ""
    save_png(dialog, tmp_path / "return-dialog.png")

    qtbot.keyClick(table, Qt.Key.Key_Return)  # refund: a cashier needs a manager
    assert events(till_app, "refund.completed") == []
    approval = approve(qtbot, dialog)
    assert approval.amount_fen == 600
    qtbot.waitUntil(lambda: dialog.completed is not None)
    done = dialog.completed
    assert dialog.refund_no_label.text() == done.refund_no != sold.receipt_no
    assert (done.total_fen, done.approved_by, done.original_receipt_no) == (
        600, MANAGER[0], sold.receipt_no)
    assert dialog.done_total_label.text() == "¥6.00"
    assert dialog.tenders_label.text() == f"{tender_label('cash')} ¥6.00"
    assert dialog.cash_label.isVisible() and "¥6.00" in dialog.cash_label.text()
    [payload] = events(till_app, "refund.completed")
    assert payload["refund_no"] == done.refund_no and payload["approved_by"] == MANAGER[0]
    assert [(x["original_line_no"], x["qty"], x["amount_fen"]) for x in payload["lines"]] == [
        (1, 2, 600)]
    qtbot.waitUntil(lambda: dialog.print_line.state == PrintLine.PRINTED, timeout=PRINT_MS)
    slip = till_app.data_dir / "receipts" / f"{done.print_job_id}.txt"
    assert done.refund_no in slip.read_text(encoding="utf-8")
    save_png(dialog, tmp_path / "return-done.png")

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # done: Esc closes, back to the menu
    qtbot.waitUntil(lambda: menu.dialog is None)
    assert done.refund_no in menu.message_text()
    assert till.find_sale(sold.receipt_no).lines[0].left == 1


def test_returning_more_than_is_left_is_refused_and_writes_nothing(qtbot, worker, till,
                                                                   till_app):
    manager = till.login(*MANAGER)
    sold = ring(till, manager, [f"{COLA}*3"])
    till.refund_sale(manager, till.find_sale(sold.receipt_no), [(1, 2)])  # 1 left
    before = query(db_of(till_app), "SELECT count(*), max(seq) FROM outbox")
    dialog = ReturnDialog(till, manager, worker)
    shown(qtbot, dialog)
    type_into(qtbot, dialog.receipt_edit, sold.receipt_no)
    qtbot.waitUntil(lambda: dialog.original is not None)
    table = dialog.lines_table
    assert [cell(table, 0, c) for c in (COL_SOLD, COL_RETURNED, COL_LEFT)] == ["3", "2", "1"]

    qtbot.keyClick(table, Qt.Key.Key_3)
    expected = describe(ReturnQuantityTooLarge(line_no=1, name="可口可乐 330ml", qty=3, left=1,
                                               sold=3))
    assert dialog.error_text() == expected  # said at once
    assert cell(table, 0, COL_REFUND) == "—" and dialog.total_label.text() == "—"
    qtbot.keyClick(table, Qt.Key.Key_Return)  # the refund itself refuses it too
    assert dialog.error_text() == expected and dialog.completed is None
    assert dialog.approval is None  # refused before any approval is asked for
    assert query(db_of(till_app), "SELECT count(*), max(seq) FROM outbox") == before
    assert query(db_of(till_app), "SELECT count(*) FROM refund") == [(1,)]

    qtbot.keyClick(table, Qt.Key.Key_Backspace)  # the quantity can be corrected
    assert cell(table, 0, COL_QTY) == "0" and dialog.error_text() == ""
    qtbot.keyClick(table, Qt.Key.Key_Space)  # all that is left of the line
    assert cell(table, 0, COL_QTY) == "1" and dialog.total_label.text() == "¥3.00"


def test_another_tills_receipt_offline_offers_the_return_without_receipt(qtbot, worker, till,
                                                                          till_app):
    manager = till.login(*MANAGER)
    dialog = ReturnDialog(till, manager, worker)
    shown(qtbot, dialog)
    receipt_no = "S001-T02-20260101-0001"  # another till's: only head office knows it
    with pytest.raises(SaleNotReachable) as refused:
        till.find_sale(receipt_no)
    with qtbot.waitSignal(dialog.lookup_finished, timeout=10_000) as lookup:
        type_into(qtbot, dialog.receipt_edit, receipt_no)
    assert lookup.args == [False]
    assert dialog.error_text() == describe(refused.value)
    assert dialog.offer_frame.isVisible() and dialog.original is None

    qtbot.mouseClick(dialog.offer_button, Qt.MouseButton.LeftButton)
    assert dialog.mode == 1 and dialog.items_table.isVisible()
    type_into(qtbot, dialog.item_edit, "4006381333931")  # not in the catalog
    assert dialog.error_text() != "" and dialog.items == []
    type_into(qtbot, dialog.item_edit, f"{NOODLES}*2")
    type_into(qtbot, dialog.item_edit, COLA)
    assert [(i.name, i.qty, i.amount_fen) for i in dialog.items] == [
        ("康师傅红烧牛肉面", 2, 900), ("可口可乐 330ml", 1, 300)]
    assert dialog.error_text() == "" and dialog.total_label.text() == "¥12.00"
    qtbot.keyClick(dialog.item_edit, Qt.Key.Key_Return)  # Enter on the empty field: refund
    qtbot.waitUntil(lambda: dialog.completed is not None)
    done = dialog.completed
    assert done.original_receipt_no is None and done.total_fen == 1200
    assert [(t["kind"], t["amount_fen"]) for t in done.tenders] == [("cash", 1200)]
    [payload] = events(till_app, "refund.completed")
    assert payload["original_receipt_no"] is None and payload["total_fen"] == 1200
    qtbot.waitUntil(lambda: not dialog.print_line.busy, timeout=PRINT_MS)


def test_a_card_sale_is_refunded_to_the_card_with_the_terminals_reference(qtbot, worker, till,
                                                                          till_app):
    manager = till.login(*MANAGER)
    sold = ring(till, manager, [f"{COLA}*2"], [TenderOffer(TenderKind.CARD, 600,
                                                           reference="RF1")])
    dialog = ReturnDialog(till, manager, worker)
    shown(qtbot, dialog)
    type_into(qtbot, dialog.receipt_edit, sold.receipt_no)
    qtbot.waitUntil(lambda: dialog.original is not None)
    assert dialog.card_edit.isVisible() and dialog.to_cash_button.isVisible()
    qtbot.keyClick(dialog.lines_table, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.lines_table, Qt.Key.Key_F12)  # no reference from the terminal yet
    assert dialog.error_text() == describe(MissingCardReference())
    assert dialog.card_edit.hasFocus() and dialog.completed is None
    assert events(till_app, "refund.completed") == []
    dialog.to_cash_button.click()  # in cash instead: no reference needed
    assert not dialog.card_edit.isVisible()
    dialog.to_cash_button.click()  # back to the card
    type_into(qtbot, dialog.card_edit, "RF9")  # Enter there refunds
    qtbot.waitUntil(lambda: dialog.completed is not None)
    assert [(t["kind"], t["amount_fen"], t["reference"]) for t in dialog.completed.tenders] == [
        ("card", 300, "RF9")]
    assert not dialog.cash_label.isVisible() and "RF9" in dialog.tenders_label.text()
    qtbot.waitUntil(lambda: not dialog.print_line.busy, timeout=PRINT_MS)


# -- shift ------------------------------------------------------------------------------------

def test_shift_open_paid_out_with_approval_and_blind_close_shows_the_variance(
        qtbot, worker, till, till_app, tmp_path):
    cashier = till.login(*CASHIER)
    menu = ManagerMenu(till, cashier, worker)
    shown(qtbot, menu)
    dialog = opened(qtbot, menu, Qt.Key.Key_1)  # open shift with a ¥200 float
    type_into(qtbot, dialog.value_edit, "200")
    qtbot.waitUntil(lambda: menu.dialog is None)
    shift = till.current_shift()
    assert shift is not None and shift.float_fen == 20_000
    assert CASHIER[0] in menu.shift_label.text()
    ring(till, cashier, [COLA], [TenderOffer(TenderKind.CASH, 500)])  # ¥3.00 in, ¥2 change

    dialog = opened(qtbot, menu, Qt.Key.Key_3)  # paid out ¥50: a cashier needs approval
    assert isinstance(dialog, CashMoveDialog)
    type_into(qtbot, dialog.amount_edit, "50")
    assert dialog.reason_edit.hasFocus() or dialog.error_label.text() == ""
    type_into(qtbot, dialog.reason_edit, "")  # no reason: refused, nothing asked
    assert dialog.error_label.text() != "" and dialog.approval is None
    with qtbot.waitSignal(menu.printing_finished, timeout=PRINT_MS) as printed:
        dialog.reason_edit.setText("买拖把")  # typed through the input method
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
        approve(qtbot, dialog)
    assert printed.args == [True]
    assert "50.00" in menu.message_text()
    [moved] = events(till_app, "shift.cash_moved")
    assert (moved["kind"], moved["amount_fen"], moved["approved_by"]) == (
        "paid_out", 5000, MANAGER[0])

    dialog = opened(qtbot, menu, Qt.Key.Key_5)  # close, blind: 200 + 3 − 50 = 153 expected
    assert isinstance(dialog, CloseShiftDialog)
    assert "153" not in labels_text(dialog)
    type_into(qtbot, dialog.counted_edit, "150")
    assert dialog.confirm_label.isVisible() and "¥150.00" in dialog.confirm_label.text()
    assert dialog.closed is None and "153" not in labels_text(dialog)
    assert dialog.table.rowCount() == 0
    qtbot.keyClick(dialog.counted_edit, Qt.Key.Key_Return)  # Enter again: close
    assert dialog.closed is not None
    assert dialog.closed.cash_variance_fen == -300
    assert "¥3.00" in dialog.variance_label.text()
    assert dialog.table.rows_text()[0] == (tender_label("cash"), "¥153.00", "¥150.00",
                                           "−¥3.00")
    [closed] = events(till_app, "shift.closed")
    assert (closed["counted_cash_fen"], closed["cash_variance_fen"]) == (15_000, -300)
    assert till.current_shift() is None
    qtbot.waitUntil(lambda: dialog.print_line.state == PrintLine.PRINTED, timeout=PRINT_MS)
    save_png(dialog, tmp_path / "shift-close.png")
    qtbot.keyClick(dialog.counted_edit, Qt.Key.Key_Return)  # done
    qtbot.waitUntil(lambda: menu.dialog is None)
    assert menu.shift_label.text() != "" and CASHIER[0] not in menu.shift_label.text()


# -- the day ----------------------------------------------------------------------------------

def test_z_report_by_a_manager_shows_the_day_totals(qtbot, worker, till, till_app, tmp_path):
    manager = till.login(*MANAGER)
    ring(till, manager, [f"{COLA}*2", WATER])  # ¥8.00 cash
    card = ring(till, manager, [NOODLES], [TenderOffer(TenderKind.CARD, 450, reference="RF1")])
    till.refund_sale(manager, till.find_sale(card.receipt_no), [(1, 1)],
                     card_reference="RF2")  # ¥4.50 back to the card
    menu = ManagerMenu(till, manager, worker)
    shown(qtbot, menu)
    dialog = opened(qtbot, menu, Qt.Key.Key_6)
    assert isinstance(dialog, DayCloseDialog)
    qtbot.waitUntil(lambda: dialog.ready)
    assert dialog.totals == till.day_totals() and dialog.close_day_button.isEnabled()

    with qtbot.waitSignal(dialog.printing_finished, timeout=PRINT_MS):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # a manager closes it without approval
    closed = dialog.closed
    assert closed is not None and closed.approved_by is None and dialog.approval is None
    totals = till.day_totals(closed.business_date)
    assert dialog.totals == totals == closed.totals
    assert (totals["sales_fen"], totals["refunds_fen"], totals["net_fen"]) == (1250, 450, 800)
    rows = dialog.table.rows_text()
    for kind, fen in totals["by_tender"].items():
        assert (tender_label(kind), yuan(fen)) in rows
    assert (QCoreApplication.translate("DayCloseDialog", "Net"), yuan(800)) in rows
    for staff_no, fen in totals["by_cashier"].items():
        assert any(staff_no in label and amount == yuan(fen) for label, amount in rows)
    for hour, fen in totals["by_hour"].items():
        assert (f"{hour}:00", yuan(fen)) in rows
    assert closed.business_date in dialog.view.text()
    assert dialog.view.text() == document_text(closed.document)
    [payload] = events(till_app, "day.closed")
    assert payload["totals"] == totals
    save_png(dialog, tmp_path / "z-report.png")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: menu.dialog is None)
    assert closed.business_date in menu.message_text()


def test_a_cashier_starting_the_z_report_gets_the_approval_dialog(qtbot, worker, till,
                                                                   till_app):
    cashier = till.login(*CASHIER)
    ring(till, cashier, [COLA])
    dialog = DayCloseDialog(till, cashier, worker)
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.ready)
    qtbot.mouseClick(dialog.close_day_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.approval is not None and dialog.approval.isVisible())
    action = QCoreApplication.translate("errors", QT_TRANSLATE_NOOP("errors", "Close the day"))
    assert dialog.approval.action_label.text() == action
    qtbot.keyClick(dialog.approval.staff_edit, Qt.Key.Key_Escape)  # not approved: still open
    qtbot.waitUntil(lambda: dialog.approval is None)
    assert dialog.closed is None and dialog.note_label.text() != ""
    assert events(till_app, "day.closed") == []

    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    approve(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.closed is not None)
    assert dialog.closed.approved_by == MANAGER[0]
    assert MANAGER[0] in dialog.info_label.text()
    [payload] = events(till_app, "day.closed")
    assert payload["closed_by"] == CASHIER[0]
    assert [e["approved_by"] for e in events(till_app, "audit.override")
            if e["action"] == "close_day"] == [MANAGER[0]]
    qtbot.waitUntil(lambda: not dialog.print_line.busy, timeout=PRINT_MS)


# -- the rest of the menu ---------------------------------------------------------------------

def test_x_report_reprint_and_drawer_from_the_menu(qtbot, worker, till, till_app):
    manager = till.login(*MANAGER)
    sold = ring(till, manager, [COLA])
    menu = ManagerMenu(till, manager, worker)
    shown(qtbot, menu)
    dialog = opened(qtbot, menu, Qt.Key.Key_4)  # X report on screen, then printed
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.view.text() == document_text(dialog.report.document)
    assert dialog.report.business_date in dialog.view.text()
    with qtbot.waitSignal(dialog.printing_finished, timeout=PRINT_MS) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed.args == [True]
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: menu.dialog is None)

    dialog = opened(qtbot, menu, Qt.Key.Key_8)  # reprint by receipt no.
    with qtbot.waitSignal(dialog.printing_finished, timeout=PRINT_MS) as printed:
        type_into(qtbot, dialog.receipt_edit, "S001-T01-20000101-0001")
    assert printed.args == [False] and "S001-T01-20000101-0001" in dialog.print_line.text()
    with qtbot.waitSignal(dialog.printing_finished, timeout=PRINT_MS) as printed:
        type_into(qtbot, dialog.receipt_edit, sold.receipt_no.lower())
    assert printed.args == [True] and sold.receipt_no in dialog.print_line.text()
    qtbot.keyClick(dialog.receipt_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: menu.dialog is None)

    qtbot.keyClick(menu, Qt.Key.Key_7)  # a manager opens the drawer without approval
    opened_text = QCoreApplication.translate("ManagerMenu", "Drawer opened.")
    qtbot.waitUntil(lambda: menu.message_text() == opened_text, timeout=PRINT_MS)
    assert menu.approval is None
    [audit] = [e for e in events(till_app, "audit.override") if e["action"] == "open_drawer"]
    assert audit["requested_by"] == audit["approved_by"] == MANAGER[0]


def test_document_dialog_shows_a_document_and_prints_it_on_the_worker(qtbot, worker, till,
                                                                      till_app):
    document = till.x_report().document
    dialog = DocumentDialog(lambda: "X", document, worker=worker,
                            print_call=lambda: till.printer.print_document("doc-test", document))
    shown(qtbot, dialog)
    assert dialog.view.text() == document_text(document) and dialog.title_label.text() == "X"
    with qtbot.waitSignal(dialog.printing_finished, timeout=PRINT_MS) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed.args == [True]
    paper = (till_app.data_dir / "receipts" / "doc-test.txt").read_text(encoding="utf-8")
    assert document["header"][0]["text"] in paper


def test_document_text_lays_out_like_the_paper():
    document = {
        "header": [{"text": "人民路店", "align": "center", "bold": True, "double": False}],
        "lines": [{"name": "可口可乐 330ml", "qty": "3", "unit_price": "3.00",
                   "amount": "9.00"}],
        "totals": [{"label": "合计", "amount": "9.00", "bold": True}],
        "payments": [{"label": "现金", "amount": "10.00", "bold": False}],
        "footer": [], "barcode": "S001-T01-20261123-0005", "qr": None,
    }
    lines = document_text(document, 32).splitlines()
    assert lines[0] == " " * 12 + "人民路店"
    assert lines[1] == "-" * 32 and lines[2] == "可口可乐 330ml"
    assert lines[3] == "3 x 3.00" + " " * 20 + "9.00"
    assert lines[5] == "合计" + " " * 24 + "9.00"  # a Chinese character takes two columns
    assert lines[-1].strip() == "S001-T01-20261123-0005"
    assert format_yuan(900) in lines[3]


def test_the_menu_takes_number_keys_only_when_no_dialog_is_open(qtbot, worker, till,
                                                                tmp_path):
    manager = till.login(*MANAGER)
    menu = ManagerMenu(till, manager, worker)
    shown(qtbot, menu)
    save_png(menu, tmp_path / "manager-menu.png")
    assert [b.text().split()[0] for b in menu.buttons.values()] == [str(n % 10) for n in range(1, 11)]
    dialog = opened(qtbot, menu, Qt.Key.Key_2)
    qtbot.keyClick(menu, Qt.Key.Key_3)  # ignored: the paid-in dialog is open
    assert menu.dialog is dialog and dialog.kind == "paid_in"
    type_into(qtbot, dialog.amount_edit, "10")
    type_into(qtbot, dialog.reason_edit, "change")  # no shift open: refused, nothing written
    assert dialog.error_label.text() != "" and dialog.moved is None
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: menu.dialog is None)
    assert QApplication.activeModalWidget() in (menu, None)
