"""Promotions and member levels in the changes feed (chain-wide, HQ authoritative), the demo
seed with its store policy, and the checks on a promotions document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from hq_server.models import ChangeLog, Promotion
from hq_server.services import catalog, promotions
from hq_server.services.errors import BadInput, NotFound
from pos_app.domain.promotion_rules import parse_member_level, parse_rule
from sync.protocol import (
    ENTITY_MEMBER_LEVEL,
    ENTITY_PROMOTION,
    ENTITY_STORE,
    ChangesResponse,
    StoreData,
)
from tests.integration.hq.helpers import enrol

CHANGES = "/api/v1/sync/changes"
DEMO = json.loads(catalog.DEMO_PROMOTIONS.read_text(encoding="utf-8"))
RULE = {"id": "PROMO-TEST", "name": "测试9折", "kind": "time_discount", "priority": 10,
        "scope": {"categories": ["DRINK"]}, "rate_bp": 9000, "comment": "for the test"}


def pull(client, till, since: int = 0) -> list:
    r = client.get(CHANGES, params={"since": since, "limit": 1000}, headers=till.auth)
    assert r.status_code == 200, r.text
    page = ChangesResponse.model_validate(r.json())
    assert not page.has_more
    return page.changes


def test_seed_demo_publishes_promotions_member_levels_and_the_store_policy(client, db, till):
    with db.write() as session:
        result = catalog.seed_demo(session)
    assert (result.promotions, result.member_levels) == (len(DEMO["rules"]),
                                                         len(DEMO["member_levels"]))
    changes = pull(client, till)
    rules = {c.key: c.data for c in changes if c.entity == ENTITY_PROMOTION}
    assert sorted(rules) == sorted(r["id"] for r in DEMO["rules"])
    for rule in DEMO["rules"]:
        published = rules[rule["id"]]
        assert "comment" not in published
        assert published == {k: v for k, v in rule.items() if k != "comment"}
        assert parse_rule(published).id == rule["id"]  # the till's parser takes it
    assert parse_rule(rules["PROMO-BEER-DRAFT"]).enabled is False
    levels = {c.key: parse_member_level(c.data) for c in changes
              if c.entity == ENTITY_MEMBER_LEVEL}
    assert sorted(levels) == ["GOLD", "REGULAR", "SILVER"]
    assert levels["GOLD"].default_rate_bp == 9000
    store = StoreData.model_validate([c.data for c in changes if c.entity == ENTITY_STORE][-1])
    assert store.code == "S001" and store.policy is not None
    assert store.policy.cash_rounding == "jiao"

    # Chain-wide: a till of another store gets them too. A second seed publishes nothing.
    other = enrol(client, db, "S002", "T01")
    assert {c.key for c in pull(client, other) if c.entity == ENTITY_PROMOTION} == set(rules)
    last = changes[-1].cursor
    with db.write() as session:
        assert catalog.seed_demo(session).changed == 0
    assert pull(client, till, last) == []


def test_promotion_writes_append_changes_only_when_something_changed(client, db, till):
    start = pull(client, till)[-1].cursor
    with db.write() as session:
        assert promotions.upsert_promotion(session, RULE)[1] is True
        assert promotions.upsert_promotion(session, RULE)[1] is False
        assert promotions.upsert_member_level(session, DEMO["member_levels"][0])[1] is True
    with db.write() as session:
        assert promotions.disable_promotion(session, "PROMO-TEST")[1] is True
        assert promotions.disable_promotion(session, "PROMO-TEST")[1] is False
        assert session.get(Promotion, "PROMO-TEST").active is False
    with db.write() as session:
        promotions.delete_promotion(session, "PROMO-TEST")
        promotions.delete_member_level(session, "REGULAR")
        with pytest.raises(NotFound):
            promotions.disable_promotion(session, "PROMO-TEST")
    changes = pull(client, till, start)
    assert [(c.entity, c.key, c.op) for c in changes] == [
        (ENTITY_PROMOTION, "PROMO-TEST", "upsert"), (ENTITY_MEMBER_LEVEL, "REGULAR", "upsert"),
        (ENTITY_PROMOTION, "PROMO-TEST", "upsert"), (ENTITY_PROMOTION, "PROMO-TEST", "delete"),
        (ENTITY_MEMBER_LEVEL, "REGULAR", "delete")]
    assert parse_rule(changes[0].data).enabled and not parse_rule(changes[2].data).enabled
    assert changes[3].data is None
    with db.read() as session:
        assert set(session.scalars(select(ChangeLog.store_id)
                                   .where(ChangeLog.id > start))) == {None}


def _doc(**changes) -> dict:
    doc = {"rules": [dict(RULE)], "member_levels": [dict(DEMO["member_levels"][1])]}
    doc.update(changes)
    return doc


@pytest.mark.parametrize("doc, needle", [
    ([], "expected a JSON object"),
    ({"comment": "x"}, "nothing to load"),
    (_doc(extra=[]), "unknown key 'extra'"),
    (_doc(rules={"id": "A"}), '"rules" must be a list'),
    (_doc(rules=[{**RULE, "id": ""}]), "rule #1: id must be 1 to 64"),
    (_doc(rules=[{**RULE, "id": "X" * 65}]), "id must be 1 to 64"),
    (_doc(rules=[{k: v for k, v in RULE.items() if k != "name"}]), "(PROMO-TEST): name"),
    (_doc(rules=[{**RULE, "kind": "lucky_draw"}]), "kind 'lucky_draw' is not one of"),
    (_doc(rules=[{**RULE, "enabled": "yes"}]), "enabled must be true or false"),
    # What the till's own rule parser refuses, HQ refuses before publishing it.
    (_doc(rules=[{**RULE, "valid_from": "2026-12-01T00:00:00",
                  "valid_to": "2026-11-01T00:00:00"}]), "(PROMO-TEST): "),
    (_doc(rules=[{**RULE, "colour": "red"}]), "colour"),
    (_doc(rules=[RULE, RULE]), "two rules have the id 'PROMO-TEST'"),
    (_doc(rules=["PROMO"]), "rule #1 is not a JSON object"),
    (_doc(member_levels=[{"code": "GOLD", "default_rate_bp": 0}]), "default_rate_bp"),
    (_doc(member_levels=[{"code": "GOLD", "category_rates_bp": {"DAILY": 1.5}}]),
     "category_rates_bp.DAILY"),
    (_doc(member_levels=[{"name": "金卡"}]), "member level #1: code"),
])
def test_bad_promotion_documents_are_refused_with_one_clear_line(doc, needle):
    with pytest.raises(BadInput) as caught:
        promotions.parse_document(doc, "promos.json")
    assert needle in caught.value.detail and "\n" not in caught.value.detail
    assert caught.value.detail.startswith("promos.json")


def test_the_demo_document_checks_and_drops_comments(tmp_path: Path):
    checked = promotions.read_file(catalog.DEMO_PROMOTIONS)
    assert len(checked.rules) == len(DEMO["rules"]) and len(checked.levels) == 3
    assert not any("comment" in r for r in checked.rules)
    bad = tmp_path / "bad.json"
    bad.write_text("{\"rules\": [", encoding="utf-8")
    with pytest.raises(BadInput, match="not valid JSON"):
        promotions.read_file(bad)
    with pytest.raises(BadInput, match="cannot read"):
        promotions.read_file(tmp_path / "missing.json")
