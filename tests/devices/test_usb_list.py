"""Listing USB receipt printers, with pyusb's `usb.core.find` replaced by hand-written devices
(the third-party edge: no USB printer is plugged into a test machine)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import usb.core
import usb.util

from devices.usb_list import KNOWN_PRINTER_VENDORS, UsbPrinterInfo, list_usb_printers


@dataclass
class FakeInterface:
    bInterfaceClass: int


@dataclass
class FakeDevice:
    """The parts of usb.core.Device the lister reads."""

    idVendor: int
    idProduct: int
    bus: int
    address: int
    interface_classes: list[int] = field(default_factory=list)
    strings: tuple[str, str] | None = ("", "")  # None: reading them raises, as without udev rule
    config_error: bool = False
    bDeviceClass: int = 0

    def __iter__(self):
        if self.config_error:
            raise usb.core.USBError("Input/Output Error")
        yield [FakeInterface(c) for c in self.interface_classes]

    @property
    def manufacturer(self) -> str:
        if self.strings is None:
            raise ValueError("The device has no langid (permission issue, no string descriptors "
                             "supported or device error)")
        return self.strings[0]

    @property
    def product(self) -> str:
        if self.strings is None:
            raise usb.core.USBError("Access denied (insufficient permissions)")
        return self.strings[1]


def _install(monkeypatch: pytest.MonkeyPatch, devices: list[FakeDevice]) -> list[FakeDevice]:
    disposed: list[FakeDevice] = []

    def find(find_all: bool = False, **kwargs: object):
        assert find_all and not kwargs
        return iter(devices)

    monkeypatch.setattr(usb.core, "find", find)
    monkeypatch.setattr(usb.util, "dispose_resources", disposed.append)
    return disposed


def test_lists_printer_class_and_known_vendors(monkeypatch: pytest.MonkeyPatch) -> None:
    devices = [
        FakeDevice(0x0416, 0x5011, bus=1, address=9, interface_classes=[0xFF], strings=None),
        FakeDevice(0x1234, 0x0001, bus=1, address=4, interface_classes=[7],
                   strings=("ACME ", "Receipt 80")),
        FakeDevice(0x046D, 0xC31C, bus=1, address=2, interface_classes=[3, 3]),  # a keyboard
        FakeDevice(0x04B8, 0x0E15, bus=2, address=3, config_error=True, strings=("EPSON", "")),
        FakeDevice(0x1A2B, 0x0002, bus=3, address=1, bDeviceClass=7),
    ]
    disposed = _install(monkeypatch, devices)
    assert list_usb_printers() == [
        UsbPrinterInfo(0x1234, 0x0001, "ACME", "Receipt 80", 1, 4, printer_class=True),
        UsbPrinterInfo(0x0416, 0x5011, None, None, 1, 9, printer_class=False),
        UsbPrinterInfo(0x04B8, 0x0E15, "EPSON", None, 2, 3, printer_class=False),
        UsbPrinterInfo(0x1A2B, 0x0002, None, None, 3, 1, printer_class=True),
    ]
    assert devices[2] not in disposed and len(disposed) == 4  # opened ones are let go


def test_no_backend_or_no_permission_gives_an_empty_list(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_backend(**kwargs: object):
        raise usb.core.NoBackendError("No backend available")

    monkeypatch.setattr(usb.core, "find", no_backend)
    assert list_usb_printers() == []

    def denied(**kwargs: object):
        raise usb.core.USBError("Access denied (insufficient permissions)", errno=13)

    monkeypatch.setattr(usb.core, "find", denied)
    assert list_usb_printers() == []


def test_to_dict_and_vendor_table() -> None:
    info = UsbPrinterInfo(0x0416, 0x5011, None, "POS58", 1, 2, printer_class=False)
    assert info.to_dict() == {"vendor_id": 0x0416, "product_id": 0x5011, "manufacturer": None,
                              "product": "POS58", "bus": 1, "address": 2,
                              "printer_class": False}
    assert {0x04B8, 0x0519, 0x0416, 0x0483} <= set(KNOWN_PRINTER_VENDORS)


def test_the_real_bus_never_raises() -> None:
    assert isinstance(list_usb_printers(), list)  # whatever this machine has, or nothing
