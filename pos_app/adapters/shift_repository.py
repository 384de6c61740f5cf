"""SQLAlchemy storage for shifts, cash movements and day closes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pos_app.services import shift_repository as repo


class ShiftRepository(repo.ShiftRepository):
    def __init__(self, session: Session) -> None:
        self.session = session


class DayRepository(repo.DayRepository):
    def __init__(self, session: Session) -> None:
        self.session = session
