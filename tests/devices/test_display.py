"""The customer display: line fitting, the command bytes, the emulator that reads them back, a
real pty through the simulator, failures and settings."""

from __future__ import annotations

import errno
import time
from pathlib import Path
from typing import Any

import pytest
import serial

from devices.display import (
    DISPLAY_KINDS,
    InMemoryDisplay,
    NoDisplay,
    SerialVfd,
    VirtualDisplay,
    display_from_config,
    fit,
    two_columns,
)
from devices.display_sim import VirtualVfd
from devices.errors import (
    DeviceBusy,
    DeviceError,
    DeviceIOError,
    DeviceMisconfigured,
    DeviceNotFound,
    DeviceOffline,
)
from devices.vfd_emulator import VfdDecodeError, VfdScreen

EMOJI = "\U0001f600"
EXT_B = "\U0002000b"  # a 4-byte GB18030 code: no display font has it
BLANK = " " * 20


class FakePorts:
    """Stands in for serial.Serial: records every opening and write; can fail on demand."""

    def __init__(self) -> None:
        self.opened: list[dict[str, Any]] = []
        self.writes: list[bytes] = []
        self.closed = 0
        self.open_error: BaseException | None = None
        self.write_error: BaseException | None = None

    def __call__(self, **kwargs: Any) -> FakePorts:
        if self.open_error is not None:
            raise self.open_error
        self.opened.append(kwargs)
        return self

    def write(self, data: bytes) -> int:
        if self.write_error is not None:
            error, self.write_error = self.write_error, None
            raise error
        self.writes.append(data)
        return len(data)

    def close(self) -> None:
        self.closed += 1

    @property
    def data(self) -> bytes:
        return b"".join(self.writes)


def fake_vfd(encoding: str = "ascii") -> tuple[SerialVfd, FakePorts]:
    ports = FakePorts()
    return SerialVfd("/dev/ttyFAKE", encoding=encoding, open_serial=ports), ports


def shown(encoding: str, line1: str, line2: str) -> list[str]:
    """What a display of `encoding` shows after SerialVfd.show(line1, line2)."""
    vfd, ports = fake_vfd(encoding)
    vfd.show(line1, line2)
    screen = VfdScreen(encoding=encoding)  # strict: any stray command or split byte raises
    screen.feed(ports.data)
    return screen.text()


# --- fitting text ---------------------------------------------------------------------------


def test_fit_pads_and_cuts_to_the_width() -> None:
    assert fit("Cola", 20, "ascii") == "Cola" + " " * 16
    assert fit("Nongfu Spring Mineral Water", 20, "ascii") == "Nongfu Spring Minera"
    assert fit("可乐 500ml", 20, "gb18030") == "可乐 500ml" + " " * 10
    # 1 + 2 * 9 = 19 columns; the tenth character would straddle the edge: left out whole.
    assert fit("A一二三四五六七八九十", 20, "gbk") == "A一二三四五六七八九 "


def test_ascii_displays_fold_or_replace_what_they_cannot_show() -> None:
    assert fit("Café ５００ml", 20, "ascii").rstrip() == "Cafe 500ml"
    assert fit("¥3.50 ￥2", 20, "ascii").rstrip() == "Y3.50 Y2"
    assert fit("可乐½", 20, "ascii").rstrip() == "???"


def test_gb_displays_use_the_full_width_yuan_and_replace_what_no_font_has() -> None:
    assert fit("¥3.50", 20, "gb18030").rstrip() == "￥3.50"
    assert fit(f"可乐{EMOJI}{EXT_B}", 20, "gb18030").rstrip() == "可乐??"
    assert fit("€1", 20, "gbk").rstrip() == "?1"  # gbk would send one byte 0x80


def test_control_characters_never_pass() -> None:
    assert fit("Milk\x1b@\x0c\x1f$\x01\x01!", 20, "ascii").rstrip() == "Milk?@ ?$??!"
    assert fit("牛奶\n\x00", 20, "gb18030").rstrip() == "牛奶 ?"


