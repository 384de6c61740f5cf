"""The Windows spooler printer: on Linux it must fail clearly; its win32print calls are checked
against a hand-written stand-in for pywin32's module (the third-party edge)."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest

from devices.errors import (
    DeviceError,
    DeviceIOError,
    DeviceMisconfigured,
    DeviceNotFound,
    StatusUnsupported,
)
from devices.printer import printer_from_config
from devices.render_escpos import DrawerKick, render_escpos
from devices.windows_spooler import WindowsPrinter, list_windows_printers

from .samples import chinese_receipt

JOB = "job-1"


class FakeWinError(Exception):
    """Like pywintypes.error: (winerror, funcname, strerror)."""

    def __init__(self, winerror: int, funcname: str, strerror: str) -> None:
        super().__init__(winerror, funcname, strerror)
        self.winerror, self.funcname, self.strerror = winerror, funcname, strerror


class FakeSpooler:
    """Records every call; writes at most `chunk` bytes per WritePrinter like a busy spooler."""

    PRINTER_ENUM_LOCAL = 2
    PRINTER_ENUM_CONNECTIONS = 4

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.written = bytearray()
        self.printers = ["POS-80", "Microsoft Print to PDF"]
        self.fail_write_after: int | None = None  # bytes accepted before WritePrinter fails
        self.chunk = 256

    def module(self) -> types.ModuleType:
        module = types.ModuleType("win32print")
        for name in ("OpenPrinter", "StartDocPrinter", "StartPagePrinter", "WritePrinter",
                     "EndPagePrinter", "EndDocPrinter", "ClosePrinter", "EnumPrinters"):
            setattr(module, name, getattr(self, name))
        return module

    def OpenPrinter(self, name: str) -> str:
        self.calls.append(("OpenPrinter", name))
        if name not in self.printers:
            raise FakeWinError(1801, "OpenPrinter", "The printer name is invalid.")
        return "handle"

    def StartDocPrinter(self, handle: str, level: int, info: tuple) -> int:
        self.calls.append(("StartDocPrinter", handle, level, info))
        return 7

    def StartPagePrinter(self, handle: str) -> None:
        self.calls.append(("StartPagePrinter", handle))

    def WritePrinter(self, handle: str, data: bytes) -> int:
        assert isinstance(data, bytes)
        self.calls.append(("WritePrinter", handle))
        if self.fail_write_after is not None and len(self.written) >= self.fail_write_after:
            raise FakeWinError(6, "WritePrinter", "The handle is invalid.")
        accepted = data[:self.chunk]
        self.written += accepted
        return len(accepted)

    def EndPagePrinter(self, handle: str) -> None:
        self.calls.append(("EndPagePrinter", handle))

    def EndDocPrinter(self, handle: str) -> None:
        self.calls.append(("EndDocPrinter", handle))

    def ClosePrinter(self, handle: str) -> None:
        self.calls.append(("ClosePrinter", handle))

    def EnumPrinters(self, flags: int, name: None, level: int) -> list[tuple]:
        assert (flags, name, level) == (6, None, 1)
        return [(0, f"{p},driver,", p, "") for p in self.printers]

    def names(self) -> list[str]:
        return [call[0] for call in self.calls]


@pytest.fixture
def spooler(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSpooler]:
    fake = FakeSpooler()
    monkeypatch.setitem(sys.modules, "win32print", fake.module())
    yield fake


@pytest.fixture
def no_pywin32(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import win32print` raise ImportError, pywin32 or not.
    monkeypatch.setitem(sys.modules, "win32print", None)


def test_without_pywin32_the_printer_is_misconfigured(no_pywin32: None) -> None:
    with pytest.raises(DeviceMisconfigured) as err:
        WindowsPrinter("POS-80").print_receipt(chinese_receipt(), JOB)
    assert err.value.detail == "the Windows print spooler is only available on Windows (pywin32)"
    assert list_windows_printers() == []


def test_a_job_is_one_raw_document_with_exactly_the_rendered_bytes(spooler: FakeSpooler) -> None:
    printer = WindowsPrinter("POS-80")
    printer.print_receipt(chinese_receipt(), JOB)
    expected = render_escpos(chinese_receipt())
    assert bytes(spooler.written) == expected
    writes = -(-len(expected) // spooler.chunk)  # partial writes are continued
    assert spooler.names() == ["OpenPrinter", "StartDocPrinter", "StartPagePrinter",
                               *["WritePrinter"] * writes,
                               "EndPagePrinter", "EndDocPrinter", "ClosePrinter"]
    assert spooler.calls[1] == ("StartDocPrinter", "handle", 1, ("POS receipt", None, "RAW"))
    spooler.written.clear()
    printer.kick_drawer()
    assert bytes(spooler.written) == DrawerKick().command()


def test_a_failure_mid_job_still_ends_the_document(spooler: FakeSpooler) -> None:
    spooler.chunk, spooler.fail_write_after = 64, 128
    with pytest.raises(DeviceIOError) as err:
        WindowsPrinter("POS-80").print_receipt(chinese_receipt(), JOB)
    assert "POS-80" in err.value.detail and "handle is invalid" in err.value.detail
    assert spooler.names()[-4:] == ["WritePrinter", "EndPagePrinter", "EndDocPrinter",
                                    "ClosePrinter"]


def test_an_unknown_printer_name_is_not_found(spooler: FakeSpooler) -> None:
    with pytest.raises(DeviceNotFound, match="POS-58"):
        WindowsPrinter("POS-58").print_receipt(chinese_receipt(), JOB)
    assert spooler.names() == ["OpenPrinter"]  # nothing opened, nothing to close


def test_status_is_unsupported_and_touches_nothing(spooler: FakeSpooler) -> None:
    with pytest.raises(StatusUnsupported):
        WindowsPrinter("POS-80").status()
    assert spooler.calls == []


def test_listing_printers(spooler: FakeSpooler) -> None:
    assert list_windows_printers() == ["POS-80", "Microsoft Print to PDF"]


def test_config() -> None:
    printer = printer_from_config({"kind": "windows", "printer_name": "POS-80",
                                   "profile": "58mm", "drawer_pin": 5})
    assert isinstance(printer, WindowsPrinter) and printer.printer_name == "POS-80"
    assert printer.profile.columns == 32 and printer.drawer.pin == 5
    for bad in ({"kind": "windows"}, {"kind": "windows", "printer_name": ""},
                {"kind": "windows", "printer_name": "POS-80", "check_paper": True}):
        with pytest.raises(DeviceError) as err:
            printer_from_config(bad)
        assert err.value.code == "misconfigured"
