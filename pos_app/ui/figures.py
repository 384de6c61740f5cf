"""Money figures on the back-office screens: tender names, amounts, a label / amount table."""

from __future__ import annotations

from collections.abc import Sequence

from pos_app.domain.money import format_yuan
from pos_app.domain.tender import TENDER_NAMES, TenderKind
from pos_app.qt import (
    QAbstractItemView,
    QCoreApplication,
    QFont,
    QHeaderView,
    Qt,
    QTableWidget,
    QTableWidgetItem,
)
from pos_app.ui.style import TABLE_ROW_HEIGHT

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def tender_label(kind: str) -> str:
    """The translated name of a tender kind ("cash" → 现金); an unknown kind as it is."""
    try:
        return QCoreApplication.translate("tender", TENDER_NAMES[TenderKind(kind)])
    except ValueError:
        return kind


def yuan(fen: int) -> str:
    """¥12.50; a negative amount as -¥4.50."""
    return f"-¥{format_yuan(-fen)}" if fen < 0 else f"¥{format_yuan(fen)}"


def signed_yuan(fen: int) -> str:
    """+¥1.00 / −¥1.00 / ¥0.00: a variance."""
    if fen > 0:
        return f"+¥{format_yuan(fen)}"
    if fen < 0:
        return f"−¥{format_yuan(-fen)}"
    return yuan(0)


#: One row of a figures table: (label, value, bold) — a heading has an empty value.
Row = tuple[str, str, bool]


class FiguresTable(QTableWidget):
    """Read-only rows of text columns, figures right-aligned, headings in bold."""

    def __init__(self, name: str, columns: int = 2, parent=None) -> None:
        super().__init__(0, columns, parent)
        self.setObjectName(name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(TABLE_ROW_HEIGHT - 6)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, columns):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.setAlternatingRowColors(True)

    def set_headers(self, headers: Sequence[str]) -> None:
        self.setHorizontalHeaderLabels(list(headers))
        self.horizontalHeader().setVisible(any(headers))

    def set_rows(self, rows: Sequence[Sequence[str]], bold: Sequence[bool] = ()) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            heavy = bold[r] if r < len(bold) else False
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c > 0:
                    item.setTextAlignment(RIGHT)
                if heavy:
                    font = QFont(self.font())
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(r, c, item)

    def cell_text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def rows_text(self) -> list[tuple[str, ...]]:
        return [tuple(self.cell_text(r, c) for c in range(self.columnCount()))
                for r in range(self.rowCount())]
