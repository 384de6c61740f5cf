"""The sale window with counter devices: wedge scans wherever the focus is, member cards
swiped / tapped / typed, serial scanners, the customer display and printer problems."""

from __future__ import annotations

from devices.simulators import VirtualSerialScanner
from pos_app.qt import QApplication, Qt
from pos_app.ui.app import build_main_window
from tests.gui.helpers import lines, logged_in, login, pay, scan
from tests.till_fixtures import MANAGER, MEMBER_CARD, PRODUCTS, seed_member

COLA, WATER = PRODUCTS[0][0], PRODUCTS[1][0]


def page(win):
    return win.sale_page


def test_a_scanner_burst_with_nothing_focused_still_rings_the_item(qtbot, window):
    win = logged_in(qtbot, window)
    focused = QApplication.focusWidget()
    assert focused is page(win).scan_edit
    focused.clearFocus()
    assert QApplication.focusWidget() is None
    qtbot.keyClicks(win, COLA)  # a burst: the keys come back to back
    qtbot.keyClick(win, Qt.Key.Key_Return)
    assert lines(win) == [(PRODUCTS[0][1], 1)]
    assert page(win).scan_edit.text() == ""


def test_a_swipe_into_the_scan_field_identifies_the_member(qtbot, window, till_app):
    seed_member(till_app)
    win = logged_in(qtbot, window)
    scan(qtbot, win, COLA)
    scan(qtbot, win, f";{MEMBER_CARD}?")  # track 2 of a magnetic member card
    sale = page(win).sale
    assert sale.member_id == "m-M0001" and sale.member_level == "GOLD"
    assert "李娜" in page(win).message_label.text()
    assert page(win).member_label.text() == "金卡"
    assert lines(win) == [(PRODUCTS[0][1], 1)]  # no item line for the card


def test_a_tapped_card_number_that_is_no_item_finds_the_member(qtbot, window, till_app):
    seed_member(till_app)
    win = logged_in(qtbot, window)
    scan(qtbot, win, MEMBER_CARD)  # an RFID reader types the number like a scanner
    assert page(win).sale.member_level == "GOLD"


def test_a_frozen_card_is_refused_and_changes_nothing(qtbot, window, till_app):
    seed_member(till_app, status="frozen")
    win = logged_in(qtbot, window)
    scan(qtbot, win, COLA)
    scan(qtbot, win, f";{MEMBER_CARD}?")
    assert page(win).sale.member_id is None
    assert page(win).message_label.property("role") == "error"
    assert "冻结" in page(win).message_label.text() or "frozen" in \
        page(win).message_label.text()


def test_a_serial_scanner_rings_items_into_the_window(qtbot, till):
    with VirtualSerialScanner() as scanner:
        till.save_device_settings(till.login(*MANAGER), "scanner",
                                  {"kind": "serial", "port": scanner.path})
        win = build_main_window(till, "zh_CN")
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        login(qtbot, win)
        try:
            def rung() -> bool:
                if not lines(win):
                    scanner.scan(WATER)  # until the reader has the port open
                    qtbot.wait(200)
                return bool(lines(win))
            qtbot.waitUntil(rung, timeout=8000)
        finally:
            win.close()
    assert lines(win)[0] == (PRODUCTS[1][1], 1)


def test_the_customer_display_shows_the_item_then_the_change(qtbot, till, tmp_path):
    shown = tmp_path / "display"
    till.save_device_settings(till.login(*MANAGER), "display",
                              {"kind": "virtual", "directory": str(shown)})
    win = build_main_window(till, "zh_CN")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win = logged_in(qtbot, win)
    text = shown / "display.txt"
    qtbot.waitUntil(lambda: text.exists() and "人民路店" in text.read_text(encoding="utf-8"))
    scan(qtbot, win, COLA)
    qtbot.waitUntil(lambda: "可口可乐" in text.read_text(encoding="utf-8"))
    pay(qtbot, win, "10")
    qtbot.waitUntil(lambda: "7.00" in text.read_text(encoding="utf-8"))  # change from ¥10
    win.close()


def test_a_printer_out_of_paper_is_retried_by_itself(qtbot, window, till_app, monkeypatch):
    from pos_app.ui import sale_page

    receipts = till_app.data_dir / "receipts"
    receipts.mkdir(parents=True, exist_ok=True)
    (receipts / "PAPER_OUT").touch()
    win = logged_in(qtbot, window)
    page(win).print_retry_timer.setInterval(200)
    monkeypatch.setattr(sale_page, "PRINT_RETRY_MS", 200)
    scan(qtbot, win, COLA)
    pay(qtbot, win, "3")
    qtbot.waitUntil(lambda: page(win).print_frame.isVisible())
    assert page(win).print_retry_timer.isActive()
    (receipts / "PAPER_OUT").unlink()  # paper reloaded: nobody presses anything
    qtbot.waitUntil(lambda: len(list(receipts.glob("*.bin"))) == 1, timeout=5000)
    qtbot.waitUntil(lambda: not page(win).print_frame.isVisible())
    assert not page(win).print_retry_timer.isActive()


def test_a_serial_card_reader_identifies_the_member_in_the_window(qtbot, till, till_app):
    from devices.simulators import VirtualCardReader

    seed_member(till_app)
    with VirtualCardReader() as reader:
        till.save_device_settings(till.login(*MANAGER), "card_reader",
                                  {"kind": "serial", "port": reader.path,
                                   "card_format": "8H10D"})
        win = build_main_window(till, "zh_CN")
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        login(qtbot, win)
        try:
            def identified() -> bool:
                if page(win).sale.member_id is None:
                    reader.tap(MEMBER_CARD)  # until the reader has the port open
                    qtbot.wait(200)
                return page(win).sale.member_id is not None
            qtbot.waitUntil(identified, timeout=8000)
        finally:
            win.close()
    assert page(win).sale.member_level == "GOLD"
