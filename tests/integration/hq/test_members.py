"""Members at head office: loading a members file (upsert by member_no, checks with one clear
line each), the `member` entity in the changes feed (chain-wide), the demo members of
seed-demo, and `pos-hq member load` as a real subprocess."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hq_server.models import ChangeLog, Member
from hq_server.services import catalog, members, promotions
from hq_server.services.errors import BadInput
from pos_app.domain.member import is_valid_number
from sync.protocol import ENTITY_MEMBER, ChangesResponse, MemberData
from tests.hq_process import run_cli
from tests.integration.hq.helpers import all_text, enrol

CHANGES = "/api/v1/sync/changes"
DEMO = json.loads(catalog.DEMO_MEMBERS.read_text(encoding="utf-8"))
LEVELS = json.loads(catalog.DEMO_PROMOTIONS.read_text(encoding="utf-8"))["member_levels"]
WANG = {"member_no": "M000001", "card_no": "0040856634", "name": "王芳",
        "phone": "13800138001", "level_code": "GOLD", "status": "active"}
LI = {"member_no": "M000002", "card_no": "62258800001234", "name": "李娜",
      "phone": "13812345678", "level_code": "SILVER", "status": "frozen"}
ZHOU = {"member_no": "M000003", "card_no": None, "name": "周杰", "phone": "13822334455",
        "level_code": None}


def pull(client, till, since: int = 0) -> list:
    r = client.get(CHANGES, params={"since": since, "limit": 1000}, headers=till.auth)
    assert r.status_code == 200, r.text
    page = ChangesResponse.model_validate(r.json())
    assert not page.has_more
    return page.changes


def write(tmp_path: Path, *people: dict, name: str = "members.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"members": list(people)}, ensure_ascii=False), encoding="utf-8")
    return path


def with_levels(db) -> None:
    with db.write() as session:
        for level in LEVELS:
            promotions.upsert_member_level(session, level)


def test_loading_members_publishes_them_to_every_till(client, db, till, tmp_path):
    with_levels(db)
    start = pull(client, till)[-1].cursor
    with db.write() as session:
        result = members.load_members(session, write(tmp_path, WANG, LI, ZHOU))
    assert (result.members, result.changed) == (3, 3)
    assert result.summary() == "3 members loaded (3 created or updated)"
    changes = pull(client, till, start)
    assert [(c.entity, c.op) for c in changes] == [(ENTITY_MEMBER, "upsert")] * 3
    published = {c.data["member_no"]: MemberData.model_validate(c.data) for c in changes}
    with db.read() as session:
        stored = {m.member_no: m for m in session.scalars(select(Member))}
        assert set(session.scalars(select(ChangeLog.store_id)
                                   .where(ChangeLog.id > start))) == {None}
    for change in changes:
        assert change.key == stored[change.data["member_no"]].id == change.data["member_id"]
    assert published["M000001"].model_dump() == {**WANG, "member_id": stored["M000001"].id}
    assert published["M000002"].status == "frozen"
    assert (published["M000003"].card_no, published["M000003"].level_code,
            published["M000003"].status) == (None, None, "active")
    assert stored["M000001"].created_at.tzinfo is not None

    # Chain-wide: a till of another store gets them too.
    other = enrol(client, db, "S002", "T01")
    assert {c.key for c in pull(client, other) if c.entity == ENTITY_MEMBER} == {
        m.id for m in stored.values()}

    # The same file again: nothing changes, nothing is published.
    last = pull(client, till)[-1].cursor
    with db.write() as session:
        assert members.load_members(session, write(tmp_path, WANG, LI, ZHOU)).changed == 0
    assert pull(client, till, last) == []

    # An edit publishes that member only, under the same id; members left out stay as they are.
    with db.write() as session:
        result = members.load_members(session, write(tmp_path, {**LI, "status": "active",
                                                                "phone": "13900001111"}))
    assert (result.members, result.changed) == (1, 1)
    [change] = pull(client, till, last)
    assert change.key == stored["M000002"].id
    assert (change.data["status"], change.data["phone"]) == ("active", "13900001111")
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 3
        li = session.scalar(select(Member).where(Member.member_no == "M000002"))
        assert li.updated_at >= li.created_at


def test_cards_can_move_and_swap_between_members_of_one_file(client, db, till, tmp_path):
    with_levels(db)
    with db.write() as session:
        members.load_members(session, write(tmp_path, WANG, LI, ZHOU))
    last = pull(client, till)[-1].cursor
    swapped = ({**WANG, "card_no": LI["card_no"]}, {**LI, "card_no": WANG["card_no"]},
               {**ZHOU, "card_no": "0099999999"})
    with db.write() as session:
        assert members.load_members(session, write(tmp_path, *swapped)).changed == 3
    with db.read() as session:
        cards = dict(session.execute(select(Member.member_no, Member.card_no)).all())
    assert cards == {"M000001": LI["card_no"], "M000002": WANG["card_no"],
                     "M000003": "0099999999"}
    assert [c.data["card_no"] for c in pull(client, till, last)] == [
        LI["card_no"], WANG["card_no"], "0099999999"]


@pytest.mark.parametrize("people, needle", [
    ([{**WANG, "level_code": "DIAMOND"}],
     "member M000001: level_code 'DIAMOND' is not a member level at head office "
     "(known: GOLD, REGULAR, SILVER)"),
    ([{**ZHOU, "card_no": WANG["card_no"]}],
     "member M000003: card_no '0040856634' already belongs to member M000001"),
])
def test_what_clashes_with_head_office_is_refused_and_nothing_is_written(db, tmp_path, people,
                                                                         needle):
    with_levels(db)
    with db.write() as session:
        members.load_members(session, write(tmp_path, WANG))
    before = all_text(db)
    with pytest.raises(BadInput) as caught, db.write() as session:
        members.load_members(session, write(tmp_path, LI, *people))
    assert caught.value.detail == f"members.json: {needle}"
    assert all_text(db) == before


def test_a_level_code_needs_the_levels_loaded_first(db, tmp_path):
    with pytest.raises(BadInput, match=r"level_code 'GOLD' is not a member level at head office "
                                       r"\(known: none yet\)"), db.write() as session:
        members.load_members(session, write(tmp_path, WANG))


def test_upsert_member_one_at_a_time(db):
    with_levels(db)
    with db.write() as session:
        member, changed = members.upsert_member(session, WANG)
        assert changed and member.member_no == "M000001" and member.id
        assert members.upsert_member(session, WANG) == (member, False)
        with pytest.raises(BadInput, match="member M000002: card_no '0040856634' already "
                                           "belongs to member M000001"):
            members.upsert_member(session, {**LI, "card_no": WANG["card_no"]})


def _doc(*people, **top) -> dict:
    return {"members": list(people), **top}


@pytest.mark.parametrize("doc, needle", [
    ([], 'expected a JSON object with "members"'),
    ({"comment": "x"}, 'nothing to load (no "members")'),
    (_doc(WANG, extra=1), "unknown key 'extra' (expected members)"),
    ({"members": {"member_no": "M1"}}, '"members" must be a list'),
    (_doc("M000001"), "member #1 is not a JSON object"),
    (_doc({**WANG, "member_no": ""}), "member #1: member_no must be 1 to 32 printable ASCII "
                                      "characters without spaces, not ''"),
    (_doc({**WANG, "member_no": "M 1"}), "member_no must be 1 to 32"),
    (_doc({**WANG, "member_no": 1001}), "member_no must be 1 to 32"),
    (_doc({**WANG, "card_no": "0040 856634"}),
     "member #1 (M000001): card_no must be 1 to 32 printable ASCII characters without spaces "
     "(or null), not '0040 856634'"),
    (_doc({**WANG, "card_no": "9" * 33}), "card_no must be 1 to 32"),
    (_doc({**WANG, "card_no": "会员卡"}), "card_no must be 1 to 32"),
    (_doc({**WANG, "card_no": ""}), "card_no must be 1 to 32"),
    (_doc({**WANG, "name": " "}), "member #1 (M000001): name must be 1 to 64 characters"),
    (_doc({**WANG, "phone": "138-0013-8001"}),
     "member #1 (M000001): phone must be 7 to 15 digits, not '138-0013-8001'"),
    (_doc({**WANG, "phone": 13800138001}), "phone must be 7 to 15 digits"),
    (_doc({**WANG, "level_code": ""}), "level_code must be a member level code (or null)"),
    (_doc({**WANG, "status": "lost"}),
     "member #1 (M000001): status 'lost' is not one of active, frozen, cancelled"),
    (_doc({**WANG, "card": "0040856634"}), "member #1 (M000001): unknown key 'card'"),
    (_doc(WANG, {**LI, "member_no": "M000001"}), "two members have the member_no 'M000001'"),
    (_doc(WANG, {**LI, "card_no": WANG["card_no"]}),
     "members M000001 and M000002 have the same card_no '0040856634'"),
])
def test_bad_member_documents_are_refused_with_one_clear_line(doc, needle):
    with pytest.raises(BadInput) as caught:
        members.parse_document(doc, "members.json")
    detail = caught.value.detail
    assert needle in detail and "\n" not in detail and detail.startswith("members.json")


def test_bad_files_are_refused_before_reading_the_database(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"members": [', encoding="utf-8")
    with pytest.raises(BadInput, match=r"bad\.json is not valid JSON"):
        members.read_file(bad)
    with pytest.raises(BadInput, match="cannot read"):
        members.read_file(tmp_path / "missing.json")
    bad.write_bytes(b'{"members": ["\xff"]}')
    with pytest.raises(BadInput, match="not UTF-8"):
        members.read_file(bad)


def test_the_demo_members_check_and_cover_what_a_demo_needs():
    checked = members.read_file(catalog.DEMO_MEMBERS)
    assert len(checked.members) == len(DEMO["members"]) >= 10
    levels = {level["code"] for level in LEVELS}
    assert {m.level_code for m in checked.members} <= levels
    cards = [m.card_no for m in checked.members if m.card_no]
    assert all(is_valid_number(c) for c in cards)
    assert "0040856634" in cards and "62258800001234" in cards
    assert any(len(c) == 10 and c.isdigit() for c in cards)  # 8H10D
    assert [m.status for m in checked.members].count("frozen") == 1
    assert all(m.phone.startswith("138") and len(m.phone) == 11 for m in checked.members)


def test_seed_demo_publishes_the_demo_members(client, db, till):
    with db.write() as session:
        result = catalog.seed_demo(session)
    assert result.members == len(DEMO["members"])
    assert f"{result.members} members" in result.summary()
    published = {c.data["card_no"]: c.data for c in pull(client, till)
                 if c.entity == ENTITY_MEMBER}
    assert len(published) == len(DEMO["members"])
    assert published["0040856634"]["level_code"] == "GOLD"
    frozen = [d for d in published.values() if d["status"] == "frozen"]
    assert len(frozen) == 1
    last = pull(client, till)[-1].cursor
    with db.write() as session:
        assert catalog.seed_demo(session).changed == 0
    assert pull(client, till, last) == []


# -- pos-hq member load ------------------------------------------------------------------------


def rows(db_path: Path, sql: str):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def levels_url(tmp_path, sqlite_url) -> str:
    run_cli(sqlite_url, "promotion", "load", str(catalog.DEMO_PROMOTIONS))
    return sqlite_url


def test_cli_member_load(tmp_path, levels_url):
    path = tmp_path / "hq.sqlite"
    file = write(tmp_path, WANG, LI, ZHOU)
    before = rows(path, "SELECT count(*) FROM change_log")[0][0]
    out = run_cli(levels_url, "member", "load", str(file)).stdout
    assert out.strip().splitlines() == ["3 members loaded (3 created or updated)"]
    added = rows(path, "SELECT c.entity, c.key, c.op, c.store_id, m.member_no FROM change_log c "
                       f"JOIN member m ON m.id = c.key WHERE c.id > {before} ORDER BY c.id")
    assert [(e, op, store, no) for e, _key, op, store, no in added] == [
        ("member", "upsert", None, "M000001"), ("member", "upsert", None, "M000002"),
        ("member", "upsert", None, "M000003")]
    assert rows(path, "SELECT card_no, status FROM member ORDER BY member_no") == [
        ("0040856634", "active"), ("62258800001234", "frozen"), (None, "active")]
    assert "(0 created or updated)" in run_cli(levels_url, "member", "load", str(file)).stdout


@pytest.mark.parametrize("content, needle", [
    ('{"members": [', "is not valid JSON"),
    ('{"members": [{"member_no": "M1", "name": "王芳", "phone": "13800138001", '
     '"status": "lost"}]}', "status 'lost' is not one of active, frozen, cancelled"),
    ('{"members": [{"member_no": "M1", "name": "王芳", "phone": "13800138001", '
     '"level_code": "DIAMOND"}]}', "level_code 'DIAMOND' is not a member level"),
    (None, "cannot read"),
])
def test_cli_member_load_bad_input_exits_2_and_writes_nothing(tmp_path, levels_url, content,
                                                              needle):
    path = tmp_path / "hq.sqlite"
    file = tmp_path / "members.json"
    if content is not None:
        file.write_text(content, encoding="utf-8")
    before = rows(path, "SELECT count(*) FROM change_log")
    proc = run_cli(levels_url, "member", "load", str(file), check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("pos-hq: error:")
    assert "Traceback" not in proc.stderr
    assert rows(path, "SELECT count(*) FROM change_log") == before
    assert rows(path, "SELECT count(*) FROM member") == [(0,)]
