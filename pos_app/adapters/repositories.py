"""SQLAlchemy implementations of the service repositories, on the till's SQLite file."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pos_app.adapters import orm
from pos_app.adapters import orm_members as mem
from pos_app.adapters import orm_selling as sell
from pos_app.adapters.outbox import build_event
from pos_app.domain.catalog import Product
from pos_app.domain.member import MemberRecord
from pos_app.domain.staff import LoginAttempts, Staff
from pos_app.services import repositories as repo
from pos_app.services.status import ACKED_THROUGH

# Built once: constructing statements costs more than running them on the checkout path.
_INSERT_SALE = insert(orm.SaleRow.__table__)
_INSERT_LINE = insert(orm.SaleLineRow.__table__)
_INSERT_TENDER = insert(orm.SaleTenderRow.__table__)
_INSERT_PRINT_JOB = insert(orm.PrintJobRow.__table__)
_INSERT_OUTBOX = insert(orm.OutboxRow.__table__)
_INSERT_VOID = insert(sell.VoidRow.__table__)
_SETTINGS = orm.SettingRow.__table__
# Core columns (not ORM attributes), so the read skips the ORM's result processing.
_SETTING_VALUE = select(_SETTINGS.c.value).where(_SETTINGS.c.key == bindparam("key"))


class SettingsRepository(repo.SettingsRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str, default: Any = None) -> Any:
        # A Core select: read on every scan, and cheaper than loading an ORM object.
        value = self.session.execute(_SETTING_VALUE, {"key": key}).scalar()
        return default if value is None else json.loads(value)

    def put(self, key: str, value: Any) -> None:
        self.session.merge(orm.SettingRow(key=key, value=json.dumps(value, ensure_ascii=False)))


class StaffRepository(repo.StaffRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def credentials(self, staff_no: str) -> repo.StaffCredentials | None:
        row = self.session.scalar(select(orm.StaffRow).where(orm.StaffRow.staff_no == staff_no))
        if row is None:
            return None
        staff = Staff(row.id, row.staff_no, row.name, row.role, row.active)
        return repo.StaffCredentials(staff, row.pin_hash)

    def count_active(self) -> int:
        return self.session.scalar(
            select(func.count()).select_from(orm.StaffRow).where(orm.StaffRow.active)
        ) or 0

    def attempts(self, staff_no: str) -> LoginAttempts:
        row = self.session.get(orm.LoginAttemptRow, staff_no)
        if row is None:
            return LoginAttempts(staff_no)
        locked = datetime.fromisoformat(row.locked_until) if row.locked_until else None
        return LoginAttempts(staff_no, row.failed, locked)

    def save_attempts(self, attempts: LoginAttempts) -> None:
        locked = attempts.locked_until.isoformat() if attempts.locked_until else None
        self.session.merge(orm.LoginAttemptRow(
            staff_no=attempts.staff_no, failed=attempts.failed, locked_until=locked))


class CatalogRepository(repo.CatalogRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_barcode(self, code: str) -> Product | None:
        row = self.session.execute(
            select(orm.ProductRow)
            .join(orm.BarcodeRow, orm.BarcodeRow.product_id == orm.ProductRow.id)
            .where(orm.BarcodeRow.code == code)
        ).scalar_one_or_none()
        return None if row is None else product_from_row(row)

    def count_products(self) -> int:
        return self.session.scalar(select(func.count()).select_from(orm.ProductRow)) or 0


def product_from_row(row: orm.ProductRow) -> Product:
    return Product(row.id, row.sku, row.name, row.price_fen, row.category_id, row.unit,
                   row.active)


class SaleRepository(repo.SaleRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    # Completing a sale is the hot path (DESIGN §11): these write with Core statements in the
    # session's transaction, one executemany per table, without ORM objects to track.

    def next_receipt_number(self, business_date: str) -> int:
        counter = orm.ReceiptCounterRow.__table__
        statement = (
            sqlite_insert(counter).values(business_date=business_date, last_no=1)
            .on_conflict_do_update(index_elements=[counter.c.business_date],
                                   set_={"last_no": counter.c.last_no + 1})
            .returning(counter.c.last_no)
        )
        return self.session.execute(statement).scalar_one()

    def add(self, sale: repo.SaleRecord) -> None:
        self.session.execute(_INSERT_SALE, {
            "id": sale.id, "receipt_no": sale.receipt_no, "business_date": sale.business_date,
            "created_at": sale.created_at, "staff_id": sale.staff_id,
            "staff_no": sale.staff_no, "total_fen": sale.total_fen,
            "item_count": sale.item_count, "shift_id": sale.shift_id,
            "original_fen": sale.original_fen, "discount_fen": sale.discount_fen,
            "rounding_fen": sale.rounding_fen, "member_id": sale.member_id,
            "member_level": sale.member_level})
        self.session.execute(_INSERT_LINE, [
            {"sale_id": sale.id, **line,
             "discounts": json.dumps(line.get("discounts", []), ensure_ascii=False)}
            for line in sale.lines])
        self.session.execute(_INSERT_TENDER, [{"sale_id": sale.id, "tender_no": n, **tender}
                                              for n, tender in enumerate(sale.tenders, start=1)])

    def by_receipt_no(self, receipt_no: str) -> repo.SaleRecord | None:
        row = self.session.scalar(select(orm.SaleRow).where(orm.SaleRow.receipt_no == receipt_no))
        if row is None:
            return None
        lines = self.session.scalars(
            select(orm.SaleLineRow).where(orm.SaleLineRow.sale_id == row.id)
            .order_by(orm.SaleLineRow.line_no)).all()
        tenders = self.session.scalars(
            select(orm.SaleTenderRow).where(orm.SaleTenderRow.sale_id == row.id)
            .order_by(orm.SaleTenderRow.tender_no)).all()
        return repo.SaleRecord(
            id=row.id, receipt_no=row.receipt_no, business_date=row.business_date,
            created_at=row.created_at, staff_id=row.staff_id, staff_no=row.staff_no,
            total_fen=row.total_fen, item_count=row.item_count,
            lines=[_line(x) for x in lines],
            tenders=[_columns(x, exclude={"sale_id", "tender_no"}) for x in tenders],
            shift_id=row.shift_id, original_fen=row.original_fen,
            discount_fen=row.discount_fen, rounding_fen=row.rounding_fen,
            member_id=row.member_id, member_level=row.member_level,
        )


def _line(row: orm.SaleLineRow) -> dict[str, Any]:
    line = _columns(row, exclude={"sale_id"})
    line["discounts"] = json.loads(line["discounts"] or "[]")
    return line


def _columns(row: orm.Base, exclude: set[str]) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in exclude}


class PrintJobRepository(repo.PrintJobRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, job: repo.PrintJob, created_at: str) -> None:
        self.session.execute(_INSERT_PRINT_JOB, {
            "id": job.id, "receipt_no": job.receipt_no,
            "document": json.dumps(job.document, ensure_ascii=False), "status": job.status,
            "attempts": job.attempts, "created_at": created_at, "printed_at": None,
            "last_error": job.last_error})

    def get(self, job_id: str) -> repo.PrintJob | None:
        row = self.session.get(orm.PrintJobRow, job_id)
        return None if row is None else _job(row)

    def first_for_receipt(self, receipt_no: str) -> repo.PrintJob | None:
        row = self.session.scalars(
            select(orm.PrintJobRow).where(orm.PrintJobRow.receipt_no == receipt_no)
            .order_by(orm.PrintJobRow.created_at, orm.PrintJobRow.id).limit(1)).first()
        return None if row is None else _job(row)

    def unprinted(self, limit: int = 20) -> list[repo.PrintJob]:
        rows = self.session.scalars(
            select(orm.PrintJobRow).where(orm.PrintJobRow.status != "printed")
            .order_by(orm.PrintJobRow.created_at, orm.PrintJobRow.id).limit(limit)).all()
        return [_job(x) for x in rows]

    def claim_next(self, now: str, stale_before: str) -> repo.PrintJob | None:
        # Runs in the till's write transaction (BEGIN IMMEDIATE), so two processes cannot
        # claim the same job: the second one sees it claimed.
        row = self.session.scalars(
            select(orm.PrintJobRow).where(orm.PrintJobRow.status != "printed")
            .order_by(orm.PrintJobRow.created_at, orm.PrintJobRow.id).limit(1)).first()
        if row is None:
            return None
        if row.status == "printing" and (row.claimed_at or "") > stale_before:
            return None
        row.status, row.claimed_at = "printing", now
        self.session.flush()
        return _job(row)

    def mark_printed(self, job_id: str, at: str) -> None:
        self.session.execute(update(orm.PrintJobRow).where(orm.PrintJobRow.id == job_id)
                             .values(status="printed", printed_at=at, claimed_at=None,
                                     attempts=orm.PrintJobRow.attempts + 1, last_error=None))

    def mark_failed(self, job_id: str, error: str) -> None:
        self.session.execute(update(orm.PrintJobRow).where(orm.PrintJobRow.id == job_id)
                             .values(status="failed", attempts=orm.PrintJobRow.attempts + 1,
                                     claimed_at=None, last_error=error))


def _job(row: orm.PrintJobRow) -> repo.PrintJob:
    return repo.PrintJob(row.id, row.receipt_no, json.loads(row.document), row.status,
                         row.attempts, row.last_error)


class OutboxRepository(repo.OutboxRepository):
    """Appends hash-chained events. Runs inside a BEGIN IMMEDIATE transaction (see db.py), so
    reading the last seq and writing the next cannot race another process on the same file."""

    def __init__(self, session: Session, hlc_source) -> None:
        self.session = session
        self.next_hlc = hlc_source

    def append(self, *, type: str, payload: dict[str, Any], occurred_at: str,
               business_date: str, store_id: str, terminal_id: str, actor_id: str | None,
               v: int = 1) -> int:
        last = self.session.execute(
            select(orm.OutboxRow.seq, orm.OutboxRow.hash).order_by(orm.OutboxRow.seq.desc())
            .limit(1)).first()
        event = build_event(
            seq=(last.seq + 1) if last else 1, prev_hash=last.hash if last else None,
            type=type, v=v, payload=payload, occurred_at=occurred_at,
            business_date=business_date, store_id=store_id, terminal_id=terminal_id,
            actor_id=actor_id, hlc=self.next_hlc(self.session),
        )
        self.session.execute(_INSERT_OUTBOX, event)
        return event["seq"]

    def pending_count(self) -> int:
        acked = _acked_through(self.session)
        last = self.session.scalar(select(func.max(orm.OutboxRow.seq))) or 0
        return max(0, last - acked)


def _acked_through(session: Session) -> int:
    row = session.get(orm.SettingRow, ACKED_THROUGH)
    return int(json.loads(row.value)) if row else 0


class PromotionRepository(repo.PromotionRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def rules_data(self) -> list[dict[str, Any]]:
        rows = self.session.scalars(select(sell.PromotionRow.data)
                                    .order_by(sell.PromotionRow.id)).all()
        return [json.loads(x) for x in rows]

    def levels_data(self) -> list[dict[str, Any]]:
        rows = self.session.scalars(select(sell.MemberLevelRow.data)
                                    .order_by(sell.MemberLevelRow.code)).all()
        return [json.loads(x) for x in rows]

    def category_codes(self) -> dict[str, str]:
        return dict(self.session.execute(select(orm.CategoryRow.id, orm.CategoryRow.code)).all())


class MemberRepository(repo.MemberRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_card(self, card_no: str) -> MemberRecord | None:
        row = self.session.scalar(select(mem.MemberRow).where(mem.MemberRow.card_no == card_no))
        return None if row is None else member_from_row(row)

    def by_id(self, member_id: str) -> MemberRecord | None:
        row = self.session.get(mem.MemberRow, member_id)
        return None if row is None else member_from_row(row)

    def by_member_no(self, member_no: str) -> MemberRecord | None:
        row = self.session.scalar(select(mem.MemberRow)
                                  .where(mem.MemberRow.member_no == member_no))
        return None if row is None else member_from_row(row)

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(mem.MemberRow)) or 0


def member_from_row(row: mem.MemberRow) -> MemberRecord:
    return MemberRecord(member_id=row.member_id, member_no=row.member_no, card_no=row.card_no,
                        name=row.name, phone=row.phone, level_code=row.level_code,
                        status=row.status)


class SuspendedSaleRepository(repo.SuspendedSaleRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, summary: repo.SuspendedSale, data: dict[str, Any]) -> None:
        self.session.merge(sell.SuspendedSaleRow(
            id=summary.id, created_at=summary.created_at, staff_no=summary.staff_no,
            item_count=summary.item_count, total_fen=summary.total_fen,
            data=json.dumps(data, ensure_ascii=False)))

    def list(self) -> list[repo.SuspendedSale]:
        rows = self.session.scalars(select(sell.SuspendedSaleRow)
                                    .order_by(sell.SuspendedSaleRow.created_at)).all()
        return [repo.SuspendedSale(x.id, x.created_at, x.staff_no, x.item_count, x.total_fen)
                for x in rows]

    def take(self, suspended_id: str) -> dict[str, Any] | None:
        row = self.session.get(sell.SuspendedSaleRow, suspended_id)
        if row is None:
            return None
        data = json.loads(row.data)
        self.session.delete(row)
        return data


class VoidRepository(repo.VoidRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, void: repo.VoidRecord) -> None:
        self.session.execute(_INSERT_VOID, {
            "id": void.id, "kind": void.kind, "business_date": void.business_date,
            "created_at": void.created_at, "shift_id": void.shift_id,
            "staff_no": void.staff_no, "approved_by": void.approved_by,
            "sale_id": void.sale_id, "lines": void.lines, "amount_fen": void.amount_fen})
