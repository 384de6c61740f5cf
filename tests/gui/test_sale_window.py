"""Ringing up sales through the real window on a real SQLite till."""

from __future__ import annotations

from pos_app import bootstrap
from pos_app.qt import QApplication, QLineEdit, Qt
from pos_app.services.ports import PrinterFailed
from pos_app.ui.lines_model import COL_QTY
from tests.gui.helpers import (
    BAD_CHECK_DIGIT,
    COLA,
    NOODLES,
    UNKNOWN,
    WATER,
    lines,
    logged_in,
    login,
    pay,
    query,
    scan,
    type_into,
)


def db_of(till_app):
    return till_app.data_dir / "till.sqlite"


def edit_quantity(qtbot, win, row: int, text: str) -> None:
    """Open the quantity cell's editor in the view (F4) and type a new quantity."""
    page = win.sale_page
    page.table.selectRow(row)
    qtbot.keyClick(page.scan_edit, Qt.Key.Key_F4)
    editor = page.table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.isVisible(), "no quantity editor opened"
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(page.scan_edit.hasFocus)


def test_ring_a_sale_and_pay_cash(qtbot, window, till_app):
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, COLA)
    scan(qtbot, win, WATER)
    assert lines(win) == [("可口可乐 330ml", 1), ("农夫山泉 550ml", 1)]
    edit_quantity(qtbot, win, 1, "3")
    assert lines(win) == [("可口可乐 330ml", 1), ("农夫山泉 550ml", 3)]
    assert page.total_label.text() == "¥9.00"
    assert page.count_label.text() == "4"

    dialog = pay(qtbot, win, "20")
    assert dialog.change_label.text() == "¥11.00"
    with qtbot.waitSignal(page.printing_finished, timeout=15_000) as printed:
        pass
    assert printed.args == [True], page.print_problem_label.text()
    assert page.cash_dialog is None
    done = page.last_sale
    assert done is not None and done.receipt_no.startswith("S001-T01-")
    assert page.done_frame.isVisible()
    assert done.receipt_no in page.receipt_label.text()
    assert "小票号" in page.receipt_label.text()
    assert page.change_label.text() == "找零 ¥11.00"
    assert page.sale.is_empty() and page.total_label.text() == "¥0.00"

    db = db_of(till_app)
    assert query(db, "SELECT receipt_no, total_fen, item_count FROM sale") == [
        (done.receipt_no, 900, 4)]
    assert query(db, "SELECT name, qty, amount_fen FROM sale_line ORDER BY line_no") == [
        ("可口可乐 330ml", 1, 300), ("农夫山泉 550ml", 3, 600)]
    assert query(db, "SELECT tendered_fen, change_fen FROM sale_tender") == [(2000, 1100)]
    assert query(db, "SELECT type FROM outbox") == [("sale.completed",)]
    assert query(db, "SELECT receipt_no, status FROM print_job") == [(done.receipt_no, "printed")]
    assert "1" in win.status.pending_label.text()

    scan(qtbot, win, NOODLES)  # the next scan starts a new sale and hides the last one
    assert not page.done_frame.isVisible()
    assert lines(win) == [("康师傅红烧牛肉面", 1)]


def test_barcode_times_quantity(qtbot, window):
    win = logged_in(qtbot, window)
    scan(qtbot, win, f"{NOODLES}*3")
    assert lines(win) == [("康师傅红烧牛肉面", 3)]
    assert win.sale_page.total_label.text() == "¥13.50"


def test_bad_scans_show_chinese_messages_and_change_nothing(qtbot, window):
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, COLA)
    before = lines(win)
    cases = [
        (UNKNOWN, f"找不到条码为“{UNKNOWN}”的商品。"),
        (BAD_CHECK_DIGIT, f"“{BAD_CHECK_DIGIT}”不是有效条码（校验位错误）。"),
        (f"{COLA}*0", "数量必须是 1 到 9999 之间的整数。"),
        (f"{COLA}*abc", "数量必须是 1 到 9999 之间的整数。"),
    ]
    for text, message in cases:
        scan(qtbot, win, text)
        assert page.message_text() == message
        assert lines(win) == before
        assert page.total_label.text() == "¥3.00"
        assert page.scan_edit.text() == text  # kept (selected) so the next scan replaces it


def test_bad_quantity_in_the_table_is_refused(qtbot, window):
    win = logged_in(qtbot, window)
    scan(qtbot, win, COLA)
    edit_quantity(qtbot, win, 0, "0")
    assert win.sale_page.message_text() == "数量必须是 1 到 9999 之间的整数。"
    assert lines(win) == [("可口可乐 330ml", 1)]
    assert win.sale_page.sale.lines[0].qty == 1
    assert win.sale_page.model.data(win.sale_page.model.index(0, COL_QTY)) == "1"


