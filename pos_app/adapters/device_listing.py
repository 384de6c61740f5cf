"""What is plugged into this machine: USB receipt printers, serial ports, Windows printers.

Used by `pos-till device list` and the settings screen to offer choices. Never raises: a
machine without libusb or without permission to read the USB bus simply lists less.
"""

from __future__ import annotations

import logging
from typing import Any

from devices.usb_list import list_usb_printers
from devices.windows_spooler import list_windows_printers

log = logging.getLogger(__name__)


def detected_devices() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for usb in list_usb_printers():
        found.append({
            "type": "usb_printer",
            "id": f"{usb.vendor_id:04x}:{usb.product_id:04x}",
            "name": " ".join(x for x in (usb.manufacturer, usb.product) if x) or "USB printer",
            "settings": {"kind": "usb", "vendor_id": f"0x{usb.vendor_id:04x}",
                         "product_id": f"0x{usb.product_id:04x}"},
        })
    for port in serial_ports():
        found.append({"type": "serial_port", "id": port["device"], "name": port["description"],
                      "settings": {"port": port["device"]}})
    for name in list_windows_printers():
        found.append({"type": "windows_printer", "id": name, "name": name,
                      "settings": {"kind": "windows", "printer_name": name}})
    return found


def serial_ports() -> list[dict[str, str]]:
    """Serial ports the OS knows (USB-serial adapters, on-board COM ports), by device path."""
    try:
        from serial.tools import list_ports
    except ImportError:
        return []
    try:
        ports = list_ports.comports()
    except OSError as exc:  # e.g. /sys not readable in a container
        log.debug("cannot list serial ports: %s", exc)
        return []
    return [{"device": p.device, "description": p.description or p.device}
            for p in sorted(ports, key=lambda p: p.device)]
