"""Shift and day figures: what the drawer should hold, the blind-count variance, Z totals.

Pure arithmetic over figures the storage has already summed (integer fen, never floats):

- a shift's drawer: cash expected = float + cash taken on sales (the tender's amount, i.e. net
  of change) − cash paid back on refunds + paid-in − paid-out; other tenders as taken, net of
  refunds. Variance = counted − expected (negative: the drawer is short).
- a business day's Z totals (sync.protocol.ZTotals, field for field): sales, refunds, net,
  voids, paid-in / out, and net by tender, category and cashier, sales by store-local hour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError

CASH = "cash"
PAID_IN = "paid_in"
PAID_OUT = "paid_out"
CASH_MOVE_KINDS = (PAID_IN, PAID_OUT)
MAX_REASON = 200


class InvalidCashReason(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "A paid-in / paid-out needs a reason: printable text of 1 to {max} "
                  "characters.")


class ZeroCashMovement(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "A paid-in / paid-out must be more than 0.00.")


def check_reason(reason: str | None) -> str:
    """The reason of a cash movement, trimmed; refused when empty, too long or with control
    characters (it is printed on the slip and sent to head office)."""
    text = (reason or "").strip()
    if not text or len(text) > MAX_REASON or not text.isprintable():
        raise InvalidCashReason(max=MAX_REASON)
    return text


def net_by(sales: Mapping[str, int], refunds: Mapping[str, int]) -> dict[str, int]:
    """Sales minus refunds per key (every key of either side), keys sorted."""
    keys = sorted(set(sales) | set(refunds))
    return {k: sales.get(k, 0) - refunds.get(k, 0) for k in keys}


@dataclass(frozen=True, slots=True)
class ShiftTakings:
    """What a shift took so far, as summed by storage."""

    float_fen: int
    sales_count: int = 0
    refunds_count: int = 0
    sales_by_tender: Mapping[str, int] = field(default_factory=dict)  # tender amount_fen
    refunds_by_tender: Mapping[str, int] = field(default_factory=dict)  # paid back
    paid_in_fen: int = 0
    paid_out_fen: int = 0

    def net_by_tender(self) -> dict[str, int]:
        return net_by(self.sales_by_tender, self.refunds_by_tender)

    @property
    def expected_cash_fen(self) -> int:
        return (self.float_fen + self.sales_by_tender.get(CASH, 0)
                - self.refunds_by_tender.get(CASH, 0) + self.paid_in_fen - self.paid_out_fen)

    def expected_by_tender(self) -> dict[str, int]:
        """Cash expected in the drawer; every other tender as taken, net of refunds."""
        expected = self.net_by_tender()
        expected[CASH] = self.expected_cash_fen
        return dict(sorted(expected.items()))

    def variance(self, counted_cash_fen: int) -> int:
        return cash_variance(counted_cash_fen, self.expected_cash_fen)


def cash_variance(counted_fen: int, expected_fen: int) -> int:
    """Counted − expected: negative when the drawer is short, positive when over."""
    return counted_fen - expected_fen


@dataclass(frozen=True, slots=True)
class DayFigures:
    """A business day's facts at one till, summed by storage (refunds are positive amounts)."""

    business_date: str
    sales_count: int = 0
    sales_fen: int = 0
    original_fen: int = 0
    discount_fen: int = 0
    rounding_fen: int = 0
    refunds_count: int = 0
    refunds_fen: int = 0
    voids_count: int = 0
    voids_fen: int = 0
    paid_in_fen: int = 0
    paid_out_fen: int = 0
    sales_by_tender: Mapping[str, int] = field(default_factory=dict)
    refunds_by_tender: Mapping[str, int] = field(default_factory=dict)
    sales_by_category: Mapping[str, int] = field(default_factory=dict)  # "" for none
    refunds_by_category: Mapping[str, int] = field(default_factory=dict)
    sales_by_cashier: Mapping[str, int] = field(default_factory=dict)  # staff no.
    refunds_by_cashier: Mapping[str, int] = field(default_factory=dict)
    # Sale totals by the UTC minute they were made ("YYYY-MM-DDTHH:MM"): minutes, not hours,
    # so store time zones with half- and quarter-hour offsets map exactly to local hours.
    sales_by_utc_minute: Mapping[str, int] = field(default_factory=dict)
    first_seq: int | None = None
    last_seq: int | None = None


def local_hours(by_utc_minute: Mapping[str, int], timezone: str) -> dict[str, int]:
    """{"YYYY-MM-DDTHH:MM" (UTC): fen} → {"00".."23" (store-local hour): fen}, hours sorted.

    The zone's offset is looked up once per UTC hour (a day's Z has a few thousand minutes);
    in an hour where the offset changes (a DST switch) every minute is converted on its own.
    """
    zone = ZoneInfo(timezone)
    offsets: dict[str, int | None] = {}  # UTC hour → offset in minutes, None if it changes
    hours: dict[str, int] = {}
    for minute, fen in by_utc_minute.items():
        hour = minute[:13]
        if hour not in offsets:
            offsets[hour] = _steady_offset(hour, zone)
        offset = offsets[hour]
        if offset is None:
            at = datetime.fromisoformat(minute).replace(tzinfo=UTC).astimezone(zone)
            key = f"{at.hour:02d}"
        else:
            local = int(minute[11:13]) * 60 + int(minute[14:16]) + offset
            key = f"{local // 60 % 24:02d}"
        hours[key] = hours.get(key, 0) + fen
    return dict(sorted(hours.items()))


def _steady_offset(utc_hour: str, zone: ZoneInfo) -> int | None:
    start = datetime.fromisoformat(f"{utc_hour}:00").replace(tzinfo=UTC)
    first = start.astimezone(zone).utcoffset()
    last = (start + timedelta(minutes=59)).astimezone(zone).utcoffset()
    if first != last or first is None:
        return None
    return int(first.total_seconds()) // 60


def z_totals(figures: DayFigures, timezone: str) -> dict[str, Any]:
    """The Z report of a day: exactly the fields of sync.protocol.ZTotals."""
    f = figures
    return {
        "business_date": f.business_date,
        "sales_count": f.sales_count,
        "sales_fen": f.sales_fen,
        "original_fen": f.original_fen,
        "discount_fen": f.discount_fen,
        "rounding_fen": f.rounding_fen,
        "refunds_count": f.refunds_count,
        "refunds_fen": f.refunds_fen,
        "net_fen": f.sales_fen - f.refunds_fen,
        "voids_count": f.voids_count,
        "voids_fen": f.voids_fen,
        "paid_in_fen": f.paid_in_fen,
        "paid_out_fen": f.paid_out_fen,
        "by_tender": net_by(f.sales_by_tender, f.refunds_by_tender),
        "by_category": net_by(f.sales_by_category, f.refunds_by_category),
        "by_cashier": net_by(f.sales_by_cashier, f.refunds_by_cashier),
        "by_hour": local_hours(f.sales_by_utc_minute, timezone),
        "first_seq": f.first_seq,
        "last_seq": f.last_seq,
    }
