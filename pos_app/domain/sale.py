"""The sale being rung up: lines, quantities, total, and the cash tender that completes it."""

from __future__ import annotations

from dataclasses import dataclass, field

from pos_app.domain.catalog import Product
from pos_app.domain.errors import (
    AmountTooLarge,
    EmptySale,
    InsufficientTender,
    InvalidQuantity,
    NoSuchLine,
)
from pos_app.domain.money import MAX_AMOUNT_FEN, Fen, check_amount, format_yuan

MAX_QTY = 9999


def check_quantity(qty: object) -> int:
    """A line quantity: a whole number from 1 to MAX_QTY (weighed goods come later)."""
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

    @property
    def unit_price_fen(self) -> Fen:
        return self.product.price_fen

    @property
    def amount_fen(self) -> Fen:
        return self.product.price_fen * self.qty


@dataclass(frozen=True, slots=True)
class CashTender:
    amount_fen: Fen  # the part of the total this tender pays
    tendered_fen: Fen  # what the customer handed over
    change_fen: Fen


@dataclass(slots=True)
class Sale:
    """An open sale. It lives in memory until paid; completing it is one transaction."""

    lines: list[SaleLine] = field(default_factory=list)
    _next_line_no: int = 1

    @property
    def total_fen(self) -> Fen:
        return sum(line.amount_fen for line in self.lines)

    @property
    def item_count(self) -> int:
        return sum(line.qty for line in self.lines)

    def is_empty(self) -> bool:
        return not self.lines

    def add(self, product: Product, barcode: str | None, qty: int = 1) -> SaleLine:
        """Add a scanned product. Scanning the product of the last line again adds to that line."""
        check_quantity(qty)
        last = self.lines[-1] if self.lines else None
        if last is not None and last.product.id == product.id and last.barcode == barcode:
            self._check_total_with(last, last.qty + qty)
            last.qty = check_quantity(last.qty + qty)
            return last
        line = SaleLine(self._next_line_no, product, barcode, qty)
        self._check_total_with(line, qty)
        self.lines.append(line)
        self._next_line_no += 1
        return line

    def set_quantity(self, line_no: int, qty: int) -> SaleLine:
        line = self.line(line_no)
        check_quantity(qty)
        self._check_total_with(line, qty)
        line.qty = qty
        return line

    def remove(self, line_no: int) -> SaleLine:
        line = self.line(line_no)
        self.lines.remove(line)
        return line

    def line(self, line_no: int) -> SaleLine:
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise NoSuchLine(line_no=line_no)

    def pay_cash(self, tendered_fen: Fen) -> CashTender:
        """Cash for the whole total; change is what is handed back."""
        if self.is_empty():
            raise EmptySale()
        check_amount(tendered_fen)
        due = self.total_fen
        if tendered_fen < due:
            raise InsufficientTender(tendered=format_yuan(tendered_fen), due=format_yuan(due))
        return CashTender(amount_fen=due, tendered_fen=tendered_fen, change_fen=tendered_fen - due)

    def _check_total_with(self, line: SaleLine, qty: int) -> None:
        """Refuse a change that would take the sale past what the till accepts."""
        others = sum(x.amount_fen for x in self.lines if x is not line)
        if others + line.unit_price_fen * qty > MAX_AMOUNT_FEN:
            raise AmountTooLarge(limit=format_yuan(MAX_AMOUNT_FEN))
