"""A printer reached through the Windows print spooler (pywin32's win32print), as raw bytes.

On Windows most USB receipt printers are installed with a vendor driver (or "Generic / Text
Only") and owned by the spooler; libusb cannot claim them. Sending the job with datatype "RAW"
passes the ESC/POS bytes to the printer untouched.

The spooler queues jobs: a job "succeeds" once it is spooled, even when the printer is off or
out of paper, and nothing can be read back, so `status()` raises StatusUnsupported.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from devices.base import Printer
from devices.errors import DeviceError, DeviceIOError, DeviceMisconfigured, DeviceNotFound
from devices.layout import PrinterProfile
from devices.render_escpos import DrawerKick

log = logging.getLogger(__name__)

DOCUMENT_NAME = "POS receipt"  # what the Windows print queue shows for our jobs
_NOT_AVAILABLE = "the Windows print spooler is only available on Windows (pywin32)"

# Win32 error codes (winerror.h) that mean something other than a plain I/O failure.
_ERROR_ACCESS_DENIED = 5
_ERROR_INVALID_PRINTER_NAME = 1801
_ERROR_PRINTER_NOT_FOUND = 3012
# EnumPrinters flags (winspool.h): printers installed here and printer connections (shares).
_PRINTER_ENUM_LOCAL = 0x2
_PRINTER_ENUM_CONNECTIONS = 0x4


class WindowsPrinter(Printer):
    """One spooler document per job: opened in `_open`, written by `_raw`, closed in `_release`
    (also after a failure, so no half-open document blocks the queue)."""

    def __init__(self, printer_name: str, profile: PrinterProfile | None = None,
                 drawer: DrawerKick | None = None) -> None:
        super().__init__(profile, drawer)
        self.printer_name = printer_name
        self._api: Any = None
        self._handle: Any = None
        self._doc_started = False
        self._page_started = False

    def _open(self) -> None:
        try:
            import win32print
        except ImportError as exc:
            raise DeviceMisconfigured(_NOT_AVAILABLE) from exc
        self._api = win32print
        try:
            self._handle = win32print.OpenPrinter(self.printer_name)
        except Exception as exc:  # pywintypes.error
            raise _spooler_error(exc, f"cannot open printer {self.printer_name!r}") from exc
        try:
            win32print.StartDocPrinter(self._handle, 1, (DOCUMENT_NAME, None, "RAW"))
            self._doc_started = True
            win32print.StartPagePrinter(self._handle)
            self._page_started = True
        except Exception as exc:
            self._release()  # Printer._send releases only after a successful _open
            raise _spooler_error(exc, f"cannot start a job on {self.printer_name!r}") from exc

    def _raw(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                written = self._api.WritePrinter(self._handle, bytes(view))
                if not written:
                    raise DeviceIOError(f"the spooler accepted no bytes for {self.printer_name!r}")
                view = view[written:]
        except DeviceError:
            raise
        except Exception as exc:
            raise _spooler_error(exc, f"writing to {self.printer_name!r} failed") from exc

    def _release(self) -> None:
        api, handle, self._handle = self._api, self._handle, None
        if handle is None:
            return
        # Each step on its own: one failing must not leave the document or the handle open.
        if self._page_started:
            self._page_started = False
            self._quietly(api.EndPagePrinter, handle)
        if self._doc_started:
            self._doc_started = False
            self._quietly(api.EndDocPrinter, handle)
        self._quietly(api.ClosePrinter, handle)

    def _quietly(self, call: Callable[[Any], object], handle: Any) -> None:
        with contextlib.suppress(Exception):  # the job already raised or reached the spooler
            call(handle)


def list_windows_printers() -> list[str]:
    """Names of the printers the spooler knows (for the settings screen); [] off Windows."""
    try:
        import win32print
    except ImportError:
        return []
    try:
        entries = win32print.EnumPrinters(_PRINTER_ENUM_LOCAL | _PRINTER_ENUM_CONNECTIONS, None, 1)
    except Exception as exc:  # the spooler service may be stopped
        log.debug("cannot list Windows printers: %s", exc)
        return []
    # Level 1 entries are (flags, description, name, comment).
    return [entry[2] for entry in entries]


def _spooler_error(exc: BaseException, what: str) -> DeviceError:
    code = getattr(exc, "winerror", None)
    detail = f"{what}: {exc}"
    if code in (_ERROR_INVALID_PRINTER_NAME, _ERROR_PRINTER_NOT_FOUND):
        return DeviceNotFound(detail)
    if code == _ERROR_ACCESS_DENIED:
        return DeviceMisconfigured(detail)
    return DeviceIOError(detail)
