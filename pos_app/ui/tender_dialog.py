"""Take payment: cash, bank card, mobile pay, or a mix of them (split tender).

Cash stays quick: the dialog opens on cash with the amount due filled in, so F12 then Enter pays
the exact amount. Enter on cash pays (the cash must cover what is left); `+` (or the Add button)
takes the entry as a part payment and leaves the dialog open for the rest. A card payment needs
the reference no. from the card terminal's slip, a mobile payment the customer's payment code
(scanned into its field); Enter there adds the payment, and pays the sale once it is covered.

Only cash gives change. Store rounding (抹零) applies when the sale is paid all in cash and is
shown as its own line. Every check happens here before anything is charged or saved; a refused
entry shows the translated message and changes nothing. The sale is committed by `pay(offers)`,
the window's call into the services (a few ms: it runs on the UI thread).
"""

from __future__ import annotations

from collections.abc import Callable

from pos_app.domain.money import format_yuan, parse_yuan
from pos_app.domain.sale import Sale
from pos_app.domain.tender import (
    MAX_TENDERS,
    InvalidPaymentCode,
    MissingCardReference,
    NonCashOverDue,
    TenderKind,
    TenderOffer,
    TooManyTenders,
    ZeroTender,
    all_cash,
    check_card_reference,
    check_offers,
    mobile_provider,
    settle,
)
from pos_app.qt import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QEvent,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    Qt,
    QVBoxLayout,
    Slot,
)
from pos_app.services.checkout import CompletedSale, OneMobilePayment, due_for
from pos_app.ui.dialogs import dialog_button, key_shortcuts, label
from pos_app.ui.errors import Outcome, attempt

QUICK_AMOUNTS_FEN = (5_000, 10_000)
KINDS = (TenderKind.CASH, TenderKind.CARD, TenderKind.MOBILE)
KIND_KEYS = {TenderKind.CASH: Qt.Key.Key_F2, TenderKind.CARD: Qt.Key.Key_F3,
             TenderKind.MOBILE: Qt.Key.Key_F4}
MAX_REFERENCE_LENGTH = 32


