"""The sync engine's ports (sync/ports.py) on the till's SQLite file.

Each method is its own short transaction, so a sale commit never waits long behind sync.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pos_app.adapters import orm
from pos_app.adapters import orm_members as mem
from pos_app.adapters import orm_selling as sell
from pos_app.adapters.outbox import to_envelope
from pos_app.adapters.unit_of_work import SqlAlchemyUnitOfWorkFactory
from pos_app.domain.pinyin import initials
from pos_app.domain.scale_barcode import normalize_plu
from pos_app.services import status as keys
from pos_app.services.approvals import POLICY_KEY
from pos_app.services.pricing import VERSION_KEY as PROMOTIONS_VERSION
from sync.ports import SyncOutcome
from sync.protocol import (
    ENTITY_CATEGORY,
    ENTITY_MEMBER,
    ENTITY_MEMBER_LEVEL,
    ENTITY_PRODUCT,
    ENTITY_PROMOTION,
    ENTITY_STAFF,
    ENTITY_STORE,
    CategoryData,
    Change,
    EventEnvelope,
    MemberData,
    ProductData,
    StaffData,
    StoreData,
)

log = logging.getLogger(__name__)


class SqliteOutbox:
    def __init__(self, uow_factory: SqlAlchemyUnitOfWorkFactory) -> None:
        self.uow_factory = uow_factory

    def unacked(self, limit: int) -> list[EventEnvelope]:
        with self.uow_factory(readonly=True) as uow:
            acked = int(uow.settings.get(keys.ACKED_THROUGH, 0))
            return self._from(uow.session, acked + 1, limit)

    def events_from(self, seq: int, limit: int) -> list[EventEnvelope]:
        with self.uow_factory(readonly=True) as uow:
            return self._from(uow.session, seq, limit)

    def mark_acked(self, through_seq: int) -> None:
        with self.uow_factory() as uow:
            # Never move backwards: a late answer to an old push must not un-ack later events.
            if through_seq > int(uow.settings.get(keys.ACKED_THROUGH, 0)):
                uow.settings.put(keys.ACKED_THROUGH, through_seq)
            uow.commit()

    def depth(self) -> tuple[int, datetime | None]:
        with self.uow_factory(readonly=True) as uow:
            acked = int(uow.settings.get(keys.ACKED_THROUGH, 0))
            pending = uow.outbox.pending_count()
            oldest = uow.session.scalar(
                select(orm.OutboxRow.occurred_at).where(orm.OutboxRow.seq == acked + 1))
        return pending, (datetime.fromisoformat(oldest) if oldest else None)

    @staticmethod
    def _from(session: Session, seq: int, limit: int) -> list[EventEnvelope]:
        rows = session.scalars(select(orm.OutboxRow).where(orm.OutboxRow.seq >= seq)
                               .order_by(orm.OutboxRow.seq).limit(limit)).all()
        return [to_envelope(x) for x in rows]


class SqliteChangeSink:
    """Applies HQ's changes (HQ is authoritative for catalog and staff: it simply wins)."""

    def __init__(self, uow_factory: SqlAlchemyUnitOfWorkFactory) -> None:
        self.uow_factory = uow_factory

    def cursor(self) -> int:
        with self.uow_factory(readonly=True) as uow:
            return int(uow.settings.get(keys.PULL_CURSOR, 0))

    def apply(self, changes: list[Change], next_cursor: int) -> None:
        try:
            with self.uow_factory() as uow:
                for change in changes:
                    _APPLY[change.entity](uow.session, change, uow.settings)
                uow.settings.put(keys.PULL_CURSOR, next_cursor)
                uow.commit()
                return
        except UNAPPLIABLE:
            pass  # one bad change spoiled the page: apply the rest one by one, below
        self._apply_one_by_one(changes, next_cursor)

    def _apply_one_by_one(self, changes: list[Change], next_cursor: int) -> None:
        """Set aside what cannot be applied and move on.

        Stopping at a bad change would keep the cursor there for good, and this till would
        never see another price or staff change. The rejects are kept and shown as the last
        sync error, for support to take up with head office.
        """
        rejected = []
        with self.uow_factory() as uow:
            for change in changes:
                try:
                    with uow.session.begin_nested():
                        _APPLY[change.entity](uow.session, change, uow.settings)
                except UNAPPLIABLE as exc:
                    rejected.append({"cursor": change.cursor, "entity": change.entity,
                                     "key": change.key, "error": _first_line(exc)})
            uow.settings.put(keys.PULL_CURSOR, next_cursor)
            kept = [*uow.settings.get(REJECTED_CHANGES, []), *rejected][-MAX_KEPT_REJECTS:]
            uow.settings.put(REJECTED_CHANGES, kept)
            uow.settings.put(keys.LAST_ERROR, f"head office sent {len(rejected)} change(s) "
                             f"this till cannot apply, e.g. {rejected[0]['entity']} "
                             f"{rejected[0]['key']}: {rejected[0]['error']}")
            uow.settings.put(keys.LAST_ERROR_AT, datetime.now(UTC).isoformat())
            uow.commit()
        log.warning("set aside %d change(s) from head office: %s", len(rejected), rejected)


