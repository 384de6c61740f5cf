"""`make demo`'s counter hardware: pty-backed simulators configured as the till's devices.

A serial barcode scanner, a serial card reader (STX/ETX frames), a 2×20 VFD pole display
(mirrored to .demo/display.txt) and a serial cash drawer (.demo/drawer.log), all on
pseudo-terminals held by the demo process; the till opens them like real serial ports. With a
terminal attached, the demo reads commands to drive them:

    scan 6917674936532      the scanner reads a barcode
    card 0040856634         a member card is tapped on the RFID reader
    swipe 62258800001234    a magnetic member card is swiped
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from devices.display_sim import VirtualVfd
from devices.drawer_sim import VirtualSerialDrawer
from devices.simulators import VirtualCardReader, VirtualSerialScanner

MANAGER = ("9001", "9999")  # the manager `pos-hq seed-demo` creates


@dataclass
class DemoDevices:
    scanner: VirtualSerialScanner
    card_reader: VirtualCardReader
    display: VirtualVfd
    drawer: VirtualSerialDrawer

    @classmethod
    def start(cls, folder: Path) -> DemoDevices:
        return cls(VirtualSerialScanner(), VirtualCardReader(),
                   VirtualVfd(encoding="gb18030", mirror_file=folder / "display.txt"),
                   VirtualSerialDrawer(log_file=folder / "drawer.log"))

    def settings(self) -> dict[str, dict]:
        return {
            "scanner": {"kind": "serial", "port": self.scanner.path},
            "card_reader": {"kind": "serial", "port": self.card_reader.path,
                            "card_format": "raw"},
            "display": {"kind": "serial", "port": self.display.path, "encoding": "gb18030"},
            "drawer": {"kind": "serial", "port": self.drawer.path},
        }

    def configure(self, till_dir: Path) -> None:
        """Store the simulators as the till's devices, the way a manager would (audited)."""
        from pos_app import bootstrap

        app = bootstrap.open_till(till_dir)
        try:
            manager = app.till.login(*MANAGER)
            for role, config in self.settings().items():
                app.till.save_device_settings(manager, role, config)
        finally:
            app.close()

    def run_console(self) -> threading.Thread:
        """Read `scan` / `card` / `swipe` commands from the terminal on a daemon thread."""
        thread = threading.Thread(target=self._console, name="demo-devices", daemon=True)
        thread.start()
        return thread

    def _console(self) -> None:
        for line in sys.stdin:
            verb, _, value = line.strip().partition(" ")
            value = value.strip()
            if verb == "scan" and value:
                self.scanner.scan(value)
            elif verb == "card" and value:
                self.card_reader.tap(value)
            elif verb == "swipe" and value:
                self.card_reader.swipe(value)
            elif verb:
                print("demo devices: scan CODE | card NUMBER | swipe NUMBER", flush=True)

    def close(self) -> None:
        for device in (self.scanner, self.card_reader, self.display, self.drawer):
            device.close()