def test_not_enough_cash_is_refused_and_nothing_is_written(qtbot, window, till_app):
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, COLA)
    scan(qtbot, win, NOODLES)
    dialog = pay(qtbot, win, "5")
    assert dialog.isVisible()
    assert dialog.error_label.text() == "收款不足：实收 ¥5.00，应收 ¥7.50。"
    assert page.last_sale is None
    assert query(db_of(till_app), "SELECT count(*) FROM sale") == [(0,)]
    assert query(db_of(till_app), "SELECT count(*) FROM outbox") == [(0,)]
    type_into(qtbot, dialog.tendered_edit, "12.345")
    assert dialog.isVisible() and "不是有效金额" in dialog.error_label.text()
    qtbot.keyClick(dialog.tendered_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.cash_dialog is None)
    assert lines(win) == [("可口可乐 330ml", 1), ("康师傅红烧牛肉面", 1)]


def test_quick_cash_buttons_and_exact(qtbot, window):
    win = logged_in(qtbot, window)
    scan(qtbot, win, NOODLES)
    page = win.sale_page
    qtbot.keyClick(page.scan_edit, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: page.cash_dialog is not None)
    dialog = page.cash_dialog
    assert dialog.tendered_edit.text() == "4.50"  # prefilled with the total
    assert dialog.change_label.text() == "¥0.00"
    dialog.quick_buttons[1].click()
    assert dialog.tendered_edit.text() == "100.00"
    assert dialog.change_label.text() == "¥95.50"
    dialog.exact_button.click()
    assert dialog.change_label.text() == "¥0.00"
    with qtbot.waitSignal(page.printing_finished, timeout=15_000):
        qtbot.keyClick(dialog.tendered_edit, Qt.Key.Key_Return)
    assert page.last_sale is not None and page.last_sale.change_fen == 0


def test_empty_sale_cannot_be_paid(qtbot, window):
    win = logged_in(qtbot, window)
    win.sale_page.open_cash()
    assert win.sale_page.cash_dialog is None
    assert win.sale_page.message_text() == "本单还没有商品。"


