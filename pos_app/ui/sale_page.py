"""Ringing up a sale: the scan field, the lines, the totals, cash, receipts."""

from __future__ import annotations

import logging
from collections.abc import Callable

from pos_app.domain.errors import EmptySale, PosError
from pos_app.domain.money import format_yuan
from pos_app.domain.staff import Staff
from pos_app.qt import (
    QAbstractItemView,
    QApplication,
    QEvent,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPushButton,
    QShortcut,
    QStyledItemDelegate,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.services.checkout import CompletedSale
from pos_app.services.ports import PrinterFailed
from pos_app.services.till import Till
from pos_app.ui.background import Worker
from pos_app.ui.cash_dialog import CashDialog
from pos_app.ui.errors import Outcome, attempt, describe
from pos_app.ui.lines_model import COL_AMOUNT, COL_NAME, COL_NO, COL_PRICE, COL_QTY, LinesModel
from pos_app.ui.style import TABLE_ROW_HEIGHT, set_role

Message = Callable[[], str]
log = logging.getLogger(__name__)
DIALOG_GONE_MS = 50


class SalePage(QWidget):
    logout_requested = Signal()
    #: A sale was committed (CompletedSale): the status bar refreshes at once.
    sale_completed = Signal(object)
    #: A print job finished: (ok: bool). For tests and the demo driver.
    printing_finished = Signal(bool)

    def __init__(self, till: Till, worker: Worker, parent=None) -> None:
        super().__init__(parent)
        self.till = till
        self.worker = worker
        self.staff: Staff | None = None
        self.last_sale: CompletedSale | None = None
        self.cash_dialog: CashDialog | None = None
        self._message: tuple[Message, str] | None = None
        self._print_problem: Message | None = None
        self._print_note: Message | None = None
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
        done = QHBoxLayout(self.done_frame)
        done_text = QVBoxLayout()
        done_text.addWidget(self.receipt_label)
        done_text.addWidget(self.print_note)
        done.addLayout(done_text, 1)
        done.addWidget(self.change_label)
        self.done_frame.hide()

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

        self.table = QTableView()
        self.table.setObjectName("lines")
        self.table.setModel(self.model)
        self.table.setItemDelegate(QStyledItemDelegate(self.table))
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(TABLE_ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_NO, 56), (COL_QTY, 90), (COL_PRICE, 120), (COL_AMOUNT, 130)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, width)

        left = QVBoxLayout()
        left.addWidget(self.scan_label)
        left.addWidget(self.scan_edit)
        left.addWidget(self.message_label)
        left.addWidget(self.done_frame)
        left.addWidget(self.print_frame)
        left.addWidget(self.table, 1)

        totals = QFrame()
        set_role(totals, "panel")
        self.count_caption = QLabel()
        set_role(self.count_caption, "caption")
        self.count_label = QLabel()
        self.count_label.setObjectName("item_count")
        set_role(self.count_label, "title")
        self.total_caption = QLabel()
        set_role(self.total_caption, "caption")
        self.total_label = QLabel()
        self.total_label.setObjectName("total")
        set_role(self.total_label, "total")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.qty_button = self._button("change_qty")
        self.delete_button = self._button("delete_line")
        set_role(self.delete_button, "danger")
        self.cash_button = self._button("cash")
        set_role(self.cash_button, "primary")
        self.cash_button.setMinimumHeight(88)
        side = QVBoxLayout(totals)
        side.setContentsMargins(20, 16, 20, 16)
        side.addWidget(self.count_caption)
        side.addWidget(self.count_label)
        side.addSpacing(8)
        side.addWidget(self.total_caption)
        side.addWidget(self.total_label)
        side.addStretch(1)
        side.addWidget(self.qty_button)
        side.addWidget(self.delete_button)
        side.addSpacing(8)
        side.addWidget(self.cash_button)
        totals.setFixedWidth(340)

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(totals)
        page = QVBoxLayout(self)
        page.setContentsMargins(16, 12, 16, 8)
        page.addLayout(top)
        page.addLayout(body, 1)

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
        self.qty_button.clicked.connect(self.edit_quantity)
        self.delete_button.clicked.connect(self.delete_selected)
        self.reprint_button.clicked.connect(self.reprint_last)
        self.retry_button.clicked.connect(self.retry_printing)
        self.logout_button.clicked.connect(self.request_logout)
        self.model.rejected.connect(self._quantity_rejected)
        self.model.totals_changed.connect(self._update_totals)
        self.table.itemDelegate().closeEditor.connect(self._editor_closed)
        self.table.clicked.connect(lambda _index: self.focus_scan())
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.shortcuts = []
        for key, slot in ((Qt.Key.Key_F12, self.open_cash), (Qt.Key.Key_F4, self.edit_quantity),
                          (Qt.Key.Key_F9, self.reprint_last),
                          (Qt.Key.Key_F10, self.request_logout)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

    # -- session ----------------------------------------------------------------------------

    def start(self, staff: Staff, store_text: str) -> None:
        self.staff = staff
        self._store_text = store_text
        self.model.set_sale(self.till.new_sale())
        self.last_sale = None
        self.done_frame.hide()
        self._clear_message()
        self.scan_edit.clear()
        self.retranslate()
        self.focus_scan()

    @property
    def sale(self):
        return self.model.sale

    @Slot()
    def focus_scan(self) -> None:
        if self.isVisible() and self.cash_dialog is None:
            self.scan_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(QWidget, QWidget)
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Whatever took the focus inside this page (other than a line editor) gives it back."""
        if new is self.scan_edit or not self.isVisible():
            return
        if new is None:  # e.g. the quantity editor closed and nothing else took the focus
            if old is not None and self.isAncestorOf(old):
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
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self._move_selection(-1 if key == Qt.Key.Key_Up else 1)
                return True
            if key == Qt.Key.Key_Delete and not self.scan_edit.text():
                self.delete_selected()
                return True
        return super().eventFilter(watched, event)

    # -- scanning and lines -----------------------------------------------------------------

    @Slot()
    def submit_scan(self) -> None:
        text = self.scan_edit.text().strip()
        if not text:
            return
        selected = self.selected_row()
        outcome = attempt(lambda: self.model.change(lambda sale: self.till.scan(sale, text)))
        if not outcome.ok:
            self._select_row(selected)
            self._show_error(outcome)
            self.scan_edit.selectAll()
            return
        self.scan_edit.clear()
        self._clear_message()
        self.done_frame.hide()
        self._select_row(self.model.row_of(outcome.value))

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
        row = self.selected_row()
        if row < 0 and self.model.rowCount():
            row = self.model.rowCount() - 1
            self._select_row(row)
        if row >= 0:
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
        row = self.selected_row()
        if self.model.remove_row(row):
            self._clear_message()
            self._select_row(min(row, self.model.rowCount() - 1))
        self.focus_scan()

    @Slot()
    def _update_totals(self) -> None:
        sale = self.model.sale
        self.count_label.setText(str(sale.item_count))
        self.total_label.setText(f"¥{format_yuan(sale.total_fen)}")
        self.cash_button.setEnabled(not sale.is_empty())
        self.delete_button.setEnabled(not sale.is_empty())
        self.qty_button.setEnabled(not sale.is_empty())

    @Slot(str)
    def _typing(self, _text: str) -> None:
        if self._message is not None and self._message[1] == "error":
            self._clear_message()

    # -- paying -----------------------------------------------------------------------------

    @Slot()
    def open_cash(self) -> None:
        if self.cash_dialog is not None or self.staff is None:
            return
        if self.model.sale.is_empty():
            self._show_error(Outcome(error=EmptySale()))
            return
        staff, sale = self.staff, self.model.sale
        dialog = CashDialog(sale, lambda fen: self.till.complete_cash_sale(staff, sale, fen),
                            self)
        dialog.finished.connect(self._cash_finished)
        self.cash_dialog = dialog
        dialog.open()

    @Slot(int)
    def _cash_finished(self, _result: int) -> None:
        dialog, self.cash_dialog = self.cash_dialog, None
        completed = dialog.completed if dialog is not None else None
        if dialog is not None:
            dialog.deleteLater()
        if completed is not None:
            self._sale_done(completed)
        self.focus_scan()
        QTimer.singleShot(DIALOG_GONE_MS, self._reclaim_window)

    @Slot()
    def _reclaim_window(self) -> None:
        """Once the dialog's window is gone, make sure the till window is active again."""
        if self.isVisible() and QApplication.activeWindow() is None:
            self.window().activateWindow()
        self.focus_scan()

    def _sale_done(self, completed: CompletedSale) -> None:
        self.last_sale = completed
        self.model.set_sale(self.till.new_sale())
        self._clear_message()
        self._print_note = lambda: self.tr("Printing receipt…")
        self.done_frame.show()
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
        self.print_note.setText(self._print_note() if self._print_note else "")

    # -- printing (off the UI thread) -------------------------------------------------------

    def _print(self, call: Callable[[], object], done_note: Callable[[object], str]) -> None:
        self.worker.submit(call, lambda result: self._printed(result, done_note),
                           self._print_failed)

    def _printed(self, result: object, done_note: Callable[[object], str]) -> None:
        self._print_note = lambda: done_note(result)
        self._print_problem = None
        self.print_frame.hide()
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
    def retry_printing(self) -> None:
        self.print_frame.hide()
        self._print(self.till.retry_unprinted,
                    lambda n: self.tr("Printed {count} waiting receipt(s).").format(count=n))

    # -- logout -----------------------------------------------------------------------------

    @Slot()
    def request_logout(self) -> None:
        if self.cash_dialog is not None:
            return
        if not self.model.sale.is_empty():
            self._show_info(lambda: self.tr(
                "Finish the sale or delete its lines before logging out."), role="error")
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
        self.total_caption.setText(self.tr("Total"))
        self.qty_button.setText(self.tr("Change qty (F4)"))
        self.delete_button.setText(self.tr("Delete line (Del)"))
        self.cash_button.setText(self.tr("Cash (F12)"))
        self.retry_button.setText(self.tr("Retry printing"))
        self.model.retranslate()
        if self._message is not None:
            self.message_label.setText(self._message[0]())
        if self._print_problem is not None:
            self.print_problem_label.setText(self._print_problem())
        self._show_done()