def test_two_columns_keeps_the_amount_whole() -> None:
    assert two_columns("Total", "¥7.00", 20, "ascii") == "Total          Y7.00"
    assert two_columns("Total amount due today", "¥123.50", 20, "gb18030") == \
        "Total amoun ￥123.50"
    # label 12 columns at most (20 - 7 - 1): the sixth CJK character does not fit
    assert two_columns("合计合计合计合计", "¥3.50", 20, "gb18030") == "合计合计合计  ￥3.50"
    assert two_columns("", "3.50", 20, "ascii") == " " * 16 + "3.50"
    assert two_columns("Total", "1" * 21, 20, "ascii") == "#" * 20


def test_fit_rejects_unknown_encodings() -> None:
    with pytest.raises(DeviceMisconfigured):
        fit("x", 20, "big5")
    with pytest.raises(DeviceMisconfigured):
        two_columns("x", "1", 0, "ascii")


# --- golden bytes ---------------------------------------------------------------------------


def test_ascii_show_bytes() -> None:
    vfd, ports = fake_vfd()
    vfd.show("Cola 500ml", "Total  3.50")
    vfd.show("Cola 500ml x2", two_columns("Total", "¥7.00", 20, "ascii"))
    assert ports.writes == [
        b"\x1b\x40"  # ESC @ initialise, once after opening
        b"\x1f\x01"  # US MD1 overwrite mode
        b"\x1f\x24\x01\x01" b"Cola 500ml          "  # US $ column 1 row 1
        b"\x1f\x24\x01\x02" b"Total  3.50         ",  # US $ column 1 row 2
        b"\x1f\x24\x01\x01" b"Cola 500ml x2       "
        b"\x1f\x24\x01\x02" b"Total          Y7.00",
    ]
    assert ports.opened == [{"port": "/dev/ttyFAKE", "baudrate": 9600, "timeout": 1.0,
                             "write_timeout": 1.0, "exclusive": True}]


def test_gb18030_show_bytes() -> None:
    vfd, ports = fake_vfd("gb18030")
    vfd.show("可乐 500ml", two_columns("合计", "¥3.50", 20, "gb18030"))
    vfd.clear()
    assert ports.writes == [
        b"\x1b\x40\x1f\x01"
        b"\x1f\x24\x01\x01" b"\xbf\xc9\xc0\xd6 500ml" + b" " * 10  # 可乐: 4 columns
        + b"\x1f\x24\x01\x02" b"\xba\xcf\xbc\xc6" + b" " * 10 + b"\xa3\xa43.50",  # 合计 ... ￥3.50
        b"\x0c",  # CLR
    ]


# --- the emulator reads SerialVfd's bytes back ----------------------------------------------


def test_emulator_shows_ascii_lines() -> None:
    assert shown("ascii", "Cola 500ml", "Total  3.50") == [
        "Cola 500ml          ", "Total  3.50         "]
    assert shown("ascii", "Nongfu Spring Mineral Water 550ml", "可乐 ¥3") == [
        "Nongfu Spring Minera", "?? Y3               "]


def test_emulator_shows_chinese_lines() -> None:
    rows = shown("gb18030", "可口可乐 330ml", two_columns("合计", "¥3.50", 20, "gb18030"))
    assert rows == ["可口可乐 330ml      ", "合计          ￥3.50"]


def test_emulator_sees_no_split_character_and_no_command_in_names() -> None:
    rows = shown("gbk", "A一二三四五六七八九十", "Milk\x1b@\x0c\x1f$\x01\x02牛奶")
    assert rows == ["A一二三四五六七八九 ", "Milk?@ ?$??牛奶     "]


def test_emulator_reassembles_sequences_split_across_reads() -> None:
    vfd, ports = fake_vfd("gb18030")
    vfd.show("可口可乐", "合计 ￥3.50")
    screen = VfdScreen(encoding="gb18030")
    for byte in ports.data:
        screen.feed(bytes([byte]))
    assert [row.rstrip() for row in screen.text()] == ["可口可乐", "合计 ￥3.50"]


# --- the emulator on its own ----------------------------------------------------------------


