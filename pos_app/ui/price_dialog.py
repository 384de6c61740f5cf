"""Price override (F6): a new unit price for the selected line. Cashiers need a manager's
approval (the window asks for it); typing the regular price removes the override."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pos_app.domain.errors import PosError
from pos_app.domain.money import format_yuan, parse_yuan
from pos_app.domain.sale import SaleLine
from pos_app.qt import QHBoxLayout, QVBoxLayout
from pos_app.ui.dialogs import ValueDialog, dialog_button, label


class PriceDialog(ValueDialog):
    def __init__(self, line: SaleLine, apply: Callable[[int], Any], parent=None) -> None:
        super().__init__(apply, parent)
        self.setObjectName("price_dialog")
        self.line = line
        self.title_label = label("title")
        self.subject_label = label("caption", "price_subject", wrap=True)
        self.regular_label = label("caption", "regular_price")
        self.value_caption = label()
        self.value_caption.setBuddy(self.value_edit)
        self.preview_label = label("change", "price_preview")
        self.hint_label = label("caption", wrap=True)
        self.apply_button = dialog_button("apply", "primary")
        self.cancel_button = dialog_button("cancel")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(8)
        for widget in (self.title_label, self.subject_label, self.regular_label,
                       self.value_caption, self.value_edit, self.preview_label,
                       self.hint_label, self.error_label):
            layout.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.apply_button, 2)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.apply_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)

        self.retranslate()
        self.value_edit.setText(format_yuan(line.unit_price_fen))
        self.value_edit.selectAll()
        self.value_edit.setFocus()
        self.preview()

    def parse(self) -> int:
        return parse_yuan(self.value_edit.text())

    def preview(self) -> None:
        try:
            fen = self.parse()
        except PosError:
            self.preview_label.setText("")
            return
        self.preview_label.setText(self.tr("{qty} × ¥{price} = ¥{amount}").format(
            qty=self.line.qty, price=format_yuan(fen), amount=format_yuan(fen * self.line.qty)))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Price override"))
        self.title_label.setText(self.tr("Price override"))
        self.subject_label.setText(f"{self.line.line_no}. {self.line.product.name}")
        self.regular_label.setText(self.tr("Regular price ¥{price}").format(
            price=format_yuan(self.line.regular_price_fen)))
        self.value_caption.setText(self.tr("New unit price (¥)"))
        self.hint_label.setText(self.tr(
            "The line is charged at this price; no promotion applies to it. "
            "The regular price removes the override."))
        self.apply_button.setText(self.tr("Apply (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self.preview()
