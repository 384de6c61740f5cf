"""Which USB devices look like receipt printers (for the settings screen's "USB printer" list).

A device is listed when it has a printer-class interface (USB class 7), or when its vendor is
one that often ships receipt printers with a vendor-specific interface instead. Listing never
raises: without libusb, or without permission to read a device, the list is just shorter.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import asdict, dataclass
from typing import Any

log = logging.getLogger(__name__)

USB_CLASS_PRINTER = 7

# Vendor ids seen on receipt printers that do not always declare the printer class. Common,
# not authoritative: some of these vendors make microcontrollers used in all sorts of devices,
# so a listed device is a candidate, not a confirmed printer. (0x6868, suggested for some
# Gprinter models, is left out: it could not be confirmed.)
KNOWN_PRINTER_VENDORS: dict[int, str] = {
    0x04B8: "Seiko Epson",
    0x0519: "Star Micronics",
    0x1504: "Bixolon",
    0x0DD4: "Custom Engineering",
    0x0416: "Winbond (controller in many Chinese printers, e.g. 0416:5011)",
    0x0483: "STMicroelectronics (controller in many Xprinter/Gprinter boards)",
    0x1FC9: "NXP (controller in some Xprinter models)",
    0x0FE6: "ICS Advent (bridge in many Chinese printers, e.g. 0fe6:811e)",
    0x28E9: "GigaDevice (GD32 controller in some Chinese printers)",
}


@dataclass(frozen=True, slots=True)
class UsbPrinterInfo:
    """One candidate. The strings are None when the device could not be asked (permission)."""

    vendor_id: int
    product_id: int
    manufacturer: str | None
    product: str | None
    bus: int | None
    address: int | None
    printer_class: bool  # True: declares a printer interface; False: listed for its vendor

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_usb_printers() -> list[UsbPrinterInfo]:
    """USB devices that are (probably) receipt printers, in bus order. Never raises."""
    try:
        import usb.core
    except ImportError as exc:
        log.debug("pyusb is not installed: %s", exc)
        return []
    try:
        devices = list(usb.core.find(find_all=True))
    except Exception as exc:  # NoBackendError (no libusb), USBError (no permission, ...)
        log.debug("cannot enumerate USB devices: %s", exc)
        return []
    found = []
    for dev in devices:
        info = _describe(dev)
        if info is not None:
            found.append(info)
    return sorted(found, key=lambda i: (i.bus or 0, i.address or 0))


def _describe(dev: Any) -> UsbPrinterInfo | None:
    try:
        vendor_id, product_id = int(dev.idVendor), int(dev.idProduct)
    except Exception as exc:
        log.debug("skipping a USB device without readable ids: %s", exc)
        return None
    printer_class = _has_printer_interface(dev)
    if not printer_class and vendor_id not in KNOWN_PRINTER_VENDORS:
        return None
    try:
        return UsbPrinterInfo(
            vendor_id=vendor_id, product_id=product_id,
            manufacturer=_string(dev, "manufacturer"), product=_string(dev, "product"),
            bus=getattr(dev, "bus", None), address=getattr(dev, "address", None),
            printer_class=printer_class,
        )
    finally:
        _dispose(dev)


def _has_printer_interface(dev: Any) -> bool:
    try:
        if getattr(dev, "bDeviceClass", 0) == USB_CLASS_PRINTER:
            return True
        return any(intf.bInterfaceClass == USB_CLASS_PRINTER for cfg in dev for intf in cfg)
    except Exception as exc:  # a descriptor that cannot be read: judge by the vendor alone
        log.debug("cannot read the interfaces of %04x:%04x: %s", dev.idVendor, dev.idProduct, exc)
        return False


def _string(dev: Any, name: str) -> str | None:
    # Reading a string descriptor opens the device: without permission (no udev rule) pyusb
    # raises USBError or ValueError ("The device has no langid").
    try:
        value = getattr(dev, name)
    except Exception as exc:
        log.debug("cannot read the %s of %04x:%04x: %s", name, dev.idVendor, dev.idProduct, exc)
        return None
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()


def _dispose(dev: Any) -> None:
    # Reading strings opened the device; let it go now rather than when it is collected.
    try:
        import usb.util
    except ImportError:
        return
    with contextlib.suppress(Exception):
        usb.util.dispose_resources(dev)
