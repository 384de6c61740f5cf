"""SQLAlchemy storage for shifts, cash movements and day closes.

The X / Z / shift figures are SQL aggregates (GROUP BY) over the indexed business_date and
shift_id columns; no sale is loaded into Python.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from pos_app.adapters import orm
from pos_app.adapters import orm_selling as sell
from pos_app.domain.shift import DayFigures, ShiftTakings
from pos_app.services import shift_repository as repo

_sale = orm.SaleRow.__table__
_line = orm.SaleLineRow.__table__
_tender = orm.SaleTenderRow.__table__
_refund = sell.RefundRow.__table__
_refund_line = sell.RefundLineRow.__table__
_refund_tender = sell.RefundTenderRow.__table__
_void = sell.VoidRow.__table__
_movement = sell.CashMovementRow.__table__
_outbox = orm.OutboxRow.__table__
_shift = sell.ShiftRow.__table__
_day = sell.DayCloseRow.__table__


class ShiftRepository(repo.ShiftRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, shift: repo.ShiftRecord) -> None:
        self.session.execute(insert(_shift), {
            "id": shift.id, "opened_at": shift.opened_at, "opened_by": shift.opened_by,
            "business_date": shift.business_date, "float_fen": shift.float_fen,
            "closed_at": shift.closed_at, "closed_by": shift.closed_by,
            "counted_cash_fen": shift.counted_cash_fen,
            "summary": None if shift.summary is None else _dumps(shift.summary)})

    def get(self, shift_id: str) -> repo.ShiftRecord | None:
        row = self.session.execute(select(_shift).where(_shift.c.id == shift_id)).first()
        return None if row is None else _shift_record(row)

    def open_shifts(self) -> list[repo.ShiftRecord]:
        rows = self.session.execute(select(_shift).where(_shift.c.closed_at.is_(None))
                                    .order_by(_shift.c.opened_at, _shift.c.id)).all()
        return [_shift_record(x) for x in rows]

    def add_movement(self, movement: repo.CashMovementRecord) -> None:
        self.session.execute(insert(_movement), {
            "id": movement.id, "shift_id": movement.shift_id,
            "business_date": movement.business_date, "created_at": movement.created_at,
            "kind": movement.kind, "amount_fen": movement.amount_fen,
            "reason": movement.reason, "staff_no": movement.staff_no,
            "approved_by": movement.approved_by})

    def close(self, shift_id: str, *, closed_at: str, closed_by: str, counted_cash_fen: int,
              summary: dict[str, Any]) -> None:
        self.session.execute(
            update(_shift).where(_shift.c.id == shift_id, _shift.c.closed_at.is_(None))
            .values(closed_at=closed_at, closed_by=closed_by,
                    counted_cash_fen=counted_cash_fen, summary=_dumps(summary)))

    def takings(self, shift: repo.ShiftRecord) -> ShiftTakings:
        s = self.session
        sales_count = s.scalar(select(func.count()).select_from(_sale)
                               .where(_sale.c.shift_id == shift.id)) or 0
        sales_by_tender = dict(s.execute(
            select(_tender.c.kind, func.sum(_tender.c.amount_fen))
            .join(_sale, _sale.c.id == _tender.c.sale_id)
            .where(_sale.c.shift_id == shift.id).group_by(_tender.c.kind)).all())
        refunds_count = s.scalar(select(func.count()).select_from(_refund)
                                 .where(_refund.c.shift_id == shift.id)) or 0
        refunds_by_tender = dict(s.execute(
            select(_refund_tender.c.kind, func.sum(_refund_tender.c.amount_fen))
            .join(_refund, _refund.c.id == _refund_tender.c.refund_id)
            .where(_refund.c.shift_id == shift.id).group_by(_refund_tender.c.kind)).all())
        moved = dict(s.execute(
            select(_movement.c.kind, func.sum(_movement.c.amount_fen))
            .where(_movement.c.shift_id == shift.id).group_by(_movement.c.kind)).all())
        return ShiftTakings(
            float_fen=shift.float_fen, sales_count=sales_count, refunds_count=refunds_count,
            sales_by_tender=_ints(sales_by_tender), refunds_by_tender=_ints(refunds_by_tender),
            paid_in_fen=int(moved.get("paid_in") or 0),
            paid_out_fen=int(moved.get("paid_out") or 0))


class DayRepository(repo.DayRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, business_date: str) -> repo.ClosedDay | None:
        row = self.session.execute(select(_day).where(_day.c.business_date == business_date)
                                   ).first()
        if row is None:
            return None
        return repo.ClosedDay(row.business_date, row.closed_at, row.closed_by,
                              json.loads(row.totals))

    def add(self, closed: repo.ClosedDay) -> None:
        self.session.execute(insert(_day), {
            "business_date": closed.business_date, "closed_at": closed.closed_at,
            "closed_by": closed.closed_by, "totals": _dumps(closed.totals)})

    def figures(self, business_date: str) -> DayFigures:
        run = self.session.execute
        day = {"day": business_date}
        # One pass over the day's sales, grouped by cashier and minute (a few thousand groups
        # at most); the counts and sums add up from the groups.
        sales_count = sales_fen = original_fen = discount_fen = rounding_fen = 0
        by_cashier: dict[str, int] = {}
        by_minute: dict[str, int] = {}
        for staff_no, minute, count, total, original, discount, rounding in run(_DAY_SALES, day):
            sales_count += count
            sales_fen += total
            original_fen += original
            discount_fen += discount
            rounding_fen += rounding
            by_cashier[staff_no] = by_cashier.get(staff_no, 0) + total
            by_minute[minute] = by_minute.get(minute, 0) + total
        refunds = run(_DAY_REFUNDS, day).all()
        voids_count, voids_fen = run(_DAY_VOIDS, day).one()
        moved = dict(run(_DAY_MOVEMENTS, day).all())
        first_seq, last_seq = run(_DAY_SEQS, day).one()
        return DayFigures(
            business_date=business_date, sales_count=sales_count, sales_fen=sales_fen,
            original_fen=original_fen, discount_fen=discount_fen, rounding_fen=rounding_fen,
            refunds_count=sum(x[1] for x in refunds),
            refunds_fen=sum(x[2] for x in refunds),
            voids_count=int(voids_count), voids_fen=int(voids_fen),
            paid_in_fen=int(moved.get("paid_in") or 0),
            paid_out_fen=int(moved.get("paid_out") or 0),
            sales_by_tender=_ints(run(_DAY_SALE_TENDERS, day).all()),
            refunds_by_tender=_ints(run(_DAY_REFUND_TENDERS, day).all()),
            sales_by_category=_ints(run(_DAY_SALE_CATEGORIES, day).all()),
            refunds_by_category=_ints(run(_DAY_REFUND_CATEGORIES, day).all()),
            sales_by_cashier=by_cashier,
            refunds_by_cashier={staff_no: total for staff_no, _, total in refunds},
            sales_by_utc_minute=by_minute, first_seq=first_seq, last_seq=last_seq)


# The Z report's statements, built once (building a statement costs more than running it).
_DAY = bindparam("day")
_minute = func.substr(_sale.c.created_at, 1, 16)
_DAY_SALES = (
    select(_sale.c.staff_no, _minute, func.count(), func.sum(_sale.c.total_fen),
           func.sum(_sale.c.original_fen), func.sum(_sale.c.discount_fen),
           func.sum(_sale.c.rounding_fen))
    .where(_sale.c.business_date == _DAY).group_by(_sale.c.staff_no, _minute))
_DAY_SALE_TENDERS = (
    select(_tender.c.kind, func.sum(_tender.c.amount_fen))
    .join(_sale, _sale.c.id == _tender.c.sale_id).where(_sale.c.business_date == _DAY)
    .group_by(_tender.c.kind))
_category = func.coalesce(_line.c.category_id, "")
_DAY_SALE_CATEGORIES = (
    select(_category, func.sum(_line.c.final_fen))
    .join(_sale, _sale.c.id == _line.c.sale_id).where(_sale.c.business_date == _DAY)
    .group_by(_category))
_DAY_REFUNDS = (
    select(_refund.c.staff_no, func.count(), func.sum(_refund.c.total_fen))
    .where(_refund.c.business_date == _DAY).group_by(_refund.c.staff_no))
_DAY_REFUND_TENDERS = (
    select(_refund_tender.c.kind, func.sum(_refund_tender.c.amount_fen))
    .join(_refund, _refund.c.id == _refund_tender.c.refund_id)
    .where(_refund.c.business_date == _DAY).group_by(_refund_tender.c.kind))
_refund_category = func.coalesce(_refund_line.c.category_id, "")
_DAY_REFUND_CATEGORIES = (
    select(_refund_category, func.sum(_refund_line.c.amount_fen))
    .join(_refund, _refund.c.id == _refund_line.c.refund_id)
    .where(_refund.c.business_date == _DAY).group_by(_refund_category))
_DAY_VOIDS = (select(func.count(), func.coalesce(func.sum(_void.c.amount_fen), 0))
              .where(_void.c.business_date == _DAY))
_DAY_MOVEMENTS = (select(_movement.c.kind, func.sum(_movement.c.amount_fen))
                  .where(_movement.c.business_date == _DAY).group_by(_movement.c.kind))
# Two scalar subqueries: each is one probe of ix_outbox_business_date_seq (min and max in one
# SELECT would read every index entry of the day).
_DAY_SEQS = select(
    select(func.min(_outbox.c.seq)).where(_outbox.c.business_date == _DAY).scalar_subquery(),
    select(func.max(_outbox.c.seq)).where(_outbox.c.business_date == _DAY).scalar_subquery())


def _ints(pairs) -> dict[str, int]:
    return {key: int(value or 0) for key, value in (pairs.items() if isinstance(pairs, dict)
                                                     else pairs)}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _shift_record(row) -> repo.ShiftRecord:
    return repo.ShiftRecord(
        id=row.id, opened_at=row.opened_at, opened_by=row.opened_by,
        business_date=row.business_date, float_fen=row.float_fen, closed_at=row.closed_at,
        closed_by=row.closed_by, counted_cash_fen=row.counted_cash_fen,
        summary=json.loads(row.summary) if row.summary else None)
