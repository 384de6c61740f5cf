"""A business day belongs to the store's time zone and closes by Z report, not by midnight."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def business_date(now_utc: datetime, store_timezone: str) -> date:
    return now_utc.astimezone(ZoneInfo(store_timezone)).date()


def store_local(now_utc: datetime, store_timezone: str) -> datetime:
    return now_utc.astimezone(ZoneInfo(store_timezone))


def open_business_date(now_utc: datetime, store_timezone: str,
                       last_closed: date | None) -> date:
    """The business day new facts belong to: today in the store's time zone, unless today was
    already closed by a Z report, then the day after the last closed one. A closed day never
    takes another sale, refund or cash movement."""
    today = business_date(now_utc, store_timezone)
    if last_closed is not None and today <= last_closed:
        return last_closed + timedelta(days=1)
    return today