def test_overwrite_mode_wraps_to_the_next_row_then_home() -> None:
    screen = VfdScreen()
    screen.feed(b"\x1b@" + b"a" * 20 + b"b" * 20 + b"X")
    assert screen.text() == ["X" + "a" * 19, "b" * 20]
    assert screen.cursor == (2, 1)


def test_vertical_scroll_mode_scrolls_at_the_end() -> None:
    screen = VfdScreen()
    screen.feed(b"\x1f\x02" + b"a" * 20 + b"b" * 20 + b"c")
    assert screen.text() == ["b" * 20, "c" + " " * 19]


def test_cursor_commands() -> None:
    screen = VfdScreen()
    screen.feed(b"hello\rJ")  # CR: left end of the row
    assert screen.text()[0].rstrip() == "Jello"
    screen.feed(b"\x0cab\ncd")  # LF: same column, one row down
    assert [row.rstrip() for row in screen.text()] == ["ab", "  cd"]
    screen.feed(b"\n!")  # LF on the bottom row in overwrite mode: back to the top row
    assert screen.text()[0].rstrip() == "ab  !"
    screen.feed(b"\x0b\x08Z")  # HOM, then BS from home: right end of the bottom row
    assert screen.text()[1] == "  cd" + " " * 15 + "Z"
    screen.feed(b"\x1f\x24\x03\x02\x18q")  # US $ 3 2, CAN clears that row
    assert screen.text() == ["ab  !" + " " * 15, "q" + " " * 19]
    screen.feed(b"\x1f\x42B\x1f\x0aU\x1f\x0dR")  # US B, US LF (up), US CR (right end)
    assert screen.text() == ["aU  !" + " " * 14 + "R", "B" + " " * 19]


def test_double_width_characters() -> None:
    screen = VfdScreen(encoding="gb18030")
    screen.feed("可乐".encode("gb18030"))
    assert screen.cursor == (5, 1)
    screen.feed(b"\x1f\x24\x02\x01x")  # over the right half of 可: the left half goes too
    assert screen.text()[0].rstrip() == " x乐"
    with pytest.raises(VfdDecodeError, match="right edge"):
        screen.feed(b"\x1f\x24\x14\x01" + "可".encode("gb18030"))


def test_strict_mode_rejects_what_a_display_would_not_understand() -> None:
    for data in (b"\x1b\x4a\x01", b"\x1f\x24\x15\x01", b"\x07", b"caf\xe9"):
        with pytest.raises(VfdDecodeError):
            VfdScreen().feed(data)
    with pytest.raises(VfdDecodeError):
        VfdScreen(encoding="gb18030").feed(EXT_B.encode("gb18030"))


def test_lenient_mode_records_and_goes_on() -> None:
    screen = VfdScreen(strict=False)
    screen.feed(b"\x1b\x4aab\x1f\x24\x15\x01c\x07d\xe9e")
    assert screen.text()[0].rstrip() == "abcd?e"
    assert len(screen.skipped) == 4
    assert "ESC 0x4a" in screen.skipped[0]


# --- a real pty through the simulator -------------------------------------------------------


def test_serial_vfd_over_a_pty(tmp_path: Path) -> None:
    mirror = tmp_path / "vfd.txt"
    expected = ["可口可乐 330ml      ", "合计          ￥3.50"]
    with VirtualVfd(encoding="gb18030", mirror_file=mirror) as sim, \
            SerialVfd(sim.path, encoding="gb18030") as vfd:
        assert mirror.read_text("utf-8") == f"{BLANK}\n{BLANK}\n"
        vfd.show("可口可乐 330ml", two_columns("合计", "¥3.50", 20, "gb18030"))
        assert sim.wait_for(lambda rows: rows == expected, 2.0)
        assert mirror.read_text("utf-8").splitlines() == expected
        vfd.clear()
        assert sim.wait_for(lambda rows: rows == [BLANK, BLANK], 2.0)
        assert sim.skipped() == []
        assert not sim.wait_for(lambda rows: rows[0].startswith("never"), 0.05)


