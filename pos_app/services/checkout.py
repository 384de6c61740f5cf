"""Ringing up, paying, voiding and suspending a sale.

Completing writes the sale, its priced lines and tenders, its voided lines, the
`sale.completed` outbox event and its print job in ONE transaction; the receipt prints only
after that transaction is on disk. Mobile pay is charged before that transaction (the customer's
money must be taken before the goods leave); if the transaction then fails, the charge is
cancelled.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pos_app.domain.business_day import open_business_date, store_local
from pos_app.domain.errors import QT_TRANSLATE_NOOP, EmptySale, NotEnrolled, PosError
from pos_app.domain.ids import new_id
from pos_app.domain.money import cash_rounding
from pos_app.domain.receipt_no import format_receipt_no
from pos_app.domain.sale import Sale, SaleLine
from pos_app.domain.sale_pricing import SalePrice, price_sale
from pos_app.domain.scale_barcode import templates_from_config
from pos_app.domain.staff import Staff
from pos_app.domain.tender import (
    Tender,
    TenderKind,
    TenderOffer,
    TenderStatus,
    all_cash,
    check_offers,
    settle,
)
from pos_app.services import approvals
from pos_app.services.events import SALE_COMPLETED, SALE_COMPLETED_V, SALE_VOIDED
from pos_app.services.lookup import lookup_code
from pos_app.services.ports import Clock, MobilePay, ScanReader, Translate
from pos_app.services.pricing import PromotionBook
from pos_app.services.receipts import build_receipt
from pos_app.services.repositories import PrintJob, SaleRecord, SuspendedSale, VoidRecord
from pos_app.services.unit_of_work import AbstractUnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)
SCALE_TEMPLATES_KEY = "scale_templates"
CURRENT_SHIFT_KEY = "shift.current"


class OneMobilePayment(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "A sale takes one mobile payment at most.")


class NothingSuspended(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "That suspended sale is no longer there (another "
                                        "cashier may have taken it back).")


@dataclass(frozen=True, slots=True)
class CompletedSale:
    sale_id: str
    receipt_no: str
    business_date: str
    total_fen: int
    tendered_fen: int
    change_fen: int
    rounding_fen: int
    tenders: tuple[Tender, ...]
    print_job_id: str
    seq: int

    @property
    def pending_confirmation(self) -> bool:
        return any(t.status is TenderStatus.PENDING for t in self.tenders)


def scan(uow_factory: UnitOfWorkFactory, sale: Sale, text: str,
         reader: ScanReader | None = None) -> SaleLine:
    """Look up a scan or a typed code (scale label, PLU, barcode, SKU; optionally `*QTY`) and
    add it to the open sale. `reader` (one kept connection) makes it cheaper than a unit of
    work; both read the same committed data."""
    if reader is not None:
        with reader.read() as view:
            templates = templates_from_config(view.setting(SCALE_TEMPLATES_KEY))
            item = lookup_code(view, text, templates)
    else:
        with uow_factory(readonly=True) as uow:
            templates = templates_from_config(uow.settings.get(SCALE_TEMPLATES_KEY))
            item = lookup_code(uow.catalog_search, text, templates)
    if item.amount_fen is not None:
        return sale.add_label(item.product, item.code, item.amount_fen, item.weight_g)
    return sale.add(item.product, item.code, item.qty)


def _member_for_receipt(uow: AbstractUnitOfWork, sale: Sale):
    """(the member, the level's name) for the receipt's member block."""
    level_name = None
    if sale.member_level:
        names = {x.get("code"): x.get("name") for x in uow.promotions.levels_data()}
        level_name = names.get(sale.member_level)
    member = uow.members.by_id(sale.member_id) if sale.member_id else None
    return member, level_name


def due_for(sale: Sale, offers: Sequence[TenderOffer], rounding_mode: str) -> tuple[int, int]:
    """(amount due, store rounding) for paying `sale` with `offers`: 抹零 applies only when the
    sale is paid all in cash."""
    total = sale.total_fen
    rounding = cash_rounding(total, rounding_mode) if all_cash(offers) else 0
    return total - rounding, rounding


def complete_sale(uow_factory: UnitOfWorkFactory, clock: Clock, translate: Translate,
                  book: PromotionBook, mobile: MobilePay, staff: Staff, sale: Sale,
                  offers: Sequence[TenderOffer]) -> CompletedSale:
    """Pay and save `sale`. Every check happens before anything is written or charged."""
    if sale.is_empty():
        raise EmptySale()
    check_offers(offers)
    if sum(1 for o in offers if o.kind is TenderKind.MOBILE) > 1:
        raise OneMobilePayment()
    now = clock.now()
    with uow_factory(readonly=True) as uow:
        context = book.context(uow)
        rounding_mode = approvals.store_policy(uow).get("cash_rounding", "none")
    priced = price_sale(sale, context, now)
    rounding = cash_rounding(priced.total_fen, rounding_mode) if all_cash(offers) else 0
    if rounding:
        priced = price_sale(sale, context, now, rounding_fen=rounding)
    due = priced.total_fen
    settle(due, offers)  # a dry run: refuses tenders that do not add up before any charge

    sale_id = new_id()
    charged = [_charge(mobile, o, sale_id) for o in offers]
    try:
        tenders = settle(due, charged)
        return _save(uow_factory, clock, translate, staff, sale, priced, tenders, sale_id, now)
    except BaseException:
        for offer in charged:
            if offer.kind is TenderKind.MOBILE and offer.status is TenderStatus.CONFIRMED:
                _cancel(mobile, offer.reference or "")
        raise


def _charge(mobile: MobilePay, offer: TenderOffer, sale_id: str) -> TenderOffer:
    if offer.kind is not TenderKind.MOBILE:
        return offer
    result = mobile.charge(offer.reference or "", offer.amount_fen, sale_id)
    status = TenderStatus.PENDING if result.status == "pending" else TenderStatus.CONFIRMED
    return replace(offer, reference=result.reference, provider=result.provider, status=status)


def _cancel(mobile: MobilePay, reference: str) -> None:
    try:
        mobile.cancel(reference)
    except Exception:  # the original error matters more; support sees this in the log
        log.exception("could not cancel mobile charge %s after a failed save", reference)


def _save(uow_factory: UnitOfWorkFactory, clock: Clock, translate: Translate, staff: Staff,
          sale: Sale, priced: SalePrice, tenders: list[Tender], sale_id: str,
          now) -> CompletedSale:
    lines = [_line_record(x, priced) for x in sale.lines]
    tender_rows = [t.to_dict() for t in tenders]
    with uow_factory() as uow:
        identity = uow.settings.identity()
        if identity is None:
            raise NotEnrolled()
        day = open_business_date(now, identity.timezone, approvals.last_closed(uow)).isoformat()
        shift_id = uow.settings.get(CURRENT_SHIFT_KEY)
        number = uow.sales.next_receipt_number(day)
        receipt_no = format_receipt_no(identity.store_code, identity.terminal_name,
                                       _date(day), number)
        record = SaleRecord(
            id=sale_id, receipt_no=receipt_no, business_date=day, created_at=now.isoformat(),
            staff_id=staff.id, staff_no=staff.staff_no, total_fen=priced.total_fen,
            item_count=sale.item_count, lines=lines, tenders=tender_rows, shift_id=shift_id,
            original_fen=priced.original_fen, discount_fen=priced.discount_fen,
            rounding_fen=priced.rounding_fen, member_id=sale.member_id,
            member_level=sale.member_level)
        uow.sales.add(record)
        _record_voided_lines(uow, sale, staff, day, shift_id, now.isoformat(), sale_id)
        seq = uow.outbox.append(
            type=SALE_COMPLETED, v=SALE_COMPLETED_V,
            payload=_payload(record, sale),
            occurred_at=now.isoformat(), business_date=day,
            store_id=identity.store_id, terminal_id=identity.terminal_id, actor_id=staff.id,
        )
        local = store_local(now, identity.timezone).strftime("%Y-%m-%d %H:%M:%S")
        member, level_name = _member_for_receipt(uow, sale)
        document = build_receipt(identity, record, local, translate,
                                 open_drawer=any(t.kind is TenderKind.CASH for t in tenders),
                                 member=member, level_name=level_name)
        job = PrintJob(id=new_id(), receipt_no=receipt_no, document=document, status="pending",
                       attempts=0, last_error=None)
        uow.print_jobs.add(job, now.isoformat())
        uow.commit()
    cash = [t for t in tenders if t.kind is TenderKind.CASH]
    return CompletedSale(
        sale_id=sale_id, receipt_no=receipt_no, business_date=day,
        total_fen=priced.total_fen, tendered_fen=sum(t.tendered_fen for t in tenders),
        change_fen=sum(t.change_fen for t in cash), rounding_fen=priced.rounding_fen,
        tenders=tuple(tenders), print_job_id=job.id, seq=seq)


def _date(day: str):
    from datetime import date

    return date.fromisoformat(day)


def _line_record(line: SaleLine, priced: SalePrice) -> dict:
    p = line.product
    price = priced.line(line.line_no)
    return {"line_no": line.line_no, "product_id": p.id, "sku": p.sku, "barcode": line.barcode,
            "name": p.name, "category_id": p.category_id, "qty": line.qty,
            "weight_g": line.weight_g, "unit_price_fen": line.unit_price_fen,
            "regular_price_fen": line.regular_price_fen, "amount_fen": line.amount_fen,
            "final_fen": price.final_fen,
            "discounts": [d.to_dict() for d in price.discounts]}


def _payload(record: SaleRecord, sale: Sale) -> dict:
    return {
        "sale_id": record.id, "receipt_no": record.receipt_no, "staff_id": record.staff_id,
        "staff_no": record.staff_no, "shift_id": record.shift_id, "member_id": record.member_id,
        "member_level": record.member_level,
        "lines": [{k: x[k] for k in ("line_no", "product_id", "sku", "barcode", "name",
                                     "category_id", "qty", "weight_g", "unit_price_fen",
                                     "regular_price_fen", "final_fen", "discounts")}
                  | {"original_fen": x["amount_fen"]} for x in record.lines],
        "original_fen": record.original_fen, "discount_fen": record.discount_fen,
        "rounding_fen": record.rounding_fen, "total_fen": record.total_fen,
        "tenders": record.tenders,
        "voided_lines": [x.to_payload() for x in sale.voided],
    }


def _record_voided_lines(uow: AbstractUnitOfWork, sale: Sale, staff: Staff, day: str,
                         shift_id: str | None, at: str, sale_id: str | None) -> None:
    for voided in sale.voided:
        uow.voids.add(VoidRecord(id=new_id(), kind="line", business_date=day, created_at=at,
                                 shift_id=shift_id, staff_no=staff.staff_no,
                                 approved_by=voided.approved_by, sale_id=sale_id, lines=1,
                                 amount_fen=voided.amount_fen))


def void_sale(uow_factory: UnitOfWorkFactory, clock: Clock, staff: Staff, sale: Sale,
              approval: approvals.Approval | None) -> int:
    """Void the whole open sale before payment: a `sale.voided` fact (with the approval's
    `audit.override` in the same transaction). Returns the outbox seq."""
    if sale.is_empty() and not sale.voided:
        raise EmptySale()
    approver = approval.approver_no if approval else None
    total = sale.total_fen
    lines = [{"product_id": x.product.id, "sku": x.product.sku, "name": x.product.name,
              "qty": x.qty, "amount_fen": x.amount_fen, "approved_by": approver}
             for x in sale.lines]
    earlier = [x.to_payload() for x in sale.voided]
    now = clock.now()
    with uow_factory() as uow:
        identity = uow.settings.identity()
        if identity is None:
            raise NotEnrolled()
        day = open_business_date(now, identity.timezone, approvals.last_closed(uow)).isoformat()
        shift_id = uow.settings.get(CURRENT_SHIFT_KEY)
        void_id = new_id()
        if lines:  # a sale whose lines were all voided one by one voids nothing more
            uow.voids.add(VoidRecord(id=void_id, kind="sale", business_date=day,
                                     created_at=now.isoformat(), shift_id=shift_id,
                                     staff_no=staff.staff_no, approved_by=approver,
                                     sale_id=None, lines=len(lines), amount_fen=total))
        _record_voided_lines(uow, sale, staff, day, shift_id, now.isoformat(), None)
        approvals.record(uow, clock, approval, amount_fen=total, detail="void sale")
        seq = uow.outbox.append(
            type=SALE_VOIDED, v=1,
            payload={"void_id": void_id, "staff_id": staff.id, "staff_no": staff.staff_no,
                     "approved_by": approver, "lines": earlier + lines, "total_fen": total},
            occurred_at=now.isoformat(), business_date=day, store_id=identity.store_id,
            terminal_id=identity.terminal_id, actor_id=staff.id)
        uow.commit()
    sale.void_all(approver)
    sale.voided.clear()
    return seq


# -- suspend / resume (挂单 / 取单) -----------------------------------------------------------


def suspend(uow_factory: UnitOfWorkFactory, clock: Clock, staff: Staff, sale: Sale) -> str:
    """Put the open sale aside; it survives a restart. Returns its id."""
    if sale.is_empty():
        raise EmptySale()
    with uow_factory() as uow:
        uow.suspended.add(SuspendedSale(sale.id, clock.now().isoformat(), staff.staff_no,
                                        sale.item_count, sale.total_fen), sale.to_dict())
        uow.commit()
    return sale.id


def suspended_sales(uow_factory: UnitOfWorkFactory) -> list[SuspendedSale]:
    with uow_factory(readonly=True) as uow:
        return uow.suspended.list()


def resume(uow_factory: UnitOfWorkFactory, book: PromotionBook, suspended_id: str) -> Sale:
    """Take a suspended sale back; it leaves the list (one till, one cashier at a time)."""
    with uow_factory() as uow:
        data = uow.suspended.take(suspended_id)
        if data is None:
            raise NothingSuspended()
        uow.commit()
        context = book.context(uow)
    return Sale.from_dict(data, pricer=book.pricer(context))


def new_sale(uow_factory: UnitOfWorkFactory, book: PromotionBook) -> Sale:
    with uow_factory(readonly=True) as uow:
        context = book.context(uow)
    return Sale(pricer=book.pricer(context))


def refresh_pricing(uow_factory: UnitOfWorkFactory, book: PromotionBook, sale: Sale) -> None:
    """Give an open sale the current rules (after a pull brought new ones)."""
    with uow_factory(readonly=True) as uow:
        sale.pricer = book.pricer(book.context(uow))
    sale.changed()
