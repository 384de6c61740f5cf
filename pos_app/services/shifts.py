"""Drawer shifts: open with a float, paid-in / paid-out, X reading, close with a blind count.

One shift is open per till at a time; `shift.current` (checkout.CURRENT_SHIFT_KEY) names it and
every sale records it. Each step is one transaction with its outbox event (`shift.opened`,
`shift.cash_moved` with the approval's `audit.override`, `shift.closed`) and, where something is
printed, its print job; the caller prints the job after the commit (services/printing.py).

The close is blind: the cashier enters the counted cash without being shown what the drawer
should hold; the close then computes expected by tender and the variance, and prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pos_app.domain.business_day import open_business_date, store_local
from pos_app.domain.errors import QT_TRANSLATE_NOOP, NotEnrolled, PosError
from pos_app.domain.ids import new_id
from pos_app.domain.money import check_amount
from pos_app.domain.roles import Permission
from pos_app.domain.shift import (
    CASH_MOVE_KINDS,
    ShiftTakings,
    ZeroCashMovement,
    check_reason,
    z_totals,
)
from pos_app.domain.staff import Staff
from pos_app.services import approvals
from pos_app.services.approvals import Credentials
from pos_app.services.checkout import CURRENT_SHIFT_KEY
from pos_app.services.events import SHIFT_CASH_MOVED, SHIFT_CLOSED, SHIFT_OPENED
from pos_app.services.ports import Clock, PinHasher, TerminalIdentity, Translate
from pos_app.services.report_receipts import (
    build_cash_slip,
    build_day_report,
    build_shift_report,
)
from pos_app.services.repositories import PrintJob
from pos_app.services.shift_repository import CashMovementRecord, ShiftRecord
from pos_app.services.unit_of_work import AbstractUnitOfWork, UnitOfWorkFactory

LOCAL_FORMAT = "%Y-%m-%d %H:%M:%S"


class ShiftAlreadyOpen(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "A shift is already open on this till (opened by {staff_no} at {opened_at}). "
                  "Close it before opening another.")


class NoOpenShift(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "No shift is open on this till. Open a shift first, with the float in the "
                  "drawer.")


@dataclass(frozen=True, slots=True)
class OpenedShift:
    shift_id: str
    business_date: str
    float_fen: int
    seq: int


@dataclass(frozen=True, slots=True)
class CashMoved:
    movement_id: str
    shift_id: str
    kind: str  # paid_in | paid_out
    amount_fen: int
    reason: str
    approved_by: str | None
    seq: int
    print_job_id: str  # the slip; printing it opens the drawer


@dataclass(frozen=True, slots=True)
class ShiftReading:
    """An open shift and what it took so far."""

    shift: ShiftRecord
    takings: ShiftTakings

    def to_dict(self) -> dict[str, Any]:
        t = self.takings
        return {"shift_id": self.shift.id, "opened_by": self.shift.opened_by,
                "opened_at": self.shift.opened_at, "business_date": self.shift.business_date,
                "float_fen": t.float_fen, "sales_count": t.sales_count,
                "refunds_count": t.refunds_count, "by_tender": t.net_by_tender(),
                "paid_in_fen": t.paid_in_fen, "paid_out_fen": t.paid_out_fen,
                "expected_by_tender": t.expected_by_tender()}


@dataclass(frozen=True, slots=True)
class XReport:
    """A reading of the open business day (and the open shift) that changes nothing."""

    business_date: str
    local_time: str
    shift: ShiftReading | None
    day: dict[str, Any]  # sync.protocol.ZTotals fields, so far
    document: dict[str, Any]  # to show or print

    def to_dict(self) -> dict[str, Any]:
        return {"business_date": self.business_date, "local_time": self.local_time,
                "shift": None if self.shift is None else self.shift.to_dict(),
                "day": self.day}


@dataclass(frozen=True, slots=True)
class ClosedShift:
    shift_id: str
    summary: dict[str, Any]  # sync.protocol.ShiftClosedPayload fields
    seq: int
    print_job_id: str  # the shift report

    @property
    def expected_by_tender(self) -> dict[str, int]:
        return self.summary["expected_by_tender"]

    @property
    def counted_cash_fen(self) -> int:
        return self.summary["counted_cash_fen"]

    @property
    def cash_variance_fen(self) -> int:
        return self.summary["cash_variance_fen"]


def current_shift(uow_factory: UnitOfWorkFactory) -> ShiftRecord | None:
    with uow_factory(readonly=True) as uow:
        return open_shift_of(uow)


def open_shift_of(uow: AbstractUnitOfWork) -> ShiftRecord | None:
    """The till's open shift, if any (the shift table is the truth; `shift.current` mirrors
    it for checkout)."""
    shifts = uow.shifts.open_shifts()
    return shifts[0] if shifts else None


def open_shift(uow_factory: UnitOfWorkFactory, clock: Clock, staff: Staff,
               float_fen: int) -> OpenedShift:
    """Open a shift with `float_fen` in the drawer. Refused while another shift is open."""
    check_amount(float_fen)
    now = clock.now()
    with uow_factory() as uow:
        identity = identity_of(uow)
        refuse_open_shift(uow, identity)
        day = open_day_of(uow, identity, now)
        shift = ShiftRecord(id=new_id(), opened_at=now.isoformat(), opened_by=staff.staff_no,
                            business_date=day, float_fen=float_fen)
        uow.shifts.add(shift)
        uow.settings.put(CURRENT_SHIFT_KEY, shift.id)
        seq = uow.outbox.append(
            type=SHIFT_OPENED, v=1,
            payload={"shift_id": shift.id, "staff_id": staff.id, "staff_no": staff.staff_no,
                     "float_fen": float_fen},
            occurred_at=now.isoformat(), business_date=day, store_id=identity.store_id,
            terminal_id=identity.terminal_id, actor_id=staff.id)
        uow.commit()
    return OpenedShift(shift.id, day, float_fen, seq)


def move_cash(uow_factory: UnitOfWorkFactory, clock: Clock, translate: Translate,
              hasher: PinHasher, staff: Staff, kind: str, amount_fen: int, reason: str,
              approver: Credentials | None = None) -> CashMoved:
    """Paid-in or paid-out of the open shift's drawer, with a reason. A role without
    Permission.CASH_MOVE needs `approver` (its audit.override goes in the same transaction).
    Writes the movement, its `shift.cash_moved` event and a slip that opens the drawer."""
    if kind not in CASH_MOVE_KINDS:
        raise ValueError(f"unknown cash movement {kind!r}")
    check_amount(amount_fen)
    if amount_fen == 0:
        raise ZeroCashMovement()
    reason = check_reason(reason)
    with uow_factory(readonly=True) as uow:
        identity_of(uow)
        if open_shift_of(uow) is None:
            raise NoOpenShift()
    approval = approvals.check(uow_factory, hasher, clock, staff, Permission.CASH_MOVE,
                               amount_fen=amount_fen, approver=approver)
    approved_by = approval.approver_no if approval else None
    now = clock.now()
    with uow_factory() as uow:
        identity = identity_of(uow)
        shift = open_shift_of(uow)
        if shift is None:
            raise NoOpenShift()
        day = open_day_of(uow, identity, now)
        approvals.record(uow, clock, approval, amount_fen=amount_fen,
                         detail=f"{kind}: {reason}")
        movement = CashMovementRecord(
            id=new_id(), shift_id=shift.id, business_date=day, created_at=now.isoformat(),
            kind=kind, amount_fen=amount_fen, reason=reason, staff_no=staff.staff_no,
            approved_by=approved_by)
        uow.shifts.add_movement(movement)
        seq = uow.outbox.append(
            type=SHIFT_CASH_MOVED, v=1,
            payload={"shift_id": shift.id, "movement_id": movement.id, "kind": kind,
                     "amount_fen": amount_fen, "reason": reason, "staff_no": staff.staff_no,
                     "approved_by": approved_by},
            occurred_at=now.isoformat(), business_date=day, store_id=identity.store_id,
            terminal_id=identity.terminal_id, actor_id=staff.id)
        document = build_cash_slip(identity, kind=kind, amount_fen=amount_fen, reason=reason,
                                   staff_no=staff.staff_no, approved_by=approved_by,
                                   local_time=local_time_of(now, identity), translate=translate)
        job_id = queue_print(uow, f"CASH-{movement.id}", document, now)
        uow.commit()
    return CashMoved(movement.id, shift.id, kind, amount_fen, reason, approved_by, seq, job_id)


def x_report(uow_factory: UnitOfWorkFactory, clock: Clock, translate: Translate) -> XReport:
    """What the open business day and the open shift hold so far, by tender. Writes nothing."""
    now = clock.now()
    with uow_factory(readonly=True) as uow:
        identity = identity_of(uow)
        shift = open_shift_of(uow)
        reading = None if shift is None else ShiftReading(shift, uow.shifts.takings(shift))
        day = open_day_of(uow, identity, now)
        totals = z_totals(uow.days.figures(day), identity.timezone)
        categories = uow.promotions.category_codes()
    local = local_time_of(now, identity)
    document = build_day_report(
        identity, totals, local_time=local, translate=translate,
        shift=None if reading is None else reading.takings,
        shift_opened=None if shift is None else f"{local_of_iso(shift.opened_at, identity)} "
                                                f"({shift.opened_by})",
        category_names=categories)
    return XReport(day, local, reading, totals, document)


def close_shift(uow_factory: UnitOfWorkFactory, clock: Clock, translate: Translate,
                staff: Staff, counted_cash_fen: int) -> ClosedShift:
    """Close the open shift with the cash counted in the drawer (a blind count: the caller
    must not show the expected figure before this). Computes expected by tender and the
    variance, writes `shift.closed`, clears `shift.current` and queues the shift report."""
    check_amount(counted_cash_fen)
    now = clock.now()
    with uow_factory() as uow:
        identity = identity_of(uow)
        shift = open_shift_of(uow)
        if shift is None:
            raise NoOpenShift()
        takings = uow.shifts.takings(shift)
        summary = {
            "shift_id": shift.id, "staff_no": staff.staff_no, "opened_at": shift.opened_at,
            "float_fen": shift.float_fen, "expected_by_tender": takings.expected_by_tender(),
            "counted_cash_fen": counted_cash_fen,
            "cash_variance_fen": takings.variance(counted_cash_fen),
            "sales_count": takings.sales_count, "refunds_count": takings.refunds_count,
        }
        uow.shifts.close(shift.id, closed_at=now.isoformat(), closed_by=staff.staff_no,
                         counted_cash_fen=counted_cash_fen, summary=summary)
        uow.settings.put(CURRENT_SHIFT_KEY, None)
        day = open_day_of(uow, identity, now)
        seq = uow.outbox.append(
            type=SHIFT_CLOSED, v=1, payload=summary, occurred_at=now.isoformat(),
            business_date=day, store_id=identity.store_id, terminal_id=identity.terminal_id,
            actor_id=staff.id)
        document = build_shift_report(
            identity, opened_by=shift.opened_by, opened_at=local_of_iso(shift.opened_at, identity),
            closed_by=staff.staff_no, closed_at=local_time_of(now, identity), takings=takings,
            counted_cash_fen=counted_cash_fen, translate=translate)
        job_id = queue_print(uow, f"SHIFT-{shift.id}", document, now)
        uow.commit()
    return ClosedShift(shift.id, summary, seq, job_id)


# -- shared with day_close ---------------------------------------------------------------------


def identity_of(uow: AbstractUnitOfWork) -> TerminalIdentity:
    identity = uow.settings.identity()
    if identity is None:
        raise NotEnrolled()
    return identity


def open_day_of(uow: AbstractUnitOfWork, identity: TerminalIdentity, now: datetime) -> str:
    return open_business_date(now, identity.timezone, approvals.last_closed(uow)).isoformat()


def refuse_open_shift(uow: AbstractUnitOfWork, identity: TerminalIdentity,
                      error: type[PosError] = ShiftAlreadyOpen) -> None:
    shift = open_shift_of(uow)
    if shift is not None:
        raise error(staff_no=shift.opened_by, opened_at=local_of_iso(shift.opened_at, identity))


def local_time_of(now: datetime, identity: TerminalIdentity) -> str:
    return store_local(now, identity.timezone).strftime(LOCAL_FORMAT)


def local_of_iso(at: str, identity: TerminalIdentity) -> str:
    return local_time_of(datetime.fromisoformat(at), identity)


def queue_print(uow: AbstractUnitOfWork, name: str, document: dict[str, Any], now: datetime) -> str:
    job = PrintJob(id=new_id(), receipt_no=name, document=document, status="pending",
                   attempts=0, last_error=None)
    uow.print_jobs.add(job, now.isoformat())
    return job.id
