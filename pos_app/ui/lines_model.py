"""The open sale's lines as a Qt table model; quantity edits go through the domain.

Each row shows what the customer sees on the receipt: weighed goods as "1.195 kg × ¥12.80/kg",
the promotions and manual discount that came off the line by name ("饮料9折 −¥1.20"), a price
set by hand marked as such, and the line's amount after those discounts. Discounts on the whole
sale (满减, a sale discount) are shared over the lines by the pricing but shown once, in the
totals panel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pos_app.domain.errors import PosError
from pos_app.domain.money import format_yuan
from pos_app.domain.sale import Sale, SaleLine, parse_quantity
from pos_app.domain.sale_pricing import MANUAL_LINE, LineDiscount, LinePrice
from pos_app.domain.scale_barcode import format_weight_kg
from pos_app.qt import (
    QAbstractTableModel,
    QColor,
    QFont,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

COL_NO, COL_NAME, COL_QTY, COL_PRICE, COL_DISCOUNT, COL_AMOUNT = range(6)
COLUMN_COUNT = 6
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_DISCOUNT_COLOUR = QColor("#c2410c")
_OVERRIDE_COLOUR = QColor("#7c3aed")


def line_discounts(price: LinePrice) -> list[LineDiscount]:
    """The discounts that belong to the line itself: line promotions and a manual line discount
    (not the shares of whole-sale discounts or store rounding)."""
    return [d for d in price.discounts if d.stage == "line" or d.rule_id == MANUAL_LINE]


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

    def change(self, action: Callable[[Sale], T]) -> T:
        """Run a service call that may change the sale (scan, void, discount, member level…);
        re-raises its errors (the services change nothing when they raise)."""
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

    def price_of(self, line: SaleLine) -> LinePrice | None:
        """The line as priced now (promotions, discounts); None if pricing failed."""
        try:
            return self._sale.priced.line(line.line_no)
        except Exception:  # a view must never raise; the totals panel reports pricing trouble
            return None

    def amount_after_discounts(self, line: SaleLine) -> int:
        price = self.price_of(line)
        if price is None:
            return line.amount_fen
        return price.original_fen - sum(d.amount_fen for d in line_discounts(price))

    def text_lines(self, row: int) -> int:
        """How many lines of text the row shows (a weighed line or several discounts take
        more than one); the view sizes its rows by this rather than measuring every cell."""
        line = self.line_at(row)
        if line is None:
            return 1
        return max(2 if line.weight_g is not None else 1, len(self.discount_texts(line)))

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
        # Promotions may reprice any line (buy 2 get 1, 满减): refresh every row's figures.
        self.dataChanged.emit(self.index(0, COL_QTY), self.index(self.rowCount() - 1, COL_AMOUNT))
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
        return 0 if parent.isValid() else COLUMN_COUNT

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
            return _LEFT if column in (COL_NAME, COL_DISCOUNT) else _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_NAME, COL_DISCOUNT):
            return self._tooltip(column, line)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_DISCOUNT:
                return _DISCOUNT_COLOUR
            if column == COL_PRICE and line.price_override_fen is not None:
                return _OVERRIDE_COLOUR
        if (role == Qt.ItemDataRole.FontRole and column == COL_PRICE
                and line.price_override_fen is not None):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COL_QTY or role != Qt.ItemDataRole.EditRole:
            return False
        return self.set_quantity(index.row(), value)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        line = self.line_at(index.row())
        if index.column() == COL_QTY and line is not None and not line.is_fixed:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section in (COL_NAME, COL_DISCOUNT) else _RIGHT
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, COLUMN_COUNT - 1))

    def _headers(self) -> list[str]:
        return [self.tr("#"), self.tr("Item"), self.tr("Qty"), self.tr("Price"),
                self.tr("Discount"), self.tr("Amount")]

    # -- cell texts -------------------------------------------------------------------------

    def _display(self, column: int, line: SaleLine) -> str:
        if column == COL_NO:  # the sale's own line number: stable, and what errors refer to
            return str(line.line_no)
        if column == COL_NAME:
            if line.weight_g is not None:
                return f"{line.product.name}\n{self.weighed_text(line)}"
            return line.product.name
        if column == COL_QTY:
            if line.weight_g is not None:
                return f"{format_weight_kg(line.weight_g)} kg"
            return str(line.qty)
        if column == COL_PRICE:
            if line.weight_g is not None:
                return f"{format_yuan(line.unit_price_fen)}/kg"
            if line.is_fixed:  # a label carrying only the amount
                return format_yuan(line.amount_fen)
            return format_yuan(line.unit_price_fen)
        if column == COL_DISCOUNT:
            return "\n".join(self.discount_texts(line))
        return format_yuan(self.amount_after_discounts(line))

    @staticmethod
    def weighed_text(line: SaleLine) -> str:
        """'1.195 kg × ¥12.80/kg'"""
        return (f"{format_weight_kg(line.weight_g or 0)} kg × "
                f"¥{format_yuan(line.unit_price_fen)}/kg")

    def discount_texts(self, line: SaleLine) -> list[str]:
        """One text per discount on the line ('饮料9折 −¥1.20'), and a price-override mark."""
        texts = []
        if line.price_override_fen is not None:
            texts.append(self.tr("Price changed (was ¥{price})").format(
                price=format_yuan(line.regular_price_fen)))
        price = self.price_of(line)
        for d in line_discounts(price) if price is not None else ():
            name = d.rule_name if d.rule_id != MANUAL_LINE else self.tr("Line discount")
            texts.append(f"{name} −¥{format_yuan(d.amount_fen)}")
        return texts

    def _tooltip(self, column: int, line: SaleLine) -> str:
        if column == COL_DISCOUNT:
            return "\n".join(self.discount_texts(line))
        code = line.barcode or line.product.sku
        return "\n".join([line.product.name, code]
                         + ([self.weighed_text(line)] if line.weight_g is not None else []))
