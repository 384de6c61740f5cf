"""Ports the services need from the outside world. Adapters implement them; tests fake them."""

from __future__ import annotations

from collections.abc import Callable
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


class CustomerDisplay(Protocol):
    """The pole display facing the customer (two short lines)."""

    def show(self, line1: str, line2: str) -> None:
        """Show two lines. Never raises and never makes the caller wait for the device: a
        display that fails must not stop a sale (the adapter writes off the caller's thread)."""

    def shows_chinese(self) -> bool:
        """False for ASCII-only displays: labels then stay in English and names are shown
        in pinyin."""


class CardNumbers(Protocol):
    def normalise(self, raw: str) -> str:
        """The member card number in this store's format, from what a reader sent (a swipe,
        a tapped UID in the reader's format, a typed number). Raises BadCardNumber."""


class CounterInput(Protocol):
    """Scanners and card readers on serial ports, read on their own threads."""

    def start(self, on_scan: Callable[[str], None], on_card: Callable[[str], None],
              on_problem: Callable[[str], None]) -> None:
        """Call `on_scan(code)` / `on_card(card no. in the store's format)` per read and
        `on_problem(message)` (translated) when a device fails; the callbacks run on the reader
        threads."""

    def stop(self) -> None: ...


class DeviceAdmin(Protocol):
    """Checking, testing and applying device settings (the settings screen, `pos-till device`)."""

    def settings(self) -> dict[str, dict[str, Any]]:
        """Every device role's stored settings (or its default)."""

    def check(self, role: str, config: dict[str, Any]) -> None:
        """Raises DeviceSettingsInvalid when the settings cannot work (nothing is opened)."""

    def test(self, role: str, config: dict[str, Any]) -> str:
        """Exercise the device (test page, drawer kick, display text, one read from a serial
        scanner or card reader). Returns what happened, translated; raises DeviceTestFailed."""

    def listing(self) -> list[dict[str, Any]]:
        """Devices found on this machine (USB printers, serial ports, Windows printers)."""

    def status(self) -> dict[str, Any]:
        """The configured devices' state: printer (online, paper, cover, or why it cannot
        say), drawer open / closed / unknown, the display's last error."""

    def apply(self) -> None:
        """Rebuild the till's devices from the stored settings."""


class BadCardNumber(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "This card cannot be read as a member card: {detail}")


class DeviceSettingsInvalid(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "These settings cannot work: {detail}")


class DeviceTestFailed(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "The test failed: {reason}")


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


class DrawerFailed(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "The cash drawer did not open ({reason}).")


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
