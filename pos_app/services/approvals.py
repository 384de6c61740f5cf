"""Manager override: a restricted action runs only if the person asking may do it, or another
staff member who may do it approves with their own number + PIN (no shared override PIN).

Every approval is an `audit.override` event: who asked, who approved, what, how much. For an
action that is saved (a refund, a cash movement, a void, a day close) the event goes into the
same transaction as the action; for a change to the open sale (a discount, a price override,
a voided line) it is written when the approval is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pos_app.domain.business_day import open_business_date
from pos_app.domain.errors import NotEnrolled
from pos_app.domain.roles import (
    ApprovalNeeded,
    ApproverIsRequester,
    ApproverNotAllowed,
    Permission,
    RoleLimits,
    role_limits,
)
from pos_app.domain.staff import Staff
from pos_app.services import auth
from pos_app.services.events import AUDIT_OVERRIDE
from pos_app.services.ports import Clock, PinHasher
from pos_app.services.unit_of_work import AbstractUnitOfWork, UnitOfWorkFactory

POLICY_KEY = "store.policy"
LAST_CLOSED_KEY = "day.last_closed"


@dataclass(frozen=True, slots=True)
class Credentials:
    """Another staff member's number and PIN, typed on the till to approve an action."""

    staff_no: str
    pin: str


@dataclass(frozen=True, slots=True)
class Approval:
    permission: Permission
    requested_by: Staff
    approved_by: Staff

    @property
    def approver_no(self) -> str:
        return self.approved_by.staff_no


def store_policy(uow: AbstractUnitOfWork) -> dict[str, Any]:
    return uow.settings.get(POLICY_KEY) or {}


def limits_of(uow: AbstractUnitOfWork, staff: Staff) -> RoleLimits:
    return role_limits(staff.role, store_policy(uow).get("role_limits"))


def check(uow_factory: UnitOfWorkFactory, hasher: PinHasher, clock: Clock, actor: Staff,
          permission: Permission, *, amount_fen: int = 0, rate_bp: int = 0,
          approver: Credentials | None = None) -> Approval | None:
    """None when `actor` may do it alone; an Approval when `approver` may and their PIN is
    right. Raises ApprovalNeeded (ask for an approver), LoginFailed / LoginLocked (wrong
    PIN: counted like a login), ApproverNotAllowed or ApproverIsRequester. Writes nothing but
    the approver's failed-PIN count."""
    with uow_factory(readonly=True) as uow:
        policy = store_policy(uow).get("role_limits")
    if role_limits(actor.role, policy).allows(permission, amount_fen=amount_fen, rate_bp=rate_bp):
        return None
    if approver is None:
        raise ApprovalNeeded(permission)
    if approver.staff_no.strip() == actor.staff_no:
        raise ApproverIsRequester()
    person = auth.login(uow_factory, hasher, clock, approver.staff_no, approver.pin)
    if person.id == actor.id:
        raise ApproverIsRequester()
    if not role_limits(person.role, policy).allows(permission, amount_fen=amount_fen,
                                                   rate_bp=rate_bp):
        raise ApproverNotAllowed(permission, person.staff_no)
    return Approval(permission, actor, person)


def record(uow: AbstractUnitOfWork, clock: Clock, approval: Approval | None, *,
           amount_fen: int | None = None, detail: str = "",
           receipt_no: str | None = None) -> None:
    """Append the audit.override event for `approval` in the caller's transaction."""
    if approval is None:
        return
    identity = uow.settings.identity()
    if identity is None:
        raise NotEnrolled()
    now = clock.now()
    day = open_business_date(now, identity.timezone, last_closed(uow))
    uow.outbox.append(
        type=AUDIT_OVERRIDE, v=1,
        payload={"action": str(approval.permission),
                 "requested_by": approval.requested_by.staff_no,
                 "approved_by": approval.approved_by.staff_no,
                 "approver_id": approval.approved_by.id, "amount_fen": amount_fen,
                 "detail": detail[:200], "receipt_no": receipt_no},
        occurred_at=now.isoformat(), business_date=day.isoformat(),
        store_id=identity.store_id, terminal_id=identity.terminal_id,
        actor_id=approval.approved_by.id)


def record_action(uow: AbstractUnitOfWork, clock: Clock, actor: Staff, permission: Permission,
                  approval: Approval | None, **details: Any) -> None:
    """An audited action: the approval, or the actor's own authority when none was needed."""
    record(uow, clock, approval or Approval(permission, actor, actor), **details)


def record_now(uow_factory: UnitOfWorkFactory, clock: Clock, approval: Approval | None,
               **details: Any) -> None:
    """For changes to the open sale, which is not saved yet: the approval is a fact now."""
    if approval is None:
        return
    with uow_factory() as uow:
        record(uow, clock, approval, **details)
        uow.commit()


def last_closed(uow: AbstractUnitOfWork):
    from datetime import date

    value = uow.settings.get(LAST_CLOSED_KEY)
    return date.fromisoformat(value) if value else None
