"""The services' ReceiptPrinter port on top of a `devices` printer."""

from __future__ import annotations

import logging
from typing import Any

from devices.errors import DeviceError
from devices.receipt import ReceiptDocument
from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.services.ports import PrinterFailed, Translate

log = logging.getLogger(__name__)

# Device error codes (devices.errors) as the cashier should read them.
REASONS = {
    "not_found": QT_TRANSLATE_NOOP("devices", "printer not found"),
    "busy": QT_TRANSLATE_NOOP("devices", "printer busy"),
    "offline": QT_TRANSLATE_NOOP("devices", "printer offline"),
    "paper_out": QT_TRANSLATE_NOOP("devices", "out of paper"),
    "io_error": QT_TRANSLATE_NOOP("devices", "printer connection failed"),
    "misconfigured": QT_TRANSLATE_NOOP("devices", "printer settings are wrong"),
}


class DevicePrinter:
    def __init__(self, printer, translate: Translate) -> None:
        self.printer = printer
        self.translate = translate

    def print_document(self, job_id: str, document: dict[str, Any]) -> None:
        doc = ReceiptDocument.from_dict(document)
        try:
            self.printer.print_receipt(doc, job_id)
        except DeviceError as exc:
            if doc.open_drawer:
                self._open_drawer_anyway()
            reason = self.translate("devices", REASONS.get(exc.code, REASONS["io_error"]))
            raise PrinterFailed(reason=reason) from exc

    def open_drawer(self) -> None:
        try:
            self.printer.kick_drawer()
        except DeviceError as exc:
            reason = self.translate("devices", REASONS.get(exc.code, REASONS["io_error"]))
            raise PrinterFailed(reason=reason) from exc

    def _open_drawer_anyway(self) -> None:
        """The receipt failed (say, paper out), but the cashier still has to give change."""
        try:
            self.printer.kick_drawer()
        except DeviceError as exc:
            log.warning("drawer did not open after a failed print: %s", exc)
