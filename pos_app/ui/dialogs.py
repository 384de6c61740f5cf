"""Small pieces the till's dialogs share (no user strings here: each dialog translates its own)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pos_app.domain.roles import ApprovalNeeded
from pos_app.qt import (
    QDialog,
    QEvent,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Slot,
)
from pos_app.ui.errors import Outcome, attempt
from pos_app.ui.style import set_role

#: A message that is worked out again when the language changes.
Message = Callable[[], str]


def key_shortcuts(owner: QWidget, keys, context: Qt.ShortcutContext | None = None
                  ) -> list[QShortcut]:
    """One QShortcut per (key, slot) on `owner`; keep the list (a shortcut lives while it is
    referenced). `key` is a Qt.Key or a key sequence text such as "Shift+F5"."""
    shortcuts = []
    for key, slot in keys:
        shortcut = QShortcut(QKeySequence(key), owner)
        if context is not None:
            shortcut.setContext(context)
        shortcut.activated.connect(slot)
        shortcuts.append(shortcut)
    return shortcuts


def dialog_button(name: str, role: str | None = None) -> QPushButton:
    """A touch-sized button that never takes the focus (it stays in the dialog's field) and is
    never pressed by Enter behind the cashier's back (Enter belongs to the fields)."""
    button = QPushButton()
    button.setObjectName(name)
    button.setAutoDefault(False)
    button.setDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if role:
        set_role(button, role)
    return button


def label(role: str | None = None, name: str | None = None, wrap: bool = False) -> QLabel:
    widget = QLabel()
    if name:
        widget.setObjectName(name)
    if role:
        set_role(widget, role)
    widget.setWordWrap(wrap)
    return widget


def stacked_layout(dialog: QDialog, widgets: list[QWidget], cancel: QPushButton,
                   confirm: QPushButton, min_width: int) -> QVBoxLayout:
    """The till's dialog shape: widgets one under another, then Cancel and a wider confirm
    button side by side."""
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(8)
    for widget in widgets:
        layout.addWidget(widget)
    buttons = QHBoxLayout()
    buttons.addWidget(cancel)
    buttons.addWidget(confirm, 2)
    layout.addLayout(buttons)
    dialog.setMinimumWidth(min_width)
    return layout


class ValueDialog(QDialog):
    """A dialog that takes one amount and applies it through `apply(fen)` (a service call).

    Enter applies. A bad entry, or a refusal from the service, shows the translated message
    and keeps the dialog open. When the service says the action needs approval
    (ApprovalNeeded), the dialog closes with `approval_needed` and `value_fen` set: the window
    then asks for an approver and retries the same call with their credentials.
    Subclasses build the texts (`retranslate`) and read the field (`parse`).
    """

    def __init__(self, apply: Callable[[int], Any], parent=None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.apply = apply
        self.value_fen: int | None = None
        self.result_value: Any = None
        self.approval_needed: ApprovalNeeded | None = None
        self._failure: Outcome | None = None
        self.value_edit = QLineEdit()
        self.value_edit.setObjectName("value")
        self.value_edit.setMaxLength(14)
        self.error_label = label("error", "value_error", wrap=True)
        self.value_edit.returnPressed.connect(self.submit)
        self.value_edit.textEdited.connect(self._edited)

    def parse(self) -> int:
        raise NotImplementedError

    def retranslate(self) -> None:
        raise NotImplementedError

    def preview(self) -> None:
        """Show what the typed value would do (subclasses)."""

    @Slot()
    def submit(self) -> None:
        check = attempt(self.parse)
        if not check.ok:
            self._show_failure(check)
            return
        fen = check.value
        outcome = attempt(lambda: self.apply(fen))
        if isinstance(outcome.error, ApprovalNeeded):
            self.approval_needed = outcome.error
            self.value_fen = fen
            self.accept()
            return
        if not outcome.ok:
            self._show_failure(outcome)
            return
        self.value_fen = fen
        self.result_value = outcome.value
        self.accept()

    def _show_failure(self, outcome: Outcome) -> None:
        self._failure = outcome
        self.error_label.setText(outcome.message())
        self.value_edit.selectAll()
        self.value_edit.setFocus()

    @Slot(str)
    def _edited(self, _text: str) -> None:
        self._failure = None
        self.error_label.clear()
        self.preview()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self._failure is not None:
                self.error_label.setText(self._failure.message())
        super().changeEvent(event)
