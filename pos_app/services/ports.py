"""Ports the services need from the outside world. Adapters implement them; tests fake them."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError


class Clock(Protocol):
    def now(self) -> datetime:
        """Aware UTC now."""


class PinHasher(Protocol):
    def verify(self, pin_hash: str, pin: str) -> bool: ...


class Translate(Protocol):
    def __call__(self, context: str, text: str) -> str: ...


class ReceiptPrinter(Protocol):
    def print_document(self, job_id: str, document: dict[str, Any]) -> None:
        """Print one receipt document (devices.ReceiptDocument as a dict). Raises PrinterFailed."""

    def open_drawer(self) -> None:
        """Kick the cash drawer without printing. Raises PrinterFailed."""


class ScanView(Protocol):
    """What one scan reads: a setting (the scale templates) and the catalog lookups
    (services.lookup.CatalogSearchPort)."""

    def setting(self, key: str) -> Any: ...

    def by_barcode(self, code: str) -> Any: ...

    def by_plu(self, code: str) -> Any: ...

    def by_sku(self, code: str) -> Any: ...

    def search(self, query: str, limit: int = 20) -> list: ...


class ScanReader(Protocol):
    def read(self) -> AbstractContextManager[ScanView]:
        """One short read transaction for one scan."""


class SyncTrigger(Protocol):
    def sale_committed(self) -> None:
        """A new event is in the outbox: push soon (debounced)."""


class PrinterFailed(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "The receipt could not be printed ({reason}). The sale is saved; reprint it later."
    )


@dataclass(frozen=True, slots=True)
class TerminalIdentity:
    """Who this till is, as HQ enrolled it."""

    terminal_id: str
    terminal_name: str
    store_id: str
    store_code: str
    store_name: str
    hq_url: str
    timezone: str = "Asia/Shanghai"
    receipt_header: str = ""
    receipt_footer: str = ""


# -- mobile pay (WeChat Pay / Alipay "payment code" scanned at the counter) -------------------


@dataclass(frozen=True, slots=True)
class MobilePayResult:
    status: str  # "paid" | "pending" (provider unreachable: confirm later)
    provider: str  # wechat | alipay
    reference: str  # provider transaction id; the payment code itself while pending


class MobilePayDeclined(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Mobile payment declined ({reason}). Ask the customer for another payment.")


class MobilePay(Protocol):
    def charge(self, code: str, amount_fen: int, order_id: str) -> MobilePayResult:
        """Take `amount_fen` with the customer's payment code. Raises MobilePayDeclined; returns
        status "pending" when the provider cannot be reached (the till records it to confirm)."""

    def refund(self, reference: str, amount_fen: int, refund_id: str) -> MobilePayResult:
        """Pay back part or all of an earlier charge; "pending" when unreachable."""

    def cancel(self, reference: str) -> None:
        """Undo a charge whose sale could not be saved (best effort)."""
