"""Device settings through real widgets on a real seeded till: the manager menu's key 0 (a
manager directly, a cashier with a manager's approval), saving a virtual printer and printing
its test page, refused values, the drawer and display tests, the keyboard-wedge test field of
the scanner and the card reader, and the devices found on this machine."""

from __future__ import annotations

import json

import pytest

from pos_app.qt import QApplication, QCoreApplication, Qt, QWidget
from pos_app.services.ports import BadCardNumber
from pos_app.ui.app import application
from pos_app.ui.background import Worker
from pos_app.ui.device_settings import DeviceSettingsDialog
from pos_app.ui.errors import describe
from pos_app.ui.manager_menu import ManagerMenu
from pos_app.ui.translation import Translations
from tests.gui.helpers import CASHIER, MANAGER, login, open_dialog, query, type_into

CALL_MS = 10_000
CTX = "DeviceSettingsDialog"
CODE = "6901234567892"


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


@pytest.fixture
def worker(qtbot):
    """A worker, with the window's look and Chinese translations installed."""
    application()
    translations = Translations()
    translations.switch("zh_CN")
    worker = Worker()
    yield worker
    worker.wait()
    qtbot.wait(20)  # deliver what the worker finished
    translations.remove()


def shown(qtbot, widget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def settings_dialog(qtbot, till, worker, staff_no_pin=MANAGER, **kwargs) -> DeviceSettingsDialog:
    staff = till.login(*staff_no_pin)
    dialog = DeviceSettingsDialog(till, staff, worker, **kwargs)
    shown(qtbot, dialog)
    return dialog


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def run(qtbot, dialog: DeviceSettingsDialog, button) -> bool:
    """Click Save or Test and wait for the worker's outcome; True when it succeeded."""
    with qtbot.waitSignal(dialog.finished_call, timeout=CALL_MS) as done:
        click(qtbot, button)
    assert not dialog.busy and dialog.save_button.isEnabled()
    return done.args[1]


def set_kind(form, kind: str) -> None:
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(kind))
    assert form.kind() == kind


def choose(combo, value) -> None:
    index = combo.findData(value)
    assert index > 0, value
    combo.setCurrentIndex(index)


