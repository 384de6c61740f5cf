"""Confirm voiding the whole open sale (F8 / Ctrl+Del): Enter voids, Esc keeps the sale."""

from __future__ import annotations

from pos_app.domain.money import format_yuan
from pos_app.qt import QDialog, QEvent, QHBoxLayout, Qt, QVBoxLayout
from pos_app.ui.dialogs import dialog_button, label


class VoidSaleDialog(QDialog):
    def __init__(self, item_count: int, total_fen: int, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("void_sale_dialog")
        self.setModal(True)
        self.item_count = item_count
        self.total_fen = total_fen
        self.title_label = label("title")
        self.text_label = label(wrap=True)
        self.void_button = dialog_button("void", "danger")
        self.keep_button = dialog_button("keep")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.text_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.void_button)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)
        self.void_button.clicked.connect(self.accept)
        self.keep_button.clicked.connect(self.reject)
        self.retranslate()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Void sale"))
        self.title_label.setText(self.tr("Void the whole sale?"))
        self.text_label.setText(self.tr(
            "{count} item(s), ¥{total}. Every line is voided and kept in the void log; "
            "nothing is charged.").format(count=self.item_count,
                                          total=format_yuan(self.total_fen)))
        self.void_button.setText(self.tr("Void sale (Enter)"))
        self.keep_button.setText(self.tr("Keep the sale (Esc)"))
