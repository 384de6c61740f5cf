"""End of day: the Z report closes a business day at this till.

A manager (Permission.CLOSE_DAY; anyone else with a manager's approval) closes the till's open
business day, or an earlier day that was never closed. The Z totals are summed by SQL over the
day's sales, refunds, voids and cash movements; the `day_close` row, the `day.closed` event
(with the totals), the approval's `audit.override`, the `day.last_closed` setting and the Z
report's print job are written in one transaction. From then on the day takes no more facts:
checkout's `open_business_date` moves new sales to the next day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pos_app.domain.business_day import business_date as calendar_date
from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError
from pos_app.domain.roles import Permission
from pos_app.domain.shift import z_totals
from pos_app.domain.staff import Staff
from pos_app.services import approvals
from pos_app.services.approvals import LAST_CLOSED_KEY, Credentials
from pos_app.services.events import DAY_CLOSED
from pos_app.services.ports import Clock, PinHasher, TerminalIdentity, Translate
from pos_app.services.report_receipts import build_day_report
from pos_app.services.shift_repository import ClosedDay
from pos_app.services.shifts import (
    identity_of,
    local_of_iso,
    local_time_of,
    open_day_of,
    queue_print,
    refuse_open_shift,
)
from pos_app.services.unit_of_work import AbstractUnitOfWork, UnitOfWorkFactory


class ShiftStillOpen(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "The day cannot be closed while a shift is open (opened by {staff_no} at "
                  "{opened_at}). Close the shift first.")


class DayAlreadyClosed(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Business day {business_date} is already closed (Z report by {staff_no} at "
                  "{closed_at}).")


class DayNotStarted(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Business day {business_date} has not started yet (today is {today}).")


class InvalidBusinessDate(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "“{text}” is not a date (YYYY-MM-DD).")


@dataclass(frozen=True, slots=True)
class DayClosed:
    business_date: str
    totals: dict[str, Any]  # sync.protocol.ZTotals fields
    closed_by: str
    approved_by: str | None
    seq: int  # the day.closed event
    print_job_id: str  # the Z report
    document: dict[str, Any]  # the Z report, for the screen


def parse_business_date(text: str) -> str:
    """'2026-11-23' → the same, checked; anything else is refused."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidBusinessDate(text=text[:40]) from None


def day_totals(uow_factory: UnitOfWorkFactory, clock: Clock,
               business_date: str | None = None) -> dict[str, Any]:
    """The Z figures of a day (default: the open business day) as they stand. Writes nothing;
    a closed day's figures are the ones its Z report recorded."""
    with uow_factory(readonly=True) as uow:
        identity = identity_of(uow)
        day = business_date or open_day_of(uow, identity, clock.now())
        closed = uow.days.get(day)
        if closed is not None:
            return closed.totals
        return z_totals(uow.days.figures(day), identity.timezone)


def close_day(uow_factory: UnitOfWorkFactory, clock: Clock, translate: Translate,
              hasher: PinHasher, staff: Staff, approver: Credentials | None = None,
              business_date: str | None = None) -> DayClosed:
    """Close the open business day (or the earlier, never-closed `business_date`) with a Z
    report. Refused while a shift is open, for a day already closed, and for a day that has
    not started. Every check happens before anything is written."""
    if business_date is not None:
        business_date = parse_business_date(business_date)
    with uow_factory(readonly=True) as uow:
        identity = identity_of(uow)
        day = _day_to_close(uow, identity, clock, business_date)
    approval = approvals.check(uow_factory, hasher, clock, staff, Permission.CLOSE_DAY,
                               approver=approver)
    now = clock.now()
    with uow_factory() as uow:
        identity = identity_of(uow)
        day = _day_to_close(uow, identity, clock, day)  # again, under the write lock
        totals = z_totals(uow.days.figures(day), identity.timezone)
        approvals.record(uow, clock, approval, amount_fen=totals["net_fen"],
                         detail=f"close day {day}")
        seq = uow.outbox.append(
            type=DAY_CLOSED, v=1,
            payload={"business_date": day, "closed_by": staff.staff_no, "totals": totals},
            occurred_at=now.isoformat(), business_date=day, store_id=identity.store_id,
            terminal_id=identity.terminal_id, actor_id=staff.id)
        uow.days.add(ClosedDay(day, now.isoformat(), staff.staff_no, totals))
        last = approvals.last_closed(uow)
        if last is None or date.fromisoformat(day) > last:
            uow.settings.put(LAST_CLOSED_KEY, day)
        document = build_day_report(identity, totals, local_time=local_time_of(now, identity),
                                    translate=translate, closed_by=staff.staff_no,
                                    category_names=uow.promotions.category_codes())
        job_id = queue_print(uow, f"Z-{day}", document, now)
        uow.commit()
    return DayClosed(day, totals, staff.staff_no,
                     approval.approver_no if approval else None, seq, job_id, document)


def _day_to_close(uow: AbstractUnitOfWork, identity: TerminalIdentity, clock: Clock,
                  business_date: str | None) -> str:
    """The day a Z closes: the open business day, or an earlier one never closed. A day whose
    calendar date has not come yet is refused: after tonight's Z the open business day is
    tomorrow, and a second Z tonight must not close it before it has begun."""
    now = clock.now()
    today = calendar_date(now, identity.timezone).isoformat()
    day = business_date or open_day_of(uow, identity, now)
    if day > today:
        last = approvals.last_closed(uow)
        if business_date is None and last is not None:
            day = last.isoformat()  # tonight's Z already ran: say so
        else:
            raise DayNotStarted(business_date=day, today=today)
    closed = uow.days.get(day)
    if closed is not None:
        raise DayAlreadyClosed(business_date=day, staff_no=closed.closed_by,
                               closed_at=local_of_iso(closed.closed_at, identity))
    refuse_open_shift(uow, identity, ShiftStillOpen)
    return day
