"""SQLAlchemy storage for refunds."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pos_app.services import refund_repository as repo


class RefundRepository(repo.RefundRepository):
    def __init__(self, session: Session) -> None:
        self.session = session