# A change whose data is invalid or clashes with the till's constraints.
UNAPPLIABLE = (ValidationError, ValueError, IntegrityError)
REJECTED_CHANGES = "sync.rejected_changes"
MAX_KEPT_REJECTS = 50


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _apply_store(session: Session, change: Change, settings) -> None:
    identity = settings.get("terminal")
    if change.op != "upsert" or not identity or identity["store_id"] != change.key:
        return
    store = StoreData.model_validate(change.data)
    settings.put("terminal", {**identity, "store_code": store.code, "store_name": store.name,
                              "timezone": store.timezone, "receipt_header": store.receipt_header,
                              "receipt_footer": store.receipt_footer})
    settings.put(POLICY_KEY, store.policy.model_dump() if store.policy else {})
    _bump_promotions(settings)  # the zone prices are read in may have changed


def _apply_staff(session: Session, change: Change, settings) -> None:
    if change.op == "delete":
        session.execute(delete(orm.StaffRow).where(orm.StaffRow.id == change.key))
        return
    data = StaffData.model_validate(change.data)
    # staff_no is unique: a number moved to another person replaces the old holder.
    session.execute(delete(orm.StaffRow).where(orm.StaffRow.staff_no == data.staff_no,
                                               orm.StaffRow.id != data.id))
    session.merge(orm.StaffRow(**data.model_dump()))


def _apply_category(session: Session, change: Change, settings) -> None:
    _bump_promotions(settings)  # rules may name categories by code
    if change.op == "delete":
        session.execute(delete(orm.CategoryRow).where(orm.CategoryRow.id == change.key))
        return
    session.merge(orm.CategoryRow(**CategoryData.model_validate(change.data).model_dump()))


def _apply_promotion(session: Session, change: Change, settings) -> None:
    """Stored as sent (a disabled rule too: it shows as inactive); services.pricing parses the
    rules and sets aside what it cannot use."""
    _bump_promotions(settings)
    if change.op == "delete" or not change.data:
        session.execute(delete(sell.PromotionRow).where(sell.PromotionRow.id == change.key))
        return
    if not isinstance(change.data.get("kind"), str):
        raise ValueError("a promotion needs a kind")
    session.merge(sell.PromotionRow(id=change.key,
                                    data=json.dumps(change.data, ensure_ascii=False)))


def _apply_member_level(session: Session, change: Change, settings) -> None:
    _bump_promotions(settings)
    if change.op == "delete" or not change.data:
        session.execute(delete(sell.MemberLevelRow).where(sell.MemberLevelRow.code == change.key))
        return
    session.merge(sell.MemberLevelRow(code=change.key,
                                      data=json.dumps(change.data, ensure_ascii=False)))


