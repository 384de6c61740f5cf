"""Typed device errors.

The UI never shows `detail` to the cashier: it maps the stable `code` to a translated message
(pos_app.adapters.printing). `detail` is plain English for logs and the settings screen.
"""

from __future__ import annotations

from typing import ClassVar

CODES = frozenset({"not_found", "busy", "offline", "paper_out", "io_error", "misconfigured"})


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


class DeviceIOError(DeviceError):
    code = "io_error"


class DeviceMisconfigured(DeviceError):
    code = "misconfigured"


class CjkFontMissing(DeviceMisconfigured):
    """No installed font can draw Chinese, so a PNG preview would show boxes instead of text."""
