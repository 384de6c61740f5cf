"""The change log tills pull from (DESIGN §7 pull). Every catalog, staff, store, promotion,
member level or member write appends its rows here in the same transaction, through `record`.

Cursor order must equal commit order. On PostgreSQL an autoincrement id is taken when a row is
inserted but becomes visible only at commit: writer A takes id 10, writer B takes id 11 and
commits first; a till pulling then sees 11, stores cursor 11, and would never see 10 once A
commits. So writers take a transaction-scoped advisory lock before appending: ids are then
handed out and committed strictly one transaction after another, and a reader can never see
cursor N+1 committed before N. (On SQLite every write transaction starts with BEGIN IMMEDIATE,
which already serialises writers.)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from hq_server.models import (
    Category,
    ChangeLog,
    Member,
    MemberLevel,
    Product,
    Promotion,
    Staff,
    Store,
)
from sync.protocol import (
    ENTITY_CATEGORY,
    ENTITY_MEMBER,
    ENTITY_MEMBER_LEVEL,
    ENTITY_PRODUCT,
    ENTITY_PROMOTION,
    ENTITY_STAFF,
    ENTITY_STORE,
    CategoryData,
    MemberData,
    ProductData,
    StaffData,
    StoreData,
    StorePolicy,
)

CHANGE_LOG_LOCK_KEY = 0x504F5348_0002


def lock_change_log(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHANGE_LOG_LOCK_KEY})


def record(session: Session, entity: str, key: str, op: str, data: dict[str, Any] | None,
           store_id: str | None) -> ChangeLog:
    lock_change_log(session)
    row = ChangeLog(entity=entity, key=key, op=op, data=data, store_id=store_id)
    session.add(row)
    return row


def store_data(store: Store) -> dict[str, Any]:
    return StoreData(id=store.id, code=store.code, name=store.name, timezone=store.timezone,
                     receipt_header=store.receipt_header,
                     receipt_footer=store.receipt_footer,
                     policy=StorePolicy.model_validate(store.policy) if store.policy else None,
                     ).model_dump()


def staff_data(staff: Staff) -> dict[str, Any]:
    return StaffData(id=staff.id, staff_no=staff.staff_no, name=staff.name,
                     role=staff.role, pin_hash=staff.pin_hash,  # type: ignore[arg-type]
                     active=staff.active).model_dump()


def category_data(category: Category) -> dict[str, Any]:
    return CategoryData(id=category.id, code=category.code, name=category.name).model_dump()


def product_data(product: Product) -> dict[str, Any]:
    return ProductData(id=product.id, sku=product.sku, name=product.name,
                       category_id=product.category_id, price_fen=product.price_fen,
                       barcodes=sorted(b.code for b in product.barcodes), unit=product.unit,
                       active=product.active).model_dump()


def record_store(session: Session, store: Store) -> None:
    record(session, ENTITY_STORE, store.id, "upsert", store_data(store), store.id)


def record_staff(session: Session, staff: Staff) -> None:
    record(session, ENTITY_STAFF, staff.id, "upsert", staff_data(staff), staff.store_id)


def record_category(session: Session, category: Category) -> None:
    record(session, ENTITY_CATEGORY, category.id, "upsert", category_data(category), None)


def record_product(session: Session, product: Product) -> None:
    record(session, ENTITY_PRODUCT, product.id, "upsert", product_data(product), None)


def record_promotion(session: Session, promotion: Promotion) -> None:
    """Chain-wide: the rule as tills parse it (pos_app/domain/promotion_rules.py)."""
    record(session, ENTITY_PROMOTION, promotion.id, "upsert", dict(promotion.data), None)


def record_promotion_deleted(session: Session, rule_id: str) -> None:
    record(session, ENTITY_PROMOTION, rule_id, "delete", None, None)


def record_member_level(session: Session, level: MemberLevel) -> None:
    record(session, ENTITY_MEMBER_LEVEL, level.code, "upsert", dict(level.data), None)


def record_member_level_deleted(session: Session, code: str) -> None:
    record(session, ENTITY_MEMBER_LEVEL, code, "delete", None, None)


def member_data(member: Member) -> dict[str, Any]:
    return MemberData(member_id=member.id, member_no=member.member_no, card_no=member.card_no,
                      name=member.name, phone=member.phone, level_code=member.level_code,
                      status=member.status,  # type: ignore[arg-type]
                      ).model_dump()


def record_member(session: Session, member: Member) -> None:
    """Chain-wide: every till may see any member's card."""
    record(session, ENTITY_MEMBER, member.id, "upsert", member_data(member), None)
