"""Printers against real parts: files, a TCP server on 127.0.0.1, a pseudo-terminal."""

from __future__ import annotations

import os
import select
import socket
import threading
import tty
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image

from devices.errors import CODES, DeviceError, DeviceOffline, PaperOut
from devices.layout import get_profile
from devices.printer import (
    FilePrinter,
    InMemoryPrinter,
    NetworkPrinter,
    SerialPrinter,
    UsbPrinter,
    VirtualPrinter,
    printer_from_config,
)
from devices.render_escpos import DrawerKick, render_escpos
from devices.render_text import render_text

from .escpos_decode import decode
from .samples import chinese_receipt

JOB = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"


# --- virtual printer ------------------------------------------------------------------------


def test_virtual_printer_writes_bin_txt_png(tmp_path: Path) -> None:
    printer = VirtualPrinter(tmp_path / "receipts", get_profile("58mm"))
    doc = chinese_receipt()
    printer.print_receipt(doc, JOB)
    out = tmp_path / "receipts"
    assert (out / f"{JOB}.bin").read_bytes() == render_escpos(doc, get_profile("58mm"))
    assert (out / f"{JOB}.txt").read_text("utf-8") == render_text(doc, get_profile("58mm"))
    with Image.open(out / f"{JOB}.png") as image:
        assert image.width == 384
    [kick] = (out / "drawer.log").read_text("utf-8").splitlines()
    assert kick.split("\t")[1:] == [JOB, "pin=2", "on_ms=100", "off_ms=100"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{JOB}.bin", f"{JOB}.txt", f"{JOB}.png", "drawer.log"])


def test_virtual_printer_without_drawer_and_manual_kick(tmp_path: Path) -> None:
    printer = VirtualPrinter(tmp_path, png=False)
    printer.print_receipt(chinese_receipt(open_drawer=False), "job-1")
    assert not (tmp_path / "drawer.log").exists()
    assert not (tmp_path / "job-1.png").exists() and (tmp_path / "job-1.bin").exists()
    printer.kick_drawer()
    [kick] = (tmp_path / "drawer.log").read_text("utf-8").splitlines()
    assert kick.split("\t")[1] == "-"


def test_virtual_paper_out_flag_raises_and_writes_nothing(tmp_path: Path) -> None:
    printer = VirtualPrinter(tmp_path / "r", paper_out=True)
    with pytest.raises(PaperOut) as err:
        printer.print_receipt(chinese_receipt(), JOB)
    assert err.value.code == "paper_out"
    assert not (tmp_path / "r").exists()


def test_virtual_paper_out_file_then_reload(tmp_path: Path) -> None:
    printer = VirtualPrinter(tmp_path, png=False)
    (tmp_path / "PAPER_OUT").touch()
    with pytest.raises(DeviceError) as err:
        printer.print_receipt(chinese_receipt(), JOB)
    assert err.value.code == "paper_out"
    assert [p.name for p in tmp_path.iterdir()] == ["PAPER_OUT"]
    (tmp_path / "PAPER_OUT").unlink()  # paper reloaded: the retried job prints
    printer.print_receipt(chinese_receipt(), JOB)
    assert (tmp_path / f"{JOB}.bin").exists()


def test_virtual_printer_directory_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(DeviceError) as err:
        VirtualPrinter(tmp_path / "file", png=False).print_receipt(chinese_receipt(), JOB)
    assert err.value.code == "misconfigured"


@pytest.mark.parametrize("job_id", ["", "../evil", "a/b", ".hidden", "x" * 200])
def test_job_ids_must_be_safe_file_names(tmp_path: Path, job_id: str) -> None:
    with pytest.raises(ValueError, match="job id"):
        VirtualPrinter(tmp_path).print_receipt(chinese_receipt(), job_id)


def test_in_memory_printer_keeps_jobs_and_can_fail() -> None:
    printer = InMemoryPrinter()
    printer.print_receipt(chinese_receipt(), "a")
    printer.kick_drawer()
    assert printer.jobs == [("a", render_escpos(chinese_receipt()))]
    assert printer.drawer_kicks == 1
    assert printer.output.endswith(DrawerKick().command())
    failing = InMemoryPrinter(fail_with=DeviceOffline("unplugged"))
    with pytest.raises(DeviceOffline):
        failing.print_receipt(chinese_receipt(), "b")
    assert failing.jobs == []


# --- file printer ---------------------------------------------------------------------------


def test_file_printer_appends_jobs(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    target.touch()
    printer = FilePrinter(target)
    printer.print_receipt(chinese_receipt(), "a")
    printer.kick_drawer()
    assert target.read_bytes() == render_escpos(chinese_receipt()) + DrawerKick().command()


def test_file_printer_missing_device_is_not_found(tmp_path: Path) -> None:
    printer = FilePrinter(tmp_path / "no-such-dir" / "lp0")  # building opens nothing
    with pytest.raises(DeviceError) as err:
        printer.print_receipt(chinese_receipt(), "a")
    assert err.value.code == "not_found"


# --- network printer ------------------------------------------------------------------------


@dataclass
class FakeNetworkPrinter:
    """A TCP server that reads each connection to EOF, answering DLE EOT 4 with `status`."""

    status: bytes | None = None
    received: list[bytes] = field(default_factory=list)
    port: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def serve(self, sock: socket.socket) -> None:
        sock.settimeout(0.05)  # closing a socket does not wake accept(): poll the stop flag
        while not self.stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(5)
                chunks = []
                while data := conn.recv(65536):
                    chunks.append(data)
                    if self.status is not None and data.endswith(b"\x10\x04\x04"):
                        conn.sendall(self.status)
                    elif self.status is not None and data.endswith(b"\x10\x04\x02"):
                        conn.sendall(b"\x12")  # offline cause: nothing (cover closed)
                    elif self.status is not None and data.endswith(b"\x10\x04\x01"):
                        conn.sendall(b"\x12")  # printer status after the job: online
                self.received.append(b"".join(chunks))


@pytest.fixture
def tcp_printer() -> Iterator[FakeNetworkPrinter]:
    fake = FakeNetworkPrinter()
    sock = socket.create_server(("127.0.0.1", 0))
    fake.port = sock.getsockname()[1]
    thread = threading.Thread(target=fake.serve, args=(sock,), daemon=True)
    thread.start()
    yield fake
    fake.stop.set()
    thread.join(timeout=5)
    sock.close()


def _wait_for(fake: FakeNetworkPrinter, count: int) -> None:
    for _ in range(500):
        if len(fake.received) >= count:
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"server got {len(fake.received)} connections, expected {count}")


def test_network_printer_sends_exactly_the_rendered_bytes(tcp_printer) -> None:
    printer = NetworkPrinter("127.0.0.1", tcp_printer.port, timeout=2)
    printer.print_receipt(chinese_receipt(), JOB)
    printer.kick_drawer()
    _wait_for(tcp_printer, 2)
    assert tcp_printer.received == [render_escpos(chinese_receipt()), DrawerKick().command()]
    assert "可口可乐 330ml" in decode(tcp_printer.received[0], columns=48).lines


def test_network_printer_paper_check(tcp_printer) -> None:
    printer = NetworkPrinter("127.0.0.1", tcp_printer.port, timeout=2, check_paper=True)
    tcp_printer.status = b"\x12"  # paper present
    printer.print_receipt(chinese_receipt(), JOB)
    tcp_printer.status = b"\x72"  # paper end bits 5 and 6
    with pytest.raises(PaperOut):
        printer.print_receipt(chinese_receipt(), JOB)
    _wait_for(tcp_printer, 2)
    assert tcp_printer.received[0] == (b"\x10\x04\x04\x10\x04\x02"
                                       + render_escpos(chinese_receipt()) + b"\x10\x04\x01")
    assert tcp_printer.received[1] == b"\x10\x04\x04"  # the job was not sent


def test_network_printer_refused_is_offline() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    printer = NetworkPrinter("127.0.0.1", port, timeout=2)
    with pytest.raises(DeviceError) as err:
        printer.print_receipt(chinese_receipt(), JOB)
    assert err.value.code == "offline"
    assert f"127.0.0.1:{port}" in err.value.detail


def test_network_printer_silent_status_is_offline() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:  # accepts (backlog), never answers
        printer = NetworkPrinter("127.0.0.1", server.getsockname()[1], timeout=0.3,
                                 check_paper=True)
        with pytest.raises(DeviceOffline):
            printer.print_receipt(chinese_receipt(), JOB)


# --- serial and USB through python-escpos ---------------------------------------------------


def test_serial_printer_over_a_pty() -> None:
    master, slave = os.openpty()
    tty.setraw(master)
    try:
        printer = SerialPrinter(os.ttyname(slave), baudrate=19200, flow="none", timeout=2)
        printer.print_receipt(chinese_receipt(), JOB)
        expected = render_escpos(chinese_receipt())
        received = b""
        while len(received) < len(expected):
            ready, _, _ = select.select([master], [], [], 5)
            assert ready, f"only {len(received)} of {len(expected)} bytes arrived"
            received += os.read(master, 65536)
        assert received == expected
    finally:
        os.close(slave)
        os.close(master)


def test_serial_printer_missing_port_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(DeviceError) as err:
        SerialPrinter(str(tmp_path / "ttyUSB9"), flow="none").print_receipt(chinese_receipt(), JOB)
    assert err.value.code == "not_found"


def test_usb_printer_absent_is_not_found() -> None:
    import usb.backend.libusb1

    expected = "not_found" if usb.backend.libusb1.get_backend() else "misconfigured"
    with pytest.raises(DeviceError) as err:
        UsbPrinter(0xFFFE, 0xFFFD).print_receipt(chinese_receipt(), JOB)
    assert err.value.code == expected
    assert "fffe:fffd" in err.value.detail


# --- configuration --------------------------------------------------------------------------


def test_factory_builds_each_kind_without_opening_anything(tmp_path: Path) -> None:
    virtual = printer_from_config({"kind": "virtual", "directory": str(tmp_path / "r"),
                                   "profile": "58mm", "drawer_pin": 5, "drawer_on_ms": "120"})
    assert isinstance(virtual, VirtualPrinter) and virtual.profile.columns == 32
    assert virtual.drawer == DrawerKick(pin=5, on_ms=120)
    assert not (tmp_path / "r").exists()
    file = printer_from_config({"kind": "file", "path": str(tmp_path / "nope" / "lp0")})
    assert isinstance(file, FilePrinter) and file.profile.columns == 48
    net = printer_from_config({"kind": "network", "host": "192.0.2.1", "port": "9100",
                               "timeout": "2.5", "encoding": "gbk"})
    assert isinstance(net, NetworkPrinter)
    assert (net.port, net.timeout, net.profile.encoding) == (9100, 2.5, "gbk")
    usb = printer_from_config({"kind": "usb", "vendor_id": "0x0416", "product_id": 0x5011})
    assert isinstance(usb, UsbPrinter) and (usb.vendor_id, usb.product_id) == (0x0416, 0x5011)
    serial = printer_from_config({"kind": "serial", "port": "/dev/ttyS0", "baudrate": 115200,
                                  "flow": "rtscts", "check_paper": "true"})
    assert isinstance(serial, SerialPrinter) and serial.check_paper
    assert (serial.baudrate, serial.flow) == (115200, "rtscts")


@pytest.mark.parametrize("config", [
    {},
    {"kind": "bluetooth"},
    {"kind": "virtual"},
    {"kind": "virtual", "directory": ""},
    {"kind": "virtual", "directory": "/tmp/x", "dirctory": "/tmp/y"},
    {"kind": "virtual", "directory": "/tmp/x", "profile": "76mm"},
    {"kind": "virtual", "directory": "/tmp/x", "encoding": "big5"},
    {"kind": "virtual", "directory": "/tmp/x", "drawer_pin": 3},
    {"kind": "virtual", "directory": "/tmp/x", "paper_out": "maybe"},
    {"kind": "network", "host": "printer", "port": 70000},
    {"kind": "network", "host": "printer", "port": "ninety"},
    {"kind": "network", "host": "printer", "timeout": 0},
    {"kind": "usb", "vendor_id": 0x0416},
    {"kind": "usb", "vendor_id": 0x0416, "product_id": True},
    {"kind": "serial", "port": "/dev/ttyS0", "flow": "magic"},
    {"kind": "serial", "port": "/dev/ttyS0", "baudrate": 12},
])
def test_bad_settings_are_misconfigured(config: dict) -> None:
    with pytest.raises(DeviceError) as err:
        printer_from_config(config)
    assert err.value.code == "misconfigured"
    assert str(err.value)  # a plain English detail for the settings screen


def test_error_codes_are_the_documented_set() -> None:
    assert {"not_found", "busy", "offline", "paper_out", "cover_open", "io_error",
            "misconfigured", "unsupported", "bad_data", "bad_card"} == CODES
    assert repr(PaperOut("x")) == "PaperOut(code='paper_out', detail='x')"
