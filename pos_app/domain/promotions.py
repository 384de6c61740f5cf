"""The pricing & promotions engine: a cart, the member's level, the rules and a time in, a fully
explained PricedCart out. Pure and deterministic: no I/O, no clock, no floats.

    priced = price_cart(lines, rules, now=now_utc, store_tz="Asia/Shanghai", member=level)
    priced.total_fen                      # what the customer pays
    priced.line(3).discounts              # (rule id, rule name, fen) applied to line 3
    priced.line(3).final_fen              # what line 3 paid, order-level discounts included
    priced.line(3).notes                  # rules that matched line 3 but did not apply, and why

How a cart is priced (the resolution rules):

1. Live rules. A rule that is disabled, not yet valid, expired or outside its schedule at `now`
   (store wall-clock time for naive bounds and schedules) applies to nothing and is listed in
   `PricedCart.inactive` with the reason. Rules are considered in resolution order: higher
   `priority` first, then rule `id` (string order).
2. Line level (限时折扣, 会员价, 会员等级折扣, 买N送M): a line takes at most one of these. Priority
   comes first: rules are taken a priority level at a time, from the highest; a line claimed at
   one level gets nothing from lower levels (note `outranked`). Within one level the customer
   gets the better deal on each line (larger discount; a tie goes to the lower rule id; the
   other rules get note `smaller_discount`). Per-unit prices are rounded half-up to the fen
   before multiplying by the quantity, so splitting a product over lines never changes its price.
   Buy-N-get-M at a level: units in scope are sorted by unit price, highest first, and cut into
   groups of N+M; in each complete group the M cheapest are free. The free value is shared over
   the lines whose units are in complete groups, in proportion to those units' value (a
   returned "paid" item then refunds its share, not its full price). A line whose share is
   smaller than the best other rule of the same level offers it leaves the group and the groups
   are formed again without it. Leftover units of a claimed line pay the regular price.
3. Order level (满减) comes after every line-level rule, rule by rule in resolution order. Its
   threshold is measured on the eligible lines' current amounts (after line-level and earlier
   order-level discounts); the discount never exceeds that amount and is allocated over those
   lines by `allocation.allocate` (largest remainder, lines in a canonical order independent of
   scan order), so line finals add up to the total exactly.
4. Exclusivity. An `exclusive` rule (不与其他优惠同享) takes only lines no other rule has
   touched, and a line it takes gets no later rule (note `exclusive`). Rules sharing a `group`
   (互斥组) exclude each other per line: once one rule of the group applied to a line, later ones
   skip it (note `group`). `regular_price_only` 满减 skips lines with a line-level price rule.

Nothing is ever below zero: per-line prices never rise (a fixed price above the regular price
does not apply, note `no_gain`), free units are shared within their group's value, and 满减 is
capped at the eligible amount.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from decimal import Decimal
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from pos_app.domain.allocation import allocate
from pos_app.domain.money import Fen, check_amount, round_half_up
from pos_app.domain.promotion_rules import (
    BP,
    BuyNGetM,
    DuplicatePromotion,
    MemberLevel,
    MemberLevelDiscount,
    MemberPrice,
    Rule,
    RuleKind,
    SpendReduce,
    TimeDiscount,
)
from pos_app.domain.sale import check_quantity

# Stages of an AppliedDiscount.
LINE = "line"
ORDER = "order"

# Reasons in Note.reason: why a rule that matched a line did not discount it.
OUTRANKED = "outranked"  # a higher-priority line rule took the line (by_rule_id)
SMALLER_DISCOUNT = "smaller_discount"  # same priority, a better deal won (by_rule_id)
NO_GAIN = "no_gain"  # the rule would not lower the price
MEMBERS_ONLY = "members_only"  # walk-in customer
LEVEL_NOT_INCLUDED = "level_not_included"  # the member's level is not one of the rule's levels
INCOMPLETE_GROUP = "incomplete_group"  # buy-N-get-M: the line's units formed no complete group
EXCLUSIVE = "exclusive"  # an exclusive rule took the line, or this exclusive rule found it taken
GROUP = "group"  # a rule of the same exclusivity group already applied (by_rule_id)
THRESHOLD_NOT_MET = "threshold_not_met"  # 满减 threshold not reached
REGULAR_PRICE_ONLY = "regular_price_only"  # 满减 for regular-price goods; the line had a price rule


@dataclass(frozen=True, slots=True)
class CartLine:
    """A line as the engine sees it. `sku` and `category_code` let rules name goods by the codes
    HQ operators use; rules match either the id or the code."""

    line_no: int
    product_id: str
    category_id: str | None
    qty: int
    unit_price_fen: Fen
    member_price_fen: Fen | None = None
    sku: str | None = None
    category_code: str | None = None

    @property
    def amount_fen(self) -> Fen:
        return self.unit_price_fen * self.qty


@dataclass(frozen=True, slots=True)
class AppliedDiscount:
    rule_id: str
    rule_name: str
    kind: RuleKind
    stage: str  # LINE or ORDER
    amount_fen: Fen


@dataclass(frozen=True, slots=True)
class Note:
    """A rule that matched but did not apply (on a line), or a rule that was not live (cart)."""

    rule_id: str
    rule_name: str
    reason: str
    by_rule_id: str | None = None


@dataclass(frozen=True, slots=True)
class PricedLine:
    line_no: int
    product_id: str
    qty: int
    unit_price_fen: Fen
    original_fen: Fen  # unit price × qty
    discounts: tuple[AppliedDiscount, ...]  # in the order they applied
    final_fen: Fen  # what the customer pays for the line; refunds are shares of this
    price_rule_id: str | None  # the line-level rule, if any
    line_price_fen: Fen  # amount after the line-level rule, before order-level discounts
    notes: tuple[Note, ...] = ()

    @property
    def discount_fen(self) -> Fen:
        return self.original_fen - self.final_fen

    @property
    def unit_final_fen(self) -> Decimal:
        """Average paid per unit (for display only; refunds use allocation.refund_share)."""
        return Decimal(self.final_fen) / self.qty


@dataclass(frozen=True, slots=True)
class PricedCart:
    lines: tuple[PricedLine, ...]  # in the order given
    rule_totals: tuple[AppliedDiscount, ...]  # per rule that applied, in resolution order
    inactive: tuple[Note, ...]  # rules given but not live at `now`, with the reason
    original_fen: Fen
    discount_fen: Fen
    total_fen: Fen
    member_level: str | None = None

    def line(self, line_no: int) -> PricedLine:
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise KeyError(line_no)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record (for the sale.completed payload and `--json` output)."""
        def disc(d: AppliedDiscount) -> dict[str, Any]:
            return {"rule_id": d.rule_id, "rule_name": d.rule_name, "kind": str(d.kind),
                    "stage": d.stage, "amount_fen": d.amount_fen}

        return {
            "original_fen": self.original_fen, "discount_fen": self.discount_fen,
            "total_fen": self.total_fen, "member_level": self.member_level,
            "rules": [disc(d) for d in self.rule_totals],
            "lines": [{
                "line_no": x.line_no, "product_id": x.product_id, "qty": x.qty,
                "unit_price_fen": x.unit_price_fen, "original_fen": x.original_fen,
                "line_price_fen": x.line_price_fen, "final_fen": x.final_fen,
                "price_rule_id": x.price_rule_id, "discounts": [disc(d) for d in x.discounts],
            } for x in self.lines],
        }


