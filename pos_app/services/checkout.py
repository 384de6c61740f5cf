"""Ringing up and completing a sale.

Completing writes the sale, its lines and tender, its `sale.completed` outbox event and its print
job in ONE transaction; the receipt prints only after that transaction is on disk.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.barcode import lookup_keys, normalize_scan, validate_gtin
from pos_app.domain.business_day import business_date, store_local
from pos_app.domain.errors import NotEnrolled, UnknownBarcode
from pos_app.domain.ids import new_id
from pos_app.domain.receipt_no import format_receipt_no
from pos_app.domain.sale import Sale, SaleLine, parse_quantity
from pos_app.domain.staff import Staff
from pos_app.services.ports import Clock, Translate
from pos_app.services.receipts import build_receipt
from pos_app.services.repositories import PrintJob, SaleRecord
from pos_app.services.unit_of_work import UnitOfWorkFactory

SALE_COMPLETED = "sale.completed"
SALE_COMPLETED_V = 1


@dataclass(frozen=True, slots=True)
class CompletedSale:
    sale_id: str
    receipt_no: str
    business_date: str
    total_fen: int
    tendered_fen: int
    change_fen: int
    print_job_id: str
    seq: int


def split_item(text: str) -> tuple[str, int]:
    """'6901234567892' or '6901234567892*3' → (code, qty)."""
    code, star, qty = normalize_scan(text).partition("*")
    return code.strip(), (parse_quantity(qty) if star else 1)


def scan(uow_factory: UnitOfWorkFactory, sale: Sale, text: str) -> SaleLine:
    """Look up a scanned or typed barcode (optionally `*QTY`) and add it to the open sale."""
    code, qty = split_item(text)
    code = validate_gtin(code)
    with uow_factory(readonly=True) as uow:
        product = None
        for key in lookup_keys(code):
            product = uow.catalog.by_barcode(key)
            if product is not None:
                break
    if product is None or not product.active:
        raise UnknownBarcode(code=code)
    return sale.add(product, code, qty)


def complete_cash_sale(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    translate: Translate,
    staff: Staff,
    sale: Sale,
    tendered_fen: int,
) -> CompletedSale:
    tender = sale.pay_cash(tendered_fen)  # every check happens before anything is written
    now = clock.now()
    sale_id = new_id()
    lines = [
        {"line_no": n, "product_id": x.product.id, "sku": x.product.sku, "barcode": x.barcode,
         "name": x.product.name, "qty": x.qty, "unit_price_fen": x.unit_price_fen,
         "amount_fen": x.amount_fen}
        for n, x in enumerate(sale.lines, start=1)
    ]
    tenders = [{"kind": "cash", "amount_fen": tender.amount_fen,
                "tendered_fen": tender.tendered_fen, "change_fen": tender.change_fen,
                "reference": None}]
    with uow_factory() as uow:
        identity = uow.settings.identity()
        if identity is None:
            raise NotEnrolled()
        day = business_date(now, identity.timezone)
        number = uow.sales.next_receipt_number(day.isoformat())
        receipt_no = format_receipt_no(identity.store_code, identity.terminal_name, day, number)
        record = SaleRecord(
            id=sale_id, receipt_no=receipt_no, business_date=day.isoformat(),
            created_at=now.isoformat(), staff_id=staff.id, staff_no=staff.staff_no,
            total_fen=sale.total_fen, item_count=sale.item_count, lines=lines, tenders=tenders,
        )
        uow.sales.add(record)
        seq = uow.outbox.append(
            type=SALE_COMPLETED, v=SALE_COMPLETED_V,
            payload={"sale_id": sale_id, "receipt_no": receipt_no, "staff_id": staff.id,
                     "staff_no": staff.staff_no, "lines": lines, "total_fen": sale.total_fen,
                     "tenders": tenders, "member_id": None},
            occurred_at=now.isoformat(), business_date=day.isoformat(),
            store_id=identity.store_id, terminal_id=identity.terminal_id, actor_id=staff.id,
        )
        local = store_local(now, identity.timezone).strftime("%Y-%m-%d %H:%M:%S")
        document = build_receipt(identity, record, local, translate, open_drawer=True)
        job = PrintJob(id=new_id(), receipt_no=receipt_no, document=document, status="pending",
                       attempts=0, last_error=None)
        uow.print_jobs.add(job, now.isoformat())
        uow.commit()
    return CompletedSale(
        sale_id=sale_id, receipt_no=receipt_no, business_date=day.isoformat(),
        total_fen=sale.total_fen, tendered_fen=tender.tendered_fen,
        change_fen=tender.change_fen, print_job_id=job.id, seq=seq,
    )
