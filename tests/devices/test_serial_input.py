"""Serial scanners and card readers over real ptys, real pyserial and real reader threads."""

from __future__ import annotations

import errno
import queue
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial

from devices.card_reader import (
    CardReaderSettings,
    card_from_text,
    card_reader_from_config,
    open_serial_card_reader,
)
from devices.errors import DeviceError, DeviceMisconfigured
from devices.framing import ETX, STX, FrameSplitter, encode_frame, xor_checksum
from devices.scanner import (
    ScannerSettings,
    open_serial_scanner,
    scanner_from_config,
    strip_affixes,
)
from devices.serial_reader import SerialReader
from devices.simulators import VirtualCardReader, VirtualSerialScanner

WAIT_S = 3.0  # the longest any single event may take
QUIET_S = 0.2  # how long "nothing more arrives" is watched for
RECONNECT_S = 0.05


class Inbox:
    """Collects a reader's callbacks (they run on its thread) for the test thread."""

    def __init__(self) -> None:
        self.data: queue.Queue[str] = queue.Queue()
        self.errors: queue.Queue[DeviceError] = queue.Queue()

    def on_data(self, text: str) -> None:
        self.data.put(text)

    def on_error(self, error: DeviceError) -> None:
        self.errors.put(error)

    def next_data(self) -> str:
        return self.data.get(timeout=WAIT_S)

    def next_error(self) -> DeviceError:
        return self.errors.get(timeout=WAIT_S)

    def assert_quiet(self) -> None:
        with pytest.raises(queue.Empty):
            self.errors.get(timeout=QUIET_S)
        assert self.data.empty()


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def readers() -> Iterator[list[SerialReader]]:
    """Readers a test started: all stopped, and their threads gone, at the end."""
    started: list[SerialReader] = []
    yield started
    for reader in started:
        reader.stop()
    assert not any(reader.running for reader in started)


@pytest.fixture
def scanner() -> Iterator[VirtualSerialScanner]:
    with VirtualSerialScanner() as device:
        yield device


def serial_scanner(path: str, inbox: Inbox, readers: list[SerialReader],
                   **settings) -> SerialReader:
    config = ScannerSettings(kind="serial", port=path, **settings)
    reader = open_serial_scanner(config, inbox.on_data, inbox.on_error, reconnect_s=RECONNECT_S)
    readers.append(reader)
    assert reader.wait_connected(WAIT_S)
    return reader


# --- framing --------------------------------------------------------------------------------


def test_line_frames_accept_cr_lf_and_crlf_across_chunks() -> None:
    splitter = FrameSplitter("cr")
    assert splitter.feed(b"690123") == []
    assert splitter.feed(b"4567\r89") == [b"6901234567"]
    assert splitter.feed(b"\r\nABC\nDEF\r\r\n") == [b"89", b"ABC", b"DEF"]
    assert splitter.take_errors() == []


def test_line_frame_over_max_length_is_dropped_to_its_end() -> None:
    splitter = FrameSplitter("lf", max_length=8)
    assert splitter.feed(b"123456789012\n1234\n") == [b"1234"]  # not b"9012"
    [error] = splitter.take_errors()
    assert error.code == "bad_data" and "longer than 8 bytes" in error.detail
    assert splitter.take_errors() == []


def test_stx_etx_frames_with_xor_check_byte() -> None:
    # XOR of "0040856634": 0x30^0x30^0x34^0x30^0x38^0x35^0x36^0x36^0x33^0x34 == 0x0E
    assert xor_checksum(b"0040856634") == 0x0E
    frame = encode_frame(b"0040856634", "stx_etx", "xor")
    assert frame == b"\x020040856634\x03\x0e"
    splitter = FrameSplitter("stx_etx", "xor")
    assert [splitter.feed(bytes([byte])) for byte in frame][-1] == [b"0040856634"]
    assert splitter.feed(b"\x0212345678\x03\x07" + frame + b"\r\n") == [b"0040856634"]
    [error] = splitter.take_errors()  # "12345678" XORs to 0x08, not 0x07
    assert "check byte 0x07, expected 0x08" in error.detail