@dataclass(slots=True)
class _Work:
    line: CartLine
    amount: Fen
    discounts: list[AppliedDiscount] = field(default_factory=list)
    price_rule: Rule | None = None
    exclusive_by: str | None = None
    groups: dict[str, str] = field(default_factory=dict)  # group → rule id
    touched_by: list[str] = field(default_factory=list)  # every rule that took the line
    notes: list[Note] = field(default_factory=list)
    products: tuple[str | None, ...] = ()  # the line's product id and SKU
    categories: tuple[str | None, ...] = ()  # its category id and code

    def __post_init__(self) -> None:
        self.products = (self.line.product_id, self.line.sku)
        self.categories = (self.line.category_id, self.line.category_code)

    def note(self, rule: Rule, reason: str, by: str | None = None) -> None:
        self.notes.append(Note(rule.id, rule.name, reason, by))

    def blocked(self, rule: Rule) -> bool:
        """Exclusivity: False when `rule` may still apply; otherwise notes why not."""
        if self.exclusive_by is not None:
            self.note(rule, EXCLUSIVE, self.exclusive_by)
            return True
        if rule.group is not None and rule.group in self.groups:
            self.note(rule, GROUP, self.groups[rule.group])
            return True
        if rule.exclusive and self.touched_by:
            self.note(rule, EXCLUSIVE, self.touched_by[0])
            return True
        return False

    def apply(self, rule: Rule, amount: Fen, stage: str) -> None:
        """The line takes part in `rule`; a share of 0 fen (rounding) records no discount."""
        if amount:
            self.discounts.append(AppliedDiscount(rule.id, rule.name, rule.kind, stage, amount))
            self.amount -= amount
        self.touched_by.append(rule.id)
        if rule.exclusive:
            self.exclusive_by = rule.id
        if rule.group is not None:
            self.groups.setdefault(rule.group, rule.id)


