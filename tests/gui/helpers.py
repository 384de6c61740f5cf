"""Driving the till window like a cashier: typed keys and Enter."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pos_app.qt import QApplication, Qt
from pos_app.ui.main_window import MainWindow

CASHIER = ("1001", "1234")
COLA = "6901234567892"  # 可口可乐 330ml ¥3.00
WATER = "6902083881405"  # 农夫山泉 550ml ¥2.00
NOODLES = "6920152400012"  # 康师傅红烧牛肉面 ¥4.50
UNKNOWN = "4006381333931"  # a valid EAN-13 that is not in the catalog
BAD_CHECK_DIGIT = "6901234567893"


def type_into(qtbot, widget, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def login(qtbot, win: MainWindow, staff_no: str = CASHIER[0], pin: str = CASHIER[1]) -> None:
    page = win.login_page
    page.staff_edit.clear()
    qtbot.keyClicks(page.staff_edit, staff_no)
    qtbot.keyClick(page.staff_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(page.pin_edit, pin)
    qtbot.keyClick(page.pin_edit, Qt.Key.Key_Return)


def logged_in(qtbot, win: MainWindow) -> MainWindow:
    login(qtbot, win)
    assert win.stack.currentWidget() is win.sale_page, win.login_page.error_label.text()
    return win


def scan(qtbot, win: MainWindow, text: str) -> None:
    type_into(qtbot, win.sale_page.scan_edit, text)


def pay(qtbot, win: MainWindow, amount: str):
    """F12, type the amount tendered, Enter; returns the cash dialog."""
    page = win.sale_page
    qtbot.keyClick(page.scan_edit, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: page.cash_dialog is not None and page.cash_dialog.isVisible())
    dialog = page.cash_dialog
    type_into(qtbot, dialog.tendered_edit, amount)
    return dialog


def lines(win: MainWindow) -> list[tuple[str, int]]:
    return [(x.product.name, x.qty) for x in win.sale_page.sale.lines]


def query(db: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


# -- the sale operations (F-keys) and their dialogs ------------------------------------------

MANAGER = ("9001", "9999")
WECHAT_CODE = "134567890123456789"  # 18 digits starting 13: a WeChat payment code


def press(qtbot, win: MainWindow, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key in the scan field, where the cashier's keys go (F-keys need the window active)."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    qtbot.keyClick(win.sale_page.scan_edit, key, modifier)


def open_dialog(qtbot, win: MainWindow, key, modifier=Qt.KeyboardModifier.NoModifier):
    """Press an F-key and wait for its dialog to be shown and active; returns it."""
    press(qtbot, win, key, modifier)
    return shown_dialog(qtbot, win)


def shown_dialog(qtbot, win: MainWindow):
    page = win.sale_page
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.dialog)
    return page.dialog


def approve(qtbot, win: MainWindow, staff_no: str = MANAGER[0], pin: str = MANAGER[1]):
    """Type an approver's number and PIN into the approval dialog; returns the dialog."""
    dialog = shown_dialog(qtbot, win)
    assert dialog.objectName() == "approval_dialog", dialog.objectName()
    type_into(qtbot, dialog.staff_edit, staff_no)
    assert dialog.pin_edit.hasFocus()
    type_into(qtbot, dialog.pin_edit, pin)
    return dialog


def dialog_gone(qtbot, win: MainWindow) -> None:
    """The dialog closed and the focus is back in the scan field."""
    page = win.sale_page
    qtbot.waitUntil(lambda: page.dialog is None)
    qtbot.waitUntil(page.scan_edit.hasFocus)