def test_stx_etx_garbage_cut_frames_and_overflow() -> None:
    splitter = FrameSplitter("stx_etx", "xor", max_length=8)
    good = encode_frame(b"12345678", "stx_etx", "xor")
    # noise before a frame: one error for the whole run; CR/LF between frames are no noise
    assert splitter.feed(b"noise" + good + b"\r\n" + good) == [b"12345678", b"12345678"]
    assert len(splitter.take_errors()) == 1
    # a frame cut short by the next STX
    assert splitter.feed(b"\x02123" + good) == [b"12345678"]
    assert "cut short" in splitter.take_errors()[0].detail
    # an over-long frame whose check byte happens to be STX (0x30 ^ 0x32 == 0x02) is skipped
    # whole, check byte included
    assert splitter.feed(bytes([STX]) + b"000000002" + bytes([ETX, STX]) + good) == [b"12345678"]
    assert ["longer than 8" in error.detail for error in splitter.take_errors()] == [True]


def test_framing_settings_are_checked() -> None:
    with pytest.raises(DeviceMisconfigured):
        FrameSplitter("etx")
    with pytest.raises(DeviceMisconfigured):
        FrameSplitter("cr", "xor")  # a check byte needs STX/ETX
    with pytest.raises(DeviceMisconfigured):
        FrameSplitter("stx_etx", "crc16")


# --- settings -------------------------------------------------------------------------------


def test_scanner_settings() -> None:
    assert scanner_from_config({}) == ScannerSettings()
    settings = scanner_from_config({"kind": "serial", "port": "/dev/ttyUSB0", "baudrate": "115200",
                                    "framing": "crlf", "encoding": "gb18030", "prefix": "]Q1",
                                    "min_length": "4", "max_gap_ms": 50, "suffix": "tab"})
    assert settings == ScannerSettings("serial", "]Q1", "tab", 4, 50, "/dev/ttyUSB0", 115200,
                                       "crlf", "gb18030")


@pytest.mark.parametrize("config", [
    {"kind": "bluetooth"},
    {"kind": "serial"},  # no port
    {"kind": "serial", "port": ""},
    {"kind": "wedge", "sufix": "enter"},
    {"suffix": "space"},
    {"prefix": "\x02"},
    {"prefix": 7},
    {"min_length": 0},
    {"max_gap_ms": "fast"},
    {"kind": "serial", "port": "/dev/ttyS0", "baudrate": 12},
    {"kind": "serial", "port": "/dev/ttyS0", "framing": "etx"},
    {"encoding": "big5"},
    ["kind", "wedge"],
])
def test_bad_scanner_settings(config) -> None:
    with pytest.raises(DeviceMisconfigured):
        scanner_from_config(config)


def test_card_reader_settings() -> None:
    assert card_reader_from_config({}) == CardReaderSettings()
    settings = card_reader_from_config({"kind": "serial", "port": "COM3", "checksum": "xor",
                                        "input_format": "10H", "card_format": "8H10D"})
    assert settings.framing == "stx_etx"
    assert (settings.checksum, settings.card_format) == ("xor", "8H10D")
    for config in ({"card_format": "9H"}, {"input_format": "swipe2"},
                   {"kind": "serial", "port": "COM3", "framing": "cr", "checksum": "xor"},
                   {"kind": "serial"}, {"colour": "red"}):
        with pytest.raises(DeviceMisconfigured):
            card_reader_from_config(config)


def test_strip_affixes_for_wedges() -> None:
    plain = ScannerSettings()
    assert strip_affixes("6901234567892\r\n", plain) == "6901234567892"
    assert strip_affixes(" 6901234567892\t", plain) == "6901234567892"
    assert strip_affixes("\r", plain) is None
    prefixed = ScannerSettings(prefix="]E0")
    assert strip_affixes("]E06901234567892\r", prefixed) == "6901234567892"
    assert strip_affixes("6901234567892\r", prefixed) is None  # typed by a person: not a scan
    assert strip_affixes("]E0", prefixed) is None


