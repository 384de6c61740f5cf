"""Approval by another staff member: their number + PIN for a restricted action.

Reusable: the sale screen uses it for voids, discounts and price overrides; returns and shift
screens use it the same way. The caller gives the action's retry as `approve(credentials)`: it
runs the same service call again with `approver=credentials`. A wrong PIN, or an approver
whose role may not do it, shows the translated message and keeps the dialog open; Esc cancels
and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pos_app.domain.money import format_yuan
from pos_app.domain.roles import (
    ACTION_NAMES,
    ApprovalNeeded,
    ApproverIsRequester,
    ApproverNotAllowed,
)
from pos_app.qt import (
    QCoreApplication,
    QDialog,
    QEvent,
    QHBoxLayout,
    QLineEdit,
    Qt,
    QVBoxLayout,
    Slot,
)
from pos_app.services.approvals import Credentials
from pos_app.services.auth import MAX_PIN_LENGTH, MAX_STAFF_NO_LENGTH
from pos_app.ui.dialogs import Message, dialog_button, label
from pos_app.ui.errors import Outcome, attempt, describe


def action_name(needed: ApprovalNeeded) -> str:
    return QCoreApplication.translate("errors", ACTION_NAMES[needed.permission])


class ApprovalDialog(QDialog):
    """`result_value` holds what `approve` returned once approved (the dialog is accepted)."""

    def __init__(self, needed: ApprovalNeeded, approve: Callable[[Credentials], Any], *,
                 subject: Message | None = None, amount_fen: int | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("approval_dialog")
        self.setModal(True)
        self.needed = needed
        self.approve = approve
        self.subject = subject
        self.amount_fen = amount_fen
        self.result_value: Any = None
        self.approved_by: str | None = None
        self._failure: Outcome | None = None

        self.title_label = label("title")
        self.action_label = label("title", "approval_action")
        self.subject_label = label("caption", "approval_subject", wrap=True)
        self.amount_label = label("caption", "approval_amount")
        self.reason_label = label("caption", wrap=True)
        self.staff_caption = label()
        self.staff_edit = QLineEdit()
        self.staff_edit.setObjectName("approver_no")
        self.staff_edit.setMaxLength(MAX_STAFF_NO_LENGTH)
        self.staff_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.staff_caption.setBuddy(self.staff_edit)
        self.pin_caption = label()
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("approver_pin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(MAX_PIN_LENGTH)
        self.pin_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
        self.pin_caption.setBuddy(self.pin_edit)
        self.error_label = label("error", "approval_error", wrap=True)
        self.approve_button = dialog_button("approve", "primary")
        self.cancel_button = dialog_button("cancel")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addWidget(self.action_label)
        layout.addWidget(self.subject_label)
        layout.addWidget(self.amount_label)
        layout.addWidget(self.reason_label)
        for widget in (self.staff_caption, self.staff_edit, self.pin_caption, self.pin_edit,
                       self.error_label):
            layout.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.approve_button, 2)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

        self.staff_edit.returnPressed.connect(self._staff_entered)
        self.pin_edit.returnPressed.connect(self.submit)
        self.approve_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.staff_edit.textEdited.connect(self._clear_failure)
        self.pin_edit.textEdited.connect(self._clear_failure)
        self.retranslate()
        self.staff_edit.setFocus()

    # -- behaviour --------------------------------------------------------------------------

    @Slot()
    def _staff_entered(self) -> None:
        if self.staff_edit.text().strip():
            self.pin_edit.setFocus()

    @Slot()
    def submit(self) -> None:
        credentials = Credentials(self.staff_edit.text().strip(), self.pin_edit.text())
        outcome = attempt(lambda: self.approve(credentials))
        if not outcome.ok:
            self._failure = outcome
            self.error_label.setText(outcome.message())
            self.pin_edit.clear()
            if isinstance(outcome.error, ApproverNotAllowed | ApproverIsRequester):
                self.staff_edit.selectAll()
                self.staff_edit.setFocus()
            else:
                self.pin_edit.setFocus()
            return
        self.result_value = outcome.value
        self.approved_by = credentials.staff_no
        self.accept()

    @Slot()
    def _clear_failure(self) -> None:
        self._failure = None
        self.error_label.clear()

    # -- translation ------------------------------------------------------------------------

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Approval needed"))
        self.title_label.setText(self.tr("Approval needed"))
        self.action_label.setText(action_name(self.needed))
        self.subject_label.setText(self.subject() if self.subject else "")
        self.subject_label.setVisible(self.subject is not None)
        self.amount_label.setText(self.tr("Amount: ¥{amount}").format(
            amount=format_yuan(self.amount_fen)) if self.amount_fen is not None else "")
        self.amount_label.setVisible(self.amount_fen is not None)
        self.reason_label.setText(describe(self.needed))
        self.staff_caption.setText(self.tr("Approver's staff no."))
        self.pin_caption.setText(self.tr("Approver's PIN"))
        self.approve_button.setText(self.tr("Approve (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        if self._failure is not None:
            self.error_label.setText(self._failure.message())
