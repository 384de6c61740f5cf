"""Members as head office publishes them (entity `member` of the changes feed), so a swiped or
tapped card identifies its member offline. Registered on orm.Base (orm.py imports this module);
migration 0006 creates the table.
"""

from __future__ import annotations

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from pos_app.adapters.orm import Base


class MemberRow(Base):
    __tablename__ = "member"
    member_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    member_no: Mapped[str] = mapped_column(String(32))
    card_no: Mapped[str | None] = mapped_column(String(32))  # normalised; NULL: no card
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(20))  # digits
    # A member_level code. No foreign key: HQ changes arrive in cursor order, not dependency
    # order, and a level may be withdrawn while members still hold it.
    level_code: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # active | frozen | cancelled


# A card belongs to one member; SQLite lets any number of rows have no card (NULL).
Index("ix_member_card_no", MemberRow.card_no, unique=True)
Index("ix_member_member_no", MemberRow.member_no, unique=True)
Index("ix_member_phone", MemberRow.phone)
