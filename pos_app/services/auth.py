"""Staff login with staff no. + PIN; five wrong PINs lock that staff no. for a while."""

from __future__ import annotations

from pos_app.domain.errors import LoginFailed, LoginLocked, NoStaffOnTill
from pos_app.domain.staff import Staff
from pos_app.services.ports import Clock, PinHasher
from pos_app.services.unit_of_work import UnitOfWorkFactory

MAX_STAFF_NO_LENGTH = 16
MAX_PIN_LENGTH = 12


def login(uow_factory: UnitOfWorkFactory, hasher: PinHasher, clock: Clock,
          staff_no: str, pin: str) -> Staff:
    staff_no = (staff_no or "").strip()
    pin = pin or ""
    now = clock.now()
    with uow_factory() as uow:
        if uow.staff.count_active() == 0:
            raise NoStaffOnTill()
        attempts = uow.staff.attempts(staff_no[:MAX_STAFF_NO_LENGTH * 2])
        minutes = attempts.locked_minutes_left(now)
        if minutes:
            raise LoginLocked(minutes=minutes)
        creds = None
        if staff_no.isdigit() and len(staff_no) <= MAX_STAFF_NO_LENGTH:
            creds = uow.staff.credentials(staff_no)
        # Unknown staff numbers fail exactly like a wrong PIN, and are counted the same way.
        ok = (
            creds is not None
            and creds.staff.active
            and pin.isdigit()
            and len(pin) <= MAX_PIN_LENGTH
            and hasher.verify(creds.pin_hash, pin)
        )
        if not ok:
            attempts.record_failure(now)
            uow.staff.save_attempts(attempts)
            uow.commit()
            minutes = attempts.locked_minutes_left(now)
            if minutes:
                raise LoginLocked(minutes=minutes)
            raise LoginFailed()
        if attempts.failed:
            attempts.record_success()
            uow.staff.save_attempts(attempts)
        uow.commit()
        return creds.staff
