"""Cash drawers against real parts: a pseudo-terminal for the serial box, files for the virtual
one, a printer that answers DLE EOT for the drawer on the printer's kick port."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial

from devices.base import Printer
from devices.connections import serial_open_error
from devices.drawer import (
    DEFAULT_SERIAL_DATA,
    DRAWER_KINDS,
    PrinterDrawer,
    SerialDrawer,
    VirtualDrawer,
    _serial_io_error,
    drawer_from_config,
)
from devices.errors import (
    DeviceBusy,
    DeviceError,
    DeviceIOError,
    DeviceNotFound,
    StatusUnsupported,
)
from devices.printer import FilePrinter, InMemoryPrinter
from devices.pty_port import PtyPort
from devices.render_escpos import DrawerKick

from .samples import chinese_receipt


@pytest.fixture
def pty() -> Iterator[PtyPort]:
    with PtyPort() as port:
        yield port


# --- serial drawer --------------------------------------------------------------------------


def test_serial_drawer_sends_exactly_the_trigger_bytes(pty: PtyPort) -> None:
    drawer = SerialDrawer(pty.path, baudrate=19200)
    drawer.open()
    assert pty.read_exactly(len(DEFAULT_SERIAL_DATA)) == DEFAULT_SERIAL_DATA
    assert pty.read(0.05) == b""  # nothing more
    drawer.open()  # the port was released: a second open works the same
    assert pty.read_exactly(5) == b"\x1b\x70\x00\x32\x32"
    assert drawer.is_open() is None  # no status line wired


def test_serial_drawer_from_config_with_custom_bytes(pty: PtyPort) -> None:
    drawer = drawer_from_config({"kind": "serial", "port": pty.path, "data": "07 07",
                                 "baudrate": "9600"}, None)
    assert isinstance(drawer, SerialDrawer)
    drawer.open()
    assert pty.read_exactly(2) == b"\x07\x07"


def test_missing_port_is_not_found(tmp_path: Path) -> None:
    port = str(tmp_path / "ttyUSB7")
    with pytest.raises(DeviceNotFound) as err:
        SerialDrawer(port).open()
    assert port in err.value.detail


def test_port_held_by_another_program_is_busy(pty: PtyPort) -> None:
    with serial.Serial(pty.path, exclusive=True), pytest.raises(DeviceBusy) as err:
        SerialDrawer(pty.path).open()
    assert pty.path in err.value.detail


@pytest.mark.parametrize("trigger", ["dtr", "rts"])
def test_line_pulse_on_a_pty_is_a_clear_io_error(pty: PtyPort, trigger: str) -> None:
    # A pty has no modem control lines: pyserial's ioctl fails with ENOTTY. (Real RS-232
    # ports and most USB adapters have them.)
    with pytest.raises(DeviceIOError) as err:
        SerialDrawer(pty.path, trigger=trigger, pulse_ms=10).open()
    assert f"set {trigger.upper()}" in err.value.detail
    assert "no modem control lines" in err.value.detail and pty.path in err.value.detail
    assert pty.read(0.05) == b""  # a line-triggered drawer is never sent bytes


def test_status_line_on_a_pty_is_a_clear_io_error(pty: PtyPort) -> None:
    with pytest.raises(DeviceIOError, match="read CTS"):
        SerialDrawer(pty.path, status_line="cts").is_open()


def test_serial_error_mapping() -> None:
    denied = serial.SerialException(errno.EACCES, "could not open port /dev/ttyS0: denied")
    assert serial_open_error(denied, "/dev/ttyS0").code == "misconfigured"
    busy = serial.SerialException(errno.EBUSY, "could not open port /dev/ttyS0: busy")
    assert serial_open_error(busy, "/dev/ttyS0").code == "busy"
    # pyserial on Windows: no errno, the OSError's repr in the message.
    gone = serial.SerialException("could not open port 'COM9': FileNotFoundError(2, ...)")
    assert serial_open_error(gone, "COM9").code == "not_found"
    taken = serial.SerialException("could not open port 'COM3': PermissionError(13, ...)")
    assert serial_open_error(taken, "COM3").code == "busy"
    stalled = serial.SerialTimeoutException("Write timeout")
    assert _serial_io_error(stalled, "COM3").code == "offline"
    locked = serial.SerialException(errno.EAGAIN, "could not exclusively lock port")
    assert serial_open_error(locked, "/dev/ttyS0").code == "busy"
    not_a_port = OSError(errno.ENOTTY, "Inappropriate ioctl for device")
    assert serial_open_error(not_a_port, "/tmp/file").code == "misconfigured"


# --- drawer on the printer ------------------------------------------------------------------


class AnsweringPrinter(Printer):
    """Answers DLE EOT 1 with `pin_reply`; keeps every byte it is sent."""

    def __init__(self, pin_reply: bytes) -> None:
        super().__init__()
        self.pin_reply = pin_reply
        self.sent = bytearray()
        self._pending = b""

    def _raw(self, data: bytes) -> None:
        self.sent += data
        if data == b"\x10\x04\x01":
            self._pending = self.pin_reply

    def _read(self) -> bytes:
        reply, self._pending = self._pending, b""
        return reply


@pytest.mark.parametrize(("wired", "reply", "expected"), [
    ("high", b"\x16", True), ("high", b"\x12", False),
    ("low", b"\x16", False), ("low", b"\x12", True),
])
def test_printer_drawer_status(wired: str, reply: bytes, expected: bool) -> None:
    printer = AnsweringPrinter(reply)
    assert PrinterDrawer(printer, wired).is_open() is expected
    assert bytes(printer.sent) == b"\x10\x04\x01"


def test_printer_drawer_kicks_and_unwired_status_asks_nothing() -> None:
    printer = AnsweringPrinter(b"\x16")
    drawer = PrinterDrawer(printer)
    assert drawer.is_open() is None
    drawer.open()
    assert bytes(printer.sent) == DrawerKick().command()
    assert "pin 2" in drawer.describe()


def test_printer_drawer_status_on_a_write_only_printer(tmp_path: Path) -> None:
    with pytest.raises(StatusUnsupported):
        PrinterDrawer(FilePrinter(tmp_path / "lp0"), "high").is_open()


def test_printer_drawer_config_sets_the_kick_for_receipts_too() -> None:
    printer = InMemoryPrinter(drawer=DrawerKick(pin=2, on_ms=100, off_ms=100))
    drawer = drawer_from_config({"kind": "printer", "pin": "5", "on_ms": 50, "status": "low"},
                                printer)
    assert isinstance(drawer, PrinterDrawer) and drawer.status_wired == "low"
    assert printer.drawer == DrawerKick(pin=5, on_ms=50, off_ms=100)
    printer.print_receipt(chinese_receipt(open_drawer=True), "job-1")
    assert DrawerKick(pin=5, on_ms=50).command() in printer.output
    drawer.open()
    assert printer.drawer_kicks == 1


def test_default_drawer_is_the_printer_kick() -> None:
    printer = InMemoryPrinter()
    for config in (None, {}, {"kind": "printer"}):
        drawer = drawer_from_config(config, printer)
        assert isinstance(drawer, PrinterDrawer) and drawer.printer is printer
    assert printer.drawer == DrawerKick()  # no kick settings given: left alone
    assert drawer_from_config(None, None) is None
    assert drawer_from_config({"kind": "none"}, printer) is None
    assert DRAWER_KINDS == ("none", "printer", "serial", "virtual")


# --- virtual drawer -------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_virtual_drawer_logs_and_closes_itself(tmp_path: Path) -> None:
    clock = FakeClock()
    drawer = VirtualDrawer(tmp_path / "till", clock=clock)
    assert drawer.is_open() is False
    drawer.open()
    assert drawer.is_open() is True
    clock.now += 2.9
    assert drawer.is_open() is True
    clock.now += 0.1
    assert drawer.is_open() is False  # the simulated cashier pushed it shut after 3 s
    drawer.open()
    lines = (tmp_path / "till" / "drawer.log").read_text("utf-8").splitlines()
    assert [line.split("\t")[1:] for line in lines] == [["-", "virtual"]] * 2
    assert lines[0].split("\t")[0].endswith("+00:00")  # ISO time, UTC


def test_virtual_drawer_from_config(tmp_path: Path) -> None:
    drawer = drawer_from_config({"kind": "virtual", "directory": str(tmp_path),
                                 "open_seconds": "0.5"}, None)
    assert isinstance(drawer, VirtualDrawer) and drawer.open_seconds == 0.5


def test_virtual_drawer_directory_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(DeviceError) as err:
        VirtualDrawer(tmp_path / "file").open()
    assert err.value.code == "misconfigured"


# --- configuration --------------------------------------------------------------------------


@pytest.mark.parametrize(("config", "words"), [
    ({"kind": "printer", "pin": 3}, "pin"),
    ({"kind": "printer", "on_ms": 1000}, "on_ms"),
    ({"kind": "printer", "status": "maybe"}, "status"),
    ({"kind": "printer", "port": "/dev/ttyS0"}, "unknown printer drawer settings"),
    ({"kind": "serial"}, "'port' is required"),
    ({"kind": "serial", "port": "/dev/ttyS0", "trigger": "x"}, "trigger"),
    ({"kind": "serial", "port": "/dev/ttyS0", "data": "zz"}, "hex"),
    ({"kind": "serial", "port": "/dev/ttyS0", "data": ""}, "data"),
    ({"kind": "serial", "port": "/dev/ttyS0", "status_line": "ri"}, "status line"),
    ({"kind": "serial", "port": "/dev/ttyS0", "pulse_ms": 0}, "pulse_ms"),
    ({"kind": "serial", "port": "/dev/ttyS0", "baudrate": 12}, "baudrate"),
    ({"kind": "serial", "port": "/dev/ttyS0", "pin": 2}, "unknown serial drawer settings"),
    ({"kind": "virtual"}, "'directory' is required"),
    ({"kind": "usb"}, "unknown drawer kind"),
    ({"kind": ["serial"]}, "unknown drawer kind"),
    ({"kind": "none", "port": "x"}, "unknown none drawer settings"),
])
def test_bad_settings_are_misconfigured(config: dict, words: str) -> None:
    with pytest.raises(DeviceError) as err:
        drawer_from_config(config, InMemoryPrinter())
    assert err.value.code == "misconfigured"
    assert words in err.value.detail


def test_printer_drawer_needs_a_printer() -> None:
    with pytest.raises(DeviceError, match="needs a receipt printer") as err:
        drawer_from_config({"kind": "printer"}, None)
    assert err.value.code == "misconfigured"


def test_descriptions_are_plain_english(tmp_path: Path) -> None:
    assert SerialDrawer("/dev/ttyS0").describe() == (
        "serial drawer on /dev/ttyS0 at 9600 baud (sends 1b70003232, status none)")
    assert "DTR pulse of 200 ms" in SerialDrawer("COM3", trigger="dtr").describe()
    assert str(tmp_path) in VirtualDrawer(tmp_path).describe()


def test_a_serial_drawer_opens_the_simulated_drawer_each_time(tmp_path) -> None:
    from devices.drawer import SerialDrawer
    from devices.drawer_sim import VirtualSerialDrawer

    log = tmp_path / "drawer.log"
    with VirtualSerialDrawer(log_file=log) as sim:
        drawer = SerialDrawer(sim.path)
        drawer.open()
        drawer.open()
        assert sim.wait_for_openings(2)
        assert sim.openings == 2
    assert log.read_text(encoding="utf-8").count("serial drawer opened") == 2
