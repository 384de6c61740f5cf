"""Staff, roles and the login lock-out rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Staff:
    id: str
    staff_no: str
    name: str
    role: str  # "cashier" | "manager"
    active: bool = True


@dataclass(slots=True)
class LoginAttempts:
    """Failed logins for one staff number on this till."""

    staff_no: str
    failed: int = 0
    locked_until: datetime | None = None

    def locked_minutes_left(self, now: datetime) -> int:
        if self.locked_until is None or now >= self.locked_until:
            return 0
        return max(1, -(-int((self.locked_until - now).total_seconds()) // 60))

    def record_failure(self, now: datetime) -> None:
        if self.locked_until is not None and now >= self.locked_until:
            self.failed = 0  # the previous lock ran out: a fresh count
            self.locked_until = None
        self.failed += 1
        if self.failed >= MAX_FAILED_LOGINS:
            self.locked_until = now + LOCKOUT

    def record_success(self) -> None:
        self.failed = 0
        self.locked_until = None
