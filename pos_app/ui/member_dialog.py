"""Member level for the sale (F3): pick one of the levels head office sent, or none (a walk-in
customer). Member cards come later; for now the level alone prices the sale."""

from __future__ import annotations

from collections.abc import Sequence

from pos_app.domain.promotion_rules import MemberLevel
from pos_app.qt import QDialog, QEvent, QListWidget, Qt, Slot
from pos_app.ui.dialogs import dialog_button, label, stacked_layout


class MemberDialog(QDialog):
    """`level_code` is the chosen level (None: no member) once accepted."""

    def __init__(self, levels: Sequence[MemberLevel], current: str | None,
                 parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("member_dialog")
        self.setModal(True)
        self.levels = list(levels)
        self.level_code: str | None = current

        self.title_label = label("title")
        self.hint_label = label("caption", wrap=True)
        self.list = QListWidget()
        self.list.setObjectName("member_levels")
        self.list.setMinimumHeight(260)
        self.pick_button = dialog_button("pick", "primary")
        self.cancel_button = dialog_button("cancel")
        stacked_layout(self, [self.title_label, self.hint_label, self.list],
                       self.cancel_button, self.pick_button, min_width=520)

        self.list.itemDoubleClicked.connect(lambda _item: self.pick())
        self.pick_button.clicked.connect(self.pick)
        self.cancel_button.clicked.connect(self.reject)
        self.retranslate()
        codes = [None, *(level.code for level in self.levels)]
        self.list.setCurrentRow(codes.index(current) if current in codes else 0)
        self.list.setFocus()

    @Slot()
    def pick(self) -> None:
        row = self.list.currentRow()
        if row < 0 or self.result() == QDialog.DialogCode.Accepted:
            return
        self.level_code = None if row == 0 else self.levels[row - 1].code
        self.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.pick()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Member level"))
        self.title_label.setText(self.tr("Member level"))
        self.hint_label.setText(self.tr("The sale is priced at the level's member prices. "
                                        "↑/↓ to choose, Enter to confirm."))
        self.pick_button.setText(self.tr("Confirm (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        row = self.list.currentRow()
        self.list.clear()
        self.list.addItem(self.tr("No member (walk-in customer)"))
        for level in self.levels:
            self.list.addItem(self.tr("{name} ({code}) · pays {rate}%").format(
                name=level.name or level.code, code=level.code,
                rate=f"{level.default_rate_bp / 100:g}"))
        if row >= 0:
            self.list.setCurrentRow(row)
