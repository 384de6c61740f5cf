"""Identifying the member at the counter, offline, from the members head office published.

A card reader (or the UI, from a reader's raw output) normalises the card number first; here it
is looked up as is. Identifying sets the open sale's member — its id and level, so member prices
and level discounts apply from the next read of the sale's total — and the sale carries that
member id into its `sale.completed` event. A refused card changes nothing on the sale.
"""

from __future__ import annotations

from pos_app.domain.member import (
    MemberCardCancelled,
    MemberCardFrozen,
    MemberNotActive,
    MemberRecord,
    UnknownMemberCard,
)
from pos_app.domain.sale import Sale
from pos_app.services.unit_of_work import UnitOfWorkFactory

__all__ = ["MemberCardCancelled", "MemberCardFrozen", "MemberNotActive", "MemberRecord",
           "UnknownMemberCard", "find_by_card", "identify_by_card"]


def find_by_card(uow_factory: UnitOfWorkFactory, card_no: str) -> MemberRecord | None:
    """The member holding `card_no` (an already-normalised number), whatever their status."""
    with uow_factory(readonly=True) as uow:
        return uow.members.by_card(card_no)


def identify_by_card(uow_factory: UnitOfWorkFactory, sale: Sale, card_no: str) -> MemberRecord:
    """Make the holder of `card_no` the member of `sale`; returns the member.

    Raises UnknownMemberCard when no member has the card, MemberCardFrozen or
    MemberCardCancelled (both MemberNotActive) when the member may not use it; the sale is then
    left as it was.
    """
    member = find_by_card(uow_factory, card_no) if card_no else None
    if member is None:
        raise UnknownMemberCard(card_no=card_no)
    member.check_usable()
    sale.set_member_level(member.level_code, member.member_id)
    return member
