"""The drawer shift and the business day: open a shift, paid-in / paid-out, the X report, the
shift close with a blind count, the day close (Z report).

* Open shift: the float put in the drawer.
* Paid in / paid out: amount and reason; a role without the permission asks for another staff
  member's approval (ui/approval_dialog.py). The slip is printed (and the drawer opened) by the
  caller, on the worker.
* X report: a reading of the open day and shift (nothing changes), shown as the printed
  document, with a print button.
* Shift close, blind: the cashier types the cash counted in the drawer and confirms (Enter twice)
  without being shown what the drawer should hold; afterwards the dialog shows expected vs
  counted vs variance by tender, and prints the shift report.
* Day close (Z): shows the day's figures so far, then closes the day (a cashier needs a
  manager's approval), shows the Z totals — sales, discounts, refunds, voids, paid in / out, by
  tender, category, cashier and hour — and the Z report, and prints it.

Reports are read on the worker; writes are short service calls on the UI thread. Every refusal
shows the translated message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pos_app.domain.ids import new_id
from pos_app.domain.money import format_yuan, parse_yuan
from pos_app.domain.shift import CASH, MAX_REASON, PAID_IN, InvalidCashReason
from pos_app.domain.staff import Staff
from pos_app.qt import (
    QDialog,
    QEvent,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLineEdit,
    QShortcut,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.services.day_close import DayClosed
from pos_app.services.shifts import CashMoved, ClosedShift, XReport
from pos_app.services.till import Till
from pos_app.ui.background import Worker
from pos_app.ui.dialogs import Message, ValueDialog, dialog_button, key_shortcuts, label
from pos_app.ui.document_view import DocumentView
from pos_app.ui.errors import Outcome, attempt, describe
from pos_app.ui.figures import FiguresTable, signed_yuan, tender_label, yuan
from pos_app.ui.print_line import PrintLine, submit_for
from pos_app.ui.restricted import run_restricted
from pos_app.ui.style import set_role

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


# -- open shift --------------------------------------------------------------------------------


class OpenShiftDialog(ValueDialog):
    """The float; Enter opens the shift. `result_value` is the OpenedShift."""

    def __init__(self, till: Till, staff: Staff, parent=None) -> None:
        super().__init__(lambda fen: till.open_shift(staff, fen), parent)
        self.setObjectName("open_shift_dialog")
        self.value_edit.setObjectName("float")
        self.title_label = label("title")
        self.value_caption = label()
        self.value_caption.setBuddy(self.value_edit)
        self.hint_label = label("caption", wrap=True)
        self.open_button = dialog_button("open_shift", "primary")
        self.cancel_button = dialog_button("cancel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(8)
        for widget in (self.title_label, self.value_caption, self.value_edit, self.hint_label,
                       self.error_label):
            layout.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.open_button, 2)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self.open_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.retranslate()
        self.value_edit.setFocus()

    def parse(self) -> int:
        return parse_yuan(self.value_edit.text())

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Open shift"))
        self.title_label.setText(self.tr("Open shift"))
        self.value_caption.setText(self.tr("Float: the cash put in the drawer to start (¥)"))
        self.hint_label.setText(self.tr(
            "Count the float into the drawer, type the amount and press Enter."))
        self.open_button.setText(self.tr("Open shift (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))


# -- paid in / paid out ------------------------------------------------------------------------


class CashMoveDialog(QDialog):
    """Amount (Enter) then reason (Enter). `moved` is the CashMoved once recorded (accepted)."""

    def __init__(self, till: Till, staff: Staff, kind: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("cash_move_dialog")
        self.setModal(True)
        self.till = till
        self.staff = staff
        self.kind = kind
        self.moved: CashMoved | None = None
        self.approval = None
        self._error: Message | None = None
        self.title_label = label("title")
        self.amount_caption = label()
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("amount")
        self.amount_edit.setMaxLength(14)
        self.amount_edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.amount_caption.setBuddy(self.amount_edit)
        self.reason_caption = label()
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setMaxLength(MAX_REASON)
        self.reason_caption.setBuddy(self.reason_edit)
        self.error_label = label("error", "cash_move_error", wrap=True)
        self.hint_label = label("caption", wrap=True)
        self.confirm_button = dialog_button("confirm", "primary")
        self.cancel_button = dialog_button("cancel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(8)
        for widget in (self.title_label, self.amount_caption, self.amount_edit,
                       self.reason_caption, self.reason_edit, self.error_label,
                       self.hint_label):
            layout.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button, 2)
        layout.addLayout(buttons)
        self.setMinimumWidth(600)
        self.amount_edit.returnPressed.connect(self._amount_entered)
        self.reason_edit.returnPressed.connect(self.submit)
        self.amount_edit.textEdited.connect(self._clear_error)
        self.reason_edit.textEdited.connect(self._clear_error)
        self.confirm_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.retranslate()
        self.amount_edit.setFocus()

    def _amount(self) -> int:
        return parse_yuan(self.amount_edit.text())

    @Slot()
    def _amount_entered(self) -> None:
        check = attempt(self._amount)
        if not check.ok:
            self._show_failure(check)
            return
        self.reason_edit.setFocus()

    @Slot()
    def submit(self) -> None:
        if self.approval is not None or self.moved is not None:
            return
        check = attempt(self._amount)
        if not check.ok:
            self._show_failure(check)
            return
        fen = check.value
        reason = self.reason_edit.text()
        staff, kind = self.staff, self.kind
        run_restricted(
            self, lambda approver: self.till.move_cash(staff, kind, fen, reason, approver),
            self._moved, self._show_failure,
            subject=lambda: f"{self._kind_name()} ¥{format_yuan(fen)}: {reason.strip()}",
            amount_fen=fen, declined=self._not_approved)

    def _moved(self, moved: CashMoved) -> None:
        self.moved = moved
        self.accept()

    def _not_approved(self) -> None:
        self._error = lambda: self.tr("Not approved: nothing was recorded.")
        self.error_label.setText(self._error())
        self.reason_edit.setFocus()

    def _show_failure(self, outcome: Outcome) -> None:
        self._error = outcome.message
        self.error_label.setText(outcome.message())
        field = self.reason_edit if isinstance(outcome.error, InvalidCashReason) else \
            self.amount_edit
        field.selectAll()
        field.setFocus()

    @Slot()
    def _clear_error(self) -> None:
        self._error = None
        self.error_label.clear()

    def _kind_name(self) -> str:
        return self.tr("Paid in") if self.kind == PAID_IN else self.tr("Paid out")

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        name = self._kind_name()
        self.setWindowTitle(name)
        self.title_label.setText(name)
        if self.kind == PAID_IN:
            self.amount_caption.setText(self.tr("Cash put into the drawer (¥)"))
            self.reason_edit.setPlaceholderText(self.tr("e.g. more change from the safe"))
        else:
            self.amount_caption.setText(self.tr("Cash taken out of the drawer (¥)"))
            self.reason_edit.setPlaceholderText(self.tr("e.g. paid the cleaner, to the safe"))
        self.reason_caption.setText(self.tr("Reason (printed on the slip)"))
        self.hint_label.setText(self.tr(
            "Enter: next field / record · The slip prints and the drawer opens · Esc: cancel"))
        self.confirm_button.setText(self.tr("Record (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        if self._error is not None:
            self.error_label.setText(self._error())


# -- X report ----------------------------------------------------------------------------------


class XReportDialog(QDialog):
    """The X report on screen (read on the worker), F5 reads it again, F9 prints it."""

    loaded = Signal(bool)
    printing_finished = Signal(bool)

    def __init__(self, till: Till, worker: Worker, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("x_report_dialog")
        self.setModal(True)
        self.till = till
        self.worker = worker
        self.report: XReport | None = None
        self.error: BaseException | None = None
        self.title_label = label("title")
        self.info_label = label("caption", "x_info", wrap=True)
        self.view = DocumentView("x_document")
        self.print_line = PrintLine(worker)
        self.print_line.finished.connect(self.printing_finished)
        self.refresh_button = dialog_button("refresh")
        self.print_button = dialog_button("print", "primary")
        self.close_button = dialog_button("close")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.title_label)
        layout.addWidget(self.info_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.print_line)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.print_button, 2)
        layout.addLayout(buttons)
        self.resize(self.view.minimumWidth() + 80, 760)
        self.refresh_button.clicked.connect(self.load)
        self.print_button.clicked.connect(self.print_report)
        self.close_button.clicked.connect(self.reject)
        self.shortcuts = key_shortcuts(self, ((Qt.Key.Key_F5, self.load),
                                              (Qt.Key.Key_F9, self.print_report)))
        self.retranslate()
        self.load()

    @Slot()
    def load(self) -> None:
        self.print_button.setEnabled(False)
        submit_for(self, self.worker, self.till.x_report, self._loaded, self._failed)

    def _loaded(self, report: XReport) -> None:
        self.report = report
        self.error = None
        self.view.set_document(report.document)
        self.print_button.setEnabled(True)
        self.retranslate()
        self.loaded.emit(True)

    def _failed(self, error: BaseException) -> None:
        self.error = error
        self.retranslate()
        self.loaded.emit(False)

    @Slot()
    def print_report(self) -> None:
        """An X report is a reading, not a fact: it is printed as it is, not queued."""
        report = self.report
        if report is None or self.print_line.busy:
            return
        printer = self.till.printer
        self.print_line.start(lambda: printer.print_document(f"X-{new_id()}", report.document))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("X report"))
        self.title_label.setText(self.tr("X report (the day so far; nothing is closed)"))
        if self.error is not None:
            set_role(self.info_label, "error")
            self.info_label.setText(describe(self.error))
        elif self.report is None:
            set_role(self.info_label, "caption")
            self.info_label.setText(self.tr("Reading the figures…"))
        else:
            set_role(self.info_label, "caption")
            self.info_label.setText(self.tr("Business day {date} · read at {time}").format(
                date=self.report.business_date, time=self.report.local_time))
        self.refresh_button.setText(self.tr("Read again (F5)"))
        self.print_button.setText(self.tr("Print (F9)"))
        self.close_button.setText(self.tr("Close (Esc)"))


# -- shift close (blind count) -----------------------------------------------------------------


class CloseShiftDialog(QDialog):
    """Blind count: the counted cash goes in first (Enter, then Enter again to confirm); what
    the drawer should hold is shown only once the shift is closed."""

    shift_closed = Signal(object)
    printing_finished = Signal(bool)

    def __init__(self, till: Till, staff: Staff, worker: Worker, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("close_shift_dialog")
        self.setModal(True)
        self.till = till
        self.staff = staff
        self.worker = worker
        self.closed: ClosedShift | None = None
        self.shift = None
        self.armed_fen: int | None = None
        self._error: Message | None = None
        self.title_label = label("title")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_count_page())
        self.pages.addWidget(self._build_result_page())
        self.print_line = PrintLine(worker)
        self.print_line.finished.connect(self.printing_finished)
        self.cancel_button = dialog_button("cancel")
        self.reprint_button = dialog_button("reprint_report")
        self.close_button = dialog_button("close_shift", "primary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.close_button, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.print_line)
        layout.addLayout(buttons)
        self.setMinimumWidth(760)
        self.counted_edit.returnPressed.connect(self.submit)
        self.counted_edit.textEdited.connect(self._edited)
        self.close_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.reprint_button.clicked.connect(self.reprint)
        self.reprint_button.hide()
        outcome = attempt(self.till.current_shift)
        self.shift = outcome.value if outcome.ok else None
        self.retranslate()
        self.counted_edit.setFocus()

    def _build_count_page(self) -> QWidget:
        page = QWidget()
        self.shift_label = label("caption", "shift_info", wrap=True)
        self.counted_caption = label()
        self.counted_edit = QLineEdit()
        self.counted_edit.setObjectName("counted_cash")
        self.counted_edit.setMaxLength(14)
        self.counted_edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.counted_caption.setBuddy(self.counted_edit)
        self.confirm_label = label("notice", "count_confirm", wrap=True)
        self.error_label = label("error", "close_shift_error", wrap=True)
        self.blind_label = label("caption", wrap=True)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.shift_label, self.blind_label, self.counted_caption,
                       self.counted_edit, self.confirm_label, self.error_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        return page

    def _build_result_page(self) -> QWidget:
        page = QWidget()
        self.result_frame = QFrame()
        self.result_frame.setObjectName("shift_result")
        set_role(self.result_frame, "panel")
        self.variance_label = label("title", "cash_variance", wrap=True)
        self.table = FiguresTable("shift_variance", columns=4)
        self.table.setMinimumHeight(160)
        self.counts_label = label("caption", "shift_counts", wrap=True)
        inner = QVBoxLayout(self.result_frame)
        inner.addWidget(self.variance_label)
        inner.addWidget(self.table, 1)
        inner.addWidget(self.counts_label)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.result_frame, 1)
        return page

    def _counted(self) -> int:
        return parse_yuan(self.counted_edit.text())

    @Slot()
    def submit(self) -> None:
        """Enter: the first time asks to confirm the count, the second closes the shift."""
        if self.closed is not None:
            self.accept()
            return
        check = attempt(self._counted)
        if not check.ok:
            self._show_failure(check)
            return
        fen = check.value
        if self.armed_fen != fen:
            self.armed_fen = fen
            self._retranslate_confirm()
            self.counted_edit.setFocus()
            return
        outcome = attempt(lambda: self.till.close_shift(self.staff, fen))
        if not outcome.ok:
            self.armed_fen = None
            self._retranslate_confirm()
            self._show_failure(outcome)
            return
        self._closed(outcome.value)

    def _closed(self, closed: ClosedShift) -> None:
        self.closed = closed
        self.pages.setCurrentIndex(1)
        self.cancel_button.hide()
        self.reprint_button.show()
        self.retranslate()
        self.shift_closed.emit(closed)
        self.print_line.start(lambda: self.till.print_job(closed.print_job_id))

    @Slot()
    def reprint(self) -> None:
        closed = self.closed
        if closed is None or self.print_line.busy:
            return
        self.print_line.start(lambda: self.till.reprint(f"SHIFT-{closed.shift_id}"))

    def variance_rows(self) -> list[tuple[str, str, str, str]]:
        """(tender, expected, counted, variance): cash is counted; the other tenders are what
        the shift took (settled by the card terminal / provider, not counted here)."""
        closed = self.closed
        if closed is None:
            return []
        rows = []
        for kind, expected in closed.expected_by_tender.items():
            if kind == CASH:
                rows.append((tender_label(kind), yuan(expected), yuan(closed.counted_cash_fen),
                             signed_yuan(closed.cash_variance_fen)))
            else:
                rows.append((tender_label(kind), yuan(expected), "—", "—"))
        if CASH not in closed.expected_by_tender:
            rows.insert(0, (tender_label(CASH), yuan(0), yuan(closed.counted_cash_fen),
                            signed_yuan(closed.counted_cash_fen)))
        return rows

    def _edited(self, _text: str) -> None:
        self.armed_fen = None
        self._error = None
        self.error_label.clear()
        self._retranslate_confirm()

    def _show_failure(self, outcome: Outcome) -> None:
        self._error = outcome.message
        self.error_label.setText(outcome.message())
        self.counted_edit.selectAll()
        self.counted_edit.setFocus()

    def reject(self) -> None:
        if self.closed is not None:  # done: Esc just closes
            self.accept()
            return
        super().reject()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Close shift"))
        closed = self.closed
        self.title_label.setText(self.tr("Close shift") if closed is None
                                 else self.tr("Shift closed"))
        shift = self.shift
        self.shift_label.setText(
            self.tr("Shift opened by staff no. {staff_no} · business day {date}").format(
                staff_no=shift.opened_by, date=shift.business_date) if shift is not None
            else self.tr("No shift is open on this till."))
        self.blind_label.setText(self.tr(
            "Count all the cash in the drawer and type the total. What the drawer should hold "
            "is shown after the shift is closed."))
        self.counted_caption.setText(self.tr("Cash counted (¥)"))
        self._retranslate_confirm()
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self.reprint_button.setText(self.tr("Print the report again"))
        self.close_button.setText(self.tr("Close shift (Enter)") if closed is None
                                  else self.tr("Done (Enter)"))
        if self._error is not None:
            self.error_label.setText(self._error())
        if closed is None:
            return
        variance = closed.cash_variance_fen
        if variance < 0:
            text = self.tr("Cash short by {amount}").format(amount=yuan(-variance))
        elif variance > 0:
            text = self.tr("Cash over by {amount}").format(amount=yuan(variance))
        else:
            text = self.tr("The cash balances.")
        self.variance_label.setText(text)
        self.table.set_headers([self.tr("Tender"), self.tr("Expected"), self.tr("Counted"),
                                self.tr("Variance")])
        self.table.set_rows(self.variance_rows())
        summary = closed.summary
        self.counts_label.setText(self.tr(
            "Float {float} · {sales} sale(s) · {refunds} refund(s)").format(
                float=yuan(summary.get("float_fen", 0)), sales=summary.get("sales_count", 0),
                refunds=summary.get("refunds_count", 0)))

    def _retranslate_confirm(self) -> None:
        if self.armed_fen is None:
            self.confirm_label.clear()
            self.confirm_label.hide()
            return
        self.confirm_label.show()
        self.confirm_label.setText(self.tr(
            "Close the shift with {amount} counted? Press Enter again to close it; the count "
            "cannot be changed afterwards.").format(amount=yuan(self.armed_fen)))


# -- day close (Z) -----------------------------------------------------------------------------


class DayCloseDialog(QDialog):
    """The day's figures so far, then (Enter) the Z report: totals on screen, printed."""

    loaded = Signal(bool)
    day_closed = Signal(object)
    printing_finished = Signal(bool)

    def __init__(self, till: Till, staff: Staff, worker: Worker, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("day_close_dialog")
        self.setModal(True)
        self.till = till
        self.staff = staff
        self.worker = worker
        self.preview: XReport | None = None
        self.closed: DayClosed | None = None
        self.approval = None
        self.ready = False
        self._error: Message | None = None
        self._note: Message | None = None
        self.title_label = label("title")
        self.info_label = label("caption", "z_info", wrap=True)
        self.table = FiguresTable("z_figures")
        self.view = DocumentView("z_document")
        columns = QHBoxLayout()
        columns.addWidget(self.table, 5)
        columns.addWidget(self.view, 4)
        self.error_label = label("error", "z_error", wrap=True)
        self.note_label = label("caption", "z_note", wrap=True)
        self.print_line = PrintLine(worker)
        self.print_line.finished.connect(self.printing_finished)
        self.cancel_button = dialog_button("cancel")
        self.reprint_button = dialog_button("reprint_z")
        self.close_day_button = dialog_button("close_day", "primary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.close_day_button, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addWidget(self.info_label)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.note_label)
        layout.addWidget(self.print_line)
        layout.addLayout(buttons)
        self.setMinimumSize(1100, 740)
        self.close_day_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.reprint_button.clicked.connect(self.reprint)
        self.reprint_button.hide()
        self.close_day_button.setEnabled(False)
        self.print_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F9), self)
        self.print_shortcut.activated.connect(self.reprint)
        self.retranslate()
        submit_for(self, worker, till.x_report, self._loaded, self._load_failed)

    # -- behaviour --------------------------------------------------------------------------

    @property
    def totals(self) -> Mapping[str, Any] | None:
        """The Z totals on screen: the closed day's, or the open day's so far."""
        if self.closed is not None:
            return self.closed.totals
        return self.preview.day if self.preview is not None else None

    def _loaded(self, report: XReport) -> None:
        self.preview = report
        self.ready = True
        self.close_day_button.setEnabled(self.closed is None)
        if self.closed is None:
            self.view.set_document(report.document)
        self.retranslate()
        self.loaded.emit(True)

    def _load_failed(self, error: BaseException) -> None:
        self.ready = True
        self.close_day_button.setEnabled(self.closed is None)
        self._error = lambda: describe(error)
        self.retranslate()
        self.loaded.emit(False)

    def keyPressEvent(self, event) -> None:
        if event.key() in ENTER_KEYS:
            self.submit()
            return
        super().keyPressEvent(event)

    @Slot()
    def submit(self) -> None:
        """Enter: close the day (asks for a manager's approval when needed); once closed,
        Enter closes the window."""
        if self.closed is not None:
            self.accept()
            return
        if not self.ready or self.approval is not None:
            return
        staff = self.staff
        self._error = None
        self._note = None
        run_restricted(self, lambda approver: self.till.close_day(staff, approver=approver),
                       self._closed, self._refused, subject=self._subject,
                       declined=self._not_approved)
        self.retranslate()

    def _subject(self) -> str:
        day = self.preview.business_date if self.preview is not None else ""
        return self.tr("Z report: close business day {date}").format(date=day)

    def _closed(self, closed: DayClosed) -> None:
        self.closed = closed
        self._error = None
        self._note = None
        self.view.set_document(closed.document)
        self.close_day_button.setEnabled(True)
        self.cancel_button.hide()
        self.reprint_button.show()
        self.retranslate()
        self.day_closed.emit(closed)
        self.print_line.start(lambda: self.till.print_job(closed.print_job_id))

    def _refused(self, outcome: Outcome) -> None:
        self._error = outcome.message
        self.retranslate()

    def _not_approved(self) -> None:
        self._note = lambda: self.tr("Not approved: the day is still open.")
        self.retranslate()

    @Slot()
    def reprint(self) -> None:
        closed = self.closed
        if closed is None or self.print_line.busy:
            return
        self.print_line.start(lambda: self.till.reprint(f"Z-{closed.business_date}"))

    def reject(self) -> None:
        if self.closed is not None:
            self.accept()
            return
        super().reject()

    # -- figures ----------------------------------------------------------------------------

    def figure_rows(self, totals: Mapping[str, Any]) -> tuple[list[tuple[str, str]], list[bool]]:
        """The Z totals as (label, amount) rows with headings, and which rows are bold."""
        rows: list[tuple[str, str]] = []
        bold: list[bool] = []

        def add(text: str, fen: int | None = None, heavy: bool = False) -> None:
            rows.append((text, "" if fen is None else yuan(fen)))
            bold.append(heavy)

        add(self.tr("Sales ({count})").format(count=totals["sales_count"]), totals["sales_fen"])
        add(self.tr("Before discounts"), totals["original_fen"])
        add(self.tr("Discounts"), -totals["discount_fen"])
        add(self.tr("Store rounding"), -totals["rounding_fen"])
        add(self.tr("Refunds ({count})").format(count=totals["refunds_count"]),
            -totals["refunds_fen"])
        add(self.tr("Net"), totals["net_fen"], True)
        add(self.tr("Voids ({count})").format(count=totals["voids_count"]), totals["voids_fen"])
        add(self.tr("Paid in"), totals["paid_in_fen"])
        add(self.tr("Paid out"), -totals["paid_out_fen"])
        add(self.tr("By tender"), heavy=True)
        for kind, fen in totals["by_tender"].items():
            add(tender_label(kind), fen)
        add(self.tr("By category"), heavy=True)
        for key, fen in totals["by_category"].items():
            add(key or self.tr("(no category)"), fen)
        add(self.tr("By cashier"), heavy=True)
        for staff_no, fen in totals["by_cashier"].items():
            add(self.tr("Staff no. {staff_no}").format(staff_no=staff_no), fen)
        add(self.tr("By hour"), heavy=True)
        for hour, fen in totals["by_hour"].items():
            add(f"{hour}:00", fen)
        return rows, bold

    # -- translation ------------------------------------------------------------------------

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Close the day (Z report)"))
        closed = self.closed
        if closed is not None:
            self.title_label.setText(self.tr("Z report: business day {date} is closed").format(
                date=closed.business_date))
            by = self.tr("Closed by staff no. {staff_no}").format(staff_no=closed.closed_by)
            if closed.approved_by:
                by += " · " + self.tr("approved by staff no. {staff_no}").format(
                    staff_no=closed.approved_by)
            self.info_label.setText(by + " · " + self.tr(
                "New sales belong to the next business day."))
        else:
            self.title_label.setText(self.tr("Close the day (Z report)"))
            if self.preview is None:
                self.info_label.setText(self.tr("Reading the day's figures…"))
            else:
                self.info_label.setText(self.tr(
                    "Business day {date} so far. Closing the day prints the Z report; the "
                    "shift must be closed first, and sales after it belong to the next "
                    "business day.").format(date=self.preview.business_date))
        totals = self.totals
        self.table.set_headers(["", ""])
        if totals is not None:
            rows, bold = self.figure_rows(totals)
            self.table.set_rows(rows, bold)
        self.error_label.setText(self._error() if self._error else "")
        self.note_label.setText(self._note() if self._note else "")
        self.error_label.setVisible(self._error is not None)
        self.note_label.setVisible(self._note is not None)
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self.reprint_button.setText(self.tr("Print again (F9)"))
        self.close_day_button.setText(self.tr("Close the day (Enter)") if closed is None
                                      else self.tr("Done (Enter)"))
