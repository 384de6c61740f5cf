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


class DayCloseDifference(_Schema):
    figure: str  # sales_count | sales_fen | refunds_count | refunds_fen | net_fen
    z: int  # the till's Z report
    hq: int  # what HQ received
    z_text: str  # shown: counts as numbers, amounts in yuan
    hq_text: str


class DayClosePublic(_Schema):
    business_date: str
    closed_by: str
    seq: int
    net_fen: int  # the Z report's net
    net_yuan: str
    status: str  # matched | mismatch
    differences: list[DayCloseDifference]
    received_at: datetime


class AnomalyPublic(_Schema):
    id: int
    kind: str  # double_return | return_unmatched | day_mismatch
    store_code: str
    terminal_id: str
    terminal_name: str
    seq: int | None
    detail: str
    created_at: datetime


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
    anomaly_count: int
    sales_today_count: int
    sales_today_total_fen: int
    sales_today_total_yuan: str
    day_closes: list[DayClosePublic]  # the latest closed business dates, newest first


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
    anomalies: int
    backlog: int


class DashboardPublic(_Schema):
    server_time: datetime
    online_window_seconds: int
    totals: DashboardTotals
    stores: list[StorePublic]
    anomalies: list[AnomalyPublic]  # the latest open ones, newest first


class SalesReportRow(_Schema):
    store_code: str
    terminal_id: str
    terminal_name: str
    count: int  # sales
    total_fen: int  # sum of sale totals
    refunds_count: int
    refunds_fen: int  # refunded, a positive amount
    net_fen: int  # total_fen - refunds_fen
    last_seq: int


class SalesReportPublic(_Schema):
    date: str
    count: int
    total_fen: int
    refunds_count: int
    refunds_fen: int
    net_fen: int
    terminals: list[SalesReportRow]
