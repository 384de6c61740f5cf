"""The open sale's lines as a Qt table model; quantity edits go through the domain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pos_app.domain.errors import PosError
from pos_app.domain.money import format_yuan
from pos_app.domain.sale import Sale, SaleLine, parse_quantity
from pos_app.qt import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

Index = QModelIndex | QPersistentModelIndex

COL_NO, COL_NAME, COL_QTY, COL_PRICE, COL_AMOUNT = range(5)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class LinesModel(QAbstractTableModel):
    """Rows are `sale.lines`; the model never changes the sale except through its methods."""

    #: A rejected edit (the PosError); the sale is unchanged.
    rejected = Signal(object)
    #: Item count or total may have changed.
    totals_changed = Signal()

    def __init__(self, sale: Sale | None = None, parent=None) -> None:
        super().__init__(parent)
        self._sale = sale if sale is not None else Sale()

    # -- the sale ---------------------------------------------------------------------------

    @property
    def sale(self) -> Sale:
        return self._sale

    def set_sale(self, sale: Sale) -> None:
        self.beginResetModel()
        self._sale = sale
        self.endResetModel()
        self.totals_changed.emit()

    def change(self, action: Callable[[Sale], SaleLine]) -> SaleLine:
        """Run a service call that may add or grow lines (e.g. Till.scan); re-raises its errors."""
        self.beginResetModel()
        try:
            return action(self._sale)
        finally:
            self.endResetModel()
            self.totals_changed.emit()

    def line_at(self, row: int) -> SaleLine | None:
        lines = self._sale.lines
        return lines[row] if 0 <= row < len(lines) else None

    def row_of(self, line: SaleLine) -> int:
        for row, candidate in enumerate(self._sale.lines):
            if candidate is line:
                return row
        return -1

    def set_quantity(self, row: int, text: str) -> bool:
        """Validate text as a quantity and apply it; emits `rejected` and changes nothing if bad."""
        line = self.line_at(row)
        if line is None:
            return False
        try:
            self._sale.set_quantity(line.line_no, parse_quantity(str(text)))
        except PosError as exc:
            self.rejected.emit(exc)
            return False
        self.dataChanged.emit(self.index(row, COL_QTY), self.index(row, COL_AMOUNT))
        self.totals_changed.emit()
        return True

    def remove_row(self, row: int) -> bool:
        line = self.line_at(row)
        if line is None:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        self._sale.remove(line.line_no)
        self.endRemoveRows()
        self.totals_changed.emit()
        return True

    # -- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sale.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.line_at(index.row()) if index.isValid() else None
        if line is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, line)
        if role == Qt.ItemDataRole.EditRole and column == COL_QTY:
            return str(line.qty)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column == COL_NAME else _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_NAME:
            return f"{line.product.name}\n{line.barcode or line.product.sku}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COL_QTY or role != Qt.ItemDataRole.EditRole:
            return False
        return self.set_quantity(index.row(), value)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_QTY:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 5:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section == COL_NAME else _RIGHT
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)

    def _headers(self) -> list[str]:
        return [self.tr("#"), self.tr("Item"), self.tr("Qty"), self.tr("Price"),
                self.tr("Amount")]

    @staticmethod
    def _display(column: int, line: SaleLine) -> str:
        if column == COL_NO:  # the sale's own line number: stable, and what errors refer to
            return str(line.line_no)
        if column == COL_NAME:
            return line.product.name
        if column == COL_QTY:
            return str(line.qty)
        if column == COL_PRICE:
            return format_yuan(line.unit_price_fen)
        return format_yuan(line.amount_fen)
