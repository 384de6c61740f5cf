"""API and report shapes that are HQ's own (the till-facing ones live in sync.protocol).
Families follow the usual pattern: *Create for input, *Public for what is shown."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TerminalCreate(_Schema):
    store_code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=16)


class TerminalCreatedPublic(_Schema):
    id: str
    name: str
    store_code: str
    enrol_code: str
    expires_at: datetime


class TerminalPublic(_Schema):
    id: str
    name: str
    enrolled: bool
    revoked: bool
    online: bool
    last_seen_at: datetime | None
    last_seq: int
    outbox_depth: int
    oldest_pending_at: datetime | None
    app_version: str | None
    clock_skew_seconds: int | None
    clock_skew_warning: bool
    flagged: bool
    flag_reason: str | None
    quarantine_count: int
    sales_today_count: int
    sales_today_total_fen: int
    sales_today_total_yuan: str


class StorePublic(_Schema):
    id: str
    code: str
    name: str
    timezone: str
    business_date: str
    sales_today_count: int
    sales_today_total_fen: int
    sales_today_total_yuan: str
    terminals: list[TerminalPublic]


class DashboardTotals(_Schema):
    stores: int
    terminals: int
    online: int
    flagged: int
    quarantined: int
    backlog: int


class DashboardPublic(_Schema):
    server_time: datetime
    online_window_seconds: int
    totals: DashboardTotals
    stores: list[StorePublic]


class SalesReportRow(_Schema):
    store_code: str
    terminal_id: str
    terminal_name: str
    count: int
    total_fen: int
    last_seq: int


class SalesReportPublic(_Schema):
    date: str
    count: int
    total_fen: int
    terminals: list[SalesReportRow]