def _apply_member(session: Session, change: Change, settings) -> None:
    """HQ is authoritative for members (DESIGN §8); a till holds them to identify cards."""
    if change.op == "delete" or not change.data:
        session.execute(delete(mem.MemberRow).where(mem.MemberRow.member_id == change.key))
        return
    data = MemberData.model_validate(change.data)
    if data.member_id != change.key:
        raise ValueError(f"member data is for {data.member_id}, not {change.key}")
    row = mem.MemberRow
    # member_no is unique: a number now on another member (merged at HQ) replaces the old one.
    session.execute(delete(row).where(row.member_no == data.member_no,
                                      row.member_id != data.member_id))
    if data.card_no is not None:
        # A card moved to this member belongs to this one now; the other member's own change
        # (its new card, or none) follows in cursor order.
        session.execute(update(row).where(row.card_no == data.card_no,
                                          row.member_id != data.member_id)
                        .values(card_no=None))
    session.merge(row(**data.model_dump()))


def _bump_promotions(settings) -> None:
    settings.put(PROMOTIONS_VERSION, int(settings.get(PROMOTIONS_VERSION, 0)) + 1)


def _apply_product(session: Session, change: Change, settings) -> None:
    session.execute(delete(orm.BarcodeRow).where(orm.BarcodeRow.product_id == change.key))
    if change.op == "delete":
        session.execute(delete(orm.ProductRow).where(orm.ProductRow.id == change.key))
        return
    data = ProductData.model_validate(change.data)
    plu = normalize_plu(data.plu) if data.plu else None
    session.execute(delete(orm.ProductRow).where(orm.ProductRow.sku == data.sku,
                                                 orm.ProductRow.id != data.id))
    if plu is not None:
        # plu is unique: an item number moved to another product belongs to this one now.
        session.execute(update(orm.ProductRow).where(orm.ProductRow.plu == plu,
                                                     orm.ProductRow.id != data.id)
                        .values(plu=None))
    session.merge(orm.ProductRow(
        id=data.id, sku=data.sku, name=data.name, pinyin=initials(data.name),
        category_id=data.category_id, price_fen=data.price_fen, unit=data.unit,
        active=data.active, plu=plu, is_service=data.is_service))
    session.flush()
    for code in dict.fromkeys(data.barcodes):
        # A barcode moved from another product belongs to this one now.
        session.execute(delete(orm.BarcodeRow).where(orm.BarcodeRow.code == code))
        session.add(orm.BarcodeRow(code=code, product_id=data.id))


def _ignore(session: Session, change: Change, settings) -> None:
    """Entities this version of the till does not use yet."""


class _Appliers(dict):
    def __missing__(self, entity: str):
        return _ignore


_APPLY: dict[str, Any] = _Appliers({
    ENTITY_STORE: _apply_store, ENTITY_STAFF: _apply_staff,
    ENTITY_CATEGORY: _apply_category, ENTITY_PRODUCT: _apply_product,
    ENTITY_PROMOTION: _apply_promotion, ENTITY_MEMBER_LEVEL: _apply_member_level,
    ENTITY_MEMBER: _apply_member,
})


class SqliteSyncStatus:
    def __init__(self, uow_factory: SqlAlchemyUnitOfWorkFactory) -> None:
        self.uow_factory = uow_factory

    def record(self, outcome: SyncOutcome) -> None:
        at = outcome.at.isoformat()
        with self.uow_factory() as uow:
            uow.settings.put(keys.LAST_ATTEMPT_AT, at)
            uow.settings.put(keys.LAST_ATTEMPT_OK, outcome.ok)
            if outcome.ok:
                uow.settings.put(keys.LAST_SUCCESS_AT, at)
            else:
                uow.settings.put(keys.LAST_ERROR, outcome.error)
                uow.settings.put(keys.LAST_ERROR_AT, at)
            uow.commit()


