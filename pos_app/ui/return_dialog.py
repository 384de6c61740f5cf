"""Returns (退货): take goods back against a receipt, or without one, and pay the money back.

With a receipt: scan the receipt's barcode (or type its no.) into the field and press Enter, or
pick one of today's sales from the list (typing part of a receipt no. filters the list). The
original's lines show what was sold, already returned and left; the quantity to return is set
per line from the keyboard (↑/↓ choose a line, digits type the quantity, Space: all of the line,
+/− one more / less, F5 everything) or with the buttons. The refund of each line is worked out
by the same rule the refund uses (`refund_share`: returning every unit, in any chunks, pays back
exactly what the line paid); the refund's own figures are shown once it is done. Money goes back
to the original tenders in proportion; "Refund in cash" pays it all in cash instead (needs an
approval when the sale was not all cash); a card refund needs the card terminal's reference.

Without a receipt (F4): scan each item; they are taken back at today's price, in cash, if the
store's policy allows it. Also offered when the receipt is from another till and head office
cannot be asked.

F12 (or Enter in the lines) refunds. Every refusal shows the translated message and changes
nothing; a refund that needs approval asks for another staff member's no. + PIN. After the
refund: the refund no., the amounts by tender, and the slip printing on the worker.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from pos_app.domain.allocation import refund_share
from pos_app.domain.staff import Staff
from pos_app.domain.tender import TenderKind, check_card_reference
from pos_app.qt import (
    QAbstractItemView,
    QColor,
    QDialog,
    QEvent,
    QFont,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.services.refunds import (
    REASON_MAX,
    CompletedRefund,
    NothingLeftToReturn,
    OriginalSale,
    ReturnableLine,
    ReturnQuantityTooLarge,
    SaleNotReachable,
    SaleSummary,
)
from pos_app.services.till import Till
from pos_app.ui.background import Worker
from pos_app.ui.dialogs import Message, dialog_button, key_shortcuts, label
from pos_app.ui.errors import Outcome, attempt, describe
from pos_app.ui.figures import RIGHT, tender_label, yuan
from pos_app.ui.print_line import PrintLine, submit_for
from pos_app.ui.restricted import run_restricted
from pos_app.ui.style import TABLE_ROW_HEIGHT, set_role

log = logging.getLogger(__name__)

MODE_RECEIPT, MODE_NO_RECEIPT = 0, 1
PAGE_DONE = 2
COL_NO, COL_NAME, COL_SOLD, COL_RETURNED, COL_LEFT, COL_QTY, COL_REFUND = range(7)
ITEM_NAME, ITEM_QTY, ITEM_AMOUNT = range(3)
MAX_QTY_DIGITS = 4
DIGIT_PAUSE_S = 1.5  # a digit typed after this long starts a new quantity
FILTER_DELAY_MS = 250
RECEIPT_NO_MAX = 48
ITEM_CODE_MAX = 64
OVER_COLOUR = "#b42318"


@dataclass(frozen=True, slots=True)
class ScannedItem:
    """An item scanned for a return without receipt: the text goes to the service as it is."""

    text: str
    name: str
    qty: int
    weight_g: int | None
    amount_fen: int  # at today's catalog price (the service prices it the same way)


def line_refund(line: ReturnableLine, qty: int) -> int | None:
    """What returning `qty` more units of `line` pays back; None when that is more than left."""
    if qty <= 0:
        return 0
    if qty > line.left:
        return None
    return refund_share(line.final_fen, line.qty, min(line.returned_qty, line.qty), qty)


class ReturnDialog(QDialog):
    #: The refund was saved (CompletedRefund).
    refund_completed = Signal(object)
    #: A receipt lookup ended: True when the sale was found.
    lookup_finished = Signal(bool)
    #: The list of sales to pick from was (re)filled.
    sales_listed = Signal()
    #: The refund slip's print call ended: True when printed.
    printing_finished = Signal(bool)

    def __init__(self, till: Till, staff: Staff, worker: Worker, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("return_dialog")
        self.setModal(True)
        self.till = till
        self.staff = staff
        self.worker = worker
        self.mode = MODE_RECEIPT
        self.original: OriginalSale | None = None
        self.qtys: dict[int, int] = {}
        self.items: list[ScannedItem] = []
        self.sales: list[SaleSummary] = []
        self.sales_day: str | None = None
        self.sales_filter = ""
        self.sales_error: BaseException | None = None
        self.sales_loaded = False
        self.completed: CompletedRefund | None = None
        self.approval = None  # the approval dialog while it is open (run_restricted)
        self.looking_up = False
        self._error: Message | None = None
        self._error_kind: type[BaseException] | None = None
        self._note: Message | None = None
        self._offer_no_receipt = False
        self._lookup_id = 0
        self._list_id = 0
        self._digits = ""
        self._digit_row = -1
        self._digit_at = 0.0
        self._timezone: ZoneInfo | None = None
        self._build()
        self._connect()
        self.retranslate()
        self.set_mode(MODE_RECEIPT)
        self.load_sales()

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.title_label = label("title", "return_title")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_receipt_page())
        self.pages.addWidget(self._build_no_receipt_page())
        self.pages.addWidget(self._build_done_page())

        self.reason_caption = label("caption")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setMaxLength(REASON_MAX)
        self.reason_caption.setBuddy(self.reason_edit)
        self.total_caption = label("caption")
        self.total_label = label("total", "refund_total")
        self.total_label.setAlignment(RIGHT)
        self.error_label = label("error", "return_error", wrap=True)
        self.note_label = label("caption", "return_note", wrap=True)
        self.hint_label = label("caption", "return_keys", wrap=True)
        bottom = QHBoxLayout()
        reason = QVBoxLayout()
        reason.addWidget(self.reason_caption)
        reason.addWidget(self.reason_edit)
        bottom.addLayout(reason, 3)
        total = QVBoxLayout()
        total.addWidget(self.total_caption, 0, Qt.AlignmentFlag.AlignRight)
        total.addWidget(self.total_label)
        bottom.addLayout(total, 2)
        self.entry_panel = QWidget()
        entry = QVBoxLayout(self.entry_panel)
        entry.setContentsMargins(0, 0, 0, 0)
        entry.addLayout(bottom)
        entry.addWidget(self.error_label)
        entry.addWidget(self.note_label)
        entry.addWidget(self.hint_label)

        self.cancel_button = dialog_button("cancel")
        self.mode_button = dialog_button("mode")
        self.all_button = dialog_button("return_all")
        self.refund_button = dialog_button("refund", "primary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.mode_button)
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.refund_button, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.entry_panel)
        layout.addLayout(buttons)
        self.setMinimumSize(1100, 740)

    def _build_receipt_page(self) -> QWidget:
        page = QWidget()
        self.receipt_caption = label()
        self.receipt_edit = QLineEdit()
        self.receipt_edit.setObjectName("receipt_no")
        self.receipt_edit.setMaxLength(RECEIPT_NO_MAX)
        self.receipt_caption.setBuddy(self.receipt_edit)
        self.find_button = dialog_button("find")
        find = QHBoxLayout()
        find.addWidget(self.receipt_edit, 1)
        find.addWidget(self.find_button)

        self.sales_caption = label("caption", "sales_caption")
        self.sales_list = QListWidget()
        self.sales_list.setObjectName("sales_list")
        self.sales_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sales_empty = label("caption", "sales_empty", wrap=True)
        left = QVBoxLayout()
        left.addWidget(self.sales_caption)
        left.addWidget(self.sales_list, 1)
        left.addWidget(self.sales_empty)

        self.original_label = label("caption", "original_info", wrap=True)
        self.lines_table = QTableWidget(0, 7)
        self.lines_table.setObjectName("return_lines")
        self.lines_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines_table.setTabKeyNavigation(False)
        self.lines_table.verticalHeader().hide()
        self.lines_table.verticalHeader().setDefaultSectionSize(TABLE_ROW_HEIGHT)
        self.lines_table.setAlternatingRowColors(True)
        header = self.lines_table.horizontalHeader()
        for column in range(7):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.minus_button = dialog_button("qty_minus")
        self.plus_button = dialog_button("qty_plus")
        self.line_all_button = dialog_button("qty_all")
        self.to_cash_button = dialog_button("to_cash")
        self.to_cash_button.setCheckable(True)
        qty = QHBoxLayout()
        qty.addWidget(self.minus_button)
        qty.addWidget(self.plus_button)
        qty.addWidget(self.line_all_button)
        qty.addStretch(1)
        qty.addWidget(self.to_cash_button)
        self.card_caption = label()
        self.card_edit = QLineEdit()
        self.card_edit.setObjectName("card_reference")
        self.card_edit.setMaxLength(32)
        self.card_caption.setBuddy(self.card_edit)
        right = QVBoxLayout()
        right.addWidget(self.original_label)
        right.addWidget(self.lines_table, 1)
        right.addLayout(qty)
        right.addWidget(self.card_caption)
        right.addWidget(self.card_edit)

        self.offer_frame = QFrame()
        self.offer_frame.setObjectName("no_receipt_offer")
        set_role(self.offer_frame, "warning")
        self.offer_label = label("notice", wrap=True)
        self.offer_button = dialog_button("offer_no_receipt")
        offer = QHBoxLayout(self.offer_frame)
        offer.addWidget(self.offer_label, 1)
        offer.addWidget(self.offer_button)
        self.offer_frame.hide()

        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(left, 3)
        columns.addLayout(right, 7)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.receipt_caption)
        layout.addLayout(find)
        layout.addWidget(self.offer_frame)
        layout.addLayout(columns, 1)
        return page

    def _build_no_receipt_page(self) -> QWidget:
        page = QWidget()
        self.item_caption = label()
        self.item_edit = QLineEdit()
        self.item_edit.setObjectName("item_code")
        self.item_edit.setMaxLength(ITEM_CODE_MAX)
        self.item_caption.setBuddy(self.item_edit)
        self.add_button = dialog_button("add_item")
        add = QHBoxLayout()
        add.addWidget(self.item_edit, 1)
        add.addWidget(self.add_button)
        self.items_table = QTableWidget(0, 3)
        self.items_table.setObjectName("no_receipt_items")
        self.items_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.items_table.verticalHeader().hide()
        self.items_table.verticalHeader().setDefaultSectionSize(TABLE_ROW_HEIGHT)
        header = self.items_table.horizontalHeader()
        header.setSectionResizeMode(ITEM_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ITEM_QTY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ITEM_AMOUNT, QHeaderView.ResizeMode.ResizeToContents)
        self.remove_item_button = dialog_button("remove_item", "danger")
        self.no_receipt_note = label("notice", "no_receipt_note", wrap=True)
        row = QHBoxLayout()
        row.addWidget(self.no_receipt_note, 1)
        row.addWidget(self.remove_item_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.item_caption)
        layout.addLayout(add)
        layout.addWidget(self.items_table, 1)
        layout.addLayout(row)
        return page

    def _build_done_page(self) -> QWidget:
        page = QWidget()
        self.done_frame = QFrame()
        self.done_frame.setObjectName("refund_done")
        set_role(self.done_frame, "done")
        self.done_title = label("caption")
        self.refund_no_label = label("title", "refund_no")
        self.done_of_label = label("caption", "refund_of", wrap=True)
        self.done_total_caption = label("caption")
        self.done_total_label = label("total", "refund_done_total")
        self.cash_label = label("change", "refund_cash")
        self.tenders_label = label("figure", "refund_tenders", wrap=True)
        self.done_lines_label = label(name="refund_lines", wrap=True)
        self.approved_label = label("caption", "refund_approved")
        self.pending_label = label("notice", "refund_pending", wrap=True)
        self.print_line = PrintLine(self.worker)
        inner = QVBoxLayout(self.done_frame)
        inner.setContentsMargins(24, 16, 24, 16)
        for widget in (self.done_title, self.refund_no_label, self.done_of_label,
                       self.done_total_caption, self.done_total_label, self.cash_label,
                       self.tenders_label, self.done_lines_label, self.approved_label,
                       self.pending_label, self.print_line):
            inner.addWidget(widget)
        inner.addStretch(1)
        self.reprint_button = dialog_button("reprint_slip")
        self.new_button = dialog_button("new_return", "primary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.done_frame, 1)
        layout.addLayout(buttons)
        return page

    def _connect(self) -> None:
        self.receipt_edit.returnPressed.connect(self.find)
        self.receipt_edit.textEdited.connect(self._receipt_typed)
        self.find_button.clicked.connect(self.find)
        self.sales_list.itemClicked.connect(self._sale_picked)
        self.lines_table.currentCellChanged.connect(self._row_changed)
        self.minus_button.clicked.connect(lambda: self.step_qty(-1))
        self.plus_button.clicked.connect(lambda: self.step_qty(1))
        self.line_all_button.clicked.connect(self.toggle_line_all)
        self.to_cash_button.toggled.connect(self._to_cash_toggled)
        self.card_edit.returnPressed.connect(self.submit)
        self.card_edit.textEdited.connect(self._edited)
        self.reason_edit.returnPressed.connect(self.submit)
        self.offer_button.clicked.connect(lambda: self.set_mode(MODE_NO_RECEIPT))
        self.item_edit.returnPressed.connect(self.add_item)
        self.item_edit.textEdited.connect(self._edited)
        self.add_button.clicked.connect(self.add_item)
        self.remove_item_button.clicked.connect(self.remove_item)
        self.reprint_button.clicked.connect(self.reprint)
        self.new_button.clicked.connect(self.reset)
        self.print_line.finished.connect(self.printing_finished)
        self.cancel_button.clicked.connect(self.reject)
        self.mode_button.clicked.connect(self.toggle_mode)
        self.all_button.clicked.connect(self.return_all)
        self.refund_button.clicked.connect(self.submit)
        for widget in (self.lines_table, self.sales_list, self.receipt_edit, self.item_edit):
            widget.installEventFilter(self)
        self.filter_timer = QTimer(self)
        self.filter_timer.setSingleShot(True)
        self.filter_timer.setInterval(FILTER_DELAY_MS)
        self.filter_timer.timeout.connect(self._filter_sales)
        self.shortcuts = key_shortcuts(self, (
            (Qt.Key.Key_F4, self.toggle_mode), (Qt.Key.Key_F5, self.return_all),
            (Qt.Key.Key_F12, self.submit), (Qt.Key.Key_F9, self.reprint)))

    # -- keys -------------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key, text = event.key(), event.text()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.lines_table:
            if enter:
                self.submit()
                return True
            if text and text.isascii() and text.isdigit():
                self.type_digit(text)
                return True
            if key == Qt.Key.Key_Backspace:
                self.erase_digit()
                return True
            if text == "+":
                self.step_qty(1)
                return True
            if text == "-":
                self.step_qty(-1)
                return True
            if key == Qt.Key.Key_Space:
                self.toggle_line_all()
                return True
            self._digits = ""
        elif watched is self.sales_list and enter:
            self._sale_picked(self.sales_list.currentItem())
            return True
        elif watched is self.receipt_edit and key == Qt.Key.Key_Down and self.sales_list.count():
            self.sales_list.setFocus()
            if self.sales_list.currentRow() < 0:
                self.sales_list.setCurrentRow(0)
            return True
        elif (watched is self.item_edit and key == Qt.Key.Key_Delete
              and not self.item_edit.text()):
            self.remove_item()
            return True
        return super().eventFilter(watched, event)

    # -- modes ------------------------------------------------------------------------------

    @Slot()
    def toggle_mode(self) -> None:
        if self.completed is not None or self.approval is not None:
            return
        self.set_mode(MODE_NO_RECEIPT if self.mode == MODE_RECEIPT else MODE_RECEIPT)

    def set_mode(self, mode: int) -> None:
        self.mode = mode
        self.pages.setCurrentIndex(mode)
        self._offer_no_receipt = False
        self.offer_frame.hide()
        self._clear_error()
        self._note = None
        self._refresh_total()
        self.retranslate()
        if mode == MODE_NO_RECEIPT:
            self.item_edit.setFocus()
        elif self.original is not None:
            self.lines_table.setFocus()
        else:
            self.receipt_edit.setFocus()

    @Slot()
    def reset(self) -> None:
        """A new return: everything cleared, back to the receipt field."""
        self.completed = None
        self.original = None
        self.qtys = {}
        self.items = []
        self.lines_table.setRowCount(0)
        self.items_table.setRowCount(0)
        self.receipt_edit.clear()
        self.reason_edit.clear()
        self.card_edit.clear()
        self.to_cash_button.setChecked(False)
        self.item_edit.clear()
        self.entry_panel.show()
        for button in (self.mode_button, self.all_button, self.refund_button):
            button.show()
        self.print_line.state = PrintLine.IDLE
        self.print_line.hide()
        self._show_original()
        self.set_mode(MODE_RECEIPT)
        self.load_sales()

    # -- the list of sales ------------------------------------------------------------------

    def load_sales(self, fragment: str = "") -> None:
        """Fill the list with today's sales, or with any day's whose receipt no. has
        `fragment` (on the worker: the list never holds the window up)."""
        self._list_id += 1
        ident = self._list_id
        till = self.till

        def call():
            zone = ZoneInfo(till.identity().timezone)
            if fragment:
                return zone, None, till.sales_for_return(receipt_fragment=fragment)
            day = till.day_totals()["business_date"]
            return zone, day, till.sales_for_return(business_date=day)

        submit_for(self, self.worker, call, lambda result: self._listed(ident, fragment, result),
                   lambda error: self._list_failed(ident, error))

    def _listed(self, ident: int, fragment: str, result) -> None:
        if ident != self._list_id:
            return
        self._timezone, self.sales_day, self.sales = result
        self.sales_filter = fragment
        self.sales_error = None
        self.sales_loaded = True
        self.sales_list.clear()
        for sale in self.sales:
            item = QListWidgetItem(self._sale_text(sale))
            item.setData(Qt.ItemDataRole.UserRole, sale.receipt_no)
            self.sales_list.addItem(item)
        self._retranslate_sales()
        self.sales_listed.emit()

    def _list_failed(self, ident: int, error: BaseException) -> None:
        if ident != self._list_id:
            return
        self.sales = []
        self.sales_error = error
        self.sales_loaded = True
        self.sales_list.clear()
        self._retranslate_sales()
        self.sales_listed.emit()

    def _sale_text(self, sale: SaleSummary) -> str:
        when = sale.created_at[:16]
        try:
            at = datetime.fromisoformat(sale.created_at)
            if self._timezone is not None:
                at = at.astimezone(self._timezone)
            when = at.strftime("%H:%M" if not self.sales_filter else "%m-%d %H:%M")
        except ValueError:
            pass
        text = f"{sale.receipt_no}\n{when}    {yuan(sale.total_fen)}"
        if sale.refunded_fen:
            text += "    " + self.tr("returned {amount}").format(amount=yuan(sale.refunded_fen))
        return text

    @Slot(str)
    def _receipt_typed(self, _text: str) -> None:
        self._clear_error()
        self.filter_timer.start()

    @Slot()
    def _filter_sales(self) -> None:
        fragment = self.receipt_edit.text().strip()
        if fragment != self.sales_filter:
            self.load_sales(fragment)

    @Slot(QListWidgetItem)
    def _sale_picked(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.receipt_edit.setText(item.data(Qt.ItemDataRole.UserRole))
        self.find()

    # -- looking a receipt up ---------------------------------------------------------------

    @Slot()
    def find(self) -> None:
        """Look the receipt no. in the field up: this till's file, else head office (on the
        worker: asking head office may take a few seconds)."""
        if self.completed is not None:
            return
        text = self.receipt_edit.text().strip()
        if not text:
            if self.sales_list.count():
                self.sales_list.setFocus()
                self.sales_list.setCurrentRow(max(0, self.sales_list.currentRow()))
            self._set_error(lambda: self.tr(
                "Scan the receipt's barcode or type its no., or pick a sale from the list."))
            return
        self.filter_timer.stop()
        self._lookup_id += 1
        ident = self._lookup_id
        self.looking_up = True
        self._clear_error()
        self._offer_no_receipt = False
        self.offer_frame.hide()
        self._note = lambda: self.tr("Looking up receipt {receipt_no}…").format(receipt_no=text)
        self.note_label.setText(self._note())
        submit_for(self, self.worker, lambda: self.till.find_sale(text),
                   lambda original: self._found(ident, original),
                   lambda error: self._not_found(ident, error))

    def _found(self, ident: int, original: OriginalSale) -> None:
        if ident != self._lookup_id:
            return
        self.looking_up = False
        self._note = None
        self.note_label.clear()
        self.load_original(original)
        self.lookup_finished.emit(True)

    def _not_found(self, ident: int, error: BaseException) -> None:
        if ident != self._lookup_id:
            return
        self.looking_up = False
        self._note = None
        self.note_label.clear()
        self._show_failure(Outcome(error=error))
        if isinstance(error, SaleNotReachable):
            self._offer_no_receipt = True
            self.offer_frame.show()
            self._retranslate_offer()
        self.receipt_edit.selectAll()
        self.receipt_edit.setFocus()
        self.lookup_finished.emit(False)

    def load_original(self, original: OriginalSale) -> None:
        self.original = original
        self.qtys = {line.line_no: 0 for line in original.lines}
        self._digits = ""
        self.card_edit.clear()
        self.to_cash_button.setChecked(False)
        table = self.lines_table
        table.setRowCount(len(original.lines))
        for row, line in enumerate(original.lines):
            cells = {COL_NO: str(line.line_no), COL_NAME: line.name, COL_SOLD: str(line.qty),
                     COL_RETURNED: str(line.returned_qty), COL_LEFT: str(line.left)}
            for column in range(7):
                item = QTableWidgetItem(cells.get(column, ""))
                if column != COL_NAME:
                    item.setTextAlignment(RIGHT)
                table.setItem(row, column, item)
            self._refresh_row(row)
        self._show_original()
        self._refresh_total()
        if original.lines:
            first = next((r for r, x in enumerate(original.lines) if x.left), 0)
            table.setCurrentCell(first, COL_QTY)
            table.selectRow(first)
        table.setFocus()
        if original.left_qty == 0:
            self._show_failure(Outcome(error=NothingLeftToReturn(receipt_no=original.receipt_no)))

    def _show_original(self) -> None:
        original = self.original
        has_non_cash = self._has_non_cash()
        self.to_cash_button.setVisible(has_non_cash)
        show_card = self._has_card() and not self.to_cash_button.isChecked()
        self.card_caption.setVisible(show_card)
        self.card_edit.setVisible(show_card)
        self.lines_table.setVisible(original is not None)
        for button in (self.minus_button, self.plus_button, self.line_all_button):
            button.setVisible(original is not None)
        self._retranslate_original()

    def _has_card(self) -> bool:
        return self.original is not None and any(
            t["kind"] == TenderKind.CARD and t["amount_fen"] > 0 for t in self.original.tenders)

    def _has_non_cash(self) -> bool:
        return self.original is not None and any(
            t["kind"] != TenderKind.CASH and t["amount_fen"] > 0 for t in self.original.tenders)

    # -- quantities -------------------------------------------------------------------------

    def current_row(self) -> int:
        row = self.lines_table.currentRow()
        if self.original is None or not 0 <= row < len(self.original.lines):
            return -1
        return row

    def set_qty(self, row: int, qty: int) -> None:
        if self.original is None or not 0 <= row < len(self.original.lines):
            return
        self.qtys[self.original.lines[row].line_no] = max(0, qty)
        self._refresh_row(row)
        self._refresh_total()

    def qty_of(self, row: int) -> int:
        if self.original is None:
            return 0
        return self.qtys.get(self.original.lines[row].line_no, 0)

    def type_digit(self, digit: str) -> None:
        row = self.current_row()
        if row < 0:
            return
        now = time.monotonic()
        if (row != self._digit_row or len(self._digits) >= MAX_QTY_DIGITS
                or now - self._digit_at > DIGIT_PAUSE_S):
            self._digits = ""
        self._digit_row = row
        self._digit_at = now
        self._digits += digit
        self.set_qty(row, int(self._digits))

    def erase_digit(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        now = time.monotonic()
        if row != self._digit_row or now - self._digit_at > DIGIT_PAUSE_S:
            self._digits = str(self.qty_of(row) or "")
        self._digit_row, self._digit_at = row, now
        self._digits = self._digits[:-1]
        self.set_qty(row, int(self._digits or 0))

    @Slot()
    def step_qty(self, step: int) -> None:
        row = self.current_row()
        if row < 0:
            return
        self._digits = ""
        self.set_qty(row, self.qty_of(row) + step)
        self.lines_table.setFocus()

    @Slot()
    def toggle_line_all(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        self._digits = ""
        left = self.original.lines[row].left
        self.set_qty(row, 0 if self.qty_of(row) == left else left)
        self.lines_table.setFocus()

    @Slot()
    def return_all(self) -> None:
        """F5: everything left of every line (again: nothing)."""
        if self.mode != MODE_RECEIPT or self.original is None or self.completed is not None:
            return
        self._digits = ""
        lines = self.original.lines
        everything = all(self.qtys.get(x.line_no, 0) == x.left for x in lines)
        for row, line in enumerate(lines):
            self.qtys[line.line_no] = 0 if everything else line.left
            self._refresh_row(row)
        self._refresh_total()
        self.lines_table.setFocus()

    @Slot(int, int, int, int)
    def _row_changed(self, row: int, _column: int, previous: int, _previous_column: int) -> None:
        if row != previous:
            self._digits = ""

    def _refresh_row(self, row: int) -> None:
        line = self.original.lines[row]
        qty = self.qtys.get(line.line_no, 0)
        refund = line_refund(line, qty)
        qty_item = self.lines_table.item(row, COL_QTY)
        refund_item = self.lines_table.item(row, COL_REFUND)
        if qty_item is None or refund_item is None:
            return
        qty_item.setText(str(qty))
        font = QFont(self.lines_table.font())
        font.setBold(qty > 0)
        qty_item.setFont(font)
        colour = QColor(OVER_COLOUR) if refund is None else self.palette().text().color()
        qty_item.setForeground(colour)
        refund_item.setForeground(colour)
        refund_item.setText("—" if refund is None else (yuan(refund) if qty else ""))

    def over_left(self) -> ReturnQuantityTooLarge | None:
        """The first line asked for more than is left (the service's own refusal)."""
        if self.original is None:
            return None
        for line in self.original.lines:
            qty = self.qtys.get(line.line_no, 0)
            if qty > line.left:
                return ReturnQuantityTooLarge(line_no=line.line_no, name=line.name, qty=qty,
                                              left=line.left, sold=line.qty)
        return None

    def refund_estimate_fen(self) -> int:
        if self.mode == MODE_NO_RECEIPT:
            return sum(item.amount_fen for item in self.items)
        if self.original is None:
            return 0
        return sum(line_refund(x, self.qtys.get(x.line_no, 0)) or 0 for x in self.original.lines)

    def picks(self) -> list[tuple[int, int]]:
        return [(no, qty) for no, qty in sorted(self.qtys.items()) if qty > 0]

    def _refresh_total(self) -> None:
        over = self.over_left() if self.mode == MODE_RECEIPT else None
        self.total_label.setText("—" if over is not None else yuan(self.refund_estimate_fen()))
        if over is not None:
            self._show_failure(Outcome(error=over), focus=False)
        elif self._error_kind is ReturnQuantityTooLarge:
            self._clear_error()

    @Slot(bool)
    def _to_cash_toggled(self, _checked: bool) -> None:
        self._clear_error()
        self._show_original()

    # -- returning without receipt ----------------------------------------------------------

    @Slot()
    def add_item(self) -> None:
        text = self.item_edit.text().strip()
        if not text:
            if self.items:
                self.submit()
            return
        outcome = attempt(lambda: self._scan(text))
        if not outcome.ok:
            self._show_failure(outcome, field=self.item_edit)
            return
        self.items.append(outcome.value)
        self.item_edit.clear()
        self._clear_error()
        self._show_items()
        self.items_table.selectRow(len(self.items) - 1)
        self.item_edit.setFocus()

    def _scan(self, text: str) -> ScannedItem:
        """Check the code and price it the way the service will (a scratch sale, not saved)."""
        line = self.till.scan(self.till.new_sale(), text)
        return ScannedItem(text=text, name=line.product.name, qty=line.qty,
                           weight_g=line.weight_g, amount_fen=line.amount_fen)

    @Slot()
    def remove_item(self) -> None:
        if not self.items:
            return
        row = self.items_table.currentRow()
        self.items.pop(row if 0 <= row < len(self.items) else len(self.items) - 1)
        self._show_items()
        self._clear_error()
        self.item_edit.setFocus()

    def _show_items(self) -> None:
        self.items_table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            qty = f"{item.weight_g} g" if item.weight_g else str(item.qty)
            for column, text in ((ITEM_NAME, item.name), (ITEM_QTY, qty),
                                 (ITEM_AMOUNT, yuan(item.amount_fen))):
                cell = QTableWidgetItem(text)
                if column != ITEM_NAME:
                    cell.setTextAlignment(RIGHT)
                self.items_table.setItem(row, column, cell)
        self.remove_item_button.setVisible(bool(self.items))
        self._refresh_total()

    # -- refunding --------------------------------------------------------------------------

    @Slot()
    def submit(self) -> None:
        """F12: refund what is picked (or scanned). Checks first; a refusal changes nothing."""
        if self.completed is not None or self.approval is not None or self.looking_up:
            return
        if self.mode == MODE_NO_RECEIPT:
            self._refund_without_receipt()
        else:
            self._refund_with_receipt()

    def _refund_with_receipt(self) -> None:
        original = self.original
        if original is None:
            self.find()
            return
        picks = self.picks()
        to_cash = self.to_cash_button.isChecked()
        reference = None
        if picks and self.over_left() is None and self._has_card() and not to_cash:
            check = attempt(lambda: check_card_reference(self.card_edit.text()))
            if not check.ok:
                self._show_failure(check, field=self.card_edit)
                return
            reference = check.value
        reason = self.reason_edit.text().strip()
        count = sum(qty for _no, qty in picks)
        staff = self.staff

        def call(approver):
            return self.till.refund_sale(staff, original, picks, to_cash=to_cash,
                                         card_reference=reference, approver=approver,
                                         reason=reason)

        def subject() -> str:
            return self.tr("Return from receipt {receipt_no}: {count} item(s)").format(
                receipt_no=original.receipt_no, count=count)

        run_restricted(self, call, self._refunded, self._refused, subject=subject,
                       amount_fen=self.refund_estimate_fen(), declined=self._not_approved)

    def _refund_without_receipt(self) -> None:
        texts = [item.text for item in self.items]
        reason = self.reason_edit.text().strip()
        staff = self.staff
        count = len(texts)

        def call(approver):
            return self.till.refund_without_receipt(staff, texts, approver=approver,
                                                    reason=reason)

        def subject() -> str:
            return self.tr("Return without receipt: {count} item(s)").format(count=count)

        run_restricted(self, call, self._refunded, self._refused, subject=subject,
                       amount_fen=self.refund_estimate_fen(), declined=self._not_approved)

    def _refused(self, outcome: Outcome) -> None:
        field = None
        if self.mode == MODE_NO_RECEIPT:
            field = self.item_edit
        elif isinstance(outcome.error, ReturnQuantityTooLarge):
            field = self.lines_table
        self._show_failure(outcome, field=field)

    def _not_approved(self) -> None:
        self._note = lambda: self.tr("Not approved: nothing was refunded.")
        self.note_label.setText(self._note())
        (self.item_edit if self.mode == MODE_NO_RECEIPT else self.lines_table).setFocus()

    def _refunded(self, done: CompletedRefund) -> None:
        self.completed = done
        self._clear_error()
        self._note = None
        self.note_label.clear()
        self.pages.setCurrentIndex(PAGE_DONE)
        self.entry_panel.hide()
        for button in (self.mode_button, self.all_button, self.refund_button):
            button.hide()
        self.retranslate()
        self.new_button.setFocus()
        self.refund_completed.emit(done)
        self.print_line.start(lambda: self.till.print_job(done.print_job_id))

    @Slot()
    def reprint(self) -> None:
        done = self.completed
        if done is None or self.print_line.busy:
            return
        self.print_line.start(lambda: self.till.reprint(done.refund_no))

    def reject(self) -> None:
        """Esc: cancel (nothing was refunded), or close once the refund is done."""
        if self.completed is not None:
            self.accept()
            return
        super().reject()

    # -- messages ---------------------------------------------------------------------------

    def _show_failure(self, outcome: Outcome, *, field: QWidget | None = None,
                      focus: bool = True) -> None:
        self._error = outcome.message
        self._error_kind = type(outcome.error)
        self.error_label.setText(outcome.message())
        if focus and field is not None:
            if isinstance(field, QLineEdit):
                field.selectAll()
            field.setFocus()

    def _set_error(self, message: Message) -> None:
        self._error = message
        self._error_kind = None
        self.error_label.setText(message())

    @Slot()
    def _clear_error(self) -> None:
        self._error = None
        self._error_kind = None
        self.error_label.clear()

    @Slot(str)
    def _edited(self, _text: str) -> None:
        if self._error_kind is not ReturnQuantityTooLarge:
            self._clear_error()

    def error_text(self) -> str:
        return self.error_label.text()

    # -- translation ------------------------------------------------------------------------

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Return"))
        if self.mode == MODE_RECEIPT:
            self.title_label.setText(self.tr("Return with receipt"))
        else:
            self.title_label.setText(self.tr("Return without receipt"))
        self.receipt_caption.setText(self.tr(
            "Scan the barcode on the receipt or type the receipt no., then Enter"))
        self.receipt_edit.setPlaceholderText(self.tr("e.g. S001-T01-20261123-0005"))
        self.find_button.setText(self.tr("Find (Enter)"))
        self.lines_table.setHorizontalHeaderLabels([
            self.tr("No."), self.tr("Item"), self.tr("Sold"), self.tr("Returned"),
            self.tr("Left"), self.tr("Return qty"), self.tr("Refund")])
        self.minus_button.setText("−1")
        self.plus_button.setText("+1")
        self.line_all_button.setText(self.tr("All of the line (Space)"))
        self.to_cash_button.setText(self.tr("Refund all in cash"))
        self.card_caption.setText(self.tr(
            "Card refund reference no. (refund on the card terminal first)"))
        self.item_caption.setText(self.tr(
            "Scan each item returned (or type its code, code*qty), then Enter"))
        self.item_edit.setPlaceholderText(self.tr("e.g. 6901234567892*2"))
        self.add_button.setText(self.tr("Add (Enter)"))
        self.items_table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Qty"),
                                                    self.tr("Refund")])
        self.remove_item_button.setText(self.tr("Remove item (Del)"))
        self.no_receipt_note.setText(self.tr(
            "Without a receipt, items are taken back at today's price and refunded in cash."))
        self.reason_caption.setText(self.tr("Reason (optional)"))
        self.reason_edit.setPlaceholderText(self.tr("e.g. damaged, wrong size"))
        if self.mode == MODE_NO_RECEIPT:
            self.total_caption.setText(self.tr("Refund total (cash)"))
        else:
            self.total_caption.setText(self.tr("Refund total"))
        self.cancel_button.setText(self.tr("Close (Esc)") if self.completed is not None
                                   else self.tr("Cancel (Esc)"))
        self.mode_button.setText(self.tr("Without receipt (F4)") if self.mode == MODE_RECEIPT
                                 else self.tr("With receipt (F4)"))
        self.all_button.setText(self.tr("Return all (F5)"))
        self.all_button.setVisible(self.mode == MODE_RECEIPT and self.completed is None)
        self.refund_button.setText(self.tr("Refund (F12)"))
        self.reprint_button.setText(self.tr("Print the slip again (F9)"))
        self.new_button.setText(self.tr("New return"))
        if self.mode == MODE_RECEIPT:
            self.hint_label.setText(self.tr(
                "↑/↓ choose a line · digits: quantity to return · Space: all of the line · "
                "+/−: one more / less · F5: return everything · F12 or Enter: refund · "
                "F4: without receipt · Esc: cancel"))
        else:
            self.hint_label.setText(self.tr(
                "Enter adds the item · Enter on an empty field or F12: refund · "
                "Del on an empty field: remove the selected item · F4: with receipt · "
                "Esc: cancel"))
        self._retranslate_sales()
        self._retranslate_original()
        self._retranslate_offer()
        self._retranslate_done()
        self.remove_item_button.setVisible(bool(self.items))
        if self._error is not None:
            self.error_label.setText(self._error())
        self.note_label.setText(self._note() if self._note else "")

    def _retranslate_sales(self) -> None:
        if self.sales_filter:
            self.sales_caption.setText(self.tr("Sales with “{text}” in the receipt no.").format(
                text=self.sales_filter))
        elif self.sales_day:
            self.sales_caption.setText(self.tr("Today's sales ({date})").format(
                date=self.sales_day))
        else:
            self.sales_caption.setText(self.tr("Today's sales"))
        for row, sale in enumerate(self.sales):
            item = self.sales_list.item(row)
            if item is not None:
                item.setText(self._sale_text(sale))
        if self.sales_error is not None:
            self.sales_empty.setText(describe(self.sales_error))
        else:
            self.sales_empty.setText(self.tr("No sales to show."))
        self.sales_empty.setVisible(self.sales_loaded and not self.sales)

    def _retranslate_original(self) -> None:
        original = self.original
        if original is None:
            self.original_label.setText(self.tr(
                "Find the receipt: its lines, what is left to return and the refund show "
                "here."))
            return
        paid = " · ".join(f"{tender_label(t['kind'])} {yuan(t['amount_fen'])}"
                          for t in original.tenders if t["amount_fen"] > 0)
        text = self.tr("Receipt {receipt_no} · business day {date} · cashier {staff_no} · "
                       "total {total} · paid by {paid}").format(
            receipt_no=original.receipt_no, date=original.business_date,
            staff_no=original.staff_no, total=yuan(original.total_fen), paid=paid or "—")
        if original.source == "hq":
            text += "\n" + self.tr("Sold at another till of this store (from head office).")
        if self.to_cash_button.isChecked():
            text += "\n" + self.tr("Everything is paid back in cash.")
        elif self._has_non_cash():
            text += "\n" + self.tr(
                "The money goes back to the tenders the customer paid with, in proportion.")
        self.original_label.setText(text)

    def _retranslate_offer(self) -> None:
        self.offer_label.setText(self.tr(
            "Head office cannot be reached, so this receipt cannot be checked. You can take "
            "the goods back as a return without receipt."))
        self.offer_button.setText(self.tr("Return without receipt (F4)"))

    def _retranslate_done(self) -> None:
        done = self.completed
        if done is None:
            return
        self.done_title.setText(self.tr("Refund done. Refund no."))
        self.refund_no_label.setText(done.refund_no)
        self.done_of_label.setText(
            self.tr("Return of receipt {receipt_no}").format(receipt_no=done.original_receipt_no)
            if done.original_receipt_no else self.tr("Return without receipt"))
        self.done_total_caption.setText(self.tr("Refund total"))
        self.done_total_label.setText(yuan(done.total_fen))
        self.cash_label.setVisible(done.cash_fen > 0)
        self.cash_label.setText(self.tr("Give the customer {amount} in cash").format(
            amount=yuan(done.cash_fen)))
        self.tenders_label.setText("\n".join(self._tender_text(t) for t in done.tenders))
        self.done_lines_label.setText("\n".join(
            f"{x['name']} × {x['qty']}    {yuan(x['amount_fen'])}" for x in done.lines))
        self.approved_label.setVisible(done.approved_by is not None)
        self.approved_label.setText(self.tr("Approved by staff no. {staff_no}").format(
            staff_no=done.approved_by or ""))
        self.pending_label.setVisible(done.pending_confirmation)
        self.pending_label.setText(self.tr(
            "The mobile-pay refund is waiting for the provider: the till confirms it when it "
            "is back online."))

    def _tender_text(self, tender: dict) -> str:
        text = f"{tender_label(tender['kind'])} {yuan(tender['amount_fen'])}"
        if tender["kind"] == TenderKind.CARD and tender.get("reference"):
            text += " · " + self.tr("ref. {reference}").format(reference=tender["reference"])
        if tender.get("status") == "pending":
            text += " · " + self.tr("pending confirmation")
        return text
