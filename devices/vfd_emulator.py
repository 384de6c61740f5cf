"""An interpreter of the 2x20 customer display command set (Epson DM-D style), for tests and
the simulator.

Written from the display command references, not from devices.display: the tests decode what
SerialVfd sends with this screen, so a shared misunderstanding would have to be made twice.

Cursor behaviour follows the references: after each character the firmware performs a "move
cursor right"; in overwrite mode (US MD1) the right end of the lower row continues at the left
end of the upper row, in vertical scroll mode (US MD2) it scrolls the rows up. LF moves to the
same column one row down (overwrite mode: from the lower row back to the upper row).

Encodings: "ascii" (bytes 0x20..0x7E only), or "gb18030"/"gbk", where a lead byte 0x81..0xFE
and a trail byte 0x40..0xFE (not 0x7F) make one character that fills two cells: the character
is stored in the first cell and WIDE_TAIL in the second, so `"".join(row)` reads naturally.
"""

from __future__ import annotations

ENCODINGS = ("ascii", "gb18030", "gbk")
WIDE_TAIL = ""  # the second cell of a double-width character; vanishes when a row is joined
BLANK = " "
UNKNOWN_GLYPH = "?"  # what the lenient screen shows for bytes it cannot decode

ESC, US = 0x1B, 0x1F
BS, HT, LF, HOM, CLR, CR, CAN = 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x18

# Parameter byte counts of the commands understood after ESC and US (command byte -> count).
_ESC_COMMANDS = {
    0x40: 0,  # ESC @    initialise
    0x74: 1,  # ESC t n  character code table (recorded, no effect on the text model)
    0x52: 1,  # ESC R n  international character set (recorded)
    0x3D: 1,  # ESC = n  select peripheral device (display-through printers; recorded)
}
_US_COMMANDS = {
    0x01: 0,  # US MD1   overwrite mode
    0x02: 0,  # US MD2   vertical scroll mode
    0x0A: 0,  # US LF    move cursor up
    0x0D: 0,  # US CR    move cursor to the right end of the line
    0x42: 0,  # US B     move cursor to the left end of the bottom line
    0x24: 2,  # US $ x y move cursor to column x, row y (1-based)
    0x43: 1,  # US C n   cursor display on/off
    0x58: 1,  # US X n   brightness 1..4
}
_MODES = ("overwrite", "vertical")


class VfdDecodeError(ValueError):
    """The bytes are not valid for the display (strict mode): a test failure, not a device error."""


