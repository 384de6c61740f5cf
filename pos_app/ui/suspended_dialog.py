"""Take back a suspended sale (取单, Shift+F7): the sales put aside on this till, oldest first,
with the time, cashier, items and total. They are in the till's database, so they survive a
restart. ↑/↓ choose, Enter takes the sale back, Esc closes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from pos_app.domain.money import format_yuan
from pos_app.qt import (
    QAbstractItemView,
    QDialog,
    QEvent,
    QHeaderView,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    Slot,
)
from pos_app.services.repositories import SuspendedSale
from pos_app.ui.dialogs import dialog_button, label, stacked_layout

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def local_time(iso: str, timezone: str | None) -> str:
    """'2026-11-23T03:04:05+00:00' → '11-23 11:04' in the store's zone."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(ZoneInfo(timezone) if timezone else None)
        except (KeyError, ValueError):  # an unknown zone: the PC's own
            moment = moment.astimezone()
    return moment.strftime("%m-%d %H:%M")


class SuspendedDialog(QDialog):
    """`suspended_id` is the sale chosen once accepted."""

    def __init__(self, sales: Sequence[SuspendedSale], timezone: str | None,
                 parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("suspended_dialog")
        self.setModal(True)
        self.sales = list(sales)
        self.timezone = timezone
        self.suspended_id: str | None = None

        self.title_label = label("title")
        self.hint_label = label("caption", wrap=True)
        self.table = QTableWidget(len(self.sales), 4)
        self.table.setObjectName("suspended_sales")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(280)
        for row, sale in enumerate(self.sales):
            cells = (local_time(sale.created_at, timezone), sale.staff_no,
                     str(sale.item_count), f"¥{format_yuan(sale.total_fen)}")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(_RIGHT)
                self.table.setItem(row, column, item)
        self.pick_button = dialog_button("take_back", "primary")
        self.cancel_button = dialog_button("cancel")

        stacked_layout(self, [self.title_label, self.hint_label, self.table],
                       self.cancel_button, self.pick_button, min_width=640)

        self.table.doubleClicked.connect(lambda _index: self.pick())
        self.pick_button.clicked.connect(self.pick)
        self.cancel_button.clicked.connect(self.reject)
        self.retranslate()
        if self.sales:
            self.table.selectRow(0)
        self.table.setFocus()

    @Slot()
    def pick(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.suspended_id is not None:
            return
        self.suspended_id = self.sales[rows[0].row()].id
        self.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.pick()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Suspended sales"))
        self.title_label.setText(self.tr("Suspended sales"))
        self.hint_label.setText(self.tr("↑/↓ to choose, Enter to take the sale back."))
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Cashier"),
                                              self.tr("Items"), self.tr("Total")])
        self.pick_button.setText(self.tr("Take back (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
