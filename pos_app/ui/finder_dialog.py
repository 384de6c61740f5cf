"""The product finder (F2): search by name, pinyin initials (可口可乐 → kkkl) or code as you
type; ↑/↓ pick a result, Enter adds it to the sale, Esc closes."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.domain.catalog import Product
from pos_app.domain.money import format_yuan
from pos_app.qt import QDialog, QEvent, QLineEdit, QListWidget, Qt, Slot
from pos_app.ui.dialogs import dialog_button, label, stacked_layout
from pos_app.ui.errors import Outcome, attempt

MAX_RESULTS = 30
_MOVES = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -8, Qt.Key.Key_PageDown: 8}


class FinderDialog(QDialog):
    """`product` is the product picked (the dialog is then accepted)."""

    def __init__(self, search: Callable[[str, int], list[Product]], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("finder_dialog")
        self.setModal(True)
        self.search = search
        self.results: list[Product] = []
        self.product: Product | None = None
        self._failure: Outcome | None = None

        self.title_label = label("title")
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("finder_search")
        self.search_edit.setMaxLength(40)
        self.list = QListWidget()
        self.list.setObjectName("finder_results")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setMinimumHeight(320)
        self.status_label = label("caption", "finder_status", wrap=True)
        self.add_button = dialog_button("add", "primary")
        self.cancel_button = dialog_button("cancel")

        stacked_layout(self, [self.title_label, self.search_edit, self.list, self.status_label],
                       self.cancel_button, self.add_button, min_width=640)

        self.search_edit.textEdited.connect(self.run_search)
        self.search_edit.returnPressed.connect(self.pick)
        self.search_edit.installEventFilter(self)
        self.list.itemDoubleClicked.connect(lambda _item: self.pick())
        self.add_button.clicked.connect(self.pick)
        self.cancel_button.clicked.connect(self.reject)
        self.retranslate()
        self.search_edit.setFocus()

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.search_edit and event.type() == QEvent.Type.KeyPress
                and event.key() in _MOVES and self.results):
            row = self.list.currentRow()
            row = 0 if row < 0 else row + _MOVES[event.key()]
            self.list.setCurrentRow(max(0, min(len(self.results) - 1, row)))
            return True
        return super().eventFilter(watched, event)

    @Slot(str)
    def run_search(self, text: str) -> None:
        outcome = attempt(lambda: self.search(text, MAX_RESULTS) if text.strip() else [])
        self._failure = None if outcome.ok else outcome
        self.results = list(outcome.value or []) if outcome.ok else []
        self.list.clear()
        for product in self.results:
            self.list.addItem(f"{product.name}    ¥{format_yuan(product.price_fen)}    "
                              f"{product.sku}")
        if self.results:
            self.list.setCurrentRow(0)
        self._show_status()

    @Slot()
    def pick(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.results):
            return
        self.product = self.results[row]
        self.accept()

    def _show_status(self) -> None:
        text = self.search_edit.text().strip()
        if self._failure is not None:
            self.status_label.setText(self._failure.message())
        elif not text:
            self.status_label.setText(self.tr(
                "Type a name, pinyin initials (e.g. kkkl for 可口可乐) or an item code."))
        elif not self.results:
            self.status_label.setText(self.tr("No product matches “{text}”.").format(text=text))
        else:
            self.status_label.setText(self.tr("↑/↓ to choose, Enter to add."))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Find a product"))
        self.title_label.setText(self.tr("Find a product"))
        self.search_edit.setPlaceholderText(self.tr("Name, pinyin initials or code"))
        self.add_button.setText(self.tr("Add to sale (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self._show_status()