def _canonical_key(line: CartLine) -> tuple:
    """Scan order must not matter: the engine walks lines in this order."""
    return (line.product_id, line.sku or "", line.category_id or "", line.category_code or "",
            line.unit_price_fen, -1 if line.member_price_fen is None else line.member_price_fen,
            line.qty, line.line_no)


def _check_lines(lines: Sequence[CartLine]) -> None:
    seen: set[int] = set()
    for line in lines:
        if line.line_no in seen:
            raise ValueError(f"line_no {line.line_no} appears twice")
        seen.add(line.line_no)
        check_quantity(line.qty)
        check_amount(line.unit_price_fen)
        if line.member_price_fen is not None:
            check_amount(line.member_price_fen)


def price_cart(lines: Sequence[CartLine], rules: Iterable[Rule], *, now: datetime,
               store_tz: str | tzinfo, member: MemberLevel | None = None) -> PricedCart:
    """Price `lines` for `member` (None for a walk-in) under `rules` at `now` (aware).

    See the module docstring for the resolution rules. Raises ValueError for a naive `now` or
    repeated line numbers, InvalidQuantity / InvalidAmount for bad lines, DuplicatePromotion
    when two rules share an id.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    tz = ZoneInfo(store_tz) if isinstance(store_tz, str) else store_tz
    local = now.astimezone(tz).replace(tzinfo=None)
    _check_lines(lines)

    live: list[Rule] = []
    inactive: list[Note] = []
    ids: set[str] = set()
    for rule in sorted(rules, key=lambda r: r.sort_key):
        if rule.id in ids:
            raise DuplicatePromotion(rule_id=rule.id)
        ids.add(rule.id)
        reason = rule.inactive_reason(now, local)
        if reason is None:
            live.append(rule)
        else:
            inactive.append(Note(rule.id, rule.name, reason))

    work = [_Work(line, line.amount_fen) for line in sorted(lines, key=_canonical_key)]
    _line_stage(work, [r for r in live if not r.order_level], member)
    for rule in live:
        if isinstance(rule, SpendReduce):
            _spend_reduce(work, rule)

    totals: dict[str, int] = {}
    for w in work:
        for d in w.discounts:
            totals[d.rule_id] = totals.get(d.rule_id, 0) + d.amount_fen
    by_line = {w.line.line_no: w for w in work}
    priced = []
    for line in lines:
        w = by_line[line.line_no]
        line_level = sum(d.amount_fen for d in w.discounts if d.stage == LINE)
        priced.append(PricedLine(
            line_no=line.line_no, product_id=line.product_id, qty=line.qty,
            unit_price_fen=line.unit_price_fen, original_fen=line.amount_fen,
            discounts=tuple(w.discounts), final_fen=w.amount,
            price_rule_id=w.price_rule.id if w.price_rule else None,
            line_price_fen=line.amount_fen - line_level, notes=tuple(w.notes)))
    original = sum(x.original_fen for x in priced)
    total = sum(x.final_fen for x in priced)
    rule_totals = tuple(
        AppliedDiscount(r.id, r.name, r.kind, ORDER if r.order_level else LINE, totals[r.id])
        for r in live if totals.get(r.id, 0) > 0)
    return PricedCart(lines=tuple(priced), rule_totals=rule_totals, inactive=tuple(inactive),
                      original_fen=original, discount_fen=original - total, total_fen=total,
                      member_level=member.code if member else None)


# -- line level --------------------------------------------------------------------------------

def _new_unit_price(rule: Rule, w: _Work, member: MemberLevel | None) -> tuple[Fen | None, str]:
    """The unit price `rule` offers the line, or (None, reason)."""
    line = w.line
    if isinstance(rule, TimeDiscount):
        if rule.price_fen is not None:
            return rule.price_fen, ""
        return round_half_up(Decimal(line.unit_price_fen * rule.rate_bp) / BP), ""
    if member is None:
        return None, MEMBERS_ONLY
    if isinstance(rule, MemberPrice):
        if rule.prices is not None:
            price = rule.prices.get(line.product_id)
            return (price if price is not None else rule.prices.get(line.sku or "")), ""
        return line.member_price_fen, ""
    if isinstance(rule, MemberLevelDiscount):
        if rule.levels and member.code not in rule.levels:
            return None, LEVEL_NOT_INCLUDED
        rate = member.rate_for(line.category_id, line.category_code)
        return round_half_up(Decimal(line.unit_price_fen * rate) / BP), ""
    raise TypeError(f"not a per-line rule: {rule.kind}")  # pragma: no cover


def _matches(rule: Rule, w: _Work) -> bool:
    if not rule.scope.matches(w.products, w.categories):
        return False
    if isinstance(rule, MemberPrice):  # only goods that have a member price
        if rule.prices is not None:
            return any(ref in rule.prices for ref in w.products if ref)
        return w.line.member_price_fen is not None
    return True


def _beats(a: tuple[Fen, Rule], b: tuple[Fen, Rule] | None) -> bool:
    """Same priority: the bigger discount wins, then the lower rule id."""
    return b is None or (-a[0], a[1].id) < (-b[0], b[1].id)


def _line_stage(work: list[_Work], rules: list[Rule], member: MemberLevel | None) -> None:
    claimed: dict[int, Rule] = {}  # index into work → the line rule that took it
    for _priority, level in groupby(rules, key=lambda r: r.priority):
        level = list(level)
        free = [i for i in range(len(work)) if i not in claimed]
        for rule in level:  # lines taken at a higher level
            for i in claimed:
                if _matches(rule, work[i]) and claimed[i].priority > rule.priority:
                    work[i].note(rule, OUTRANKED, claimed[i].id)

        best: dict[int, tuple[Fen, Rule]] = {}
        offers: dict[int, list[tuple[Fen, Rule]]] = {}
        for i in free:
            w = work[i]
            for rule in level:
                if isinstance(rule, BuyNGetM) or not _matches(rule, w):
                    continue
                price, reason = _new_unit_price(rule, w, member)
                if price is None and not reason:
                    continue  # no member price for this product
                if price is None or price >= w.line.unit_price_fen:
                    w.note(rule, reason or NO_GAIN)
                    continue
                offer = ((w.line.unit_price_fen - price) * w.line.qty, rule)
                offers.setdefault(i, []).append(offer)
                if _beats(offer, best.get(i)):
                    best[i] = offer

        taken: dict[int, tuple[Fen, Rule]] = {}
        for rule in level:
            if isinstance(rule, BuyNGetM):
                for i, share in _buy_n_get_m(work, rule, free, taken, best).items():
                    taken[i] = (share, rule)
        for i, offer in best.items():
            taken.setdefault(i, offer)
        for i, (amount, rule) in sorted(taken.items()):
            w = work[i]  # a line-level rule is always the first on its line: nothing blocks it
            w.price_rule = rule
            claimed[i] = rule
            w.apply(rule, amount, LINE)
            for _amount, other in offers.get(i, []):
                if other is not rule:
                    w.note(other, SMALLER_DISCOUNT, rule.id)


def _buy_n_get_m(work: list[_Work], rule: BuyNGetM, free: list[int],
                 taken: dict[int, tuple[Fen, Rule]],
                 best: dict[int, tuple[Fen, Rule]]) -> dict[int, Fen]:
    """Indexes of the lines the rule takes → their share of the free value."""
    candidates = [i for i in free if i not in taken and _matches(rule, work[i])]
    matched = list(candidates)
    beaten: set[int] = set()
    while True:
        shares = _bngm_shares(work, rule, candidates)
        losers = {i for i, share in shares.items()
                  if i in best and _beats(best[i], (share, rule))}
        if not losers:
            break
        beaten |= losers
        candidates = [i for i in candidates if i not in losers]
    if sum(shares.values()) == 0:
        shares = {}
    for i in matched:
        if i in beaten:
            work[i].note(rule, SMALLER_DISCOUNT, best[i][1].id)
        elif i not in shares:
            work[i].note(rule, INCOMPLETE_GROUP)
    return shares


def _bngm_shares(work: list[_Work], rule: BuyNGetM, candidates: list[int]) -> dict[int, Fen]:
    size = rule.buy + rule.free
    pools: dict[str, list[tuple[Fen, int]]] = {}
    for i in candidates:  # canonical order
        line = work[i].line
        pool = line.product_id if rule.mode == "same_product" else ""
        pools.setdefault(pool, []).extend([(line.unit_price_fen, i)] * line.qty)
    shares: dict[int, Fen] = {}
    for pool in sorted(pools):
        units = sorted(pools[pool], key=lambda u: (-u[0], u[1]))
        grouped = units[: len(units) // size * size]
        if not grouped:
            continue
        free_value = sum(price for k, (price, _i) in enumerate(grouped) if k % size >= rule.buy)
        weights: dict[int, Fen] = {}
        for price, i in grouped:
            weights[i] = weights.get(i, 0) + price
        order = sorted(weights)
        for i, share in zip(order, allocate(free_value, [weights[i] for i in order]),
                            strict=True):
            shares[i] = shares.get(i, 0) + share
    return shares


# -- order level -------------------------------------------------------------------------------

def _spend_reduce(work: list[_Work], rule: SpendReduce) -> None:
    eligible = []
    for w in work:
        if not rule.scope.matches(w.products, w.categories) or w.amount == 0:
            continue
        if rule.regular_price_only and w.price_rule is not None:
            w.note(rule, REGULAR_PRICE_ONLY, w.price_rule.id)
            continue
        if not w.blocked(rule):
            eligible.append(w)
    amount = sum(w.amount for w in eligible)
    off = rule.discount_for(amount)
    if off == 0:
        for w in eligible:
            w.note(rule, THRESHOLD_NOT_MET)
        return
    for w, share in zip(eligible, allocate(off, [w.amount for w in eligible]), strict=True):
        w.apply(rule, share, ORDER)
