"""Receipt printers: one base class, one class per connection, and a factory from settings.

Usage (the till):

    printer = printer_from_config({"kind": "network", "host": "192.168.1.50", "profile": "80mm"})
    printer.print_receipt(doc, job_id)   # job_id: the print job's id (a UUID string)
    printer.kick_drawer()                # open the drawer without printing
    printer.status()                     # PrinterStatus (connections that can read replies)
    printer.close()

Every failure is a DeviceError with a stable `code`. Building a printer opens nothing; each job
opens the device, sends the whole job and releases it, so a printer that was unplugged, switched
off or used by another till works again on the next job without restarting anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from devices.base import PAPER_END_BITS, PAPER_STATUS_QUERY, Printer, check_job_id
from devices.connections import SERIAL_FLOW, FilePrinter, NetworkPrinter, SerialPrinter, UsbPrinter
from devices.errors import (
    CoverOpen,
    DeviceError,
    DeviceIOError,
    DeviceMisconfigured,
    PaperOut,
    StatusUnsupported,
)
from devices.layout import PrinterProfile, get_profile
from devices.logo import logo_bitmap
from devices.receipt import ReceiptDocument
from devices.render_escpos import DrawerKick, render_escpos
from devices.render_png import FontSpec, render_png
from devices.render_text import render_text
from devices.settings import Fields
from devices.status import PrinterStatus
from devices.windows_spooler import WindowsPrinter

__all__ = [
    "PAPER_END_BITS", "PAPER_STATUS_QUERY", "SERIAL_FLOW", "FilePrinter", "InMemoryPrinter",
    "NetworkPrinter", "Printer", "PrinterStatus", "SerialPrinter", "UsbPrinter",
    "VirtualPrinter", "WindowsPrinter", "check_job_id", "printer_from_config",
]


# --- simulators -----------------------------------------------------------------------------


_READY = PrinterStatus(online=True, cover_open=False, paper_out=False, paper_near_end=False,
                       drawer_pin3_high=False, error=False)


class InMemoryPrinter(Printer):
    """Keeps what it is sent. `fail_with` makes every job (and status query) raise that error;
    `current_status` is what `status()` reports (tests set it)."""

    def __init__(self, profile: PrinterProfile | None = None, drawer: DrawerKick | None = None,
                 fail_with: DeviceError | None = None) -> None:
        super().__init__(profile, drawer)
        self.fail_with = fail_with
        self.jobs: list[tuple[str, bytes]] = []  # (job id, ESC/POS bytes) per printed receipt
        self.drawer_kicks = 0  # kick_drawer() calls (kicks inside receipts are in the bytes)
        self.current_status = _READY
        self._sent: list[bytes] = []

    @property
    def output(self) -> bytes:
        return b"".join(self._sent)

    def _raw(self, data: bytes) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self._sent.append(data)

    def print_receipt(self, doc: ReceiptDocument, job_id: str) -> None:
        super().print_receipt(doc, job_id)
        self.jobs.append((job_id, self._sent[-1]))

    def kick_drawer(self) -> None:
        super().kick_drawer()
        self.drawer_kicks += 1

    def status(self) -> PrinterStatus:
        if self.fail_with is not None:
            raise self.fail_with
        return self.current_status

    def drawer_pin3_high(self) -> bool:
        level = self.status().drawer_pin3_high
        if level is None:
            raise StatusUnsupported("this in-memory printer has no drawer status")
        return level


class VirtualPrinter(Printer):
    """The default printer: each job becomes {job_id}.bin (ESC/POS), .txt and .png in
    `directory`; drawer kicks are appended to drawer.log.

    Paper out is simulated by `paper_out=True` or a file named PAPER_OUT in the directory
    (touch it during a demo, remove it to "reload paper"): the job raises PaperOut and writes
    nothing. An open cover likewise by a file named COVER_OPEN (CoverOpen). A drawer kick still
    works without paper or with the cover open. `status()` reports both.
    """

    PAPER_OUT_FILE = "PAPER_OUT"
    COVER_OPEN_FILE = "COVER_OPEN"
    DRAWER_LOG = "drawer.log"

    def __init__(self, directory: str | Path, profile: PrinterProfile | None = None,
                 drawer: DrawerKick | None = None, paper_out: bool = False, png: bool = True,
                 font: FontSpec | None = None) -> None:
        super().__init__(profile, drawer)
        self.directory = Path(directory)
        self.paper_out = paper_out
        self.png = png
        self.font = font

    def _raw(self, data: bytes) -> None:
        # Bytes sent outside a receipt job (nothing in this package does): keep them visible.
        self._write_files({"raw.bin": data}, append=True)

    def status(self) -> PrinterStatus:
        cover_open = self._cover_open()
        paper_out = self._paper_out()
        # A real printer goes offline while its cover is open or its paper is out.
        return PrinterStatus(online=not (cover_open or paper_out), cover_open=cover_open,
                             paper_out=paper_out, paper_near_end=False, drawer_pin3_high=None,
                             error=False)

    def _paper_out(self) -> bool:
        return self.paper_out or (self.directory / self.PAPER_OUT_FILE).exists()

    def _cover_open(self) -> bool:
        return (self.directory / self.COVER_OPEN_FILE).exists()

    def print_receipt(self, doc: ReceiptDocument, job_id: str) -> None:
        check_job_id(job_id)
        doc = self.with_logo(doc)
        if self._cover_open():
            raise CoverOpen(f"virtual printer in {self.directory} has its cover open")
        if self._paper_out():
            raise PaperOut(f"virtual printer in {self.directory} is out of paper")
        # Render everything before writing anything: a failure leaves no half job behind.
        files = {
            f"{job_id}.bin": render_escpos(doc, self.profile, self.drawer),
            f"{job_id}.txt": render_text(doc, self.profile).encode("utf-8"),
        }
        if self.png:
            files[f"{job_id}.png"] = render_png(doc, self.profile, self.font)
        self._write_files(files)
        if doc.open_drawer:
            self._log_kick(job_id)

    def kick_drawer(self) -> None:
        self._log_kick("-")

    def _log_kick(self, job_id: str) -> None:
        d = self.drawer
        entry = (f"{datetime.now(UTC).isoformat(timespec='seconds')}\t{job_id}\tpin={d.pin}"
                 f"\ton_ms={d.on_ms}\toff_ms={d.off_ms}\n")
        self._write_files({self.DRAWER_LOG: entry.encode("utf-8")}, append=True)

    def _write_files(self, files: Mapping[str, bytes], append: bool = False) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for name, data in files.items():
                target = self.directory / name
                if append:
                    with target.open("ab") as fh:
                        fh.write(data)
                else:
                    # write then rename: a reader (the preview) never sees a half-written file
                    tmp = target.with_name(f".{name}.tmp")
                    tmp.write_bytes(data)
                    tmp.replace(target)
        except (FileExistsError, NotADirectoryError) as exc:
            raise DeviceMisconfigured(f"virtual printer directory unusable: {exc}") from exc
        except OSError as exc:
            raise DeviceIOError(f"virtual printer could not write: {exc}") from exc


# --- configuration --------------------------------------------------------------------------

_COMMON = {"kind", "profile", "encoding", "drawer_pin", "drawer_on_ms", "drawer_off_ms", "logo"}
_FIELDS = {
    "virtual": {"directory", "paper_out", "png", "font"},
    "file": {"path"},
    "network": {"host", "port", "timeout", "check_paper"},
    "usb": {"vendor_id", "product_id", "timeout_ms", "in_ep", "out_ep", "check_paper"},
    "serial": {"port", "baudrate", "flow", "timeout", "check_paper"},
    "windows": {"printer_name"},
}


def printer_from_config(config: Mapping[str, Any]) -> Printer:
    """Build (not open) a printer from settings; see `_printer_from_config`. `logo`: an image
    file printed at the top of every receipt, checked here so a wrong path is refused when
    the settings are saved rather than silently printing no logo."""
    printer = _printer_from_config(config)
    logo = Fields(config, "printer").optional_text("logo")
    if logo is not None:
        if logo_bitmap(logo, printer.profile.dots) is None:
            raise DeviceMisconfigured(f"printer setting 'logo': {logo!r} is not a readable "
                                      "image file")
        printer.logo = logo
    return printer


def _printer_from_config(config: Mapping[str, Any]) -> Printer:
    """Build (not open) a printer from settings such as
    {"kind": "virtual", "directory": "...", "profile": "80mm"}. Raises DeviceMisconfigured.

    Common keys: profile ("58mm"/"80mm"), encoding ("gb18030"/"gbk"/"utf-8"), drawer_pin (2/5),
    drawer_on_ms, drawer_off_ms. Numbers may be given as strings ("9100", "0x04b8").
    Kind "windows" sends raw bytes through the Windows print spooler to `printer_name`.
    """
    if not isinstance(config, Mapping):
        raise DeviceMisconfigured("printer settings must be a mapping")
    kind = config.get("kind")
    if kind not in _FIELDS:
        raise DeviceMisconfigured(f"unknown printer kind {kind!r}; expected one of {sorted(_FIELDS)}")
    unknown = set(config) - _COMMON - _FIELDS[kind]
    if unknown:
        raise DeviceMisconfigured(f"unknown {kind} printer settings: {sorted(unknown)}")
    c = Fields(config, "printer")
    profile = get_profile(c.text("profile", "80mm"), c.optional_text("encoding"))
    drawer = DrawerKick(c.integer("drawer_pin", 2), c.integer("drawer_on_ms", 100),
                        c.integer("drawer_off_ms", 100))
    if kind == "virtual":
        font = c.optional_text("font")
        return VirtualPrinter(c.text("directory"), profile, drawer,
                              paper_out=c.flag("paper_out", False), png=c.flag("png", True),
                              font=FontSpec(font) if font else None)
    if kind == "file":
        return FilePrinter(c.text("path"), profile, drawer)
    if kind == "network":
        return NetworkPrinter(c.text("host"), c.integer("port", 9100, 1, 65535),
                              c.number("timeout", 5.0), profile, drawer,
                              check_paper=c.flag("check_paper", False))
    if kind == "windows":
        return WindowsPrinter(c.text("printer_name"), profile, drawer)
    if kind == "usb":
        return UsbPrinter(c.integer("vendor_id", None, 0, 0xFFFF),
                          c.integer("product_id", None, 0, 0xFFFF), profile, drawer,
                          timeout_ms=c.integer("timeout_ms", 5000, 0),
                          in_ep=c.integer("in_ep", 0x82, 0, 0xFF),
                          out_ep=c.integer("out_ep", 0x01, 0, 0xFF),
                          check_paper=c.flag("check_paper", False))
    return SerialPrinter(c.text("port"), c.integer("baudrate", 9600, 300, 921600),
                         c.text("flow", "dsrdtr"), c.number("timeout", 5.0), profile, drawer,
                         check_paper=c.flag("check_paper", False))
