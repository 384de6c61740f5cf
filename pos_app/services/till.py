"""The till's use cases behind one object, for the window and the `pos-till` commands.

Every method is a short call that may run on the UI thread (a sale commit takes a few ms);
printing goes through `print_job`, which callers run off the UI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pos_app.domain.catalog import Product
from pos_app.domain.errors import NotEnrolled
from pos_app.domain.money import format_yuan
from pos_app.domain.promotion_rules import MemberLevel
from pos_app.domain.roles import Permission, discount_rate_bp
from pos_app.domain.sale import DiscountTooLarge, Sale, SaleLine
from pos_app.domain.staff import Staff
from pos_app.domain.tender import TenderKind, TenderOffer
from pos_app.services import (
    approvals,
    auth,
    checkout,
    day_close,
    lookup,
    printing,
    refunds,
    shifts,
)
from pos_app.services.approvals import Approval, Credentials
from pos_app.services.checkout import CompletedSale
from pos_app.services.ports import (
    Clock,
    MobilePay,
    PinHasher,
    ReceiptPrinter,
    ScanReader,
    SyncTrigger,
    TerminalIdentity,
    Translate,
)
from pos_app.services.pricing import PromotionBook
from pos_app.services.repositories import SuspendedSale
from pos_app.services.status import SyncStatus, sync_status
from pos_app.services.unit_of_work import UnitOfWorkFactory

LANG_KEY = "lang"


class _NoSync:
    def sale_committed(self) -> None:
        pass


@dataclass
class Till:
    uow_factory: UnitOfWorkFactory
    clock: Clock
    hasher: PinHasher
    printer: ReceiptPrinter
    translate: Translate
    mobile: MobilePay
    sync: SyncTrigger = _NoSync()  # noqa: RUF009 - stateless default
    sale_lookup: refunds.SaleLookup | None = None  # another till's sale, from head office
    scan_reader: ScanReader | None = None  # a kept connection for scans (UI thread / command)
    book: PromotionBook = field(init=False)

    def __post_init__(self) -> None:
        self.book = PromotionBook(self.clock)

    def identity(self) -> TerminalIdentity:
        with self.uow_factory(readonly=True) as uow:
            identity = uow.settings.identity()
        if identity is None:
            raise NotEnrolled()
        return identity

    def is_enrolled(self) -> bool:
        with self.uow_factory(readonly=True) as uow:
            return uow.settings.identity() is not None

    def login(self, staff_no: str, pin: str) -> Staff:
        return auth.login(self.uow_factory, self.hasher, self.clock, staff_no, pin)

    # -- the open sale ---------------------------------------------------------------------

    def new_sale(self) -> Sale:
        return checkout.new_sale(self.uow_factory, self.book)

    def scan(self, sale: Sale, text: str) -> SaleLine:
        return checkout.scan(self.uow_factory, sale, text, self.scan_reader)

    def refresh_pricing(self, sale: Sale) -> None:
        checkout.refresh_pricing(self.uow_factory, self.book, sale)

    def approve(self, actor: Staff, permission: Permission, *, amount_fen: int = 0,
                rate_bp: int = 0, approver: Credentials | None = None) -> Approval | None:
        """None if `actor` may do it; else checks `approver` (raises ApprovalNeeded if None)."""
        return approvals.check(self.uow_factory, self.hasher, self.clock, actor, permission,
                               amount_fen=amount_fen, rate_bp=rate_bp, approver=approver)

    def void_line(self, staff: Staff, sale: Sale, line_no: int,
                  approver: Credentials | None = None) -> SaleLine:
        line = sale.line(line_no)
        approval = self.approve(staff, Permission.VOID_LINE, amount_fen=line.amount_fen,
                                approver=approver)
        sale.remove(line_no, approval.approver_no if approval else None)
        approvals.record_now(self.uow_factory, self.clock, approval,
                             amount_fen=line.amount_fen, detail=f"void line {line.product.sku}")
        return line

    def discount_line(self, staff: Staff, sale: Sale, line_no: int, discount_fen: int,
                      approver: Credentials | None = None) -> SaleLine:
        line = sale.line(line_no)
        if discount_fen > line.amount_fen:
            raise DiscountTooLarge(discount=format_yuan(discount_fen),
                                   amount=format_yuan(line.amount_fen))
        approval = self.approve(staff, Permission.DISCOUNT, amount_fen=discount_fen,
                                rate_bp=discount_rate_bp(discount_fen, line.amount_fen),
                                approver=approver)
        sale.discount_line(line_no, discount_fen)
        approvals.record_now(self.uow_factory, self.clock, approval, amount_fen=discount_fen,
                             detail=f"line discount {line.product.sku}")
        return line

    def discount_sale(self, staff: Staff, sale: Sale, discount_fen: int,
                      approver: Credentials | None = None) -> None:
        before = sale.discount_fen
        sale.discount_sale(discount_fen)  # validates; undone below if not approved
        base = sale.priced.total_fen + discount_fen
        try:
            approval = self.approve(staff, Permission.DISCOUNT, amount_fen=discount_fen,
                                    rate_bp=discount_rate_bp(discount_fen, base),
                                    approver=approver)
        except Exception:
            sale.discount_fen = before
            sale.changed()
            raise
        approvals.record_now(self.uow_factory, self.clock, approval, amount_fen=discount_fen,
                             detail="sale discount")

    def override_price(self, staff: Staff, sale: Sale, line_no: int, unit_price_fen: int,
                       approver: Credentials | None = None) -> SaleLine:
        line = sale.line(line_no)
        approval = self.approve(staff, Permission.PRICE_OVERRIDE, amount_fen=unit_price_fen,
                                approver=approver)
        sale.override_price(line_no, unit_price_fen)
        approvals.record_now(
            self.uow_factory, self.clock, approval, amount_fen=unit_price_fen,
            detail=f"price {line.product.sku}: {format_yuan(line.regular_price_fen)} -> "
                   f"{format_yuan(unit_price_fen)}")
        return line

    def void_sale(self, staff: Staff, sale: Sale, approver: Credentials | None = None) -> int:
        approval = self.approve(staff, Permission.VOID_SALE, amount_fen=sale.total_fen,
                                approver=approver)
        seq = checkout.void_sale(self.uow_factory, self.clock, staff, sale, approval)
        self.sync.sale_committed()
        return seq

    def abandon(self, staff: Staff, sale: Sale) -> int | None:
        """A sale left empty after its lines were voided: its voids are recorded (as a
        `sale.voided` of nothing left), so the void log and the Z report miss none."""
        if not sale.is_empty() or not sale.voided:
            return None
        seq = checkout.void_sale(self.uow_factory, self.clock, staff, sale, None)
        self.sync.sale_committed()
        return seq

    def open_drawer(self, staff: Staff, approver: Credentials | None = None) -> None:
        """Open the cash drawer without a sale: permissioned, and always audited."""
        approval = self.approve(staff, Permission.OPEN_DRAWER, approver=approver)
        with self.uow_factory() as uow:
            approvals.record_action(uow, self.clock, staff, Permission.OPEN_DRAWER, approval,
                                    detail="no sale")
            uow.commit()
        self.sync.sale_committed()
        self.printer.open_drawer()

    # -- returns -----------------------------------------------------------------------------

    def find_sale(self, receipt_no: str) -> refunds.OriginalSale:
        """The sale to return from: this till's, or (online) another till's from head office."""
        return refunds.find_sale(self.uow_factory, self.sale_lookup, receipt_no)

    def sales_for_return(self, *, business_date: str | None = None,
                         receipt_fragment: str | None = None) -> list[refunds.SaleSummary]:
        return refunds.sales_for_return(self.uow_factory, business_date=business_date,
                                        receipt_fragment=receipt_fragment)

    def refund_sale(self, staff: Staff, original: refunds.OriginalSale,
                    picks: refunds.Picks = None, *, to_cash: bool = False,
                    card_reference: str | None = None, approver: Credentials | None = None,
                    reason: str = "") -> refunds.CompletedRefund:
        done = refunds.refund_sale(self.uow_factory, self.clock, self.translate, self.hasher,
                                   self.mobile, staff, original, picks, to_cash=to_cash,
                                   card_reference=card_reference, approver=approver,
                                   reason=reason)
        self.sync.sale_committed()
        return done

    def refund_without_receipt(self, staff: Staff, items: Sequence[str], *,
                               approver: Credentials | None = None,
                               reason: str = "") -> refunds.CompletedRefund:
        done = refunds.refund_without_receipt(self.uow_factory, self.clock, self.translate,
                                              self.hasher, staff, items, approver=approver,
                                              reason=reason)
        self.sync.sale_committed()
        return done

    # -- shifts and the day ------------------------------------------------------------------

    def current_shift(self) -> shifts.ShiftRecord | None:
        return shifts.current_shift(self.uow_factory)

    def open_shift(self, staff: Staff, float_fen: int) -> shifts.OpenedShift:
        done = shifts.open_shift(self.uow_factory, self.clock, staff, float_fen)
        self.sync.sale_committed()
        return done

    def move_cash(self, staff: Staff, kind: str, amount_fen: int, reason: str,
                  approver: Credentials | None = None) -> shifts.CashMoved:
        done = shifts.move_cash(self.uow_factory, self.clock, self.translate, self.hasher,
                                staff, kind, amount_fen, reason, approver)
        self.sync.sale_committed()
        return done

    def x_report(self) -> shifts.XReport:
        return shifts.x_report(self.uow_factory, self.clock, self.translate)

    def close_shift(self, staff: Staff, counted_cash_fen: int) -> shifts.ClosedShift:
        done = shifts.close_shift(self.uow_factory, self.clock, self.translate, staff,
                                  counted_cash_fen)
        self.sync.sale_committed()
        return done

    def day_totals(self, business_date: str | None = None) -> dict:
        return day_close.day_totals(self.uow_factory, self.clock, business_date)

    def close_day(self, staff: Staff, approver: Credentials | None = None,
                  business_date: str | None = None) -> day_close.DayClosed:
        done = day_close.close_day(self.uow_factory, self.clock, self.translate, self.hasher,
                                   staff, approver, business_date)
        self.sync.sale_committed()
        return done

    def cash_rounding_mode(self) -> str:
        with self.uow_factory(readonly=True) as uow:
            return approvals.store_policy(uow).get("cash_rounding", "none")

    def complete_sale(self, staff: Staff, sale: Sale,
                      offers: Sequence[TenderOffer]) -> CompletedSale:
        done = checkout.complete_sale(self.uow_factory, self.clock, self.translate, self.book,
                                      self.mobile, staff, sale, offers)
        self.sync.sale_committed()
        return done

    def complete_cash_sale(self, staff: Staff, sale: Sale, tendered_fen: int) -> CompletedSale:
        return self.complete_sale(staff, sale, [TenderOffer(TenderKind.CASH, tendered_fen)])

    def suspend(self, staff: Staff, sale: Sale) -> str:
        return checkout.suspend(self.uow_factory, self.clock, staff, sale)

    def suspended_sales(self) -> list[SuspendedSale]:
        return checkout.suspended_sales(self.uow_factory)

    def resume(self, suspended_id: str) -> Sale:
        return checkout.resume(self.uow_factory, self.book, suspended_id)

    def print_job(self, job_id: str) -> None:
        """Print a queued job; raises PrinterFailed and leaves it queued on failure."""
        printing.print_job(self.uow_factory, self.printer, self.clock, job_id)

    def retry_unprinted(self) -> int:
        return printing.retry_unprinted(self.uow_factory, self.printer, self.clock)

    def reprint(self, receipt_no: str) -> str:
        return printing.reprint(self.uow_factory, self.printer, self.clock, self.translate,
                                receipt_no)

    def save_language(self, lang: str) -> None:
        """The language the cashier chose; the till opens in it next time."""
        with self.uow_factory() as uow:
            uow.settings.put(LANG_KEY, lang)
            uow.commit()

    def sync_status(self) -> SyncStatus:
        return sync_status(self.uow_factory, self.clock.now())

    # -- read-only helpers for the sale window ---------------------------------------------

    def search_products(self, text: str, limit: int = 20) -> list[Product]:
        """The product finder: name, pinyin initials or code, best first (active only)."""
        with self.uow_factory(readonly=True) as uow:
            return lookup.search(uow.catalog_search, text, limit)

    def member_levels(self) -> list[MemberLevel]:
        """The member levels HQ sent that this till can price with, by name."""
        with self.uow_factory(readonly=True) as uow:
            context = self.book.context(uow)
        levels = context.levels.values() if context is not None else ()
        return sorted(levels, key=lambda level: (level.name or level.code, level.code))