class TenderDialog(QDialog):
    """`completed` is the CompletedSale once paid (the dialog is then accepted)."""

    def __init__(self, sale: Sale, rounding_mode: str,
                 pay: Callable[[list[TenderOffer]], CompletedSale], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("tender_dialog")
        self.setModal(True)
        self.sale = sale
        self.rounding_mode = rounding_mode
        self.pay = pay
        self.offers: list[TenderOffer] = []
        self.kind = TenderKind.CASH
        self.completed: CompletedSale | None = None
        self._failure: Outcome | None = None
        self._build()
        self._connect()
        self.retranslate()
        self.set_kind(TenderKind.CASH)

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.total_caption, self.total_label = label("caption"), label(name="sale_total")
        self.rounding_caption = label("caption")
        self.rounding_label = label(name="rounding")
        self.due_caption, self.due_label = label("caption"), label("total", "due")
        self.paid_caption, self.paid_label = label("caption"), label(name="paid")
        self.remaining_caption = label("caption")
        self.remaining_label = label("title", "remaining")
        self.change_caption, self.change_label = label("caption"), label("change", "change")
        summary = QGridLayout()
        summary.setHorizontalSpacing(16)
        rows = ((self.total_caption, self.total_label),
                (self.rounding_caption, self.rounding_label),
                (self.due_caption, self.due_label),
                (self.paid_caption, self.paid_label),
                (self.remaining_caption, self.remaining_label),
                (self.change_caption, self.change_label))
        for row, (caption, value) in enumerate(rows):
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            summary.addWidget(caption, row, 0)
            summary.addWidget(value, row, 1)

        self.kind_group = QButtonGroup(self)
        self.kind_group.setExclusive(True)
        self.kind_buttons: dict[TenderKind, QPushButton] = {}
        kinds = QHBoxLayout()
        for kind in KINDS:
            button = dialog_button(f"kind_{kind.value}")
            button.setCheckable(True)
            button.setMinimumHeight(64)
            button.clicked.connect(lambda _=False, k=kind: self.set_kind(k))
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)

        self.amount_caption = label()
        self.tendered_edit = QLineEdit()
        self.tendered_edit.setObjectName("tendered")
        self.tendered_edit.setMaxLength(12)
        self.tendered_edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.amount_caption.setBuddy(self.tendered_edit)
        self.reference_caption = label()
        self.reference_edit = QLineEdit()
        self.reference_edit.setObjectName("reference")
        self.reference_edit.setMaxLength(MAX_REFERENCE_LENGTH)
        self.reference_caption.setBuddy(self.reference_edit)

        self.quick_buttons: list[QPushButton] = []
        quick = QHBoxLayout()
        for amount in QUICK_AMOUNTS_FEN:
            button = dialog_button(f"quick_{amount // 100}")
            button.setText(f"¥{amount // 100}")
            button.clicked.connect(lambda _=False, fen=amount: self._quick_cash(fen))
            quick.addWidget(button)
            self.quick_buttons.append(button)
        self.exact_button = dialog_button("exact")
        self.exact_button.clicked.connect(self.fill_remaining)
        quick.addWidget(self.exact_button)

        self.payments_caption = label("caption")
        self.payments_list = QListWidget()
        self.payments_list.setObjectName("payments")
        self.payments_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.payments_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.payments_list.setMaximumHeight(110)
        self.remove_button = dialog_button("remove_payment", "danger")

        self.error_label = label("error", "cash_error", wrap=True)
        self.hint_label = label("caption", "tender_keys", wrap=True)
        self.add_button = dialog_button("add_payment")
        self.confirm_button = dialog_button("confirm", "primary")
        self.cancel_button = dialog_button("cancel")

        # Left: the figures and the payments taken; right: the payment being entered.
        left = QVBoxLayout()
        left.addLayout(summary)
        left.addWidget(self.payments_caption)
        left.addWidget(self.payments_list)
        left.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(kinds)
        right.addWidget(self.amount_caption)
        right.addWidget(self.tendered_edit)
        right.addWidget(self.reference_caption)
        right.addWidget(self.reference_edit)
        right.addLayout(quick)
        right.addWidget(self.error_label)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(28)
        columns.addLayout(left, 4)
        columns.addLayout(right, 6)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(8)
        layout.addLayout(columns, 1)
        layout.addWidget(self.hint_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.confirm_button, 2)
        layout.addLayout(buttons)
        self.setMinimumWidth(940)

    def _connect(self) -> None:
        self.tendered_edit.textChanged.connect(self._refresh)
        self.tendered_edit.returnPressed.connect(self._amount_entered)
        self.reference_edit.returnPressed.connect(self.add_payment)
        self.reference_edit.textEdited.connect(self._clear_failure)
        self.confirm_button.clicked.connect(self.confirm)
        self.add_button.clicked.connect(self.add_payment)
        self.remove_button.clicked.connect(self.remove_payment)
        self.cancel_button.clicked.connect(self.reject)
        for edit in (self.tendered_edit, self.reference_edit):
            edit.installEventFilter(self)
        self.shortcuts = key_shortcuts(self, [(key, lambda k=kind: self.set_kind(k))
                                              for kind, key in KIND_KEYS.items()])

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and watched in (self.tendered_edit,
                                                                self.reference_edit):
            if event.key() == Qt.Key.Key_Plus:
                self.add_payment()
                return True
            if (event.key() == Qt.Key.Key_Delete
                    and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                self.remove_payment()
                return True
        return super().eventFilter(watched, event)

    # -- figures ----------------------------------------------------------------------------

    def due(self, offers: list[TenderOffer] | None = None) -> tuple[int, int]:
        """(amount due, store rounding) if the sale is paid with `offers` (by default: the
        payments so far and one of the kind being entered)."""
        if offers is None:
            offers = [*self.offers, TenderOffer(self.kind, 1)]
        return due_for(self.sale, offers, self.rounding_mode)

    def paid_fen(self) -> int:
        return sum(o.amount_fen for o in self.offers)

    def remaining_fen(self) -> int:
        return max(0, self.due()[0] - self.paid_fen())

    def _entry(self, *, with_reference: bool) -> TenderOffer:
        """The payment being entered; raises the domain's error for a bad amount or reference."""
        fen = parse_yuan(self.tendered_edit.text())
        if fen == 0:
            raise ZeroTender()
        if self.kind is TenderKind.CASH:
            return TenderOffer(TenderKind.CASH, fen)
        reference = self.reference_edit.text().strip()
        if self.kind is TenderKind.CARD:
            if with_reference:
                reference = check_card_reference(reference)
            return TenderOffer(TenderKind.CARD, fen, reference=reference or None)
        provider = mobile_provider(reference) if with_reference else None
        return TenderOffer(TenderKind.MOBILE, fen, reference=reference or None,
                           provider=provider)

    def _checked_offers(self, *, with_reference: bool = True) -> list[TenderOffer]:
        """The payments so far plus the entry, checked as far as they can be before paying."""
        offer = self._entry(with_reference=with_reference)
        offers = [*self.offers, offer]
        if len(offers) > MAX_TENDERS:
            raise TooManyTenders(max=MAX_TENDERS)
        if with_reference:
            check_offers(offers)
        if offer.kind is TenderKind.MOBILE and any(
                o.kind is TenderKind.MOBILE for o in self.offers):
            raise OneMobilePayment()
        due, _rounding = self.due(offers)
        non_cash = sum(o.amount_fen for o in offers if o.kind is not TenderKind.CASH)
        if non_cash > due:
            raise NonCashOverDue(paid=format_yuan(non_cash), due=format_yuan(due))
        return offers

    def _paying_offers(self) -> list[TenderOffer]:
        """Enter on cash: the payments must cover the sale (the domain's settle says so)."""
        offers = self._checked_offers()
        settle(self.due(offers)[0], offers)
        return offers

    # -- behaviour --------------------------------------------------------------------------

    @Slot()
    def set_kind(self, kind: TenderKind) -> None:
        self.kind = kind
        self.kind_buttons[kind].setChecked(True)
        is_cash = kind is TenderKind.CASH
        self.reference_caption.setVisible(not is_cash)
        self.reference_edit.setVisible(not is_cash)
        for button in self.quick_buttons:
            button.setVisible(is_cash)
        self.reference_edit.clear()
        self._clear_failure()
        self._retranslate_kind()
        self.fill_remaining()
        if kind is TenderKind.MOBILE:  # the customer's code is scanned straight away
            self.reference_edit.setFocus()

    def set_tendered(self, fen: int) -> None:
        self.tendered_edit.setText(format_yuan(fen))
        self.tendered_edit.selectAll()
        self.tendered_edit.setFocus()

    @Slot()
    def fill_remaining(self) -> None:
        self.set_tendered(self.remaining_fen())

    def _quick_cash(self, fen: int) -> None:
        if self.kind is not TenderKind.CASH:
            self.set_kind(TenderKind.CASH)
        self.set_tendered(fen)

    def tendered_fen(self) -> int:
        """What was typed, in fen; raises the domain's InvalidAmount / AmountTooLarge."""
        return parse_yuan(self.tendered_edit.text())

    @Slot()
    def _amount_entered(self) -> None:
        if self.kind is not TenderKind.CASH and not self.reference_edit.text().strip():
            self.reference_edit.setFocus()  # card: the slip's reference no. comes next
            return
        self.confirm()

    @Slot()
    def confirm(self) -> None:
        """Enter / Confirm: cash pays the rest (and must cover it); card and mobile add."""
        if self.kind is not TenderKind.CASH:
            self.add_payment()
            return
        check = attempt(self._paying_offers)  # pure: nothing is charged or written
        if not check.ok:
            self._show_failure(check)
            return
        self._complete(check.value)

    @Slot()
    def add_payment(self) -> None:
        """Take the entry as a payment; pay the sale when the payments cover it."""
        check = attempt(self._checked_offers)
        if not check.ok:
            self._show_failure(check)
            return
        offers: list[TenderOffer] = check.value
        if sum(o.amount_fen for o in offers) >= self.due(offers)[0]:
            self._complete(offers)
            return
        self.offers = offers
        self._show_payments()
        self.set_kind(TenderKind.CASH)  # what is left is usually cash

    @Slot()
    def remove_payment(self) -> None:
        if not self.offers:
            return
        row = self.payments_list.currentRow()
        self.offers.pop(row if 0 <= row < len(self.offers) else len(self.offers) - 1)
        self._show_payments()
        self._clear_failure()
        self.fill_remaining()

    def _complete(self, offers: list[TenderOffer]) -> None:
        outcome = attempt(lambda: self.pay(offers))
        if not outcome.ok:
            self._show_failure(outcome)
            return
        self.completed = outcome.value
        self.accept()

    def _show_failure(self, outcome: Outcome) -> None:
        self._failure = outcome
        self.error_label.setText(outcome.message())
        reference = isinstance(outcome.error, MissingCardReference | InvalidPaymentCode)
        field = self.reference_edit if reference else self.tendered_edit
        field.selectAll()
        field.setFocus()

    @Slot()
    def _clear_failure(self) -> None:
        self._failure = None
        self.error_label.clear()

    @Slot()
    def _refresh(self) -> None:
        """Show the figures as the amount is typed; a wrong amount is explained at once."""
        self._failure = None
        due, rounding = self.due()
        show_rounding = rounding > 0 and all_cash([*self.offers, TenderOffer(self.kind, 1)])
        self.total_label.setText(f"¥{format_yuan(self.sale.total_fen)}")
        self.rounding_caption.setVisible(show_rounding)
        self.rounding_label.setVisible(show_rounding)
        self.rounding_label.setText(f"−¥{format_yuan(rounding)}")
        self.due_label.setText(f"¥{format_yuan(due)}")
        self.paid_label.setText(f"¥{format_yuan(self.paid_fen())}")
        self.remaining_label.setText(f"¥{format_yuan(max(0, due - self.paid_fen()))}")
        check = attempt(self._preview_change)
        if check.ok:
            self.change_label.setText(f"¥{format_yuan(check.value)}")
            self.error_label.clear()
        else:
            self.change_label.setText("—")
            self.error_label.setText(check.message() if self.tendered_edit.text().strip()
                                     else "")

    def _preview_change(self) -> int:
        offers = self._checked_offers(with_reference=False)
        if self.kind is not TenderKind.CASH:
            return 0
        return sum(t.change_fen for t in settle(self.due(offers)[0], offers))

    def _show_payments(self) -> None:
        self.payments_list.clear()
        for offer in self.offers:
            self.payments_list.addItem(self.payment_text(offer))
        self.payments_caption.setVisible(bool(self.offers))
        self.payments_list.setVisible(bool(self.offers))
        self.remove_button.setVisible(bool(self.offers))

    def payment_text(self, offer: TenderOffer) -> str:
        amount = format_yuan(offer.amount_fen)
        if offer.kind is TenderKind.CARD:
            return self.tr("Bank card ¥{amount} · ref. {reference}").format(
                amount=amount, reference=offer.reference or "")
        if offer.kind is TenderKind.MOBILE:
            code = offer.reference or ""
            return self.tr("Mobile pay ¥{amount} · {provider} …{code}").format(
                amount=amount, provider=self.provider_name(offer.provider), code=code[-4:])
        return self.tr("Cash ¥{amount}").format(amount=amount)

    def provider_name(self, provider: str | None) -> str:
        if provider == "wechat":
            return self.tr("WeChat Pay")
        if provider == "alipay":
            return self.tr("Alipay")
        return provider or ""

    # -- translation ------------------------------------------------------------------------

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Payment"))
        self.total_caption.setText(self.tr("Sale total"))
        self.rounding_caption.setText(self.tr("Store rounding"))
        self.due_caption.setText(self.tr("Amount due"))
        self.paid_caption.setText(self.tr("Paid so far"))
        self.remaining_caption.setText(self.tr("Remaining"))
        self.change_caption.setText(self.tr("Change (cash only)"))
        self.kind_buttons[TenderKind.CASH].setText(self.tr("Cash") + "\nF2")
        self.kind_buttons[TenderKind.CARD].setText(self.tr("Bank card") + "\nF3")
        self.kind_buttons[TenderKind.MOBILE].setText(self.tr("Mobile pay") + "\nF4")
        self.exact_button.setText(self.tr("Exact"))
        self.payments_caption.setText(self.tr("Payments"))
        self.remove_button.setText(self.tr("Remove"))
        self.hint_label.setText(self.tr(
            "Enter: pay · +: add as a part payment · F2 cash · F3 card · F4 mobile · "
            "Ctrl+Del: remove a payment · Esc: cancel"))
        self.add_button.setText(self.tr("Add part payment (+)"))
        self.confirm_button.setText(self.tr("Confirm (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self._retranslate_kind()
        self._show_payments()
        if self._failure is not None:
            self.error_label.setText(self._failure.message())

    def _retranslate_kind(self) -> None:
        if self.kind is TenderKind.CARD:
            self.amount_caption.setText(self.tr("Card amount"))
            self.reference_caption.setText(self.tr("Reference no. (from the card terminal slip)"))
        elif self.kind is TenderKind.MOBILE:
            self.amount_caption.setText(self.tr("Mobile pay amount"))
            self.reference_caption.setText(self.tr("Payment code (scan the customer's code)"))
        else:
            self.amount_caption.setText(self.tr("Cash received"))