def test_card_from_wedge_text() -> None:
    settings = CardReaderSettings(card_format="W26", prefix="C:")
    assert card_from_text("C:0040856634\r", settings) == "111,27706"
    assert card_from_text("0040856634\r", settings) is None
    with pytest.raises(DeviceError) as err:
        card_from_text("C:07302202x\r", settings)
    assert err.value.code == "bad_card"


def test_serial_openers_need_a_serial_port(inbox: Inbox) -> None:
    with pytest.raises(DeviceMisconfigured):
        open_serial_scanner(ScannerSettings(), inbox.on_data, inbox.on_error)
    with pytest.raises(DeviceMisconfigured):
        open_serial_card_reader(CardReaderSettings(), inbox.on_data, inbox.on_error)


# --- the serial scanner ---------------------------------------------------------------------


def test_serial_scanner_gets_codes_in_order(scanner, inbox, readers) -> None:
    serial_scanner(scanner.path, inbox, readers)
    codes = ["6901234567892", "12345670", "BS001-T01-000042", "(01)06901234567892"]
    for code in codes:
        scanner.scan(code)
    assert [inbox.next_data() for _ in codes] == codes
    inbox.assert_quiet()


def test_prefix_is_stripped_and_required(inbox, readers) -> None:
    with VirtualSerialScanner(framing="crlf", prefix="]Q1", encoding="gb18030") as device:
        serial_scanner(device.path, inbox, readers, prefix="]Q1", framing="crlf",
                       encoding="gb18030")
        device.scan("会员卡:8888")  # a Chinese QR code
        assert inbox.next_data() == "会员卡:8888"
        device.send_raw(b"6901234567892\r\n")  # no prefix
        device.scan("6901234567892")
        assert inbox.next_error().code == "bad_data"
        assert inbox.next_data() == "6901234567892"
        inbox.assert_quiet()


@pytest.mark.parametrize("garbage", [
    b"\x80\xa0\xff\r",  # not ASCII (a wrong baud rate looks like this)
    b"1" * 300 + b"\r",  # longer than a frame may be
    b"12\x0734\r",  # a control character
    b"12\r",  # shorter than min_length
], ids=["high-bytes", "over-long", "control", "short"])
def test_garbage_is_bad_data_and_reading_goes_on(scanner, inbox, readers, garbage) -> None:
    serial_scanner(scanner.path, inbox, readers)
    scanner.send_raw(garbage)
    scanner.scan("6901234567892")
    assert inbox.next_error().code == "bad_data"
    assert inbox.next_data() == "6901234567892"
    inbox.assert_quiet()


def test_bytes_outside_stx_etx_are_bad_data(inbox, readers) -> None:
    with VirtualSerialScanner(framing="stx_etx") as device:
        serial_scanner(device.path, inbox, readers, framing="stx_etx")
        device.send_raw(b"\xff\x00noise")
        device.scan("6901234567892")
        assert inbox.next_error().code == "bad_data"
        assert inbox.next_data() == "6901234567892"
        inbox.assert_quiet()


def test_a_failing_callback_does_not_stop_the_reader(scanner, inbox, readers, caplog) -> None:
    def on_scan(code: str) -> None:
        if code == "boom":
            raise RuntimeError("handler bug")
        inbox.on_data(code)

    reader = open_serial_scanner(ScannerSettings(kind="serial", port=scanner.path), on_scan,
                                 inbox.on_error)
    readers.append(reader)
    assert reader.wait_connected(WAIT_S)
    scanner.scan("boom")
    scanner.scan("6901234567892")
    assert inbox.next_data() == "6901234567892"
    assert "handler bug" in caplog.text


# --- the serial card reader -----------------------------------------------------------------


