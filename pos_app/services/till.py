"""The till's use cases behind one object, for the window and the `pos-till` commands.

Every method is a short call that may run on the UI thread (a sale commit takes a few ms);
printing goes through `print_job`, which callers run off the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.errors import NotEnrolled
from pos_app.domain.sale import Sale, SaleLine
from pos_app.domain.staff import Staff
from pos_app.services import auth, checkout, printing
from pos_app.services.checkout import CompletedSale
from pos_app.services.ports import (
    Clock,
    PinHasher,
    ReceiptPrinter,
    SyncTrigger,
    TerminalIdentity,
    Translate,
)
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
    sync: SyncTrigger = _NoSync()  # noqa: RUF009 - stateless default

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

    def new_sale(self) -> Sale:
        return Sale()

    def scan(self, sale: Sale, text: str) -> SaleLine:
        return checkout.scan(self.uow_factory, sale, text)

    def complete_cash_sale(self, staff: Staff, sale: Sale, tendered_fen: int) -> CompletedSale:
        done = checkout.complete_cash_sale(
            self.uow_factory, self.clock, self.translate, staff, sale, tendered_fen)
        self.sync.sale_committed()
        return done

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