class VfdScreen:
    """The visible state of a character display fed with raw bytes.

    strict=True (tests): anything a real display would not understand raises VfdDecodeError.
    strict=False (the simulator): such bytes are described in `skipped` and ignored (an
    undecodable character shows as "?"), as a forgiving device would.
    Sequences split across `feed` calls are completed by the next call.
    """

    def __init__(self, columns: int = 20, rows: int = 2, encoding: str = "ascii",
                 strict: bool = True) -> None:
        if encoding not in ENCODINGS:
            raise ValueError(f"encoding must be one of {ENCODINGS}, not {encoding!r}")
        if not (2 <= columns <= 255 and 1 <= rows <= 255):  # a wide character needs 2
            raise ValueError(f"unsupported screen size {columns}x{rows}")
        self.columns, self.rows, self.encoding, self.strict = columns, rows, encoding, strict
        self.skipped: list[str] = []  # lenient mode: what was ignored, in order
        self.settings: dict[str, int] = {}  # last value of recorded commands (code table ...)
        self._pending = bytearray()
        self._offset = 0  # bytes consumed so far, for messages
        self._reset()

    # --- public -----------------------------------------------------------------------------

    @property
    def cursor(self) -> tuple[int, int]:
        """(column, row), 1-based like US $."""
        return self._col + 1, self._row + 1

    def text(self) -> list[str]:
        """The rows as strings (a double-width character counts once, blanks are spaces)."""
        return ["".join(row) for row in self._cells]

    def feed(self, data: bytes) -> None:
        self._pending += data
        while self._pending:
            try:
                used = self._step()
            except VfdDecodeError:
                # The stream is broken: drop what is pending so a caller that catches this
                # can go on feeding fresh bytes.
                self._offset += len(self._pending)
                self._pending.clear()
                raise
            if used == 0:  # an incomplete sequence: wait for the rest
                return
            del self._pending[:used]
            self._offset += used

    # --- parsing ----------------------------------------------------------------------------

    def _step(self) -> int:
        """Interpret the sequence at the start of the pending bytes; return its length, or 0
        when it is not complete yet."""
        buf = self._pending
        byte = buf[0]
        if byte in (ESC, US):
            return self._command(buf)
        if byte < 0x20 or byte == 0x7F:
            return self._control(byte)
        if byte < 0x7F:
            self._put(chr(byte), 1)
            return 1
        if self.encoding == "ascii":
            return self._bad(1, f"byte {byte:#04x} outside ASCII", glyph=True)
        if not 0x81 <= byte <= 0xFE:
            return self._bad(1, f"byte {byte:#04x} cannot start a GB character", glyph=True)
        if len(buf) < 2:
            return 0
        trail = buf[1]
        if not (0x40 <= trail <= 0xFE and trail != 0x7F):
            # Includes the 4-byte GB18030 form (second byte 0x30..0x39): not in display fonts.
            return self._bad(1, f"bytes {byte:02x} {trail:02x} are not a 2-byte GB character",
                             glyph=True)
        try:
            ch = bytes(buf[:2]).decode(self.encoding)
        except UnicodeDecodeError:
            return self._bad(2, f"bytes {byte:02x} {trail:02x} are undefined in {self.encoding}",
                             glyph=True)
        self._put(ch, 2)
        return 2

    def _command(self, buf: bytearray) -> int:
        if len(buf) < 2:
            return 0
        table = _ESC_COMMANDS if buf[0] == ESC else _US_COMMANDS
        name = "ESC" if buf[0] == ESC else "US"
        code = buf[1]
        if code not in table:
            # The parameter count of an unknown command is unknown: skip the two bytes only.
            return self._bad(2, f"unknown command {name} {code:#04x}")
        size = 2 + table[code]
        if len(buf) < size:
            return 0
        params = bytes(buf[2:size])
        if buf[0] == ESC:
            self._esc(code, params)
        else:
            self._us(code, params)
        return size

    def _esc(self, code: int, params: bytes) -> None:
        if code == 0x40:
            self._reset()
        else:
            self.settings[f"ESC {chr(code)}"] = params[0]

    def _us(self, code: int, params: bytes) -> None:
        if code in (0x01, 0x02):
            self._mode = _MODES[code - 1]
        elif code == 0x0A:
            self._move_up()
        elif code == 0x0D:
            self._col = self.columns - 1
        elif code == 0x42:
            self._row, self._col = self.rows - 1, 0
        elif code == 0x24:
            x, y = params
            if not (1 <= x <= self.columns and 1 <= y <= self.rows):
                # The references: a position out of range is ignored, the cursor stays.
                self._bad(4, f"US $ {x} {y} is outside the {self.columns}x{self.rows} screen")
                return
            self._col, self._row = x - 1, y - 1
        else:
            self.settings[f"US {chr(code)}"] = params[0]

    def _control(self, byte: int) -> int:
        if byte == BS:
            self._move_left()
        elif byte == HT:
            self._move_right()
        elif byte == LF:
            self._move_down()
        elif byte == HOM:
            self._row = self._col = 0
        elif byte == CLR:
            self._clear()
        elif byte == CR:
            self._col = 0
        elif byte == CAN:
            self._cells[self._row] = [BLANK] * self.columns
            self._col = 0
        else:
            return self._bad(1, f"unknown control byte {byte:#04x}")
        return 1

    def _bad(self, size: int, why: str, glyph: bool = False) -> int:
        """Strict: raise. Lenient: note it, show "?" for an undecodable character (`glyph`)
        and skip `size` bytes."""
        message = f"{why} at byte {self._offset}"
        if self.strict:
            raise VfdDecodeError(message)
        self.skipped.append(message)
        if glyph:
            self._put(UNKNOWN_GLYPH, 1)
        return size

    # --- the screen -------------------------------------------------------------------------

    def _reset(self) -> None:
        self._mode = "overwrite"
        self._clear()

    def _clear(self) -> None:
        self._cells = [[BLANK] * self.columns for _ in range(self.rows)]
        self._row = self._col = 0

    def _put(self, ch: str, width: int) -> None:
        if width == 2 and self._col == self.columns - 1:
            if self.strict:
                raise VfdDecodeError(f"double-width {ch!r} split at the right edge of row "
                                     f"{self._row + 1} (byte {self._offset})")
            self.skipped.append(f"double-width {ch!r} moved off the right edge")
            self._move_right()
        row = self._cells[self._row]
        for col in range(self._col, self._col + width):
            self._break_wide(row, col)
        row[self._col] = ch
        if width == 2:
            row[self._col + 1] = WIDE_TAIL
        for _ in range(width):
            self._move_right()

    def _break_wide(self, row: list[str], col: int) -> None:
        """Blank the other half of a double-width character about to lose one of its cells
        (a real display would show half a glyph)."""
        if row[col] == WIDE_TAIL and col > 0:
            row[col - 1] = BLANK
        elif col + 1 < self.columns and row[col + 1] == WIDE_TAIL:
            row[col + 1] = BLANK

    def _move_right(self) -> None:
        if self._col < self.columns - 1:
            self._col += 1
            return
        self._col = 0
        if self._row < self.rows - 1:
            self._row += 1
        elif self._mode == "overwrite":
            self._row = 0
        else:
            self._scroll_up()

    def _move_left(self) -> None:
        if self._col > 0:
            self._col -= 1
        elif self._mode == "overwrite":
            self._col = self.columns - 1
            self._row = (self._row - 1) % self.rows
        elif self._row > 0:
            self._row, self._col = self._row - 1, self.columns - 1

    def _move_down(self) -> None:
        if self._row < self.rows - 1:
            self._row += 1
        elif self._mode == "overwrite":
            self._row = 0
        else:
            self._scroll_up()

    def _move_up(self) -> None:
        if self._row > 0:
            self._row -= 1
        elif self._mode == "overwrite":
            self._row = self.rows - 1
        else:
            self._cells = [[BLANK] * self.columns, *self._cells[:-1]]

    def _scroll_up(self) -> None:
        self._cells = [*self._cells[1:], [BLANK] * self.columns]
