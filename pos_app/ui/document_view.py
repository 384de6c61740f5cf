"""A printed document (receipt, refund slip, cash slip, X / Z report) shown on screen.

The services build documents as plain dicts (devices.ReceiptDocument.to_dict(): header, lines,
totals, payments, footer, barcode, qr). `document_text` lays one out as monospaced text the way
the receipt printer does (the UI may not import `devices`, so this is a small pure copy of its
layout): header lines, a rule, the items (name, then qty × price and the amount on the right),
a rule, totals and payments (label left, amount right), a rule, the footer, the barcode's text.
A Chinese character takes two columns, as on the paper.

`DocumentView` shows that text; `DocumentDialog` shows it in a window with an optional print
button (the print call runs on the worker).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from pos_app.qt import (
    QDialog,
    QEvent,
    QFont,
    QHBoxLayout,
    QKeySequence,
    QPlainTextEdit,
    QShortcut,
    Qt,
    QVBoxLayout,
    Signal,
    Slot,
)
from pos_app.ui.background import Worker
from pos_app.ui.dialogs import Message, dialog_button, label
from pos_app.ui.print_line import PrintLine

COLUMNS = 48  # an 80 mm receipt
RULE = "-"
QR_TEXT = "[QR]"
MONO_FAMILIES = ["Noto Sans Mono CJK SC", "Noto Sans Mono", "DejaVu Sans Mono",
                 "Liberation Mono", "monospace"]


# -- laying out (pure) -------------------------------------------------------------------------


def char_width(ch: str) -> int:
    if ch.isascii():
        return 1
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def clean(text: Any) -> str:
    """Printable text on one line: controls become spaces (a name cannot break the layout)."""
    out = []
    for ch in str(text if text is not None else ""):
        out.append(" " if unicodedata.category(ch)[0] == "C" else ch)
    return "".join(out)


def wrap(text: str, width: int) -> list[str]:
    """Greedy wrap at `width` columns, at spaces when it can, anywhere when it must."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate) <= width:
            current = candidate
            continue
        if current.strip():
            lines.append(current)
        current = ""
        while text_width(word) > width:  # a word wider than the paper: break it
            cut, used = "", 0
            for ch in word:
                if used + char_width(ch) > width:
                    break
                cut, used = cut + ch, used + char_width(ch)
            lines.append(cut)
            word = word[len(cut):]
        current = word
    lines.append(current)
    return [line.rstrip() for line in lines]


def place(text: str, align: str, width: int, scale: int = 1) -> str:
    """`text` aligned in `width` columns; a double-size line (scale 2) takes twice its width."""
    free = max(0, width - text_width(text) * scale)
    indent = {"center": free // 2, "right": free}.get(align, 0)
    return (" " * indent + text).rstrip()


def two_columns(left: str, right: str, width: int) -> list[str]:
    """`left` flush left and `right` flush right; `right` on its own line if both do not fit."""
    if not right:
        return wrap(left, width)
    gap = width - text_width(left) - text_width(right)
    if gap >= 1:
        return [left + " " * gap + right]
    return [*wrap(left, width), place(right, "right", width)]


def document_text(document: Mapping[str, Any], columns: int = COLUMNS) -> str:
    """The document as the printer lays it out, one string with a newline after each line."""
    rule = RULE * columns
    out: list[str] = []

    def text_lines(items: Any) -> None:
        for item in items or []:
            double = bool(item.get("double"))
            width = columns // 2 if double else columns
            align = item.get("align", "left")
            for paragraph in str(item.get("text") or "").splitlines() or [""]:
                for text in wrap(clean(paragraph), width):
                    out.append(place(text, align, columns, 2 if double else 1))

    text_lines(document.get("header"))
    items = document.get("lines") or []
    if items:
        out.append(rule)
        for item in items:
            out.extend(wrap(clean(item.get("name")), columns))
            detail = f"{clean(item.get('qty'))} x {clean(item.get('unit_price'))}"
            out.extend(two_columns(detail, clean(item.get("amount")), columns))
    amounts = [*(document.get("totals") or []), *(document.get("payments") or [])]
    if amounts:
        out.append(rule)
        for line in amounts:
            out.extend(two_columns(clean(line.get("label")), clean(line.get("amount")), columns))
    if document.get("member"):
        out.append(rule)
        text_lines(document.get("member"))
    if document.get("footer"):
        out.append(rule)
        text_lines(document.get("footer"))
    if document.get("barcode"):
        out.append("")
        out.append(place(clean(document["barcode"]), "center", columns))
    if document.get("qr"):
        out.append("")
        out.append(place(QR_TEXT, "center", columns))
    return "".join(line.rstrip() + "\n" for line in out)


def mono_font(point_size: int = 12) -> QFont:
    font = QFont()
    font.setFamilies(MONO_FAMILIES)
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    font.setFixedPitch(True)
    font.setPointSize(point_size)
    return font


# -- widgets -----------------------------------------------------------------------------------


class DocumentView(QPlainTextEdit):
    """Read-only monospaced text of a document, wide enough for a receipt's columns."""

    def __init__(self, name: str = "document_view", columns: int = COLUMNS,
                 parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.columns = columns
        self.document_data: Mapping[str, Any] | None = None
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(mono_font())
        self.setStyleSheet("QPlainTextEdit { background: white; }")
        width = self.fontMetrics().horizontalAdvance("0" * (columns + 2))
        self.setMinimumWidth(width + 24)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_document(self, document: Mapping[str, Any] | None) -> None:
        self.document_data = document
        self.setPlainText(document_text(document, self.columns) if document else "")

    def text(self) -> str:
        return self.toPlainText()


class DocumentDialog(QDialog):
    """A document on screen; `print_call` (if given) prints it on the worker (F9 / button)."""

    printing_finished = Signal(bool)

    def __init__(self, title: Message, document: Mapping[str, Any], *,
                 worker: Worker | None = None, print_call: Callable[[], Any] | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("document_dialog")
        self.setModal(True)
        self.title = title
        self.print_call = print_call
        self.title_label = label("title", "document_title")
        self.view = DocumentView()
        self.view.set_document(document)
        self.print_line = PrintLine(worker) if worker is not None else None
        self.print_button = dialog_button("print", "primary")
        self.close_button = dialog_button("close")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.title_label)
        layout.addWidget(self.view, 1)
        if self.print_line is not None:
            layout.addWidget(self.print_line)
            self.print_line.finished.connect(self.printing_finished)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.print_button, 2)
        layout.addLayout(buttons)
        can_print = print_call is not None and worker is not None
        self.print_button.setVisible(can_print)
        self.print_button.clicked.connect(self.print_document)
        self.close_button.clicked.connect(self.reject)
        self.print_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F9), self)
        self.print_shortcut.activated.connect(self.print_document)
        self.resize(self.view.minimumWidth() + 60, 720)
        self.retranslate()

    @Slot()
    def print_document(self) -> None:
        if self.print_call is None or self.print_line is None or self.print_line.busy:
            return
        self.print_line.start(self.print_call)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        title = self.title()
        self.setWindowTitle(title)
        self.title_label.setText(title)
        self.print_button.setText(self.tr("Print (F9)"))
        self.close_button.setText(self.tr("Close (Esc)"))
