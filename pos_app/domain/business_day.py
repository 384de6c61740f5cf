"""A business day belongs to the store's time zone (it closes by Z report; that comes later)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def business_date(now_utc: datetime, store_timezone: str) -> date:
    return now_utc.astimezone(ZoneInfo(store_timezone)).date()


def store_local(now_utc: datetime, store_timezone: str) -> datetime:
    return now_utc.astimezone(ZoneInfo(store_timezone))
