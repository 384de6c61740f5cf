"""The manager menu: big touch buttons, also picked with the number keys 1–9 and 0.

    menu = ManagerMenu(till, staff, worker, parent=sale_page)
    menu.fact_recorded.connect(status_bar.refresh)    # optional
    menu.finished.connect(lambda _r: sale_page.focus_scan())
    menu.open()                                       # or menu.exec()

1 open shift · 2 paid in · 3 paid out · 4 X report · 5 close shift (blind count) ·
6 close the day (Z) · 7 open the drawer · 8 reprint a receipt by no. · 9 return ·
0 device settings (printer, drawer, scanner, card reader, display).
Each opens its dialog over the menu; the menu stays open until Esc. A restricted action asks for
another staff member's approval (the logged-in staff member may be a cashier). Slips and reports
are printed on the worker, off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pos_app.domain.money import format_yuan
from pos_app.domain.roles import Permission
from pos_app.domain.shift import PAID_IN, PAID_OUT
from pos_app.domain.staff import Staff
from pos_app.qt import (
    QDialog,
    QEvent,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    Signal,
    Slot,
)
from pos_app.services.approvals import Credentials
from pos_app.services.till import Till
from pos_app.ui.background import Worker
from pos_app.ui.device_settings import DeviceSettingsDialog
from pos_app.ui.dialogs import Message, dialog_button, label
from pos_app.ui.errors import Outcome, attempt, describe
from pos_app.ui.print_line import PrintLine, submit_for
from pos_app.ui.restricted import run_restricted
from pos_app.ui.return_dialog import ReturnDialog
from pos_app.ui.shift_dialogs import (
    CashMoveDialog,
    CloseShiftDialog,
    DayCloseDialog,
    OpenShiftDialog,
    XReportDialog,
)
from pos_app.ui.style import set_role

ACCEPTED = QDialog.DialogCode.Accepted.value
ACTIONS = ("open_shift", "paid_in", "paid_out", "x_report", "close_shift", "close_day",
           "open_drawer", "reprint", "return", "devices")
KEYS_STYLE = "QFrame#menu_keys QPushButton { min-height: 88px; font-size: 18pt; }"
#: Key n picks action n; the tenth action is on key 0, as on a keypad.
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n % 10}"): n for n in range(1, len(ACTIONS) + 1)}


class ReprintDialog(QDialog):
    """Reprint a receipt (or refund slip) by its no.: scan or type it, Enter. Stays open."""

    printing_finished = Signal(bool)

    def __init__(self, till: Till, worker: Worker, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("reprint_dialog")
        self.setModal(True)
        self.till = till
        self.worker = worker
        self.receipt_no = ""
        self.title_label = label("title")
        self.receipt_caption = label()
        self.receipt_edit = QLineEdit()
        self.receipt_edit.setObjectName("receipt_no")
        self.receipt_edit.setMaxLength(48)
        self.receipt_caption.setBuddy(self.receipt_edit)
        self.print_line = PrintLine(worker)
        self.print_line.finished.connect(self._printed)
        self.error_label = label("error", "reprint_error", wrap=True)
        self.print_button = dialog_button("reprint", "primary")
        self.close_button = dialog_button("close")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(8)
        for widget in (self.title_label, self.receipt_caption, self.receipt_edit,
                       self.print_line, self.error_label):
            layout.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.print_button, 2)
        layout.addLayout(buttons)
        self.setMinimumWidth(620)
        self.receipt_edit.returnPressed.connect(self.reprint)
        self.receipt_edit.textEdited.connect(lambda _t: self.error_label.clear())
        self.print_button.clicked.connect(self.reprint)
        self.close_button.clicked.connect(self.reject)
        self.retranslate()
        self.receipt_edit.setFocus()

    @Slot()
    def reprint(self) -> None:
        receipt_no = self.receipt_edit.text().strip().upper()
        if not receipt_no or self.print_line.busy:
            return
        self.receipt_no = receipt_no
        self.error_label.clear()
        self.print_line.start(lambda: self.till.reprint(receipt_no))

    def _printed(self, ok: bool) -> None:
        if ok:
            self.receipt_edit.clear()
        else:
            self.receipt_edit.selectAll()
        self.receipt_edit.setFocus()
        self.retranslate()
        self.printing_finished.emit(ok)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Reprint a receipt"))
        self.title_label.setText(self.tr("Reprint a receipt"))
        self.receipt_caption.setText(self.tr(
            "Scan the receipt's barcode or type its no. (a refund no. reprints the refund "
            "slip), then Enter"))
        self.receipt_edit.setPlaceholderText(self.tr("e.g. S001-T01-20261123-0005"))
        if self.print_line.state == PrintLine.PRINTED:
            self.print_line.setText(self.tr("Reprinted {receipt_no}.").format(
                receipt_no=self.receipt_no))
        self.print_button.setText(self.tr("Reprint (Enter)"))
        self.close_button.setText(self.tr("Close (Esc)"))


class ManagerMenu(QDialog):
    """Back-office actions for the logged-in staff member. Number keys 1–9 and 0 pick one."""

    #: Something was written to the till's journal (a shift, a cash movement, a refund, a Z,
    #: a drawer opening): the status bar may refresh its pending count.
    fact_recorded = Signal()
    #: A refund was saved (CompletedRefund).
    refund_completed = Signal(object)
    #: The business day was closed (DayClosed).
    day_closed = Signal(object)
    #: A slip / report print call from the menu ended: True when printed.
    printing_finished = Signal(bool)
    #: Device settings were saved (the role): the window's wedge follows them.
    devices_saved = Signal(str)

    def __init__(self, till: Till, staff: Staff, worker: Worker, parent=None, *,
                 wedge=None) -> None:
        super().__init__(parent)
        self.setObjectName("manager_menu")
        self.wedge = wedge  # the window's KeyWedge: the device test field tells scans apart
        self.setModal(True)
        self.till = till
        self.staff = staff
        self.worker = worker
        #: The dialog open over the menu, if any.
        self.dialog: QDialog | None = None
        self.approval = None  # the approval dialog while it is open (drawer, devices)
        self._message: tuple[Message, str] | None = None
        self.title_label = label("title")
        self.staff_label = label("caption", "menu_staff")
        self.shift_label = label("figure", "menu_shift", wrap=True)
        self.buttons: dict[str, QPushButton] = {}
        self.keys = QFrame()
        self.keys.setObjectName("menu_keys")
        self.keys.setStyleSheet(KEYS_STYLE)
        grid = QGridLayout(self.keys)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        for n, name in enumerate(ACTIONS, start=1):
            button = dialog_button(name, "primary" if name == "return" else None)
            button.setMinimumWidth(240)
            button.clicked.connect(lambda _=False, k=n: self.choose(k))
            grid.addWidget(button, (n - 1) // 3, (n - 1) % 3)
            self.buttons[name] = button
        self.message_label = label("caption", "menu_message", wrap=True)
        self.print_line = PrintLine(worker, "menu_print_status")
        self.print_line.finished.connect(self.printing_finished)
        self.hint_label = label("caption", wrap=True)
        self.close_button = dialog_button("close")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(10)
        layout.addWidget(self.title_label)
        layout.addWidget(self.staff_label)
        layout.addWidget(self.shift_label)
        layout.addWidget(self.keys)
        layout.addWidget(self.message_label)
        layout.addWidget(self.print_line)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.close_button.clicked.connect(self.reject)
        self.setMinimumWidth(860)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.refresh_shift()
        self.retranslate()

    # -- choosing ---------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        n = DIGIT_KEYS.get(event.key())
        if n is not None and self.dialog is None and self.approval is None:
            self.choose(n)
            return
        super().keyPressEvent(event)

    @Slot()
    def choose(self, n: int) -> None:
        """Start action n (1–10; 10 is key 0) unless another dialog is open."""
        if self.dialog is not None or self.approval is not None or not 1 <= n <= len(ACTIONS):
            return
        getattr(self, f"do_{ACTIONS[n - 1]}")()

    def _open(self, dialog: QDialog, on_done: Callable[[Any, int], None]) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda result, d=dialog: self._closed(d, result, on_done))
        dialog.open()

    def _closed(self, dialog: QDialog, result: int, on_done: Callable[[Any, int], None]) -> None:
        if self.dialog is not dialog:
            return
        self.dialog = None
        try:
            on_done(dialog, result)
        finally:
            dialog.deleteLater()
            self.refresh_shift()
            self.activateWindow()
            self.setFocus()

    # -- the actions ------------------------------------------------------------------------

    def do_open_shift(self) -> None:
        def done(d: OpenShiftDialog, result: int) -> None:
            if result == ACCEPTED and d.result_value is not None:
                opened = d.result_value
                self._say(lambda: self.tr("Shift opened with a float of ¥{amount}.").format(
                    amount=format_yuan(opened.float_fen)))
                self.fact_recorded.emit()

        self._open(OpenShiftDialog(self.till, self.staff, self), done)

    def do_paid_in(self) -> None:
        self._cash_move(PAID_IN)

    def do_paid_out(self) -> None:
        self._cash_move(PAID_OUT)

    def _cash_move(self, kind: str) -> None:
        def done(d: CashMoveDialog, result: int) -> None:
            moved = d.moved
            if result != ACCEPTED or moved is None:
                return
            amount = format_yuan(moved.amount_fen)
            if moved.kind == PAID_IN:
                self._say(lambda: self.tr("Paid in ¥{amount} recorded.").format(amount=amount))
            else:
                self._say(lambda: self.tr("Paid out ¥{amount} recorded.").format(amount=amount))
            self.fact_recorded.emit()
            self.print_line.start(lambda: self.till.print_job(moved.print_job_id))

        self._open(CashMoveDialog(self.till, self.staff, kind, self), done)

    def do_x_report(self) -> None:
        self._open(XReportDialog(self.till, self.worker, self), lambda _d, _r: None)

    def do_close_shift(self) -> None:
        def done(d: CloseShiftDialog, _result: int) -> None:
            if d.closed is not None:
                self._say(lambda: self.tr("Shift closed."))

        dialog = CloseShiftDialog(self.till, self.staff, self.worker, self)
        dialog.shift_closed.connect(lambda _c: self.fact_recorded.emit())
        self._open(dialog, done)

    def do_close_day(self) -> None:
        def done(d: DayCloseDialog, _result: int) -> None:
            if d.closed is not None:
                day = d.closed.business_date
                self._say(lambda: self.tr("Business day {date} closed.").format(date=day))

        def closed_now(closed: object) -> None:
            self.fact_recorded.emit()
            self.day_closed.emit(closed)

        dialog = DayCloseDialog(self.till, self.staff, self.worker, self)
        dialog.day_closed.connect(closed_now)
        self._open(dialog, done)

    def do_open_drawer(self) -> None:
        """Check the permission (or an approver) here, then open the drawer on the worker."""
        staff = self.staff

        def check(approver: Credentials | None) -> Credentials | None:
            self.till.approve(staff, Permission.OPEN_DRAWER, approver=approver)
            return approver

        def approved(approver: Credentials | None) -> None:
            self._say(lambda: self.tr("Opening the drawer…"))
            submit_for(self, self.worker, lambda: self.till.open_drawer(staff, approver),
                       self._drawer_opened, self._drawer_failed)

        run_restricted(self, check, approved, self._show_error,
                       declined=lambda: self._say(lambda: self.tr(
                           "Not approved: the drawer stays closed.")))

    def _drawer_opened(self, _result: object) -> None:
        self._say(lambda: self.tr("Drawer opened."))
        self.fact_recorded.emit()

    def _drawer_failed(self, error: BaseException) -> None:
        self._show_error(Outcome(error=error))

    def do_reprint(self) -> None:
        self._open(ReprintDialog(self.till, self.worker, self), lambda _d, _r: None)

    def do_return(self) -> None:
        def refunded(completed: object) -> None:
            self.fact_recorded.emit()
            self.refund_completed.emit(completed)

        dialog = ReturnDialog(self.till, self.staff, self.worker, self)
        dialog.refund_completed.connect(refunded)

        def done(d: ReturnDialog, _result: int) -> None:
            if d.completed is not None:
                refund_no = d.completed.refund_no
                self._say(lambda: self.tr("Refund {refund_no} done.").format(
                    refund_no=refund_no))

        self._open(dialog, done)

    def do_devices(self) -> None:
        """Device settings: check the permission (or an approver) here; the dialog passes the
        approver on to every save and test."""
        staff = self.staff

        def check(approver: Credentials | None) -> Credentials | None:
            self.till.approve(staff, Permission.MANAGE_DEVICES, approver=approver)
            return approver

        def approved(approver: Credentials | None) -> None:
            dialog = DeviceSettingsDialog(self.till, staff, self.worker, approver, self,
                                          wedge=self.wedge)
            dialog.saved.connect(self.devices_saved.emit)
            self._open(dialog, lambda _d, _r: None)

        run_restricted(self, check, approved, self._show_error,
                       declined=lambda: self._say(lambda: self.tr(
                           "Not approved: the device settings were not opened.")))

    # -- state and messages -----------------------------------------------------------------

    def refresh_shift(self) -> None:
        outcome = attempt(self.till.current_shift)
        shift = outcome.value if outcome.ok else None
        self._shift = shift
        self._retranslate_shift()

    def _say(self, message: Message, role: str = "caption") -> None:
        self._message = (message, role)
        set_role(self.message_label, role)
        self.message_label.setText(message())

    def _show_error(self, outcome: Outcome) -> None:
        error = outcome.error
        self._say(lambda: describe(error), "error")

    def message_text(self) -> str:
        return self.message_label.text()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _action_names(self) -> dict[str, str]:
        return {
            "open_shift": self.tr("Open shift"),
            "paid_in": self.tr("Paid in"),
            "paid_out": self.tr("Paid out"),
            "x_report": self.tr("X report"),
            "close_shift": self.tr("Close shift"),
            "close_day": self.tr("Close the day (Z)"),
            "open_drawer": self.tr("Open drawer"),
            "reprint": self.tr("Reprint a receipt"),
            "return": self.tr("Return / refund"),
            "devices": self.tr("Devices"),
        }

    def _retranslate_shift(self) -> None:
        shift = getattr(self, "_shift", None)
        if shift is None:
            self.shift_label.setText(self.tr("No shift is open."))
        else:
            self.shift_label.setText(self.tr(
                "Shift open: opened by staff no. {staff_no}, business day {date}.").format(
                    staff_no=shift.opened_by, date=shift.business_date))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Manager menu"))
        self.title_label.setText(self.tr("Manager menu"))
        self.staff_label.setText(self.tr("Staff: {name} ({staff_no})").format(
            name=self.staff.name, staff_no=self.staff.staff_no))
        for n, (name, text) in enumerate(self._action_names().items(), start=1):
            self.buttons[name].setText(f"{n % 10}  {text}")
        self.hint_label.setText(self.tr("Press 0–9 or touch a button · Esc: back to the sale"))
        self.close_button.setText(self.tr("Close (Esc)"))
        self._retranslate_shift()
        if self._message is not None:
            self.message_label.setText(self._message[0]())
