"""The sale being rung up: lines (counted, weighed or priced by a scale label), voids, manual
discounts and price overrides, and its priced total.

A Sale stays in memory until it is paid (or suspended); completing it is one transaction in the
service layer. Prices come from a `pricer` the service gives the sale (promotions, member level,
the time): every change to the sale drops the cached price, and the next read prices it again.
Without a pricer, lines pay their catalog price.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pos_app.domain.catalog import Product
from pos_app.domain.errors import (
    QT_TRANSLATE_NOOP,
    AmountTooLarge,
    EmptySale,
    InsufficientTender,
    InvalidQuantity,
    NoSuchLine,
    PosError,
)
from pos_app.domain.ids import new_id
from pos_app.domain.money import MAX_AMOUNT_FEN, Fen, check_amount, format_yuan

if TYPE_CHECKING:
    from pos_app.domain.sale_pricing import SalePrice

MAX_QTY = 9999
MAX_LINES = 500


class FixedLine(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Line {line_no} comes from a scale label: its quantity and price are fixed.")


class DiscountTooLarge(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "A discount of {discount} is more than the {amount} "
                                        "it comes off.")


class TooManyLines(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "A sale takes at most {max} lines: pay this one and "
                                        "start another.")


def check_quantity(qty: object) -> int:
    """A line quantity: a whole number from 1 to MAX_QTY (weighed goods carry a weight)."""
    if isinstance(qty, bool) or not isinstance(qty, int) or not 1 <= qty <= MAX_QTY:
        raise InvalidQuantity(max_qty=MAX_QTY)
    return qty


def parse_quantity(text: str) -> int:
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()):
        raise InvalidQuantity(max_qty=MAX_QTY)
    return check_quantity(int(text))


@dataclass(slots=True)
class SaleLine:
    line_no: int
    product: Product
    barcode: str | None
    qty: int
    weight_g: int | None = None  # weighed goods: the weight on the scale label
    label_amount_fen: Fen | None = None  # scale label: the line amount, fixed
    price_override_fen: Fen | None = None  # unit price set by hand (with permission)
    discount_fen: Fen = 0  # manual line discount (with permission)

    @property
    def regular_price_fen(self) -> Fen:
        return self.product.price_fen

    @property
    def unit_price_fen(self) -> Fen:
        """Price per unit (per kg for weighed goods) the line is charged at before discounts."""
        if self.price_override_fen is not None:
            return self.price_override_fen
        return self.product.price_fen

    @property
    def amount_fen(self) -> Fen:
        """The line before discounts: unit price × qty, or the scale label's amount."""
        if self.label_amount_fen is not None:
            return self.label_amount_fen
        return self.unit_price_fen * self.qty

    @property
    def is_fixed(self) -> bool:
        """From a scale label: quantity and amount cannot change."""
        return self.label_amount_fen is not None

    def to_dict(self) -> dict[str, Any]:
        p = self.product
        return {"line_no": self.line_no, "barcode": self.barcode, "qty": self.qty,
                "weight_g": self.weight_g, "label_amount_fen": self.label_amount_fen,
                "price_override_fen": self.price_override_fen, "discount_fen": self.discount_fen,
                "product": {"id": p.id, "sku": p.sku, "name": p.name, "price_fen": p.price_fen,
                            "category_id": p.category_id, "unit": p.unit, "active": p.active}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SaleLine:
        return cls(line_no=data["line_no"], product=Product(**data["product"]),
                   barcode=data["barcode"], qty=data["qty"], weight_g=data["weight_g"],
                   label_amount_fen=data["label_amount_fen"],
                   price_override_fen=data["price_override_fen"],
                   discount_fen=data["discount_fen"])


@dataclass(frozen=True, slots=True)
class VoidedLine:
    """A line taken off before payment; kept for the audit trail and the Z report."""

    product: Product
    qty: int
    amount_fen: Fen
    approved_by: str | None = None

    def to_payload(self) -> dict[str, Any]:
        return {"product_id": self.product.id, "sku": self.product.sku,
                "name": self.product.name, "qty": self.qty, "amount_fen": self.amount_fen,
                "approved_by": self.approved_by}


@dataclass(frozen=True, slots=True)
class CashTender:
    amount_fen: Fen  # the part of the total this tender pays
    tendered_fen: Fen  # what the customer handed over
    change_fen: Fen


Pricer = Callable[["Sale"], "SalePrice"]


@dataclass(slots=True, eq=False)
class Sale:
    """An open sale."""

    lines: list[SaleLine] = field(default_factory=list)
    voided: list[VoidedLine] = field(default_factory=list)
    discount_fen: Fen = 0  # manual discount on the whole sale
    member_level: str | None = None  # the member's level code, priced by the pricer
    member_id: str | None = None
    id: str = field(default_factory=new_id)  # names a suspended sale; not the sale's id
    pricer: Pricer | None = None
    _next_line_no: int = 1
    _priced: SalePrice | None = None

    # -- reading ----------------------------------------------------------------------------

    @property
    def priced(self) -> SalePrice:
        if self._priced is None:
            from pos_app.domain.sale_pricing import price_plain

            self._priced = (self.pricer or price_plain)(self)
        return self._priced

    @property
    def original_fen(self) -> Fen:
        return sum(line.amount_fen for line in self.lines)

    @property
    def total_fen(self) -> Fen:
        """What the customer pays, every discount included (store rounding comes at payment)."""
        return self.priced.total_fen if self.lines else 0

    @property
    def item_count(self) -> int:
        return sum(line.qty for line in self.lines)

    def is_empty(self) -> bool:
        return not self.lines

    def line(self, line_no: int) -> SaleLine:
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise NoSuchLine(line_no=line_no)

    # -- changing ---------------------------------------------------------------------------

    def changed(self) -> None:
        """Drop the cached price (after any change, or when the pricer's inputs changed)."""
        self._priced = None

    def add(self, product: Product, barcode: str | None, qty: int = 1) -> SaleLine:
        """Add a scanned product. Scanning the product of the last line again adds to that line."""
        check_quantity(qty)
        last = self.lines[-1] if self.lines else None
        if (last is not None and last.product.id == product.id and last.barcode == barcode
                and not last.is_fixed and last.price_override_fen is None
                and not last.discount_fen):
            self._check_total_with(last, last.unit_price_fen * (last.qty + qty))
            last.qty = check_quantity(last.qty + qty)
            self.changed()
            return last
        line = SaleLine(self._next_line_no, product, barcode, qty)
        return self._append(line)

    def add_label(self, product: Product, barcode: str, amount_fen: Fen,
                  weight_g: int | None) -> SaleLine:
        """A scale label: one line with the label's amount (and weight), never merged."""
        check_amount(amount_fen)
        line = SaleLine(self._next_line_no, product, barcode, 1, weight_g=weight_g,
                        label_amount_fen=amount_fen)
        return self._append(line)

    def set_quantity(self, line_no: int, qty: int) -> SaleLine:
        line = self.line(line_no)
        if line.is_fixed:
            raise FixedLine(line_no=line_no)
        check_quantity(qty)
        self._check_total_with(line, line.unit_price_fen * qty)
        line.qty = qty
        line.discount_fen = min(line.discount_fen, line.amount_fen)
        self.changed()
        return line

    def remove(self, line_no: int, approved_by: str | None = None) -> SaleLine:
        """Void a line: it leaves the sale and is kept in `voided`."""
        line = self.line(line_no)
        self.lines.remove(line)
        self.voided.append(VoidedLine(line.product, line.qty, line.amount_fen, approved_by))
        self.changed()
        return line

    def void_all(self, approved_by: str | None = None) -> list[VoidedLine]:
        """Void the whole sale before payment; returns every line voided, earlier voids too."""
        for line in list(self.lines):
            self.remove(line.line_no, approved_by)
        self.discount_fen = 0
        return list(self.voided)

    def override_price(self, line_no: int, unit_price_fen: Fen) -> SaleLine:
        line = self.line(line_no)
        if line.is_fixed:
            raise FixedLine(line_no=line_no)
        check_amount(unit_price_fen)
        self._check_total_with(line, unit_price_fen * line.qty)
        line.price_override_fen = None if unit_price_fen == line.product.price_fen \
            else unit_price_fen
        line.discount_fen = min(line.discount_fen, line.amount_fen)
        self.changed()
        return line

    def discount_line(self, line_no: int, discount_fen: Fen) -> SaleLine:
        """A manual discount on a line, in fen off the line's amount (0 removes it)."""
        line = self.line(line_no)
        check_amount(discount_fen)
        if discount_fen > line.amount_fen:
            raise DiscountTooLarge(discount=format_yuan(discount_fen),
                                   amount=format_yuan(line.amount_fen))
        line.discount_fen = discount_fen
        self.changed()
        return line

    def discount_sale(self, discount_fen: Fen) -> None:
        """A manual discount on the whole sale, in fen (0 removes it); it is shared over the
        lines in proportion to what they cost after their own discounts."""
        check_amount(discount_fen)
        if not self.lines:
            raise EmptySale()
        self.discount_fen = 0
        self.changed()
        before = self.total_fen
        if discount_fen > before:
            raise DiscountTooLarge(discount=format_yuan(discount_fen), amount=format_yuan(before))
        self.discount_fen = discount_fen
        self.changed()

    def set_member_level(self, level_code: str | None, member_id: str | None = None) -> None:
        self.member_level = level_code
        self.member_id = member_id
        self.changed()

    def pay_cash(self, tendered_fen: Fen) -> CashTender:
        """Cash for the whole total; change is what is handed back."""
        if self.is_empty():
            raise EmptySale()
        check_amount(tendered_fen)
        due = self.total_fen
        if tendered_fen < due:
            raise InsufficientTender(tendered=format_yuan(tendered_fen), due=format_yuan(due))
        return CashTender(amount_fen=due, tendered_fen=tendered_fen, change_fen=tendered_fen - due)

    # -- suspend / resume -------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "lines": [x.to_dict() for x in self.lines],
                "voided": [{**x.to_payload(), "product": {
                    "id": x.product.id, "sku": x.product.sku, "name": x.product.name,
                    "price_fen": x.product.price_fen, "category_id": x.product.category_id,
                    "unit": x.product.unit, "active": x.product.active}} for x in self.voided],
                "discount_fen": self.discount_fen, "member_level": self.member_level,
                "member_id": self.member_id, "next_line_no": self._next_line_no}

    @classmethod
    def from_dict(cls, data: dict[str, Any], pricer: Pricer | None = None) -> Sale:
        sale = cls(lines=[SaleLine.from_dict(x) for x in data["lines"]],
                   voided=[VoidedLine(Product(**x["product"]), x["qty"], x["amount_fen"],
                                      x["approved_by"]) for x in data["voided"]],
                   discount_fen=data["discount_fen"], member_level=data["member_level"],
                   member_id=data["member_id"], id=data["id"], pricer=pricer)
        sale._next_line_no = data["next_line_no"]
        return sale

    # -- internals --------------------------------------------------------------------------

    def _append(self, line: SaleLine) -> SaleLine:
        if len(self.lines) >= MAX_LINES:
            raise TooManyLines(max=MAX_LINES)
        self._check_total_with(line, line.amount_fen)
        self.lines.append(line)
        self._next_line_no += 1
        self.changed()
        return line

    def _check_total_with(self, line: SaleLine, amount_fen: Fen) -> None:
        """Refuse a change that would take the sale past what the till accepts."""
        others = sum(x.amount_fen for x in self.lines if x is not line)
        if others + amount_fen > MAX_AMOUNT_FEN:
            raise AmountTooLarge(limit=format_yuan(MAX_AMOUNT_FEN))
