"""Ringing up a sale: the scan field, the lines, the totals, the sale operations, payment,
receipts.

Keyboard first, every key also a large button:
F2 find a product · F3 member level · F4 quantity · F5 line discount · Shift+F5 sale discount ·
F6 price override · F7 suspend (挂单) · Shift+F7 take back (取单) · Del void line ·
F8 / Ctrl+Del void sale · F9 reprint · F10 log out · F12 pay.
Restricted actions ask for another staff member's number + PIN (ApprovalDialog) and run the same
service call again with their credentials. The focus comes back to the scan field after every
dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from time import monotonic
from typing import Any, TypeVar

from pos_app.domain.errors import EmptySale, PosError
from pos_app.domain.money import format_yuan
from pos_app.domain.roles import ApprovalNeeded
from pos_app.domain.sale import FixedLine, SaleLine
from pos_app.domain.sale_pricing import MANUAL_LINE, MANUAL_SALE, SalePrice
from pos_app.domain.staff import Staff
from pos_app.domain.tender import TENDER_NAMES, TenderKind, TenderStatus
from pos_app.qt import (
    QAbstractItemView,
    QApplication,
    QCoreApplication,
    QDialog,
    QEvent,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.services.approvals import Credentials
from pos_app.services.checkout import CompletedSale
from pos_app.services.lookup import UnknownItemCode
from pos_app.services.ports import PrinterFailed
from pos_app.services.till import Till
from pos_app.ui.approval_dialog import ApprovalDialog
from pos_app.ui.background import Worker
from pos_app.ui.counter_input import is_card_read
from pos_app.ui.dialogs import key_shortcuts
from pos_app.ui.discount_dialog import DiscountDialog
from pos_app.ui.errors import Outcome, attempt, describe
from pos_app.ui.finder_dialog import FinderDialog
from pos_app.ui.lines_model import (
    COL_AMOUNT,
    COL_DISCOUNT,
    COL_NAME,
    COL_NO,
    COL_PRICE,
    COL_QTY,
    LinesModel,
)
from pos_app.ui.manager_menu import ManagerMenu
from pos_app.ui.member_dialog import MemberDialog
from pos_app.ui.price_dialog import PriceDialog
from pos_app.ui.return_dialog import ReturnDialog
from pos_app.ui.style import TABLE_ROW_HEIGHT, set_role
from pos_app.ui.suspended_dialog import SuspendedDialog
from pos_app.ui.tender_dialog import TenderDialog
from pos_app.ui.void_dialog import VoidSaleDialog

Message = Callable[[], str]
T = TypeVar("T")
log = logging.getLogger(__name__)
DIALOG_GONE_MS = 50
EXTRA_LINE_PX = 26  # each further text line of a row
RECLAIM_S = 2.0  # after a dialog closed, how long the till window takes its activation back
ACCEPTED = QDialog.DialogCode.Accepted.value


def tender_name(kind: TenderKind) -> str:
    return QCoreApplication.translate("tender", TENDER_NAMES[kind])


PRINT_RETRY_MS = 20_000


class SalePage(QWidget):
    logout_requested = Signal()
    #: A sale was committed (CompletedSale): the status bar refreshes at once.
    sale_completed = Signal(object)
    #: Something else was written (refund, shift, cash movement, Z, drawer): refresh the status.
    fact_recorded = Signal()
    #: A print job finished: (ok: bool). For tests and the demo driver.
    printing_finished = Signal(bool)
    #: A manager saved device settings (the role).
    devices_saved = Signal(str)

    def __init__(self, till: Till, worker: Worker, parent=None) -> None:
        super().__init__(parent)
        self.till = till
        self.worker = worker
        self.staff: Staff | None = None
        self.last_sale: CompletedSale | None = None
        #: The dialog open over the page (one at a time), if any.
        self.dialog: QDialog | None = None
        self._message: tuple[Message, str] | None = None
        self._print_problem: Message | None = None
        self._print_note: Message | None = None
        self._level_names: dict[str, str] = {}
        self._reclaim_until = 0.0  # monotonic time until which a lost activation is reclaimed
        #: Tells scans from typing in the scan field (set by the main window).
        self.wedge = None
        # While receipts wait for the printer, try again now and then: paper reloaded or the
        # printer switched back on is then noticed without the cashier pressing anything.
        self.print_retry_timer = QTimer(self)
        self.print_retry_timer.setInterval(PRINT_RETRY_MS)
        self.print_retry_timer.timeout.connect(self._retry_in_background)
        self.model = LinesModel(till.new_sale(), self)
        self._build()
        self._connect()
        self.retranslate()
        self._update_totals()

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.cashier_label = QLabel()
        set_role(self.cashier_label, "caption")
        self.reprint_button = self._button("reprint")
        self.logout_button = self._button("logout")
        top = QHBoxLayout()
        top.addWidget(self.cashier_label, 1)
        top.addWidget(self.reprint_button)
        top.addWidget(self.logout_button)

        self.scan_label = QLabel()
        self.scan_edit = QLineEdit()
        self.scan_edit.setObjectName("scan")
        self.scan_edit.setMaxLength(40)
        self.scan_label.setBuddy(self.scan_edit)
        self.message_label = QLabel()
        self.message_label.setObjectName("sale_message")
        self.message_label.setWordWrap(True)
        set_role(self.message_label, "error")

        self._build_done_panel()

        self.print_frame = QFrame()
        self.print_frame.setObjectName("print_problem")
        set_role(self.print_frame, "warning")
        self.print_problem_label = QLabel()
        self.print_problem_label.setWordWrap(True)
        self.retry_button = self._button("retry_print")
        problem = QHBoxLayout(self.print_frame)
        problem.addWidget(self.print_problem_label, 1)
        problem.addWidget(self.retry_button)
        self.print_frame.hide()

        self._build_table()
        self._build_keys()
        self.help_label = QLabel()
        self.help_label.setObjectName("keys_help")
        self.help_label.setWordWrap(True)
        set_role(self.help_label, "caption")

        left = QVBoxLayout()
        left.addWidget(self.scan_label)
        left.addWidget(self.scan_edit)
        left.addWidget(self.message_label)
        left.addWidget(self.done_frame)
        left.addWidget(self.print_frame)
        left.addWidget(self.table, 1)
        left.addWidget(self.keys_frame)
        left.addWidget(self.help_label)

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self._build_totals())
        page = QVBoxLayout(self)
        page.setContentsMargins(16, 12, 16, 8)
        page.addLayout(top)
        page.addLayout(body, 1)

    def _build_done_panel(self) -> None:
        self.done_frame = QFrame()
        self.done_frame.setObjectName("done_panel")
        set_role(self.done_frame, "done")
        self.receipt_label = QLabel()
        self.receipt_label.setObjectName("receipt_no")
        set_role(self.receipt_label, "title")
        self.change_label = QLabel()
        self.change_label.setObjectName("last_change")
        set_role(self.change_label, "change")
        self.print_note = QLabel()
        set_role(self.print_note, "caption")
        self.tender_note = QLabel()
        self.tender_note.setObjectName("last_tenders")
        self.tender_note.setWordWrap(True)
        set_role(self.tender_note, "caption")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pending_confirmation")
        self.pending_label.setWordWrap(True)
        set_role(self.pending_label, "notice")
        done = QHBoxLayout(self.done_frame)
        done_text = QVBoxLayout()
        done_text.addWidget(self.receipt_label)
        done_text.addWidget(self.tender_note)
        done_text.addWidget(self.pending_label)
        done_text.addWidget(self.print_note)
        done.addLayout(done_text, 1)
        done.addWidget(self.change_label)
        self.pending_label.hide()
        self.done_frame.hide()

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setObjectName("lines")
        self.table.setModel(self.model)
        self.table.setItemDelegate(QStyledItemDelegate(self.table))
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setMinimumSectionSize(TABLE_ROW_HEIGHT)
        rows.setDefaultSectionSize(TABLE_ROW_HEIGHT)
        header = self.table.horizontalHeader()
        for column in (COL_NAME, COL_DISCOUNT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_NO, 48), (COL_QTY, 100), (COL_PRICE, 110),
                              (COL_AMOUNT, 110)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, width)

    def _build_keys(self) -> None:
        """The sale operations as large buttons, each naming its key."""
        self.keys_frame = QFrame()
        self.keys_frame.setObjectName("keys")
        grid = QGridLayout(self.keys_frame)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setSpacing(6)
        self.op_buttons: dict[str, QPushButton] = {}
        for n, (name, key, slot) in enumerate(self._operations()):
            button = self._button(name)
            button.clicked.connect(slot)
            button.setProperty("key", key)
            grid.addWidget(button, n // 5, n % 5)
            self.op_buttons[name] = button
        self.qty_button = self.op_buttons["change_qty"]
        self.delete_button = self.op_buttons["delete_line"]
        set_role(self.delete_button, "danger")
        set_role(self.op_buttons["void_sale"], "danger")

    def _operations(self) -> list[tuple[str, str, Callable[[], None]]]:
        return [
            ("find", "F2", self.open_finder),
            ("member", "F3", self.open_member),
            ("change_qty", "F4", self.edit_quantity),
            ("line_discount", "F5", self.open_line_discount),
            ("sale_discount", "Shift+F5", self.open_sale_discount),
            ("price", "F6", self.open_price_override),
            ("suspend", "F7", self.suspend_sale),
            ("resume", "Shift+F7", self.open_resume),
            ("delete_line", "Del", self.delete_selected),
            ("void_sale", "F8", self.confirm_void_sale),
            ("return", "F11", self.open_return),
            ("manager", "F1", self.open_manager),
        ]

    def _build_totals(self) -> QFrame:
        totals = QFrame()
        totals.setObjectName("totals")
        set_role(totals, "panel")
        self.count_caption, self.count_label = self._figure("item_count", "title")
        self.original_caption, self.original_label = self._figure("original")
        self.discount_caption, self.discount_label = self._figure("discount_total")
        self.discount_detail_label = QLabel()
        self.discount_detail_label.setObjectName("discount_detail")
        self.discount_detail_label.setWordWrap(True)
        set_role(self.discount_detail_label, "caption")
        self.member_caption, self.member_label = self._figure("member_level")
        self.total_caption = QLabel()
        set_role(self.total_caption, "caption")
        self.total_label = QLabel()
        self.total_label.setObjectName("total")
        set_role(self.total_label, "total")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.cash_button = self._button("cash")
        set_role(self.cash_button, "primary")
        self.cash_button.setMinimumHeight(88)

        side = QVBoxLayout(totals)
        side.setContentsMargins(20, 16, 20, 16)
        figures = QGridLayout()
        figures.setHorizontalSpacing(12)
        for row, (caption, value) in enumerate((
                (self.count_caption, self.count_label),
                (self.original_caption, self.original_label),
                (self.discount_caption, self.discount_label),
                (self.member_caption, self.member_label))):
            figures.addWidget(caption, row, 0)
            figures.addWidget(value, row, 1)
        side.addLayout(figures)
        side.addWidget(self.discount_detail_label)
        side.addSpacing(8)
        side.addWidget(self.total_caption)
        side.addWidget(self.total_label)
        side.addStretch(1)
        side.addWidget(self.cash_button)
        totals.setFixedWidth(340)
        return totals

    @staticmethod
    def _figure(name: str, role: str = "figure") -> tuple[QLabel, QLabel]:
        caption = QLabel()
        set_role(caption, "caption")
        value = QLabel()
        value.setObjectName(name)
        set_role(value, role)
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return caption, value

    @staticmethod
    def _button(name: str) -> QPushButton:
        """Buttons never take the focus: it stays in the scan field."""
        button = QPushButton()
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _connect(self) -> None:
        self.scan_edit.returnPressed.connect(self.submit_scan)
        self.scan_edit.installEventFilter(self)
        self.scan_edit.textEdited.connect(self._typing)
        self.cash_button.clicked.connect(self.open_cash)
        self.reprint_button.clicked.connect(self.reprint_last)
        self.retry_button.clicked.connect(self.retry_printing)
        self.logout_button.clicked.connect(self.request_logout)
        self.model.rejected.connect(self._quantity_rejected)
        self.model.totals_changed.connect(self._update_totals)
        self.model.totals_changed.connect(self._fit_rows)
        self.table.itemDelegate().closeEditor.connect(self._editor_closed)
        self.table.clicked.connect(lambda _index: self.focus_scan())
        QApplication.instance().focusChanged.connect(self._focus_changed)
        keys = [("F12", self.open_cash), ("F9", self.reprint_last),
                ("F10", self.request_logout)]
        keys += [(key, slot) for name, key, slot in self._operations() if key != "Del"]
        self.shortcuts = key_shortcuts(self, keys, Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- session ----------------------------------------------------------------------------

    def start(self, staff: Staff, store_text: str) -> None:
        self.staff = staff
        self._store_text = store_text
        self.model.set_sale(self.till.new_sale())
        self.last_sale = None
        self.done_frame.hide()
        self._clear_message()
        self.scan_edit.clear()
        self._load_level_names()
        self.retranslate()
        self.focus_scan()

    @property
    def sale(self):
        return self.model.sale

    @property
    def tender_dialog(self) -> TenderDialog | None:
        return self.dialog if isinstance(self.dialog, TenderDialog) else None

    #: The payment dialog (it opens on cash), under the name the cash-only dialog had.
    cash_dialog = tender_dialog

    @Slot()
    def focus_scan(self) -> None:
        if self.isVisible() and self.dialog is None:
            self.scan_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(QWidget, QWidget)
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Whatever took the focus inside this page (other than a line editor) gives it back."""
        if new is self.scan_edit or not self.isVisible():
            return
        if new is None:  # e.g. the quantity editor closed and nothing else took the focus
            if QApplication.activeWindow() is None and monotonic() < self._reclaim_until:
                # A dialog's window was just hidden and the platform reported it late: the
                # till window lost the activation it had got back (seen offscreen, under load).
                QTimer.singleShot(0, self._reclaim_window)
            elif old is not None and self.isAncestorOf(old):
                QTimer.singleShot(0, self.focus_scan)
            return
        if not self.isAncestorOf(new):
            return
        if self.table.viewport().isAncestorOf(new):  # editing a quantity in the table
            return
        QTimer.singleShot(0, self.focus_scan)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.scan_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self._move_selection(-1 if key == Qt.Key.Key_Up else 1)
                return True
            if key == Qt.Key.Key_Delete and ctrl:
                self.confirm_void_sale()
                return True
            if key == Qt.Key.Key_Delete and not self.scan_edit.text():
                self.delete_selected()
                return True
        return super().eventFilter(watched, event)

    def _ready(self, *, needs_lines: bool = False) -> bool:
        """May an operation start now? (logged in, no dialog open, lines if it needs them)"""
        if self.dialog is not None or self.staff is None:
            return False
        if needs_lines and self.model.sale.is_empty():
            self._show_error(Outcome(error=EmptySale()))
            return False
        return True

    # -- dialogs ----------------------------------------------------------------------------

    def _open(self, dialog: QDialog, on_done: Callable[[Any, int], None]) -> None:
        """Show `dialog` over the page; on_done(dialog, result) runs when it closes, then the
        focus goes back to the scan field (unless on_done opened the next dialog)."""
        self.dialog = dialog
        dialog.finished.connect(lambda result, d=dialog: self._closed(d, result, on_done))
        dialog.open()

    def _closed(self, dialog: QDialog, result: int, on_done: Callable[[Any, int], None]) -> None:
        if self.dialog is not dialog:  # finished twice: handled already
            return
        self.dialog = None
        self._reclaim_until = monotonic() + RECLAIM_S
        dialog.deleteLater()
        try:
            on_done(dialog, result)
        finally:
            self.focus_scan()
            QTimer.singleShot(DIALOG_GONE_MS, self._reclaim_window)

    @Slot()
    def _reclaim_window(self) -> None:
        """Once the dialog's window is gone, make sure the till window is active again."""
        if self.dialog is not None:
            return
        active = QApplication.activeWindow()
        if self.isVisible() and (active is None or not active.isVisible()):
            self.window().activateWindow()
        self.focus_scan()

    def _restricted(self, call: Callable[[Credentials | None], T],
                    done: Callable[[T], None], *, subject: Message | None,
                    amount_fen: int | None, row: int = -1) -> None:
        """Run a service call that may need approval: as the cashier first; on ApprovalNeeded
        ask another staff member and run it again with their credentials."""
        outcome = attempt(lambda: self.model.change(lambda _sale: call(None)))
        if isinstance(outcome.error, ApprovalNeeded):
            self._ask_approval(outcome.error, call, done, subject=subject,
                               amount_fen=amount_fen, row=row)
        elif outcome.ok:
            done(outcome.value)
        else:
            self._select_row(row)
            self._show_error(outcome)

    def _ask_approval(self, needed: ApprovalNeeded, call: Callable[[Credentials | None], T],
                      done: Callable[[T], None], *, subject: Message | None,
                      amount_fen: int | None, row: int = -1) -> None:
        self._select_row(row)
        dialog = ApprovalDialog(
            needed, lambda credentials: self.model.change(lambda _sale: call(credentials)),
            subject=subject, amount_fen=amount_fen, parent=self)

        def closed(d: ApprovalDialog, result: int) -> None:
            if result == ACCEPTED:
                done(d.result_value)
                return
            self._select_row(row)
            self._show_info(lambda: self.tr("Not approved: nothing was changed."))

        self._open(dialog, closed)

    @Slot()
    def _fit_rows(self) -> None:
        """Weighed goods and lines with several discounts take more than one text line: give
        those rows the height (cheaper than letting the view measure every cell)."""
        for row in range(self.model.rowCount()):
            height = TABLE_ROW_HEIGHT + (self.model.text_lines(row) - 1) * EXTRA_LINE_PX
            if self.table.rowHeight(row) != height:
                self.table.setRowHeight(row, height)

    def _current_line(self) -> tuple[int, SaleLine | None]:
        """The selected line, or the last one (selected then)."""
        row = self.selected_row()
        if row < 0 and self.model.rowCount():
            row = self.model.rowCount() - 1
            self._select_row(row)
        return row, self.model.line_at(row)

    # -- scanning and lines -----------------------------------------------------------------

    @Slot()
    def submit_scan(self) -> None:
        text = self.scan_edit.text().strip()
        if not text:
            return
        source = self.wedge.was_burst(self.scan_edit, text) if self.wedge else None
        burst = self.wedge.last_entry_burst(self.scan_edit) if source else None
        code = burst.text if burst is not None else text  # without a scanner's prefix
        if is_card_read(source, code):
            if self._identify_member(code):
                self.scan_edit.clear()
            else:
                self.scan_edit.selectAll()
            return
        if self._scan_item(code):
            self.scan_edit.clear()
        else:
            self.scan_edit.selectAll()

    def _scan_item(self, code: str) -> bool:
        """Add the item; a code no item has may be a member card (a reader that types the
        card's number like a scanner). Shows what went wrong; True when something was done."""
        selected = self.selected_row()
        outcome = attempt(lambda: self.model.change(lambda sale: self.till.scan(sale, code)))
        if outcome.ok:
            self._line_added(outcome.value)
            return True
        self._select_row(selected)
        if isinstance(outcome.error, UnknownItemCode) and self._member_by_card_quietly(code):
            return True
        self._show_error(outcome)
        return False

    def _member_by_card_quietly(self, code: str) -> bool:
        outcome = attempt(lambda: self.model.change(
            lambda sale: self.till.identify_member(sale, code)))
        if outcome.ok:
            self._member_identified(outcome.value)
        return outcome.ok

    def _identify_member(self, card_data: str, *, normalised: bool = False) -> bool:
        outcome = attempt(lambda: self.model.change(
            lambda sale: self.till.identify_member(sale, card_data, normalised=normalised)))
        if not outcome.ok:
            self._show_error(outcome)
            return False
        self._member_identified(outcome.value)
        return True

    def _member_identified(self, member) -> None:
        self._load_level_names()
        self._update_totals()
        name, level = member.display_name, member.level_code
        level_name = self._level_names.get(level, level) if level else ""
        self._show_info(lambda: self.tr("Member {name} {level}").format(
            name=name, level=level_name).strip(), role="notice")

    @Slot(str, str)
    def handle_code(self, source: str, text: str) -> None:
        """A scan or card read that did not go into a text field: a wedge burst while the
        focus was elsewhere in the window, or a serial scanner."""
        if self._can_take_read(text):
            if is_card_read(source, text):
                self._identify_member(text)
            else:
                self._scan_item(text)
            self.focus_scan()

    @Slot(str)
    def handle_card_number(self, card_no: str) -> None:
        """A serial card reader's read, already in the store's card number format."""
        if self._can_take_read(card_no):
            self._identify_member(card_no, normalised=True)
            self.focus_scan()

    def _can_take_read(self, text: str) -> bool:
        if self.staff is None or not self.isVisible():
            return False  # the login page: nobody to sell for yet
        if self.dialog is not None:
            self._show_info(lambda: self.tr(
                "Read “{code}” but a dialog is open: finish it, then scan again.").format(
                    code=text), role="error")
            return False
        return True

    @Slot(str)
    def show_device_problem(self, message: str) -> None:
        self._show_info(lambda: message, role="error")

    def _line_added(self, line: SaleLine) -> None:
        self._clear_message()
        self.done_frame.hide()
        self._select_row(self.model.row_of(line))

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.clearSelection()

    def _move_selection(self, step: int) -> None:
        rows = self.model.rowCount()
        if rows:
            current = self.selected_row()
            start = rows - 1 if current < 0 else current + step
            self._select_row(max(0, min(rows - 1, start)))

    @Slot()
    def edit_quantity(self) -> None:
        if not self._ready():
            return
        row, line = self._current_line()
        if line is None:
            return
        if line.is_fixed:
            self._show_error(Outcome(error=FixedLine(line_no=line.line_no)))
            return
        index = self.model.index(row, COL_QTY)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def _editor_closed(self, _editor=None, _hint=None) -> None:
        QTimer.singleShot(0, self.focus_scan)

    @Slot(object)
    def _quantity_rejected(self, error) -> None:
        self._show_error(Outcome(error=error))

    @Slot()
    def delete_selected(self) -> None:
        """Void the selected line (kept for the audit trail; approval if the role needs it)."""
        if not self._ready():
            return
        row = self.selected_row()
        line = self.model.line_at(row)
        if line is None:
            self.focus_scan()
            return
        staff, sale = self.staff, self.model.sale
        assert staff is not None

        def voided(_line: SaleLine) -> None:
            self._clear_message()
            self._select_row(min(row, self.model.rowCount() - 1))

        self._restricted(
            lambda approver: self.till.void_line(staff, sale, line.line_no, approver), voided,
            subject=lambda: self._line_subject(line), amount_fen=line.amount_fen, row=row)
        self.focus_scan()

    @staticmethod
    def _line_subject(line: SaleLine) -> str:
        return f"{line.line_no}. {line.product.name}"

    # -- discounts and prices ---------------------------------------------------------------

    @Slot()
    def open_line_discount(self) -> None:
        if not self._ready(needs_lines=True):
            return
        row, line = self._current_line()
        if line is None:
            return
        staff, sale = self.staff, self.model.sale
        assert staff is not None
        price = self.model.price_of(line)
        base = line.amount_fen if price is None else price.original_fen - sum(
            d.amount_fen for d in price.discounts if d.stage == "line")

        def call(fen: int, approver: Credentials | None) -> SaleLine:
            return self.till.discount_line(staff, sale, line.line_no, fen, approver)

        self._value_dialog(
            DiscountDialog(lambda: self._line_subject(line), base, line.discount_fen,
                           lambda fen: self.model.change(lambda _sale: call(fen, None)),
                           whole_sale=False, parent=self),
            call, lambda _fen: lambda: self._line_subject(line), row)

    @Slot()
    def open_sale_discount(self) -> None:
        if not self._ready(needs_lines=True):
            return
        staff, sale = self.staff, self.model.sale
        assert staff is not None
        priced = sale.priced
        base = priced.total_fen + sum(d.amount_fen for x in priced.lines for d in x.discounts
                                      if d.rule_id == MANUAL_SALE)
        row = self.selected_row()

        def call(fen: int, approver: Credentials | None) -> None:
            self.till.discount_sale(staff, sale, fen, approver)

        def subject() -> str:
            return self.tr("Whole sale: {count} item(s)").format(count=sale.item_count)

        self._value_dialog(
            DiscountDialog(subject, base, sale.discount_fen,
                           lambda fen: self.model.change(lambda _sale: call(fen, None)),
                           whole_sale=True, parent=self),
            call, lambda _fen: subject, row)

    @Slot()
    def open_price_override(self) -> None:
        if not self._ready(needs_lines=True):
            return
        row, line = self._current_line()
        if line is None:
            return
        if line.is_fixed:
            self._show_error(Outcome(error=FixedLine(line_no=line.line_no)))
            return
        staff, sale = self.staff, self.model.sale
        assert staff is not None
        old = line.unit_price_fen

        def call(fen: int, approver: Credentials | None) -> SaleLine:
            return self.till.override_price(staff, sale, line.line_no, fen, approver)

        def subject(fen: int) -> Message:
            return lambda: f"{self._line_subject(line)}: ¥{format_yuan(old)} → ¥{format_yuan(fen)}"

        self._value_dialog(
            PriceDialog(line, lambda fen: self.model.change(lambda _sale: call(fen, None)),
                        parent=self),
            call, subject, row)

    def _value_dialog(self, dialog, call: Callable[[int, Credentials | None], Any],
                      subject: Callable[[int], Message], row: int) -> None:
        """Open a ValueDialog; if the value it applied needs approval, ask for it and retry
        the same call with the approver's credentials. `subject(fen)` says what is approved."""

        def closed(d, result: int) -> None:
            if d.approval_needed is not None and d.value_fen is not None:
                fen = d.value_fen
                self._ask_approval(d.approval_needed, lambda approver: call(fen, approver),
                                   lambda _value: self._select_row(row), subject=subject(fen),
                                   amount_fen=fen, row=row)
                return
            self._select_row(row)
            if result == ACCEPTED:
                self._clear_message()

        self._open(dialog, closed)

    # -- member, finder ---------------------------------------------------------------------

    @Slot()
    def open_member(self) -> None:
        if not self._ready():
            return
        outcome = attempt(self.till.member_levels)
        if not outcome.ok:
            self._show_error(outcome)
            return
        levels = outcome.value
        if not levels:
            self._show_info(lambda: self.tr("Head office has not sent any member levels yet."),
                            role="error")
            return
        self._level_names = {x.code: x.name or x.code for x in levels}
        row = self.selected_row()

        def closed(d: MemberDialog, result: int) -> None:
            if result != ACCEPTED:
                return
            code = d.level_code
            changed = attempt(lambda: self.model.change(lambda sale: sale.set_member_level(code)))
            self._select_row(row)
            if not changed.ok:
                self._show_error(changed)
            else:
                self._clear_message()

        self._open(MemberDialog(levels, self.model.sale.member_level, self), closed)

    def _load_level_names(self) -> None:
        outcome = attempt(self.till.member_levels)
        if outcome.ok:
            self._level_names = {x.code: x.name or x.code for x in outcome.value}

    @Slot()
    def open_finder(self) -> None:
        if not self._ready():
            return

        def closed(d: FinderDialog, result: int) -> None:
            product = d.product
            if result != ACCEPTED or product is None:
                return
            outcome = attempt(lambda: self.model.change(lambda sale: sale.add(product, None)))
            if not outcome.ok:
                self._show_error(outcome)
                return
            self._line_added(outcome.value)

        self._open(FinderDialog(self.till.search_products, self), closed)

    # -- suspend, resume, void --------------------------------------------------------------

    @Slot()
    def suspend_sale(self) -> None:
        if not self._ready(needs_lines=True):
            return
        staff, sale = self.staff, self.model.sale
        assert staff is not None
        count, total = sale.item_count, sale.total_fen
        outcome = attempt(lambda: self.till.suspend(staff, sale))
        if not outcome.ok:
            self._show_error(outcome)
            return
        self.model.set_sale(self.till.new_sale())
        self.done_frame.hide()
        self._show_info(lambda: self.tr(
            "Sale suspended ({count} item(s), ¥{total}). Shift+F7 takes it back.").format(
                count=count, total=format_yuan(total)))

    @Slot()
    def open_return(self) -> None:
        """F11: a return (by receipt, or without one), as its own transaction."""
        if not self._ready() or not self._no_open_sale():
            return
        dialog = ReturnDialog(self.till, self.staff, self.worker, self)
        dialog.refund_completed.connect(lambda _done: self.fact_recorded.emit())
        self._open(dialog, lambda _d, _result: None)

    @Slot()
    def open_manager(self) -> None:
        """F1: shifts, paid-in/out, X and Z reports, drawer, reprint by number, returns."""
        if not self._ready() or not self._no_open_sale():
            return
        menu = ManagerMenu(self.till, self.staff, self.worker, self, wedge=self.wedge)
        menu.fact_recorded.connect(self.fact_recorded.emit)
        menu.devices_saved.connect(self.devices_saved.emit)
        self._open(menu, lambda _d, _result: None)

    def _no_open_sale(self) -> bool:
        if self.model.sale.is_empty():
            return True
        self._show_info(lambda: self.tr(
            "Finish or suspend the open sale first."), role="error")
        return False

    @Slot()
    def open_resume(self) -> None:
        if not self._ready():
            return
        if not self.model.sale.is_empty():
            self._show_info(lambda: self.tr(
                "Finish or suspend the open sale before taking back another one."), role="error")
            return
        outcome = attempt(self.till.suspended_sales)
        if not outcome.ok:
            self._show_error(outcome)
            return
        if not outcome.value:
            self._show_info(lambda: self.tr("There are no suspended sales."))
            return
        zone = attempt(lambda: self.till.identity().timezone).value

        def closed(d: SuspendedDialog, result: int) -> None:
            chosen = d.suspended_id
            if result != ACCEPTED or chosen is None:
                return
            resumed = attempt(lambda: self.till.resume(chosen))
            if not resumed.ok:
                self._show_error(resumed)
                return
            self.model.set_sale(resumed.value)
            self.done_frame.hide()
            self._select_row(self.model.rowCount() - 1)
            self._show_info(lambda: self.tr("Suspended sale taken back."))

        self._open(SuspendedDialog(outcome.value, zone, self), closed)

    @Slot()
    def confirm_void_sale(self) -> None:
        if not self._ready(needs_lines=True):
            return
        sale = self.model.sale

        def closed(_d: VoidSaleDialog, result: int) -> None:
            if result == ACCEPTED:
                self._void_sale()

        self._open(VoidSaleDialog(sale.item_count, sale.total_fen, self), closed)

    def _void_sale(self) -> None:
        staff, sale = self.staff, self.model.sale
        if staff is None:
            return
        count, total = sale.item_count, sale.total_fen

        def voided(_seq: int) -> None:
            self.model.set_sale(self.till.new_sale())
            self._show_info(lambda: self.tr("Sale voided ({count} item(s), ¥{total}).").format(
                count=count, total=format_yuan(total)))

        self._restricted(lambda approver: self.till.void_sale(staff, sale, approver), voided,
                         subject=lambda: self.tr("Whole sale: {count} item(s)").format(
                             count=count), amount_fen=total)

    # -- totals -----------------------------------------------------------------------------

    @Slot()
    def _update_totals(self) -> None:
        sale = self.model.sale
        priced: SalePrice | None = None
        if sale.lines:
            outcome = attempt(lambda: sale.priced)
            priced = outcome.value if outcome.ok else None
        self.count_label.setText(str(sale.item_count))
        self.original_label.setText(f"¥{format_yuan(priced.original_fen if priced else 0)}")
        self.discount_label.setText(f"−¥{format_yuan(priced.discount_fen if priced else 0)}")
        self.discount_detail_label.setText("\n".join(self._discount_lines(priced)))
        self.discount_detail_label.setVisible(bool(self.discount_detail_label.text()))
        level = sale.member_level
        self.member_label.setText(self._level_names.get(level, level) if level else "—")
        self.total_label.setText(f"¥{format_yuan(priced.total_fen if priced else 0)}")
        if self.staff is not None and (sale.lines or not self.done_frame.isVisible()):
            # (an empty new sale under the done panel: the display keeps showing the change)
            self.till.customer_sees_sale(sale if priced is not None else None)
        has_lines = not sale.is_empty()
        self.cash_button.setEnabled(has_lines)
        for name in ("change_qty", "delete_line", "line_discount", "sale_discount", "price",
                     "suspend", "void_sale"):
            self.op_buttons[name].setEnabled(has_lines)

    def _discount_lines(self, priced: SalePrice | None) -> list[str]:
        """What came off the sale, by name: promotions, manual line and sale discounts."""
        if priced is None:
            return []
        texts = [f"{name} −¥{format_yuan(fen)}" for name, fen in priced.promotions().items()]
        manual = {MANUAL_LINE: 0, MANUAL_SALE: 0}
        for line in priced.lines:
            for d in line.discounts:
                if d.rule_id in manual:
                    manual[d.rule_id] += d.amount_fen
        if manual[MANUAL_LINE]:
            texts.append(self.tr("Line discounts −¥{amount}").format(
                amount=format_yuan(manual[MANUAL_LINE])))
        if manual[MANUAL_SALE]:
            texts.append(self.tr("Sale discount −¥{amount}").format(
                amount=format_yuan(manual[MANUAL_SALE])))
        return texts

    @Slot(str)
    def _typing(self, _text: str) -> None:
        if self._message is not None and self._message[1] == "error":
            self._clear_message()

    # -- paying -----------------------------------------------------------------------------

    @Slot()
    def open_cash(self) -> None:
        """F12: the payment dialog, on cash with the amount due filled in."""
        if not self._ready(needs_lines=True):
            return
        staff, sale = self.staff, self.model.sale
        assert staff is not None
        mode = attempt(self.till.cash_rounding_mode)
        dialog = TenderDialog(sale, mode.value if mode.ok else "none",
                              lambda offers: self.till.complete_sale(staff, sale, offers), self)
        self.till.customer_sees_total(sale)

        def closed(d: TenderDialog, _result: int) -> None:
            if d.completed is not None:
                self._sale_done(d.completed)
            else:
                self.till.customer_sees_sale(self.model.sale)

        self._open(dialog, closed)

    def _sale_done(self, completed: CompletedSale) -> None:
        self.last_sale = completed
        self.done_frame.show()  # first: the customer display keeps the change while it shows
        self.model.set_sale(self.till.new_sale())
        self._clear_message()
        self._print_note = lambda: self.tr("Printing receipt…")
        self._show_done()
        self.sale_completed.emit(completed)
        self._print(lambda: self.till.print_job(completed.print_job_id),
                    lambda _r: self.tr("Receipt printed."))

    def _show_done(self) -> None:
        if self.last_sale is None:
            return
        sale = self.last_sale
        self.receipt_label.setText(self.tr("Receipt {receipt_no}").format(
            receipt_no=sale.receipt_no))
        self.change_label.setText(self.tr("Change ¥{change}").format(
            change=format_yuan(sale.change_fen)))
        paid = [f"{tender_name(t.kind)} ¥{format_yuan(t.amount_fen)}" for t in sale.tenders]
        if sale.rounding_fen:
            paid.append(self.tr("Store rounding −¥{amount}").format(
                amount=format_yuan(sale.rounding_fen)))
        self.tender_note.setText(" · ".join(paid))
        pending = [t for t in sale.tenders if t.status is TenderStatus.PENDING]
        self.pending_label.setVisible(bool(pending))
        self.pending_label.setText(self.tr(
            "Mobile payment ¥{amount} is pending confirmation: the provider could not be "
            "reached. The till confirms it when it is back online.").format(
                amount=format_yuan(sum(t.amount_fen for t in pending))) if pending else "")
        self.print_note.setText(self._print_note() if self._print_note else "")

    # -- printing (off the UI thread) -------------------------------------------------------

    def _print(self, call: Callable[[], object], done_note: Callable[[object], str]) -> None:
        self.worker.submit(call, lambda result: self._printed(result, done_note),
                           self._print_failed)

    def _printed(self, result: object, done_note: Callable[[object], str]) -> None:
        self._print_note = lambda: done_note(result)
        self._print_problem = None
        self.print_frame.hide()
        self.print_retry_timer.stop()
        self._show_done()
        if self.last_sale is None or not self.done_frame.isVisible():
            self._show_info(self._print_note)
        self.printing_finished.emit(True)

    def _print_failed(self, error: BaseException) -> None:
        if not isinstance(error, PosError):  # say what matters: the sale itself is safe
            log.error("printing failed unexpectedly", exc_info=error)
            error = PrinterFailed(reason=self.tr("unexpected error"))
        self._print_problem = lambda: describe(error)
        self._print_note = lambda: self.tr("Receipt not printed.")
        self.print_problem_label.setText(self._print_problem())
        self.print_frame.show()
        if not self.print_retry_timer.isActive():
            self.print_retry_timer.start()
        self._show_done()
        self.printing_finished.emit(False)

    @Slot()
    def reprint_last(self) -> None:
        if self.last_sale is None:
            self._show_info(lambda: self.tr("No sale to reprint yet."))
            return
        receipt_no = self.last_sale.receipt_no
        self._show_info(lambda: self.tr("Reprinting {receipt_no}…").format(
            receipt_no=receipt_no))
        self._print(lambda: self.till.reprint(receipt_no),
                    lambda _r: self.tr("Reprinted {receipt_no}.").format(receipt_no=receipt_no))

    @Slot()
    def _retry_in_background(self) -> None:
        if self.worker.busy():
            return  # a print is running; it reports itself
        self._print(self.till.retry_unprinted,
                    lambda n: self.tr("Printed {count} waiting receipt(s).").format(count=n))

    @Slot()
    def retry_printing(self) -> None:
        self.print_frame.hide()
        self._print(self.till.retry_unprinted,
                    lambda n: self.tr("Printed {count} waiting receipt(s).").format(count=n))

    # -- logout -----------------------------------------------------------------------------

    @Slot()
    def request_logout(self) -> None:
        if self.dialog is not None:
            return
        if not self.model.sale.is_empty():
            self._show_info(lambda: self.tr(
                "Finish the sale or delete its lines before logging out."), role="error")
            return
        if self.model.sale.voided:  # lines voided, then the sale left empty: keep the record
            outcome = attempt(lambda: self.till.abandon(self.staff, self.model.sale))
            if not outcome.ok:
                self._show_error(outcome)
                return
        self.staff = None
        self.logout_requested.emit()

    # -- messages ---------------------------------------------------------------------------

    def _show_error(self, outcome: Outcome) -> None:
        self._set_message(outcome.message, "error")

    def _show_info(self, message: Message, role: str = "caption") -> None:
        self._set_message(message, role)

    def _set_message(self, message: Message, role: str) -> None:
        self._message = (message, role)
        set_role(self.message_label, role)
        self.message_label.setText(message())

    def _clear_message(self) -> None:
        self._message = None
        self.message_label.clear()

    def message_text(self) -> str:
        return self.message_label.text()

    # -- translation ------------------------------------------------------------------------

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _operation_names(self) -> dict[str, str]:
        return {
            "find": self.tr("Find item"),
            "member": self.tr("Member"),
            "change_qty": self.tr("Change qty"),
            "line_discount": self.tr("Line discount"),
            "sale_discount": self.tr("Sale discount"),
            "price": self.tr("Price override"),
            "suspend": self.tr("Suspend"),
            "resume": self.tr("Resume"),
            "delete_line": self.tr("Void line"),
            "void_sale": self.tr("Void sale"),
            "return": self.tr("Return"),
            "manager": self.tr("Manager"),
        }

    def retranslate(self) -> None:
        staff = self.staff
        who = (self.tr("Cashier: {name} ({staff_no})").format(name=staff.name,
                                                              staff_no=staff.staff_no)
               if staff else "")
        store = getattr(self, "_store_text", "")
        self.cashier_label.setText(f"{store}    {who}".strip())
        self.reprint_button.setText(self.tr("Reprint last (F9)"))
        self.logout_button.setText(self.tr("Log out (F10)"))
        self.scan_label.setText(self.tr("Scan or type a barcode (barcode*qty), then Enter"))
        self.scan_edit.setPlaceholderText(self.tr("e.g. 6901234567892*2"))
        self.count_caption.setText(self.tr("Items"))
        self.original_caption.setText(self.tr("Original"))
        self.discount_caption.setText(self.tr("Discounts"))
        self.member_caption.setText(self.tr("Member level"))
        self.total_caption.setText(self.tr("Total"))
        for name, text in self._operation_names().items():
            button = self.op_buttons[name]
            button.setText(f"{text}\n{button.property('key')}")
        self.help_label.setText(self.tr(
            "↑/↓ choose a line · Ctrl+Del voids the sale · F9 reprint · F10 log out · "
            "F11 return · F1 manager menu · F12 pay · Esc closes a window"))
        self.cash_button.setText(self.tr("Pay (F12)"))
        self.retry_button.setText(self.tr("Retry printing"))
        self.model.retranslate()
        self._update_totals()
        if self._message is not None:
            self.message_label.setText(self._message[0]())
        if self._print_problem is not None:
            self.print_problem_label.setText(self._print_problem())
        self._show_done()