def test_wrong_pin_is_refused_with_a_message(qtbot, window):
    login(qtbot, window, "1001", "0000")
    page = window.login_page
    assert window.stack.currentWidget() is page
    assert page.error_label.text() == "工号或密码错误。"
    assert page.pin_edit.text() == ""
    assert page.pin_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(page.pin_edit, "1234")
    assert page.error_label.text() == ""  # typing again clears the message
    qtbot.keyClick(page.pin_edit, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.sale_page
    assert "张敏" in window.sale_page.cashier_label.text()


def test_scan_field_keeps_the_focus(qtbot, window):
    win = logged_in(qtbot, window)
    page = win.sale_page
    qtbot.waitUntil(page.scan_edit.hasFocus)
    scan(qtbot, win, COLA)
    scan(qtbot, win, WATER)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert lines(win) == [("可口可乐 330ml", 1)]
    rect = page.table.visualRect(page.model.index(0, 1))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(page.scan_edit.hasFocus)
    pay(qtbot, win, "1")  # refused: the dialog stays open
    qtbot.keyClick(page.cash_dialog.tendered_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.cash_dialog is None)
    qtbot.waitUntil(page.scan_edit.hasFocus)
    edit_quantity(qtbot, win, 0, "2")
    qtbot.waitUntil(page.scan_edit.hasFocus)
    page.table.setFocus()  # anything else inside the page gives the focus back
    qtbot.waitUntil(page.scan_edit.hasFocus)
    assert QApplication.focusWidget() is page.scan_edit


def test_delete_key_in_empty_scan_field_removes_the_selected_line(qtbot, window):
    win = logged_in(qtbot, window)
    page = win.sale_page
    for code in (COLA, WATER, NOODLES):
        scan(qtbot, win, code)
    qtbot.keyClick(page.scan_edit, Qt.Key.Key_Up)  # select 农夫山泉
    qtbot.keyClick(page.scan_edit, Qt.Key.Key_Delete)
    assert lines(win) == [("可口可乐 330ml", 1), ("康师傅红烧牛肉面", 1)]
    assert page.total_label.text() == "¥7.50"


def test_language_switch_to_english(qtbot, window):
    page = window.login_page
    assert page.login_button.text() == "登录 (Enter)"
    page.language_combo.setCurrentIndex(page.language_combo.findData("en"))
    page.language_combo.activated.emit(page.language_combo.currentIndex())
    assert window.lang == "en"
    assert page.login_button.text() == "Log in (Enter)"
    assert page.staff_label.text() == "Staff no."
    login(qtbot, window, "1001", "9")
    assert page.error_label.text() == "Wrong staff number or PIN."
    win = logged_in(qtbot, window)
    assert win.sale_page.reprint_button.text() == "Reprint last (F9)"
    assert win.sale_page.model.headerData(1, Qt.Orientation.Horizontal) == "Item"
    scan(qtbot, win, UNKNOWN)
    assert win.sale_page.message_text() == f"No product has the barcode “{UNKNOWN}”."
    window.set_language("zh_CN")  # the message on screen follows the language
    assert win.sale_page.message_text() == f"找不到条码为“{UNKNOWN}”的商品。"
    assert win.sale_page.reprint_button.text() == "重印上一单 (F9)"
    assert "离线" in win.status.online_label.text()


def test_the_chosen_language_is_remembered(qtbot, window, till_app):
    page = window.login_page
    page.language_combo.setCurrentIndex(page.language_combo.findData("en"))
    page.language_combo.activated.emit(page.language_combo.currentIndex())
    window.close()
    reopened = bootstrap.open_till(till_app.data_dir)  # no language given: the till's own
    try:
        assert reopened.lang == "en"
    finally:
        reopened.close()


def test_printer_failure_keeps_the_sale_and_offers_retry(qtbot, window, till, till_app):
    real_printer = till.printer

    class OutOfPaper:
        def print_document(self, job_id, document):
            raise PrinterFailed(reason="缺纸")

    till.printer = OutOfPaper()
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, COLA)
    with qtbot.waitSignal(page.printing_finished, timeout=15_000) as printed:
        pay(qtbot, win, "3")
    assert printed.args == [False]
    assert page.print_frame.isVisible()
    assert page.print_problem_label.text() == "小票打印失败（缺纸）。销售已保存，稍后可重印。"
    assert page.retry_button.isVisible()
    db = db_of(till_app)
    assert query(db, "SELECT count(*) FROM sale") == [(1,)]
    assert query(db, "SELECT status FROM print_job") == [("failed",)]
    assert page.done_frame.isVisible() and page.sale.is_empty()

    till.printer = real_printer
    with qtbot.waitSignal(page.printing_finished, timeout=15_000) as printed:
        qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
    assert printed.args == [True]
    assert not page.print_frame.isVisible()
    assert query(db, "SELECT status FROM print_job") == [("printed",)]

    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)  # F-keys need it active
    with qtbot.waitSignal(page.printing_finished, timeout=15_000) as printed:
        qtbot.keyClick(page.scan_edit, Qt.Key.Key_F9)  # reprint the last receipt
    assert printed.args == [True]
    assert query(db, "SELECT count(*) FROM print_job WHERE status = 'printed'") == [(2,)]


def test_unexpected_error_is_shown_and_the_sale_is_kept(qtbot, window, till, monkeypatch,
                                                        caplog):
    win = logged_in(qtbot, window)
    scan(qtbot, win, COLA)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(till, "scan", broken)
    scan(qtbot, win, WATER)
    assert win.sale_page.message_text() == "出现异常，未做任何更改。请重试或联系店长。"
    assert lines(win) == [("可口可乐 330ml", 1)]
    assert "disk on fire" in caplog.text

    monkeypatch.setattr(till, "complete_sale", broken)
    dialog = pay(qtbot, win, "10")
    assert dialog.isVisible()
    assert dialog.error_label.text() == "出现异常，未做任何更改。请重试或联系店长。"
    assert lines(win) == [("可口可乐 330ml", 1)]


def test_logout_needs_an_empty_sale(qtbot, window):
    win = logged_in(qtbot, window)
    page = win.sale_page
    scan(qtbot, win, COLA)
    qtbot.keyClick(page.scan_edit, Qt.Key.Key_F10)
    assert win.stack.currentWidget() is page
    assert page.message_text() == "请先完成本单收款或删除所有商品行，再退出登录。"
    qtbot.keyClick(page.scan_edit, Qt.Key.Key_Delete)
    qtbot.mouseClick(page.logout_button, Qt.MouseButton.LeftButton)
    assert win.stack.currentWidget() is win.login_page
    assert win.staff is None


def test_screenshot_of_the_sale_screen(qtbot, window, tmp_path):
    win = logged_in(qtbot, window)
    for code in (COLA, f"{WATER}*2", NOODLES):
        scan(qtbot, win, code)
    path = tmp_path / "sale.png"
    assert win.grab().save(str(path), "PNG")
    image = win.grab().toImage()
    assert path.stat().st_size > 10_000
    assert (image.width(), image.height()) == (win.width(), win.height())
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # text, table, totals: not a blank window
