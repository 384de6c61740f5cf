"""The services' ReceiptPrinter port on top of a `devices` printer and cash drawer."""

from __future__ import annotations

import logging
import threading
from typing import Any

from devices.drawer import PrinterDrawer
from devices.errors import DeviceError
from devices.receipt import ReceiptDocument
from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.services.ports import DrawerFailed, PrinterFailed, Translate

log = logging.getLogger(__name__)

# Device error codes (devices.errors) as the cashier should read them, per kind of device.
REASONS = {
    "not_found": QT_TRANSLATE_NOOP("devices", "printer not found"),
    "busy": QT_TRANSLATE_NOOP("devices", "printer busy"),
    "offline": QT_TRANSLATE_NOOP("devices", "printer offline"),
    "paper_out": QT_TRANSLATE_NOOP("devices", "out of paper"),
    "cover_open": QT_TRANSLATE_NOOP("devices", "printer cover open"),
    "io_error": QT_TRANSLATE_NOOP("devices", "printer connection failed"),
    "misconfigured": QT_TRANSLATE_NOOP("devices", "printer settings are wrong"),
    "unsupported": QT_TRANSLATE_NOOP("devices", "the printer cannot report its status"),
}
DEVICE_REASONS = {
    "not_found": QT_TRANSLATE_NOOP("devices", "device not found (cable, power, port?)"),
    "busy": QT_TRANSLATE_NOOP("devices", "device busy (used by another program?)"),
    "offline": QT_TRANSLATE_NOOP("devices", "device not answering"),
    "io_error": QT_TRANSLATE_NOOP("devices", "connection failed"),
    "misconfigured": QT_TRANSLATE_NOOP("devices", "settings are wrong"),
    "bad_data": QT_TRANSLATE_NOOP("devices", "unreadable data on the line"),
    "bad_card": QT_TRANSLATE_NOOP("devices", "card number in an unknown format"),
    "unsupported": QT_TRANSLATE_NOOP("devices", "not supported by this device"),
}


def reason(translate: Translate, error: DeviceError, role: str = "printer") -> str:
    """A device error as a short translated reason."""
    table = REASONS if role == "printer" else DEVICE_REASONS
    text = table.get(error.code) or DEVICE_REASONS.get(error.code) or DEVICE_REASONS["io_error"]
    return translate("devices", text)


class DevicePrinter:
    """Receipts go to the printer; the drawer opens by the printer's kick (inside the receipt
    job, so it opens while the receipt prints) or, for a serial drawer, on its own first."""

    def __init__(self, printer, translate: Translate, drawer=None) -> None:
        self.translate = translate
        self._lock = threading.Lock()  # settings may be applied while a job prints
        self.printer = printer
        self.drawer = drawer

    def replace(self, printer, drawer) -> None:
        with self._lock:
            self.printer, self.drawer = printer, drawer

    def _devices(self):
        with self._lock:
            return self.printer, self.drawer

    def print_document(self, job_id: str, document: dict[str, Any]) -> None:
        printer, drawer = self._devices()
        doc = ReceiptDocument.from_dict(document)
        if doc.open_drawer and not isinstance(drawer, PrinterDrawer):
            # A serial drawer opens on its own (none configured: nothing to open); the
            # receipt then carries no kick.
            self._open_drawer_anyway(drawer)
            doc = ReceiptDocument.from_dict({**document, "open_drawer": False})
        try:
            printer.print_receipt(doc, job_id)
        except DeviceError as exc:
            if doc.open_drawer:
                self._open_drawer_anyway(drawer)
            raise PrinterFailed(reason=reason(self.translate, exc)) from exc

    def open_drawer(self) -> None:
        _printer, drawer = self._devices()
        if drawer is None:
            raise DrawerFailed(reason=self.translate(
                "devices", QT_TRANSLATE_NOOP("devices", "no cash drawer is configured")))
        try:
            drawer.open()
        except DeviceError as exc:
            raise DrawerFailed(reason=reason(self.translate, exc, "drawer")) from exc

    def drawer_is_open(self) -> bool | None:
        _printer, drawer = self._devices()
        if drawer is None:
            return None
        try:
            return drawer.is_open()
        except DeviceError as exc:
            log.info("drawer status unavailable: %s", exc)
            return None

    @staticmethod
    def _open_drawer_anyway(drawer) -> None:
        """The receipt failed (say, paper out), but the cashier still has to give change."""
        if drawer is None:
            return
        try:
            drawer.open()
        except DeviceError as exc:
            log.warning("drawer did not open: %s", exc)
