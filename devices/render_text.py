"""A receipt as plain text: what the paper says, column for column.

Alignment is done with spaces the way the printer places the text; a double-size line is
written with normal characters but placed where its double-width glyphs start on the paper.
Barcodes show their human-readable text, QR codes and the logo a placeholder.
"""

from __future__ import annotations

from devices.layout import Line, PrinterProfile, display_width, get_profile, layout_receipt
from devices.receipt import ReceiptDocument


def render_text(doc: ReceiptDocument, profile: PrinterProfile | None = None) -> str:
    profile = profile or get_profile()
    return "".join(line_text(line, profile) + "\n" for line in layout_receipt(doc, profile))


def line_text(line: Line, profile: PrinterProfile) -> str:
    width = display_width(line.text, profile) * (2 if line.double else 1)
    free = max(0, profile.columns - width)
    indent = {"left": 0, "center": free // 2, "right": free}[line.align]
    return (" " * indent + line.text).rstrip()
