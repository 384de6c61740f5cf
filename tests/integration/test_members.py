"""Members on a real till: migration 0006, the `member` entity applied from the changes feed
(upsert, delete, card moves, invalid data set aside), and identifying a sale's member by card
offline (member prices apply; a refused card changes nothing; the sale records the member)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from alembic import command
from sqlalchemy import text

from pos_app.adapters import migrate
from pos_app.adapters.db import make_engine
from pos_app.adapters.sync_ports import REJECTED_CHANGES, SqliteChangeSink
from pos_app.domain.member import (
    MemberCardCancelled,
    MemberCardFrozen,
    MemberNotActive,
    MemberRecord,
    UnknownMemberCard,
)
from pos_app.domain.tender import TenderKind, TenderOffer
from pos_app.i18n import load_translator
from pos_app.services import members
from sync.protocol import Change, SaleCompletedV2Payload
from tests.till_fixtures import (
    CASHIER,
    GOLD_LEVEL,
    MEMBER_PROMOTION,
    PRODUCTS,
    apply_changes,
    level_change,
    promotion_change,
)

COLA = PRODUCTS[0][0]  # 3.00
GOLD_ID = "01930000-0000-7000-8000-00000000a001"
FROZEN_ID = "01930000-0000-7000-8000-00000000a002"
GONE_ID = "01930000-0000-7000-8000-00000000a003"
GOLD = {"member_id": GOLD_ID, "member_no": "M000001", "card_no": "0040856634", "name": "王芳",
        "phone": "13800138001", "level_code": "GOLD", "status": "active"}
FROZEN = {"member_id": FROZEN_ID, "member_no": "M000006", "card_no": "0035790246",
          "name": "杨磊", "phone": "13899887766", "level_code": "GOLD", "status": "frozen"}
CANCELLED = {"member_id": GONE_ID, "member_no": "M000011", "card_no": "62258800001234",
             "name": "徐强", "phone": "13855667788", "level_code": "GOLD", "status": "cancelled"}


def member_change(data: dict, op: str = "upsert") -> dict:
    return {"entity": "member", "key": data["member_id"], "data": data if op == "upsert" else None,
            "op": op}


def feed(app, *changes: dict) -> list[dict]:
    """Apply changes as one pulled page; returns what the till set aside."""
    sink = SqliteChangeSink(app.uow_factory)
    start = sink.cursor() + 1
    page = [Change(cursor=start + i, op=c.get("op", "upsert"), entity=c["entity"], key=c["key"],
                   data=c["data"]) for i, c in enumerate(changes)]
    sink.apply(page, page[-1].cursor)
    with app.uow_factory(readonly=True) as uow:
        return uow.settings.get(REJECTED_CHANGES, [])


def by_card(app, card_no: str) -> MemberRecord | None:
    with app.uow_factory(readonly=True) as uow:
        return uow.members.by_card(card_no)


def count(app) -> int:
    with app.uow_factory(readonly=True) as uow:
        return uow.members.count()


@pytest.fixture
def priced(till_app):
    """Gold members pay 88% (a level discount on everything), and three members."""
    apply_changes(till_app, promotion_change(MEMBER_PROMOTION), level_change(GOLD_LEVEL))
    assert feed(till_app, member_change(GOLD), member_change(FROZEN),
                member_change(CANCELLED)) == []
    return till_app


# -- migration 0006 ------------------------------------------------------------------------


def test_upgrading_a_0005_till_adds_members_and_keeps_its_data(tmp_path):
    db_path = tmp_path / "till.sqlite"
    engine = make_engine(db_path)
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0005")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO setting (key, value) VALUES ('sync.pull_cursor', '42')"))
    backup = migrate.upgrade(engine, db_path, tmp_path / "backups")
    engine.dispose()
    assert backup is not None and backup.name.endswith("-0005.sqlite")
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            migrate.HEAD_REVISION,)
        assert conn.execute("SELECT value FROM setting WHERE key = 'sync.pull_cursor'"
                            ).fetchone() == ("42",)
        columns = [row[1] for row in conn.execute("PRAGMA table_info(member)")]
        assert columns == ["member_id", "member_no", "card_no", "name", "phone", "level_code",
                           "status"]
        unique = {row[1]: row[2] for row in conn.execute("PRAGMA index_list(member)")}
        assert unique["ix_member_card_no"] == 1 and unique["ix_member_member_no"] == 1
        # Any number of members without a card; a card only once.
        insert = ("INSERT INTO member VALUES (?, ?, ?, '名字', '13800000000', NULL, 'active')")
        conn.execute(insert, ("a", "M1", None))
        conn.execute(insert, ("b", "M2", None))
        conn.execute(insert, ("c", "M3", "0001"))
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(insert, ("d", "M4", "0001"))
    finally:
        conn.close()


# -- the `member` entity from the changes feed -------------------------------------------------


def test_a_member_change_lets_the_till_find_the_card_and_a_delete_removes_it(till_app):
    assert count(till_app) == 0 and by_card(till_app, GOLD["card_no"]) is None
    assert feed(till_app, member_change(GOLD)) == []
    member = by_card(till_app, "0040856634")
    assert member == MemberRecord(**GOLD)
    with till_app.uow_factory(readonly=True) as uow:
        assert uow.members.by_member_no("M000001") == member
        assert uow.members.by_member_no("M999999") is None
    # An update replaces the member (a new level, a new card: the old card is gone).
    assert feed(till_app, member_change({**GOLD, "card_no": "62258800005678",
                                         "level_code": "SILVER"})) == []
    assert by_card(till_app, "0040856634") is None
    assert by_card(till_app, "62258800005678").level_code == "SILVER"
    assert feed(till_app, member_change(GOLD, op="delete")) == []
    assert count(till_app) == 0 and by_card(till_app, "62258800005678") is None


def test_a_card_moved_to_another_member_belongs_to_that_member(till_app):
    assert feed(till_app, member_change(GOLD), member_change(FROZEN)) == []
    # HQ moved the gold member's card to the other member first, then gave her a new card:
    # the till applies them in cursor order and never holds one card twice.
    moved = {**FROZEN, "card_no": GOLD["card_no"], "status": "active"}
    assert feed(till_app, member_change(moved)) == []
    assert by_card(till_app, GOLD["card_no"]).member_id == FROZEN_ID
    with till_app.uow_factory(readonly=True) as uow:
        assert uow.members.by_member_no("M000001").card_no is None
    assert feed(till_app, member_change({**GOLD, "card_no": "0041237789"})) == []
    assert by_card(till_app, "0041237789").member_id == GOLD_ID
    assert count(till_app) == 2


@pytest.mark.parametrize("bad", [
    {**GOLD, "status": "lost"},
    {**GOLD, "card_no": "0040 856634"},
    {**GOLD, "card_no": ""},
    {**GOLD, "member_no": "M" * 33},
    {**GOLD, "phone": "138-0013-8001"},
    {k: v for k, v in GOLD.items() if k != "name"},
    {**GOLD, "member_id": FROZEN_ID},  # data for another member than the key
])
def test_invalid_member_data_is_set_aside_and_the_rest_of_the_page_applies(till_app, bad):
    change = {"entity": "member", "key": GOLD_ID, "data": bad, "op": "upsert"}
    cursor = SqliteChangeSink(till_app.uow_factory).cursor()
    rejected = feed(till_app, change, member_change(CANCELLED))
    assert [(r["entity"], r["key"]) for r in rejected] == [("member", GOLD_ID)]
    assert count(till_app) == 1 and by_card(till_app, CANCELLED["card_no"]) is not None
    assert SqliteChangeSink(till_app.uow_factory).cursor() == cursor + 2  # not stuck on it
    with till_app.uow_factory(readonly=True) as uow:
        assert f"member {GOLD_ID}" in uow.settings.get("sync.last_error")


def test_fields_a_later_head_office_adds_do_not_set_a_member_aside(till_app):
    later = {**GOLD, "balance_fen": 12000, "points": 350}
    assert feed(till_app, member_change(later)) == []
    assert by_card(till_app, GOLD["card_no"]) == MemberRecord(**GOLD)


# -- identifying the member of a sale ----------------------------------------------------------


def test_a_card_identifies_the_member_and_member_prices_apply(priced):
    till = priced.till
    staff = till.login(*CASHIER)
    sale = till.new_sale()
    till.scan(sale, f"{COLA}*2")
    assert sale.total_fen == 600
    member = members.identify_by_card(priced.uow_factory, sale, "0040856634")
    assert member.member_id == GOLD_ID and member.display_name == "王芳"
    assert member.masked_phone == "138****8001"
    assert (sale.member_id, sale.member_level) == (GOLD_ID, "GOLD")
    assert sale.total_fen == 528  # 88% for gold members
    till.scan(sale, COLA)
    assert sale.total_fen == 792  # later scans are member-priced too

    done = till.complete_sale(staff, sale, [TenderOffer(TenderKind.CASH, 1000)])
    with priced.uow_factory(readonly=True) as uow:
        [payload] = [json.loads(p) for t, p in uow.session.execute(
            text("SELECT type, payload FROM outbox ORDER BY seq")).all()
            if t == "sale.completed"]
        stored = uow.session.execute(text("SELECT member_id, member_level FROM sale")).one()
    event = SaleCompletedV2Payload.model_validate(payload)
    assert (event.member_id, event.member_level) == (GOLD_ID, "GOLD")
    assert event.total_fen == done.total_fen
    assert tuple(stored) == (GOLD_ID, "GOLD")


@pytest.mark.parametrize("card_no, error, zh", [
    ("0099999999", UnknownMemberCard, "卡号 0099999999 不属于任何会员。"),
    ("", UnknownMemberCard, None),
    ("0035790246", MemberCardFrozen, "会员 M000006 的卡已冻结，不能使用。"),
    ("62258800001234", MemberCardCancelled, "会员 M000011 的卡已注销，不能使用。"),
])
def test_an_unknown_or_unusable_card_is_refused_and_changes_nothing(priced, card_no, error, zh):
    till = priced.till
    sale = till.new_sale()
    till.scan(sale, COLA)
    before = (sale.member_id, sale.member_level, sale.total_fen)
    with pytest.raises(error) as caught:
        members.identify_by_card(priced.uow_factory, sale, card_no)
    assert (sale.member_id, sale.member_level, sale.total_fen) == before == (None, None, 300)
    if zh is not None:
        assert caught.value.message(load_translator("zh_CN")) == zh
    if error is not UnknownMemberCard:
        assert isinstance(caught.value, MemberNotActive)


def test_a_refused_card_keeps_the_member_already_identified(priced):
    sale = priced.till.new_sale()
    priced.till.scan(sale, COLA)
    members.identify_by_card(priced.uow_factory, sale, GOLD["card_no"])
    with pytest.raises(MemberCardFrozen):
        members.identify_by_card(priced.uow_factory, sale, FROZEN["card_no"])
    assert (sale.member_id, sale.member_level, sale.total_fen) == (GOLD_ID, "GOLD", 264)
