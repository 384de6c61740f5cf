"""A member loaded at head office reaches a real till, whose card then identifies the member
with HQ down; the sale made offline carries HQ's member id back to HQ."""

from __future__ import annotations

import json
import sqlite3

import pytest

from pos_app import bootstrap
from pos_app.domain.member import MemberCardFrozen, UnknownMemberCard
from pos_app.domain.tender import TenderKind, TenderOffer
from pos_app.services import members
from tests.e2e.helpers import pos_till
from tests.hq_process import run_cli

BISCUIT = "6931501853632"  # 好丽友派 13.90; 会员价 12.00 in the demo promotions
NEW_MEMBER = {"member_no": "M900001", "card_no": "0012345678", "name": "钱多多",
              "phone": "13812349876", "level_code": "GOLD", "status": "active"}


def hq_rows(db_url: str, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_a_card_loaded_at_hq_identifies_the_member_offline(hq, till_dir, tmp_path):
    file = tmp_path / "members.json"
    file.write_text(json.dumps({"members": [NEW_MEMBER]}, ensure_ascii=False), encoding="utf-8")
    out = run_cli(hq.db_url, "member", "load", str(file)).stdout
    assert "1 members loaded (1 created or updated)" in out
    [(member_id,)] = hq_rows(hq.db_url, "SELECT id FROM member WHERE member_no = 'M900001'")

    pos_till(till_dir, "sync")
    hq.stop()  # from here on the till is on its own

    app = bootstrap.open_till(till_dir, "en")
    try:
        till = app.till
        staff = till.login("1001", "1234")
        sale = till.new_sale()
        till.scan(sale, BISCUIT)
        assert sale.total_fen == 1390
        with pytest.raises(UnknownMemberCard):
            members.identify_by_card(app.uow_factory, sale, "0099999999")
        with pytest.raises(MemberCardFrozen):  # the demo's frozen member
            members.identify_by_card(app.uow_factory, sale, "0035790246")
        assert sale.member_id is None and sale.total_fen == 1390

        member = members.identify_by_card(app.uow_factory, sale, "0012345678")
        assert (member.member_id, member.member_no, member.level_code) == (
            member_id, "M900001", "GOLD")
        assert member.masked_phone == "138****9876"
        assert sale.total_fen == 1200  # the member price
        # A demo card seeded at HQ (8H10D and magstripe numbers) is on the till too.
        with app.uow_factory(readonly=True) as uow:
            assert uow.members.by_card("0040856634").level_code == "GOLD"
            assert uow.members.by_card("62258800001234") is not None
        done = till.complete_sale(staff, sale, [TenderOffer(TenderKind.CASH, 2000)])
        assert done.total_fen == 1200
    finally:
        app.close()

    hq.start()
    assert "pushed 1 events" in pos_till(till_dir, "sync").stdout
    assert hq_rows(hq.db_url, "SELECT member_id, total_fen FROM sale") == [(member_id, 1200)]
