"""Promotion rules as HQ publishes them (changes feed entity `promotions`), and their parser.

A rule is a JSON object. Every rule has these fields (only `id`, `name`, `kind` are required):

    id          str, unique; also the tie-break after priority
    name        str, shown to the cashier and printed on the receipt (e.g. "饮料午后9折")
    kind        one of KINDS (below); anything else is refused
    priority    int, default 0; higher is considered first
    exclusive   bool, default false; 不与其他优惠同享: a line this rule discounts gets no later rule
    group       str or null; exclusivity group (互斥组): a line gets at most one rule of a group
    enabled     bool, default true
    valid_from  ISO datetime, inclusive; with an offset (…+08:00, …Z) it is an instant, without
    valid_to    one it is store wall-clock time; valid_to is exclusive; either may be null
    schedule    optional {"date_from": "2026-01-01", "date_to": "2026-01-31" (both inclusive),
                "weekdays": [1..7] (ISO, 1 = Monday), "time_from": "14:00",
                "time_to": "17:00" (daily window in store time, end exclusive, "24:00" allowed;
                time_from > time_to is a window across midnight that belongs to the day it starts)}
    scope       {"all": true} or {"categories": [...], "products": [...]}, with optional
                "exclude_categories" / "exclude_products". Categories by code ("DRINK") or id,
                products by SKU or id. Required for time_discount and buy_n_get_m; the others
                default to the whole order.
    comment     free text, ignored

Kinds and their own fields:

    time_discount          限时折扣: exactly one of "rate_bp" (share of the price paid, 9000 = 9折),
                           "off_bp" (share taken off, 1000 = 10% off) or "price_fen" (fixed unit
                           price). Line level.
    member_price           会员价 for any member: the line's member price from the catalog, or
                           "prices": {sku or product id: fen} carried by the rule. Line level.
    member_level_discount  会员等级折扣: the member level's rate for the line's category (the level
                           and its rates are an input of the engine); optional "levels": [codes].
                           Line level.
    buy_n_get_m            买N送M: "buy": N, "free": M, "mode": "cheapest" (in each group of N+M
                           units in scope the cheapest M are free) or "same_product" (groups are
                           made of one product). Line level (group of lines).
    spend_reduce           满减: "tiers": [{"threshold_fen": 10000, "off_fen": 1000}, ...]; the best
                           tier reached applies. "stacked": true (每满…减…, exactly one tier) takes
                           the tier off once per threshold reached, up to optional "cap_fen".
                           "regular_price_only": true leaves out lines with a line-level price
                           rule. Order level.

Unknown fields, wrong types, rates outside 1..9999 bp, negative or absurd amounts, and schedules
that make no sense are refused with a translatable PromotionError; nothing is silently skipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError
from pos_app.domain.money import MAX_AMOUNT_FEN, Fen

BP = 10_000  # basis points in a whole: a rate of 10000 bp pays the full price


# -- errors ------------------------------------------------------------------------------------

class PromotionError(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "Promotion “{rule_id}” is not valid.")


class PromotionNotAnObject(PromotionError):
    msgid = QT_TRANSLATE_NOOP("errors", "Promotion {rule_id}: a promotion must be a JSON object.")


class UnknownPromotionKind(PromotionError):
    msgid = QT_TRANSLATE_NOOP("errors", "Promotion “{rule_id}” has an unknown kind “{kind}”.")


class PromotionFieldMissing(PromotionError):
    msgid = QT_TRANSLATE_NOOP("errors", "Promotion “{rule_id}”: the field “{field}” is missing.")


class PromotionUnknownField(PromotionError):
    msgid = QT_TRANSLATE_NOOP("errors", "Promotion “{rule_id}”: unknown field “{field}”.")


class PromotionFieldInvalid(PromotionError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Promotion “{rule_id}”: the field “{field}” has an invalid value “{value}”."
    )


class PromotionBadRate(PromotionError):
    msgid = QT_TRANSLATE_NOOP(
        "errors",
        "Promotion “{rule_id}”: “{field}” must be from 1 to 9999 basis points "
        "(9000 = 10% off), not “{value}”.",
    )


class PromotionBadAmount(PromotionError):
    msgid = QT_TRANSLATE_NOOP(
        "errors",
        "Promotion “{rule_id}”: “{field}” must be an amount in fen from {low} to {high}, "
        "not “{value}”.",
    )


class PromotionBadSchedule(PromotionError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Promotion “{rule_id}”: the schedule field “{field}” is invalid (“{value}”)."
    )


class PromotionEndsBeforeStart(PromotionError):
    msgid = QT_TRANSLATE_NOOP("errors", "Promotion “{rule_id}” ends before it starts.")


class DuplicatePromotion(PromotionError):
    msgid = QT_TRANSLATE_NOOP("errors", "Promotion “{rule_id}” appears more than once.")


class InvalidMemberRate(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors",
        "Member level “{level}”: a discount rate must be from 1 to 10000 basis points, "
        "not “{value}”.",
    )


# -- the model ---------------------------------------------------------------------------------

class RuleKind(StrEnum):
    TIME_DISCOUNT = "time_discount"
    MEMBER_PRICE = "member_price"
    MEMBER_LEVEL_DISCOUNT = "member_level_discount"
    BUY_N_GET_M = "buy_n_get_m"
    SPEND_REDUCE = "spend_reduce"


KINDS = tuple(k.value for k in RuleKind)
LINE_KINDS = frozenset({RuleKind.TIME_DISCOUNT, RuleKind.MEMBER_PRICE,
                        RuleKind.MEMBER_LEVEL_DISCOUNT, RuleKind.BUY_N_GET_M})
ORDER_KINDS = frozenset({RuleKind.SPEND_REDUCE})

# Why a rule applies to nothing at `now` (PricedCart.inactive); None means it is live.
DISABLED = "disabled"
NOT_YET_VALID = "not_yet_valid"
EXPIRED = "expired"
OFF_SCHEDULE = "off_schedule"


@dataclass(frozen=True, slots=True)
class Scope:
    """Which lines a rule looks at. Category refs match a line's category id or code, product refs
    its product id or SKU."""

    all: bool = False
    categories: frozenset[str] = frozenset()
    products: frozenset[str] = frozenset()
    exclude_categories: frozenset[str] = frozenset()
    exclude_products: frozenset[str] = frozenset()

    def matches(self, product_refs: Sequence[str | None],
                category_refs: Sequence[str | None]) -> bool:
        # Plain loops: this runs for every rule × line on every scan (no sets built).
        for ref in product_refs:
            if ref and ref in self.exclude_products:
                return False
        for ref in category_refs:
            if ref and ref in self.exclude_categories:
                return False
        if self.all:
            return True
        for ref in product_refs:
            if ref and ref in self.products:
                return True
        for ref in category_refs:
            if ref and ref in self.categories:
                return True
        return False


WHOLE_ORDER = Scope(all=True)


@dataclass(frozen=True, slots=True)
class Schedule:
    """When, in store wall-clock time, a rule is open."""

    date_from: date | None = None
    date_to: date | None = None  # inclusive
    weekdays: frozenset[int] = frozenset()  # ISO 1..7; empty = every day
    time_from: time | None = None
    time_to: time | None = None  # exclusive; None with time_from set = until midnight

    def is_open(self, local: datetime) -> bool:
        """`local` is naive store wall-clock time."""
        day = local.date()
        t = local.time()
        if self.time_from is not None or self.time_to is not None:
            start = self.time_from or time(0)
            if self.time_to is None or start < self.time_to:  # same-day window
                if not (start <= t and (self.time_to is None or t < self.time_to)):
                    return False
            elif t >= start:  # across midnight, evening part: belongs to today
                pass
            elif t < self.time_to:  # across midnight, early part: belongs to yesterday
                day = day - timedelta(days=1)
            else:
                return False
        if self.weekdays and day.isoweekday() not in self.weekdays:
            return False
        if self.date_from is not None and day < self.date_from:
            return False
        return not (self.date_to is not None and day > self.date_to)


ALWAYS = Schedule()


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    id: str
    name: str
    kind: RuleKind
    priority: int = 0
    exclusive: bool = False
    group: str | None = None
    enabled: bool = True
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    schedule: Schedule = ALWAYS
    scope: Scope = WHOLE_ORDER

    @property
    def order_level(self) -> bool:
        return self.kind in ORDER_KINDS

    @property
    def sort_key(self) -> tuple[int, str]:
        """Resolution order: higher priority first, then rule id."""
        return (-self.priority, self.id)

    def inactive_reason(self, now: datetime, local: datetime) -> str | None:
        """None when the rule is live at `now` (aware) / `local` (naive store time)."""
        if not self.enabled:
            return DISABLED
        if self.valid_from is not None and _before(now, local, self.valid_from):
            return NOT_YET_VALID
        if self.valid_to is not None and not _before(now, local, self.valid_to):
            return EXPIRED
        if not self.schedule.is_open(local):
            return OFF_SCHEDULE
        return None


def _before(now: datetime, local: datetime, bound: datetime) -> bool:
    if bound.tzinfo is None:
        return local < bound
    return now < bound


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeDiscount(Rule):
    rate_bp: int | None = None  # share paid, 1..9999
    price_fen: Fen | None = None  # or a fixed unit price


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberPrice(Rule):
    prices: Mapping[str, Fen] | None = None  # SKU or product id → member unit price


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberLevelDiscount(Rule):
    levels: frozenset[str] = frozenset()  # level codes; empty = every level


@dataclass(frozen=True, slots=True, kw_only=True)
class BuyNGetM(Rule):
    buy: int = 1
    free: int = 1
    mode: str = "cheapest"  # or "same_product"


@dataclass(frozen=True, slots=True)
class Tier:
    threshold_fen: Fen
    off_fen: Fen


@dataclass(frozen=True, slots=True, kw_only=True)
class SpendReduce(Rule):
    tiers: tuple[Tier, ...] = ()
    stacked: bool = False
    cap_fen: Fen | None = None
    regular_price_only: bool = False

    def discount_for(self, amount_fen: Fen) -> Fen:
        """满减 for an eligible amount: the best tier reached, or per threshold when stacked."""
        if self.stacked:
            tier = self.tiers[0]
            off = (amount_fen // tier.threshold_fen) * tier.off_fen
            if self.cap_fen is not None:
                off = min(off, self.cap_fen)
        else:
            off = max((t.off_fen for t in self.tiers if amount_fen >= t.threshold_fen), default=0)
        return min(off, amount_fen)

    def next_tier(self, amount_fen: Fen) -> Tier | None:
        """The first tier not reached yet (for "spend ¥x more to save ¥y" hints)."""
        if self.stacked:
            return None
        return next((t for t in self.tiers if amount_fen < t.threshold_fen), None)


@dataclass(frozen=True, slots=True)
class MemberLevel:
    """A member's level as the engine needs it: rates per category (by id or code) and a default.
    Rates are the share paid in basis points: 8000 = 8折; 10000 = no discount."""

    code: str
    name: str = ""
    default_rate_bp: int = BP
    category_rates_bp: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for value in (self.default_rate_bp, *self.category_rates_bp.values()):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= BP:
                raise InvalidMemberRate(level=self.code, value=value)

    def rate_for(self, category_id: str | None, category_code: str | None) -> int:
        for ref in (category_id, category_code):
            if ref and ref in self.category_rates_bp:
                return self.category_rates_bp[ref]
        return self.default_rate_bp


def parse_member_level(data: Mapping[str, Any]) -> MemberLevel:
    """{"code": "GOLD", "name": "金卡", "default_rate_bp": 9000, "category_rates_bp": {...}}"""
    if not isinstance(data, Mapping) or not isinstance(data.get("code"), str):
        raise InvalidMemberRate(level=str(data)[:40], value="?")
    rates = data.get("category_rates_bp") or {}
    if not isinstance(rates, Mapping):
        raise InvalidMemberRate(level=data["code"], value=str(rates)[:40])
    return MemberLevel(code=data["code"], name=str(data.get("name", "")),
                       default_rate_bp=data.get("default_rate_bp", BP),
                       category_rates_bp=dict(rates))


# -- the parser --------------------------------------------------------------------------------

_COMMON = {"id", "name", "kind", "priority", "exclusive", "group", "enabled", "valid_from",
           "valid_to", "schedule", "scope", "comment"}
_OWN = {
    RuleKind.TIME_DISCOUNT: {"rate_bp", "off_bp", "price_fen"},
    RuleKind.MEMBER_PRICE: {"prices"},
    RuleKind.MEMBER_LEVEL_DISCOUNT: {"levels"},
    RuleKind.BUY_N_GET_M: {"buy", "free", "mode"},
    RuleKind.SPEND_REDUCE: {"tiers", "stacked", "cap_fen", "regular_price_only"},
}
_SCOPE_KEYS = {"all", "categories", "products", "exclude_categories", "exclude_products"}
_SCHEDULE_KEYS = {"date_from", "date_to", "weekdays", "time_from", "time_to"}
MAX_GROUP_SIZE = 100  # buy + free


class _Reader:
    def __init__(self, data: Mapping[str, Any], rule_id: str) -> None:
        self.data = data
        self.rule_id = rule_id

    def invalid(self, name: str, value: Any) -> PromotionFieldInvalid:
        return PromotionFieldInvalid(rule_id=self.rule_id, field=name, value=_show(value))

    def str_(self, name: str, *, required: bool = False, default: str | None = None) -> str | None:
        if name not in self.data or self.data[name] is None:
            if required:
                raise PromotionFieldMissing(rule_id=self.rule_id, field=name)
            return default
        value = self.data[name]
        if not isinstance(value, str) or not value.strip() or len(value) > 200:
            raise self.invalid(name, value)
        return value.strip()

    def bool_(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            raise self.invalid(name, value)
        return value

    def int_(self, name: str, default: int | None = None, *, low: int, high: int,
             required: bool = False) -> int | None:
        if name not in self.data or self.data[name] is None:
            if required:
                raise PromotionFieldMissing(rule_id=self.rule_id, field=name)
            return default
        value = self.data[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.invalid(name, value)
        return value

    def fen(self, name: str, value: Any, low: int = 0) -> Fen:
        if isinstance(value, bool) or not isinstance(value, int) or not (
                low <= value <= MAX_AMOUNT_FEN):
            raise PromotionBadAmount(rule_id=self.rule_id, field=name, low=low,
                                     high=MAX_AMOUNT_FEN, value=_show(value))
        return value

    def rate(self, name: str) -> int:
        value = self.data[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < BP:
            raise PromotionBadRate(rule_id=self.rule_id, field=name, value=_show(value))
        return value

    def refs(self, mapping: Mapping[str, Any], name: str, where: str) -> frozenset[str]:
        value = mapping.get(name, [])
        if not isinstance(value, list) or not all(
                isinstance(x, str) and x.strip() for x in value):
            raise self.invalid(f"{where}.{name}", value)
        return frozenset(x.strip() for x in value)

    def datetime_(self, name: str) -> datetime | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or "T" not in value:
            raise PromotionBadSchedule(rule_id=self.rule_id, field=name, value=_show(value))
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise PromotionBadSchedule(rule_id=self.rule_id, field=name,
                                       value=_show(value)) from None


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def parse_rule(data: Any, *, index: int | None = None) -> Rule:
    """One rule from its JSON object (see the module docstring). Raises a PromotionError."""
    label = f"#{index + 1}" if index is not None else "?"
    if not isinstance(data, Mapping):
        raise PromotionNotAnObject(rule_id=label)
    raw_id = data.get("id")
    rule_id = raw_id.strip() if isinstance(raw_id, str) and raw_id.strip() else label
    r = _Reader(data, rule_id)
    r.str_("id", required=True)
    name = r.str_("name", required=True)
    kind_text = data.get("kind")
    if kind_text is None:
        raise PromotionFieldMissing(rule_id=rule_id, field="kind")
    if kind_text not in KINDS:
        raise UnknownPromotionKind(rule_id=rule_id, kind=_show(kind_text))
    kind = RuleKind(kind_text)
    for key in data:
        if key not in _COMMON and key not in _OWN[kind]:
            raise PromotionUnknownField(rule_id=rule_id, field=_show(key))

    valid_from, valid_to = r.datetime_("valid_from"), r.datetime_("valid_to")
    if valid_from is not None and valid_to is not None:
        if (valid_from.tzinfo is None) != (valid_to.tzinfo is None):
            raise PromotionBadSchedule(rule_id=rule_id, field="valid_to",
                                       value=_show(data["valid_to"]))
        if valid_to <= valid_from:
            raise PromotionEndsBeforeStart(rule_id=rule_id)
    common: dict[str, Any] = {
        "id": rule_id, "name": name, "kind": kind,
        "priority": r.int_("priority", 0, low=-1_000_000, high=1_000_000),
        "exclusive": r.bool_("exclusive", False),
        "group": r.str_("group"),
        "enabled": r.bool_("enabled", True),
        "valid_from": valid_from, "valid_to": valid_to,
        "schedule": _parse_schedule(r, data.get("schedule")),
        "scope": _parse_scope(r, data, required=kind in (RuleKind.TIME_DISCOUNT,
                                                           RuleKind.BUY_N_GET_M)),
    }
    return _PARSERS[kind](r, common)


def parse_rules(items: Any) -> list[Rule]:
    """Every rule of a list, in the order given; the first bad one raises (nothing is returned).
    Two rules with the same id are refused (DuplicatePromotion)."""
    if not isinstance(items, list):
        raise PromotionNotAnObject(rule_id="[]")
    rules = [parse_rule(item, index=i) for i, item in enumerate(items)]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise DuplicatePromotion(rule_id=rule.id)
        seen.add(rule.id)
    return rules


def _parse_scope(r: _Reader, data: Mapping[str, Any], *, required: bool) -> Scope:
    raw = data.get("scope")
    if raw is None:
        if required:
            raise PromotionFieldMissing(rule_id=r.rule_id, field="scope")
        return WHOLE_ORDER
    if not isinstance(raw, Mapping):
        raise r.invalid("scope", raw)
    for key in raw:
        if key not in _SCOPE_KEYS:
            raise PromotionUnknownField(rule_id=r.rule_id, field=f"scope.{_show(key)}")
    everything = raw.get("all", False)
    if not isinstance(everything, bool):
        raise r.invalid("scope.all", everything)
    scope = Scope(all=everything, **{k: r.refs(raw, k, "scope") for k in _SCOPE_KEYS - {"all"}})
    if not (scope.all or scope.categories or scope.products):
        raise r.invalid("scope", raw)
    return scope


def _parse_time(r: _Reader, name: str, value: Any, *, end: bool) -> time | None:
    if value is None:
        return None
    if end and value == "24:00":
        return None  # until midnight
    try:
        if not isinstance(value, str) or len(value) not in (5, 8):
            raise ValueError
        return time.fromisoformat(value)
    except ValueError:
        raise PromotionBadSchedule(rule_id=r.rule_id, field=name, value=_show(value)) from None


def _parse_schedule(r: _Reader, raw: Any) -> Schedule:
    if raw is None:
        return ALWAYS
    if not isinstance(raw, Mapping):
        raise PromotionBadSchedule(rule_id=r.rule_id, field="schedule", value=_show(raw))
    for key in raw:
        if key not in _SCHEDULE_KEYS:
            raise PromotionUnknownField(rule_id=r.rule_id, field=f"schedule.{_show(key)}")
    dates = []
    for name in ("date_from", "date_to"):
        value = raw.get(name)
        try:
            if value is not None and not (isinstance(value, str) and len(value) == 10):
                raise ValueError
            dates.append(date.fromisoformat(value) if value is not None else None)
        except ValueError:
            raise PromotionBadSchedule(rule_id=r.rule_id, field=f"schedule.{name}",
                                       value=_show(value)) from None
    if dates[0] is not None and dates[1] is not None and dates[1] < dates[0]:
        raise PromotionEndsBeforeStart(rule_id=r.rule_id)
    weekdays = raw.get("weekdays", [])
    if not isinstance(weekdays, list) or (not weekdays and "weekdays" in raw) or not all(
            isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 7 for d in weekdays):
        raise PromotionBadSchedule(rule_id=r.rule_id, field="schedule.weekdays",
                                   value=_show(weekdays))
    time_from = _parse_time(r, "schedule.time_from", raw.get("time_from"), end=False)
    time_to = _parse_time(r, "schedule.time_to", raw.get("time_to"), end=True)
    if "time_to" in raw and time_from is None and "time_from" not in raw:
        time_from = time(0)
    if time_from is not None and time_from == time_to:
        raise PromotionBadSchedule(rule_id=r.rule_id, field="schedule.time_to",
                                   value=_show(raw.get("time_to")))
    return Schedule(date_from=dates[0], date_to=dates[1], weekdays=frozenset(weekdays),
                    time_from=time_from, time_to=time_to)


def _time_discount(r: _Reader, common: dict[str, Any]) -> Rule:
    given = [k for k in ("rate_bp", "off_bp", "price_fen") if r.data.get(k) is not None]
    if len(given) != 1:
        raise PromotionFieldMissing(rule_id=r.rule_id, field="rate_bp | off_bp | price_fen")
    (key,) = given
    if key == "price_fen":
        return TimeDiscount(**common, price_fen=r.fen("price_fen", r.data["price_fen"]))
    rate = r.rate(key)
    return TimeDiscount(**common, rate_bp=rate if key == "rate_bp" else BP - rate)


def _member_price(r: _Reader, common: dict[str, Any]) -> Rule:
    raw = r.data.get("prices")
    if raw is None:
        return MemberPrice(**common)
    if not isinstance(raw, Mapping) or not raw:
        raise r.invalid("prices", raw)
    prices = {}
    for ref, fen in raw.items():
        if not isinstance(ref, str) or not ref.strip():
            raise r.invalid("prices", ref)
        prices[ref.strip()] = r.fen(f"prices.{ref}", fen)
    return MemberPrice(**common, prices=prices)


def _member_level_discount(r: _Reader, common: dict[str, Any]) -> Rule:
    levels = r.refs(r.data, "levels", "rule") if "levels" in r.data else frozenset()
    return MemberLevelDiscount(**common, levels=levels)


def _buy_n_get_m(r: _Reader, common: dict[str, Any]) -> Rule:
    buy = r.int_("buy", low=1, high=MAX_GROUP_SIZE - 1, required=True)
    free = r.int_("free", low=1, high=MAX_GROUP_SIZE - 1, required=True)
    if buy + free > MAX_GROUP_SIZE:
        raise r.invalid("free", free)
    mode = r.str_("mode", default="cheapest")
    if mode not in ("cheapest", "same_product"):
        raise r.invalid("mode", mode)
    return BuyNGetM(**common, buy=buy, free=free, mode=mode)


def _spend_reduce(r: _Reader, common: dict[str, Any]) -> Rule:
    raw = r.data.get("tiers")
    if raw is None:
        raise PromotionFieldMissing(rule_id=r.rule_id, field="tiers")
    if not isinstance(raw, list) or not raw:
        raise r.invalid("tiers", raw)
    tiers = []
    for item in raw:
        if not isinstance(item, Mapping) or set(item) != {"threshold_fen", "off_fen"}:
            raise r.invalid("tiers", item)
        threshold = r.fen("tiers.threshold_fen", item["threshold_fen"], low=1)
        off = r.fen("tiers.off_fen", item["off_fen"], low=1)
        if off > threshold:
            raise r.invalid("tiers.off_fen", off)
        tiers.append(Tier(threshold, off))
    tiers.sort(key=lambda t: t.threshold_fen)
    if len({t.threshold_fen for t in tiers}) != len(tiers):
        raise r.invalid("tiers", raw)
    stacked = r.bool_("stacked", False)
    if stacked and len(tiers) != 1:
        raise r.invalid("stacked", stacked)
    cap = r.data.get("cap_fen")
    if cap is not None:
        if not stacked:
            raise r.invalid("cap_fen", cap)
        cap = r.fen("cap_fen", cap, low=1)
    return SpendReduce(**common, tiers=tuple(tiers), stacked=stacked, cap_fen=cap,
                       regular_price_only=r.bool_("regular_price_only", False))


_PARSERS = {
    RuleKind.TIME_DISCOUNT: _time_discount,
    RuleKind.MEMBER_PRICE: _member_price,
    RuleKind.MEMBER_LEVEL_DISCOUNT: _member_level_discount,
    RuleKind.BUY_N_GET_M: _buy_n_get_m,
    RuleKind.SPEND_REDUCE: _spend_reduce,
}
