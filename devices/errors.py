"""Typed device errors.

The UI never shows `detail` to the cashier: it maps the stable `code` to a translated message
(pos_app.adapters.printing). `detail` is plain English for logs and the settings screen.
"""

from __future__ import annotations

from typing import ClassVar

CODES = frozenset({"not_found", "busy", "offline", "paper_out", "cover_open", "io_error",
                   "misconfigured", "unsupported", "bad_data", "bad_card"})


class DeviceError(Exception):
    """Base of every error a device raises. Catch this, then branch on `code`."""

    code: ClassVar[str] = "io_error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, detail={self.detail!r})"


class DeviceNotFound(DeviceError):
    code = "not_found"


class DeviceBusy(DeviceError):
    code = "busy"


class DeviceOffline(DeviceError):
    code = "offline"


class PaperOut(DeviceError):
    code = "paper_out"


class CoverOpen(DeviceError):
    """The printer's cover is open: close it (after reloading paper, usually) and retry."""

    code = "cover_open"


class DeviceIOError(DeviceError):
    code = "io_error"


class DeviceMisconfigured(DeviceError):
    code = "misconfigured"


class StatusUnsupported(DeviceError):
    """The connection cannot read replies (a device file, the Windows spooler), so the device
    cannot report its status. Not a fault: the settings screen says "not available"."""

    code = "unsupported"


class BadData(DeviceError):
    """An input device sent something unreadable (noise, a broken frame, a bad checksum).
    The data is dropped and the device keeps working: the cashier scans or taps again."""

    code = "bad_data"


class CardFormatError(DeviceError):
    """A member card number that is not in the reader's format, or cannot be converted to the
    store's card number format (devices.cards)."""

    code = "bad_card"


class CjkFontMissing(DeviceMisconfigured):
    """No installed font can draw Chinese, so a PNG preview would show boxes instead of text."""
