"""Pricing a whole sale: promotions, then manual discounts, then store rounding, each allocated
to the lines to the fen so that line finals always add up to what the customer pays.

Order of work (and why):
1. Promotions (`promotions.price_cart`) on every line except those with a price override: a
   price set by hand is the price; no rule discounts it again. Scale-label lines go in as one
   unit at the label's amount.
2. Manual line discounts come off the line's amount after promotions (never below zero).
3. A manual sale discount is shared over the lines in proportion to what they cost by then.
4. Store rounding (抹零, all-cash sales only, decided at payment) is shared the same way and
   shown as its own line on the receipt.
Refunds pay back shares of the line finals (allocation.refund_share), so a return refunds
exactly what was paid for the units returned, promotions, manual discounts and rounding included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pos_app.domain.allocation import allocate
from pos_app.domain.money import Fen
from pos_app.domain.promotion_rules import MemberLevel, Rule
from pos_app.domain.promotions import CartLine, Note, price_cart
from pos_app.domain.sale import Sale

MANUAL_LINE = "manual:line"
MANUAL_SALE = "manual:sale"
ROUNDING = "rounding"


@dataclass(frozen=True, slots=True)
class LineDiscount:
    rule_id: str  # promotion id, MANUAL_LINE, MANUAL_SALE or ROUNDING
    rule_name: str
    kind: str  # promotion kind, "manual" or "rounding"
    stage: str  # line | order | manual | rounding
    amount_fen: Fen

    def to_dict(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "rule_name": self.rule_name, "kind": self.kind,
                "stage": self.stage, "amount_fen": self.amount_fen}


@dataclass(frozen=True, slots=True)
class LinePrice:
    line_no: int
    original_fen: Fen
    final_fen: Fen
    discounts: tuple[LineDiscount, ...]
    notes: tuple[Note, ...] = ()

    @property
    def discount_fen(self) -> Fen:
        return self.original_fen - self.final_fen

    def promotion_names(self) -> list[str]:
        return [d.rule_name for d in self.discounts if d.stage in ("line", "order")]


@dataclass(frozen=True, slots=True)
class SalePrice:
    lines: tuple[LinePrice, ...]  # in the sale's line order
    original_fen: Fen
    promotion_fen: Fen  # taken off by promotions
    manual_fen: Fen  # taken off by manual line and sale discounts
    rounding_fen: Fen  # wiped off by store rounding
    total_fen: Fen
    inactive: tuple[Note, ...] = ()  # rules not live now, and why

    @property
    def discount_fen(self) -> Fen:
        """Promotions and manual discounts (rounding is reported on its own)."""
        return self.promotion_fen + self.manual_fen

    def line(self, line_no: int) -> LinePrice:
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise KeyError(line_no)

    def promotions(self) -> dict[str, Fen]:
        """Promotion name → fen it took off this sale (for the receipt)."""
        totals: dict[str, Fen] = {}
        for line in self.lines:
            for d in line.discounts:
                if d.stage in ("line", "order"):
                    totals[d.rule_name] = totals.get(d.rule_name, 0) + d.amount_fen
        return totals


@dataclass(frozen=True, slots=True)
class PricingContext:
    """What a sale is priced with: the live rule book, the member levels, the store's zone."""

    rules: tuple[Rule, ...]
    levels: Mapping[str, MemberLevel]
    store_tz: str
    category_codes: Mapping[str, str]  # category id → code (rules may name either)


def price_sale(sale: Sale, context: PricingContext | None, now: datetime | None,
               rounding_fen: Fen = 0) -> SalePrice:
    """Price `sale` at `now` (aware). With no context (no rules), lines pay catalog prices."""
    work: dict[int, list[LineDiscount]] = {x.line_no: [] for x in sale.lines}
    amounts: dict[int, Fen] = {x.line_no: x.amount_fen for x in sale.lines}
    notes: dict[int, tuple[Note, ...]] = {}
    inactive: tuple[Note, ...] = ()

    if context is not None and context.rules and now is not None:
        cart = [_cart_line(x, context.category_codes) for x in sale.lines
                if x.price_override_fen is None]
    else:
        cart = []
    if cart:
        level = context.levels.get(sale.member_level) if sale.member_level else None
        assert context is not None and now is not None
        priced = price_cart(cart, context.rules, now=now, store_tz=context.store_tz,
                            member=level)
        inactive = priced.inactive
        for pl in priced.lines:
            amounts[pl.line_no] = pl.final_fen
            notes[pl.line_no] = pl.notes
            work[pl.line_no].extend(
                LineDiscount(d.rule_id, d.rule_name, str(d.kind), d.stage, d.amount_fen)
                for d in pl.discounts)
    promotion = sum(x.amount_fen for x in sale.lines) - sum(amounts.values())

    manual = 0
    for line in sale.lines:
        if line.discount_fen:
            cut = min(line.discount_fen, amounts[line.line_no])
            if cut:
                work[line.line_no].append(
                    LineDiscount(MANUAL_LINE, "", "manual", "manual", cut))
                amounts[line.line_no] -= cut
                manual += cut
    manual += _share(sale, amounts, work, sale.discount_fen,
                     LineDiscount(MANUAL_SALE, "", "manual", "manual", 0))
    rounding = _share(sale, amounts, work, rounding_fen,
                      LineDiscount(ROUNDING, "", "rounding", "rounding", 0))

    lines = tuple(LinePrice(x.line_no, x.amount_fen, amounts[x.line_no],
                            tuple(work[x.line_no]), notes.get(x.line_no, ()))
                  for x in sale.lines)
    original = sum(x.original_fen for x in lines)
    return SalePrice(lines=lines, original_fen=original, promotion_fen=promotion,
                     manual_fen=manual, rounding_fen=rounding,
                     total_fen=sum(x.final_fen for x in lines), inactive=inactive)


def price_plain(sale: Sale) -> SalePrice:
    return price_sale(sale, None, None)


def _cart_line(line, category_codes: Mapping[str, str]) -> CartLine:
    p = line.product
    code = category_codes.get(p.category_id) if p.category_id else None
    if line.is_fixed:  # a scale label is one unit at the label's amount
        return CartLine(line.line_no, p.id, p.category_id, 1, line.label_amount_fen, sku=p.sku,
                        category_code=code)
    return CartLine(line.line_no, p.id, p.category_id, line.qty, line.unit_price_fen, sku=p.sku,
                    category_code=code)


def _share(sale: Sale, amounts: dict[int, Fen], work: dict[int, list[LineDiscount]],
           total_fen: Fen, template: LineDiscount) -> Fen:
    """Take `total_fen` off the lines in proportion to their current amounts (capped)."""
    if total_fen <= 0 or not sale.lines:
        return 0
    order = [x.line_no for x in sale.lines]
    total_fen = min(total_fen, sum(amounts[n] for n in order))
    if total_fen == 0:
        return 0
    shares = allocate(total_fen, [amounts[n] for n in order])
    for n, share in zip(order, shares, strict=True):
        if share:
            amounts[n] -= share
            work[n].append(LineDiscount(template.rule_id, template.rule_name, template.kind,
                                        template.stage, share))
    return total_fen


def levels_by_code(levels: Iterable[MemberLevel]) -> dict[str, MemberLevel]:
    return {x.code: x for x in levels}
