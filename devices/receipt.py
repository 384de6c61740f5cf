"""A receipt as plain data. Renderers turn it into ESC/POS bytes, plain text or a PNG."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Align = Literal["left", "center", "right"]


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    align: Align = "left"
    bold: bool = False
    double: bool = False  # double width and height


@dataclass(frozen=True, slots=True)
class ItemLine:
    """One sold item: name on its own line, then qty × unit price and amount, right-aligned."""

    name: str
    qty: str
    unit_price: str
    amount: str


@dataclass(frozen=True, slots=True)
class AmountLine:
    """A label on the left, an amount on the right (totals, tenders, change)."""

    label: str
    amount: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class ReceiptDocument:
    """Printed top to bottom: logo, header, items, totals and payments, member block, footer,
    barcode, QR. Every part is optional."""

    header: list[TextLine] = field(default_factory=list)
    lines: list[ItemLine] = field(default_factory=list)
    totals: list[AmountLine] = field(default_factory=list)
    payments: list[AmountLine] = field(default_factory=list)
    footer: list[TextLine] = field(default_factory=list)
    barcode: str | None = None  # Code128 of the receipt no.
    qr: str | None = None
    open_drawer: bool = False
    # Member block (card holder, tier, points), under its own rule after the payments.
    member: list[TextLine] = field(default_factory=list)
    # Path of an image file (PNG/BMP/JPG) printed centred above the header. A file that is
    # missing or unreadable is left out (the receipt still prints).
    logo: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReceiptDocument:
        return cls(
            header=[TextLine(**x) for x in data.get("header", [])],
            lines=[ItemLine(**x) for x in data.get("lines", [])],
            totals=[AmountLine(**x) for x in data.get("totals", [])],
            payments=[AmountLine(**x) for x in data.get("payments", [])],
            footer=[TextLine(**x) for x in data.get("footer", [])],
            barcode=data.get("barcode"),
            qr=data.get("qr"),
            open_drawer=bool(data.get("open_drawer", False)),
            member=[TextLine(**x) for x in data.get("member") or []],
            logo=data.get("logo"),
        )
