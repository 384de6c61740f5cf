"""ESC/POS real-time status: the reply parser, and Printer.status() against a TCP server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from devices.errors import (
    CoverOpen,
    DeviceIOError,
    DeviceOffline,
    PaperOut,
    StatusUnsupported,
)
from devices.printer import FilePrinter, InMemoryPrinter, NetworkPrinter, VirtualPrinter
from devices.render_escpos import render_escpos
from devices.status import (
    PrinterStatus,
    is_status_byte,
    parse_status,
    reply_byte,
    status_query,
)

from .samples import chinese_receipt

OK = 0x12  # the bare reply frame: bits 1 and 4, nothing to report
JOB = "job-1"


# --- the parser -----------------------------------------------------------------------------


def test_queries_are_dle_eot_n() -> None:
    assert [status_query(n) for n in (1, 2, 4)] == [b"\x10\x04\x01", b"\x10\x04\x02",
                                                     b"\x10\x04\x04"]
    with pytest.raises(ValueError):
        status_query(3)


@pytest.mark.parametrize(("value", "valid"), [
    (0x12, True), (0x7E, True), (0x16, True),
    (0x13, False),  # bit 0 set
    (0x10, False),  # bit 1 clear
    (0x02, False),  # bit 4 clear
    (0x92, False),  # bit 7 set
    (0x00, False), (0xFF, False),
])
def test_reply_frame(value: int, valid: bool) -> None:
    assert is_status_byte(value) is valid


def test_reply_byte_rejects_silence_and_garbage() -> None:
    with pytest.raises(DeviceOffline, match="DLE EOT 4"):
        reply_byte(4, b"")
    with pytest.raises(DeviceIOError) as err:
        reply_byte(1, b"\xff")
    assert "0xff" in err.value.detail and "not an ESC/POS status byte" in err.value.detail
    assert reply_byte(2, b"\x12\x16") == 0x16  # a left-over byte first: the last one answers


@pytest.mark.parametrize(("n1", "n2", "n4", "changed"), [
    (OK | 0x08, OK, OK, {"online": False}),
    (OK | 0x04, OK, OK, {"drawer_pin3_high": True}),
    (OK, OK | 0x04, OK, {"cover_open": True}),
    (OK, OK | 0x08, OK, {}),  # paper fed with the button: not decoded on its own
    (OK, OK | 0x20, OK, {"paper_out": True}),
    (OK, OK | 0x40, OK, {"error": True}),
    (OK, OK, OK | 0x04, {"paper_near_end": True}),
    (OK, OK, OK | 0x08, {"paper_near_end": True}),
    (OK, OK, OK | 0x0C, {"paper_near_end": True}),
    (OK, OK, OK | 0x20, {"paper_out": True}),
    (OK, OK, OK | 0x40, {"paper_out": True}),
    (OK, OK, OK | 0x60, {"paper_out": True}),
])
def test_every_bit(n1: int, n2: int, n4: int, changed: dict) -> None:
    ready = PrinterStatus(online=True, cover_open=False, paper_out=False, paper_near_end=False,
                          drawer_pin3_high=False, error=False)
    assert parse_status(n1, n2, n4) == replace(ready, **changed)


def test_problem_names_the_most_useful_code() -> None:
    assert parse_status(OK, OK, OK).problem is None
    assert parse_status(OK, OK, OK | 0x0C).problem is None  # near end still prints
    assert parse_status(OK | 0x08, OK, OK).problem == "offline"
    assert parse_status(OK, OK | 0x40, OK).problem == "offline"
    assert parse_status(OK | 0x08, OK | 0x20, OK | 0x60).problem == "paper_out"
    assert parse_status(OK | 0x08, OK | 0x04 | 0x20, OK | 0x60).problem == "cover_open"
    assert parse_status(OK | 0x04, OK | 0x04, OK).to_dict() == {
        "online": True, "cover_open": True, "paper_out": False, "paper_near_end": False,
        "drawer_pin3_high": True, "error": False, "problem": "cover_open"}


# --- Printer.status() over TCP --------------------------------------------------------------


@dataclass
class StatusServer:
    """A TCP printer that answers DLE EOT n with `replies[n]` (no entry: stays silent) and
    keeps everything else it is sent, one entry per connection."""

    replies: dict[int, bytes] = field(default_factory=dict)
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
                data = bytearray()
                answered = 0  # queries at data[:answered] were handled
                try:
                    while chunk := conn.recv(65536):
                        data += chunk
                        while (at := data.find(b"\x10\x04", answered)) >= 0 and len(data) > at + 2:
                            answered = at + 3
                            reply = self.replies.get(data[at + 2])
                            if reply is not None:
                                conn.sendall(reply)
                except OSError:
                    pass  # the client reset the connection
                self.received.append(bytes(data))

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 5
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"only {len(self.received)} connections"
            time.sleep(0.01)


@pytest.fixture
def server() -> Iterator[StatusServer]:
    fake = StatusServer()
    sock = socket.create_server(("127.0.0.1", 0))
    fake.port = sock.getsockname()[1]
    thread = threading.Thread(target=fake.serve, args=(sock,), daemon=True)
    thread.start()
    yield fake
    fake.stop.set()
    thread.join(timeout=5)
    sock.close()


def test_status_over_tcp(server: StatusServer) -> None:
    server.replies = {1: b"\x16", 2: b"\x12", 4: b"\x1e"}  # drawer pin high, paper near end
    printer = NetworkPrinter("127.0.0.1", server.port, timeout=2)
    status = printer.status()
    assert status == PrinterStatus(online=True, cover_open=False, paper_out=False,
                                   paper_near_end=True, drawer_pin3_high=True, error=False)
    server.replies = {1: b"\x1a", 2: b"\x36", 4: b"\x72"}  # offline: cover open, paper end
    status = printer.status()
    assert (status.online, status.cover_open, status.paper_out) == (False, True, True)
    assert status.problem == "cover_open"
    server.wait_for(2)
    assert server.received == [b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"] * 2


def test_drawer_pin3_asks_dle_eot_1_only(server: StatusServer) -> None:
    server.replies = {1: b"\x16"}
    printer = NetworkPrinter("127.0.0.1", server.port, timeout=2)
    assert printer.drawer_pin3_high() is True
    server.replies = {1: b"\x12"}
    assert printer.drawer_pin3_high() is False
    server.wait_for(2)
    assert server.received == [b"\x10\x04\x01"] * 2


def test_silent_printer_is_offline_within_the_timeout(server: StatusServer) -> None:
    printer = NetworkPrinter("127.0.0.1", server.port, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(DeviceOffline) as err:
        printer.status()
    assert time.monotonic() - started < 1.5
    assert "DLE EOT 1" in err.value.detail


def test_garbage_reply_is_an_io_error(server: StatusServer) -> None:
    server.replies = {1: b"\xff"}
    with pytest.raises(DeviceIOError, match="0xff"):
        NetworkPrinter("127.0.0.1", server.port, timeout=2).status()


def test_paper_check_stops_the_job_for_an_open_cover(server: StatusServer) -> None:
    printer = NetworkPrinter("127.0.0.1", server.port, timeout=2, check_paper=True)
    server.replies = {4: b"\x12", 2: b"\x16"}  # paper present, cover open
    with pytest.raises(CoverOpen) as err:
        printer.print_receipt(chinese_receipt(), JOB)
    assert err.value.code == "cover_open"
    server.replies = {4: b"\x72"}  # paper end: no need to ask about the cover
    with pytest.raises(PaperOut):
        printer.print_receipt(chinese_receipt(), JOB)
    server.replies = {4: b"\x12", 2: b"\x12", 1: b"\x12"}
    printer.print_receipt(chinese_receipt(), JOB)
    server.wait_for(3)
    assert server.received == [
        b"\x10\x04\x04\x10\x04\x02",
        b"\x10\x04\x04",
        # after the job, one more question: is the printer still there to have taken it?
        b"\x10\x04\x04\x10\x04\x02" + render_escpos(chinese_receipt()) + b"\x10\x04\x01",
    ]


def test_a_printer_silent_after_the_job_fails_it(server: StatusServer) -> None:
    printer = NetworkPrinter("127.0.0.1", server.port, timeout=0.5, check_paper=True)
    server.replies = {4: b"\x12", 2: b"\x12"}  # answers before the job, silent after it
    with pytest.raises(DeviceOffline, match="stopped answering during the job"):
        printer.print_receipt(chinese_receipt(), JOB)


def test_write_only_connections_do_not_report_status(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    target.touch()
    with pytest.raises(StatusUnsupported) as err:
        FilePrinter(target).status()
    assert err.value.code == "unsupported"
    with pytest.raises(StatusUnsupported):
        FilePrinter(target).drawer_pin3_high()
    assert target.read_bytes() == b""  # no query bytes were left in the file


# --- simulators -----------------------------------------------------------------------------


def test_virtual_printer_status_and_cover(tmp_path: Path) -> None:
    printer = VirtualPrinter(tmp_path, png=False)
    assert printer.status().problem is None and printer.status().drawer_pin3_high is None
    (tmp_path / "COVER_OPEN").touch()
    assert printer.status().cover_open and not printer.status().online
    with pytest.raises(CoverOpen):
        printer.print_receipt(chinese_receipt(), JOB)
    assert [p.name for p in tmp_path.iterdir()] == ["COVER_OPEN"]  # nothing written
    (tmp_path / "COVER_OPEN").unlink()
    (tmp_path / "PAPER_OUT").touch()
    assert printer.status().problem == "paper_out"
    (tmp_path / "PAPER_OUT").unlink()
    printer.print_receipt(chinese_receipt(), JOB)
    assert (tmp_path / f"{JOB}.bin").exists()


def test_in_memory_printer_status_from_its_attribute() -> None:
    printer = InMemoryPrinter()
    assert printer.status().problem is None and printer.drawer_pin3_high() is False
    printer.current_status = replace(printer.current_status, paper_out=True,
                                     drawer_pin3_high=None)
    assert printer.status().problem == "paper_out"
    with pytest.raises(StatusUnsupported):
        printer.drawer_pin3_high()
    assert printer.output == b""  # status never goes through the job bytes
    printer.fail_with = DeviceOffline("unplugged")
    with pytest.raises(DeviceOffline):
        printer.status()
