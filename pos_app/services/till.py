"""The till's use cases behind one object, for the window and the `pos-till` commands.

Every method is a short call that may run on the UI thread (a sale commit takes a few ms);
printing goes through `print_job`, which callers run off the UI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pos_app.domain.catalog import Product
from pos_app.domain.errors import NotEnrolled
from pos_app.domain.ids import new_id
from pos_app.domain.member import MemberRecord
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
    members,
    printing,
    refunds,
    shifts,
)
from pos_app.services import devices as counter_devices
from pos_app.services.approvals import Approval, Credentials
from pos_app.services.checkout import CompletedSale
from pos_app.services.ports import (
    CardNumbers,
    Clock,
    CounterInput,
    CustomerDisplay,
    DeviceAdmin,
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


class _NoDisplay:
    def show(self, line1: str, line2: str) -> None:
        pass

    def shows_chinese(self) -> bool:
        return True


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
    display: CustomerDisplay = _NoDisplay()  # noqa: RUF009 - stateless default
    cards: CardNumbers | None = None  # member card numbers from readers, in the store's format
    counter_input: CounterInput | None = None  # serial scanners / card readers
    device_admin: DeviceAdmin | None = None
    book: PromotionBook = field(init=False)
    screen: counter_devices.CustomerScreen = field(init=False)

    def __post_init__(self) -> None:
        self.book = PromotionBook(self.clock)
        self.screen = counter_devices.CustomerScreen(self.display, self.translate)

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

    # -- members -----------------------------------------------------------------------------

    def identify_member(self, sale: Sale, card_data: str, *,
                        normalised: bool = False) -> MemberRecord:
        """The member whose card was swiped, tapped or typed becomes the sale's member (member
        prices apply). `card_data` is what the reader sent, read in the store's card number
        format (`normalised`: it already is, from a serial reader). Raises BadCardNumber,
        UnknownMemberCard or MemberNotActive; the sale is unchanged then."""
        card_no = card_data.strip()
        if not normalised and self.cards is not None:
            card_no = self.cards.normalise(card_data)
        return members.identify_by_card(self.uow_factory, sale, card_no)

    # -- the customer display --------------------------------------------------------------

    def customer_sees_sale(self, sale: Sale | None) -> None:
        """The last line and the total while scanning; the welcome when there is no line."""
        if sale is None or not sale.lines:
            self.screen.store_name = self._store_name()
            self.screen.welcome()
        else:
            self.screen.item(sale.lines[-1], sale.total_fen)

    def customer_sees_total(self, sale: Sale) -> None:
        self.screen.total(sale.total_fen)

    def _store_name(self) -> str:
        with self.uow_factory(readonly=True) as uow:
            identity = uow.settings.identity()
        return identity.store_name if identity else ""

    # -- device settings (manager) ---------------------------------------------------------

    def _admin(self) -> DeviceAdmin:
        if self.device_admin is None:
            raise RuntimeError("this till was wired without device administration")
        return self.device_admin

    def device_settings(self) -> dict[str, dict]:
        return self._admin().settings()

    def save_device_settings(self, staff: Staff, role: str, config: dict,
                             approver: Credentials | None = None) -> None:
        """Check, store (audited) and apply one device's settings."""
        counter_devices.check_role(role)
        approval = self.approve(staff, Permission.MANAGE_DEVICES, approver=approver)

        def audit(uow) -> None:
            approvals.record_action(uow, self.clock, staff, Permission.MANAGE_DEVICES,
                                    approval, detail=f"{role}: {config.get('kind', '?')}")
        counter_devices.save_settings(self.uow_factory, self._admin(), role, config, audit)
        self.sync.sale_committed()

    def test_device(self, staff: Staff, role: str, config: dict,
                    approver: Credentials | None = None) -> str:
        """Exercise a device with these settings (saved or not). A drawer test opens the
        drawer, so it is audited like any opening without a sale."""
        counter_devices.check_role(role)
        self.approve(staff, Permission.MANAGE_DEVICES, approver=approver)
        if role == counter_devices.DRAWER:
            with self.uow_factory() as uow:
                approvals.record_action(uow, self.clock, staff, Permission.OPEN_DRAWER, None,
                                        detail="drawer test")
                uow.commit()
            self.sync.sale_committed()
        return self._admin().test(role, config)

    def print_text(self, lines: Sequence[str]) -> None:
        """Print plain text lines (a support check of the printer's Chinese output). Not a
        receipt: not queued. Raises PrinterFailed."""
        self.printer.print_document(f"text-{new_id()}", counter_devices.text_document(lines))

    def detected_devices(self) -> list[dict]:
        return self._admin().listing()

    def device_status(self) -> dict:
        return self._admin().status()

    def wedge_config(self) -> counter_devices.WedgeConfig:
        return counter_devices.wedge_config(self.device_settings()
                                            if self.device_admin else {})

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
        self.screen.paid(done.tendered_fen, done.change_fen)
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
