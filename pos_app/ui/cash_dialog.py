"""Take cash: amount tendered (prefilled with the total), quick amounts, live change."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.domain.money import format_yuan, parse_yuan
from pos_app.domain.sale import Sale
from pos_app.qt import (
    QDialog,
    QEvent,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    Slot,
)
from pos_app.services.checkout import CompletedSale
from pos_app.ui.errors import Outcome, attempt
from pos_app.ui.style import set_role

QUICK_AMOUNTS_FEN = (5_000, 10_000)


class CashDialog(QDialog):
    """Enter confirms; the sale is committed by `pay(tendered_fen)` only when the cash covers it.

    `pay` is the window's call into the services; an error it raises is shown here and the
    dialog stays open, so the cashier can correct the amount or cancel.
    """

    def __init__(self, sale: Sale, pay: Callable[[int], CompletedSale], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("cash_dialog")
        self.setModal(True)
        self.sale = sale
        self.pay = pay
        self.completed: CompletedSale | None = None
        self._failure: Outcome | None = None

        self.due_caption = QLabel()
        set_role(self.due_caption, "caption")
        self.due_label = QLabel()
        self.due_label.setObjectName("due")
        set_role(self.due_label, "total")
        self.tendered_caption = QLabel()
        self.tendered_edit = QLineEdit()
        self.tendered_edit.setObjectName("tendered")
        self.tendered_edit.setMaxLength(12)
        self.tendered_edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.tendered_caption.setBuddy(self.tendered_edit)
        self.change_caption = QLabel()
        set_role(self.change_caption, "caption")
        self.change_label = QLabel()
        self.change_label.setObjectName("change")
        set_role(self.change_label, "change")
        self.error_label = QLabel()
        self.error_label.setObjectName("cash_error")
        self.error_label.setWordWrap(True)
        set_role(self.error_label, "error")

        self.quick_buttons: list[QPushButton] = []
        quick = QGridLayout()
        for n, amount in enumerate(QUICK_AMOUNTS_FEN):
            button = QPushButton(f"¥{amount // 100}")
            button.setObjectName(f"quick_{amount // 100}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, fen=amount: self.set_tendered(fen))
            quick.addWidget(button, 0, n)
            self.quick_buttons.append(button)
        self.exact_button = QPushButton()
        self.exact_button.setObjectName("exact")
        self.exact_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.exact_button.setAutoDefault(False)
        self.exact_button.clicked.connect(lambda: self.set_tendered(self.sale.total_fen))
        quick.addWidget(self.exact_button, 0, len(QUICK_AMOUNTS_FEN))

        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirm")
        set_role(self.confirm_button, "primary")
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(8)
        layout.addWidget(self.due_caption)
        layout.addWidget(self.due_label)
        layout.addWidget(self.tendered_caption)
        layout.addWidget(self.tendered_edit)
        layout.addLayout(quick)
        layout.addWidget(self.change_caption)
        layout.addWidget(self.change_label)
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button, 2)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

        self.tendered_edit.textChanged.connect(self._update_change)
        self.tendered_edit.returnPressed.connect(self.confirm)
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.reject)

        self.retranslate()
        self.set_tendered(sale.total_fen)

    # -- behaviour --------------------------------------------------------------------------

    def set_tendered(self, fen: int) -> None:
        self.tendered_edit.setText(format_yuan(fen))
        self.tendered_edit.selectAll()
        self.tendered_edit.setFocus()

    def tendered_fen(self) -> int:
        """What was typed, in fen; raises the domain's InvalidAmount / AmountTooLarge."""
        return parse_yuan(self.tendered_edit.text())

    @Slot()
    def confirm(self) -> None:
        check = attempt(lambda: self.sale.pay_cash(self.tendered_fen()))  # pure, writes nothing
        if not check.ok:
            self._show_failure(check)
            return
        outcome = attempt(lambda: self.pay(check.value.tendered_fen))
        if not outcome.ok:
            self._show_failure(outcome)
            return
        self.completed = outcome.value
        self.accept()

    def _show_failure(self, outcome: Outcome) -> None:
        self._failure = outcome
        self.error_label.setText(outcome.message())
        self.tendered_edit.selectAll()
        self.tendered_edit.setFocus()

    @Slot()
    def _update_change(self) -> None:
        """Show the change as the amount is typed; a wrong amount is explained at once."""
        self._failure = None
        check = attempt(lambda: self.sale.pay_cash(self.tendered_fen()))
        if check.ok:
            self.change_label.setText(f"¥{format_yuan(check.value.change_fen)}")
            self.error_label.clear()
        else:
            self.change_label.setText("—")
            self.error_label.setText(check.message() if self.tendered_edit.text().strip() else "")

    # -- translation ------------------------------------------------------------------------

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Cash payment"))
        self.due_caption.setText(self.tr("Amount due"))
        self.due_label.setText(f"¥{format_yuan(self.sale.total_fen)}")
        self.tendered_caption.setText(self.tr("Cash received"))
        self.change_caption.setText(self.tr("Change"))
        self.exact_button.setText(self.tr("Exact"))
        self.confirm_button.setText(self.tr("Confirm (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        if self._failure is not None:
            self.error_label.setText(self._failure.message())