def test_card_reader_normalises_checked_frames(inbox, readers) -> None:
    with VirtualCardReader(checksum="xor") as device:
        settings = card_reader_from_config({"kind": "serial", "port": device.path,
                                            "checksum": "xor", "card_format": "8H10D"})
        reader = open_serial_card_reader(settings, inbox.on_data, inbox.on_error,
                                         reconnect_s=RECONNECT_S)
        readers.append(reader)
        assert reader.wait_connected(WAIT_S)
        device.tap("0A026F6C3A")  # 10H: low 4 bytes 0x026F6C3A == 40856634
        assert inbox.next_data() == "0040856634"
        device.tap("0040856634")
        assert inbox.next_data() == "0040856634"
        device.send_raw(b"\x020040856634\x03\x0f")  # the check byte is 0x0E
        device.tap("111,27706")  # W26 holds 3 bytes, 8H10D needs 4
        device.swipe("12345678")  # a stripe carries no chip ID
        device.tap("026F6C3A")
        assert [inbox.next_error().code for _ in range(3)] == ["bad_data", "bad_card", "bad_card"]
        assert inbox.next_data() == "0040856634"
        inbox.assert_quiet()


def test_raw_card_reader_on_lines_takes_swipes(inbox, readers) -> None:
    with VirtualCardReader(framing="cr", prefix="M") as device:
        settings = CardReaderSettings(kind="serial", port=device.path, framing="cr", prefix="M")
        reader = open_serial_card_reader(settings, inbox.on_data, inbox.on_error)
        readers.append(reader)
        assert reader.wait_connected(WAIT_S)
        device.swipe("12345678")
        device.tap("0040856634")
        assert [inbox.next_data(), inbox.next_data()] == ["12345678", "0040856634"]
        inbox.assert_quiet()


# --- ports that vanish and come back --------------------------------------------------------


def test_device_vanishing_is_reported_once(inbox, readers) -> None:
    device = VirtualSerialScanner()
    reader = serial_scanner(device.path, inbox, readers)
    device.scan("6901234567892")
    assert inbox.next_data() == "6901234567892"
    device.close()  # unplugged while the reader reads
    assert inbox.next_error().code in ("io_error", "not_found")
    inbox.assert_quiet()  # meanwhile it retried several times, silently
    assert reader.running
    reader.stop()
    assert not reader.running


def test_missing_port_is_not_found_and_retried(tmp_path: Path, inbox, readers) -> None:
    reader = SerialReader(str(tmp_path / "ttyUSB9"), inbox.on_data, inbox.on_error,
                          reconnect_s=RECONNECT_S)
    readers.append(reader)
    with reader:
        error = inbox.next_error()
        assert error.code == "not_found" and "ttyUSB9" in error.detail
        inbox.assert_quiet()
        assert reader.running and not reader.connected
    assert not reader.running


def test_reading_resumes_when_the_port_comes_back(scanner, inbox, readers) -> None:
    attempts: list[str] = []

    def open_serial(port: str, **options) -> serial.Serial:
        attempts.append(port)
        if len(attempts) <= 2:  # the adapter is still unplugged
            raise serial.SerialException(errno.ENOENT, f"could not open port {port}")
        return serial.Serial(scanner.path, **options)

    reader = SerialReader("/dev/ttyUSB0", inbox.on_data, inbox.on_error,
                          reconnect_s=RECONNECT_S, open_serial=open_serial, name="scanner")
    readers.append(reader)
    reader.start()
    assert inbox.next_error().code == "not_found"  # once, for both failed attempts
    assert reader.wait_connected(WAIT_S)
    scanner.scan("6901234567892")
    assert inbox.next_data() == "6901234567892"
    assert attempts == ["/dev/ttyUSB0"] * 3
    inbox.assert_quiet()


def test_stop_is_prompt_and_idempotent(scanner, inbox) -> None:
    reader = SerialReader(scanner.path, inbox.on_data, inbox.on_error)
    reader.start()
    reader.start()  # already running: nothing happens
    assert reader.wait_connected(WAIT_S)
    reader.stop(timeout=1.0)
    assert not reader.running and not reader.connected
    reader.stop()


def test_reader_settings_are_checked(inbox) -> None:
    for options in ({"framing": "etx"}, {"decode": "ebcdic-42"}, {"reconnect_s": 0}):
        with pytest.raises(DeviceMisconfigured):
            SerialReader("/dev/ttyS0", inbox.on_data, inbox.on_error, **options)
