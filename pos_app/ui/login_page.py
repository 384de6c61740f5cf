"""Log in with staff no. + PIN; pick the language."""

from __future__ import annotations

from pos_app.domain.staff import Staff
from pos_app.qt import (
    QComboBox,
    QEvent,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.services.auth import MAX_PIN_LENGTH, MAX_STAFF_NO_LENGTH
from pos_app.services.till import Till
from pos_app.ui.errors import Outcome, attempt
from pos_app.ui.style import set_role

#: (language code, name shown in the selector: always in that language itself)
LANGUAGE_CHOICES = (("zh_CN", "中文"), ("en", "English"))


class LoginPage(QWidget):
    logged_in = Signal(object)  # Staff
    language_requested = Signal(str)

    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self.till = till
        self._failure: Outcome | None = None

        self.title = QLabel()
        set_role(self.title, "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.store_label = QLabel()
        set_role(self.store_label, "caption")
        self.store_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.staff_label = QLabel()
        self.staff_edit = QLineEdit()
        self.staff_edit.setObjectName("staff_no")
        self.staff_edit.setMaxLength(MAX_STAFF_NO_LENGTH)
        self.staff_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.pin_label = QLabel()
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("pin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(MAX_PIN_LENGTH)
        self.pin_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
        self.staff_label.setBuddy(self.staff_edit)
        self.pin_label.setBuddy(self.pin_edit)

        self.error_label = QLabel()
        self.error_label.setObjectName("login_error")
        set_role(self.error_label, "error")
        self.error_label.setWordWrap(True)
        self.login_button = QPushButton()
        self.login_button.setObjectName("login")
        set_role(self.login_button, "primary")

        self.language_label = QLabel()
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("language")
        for code, name in LANGUAGE_CHOICES:
            self.language_combo.addItem(name, code)

        form = QFrame()
        set_role(form, "panel")
        form.setFixedWidth(460)
        column = QVBoxLayout(form)
        column.setContentsMargins(32, 28, 32, 28)
        column.setSpacing(10)
        column.addWidget(self.title)
        column.addWidget(self.store_label)
        column.addSpacing(12)
        for widget in (self.staff_label, self.staff_edit, self.pin_label, self.pin_edit):
            column.addWidget(widget)
        column.addWidget(self.error_label)
        column.addSpacing(8)
        column.addWidget(self.login_button)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language_label)
        language_row.addWidget(self.language_combo, 1)
        column.addSpacing(8)
        column.addLayout(language_row)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(form)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.staff_edit.returnPressed.connect(self._staff_entered)
        self.pin_edit.returnPressed.connect(self.submit)
        self.login_button.clicked.connect(self.submit)
        self.language_combo.activated.connect(self._language_chosen)
        self.staff_edit.textEdited.connect(self._clear_error)
        self.pin_edit.textEdited.connect(self._clear_error)
        self.retranslate()

    # -- behaviour --------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to an empty form (after logout)."""
        self.staff_edit.clear()
        self.pin_edit.clear()
        self._clear_error()
        self.staff_edit.setFocus()

    def set_language(self, lang: str) -> None:
        index = self.language_combo.findData(lang)
        if index >= 0 and index != self.language_combo.currentIndex():
            self.language_combo.setCurrentIndex(index)

    def set_store(self, text: str) -> None:
        self.store_label.setText(text)

    @Slot()
    def submit(self) -> None:
        staff_no, pin = self.staff_edit.text(), self.pin_edit.text()
        outcome = attempt(lambda: self.till.login(staff_no, pin))
        if not outcome.ok:
            self._failure = outcome
            self.error_label.setText(outcome.message())
            self.pin_edit.clear()
            self.pin_edit.setFocus()
            return
        staff: Staff = outcome.value
        self.reset()
        self.logged_in.emit(staff)

    @Slot()
    def _staff_entered(self) -> None:
        if self.staff_edit.text().strip():
            self.pin_edit.setFocus()

    @Slot(int)
    def _language_chosen(self, index: int) -> None:
        self.language_requested.emit(self.language_combo.itemData(index))

    @Slot()
    def _clear_error(self) -> None:
        self._failure = None
        self.error_label.clear()

    # -- translation ------------------------------------------------------------------------

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Cashier login"))
        self.staff_label.setText(self.tr("Staff no."))
        self.pin_label.setText(self.tr("PIN"))
        self.staff_edit.setPlaceholderText(self.tr("e.g. 1001"))
        self.pin_edit.setPlaceholderText(self.tr("Digits only"))
        self.login_button.setText(self.tr("Log in (Enter)"))
        self.language_label.setText(self.tr("Language"))
        if self._failure is not None:
            self.error_label.setText(self._failure.message())