def test_virtual_vfd_stops_promptly() -> None:
    sim = VirtualVfd()
    started = time.monotonic()
    sim.close()
    assert time.monotonic() - started < 0.5
    assert not sim._thread.is_alive()
    sim.close()  # twice is fine


def test_second_program_on_the_same_display_is_busy() -> None:
    with VirtualVfd() as sim, SerialVfd(sim.path) as first:
        first.show("Welcome", "")
        with pytest.raises(DeviceBusy) as err:
            SerialVfd(sim.path).show("Other till", "")
        assert sim.path in err.value.detail


def test_unplugged_display_fails_then_works_when_plugged_back(tmp_path: Path) -> None:
    # A stable name, as udev gives (/dev/serial/by-id/...), pointing at whichever pty is "plugged".
    link = tmp_path / "ttyVFD"
    first = VirtualVfd()
    link.symlink_to(first.path)
    vfd = SerialVfd(str(link))
    try:
        vfd.show("Welcome", "")
        assert first.wait_for(lambda rows: rows[0].startswith("Welcome"), 2.0)
        first.close()  # the cable is pulled
        started = time.monotonic()
        with pytest.raises(DeviceError) as err:
            vfd.show("Cola", "3.50")
        assert time.monotonic() - started < 2.0
        assert str(link) in err.value.detail
        with VirtualVfd() as second:  # plugged back in (a new pty behind the same name)
            link.unlink()
            link.symlink_to(second.path)
            vfd.show("Cola", "3.50")
            assert second.wait_for(lambda rows: [r.rstrip() for r in rows] == ["Cola", "3.50"],
                                   2.0)
    finally:
        vfd.close()
        first.close()


def test_missing_port_is_not_found(tmp_path: Path) -> None:
    port = str(tmp_path / "ttyUSB9")
    with pytest.raises(DeviceNotFound) as err:
        SerialVfd(port).show("Welcome", "")
    assert port in err.value.detail


# --- failures through a fake port -----------------------------------------------------------


def test_write_timeout_is_offline_and_the_next_show_reopens() -> None:
    vfd, ports = fake_vfd()
    vfd.show("one", "")
    ports.write_error = serial.SerialTimeoutException("Write timeout")
    with pytest.raises(DeviceOffline) as err:
        vfd.show("two", "")
    assert "/dev/ttyFAKE" in err.value.detail
    assert ports.closed == 1
    vfd.show("three", "")
    assert len(ports.opened) == 2
    assert ports.writes[-1].startswith(b"\x1b\x40\x1f\x01")  # initialised again


def test_other_write_failures_are_io_errors() -> None:
    vfd, ports = fake_vfd()
    ports.write_error = serial.SerialException("write failed: [Errno 5] Input/output error")
    with pytest.raises(DeviceIOError):
        vfd.show("one", "")
    assert ports.closed == 1


@pytest.mark.parametrize(("code", "error"), [
    (errno.ENOENT, DeviceNotFound),
    (errno.EBUSY, DeviceBusy),
    (errno.EAGAIN, DeviceBusy),
    (errno.EACCES, DeviceMisconfigured),
    (errno.EIO, DeviceIOError),
])
def test_open_errors_are_mapped(code: int, error: type[DeviceError]) -> None:
    vfd, ports = fake_vfd()
    ports.open_error = serial.SerialException(code, "could not open port /dev/ttyFAKE: ...")
    with pytest.raises(error) as err:
        vfd.show("x", "")
    assert type(err.value) is error
    assert "/dev/ttyFAKE" in err.value.detail


# --- the other displays ---------------------------------------------------------------------


def test_in_memory_display_keeps_history_and_can_fail() -> None:
    display = InMemoryDisplay()
    display.show("可乐", "¥3.50")
    display.clear()
    assert display.history == [("可乐" + " " * 16, "￥3.50" + " " * 14), (BLANK, BLANK)]
    assert display.lines == (BLANK, BLANK)
    display.fail_with = DeviceOffline("unplugged")
    with pytest.raises(DeviceOffline):
        display.show("x", "y")
    display.close()
    assert display.closed


