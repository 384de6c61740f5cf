"""Ports the services need from the outside world. Adapters implement them; tests fake them."""

from __future__ import annotations

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
