"""A manual discount on a line (F5) or on the whole sale (Shift+F5): an amount or a percentage.

Typing "10%" (or choosing Percent) takes 10 % of the amount the discount comes off; "1.50" takes
¥1.50 off; 0 removes the discount. Over the cashier's limit the window asks for an approver.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError
from pos_app.domain.money import format_yuan, parse_yuan
from pos_app.qt import QButtonGroup, QHBoxLayout, QKeySequence, QShortcut, Qt, QVBoxLayout, Slot
from pos_app.ui.dialogs import Message, ValueDialog, dialog_button, label

_PERCENT = re.compile(r"^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$")


class InvalidPercent(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "“{text}” is not a percentage from 0 to 100 (e.g. 10 or 12.5).")


def parse_percent(text: str) -> Decimal:
    """'10', '12.5', '10%' → Decimal percent, 0 to 100."""
    match = _PERCENT.match(text or "")
    if not match:
        raise InvalidPercent(text=(text or "").strip()[:20])
    value = Decimal(f"{match.group(1)}.{match.group(2) or '0'}")
    if value > 100:
        raise InvalidPercent(text=text.strip()[:20])
    return value


def percent_of(base_fen: int, percent: Decimal) -> int:
    """`percent` % of `base_fen`, down to the whole fen: "10%" never comes to more than 10 %
    (the limit a cashier may give without approval is a percentage too)."""
    return int((Decimal(base_fen) * percent / 100).to_integral_value(rounding=ROUND_FLOOR))


class DiscountDialog(ValueDialog):
    """`subject` names what is discounted (a line's product, or the whole sale)."""

    def __init__(self, subject: Message, base_fen: int, current_fen: int,
                 apply: Callable[[int], Any], *, whole_sale: bool, parent=None) -> None:
        super().__init__(apply, parent)
        self.setObjectName("sale_discount_dialog" if whole_sale else "line_discount_dialog")
        self.subject = subject
        self.base_fen = base_fen
        self.current_fen = current_fen
        self.whole_sale = whole_sale

        self.title_label = label("title")
        self.subject_label = label("caption", "discount_subject", wrap=True)
        self.base_label = label("caption", "discount_base")
        self.mode_group = QButtonGroup(self)
        self.amount_button = dialog_button("mode_amount")
        self.percent_button = dialog_button("mode_percent")
        modes = QHBoxLayout()
        for button in (self.amount_button, self.percent_button):
            button.setCheckable(True)
            self.mode_group.addButton(button)
            modes.addWidget(button)
        self.amount_button.setChecked(True)
        self.value_caption = label()
        self.value_caption.setBuddy(self.value_edit)
        self.preview_label = label("change", "discount_preview")
        self.hint_label = label("caption", wrap=True)
        self.apply_button = dialog_button("apply", "primary")
        self.cancel_button = dialog_button("cancel")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(8)
        for widget in (self.title_label, self.subject_label, self.base_label):
            layout.addWidget(widget)
        layout.addLayout(modes)
        for widget in (self.value_caption, self.value_edit, self.preview_label,
                       self.hint_label, self.error_label):
            layout.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.apply_button, 2)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

        self.amount_button.clicked.connect(lambda: self.set_percent(False))
        self.percent_button.clicked.connect(lambda: self.set_percent(True))
        self.apply_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.shortcuts = [QShortcut(QKeySequence(Qt.Key.Key_F2), self),
                          QShortcut(QKeySequence(Qt.Key.Key_F3), self)]
        self.shortcuts[0].activated.connect(lambda: self.set_percent(False))
        self.shortcuts[1].activated.connect(lambda: self.set_percent(True))

        self.retranslate()
        if current_fen:
            self.value_edit.setText(format_yuan(current_fen))
        self.value_edit.selectAll()
        self.value_edit.setFocus()
        self.preview()

    @property
    def percent_mode(self) -> bool:
        return self.percent_button.isChecked()

    @Slot(bool)
    def set_percent(self, on: bool) -> None:
        (self.percent_button if on else self.amount_button).setChecked(True)
        self._retranslate_mode()
        self.value_edit.clear()
        self._edited("")
        self.value_edit.setFocus()

    def parse(self) -> int:
        text = self.value_edit.text()
        if self.percent_mode or text.strip().endswith("%"):
            return percent_of(self.base_fen, parse_percent(text))
        return parse_yuan(text)

    def preview(self) -> None:
        try:
            fen = self.parse() if self.value_edit.text().strip() else None
        except PosError:
            fen = None
        if fen is None or fen > self.base_fen:
            self.preview_label.setText("")
            return
        self.preview_label.setText(self.tr("−¥{discount} → ¥{after}").format(
            discount=format_yuan(fen), after=format_yuan(self.base_fen - fen)))

    def retranslate(self) -> None:
        title = self.tr("Sale discount") if self.whole_sale else self.tr("Line discount")
        self.setWindowTitle(title)
        self.title_label.setText(title)
        self.subject_label.setText(self.subject())
        self.base_label.setText(self.tr("Before this discount: ¥{amount}").format(
            amount=format_yuan(self.base_fen)))
        self.amount_button.setText(self.tr("Amount ¥ (F2)"))
        self.percent_button.setText(self.tr("Percent % (F3)"))
        self.hint_label.setText(self.tr(
            "Type an amount (e.g. 1.50) or a percentage (e.g. 10%). 0 removes the discount."))
        self.apply_button.setText(self.tr("Apply (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self._retranslate_mode()
        self.preview()

    def _retranslate_mode(self) -> None:
        if self.percent_mode:
            self.value_caption.setText(self.tr("Percentage off"))
            self.value_edit.setPlaceholderText(self.tr("e.g. 10"))
        else:
            self.value_caption.setText(self.tr("Amount off (¥)"))
            self.value_edit.setPlaceholderText(self.tr("e.g. 1.50"))
