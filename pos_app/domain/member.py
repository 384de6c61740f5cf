"""A member as the counter sees one: whose card was swiped or tapped, at which level.

Members are authoritative at head office (DESIGN §8). A till keeps a copy from the changes feed
(entity `member`) so a card identifies its member with the network down. Registration, balances
and points come later; this is what a card reader needs. Head office checks member and card
numbers with the same rule (`is_valid_number`), so a number it publishes is one a till takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError

ACTIVE, FROZEN, CANCELLED = "active", "frozen", "cancelled"
STATUSES = (ACTIVE, FROZEN, CANCELLED)
MAX_NUMBER = 32
# Member and card numbers: 1-32 printable ASCII characters, no spaces.
_NUMBER = re.compile(rf"[!-~]{{1,{MAX_NUMBER}}}")


def is_valid_number(text: object) -> bool:
    """A member or card number: 1 to 32 printable ASCII characters without spaces."""
    return isinstance(text, str) and _NUMBER.fullmatch(text) is not None


class UnknownMemberCard(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "No member has card {card_no}.")


class MemberNotActive(PosError):
    """The card belongs to a member who may not use it now (raised as one of the subclasses
    for the statuses head office publishes)."""

    msgid = QT_TRANSLATE_NOOP("errors",
                              "Member {member_no}'s card cannot be used (status: {status}).")


class MemberCardFrozen(MemberNotActive):
    msgid = QT_TRANSLATE_NOOP("errors", "Member {member_no}'s card is frozen; it cannot be used.")


class MemberCardCancelled(MemberNotActive):
    msgid = QT_TRANSLATE_NOOP("errors",
                              "Member {member_no}'s card is cancelled; it cannot be used.")


_NOT_ACTIVE = {FROZEN: MemberCardFrozen, CANCELLED: MemberCardCancelled}


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """A member as head office published it to this till."""

    member_id: str  # UUID, the member's identity everywhere (sale.completed carries it)
    member_no: str  # the human number, unique in the chain
    card_no: str | None  # normalised card number; None: no card (e.g. phone only)
    name: str
    phone: str  # digits
    level_code: str | None  # a member_level code; None: no level
    status: str  # active | frozen | cancelled

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE

    @property
    def masked_phone(self) -> str:
        """The phone for screens and receipts: 13812345678 → 138****5678."""
        phone = self.phone
        if len(phone) <= 4:
            return "*" * len(phone)
        head = phone[:3] if len(phone) >= 8 else ""
        return head + "*" * (len(phone) - len(head) - 4) + phone[-4:]

    @property
    def display_name(self) -> str:
        """The member's name, or the member number when head office has no name."""
        return self.name.strip() or self.member_no

    def check_usable(self) -> None:
        """Raise MemberNotActive (MemberCardFrozen, MemberCardCancelled) unless active."""
        if self.is_active:
            return
        error = _NOT_ACTIVE.get(self.status, MemberNotActive)
        raise error(member_no=self.member_no, status=self.status)
