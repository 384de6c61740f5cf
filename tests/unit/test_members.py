"""The member as the counter sees one (pos_app.domain.member) and identify_by_card over a
hand-written fake of the member repository."""

from __future__ import annotations

import pytest

from pos_app.domain.catalog import Product
from pos_app.domain.member import (
    MemberCardCancelled,
    MemberCardFrozen,
    MemberNotActive,
    MemberRecord,
    UnknownMemberCard,
    is_valid_number,
)
from pos_app.domain.sale import Sale
from pos_app.services import members
from pos_app.services.repositories import MemberRepository

WANG = MemberRecord(member_id="m-1", member_no="M000001", card_no="0040856634", name="王芳",
                    phone="13812345678", level_code="GOLD", status="active")


@pytest.mark.parametrize("phone, masked", [
    ("13812345678", "138****5678"),
    ("02187654321", "021****4321"),
    ("87654321", "876*4321"),
    ("7654321", "***4321"),
    ("4321", "****"),
    ("", ""),
])
def test_masked_phone(phone, masked):
    member = MemberRecord(**{**_fields(WANG), "phone": phone})
    assert member.masked_phone == masked


def test_display_name_falls_back_to_the_member_number():
    assert WANG.display_name == "王芳"
    assert MemberRecord(**{**_fields(WANG), "name": " "}).display_name == "M000001"


@pytest.mark.parametrize("text, valid", [
    ("0040856634", True), ("62258800001234", True), ("M-001/A", True), ("9" * 32, True),
    ("", False), ("9" * 33, False), ("0040 856634", False), ("会员卡", False),
    ("0040856634\n", False), (40856634, False), (None, False),
])
def test_member_and_card_numbers(text, valid):
    assert is_valid_number(text) is valid


@pytest.mark.parametrize("status, error", [
    ("frozen", MemberCardFrozen), ("cancelled", MemberCardCancelled), ("lost", MemberNotActive),
])
def test_only_active_members_may_use_their_card(status, error):
    WANG.check_usable()
    member = MemberRecord(**{**_fields(WANG), "status": status})
    with pytest.raises(error) as caught:
        member.check_usable()
    assert isinstance(caught.value, MemberNotActive)
    assert "M000001" in caught.value.message()
    if error is MemberNotActive:
        assert caught.value.message() == "Member M000001's card cannot be used (status: lost)."


def _fields(member: MemberRecord) -> dict:
    return {name: getattr(member, name) for name in MemberRecord.__slots__}


class _Members(MemberRepository):
    def __init__(self, *people: MemberRecord) -> None:
        self.people = people

    def by_card(self, card_no):
        return next((m for m in self.people if m.card_no == card_no), None)

    def by_id(self, member_id):
        return next((m for m in self.people if m.member_id == member_id), None)

    def by_member_no(self, member_no):
        return next((m for m in self.people if m.member_no == member_no), None)

    def count(self):
        return len(self.people)


class _Uow:
    def __init__(self, repo: _Members) -> None:
        self.members = repo

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None


def test_identify_by_card_sets_the_sales_member_and_level():
    frozen = MemberRecord(**{**_fields(WANG), "member_id": "m-2", "member_no": "M000002",
                             "card_no": "0035790246", "status": "frozen"})
    repo = _Members(WANG, frozen)
    factory = lambda readonly=False: _Uow(repo)  # noqa: E731
    sale = Sale()
    sale.add(Product("p-1", "SKU1", "可乐", 300), None)
    assert members.identify_by_card(factory, sale, "0040856634") == WANG
    assert (sale.member_id, sale.member_level) == ("m-1", "GOLD")
    for card, error in (("0035790246", MemberCardFrozen), ("0000000000", UnknownMemberCard)):
        with pytest.raises(error):
            members.identify_by_card(factory, sale, card)
        assert (sale.member_id, sale.member_level) == ("m-1", "GOLD")
    assert members.find_by_card(factory, "0035790246") == frozen