def type_text(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def audit_actions(till_app) -> list[str]:
    rows = query(till_app.data_dir / "till.sqlite",
                 "SELECT payload FROM outbox WHERE type = 'audit.override' ORDER BY seq")
    return [json.loads(payload)["action"] for (payload,) in rows]


def opened_settings(qtbot, menu: ManagerMenu) -> DeviceSettingsDialog:
    qtbot.waitUntil(lambda: menu.dialog is not None and menu.dialog.isVisible())
    dialog = menu.dialog
    assert isinstance(dialog, DeviceSettingsDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


# -- from the manager menu ---------------------------------------------------------------------


def test_a_manager_presses_0_saves_a_virtual_printer_and_prints_its_test_page(
        qtbot, window, till, till_app, tmp_path):
    win = window
    login(qtbot, win, *MANAGER)
    assert win.stack.currentWidget() is win.sale_page
    menu = open_dialog(qtbot, win, Qt.Key.Key_F1)
    assert isinstance(menu, ManagerMenu)
    assert [b.text().split()[0] for b in menu.buttons.values()] == [
        *(str(n) for n in range(1, 10)), "0"]
    qtbot.keyClick(menu, Qt.Key.Key_0)
    dialog = opened_settings(qtbot, menu)
    assert menu.approval is None and dialog.approver is None  # a manager needs no approval

    before = till.device_settings()["printer"]
    paper = tmp_path / "paper"
    dialog.choose("printer")
    clean_item = dialog.role_list.item(0).text()
    form = dialog.form()
    assert form.role == "printer" and form.kind() == before["kind"]
    set_kind(form, "network")  # another kind first: its fields replace the folder
    assert form.fields["host"].isVisible() and not form.fields["directory"].isVisible()
    set_kind(form, "virtual")
    type_text(qtbot, form.field("directory"), str(paper))
    choose(form.field("profile"), "58mm")
    assert form.is_dirty() and dialog.role_list.item(0).text() != clean_item  # not saved

    assert run(qtbot, dialog, dialog.save_button)
    assert dialog.message_text() == tr("Saved. The till uses these settings now.")
    assert form.message_role() == "caption"
    assert till.device_settings()["printer"] == {
        "kind": "virtual", "directory": str(paper), "profile": "58mm"}
    assert not form.is_dirty() and dialog.role_list.item(0).text() == clean_item
    assert "manage_devices" in audit_actions(till_app)

    assert dialog.test_button.text() == tr("Print a test page (F5)")
    assert run(qtbot, dialog, dialog.test_button)
    pages = list(paper.glob("test-*.txt"))
    assert len(pages) == 1 and pages[0].read_text(encoding="utf-8").strip()
    assert form.message_role() == "caption" and dialog.message_text()

    qtbot.keyClick(dialog.role_list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: menu.dialog is None)
    menu.reject()


def test_a_cashier_pressing_0_is_asked_for_approval_and_the_approver_is_passed_on(
        qtbot, window, till, till_app, tmp_path):
    win = window
    login(qtbot, win, *CASHIER)
    assert win.stack.currentWidget() is win.sale_page
    menu = open_dialog(qtbot, win, Qt.Key.Key_F1)
    qtbot.keyClick(menu, Qt.Key.Key_0)
    qtbot.waitUntil(lambda: menu.approval is not None and menu.approval.isVisible())
    assert menu.dialog is None  # nothing opens before the approval
    approval = menu.approval
    assert approval.objectName() == "approval_dialog"
    type_into(qtbot, approval.staff_edit, MANAGER[0])
    type_into(qtbot, approval.pin_edit, MANAGER[1])
    dialog = opened_settings(qtbot, menu)
    assert menu.approval is None
    assert dialog.staff.staff_no == CASHIER[0] and dialog.approver is not None

    # The cashier saves with the manager's approval: the till accepts it and audits both.
    shown_dir = tmp_path / "display"
    dialog.choose("display")
    form = dialog.form()
    set_kind(form, "virtual")
    type_text(qtbot, form.field("directory"), str(shown_dir))
    assert run(qtbot, dialog, dialog.save_button), dialog.message_text()
    assert till.device_settings()["display"] == {"kind": "virtual",
                                                 "directory": str(shown_dir)}
    assert audit_actions(till_app).count("manage_devices") == 1
    dialog.reject()
    qtbot.waitUntil(lambda: menu.dialog is None)

    # Declined: the settings stay closed and the menu says so.
    qtbot.keyClick(menu, Qt.Key.Key_0)
    qtbot.waitUntil(lambda: menu.approval is not None and menu.approval.isVisible())
    qtbot.keyClick(menu.approval.staff_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: menu.approval is None)
    assert menu.dialog is None
    assert menu.message_text() == QCoreApplication.translate(
        "ManagerMenu", "Not approved: the device settings were not opened.")
    menu.reject()


# -- saving ------------------------------------------------------------------------------------


@pytest.mark.parametrize("port", ["abc", "70000"])
def test_a_bad_network_port_is_refused_and_nothing_changes(qtbot, worker, till, port):
    before = till.device_settings()
    dialog = settings_dialog(qtbot, till, worker)
    form = dialog.form("printer")
    set_kind(form, "network")
    type_text(qtbot, form.field("host"), "192.168.1.50")
    type_text(qtbot, form.field("tcp_port"), port)
    expected_port = 70000 if port == "70000" else "abc"  # digits go as a number
    # The paper width carries over from the stored virtual printer: it fits every kind.
    assert form.config() == {"kind": "network", "host": "192.168.1.50", "port": expected_port,
                             "profile": before["printer"]["profile"]}
    assert not run(qtbot, dialog, dialog.save_button)
    assert form.message_role() == "error"
    assert "'port'" in dialog.message_text()
    assert till.device_settings() == before
    assert form.is_dirty()  # the edits stay to be corrected


def test_edits_are_kept_per_device_until_the_dialog_closes(qtbot, worker, till):
    dialog = settings_dialog(qtbot, till, worker)
    clean = [dialog.role_list.item(row).text() for row in range(2)]
    printer = dialog.form("printer")
    set_kind(printer, "network")
    type_text(qtbot, printer.field("host"), "10.0.0.9")
    choose(printer.field("profile"), "80mm")
    dialog.choose("drawer")
    assert dialog.form() is dialog.form("drawer")
    assert dialog.test_button.text() == tr("Open the drawer (F5)")
    dialog.choose("printer")
    assert printer.config() == {"kind": "network", "host": "10.0.0.9", "profile": "80mm"}
    assert dialog.role_list.item(0).text() != clean[0]  # marked: not saved
    assert dialog.role_list.item(1).text() == clean[1]
    # Back to the stored kind: its folder is still there. Empty fields and flags left as they
    # are stay out of the settings.
    set_kind(printer, "virtual")
    stored = till.device_settings()["printer"]
    assert printer.config() == {"kind": "virtual", "directory": stored["directory"],
                                "profile": "80mm"}
    printer.field("png").setChecked(False)
    assert printer.config()["png"] is False


def test_devices_found_on_this_machine_are_offered(qtbot, worker, till, monkeypatch):
    found = [
        {"type": "usb_printer", "id": "0416:5011", "name": "Winbond POS-80",
         "settings": {"kind": "usb", "vendor_id": "0x0416", "product_id": "0x5011"}},
        {"type": "serial_port", "id": "/dev/ttyUSB7", "name": "CH340",
         "settings": {"port": "/dev/ttyUSB7"}},
        {"type": "windows_printer", "id": "POS-58", "name": "POS-58",
         "settings": {"kind": "windows", "printer_name": "POS-58"}},
    ]
    monkeypatch.setattr(till, "detected_devices", lambda: found)
    staff = till.login(*MANAGER)
    dialog = DeviceSettingsDialog(till, staff, worker)
    with qtbot.waitSignal(dialog.detected, timeout=CALL_MS):
        shown(qtbot, dialog)
    assert "/dev/ttyUSB7" in dialog.found_label.text()
    printer = dialog.form("printer")
    set_kind(printer, "usb")
    usb = printer.fields["usb_printers"]
    assert usb.input.count() == 1 and "Winbond POS-80" in usb.input.itemText(0)
    click(qtbot, usb.use_button)
    assert printer.config() == {"kind": "usb", "vendor_id": "0x0416", "product_id": "0x5011",
                                "profile": "80mm"}
    set_kind(printer, "serial")
    port = printer.field("serial_port")
    assert port.currentText() == "" and port.itemText(0) == "/dev/ttyUSB7"
    port.setCurrentIndex(0)
    assert printer.config()["port"] == "/dev/ttyUSB7"
    set_kind(printer, "windows")
    assert printer.field("printer_name").itemText(0) == "POS-58"
    display = dialog.form("display")
    set_kind(display, "serial")
    assert display.field("serial_port").itemText(0) == "/dev/ttyUSB7"


# -- tests of the drawer and the display --------------------------------------------------------


def test_display_test_with_a_virtual_display_writes_display_txt(qtbot, worker, till,
                                                                  tmp_path):
    before = till.device_settings()
    dialog = settings_dialog(qtbot, till, worker)
    dialog.choose("display")
    form = dialog.form()
    assert not dialog.test_button.isEnabled()  # no display: nothing to test
    set_kind(form, "virtual")
    assert dialog.test_button.isEnabled()
    assert dialog.test_button.text() == tr("Display test (F5)")
    type_text(qtbot, form.field("directory"), str(tmp_path / "pole"))
    type_text(qtbot, form.field("columns"), "20")
    assert form.config()["columns"] == 20
    assert run(qtbot, dialog, dialog.test_button), dialog.message_text()
    shown_text = (tmp_path / "pole" / "display.txt").read_text(encoding="utf-8")
    assert "0123456789" in shown_text
    assert form.message_role() == "caption" and dialog.message_text()
    assert till.device_settings() == before  # a test saves nothing


def test_drawer_test_with_a_virtual_drawer_appends_to_drawer_log(qtbot, worker, till,
                                                                 till_app, tmp_path):
    dialog = settings_dialog(qtbot, till, worker)
    dialog.choose("drawer")
    form = dialog.form()
    set_kind(form, "virtual")
    type_text(qtbot, form.field("directory"), str(tmp_path / "drawer"))
    assert run(qtbot, dialog, dialog.test_button), dialog.message_text()
    assert run(qtbot, dialog, dialog.test_button), dialog.message_text()
    log = (tmp_path / "drawer" / "drawer.log").read_text(encoding="utf-8")
    assert len(log.splitlines()) == 2
    assert "open_drawer" in audit_actions(till_app)  # a drawer test opens it: audited


def test_a_bad_value_in_a_test_is_reported_like_a_save(qtbot, worker, till):
    dialog = settings_dialog(qtbot, till, worker)
    dialog.choose("drawer")
    form = dialog.form()
    set_kind(form, "virtual")  # no folder: the virtual drawer needs one
    assert not run(qtbot, dialog, dialog.test_button)
    assert form.message_role() == "error" and "'directory'" in dialog.message_text()


# -- keyboard-wedge test fields ---------------------------------------------------------------


def wedge_field(qtbot, dialog: DeviceSettingsDialog, role: str):
    dialog.choose(role)
    form = dialog.form()
    assert form.kind() == "wedge" and not form.test_edit.isVisible()
    assert run(qtbot, dialog, dialog.test_button), dialog.message_text()
    assert form.test_open() and form.test_edit.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.test_edit)
    return form


def test_wedge_scanner_test_field_shows_the_code_and_tells_a_scan_from_typing(
        qtbot, worker, till):
    dialog = settings_dialog(qtbot, till, worker)
    form = wedge_field(qtbot, dialog, "scanner")
    assert dialog.test_button.text() == tr("Scan test (F5)")
    qtbot.keyClicks(form.test_edit, CODE)  # a device's burst: keys a few µs apart
    qtbot.keyClick(form.test_edit, Qt.Key.Key_Return)
    assert dialog.message_text() == tr("Scanned: {code}").format(code=CODE)
    assert form.test_edit.text() == ""  # ready for the next scan
    qtbot.keyClicks(form.test_edit, "1234", delay=120)  # a person typing
    qtbot.keyClick(form.test_edit, Qt.Key.Key_Return)
    assert dialog.message_text() == tr(
        "Typed, not scanned: {code} (a scanner types faster; check the pause, length and end "
        "key settings)").format(code="1234")
    set_kind(form, "serial")  # another kind closes the test field
    assert not form.test_edit.isVisible()


def test_wedge_scanner_prefix_is_stripped(qtbot, worker, till):
    dialog = settings_dialog(qtbot, till, worker)
    dialog.choose("scanner")
    type_text(qtbot, dialog.form().field("prefix"), "]C")
    form = wedge_field(qtbot, dialog, "scanner")
    qtbot.keyClicks(form.test_edit, f"]C{CODE}")
    qtbot.keyClick(form.test_edit, Qt.Key.Key_Return)
    assert dialog.message_text() == tr("Scanned: {code}").format(code=CODE)


def test_card_reader_test_shows_the_normalised_number_or_the_error(qtbot, worker, till):
    dialog = settings_dialog(qtbot, till, worker)
    dialog.choose("card_reader")
    form = dialog.form()
    choose(form.field("card_format"), "8H10D")
    assert form.config() == {"kind": "wedge", "card_format": "8H10D"}
    click(qtbot, dialog.test_button)  # not saved yet: the test would read the old format
    assert form.message_role() == "error" and not form.test_open()
    assert run(qtbot, dialog, dialog.save_button)
    assert till.device_settings()["card_reader"] == {"kind": "wedge", "card_format": "8H10D"}

    form = wedge_field(qtbot, dialog, "card_reader")
    assert dialog.test_button.text() == tr("Card test (F5)")
    number = till.cards.normalise("0040856634")
    qtbot.keyClicks(form.test_edit, "0040856634")
    qtbot.keyClick(form.test_edit, Qt.Key.Key_Return)
    assert form.message_role() == "caption"
    assert dialog.message_text() == tr(
        "Card read: member card no. {number} (sent: {read})").format(number=number,
                                                                    read="0040856634")

    with pytest.raises(BadCardNumber) as refused:
        till.cards.normalise("zz!")
    qtbot.keyClicks(form.test_edit, "zz!")
    qtbot.keyClick(form.test_edit, Qt.Key.Key_Return)
    assert form.message_role() == "error"
    assert dialog.message_text() == describe(refused.value)


def test_the_windows_wedge_is_used_when_given(qtbot, worker, till):
    from pos_app.ui.wedge import KeyWedge, WedgeSettings, WedgeSource

    settings = WedgeSettings((WedgeSource("scanner"),), max_gap_ms=35)
    till_window = QWidget()  # stands in for the till's main window
    qtbot.addWidget(till_window)
    wedge = KeyWedge(till_window, settings)
    wedge.install()
    try:
        dialog = settings_dialog(qtbot, till, worker, wedge=wedge)
        form = wedge_field(qtbot, dialog, "scanner")
        assert dialog._test_wedge is None  # the dialog built none of its own
        qtbot.keyClicks(form.test_edit, CODE)
        qtbot.keyClick(form.test_edit, Qt.Key.Key_Return)
        assert dialog.message_text() == tr("Scanned: {code}").format(code=CODE)
    finally:
        wedge.uninstall()