def test_no_display_does_nothing() -> None:
    with NoDisplay() as display:
        display.show("x", "y")
        display.clear()
        assert display.describe() == "no customer display"


def test_virtual_display_writes_display_txt(tmp_path: Path) -> None:
    display = VirtualDisplay(tmp_path / "display")
    display.show("可口可乐 330ml", two_columns("合计", "¥3.50", 20, "gb18030"))
    path = tmp_path / "display" / "display.txt"
    assert path.read_text("utf-8") == "可口可乐 330ml      \n合计          ￥3.50\n"
    display.clear()
    assert path.read_text("utf-8") == f"{BLANK}\n{BLANK}\n"
    assert [p.name for p in path.parent.iterdir()] == ["display.txt"]  # no temporary left


def test_virtual_display_directory_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(DeviceMisconfigured):
        VirtualDisplay(tmp_path / "file").show("x", "")


# --- settings -------------------------------------------------------------------------------


def test_factory_builds_each_kind_without_opening_anything(tmp_path: Path) -> None:
    assert DISPLAY_KINDS == ("none", "serial", "virtual")
    assert isinstance(display_from_config(None), NoDisplay)
    assert isinstance(display_from_config({"kind": "none"}), NoDisplay)
    vfd = display_from_config({"kind": "serial", "port": str(tmp_path / "ttyUSB1"),
                               "baudrate": "19200", "encoding": "GB18030", "columns": "20",
                               "timeout": "0.5"})
    assert isinstance(vfd, SerialVfd)
    assert (vfd.baudrate, vfd.encoding, vfd.columns, vfd.timeout) == (19200, "gb18030", 20, 0.5)
    assert str(tmp_path / "ttyUSB1") in vfd.describe()
    plain = display_from_config({"kind": "serial", "port": "/dev/ttyS0"})
    assert (plain.baudrate, plain.encoding, plain.columns) == (9600, "ascii", 20)
    virtual = display_from_config({"kind": "virtual", "directory": str(tmp_path / "d"),
                                   "columns": 16})
    assert isinstance(virtual, VirtualDisplay)
    assert (virtual.encoding, virtual.columns) == ("gb18030", 16)
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize(("config", "names"), [
    ({}, "kind"),
    ({"kind": "lcd"}, "lcd"),
    ({"kind": "none", "port": "/dev/ttyS0"}, "port"),
    ({"kind": "serial"}, "port"),
    ({"kind": "serial", "port": ""}, "port"),
    ({"kind": "serial", "port": "/dev/ttyS0", "prot": "/dev/ttyS1"}, "prot"),
    ({"kind": "serial", "port": "/dev/ttyS0", "encoding": "big5"}, "encoding"),
    ({"kind": "serial", "port": "/dev/ttyS0", "columns": 12}, "columns"),
    ({"kind": "serial", "port": "/dev/ttyS0", "columns": 41}, "columns"),
    ({"kind": "serial", "port": "/dev/ttyS0", "columns": "twenty"}, "columns"),
    ({"kind": "serial", "port": "/dev/ttyS0", "baudrate": 12}, "baudrate"),
    ({"kind": "serial", "port": "/dev/ttyS0", "timeout": 0}, "timeout"),
    ({"kind": "virtual"}, "directory"),
    ({"kind": "virtual", "directory": "/tmp/d", "baudrate": 9600}, "baudrate"),
])
def test_bad_settings_are_misconfigured(config: dict, names: str) -> None:
    with pytest.raises(DeviceMisconfigured) as err:
        display_from_config(config)
    assert names in err.value.detail


def test_bad_constructor_arguments_are_misconfigured() -> None:
    with pytest.raises(DeviceMisconfigured):
        display_from_config(["kind", "serial"])  # type: ignore[arg-type]
    with pytest.raises(DeviceMisconfigured):
        SerialVfd("/dev/ttyS0", columns=10)
    with pytest.raises(DeviceMisconfigured):
        SerialVfd("/dev/ttyS0", encoding="utf-8")
    with pytest.raises(DeviceMisconfigured):
        SerialVfd("")
