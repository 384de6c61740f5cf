"""GET /api/v1/sync/changes: cursor paging, has_more, store scoping, protocol data shapes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hq_server.models import ChangeLog, Store
from hq_server.services import catalog
from pos_app.domain.promotion_rules import parse_member_level, parse_rule
from sync.protocol import (
    ENTITY_CATEGORY,
    ENTITY_MEMBER,
    ENTITY_MEMBER_LEVEL,
    ENTITY_PRODUCT,
    ENTITY_PROMOTION,
    ENTITY_STAFF,
    ENTITY_STORE,
    CategoryData,
    ChangesResponse,
    MemberData,
    ProductData,
    StaffData,
    StoreData,
)

CHANGES = "/api/v1/sync/changes"
# How a till reads each entity's data (promotions with the till's own parser).
SHAPES = {ENTITY_STORE: StoreData.model_validate, ENTITY_STAFF: StaffData.model_validate,
          ENTITY_CATEGORY: CategoryData.model_validate,
          ENTITY_PRODUCT: ProductData.model_validate, ENTITY_PROMOTION: parse_rule,
          ENTITY_MEMBER_LEVEL: parse_member_level, ENTITY_MEMBER: MemberData.model_validate}


def pull_all(client, till, limit):
    cursor, pages, seen = 0, 0, []
    while True:
        r = client.get(CHANGES, params={"since": cursor, "limit": limit}, headers=till.auth)
        assert r.status_code == 200, r.text
        page = ChangesResponse.model_validate(r.json())
        pages += 1
        seen.extend(page.changes)
        assert all(c.cursor > cursor for c in page.changes)
        cursor = page.next_cursor
        if not page.has_more:
            return seen, pages, cursor


def test_demo_catalog_pages_in_cursor_order(client, db, till):
    with db.write() as session:
        result = catalog.seed_demo(session)
    assert result.products >= 190
    changes, pages, last = pull_all(client, till, limit=50)
    kinds = [c.entity for c in changes]
    assert kinds.count(ENTITY_PRODUCT) == result.products
    assert kinds.count(ENTITY_STAFF) == 2 and kinds.count(ENTITY_CATEGORY) >= 8
    assert pages == -(-len(changes) // 50)  # has_more is exact: no empty last page
    cursors = [c.cursor for c in changes]
    assert cursors == sorted(cursors) and len(set(cursors)) == len(cursors)
    for change in changes:
        SHAPES[change.entity](change.data)
    cola = next(c.data for c in changes if c.data and c.data.get("name") == "可口可乐 330ml")
    assert cola["price_fen"] == 300 and cola["barcodes"][0].startswith("69")
    staff = {c.data["staff_no"]: c.data for c in changes if c.entity == ENTITY_STAFF}
    assert staff["1001"]["role"] == "cashier" and staff["9001"]["name"] == "王强"
    assert staff["1001"]["pin_hash"].startswith("$argon2id$")
    assert catalog.pin_matches(staff["1001"]["pin_hash"], "1234")

    # A big page goes out gzipped when the client accepts it.
    r = client.get(CHANGES, params={"limit": 1000}, headers={**till.auth,
                                                             "Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip" and len(r.json()["changes"]) == len(changes)

    # Nothing new: an empty page that keeps the cursor.
    r = client.get(CHANGES, params={"since": last}, headers=till.auth).json()
    assert r == {"changes": [], "next_cursor": last, "has_more": False}

    # A price change is one new change carrying the whole product with its barcodes.
    with db.write() as session:
        spec = catalog.ProductSpec(sku="010001", name="可口可乐 330ml", price_fen=320,
                                   barcodes=(*tuple(cola["barcodes"]), "6901939621608"))
        catalog.upsert_product(session, spec)
    r = client.get(CHANGES, params={"since": last}, headers=till.auth).json()
    assert len(r["changes"]) == 1 and r["next_cursor"] > last
    data = r["changes"][0]["data"]
    assert data["price_fen"] == 320 and "6901939621608" in data["barcodes"]
    assert data["category_id"] is None


def test_has_more_and_exact_page_boundaries(client, db, till):
    with db.write() as session:
        for i in range(5):
            catalog.upsert_category(session, f"C{i}", f"类别{i}")
    # store S001 itself was created by the fixture: 1 store change + 5 categories.
    first = client.get(CHANGES, params={"since": 0, "limit": 3}, headers=till.auth).json()
    assert len(first["changes"]) == 3 and first["has_more"] is True
    second = client.get(CHANGES, params={"since": first["next_cursor"], "limit": 3},
                        headers=till.auth).json()
    assert len(second["changes"]) == 3 and second["has_more"] is False
    assert second["changes"][0]["cursor"] > first["changes"][-1]["cursor"]
    assert client.get(CHANGES, headers=till.auth).json()["has_more"] is False  # default 500


def test_changes_are_scoped_to_the_terminals_store(client, db, till):
    with db.write() as session:
        other, _ = catalog.upsert_store(session, "S002", "解放路店")
        mine = session.scalar(select(Store).where(Store.code == "S001"))
        catalog.upsert_staff(session, staff_no="2001", name="李雷", role="cashier", pin="1111",
                             store=other)
        catalog.upsert_staff(session, staff_no="1002", name="韩梅梅", role="cashier",
                             pin="2222", store=mine)
        catalog.upsert_staff(session, staff_no="8001", name="赵总", role="manager", pin="3333",
                             store=None)
        assert session.scalar(select(func.count()).select_from(ChangeLog)) == 5
    changes, _, _ = pull_all(client, till, limit=500)
    keys = {(c.entity, c.data["code"] if c.entity == ENTITY_STORE else c.data.get("staff_no"))
            for c in changes}
    assert keys == {(ENTITY_STORE, "S001"), (ENTITY_STAFF, "1002"), (ENTITY_STAFF, "8001")}


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1001}, {"since": -1},
                                    {"since": "abc"}, {"since": 2**64}])
def test_bad_paging_parameters(client, till, params):
    r = client.get(CHANGES, params=params, headers=till.auth)
    assert r.status_code == 422
    assert isinstance(r.json()["detail"], str) and r.json()["detail"]

