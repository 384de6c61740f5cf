"""SQLAlchemy storage for refunds (tables refund, refund_line, refund_tender; migration 0003)."""

from __future__ import annotations

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from pos_app.adapters import orm
from pos_app.adapters import orm_selling as sell
from pos_app.services import refund_repository as repo
from pos_app.services.events import REFUND_COMPLETED

_INSERT_REFUND = insert(sell.RefundRow.__table__)
_INSERT_LINE = insert(sell.RefundLineRow.__table__)
_INSERT_TENDER = insert(sell.RefundTenderRow.__table__)
_LINE_COLUMNS = ("original_sale_id", "original_line_no", "product_id", "sku", "name",
                 "category_id", "qty", "amount_fen")
_TENDER_COLUMNS = ("kind", "amount_fen", "reference", "provider", "status")


class RefundRepository(repo.RefundRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, refund: repo.RefundRecord) -> None:
        self.session.execute(_INSERT_REFUND, {
            "id": refund.id, "refund_no": refund.refund_no,
            "business_date": refund.business_date, "created_at": refund.created_at,
            "shift_id": refund.shift_id, "original_sale_id": refund.original_sale_id,
            "original_receipt_no": refund.original_receipt_no, "staff_id": refund.staff_id,
            "staff_no": refund.staff_no, "approved_by": refund.approved_by,
            "reason": refund.reason, "total_fen": refund.total_fen})
        if refund.lines:
            self.session.execute(_INSERT_LINE, [
                {"refund_id": refund.id, "line_no": n,
                 **{k: line.get(k) for k in _LINE_COLUMNS}}
                for n, line in enumerate(refund.lines, start=1)])
        if refund.tenders:
            self.session.execute(_INSERT_TENDER, [
                {"refund_id": refund.id, "tender_no": n,
                 **{k: tender.get(k) for k in _TENDER_COLUMNS}}
                for n, tender in enumerate(refund.tenders, start=1)])

    def get(self, refund_id: str) -> repo.RefundRecord | None:
        row = self.session.get(sell.RefundRow, refund_id)
        return None if row is None else self._record(row)

    def by_refund_no(self, refund_no: str) -> repo.RefundRecord | None:
        row = self.session.scalar(select(sell.RefundRow)
                                  .where(sell.RefundRow.refund_no == refund_no))
        return None if row is None else self._record(row)

    def _record(self, row: sell.RefundRow) -> repo.RefundRecord:
        lines = self.session.scalars(
            select(sell.RefundLineRow).where(sell.RefundLineRow.refund_id == row.id)
            .order_by(sell.RefundLineRow.line_no)).all()
        tenders = self.session.scalars(
            select(sell.RefundTenderRow).where(sell.RefundTenderRow.refund_id == row.id)
            .order_by(sell.RefundTenderRow.tender_no)).all()
        return repo.RefundRecord(
            id=row.id, refund_no=row.refund_no, business_date=row.business_date,
            created_at=row.created_at, staff_id=row.staff_id, staff_no=row.staff_no,
            total_fen=row.total_fen,
            lines=[{"line_no": x.line_no, **{k: getattr(x, k) for k in _LINE_COLUMNS}}
                   for x in lines],
            tenders=[{k: getattr(x, k) for k in _TENDER_COLUMNS} for x in tenders],
            original_sale_id=row.original_sale_id, original_receipt_no=row.original_receipt_no,
            shift_id=row.shift_id, approved_by=row.approved_by, reason=row.reason)

    def returned_qty(self, original_sale_id: str, *,
                     after_seq: int | None = None) -> dict[int, int]:
        line = sell.RefundLineRow
        statement = (select(line.original_line_no, func.sum(line.qty))
                     .where(line.original_sale_id == original_sale_id,
                            line.original_line_no.is_not(None))
                     .group_by(line.original_line_no))
        if after_seq is not None:
            # Refunds whose event HQ has not acknowledged: the outbox rows after `after_seq`
            # (few: only what is still queued), matched on the payload's refund id.
            outbox = orm.OutboxRow
            statement = statement.join(outbox, (outbox.type == REFUND_COMPLETED)
                                       & (outbox.seq > after_seq)
                                       & (func.json_extract(outbox.payload, "$.refund_id")
                                          == line.refund_id))
        return {int(no): int(qty) for no, qty in self.session.execute(statement).all()}

    def refunded_by_kind(self, original_sale_id: str) -> dict[str, int]:
        tender, refund = sell.RefundTenderRow, sell.RefundRow
        rows = self.session.execute(
            select(tender.kind, func.sum(tender.amount_fen))
            .join(refund, refund.id == tender.refund_id)
            .where(refund.original_sale_id == original_sale_id)
            .group_by(tender.kind)).all()
        return {kind: int(fen) for kind, fen in rows}

    def sales_for_return(self, *, business_date: str | None = None,
                         receipt_fragment: str | None = None,
                         limit: int = 50) -> list[repo.SaleSummary]:
        sale, refund = orm.SaleRow, sell.RefundRow
        refunded = (select(func.coalesce(func.sum(refund.total_fen), 0))
                    .where(refund.original_sale_id == sale.id).scalar_subquery())
        statement = select(sale.id, sale.receipt_no, sale.business_date, sale.created_at,
                           sale.staff_no, sale.total_fen, sale.item_count, refunded)
        if business_date:
            statement = statement.where(sale.business_date == business_date)
        if receipt_fragment:
            escaped = (receipt_fragment.replace("\\", "\\\\").replace("%", "\\%")
                       .replace("_", "\\_"))
            statement = statement.where(sale.receipt_no.like(f"%{escaped}%", escape="\\"))
        rows = self.session.execute(
            statement.order_by(sale.created_at.desc(), sale.receipt_no.desc())
            .limit(max(1, min(limit, 500)))).all()
        kinds: dict[str, list[str]] = {}
        if rows:
            tender = orm.SaleTenderRow
            for sale_id, kind in self.session.execute(
                    select(tender.sale_id, tender.kind)
                    .where(tender.sale_id.in_([r[0] for r in rows]))
                    .order_by(tender.sale_id, tender.tender_no)).all():
                if kind not in kinds.setdefault(sale_id, []):
                    kinds[sale_id].append(kind)
        return [repo.SaleSummary(id=r[0], receipt_no=r[1], business_date=r[2], created_at=r[3],
                                 staff_no=r[4], total_fen=r[5], item_count=r[6],
                                 refunded_fen=int(r[7]), tender_kinds=tuple(kinds.get(r[0], ())))
                for r in rows]
