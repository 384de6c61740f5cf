"""A small ESC/POS interpreter for tests, written from the command reference, not from our renderer.

It walks the byte stream the way a GB18030 receipt printer would and reports what the paper
says: text lines placed by alignment (a double-width character is 2 cells), barcode HRI text,
"[QR]" where a QR symbol prints, "[IMAGE]" where a raster bit image prints (GS v 0), plus
drawer kicks, cuts and feeds.

It is strict: an unknown command, a non-ASCII byte outside the double-byte mode (would print as
code-page garbage) or a 4-byte GB18030 code (not in printer fonts) raises DecodeError.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

ESC, GS, FS, DLE, LF, NUL = 0x1B, 0x1D, 0x1C, 0x10, 0x0A, 0x00


class DecodeError(AssertionError):
    pass


@dataclass
class Decoded:
    lines: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)  # mnemonic of every command, in order
    drawer_kicks: list[tuple[int, int, int]] = field(default_factory=list)  # (m, t1, t2)
    barcodes: list[tuple[int, bytes]] = field(default_factory=list)  # (type m, data)
    qr_data: list[bytes] = field(default_factory=list)
    images: list[tuple[int, int]] = field(default_factory=list)  # GS v 0: (width dots, height)
    image_data: list[bytes] = field(default_factory=list)  # their raster bytes, 1 bit = 1 dot
    bold_lines: list[str] = field(default_factory=list)  # stripped text of lines printed bold
    double_lines: list[str] = field(default_factory=list)
    cuts: int = 0
    feed_lines: int = 0

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


class _Paper:
    def __init__(self, columns: int, encoding: str) -> None:
        self.columns = columns
        self.encoding = encoding
        self.out = Decoded()
        self.reset()
        self.cells: list[tuple[str, int]] = []  # (character, cells) on the current line
        self.line_bold = False

    def reset(self) -> None:
        self.align = 0
        self.bold = False
        self.width_mul = 1
        self.height_mul = 1
        self.kanji = False
        self.hri_position = 0

    def put(self, ch: str, cells: int) -> None:
        self.cells.append((ch, cells * self.width_mul))
        self.line_bold = self.line_bold or self.bold

    def line_feed(self) -> None:
        self.emit("".join(ch for ch, _ in self.cells), sum(w for _, w in self.cells))
        self.cells = []
        self.line_bold = False

    def emit(self, text: str, width: int) -> None:
        free = max(0, self.columns - width)
        indent = (0, free // 2, free)[self.align]
        self.out.lines.append((" " * indent + text).rstrip())
        if self.line_bold:
            self.out.bold_lines.append(text.strip())
        if self.width_mul > 1:
            self.out.double_lines.append(text.strip())

    def flush(self) -> None:
        if self.cells:
            self.line_feed()


def decode(data: bytes, columns: int, encoding: str = "gb18030") -> Decoded:
    """Interpret `data`; `encoding` is what the printer's double-byte mode (or UTF-8) uses."""
    paper = _Paper(columns, encoding)
    i = 0
    n = len(data)

    def need(count: int) -> bytes:
        if i + count > n:
            raise DecodeError(f"truncated command at byte {i}")
        return data[i : i + count]

    while i < n:
        b = data[i]
        if b == LF:
            paper.line_feed()
            i += 1
        elif b == ESC:
            cmd = need(2)[1]
            i = _esc(paper, cmd, data, i, need)
        elif b == GS:
            cmd = need(2)[1]
            i = _gs(paper, cmd, data, i, need)
        elif b == FS:
            cmd = need(2)[1]
            if cmd == ord("&"):
                paper.kanji = True
                paper.out.commands.append("FS &")
            elif cmd == ord("."):
                paper.kanji = False
                paper.out.commands.append("FS .")
            else:
                raise DecodeError(f"unknown FS command {cmd:#x} at byte {i}")
            i += 2
        elif b == DLE:
            head = need(3)
            if head[1] != 0x04:
                raise DecodeError(f"unknown DLE command at byte {i}")
            paper.out.commands.append(f"DLE EOT {head[2]}")
            i += 3
        elif b < 0x20 or b == 0x7F:
            raise DecodeError(f"stray control byte {b:#04x} at byte {i}")
        elif b < 0x80:
            paper.put(chr(b), 1)
            i += 1
        else:
            i = _multibyte(paper, data, i)
    paper.flush()
    return paper.out


def _multibyte(paper: _Paper, data: bytes, i: int) -> int:
    if paper.encoding == "utf-8":
        length = 2 if data[i] < 0xE0 else 3 if data[i] < 0xF0 else 4
        try:
            ch = data[i : i + length].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"bad UTF-8 at byte {i}") from exc
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        paper.put(ch, 2 if wide else 1)
        return i + length
    if not paper.kanji:
        raise DecodeError(f"byte {data[i]:#04x} outside FS & at byte {i}: prints as garbage")
    pair = data[i : i + 2]
    if len(pair) < 2 or not 0x81 <= pair[0] <= 0xFE:
        raise DecodeError(f"bad double-byte lead at byte {i}")
    if 0x30 <= pair[1] <= 0x39:
        raise DecodeError(f"4-byte GB18030 code at byte {i}: not in printer fonts")
    try:
        ch = pair.decode(paper.encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"undecodable double-byte code {pair.hex()} at byte {i}") from exc
    paper.put(ch, 2)  # the 24-dot Chinese font: two font-A cells
    return i + 2


def _esc(paper: _Paper, cmd: int, data: bytes, i: int, need) -> int:
    c = paper.out.commands
    if cmd == ord("@"):
        paper.flush()
        paper.reset()
        c.append("ESC @")
        return i + 2
    if cmd == ord("a"):
        value = need(3)[2]
        paper.align = {0: 0, 1: 1, 2: 2, 48: 0, 49: 1, 50: 2}[value]
        c.append(f"ESC a {paper.align}")
        return i + 3
    if cmd == ord("E"):
        paper.bold = bool(need(3)[2] & 1)
        c.append(f"ESC E {int(paper.bold)}")
        return i + 3
    if cmd == ord("!"):
        value = need(3)[2]  # font A/B, bold, double height/width for one-byte characters
        paper.bold = bool(value & 0x08)
        paper.width_mul = 2 if value & 0x20 else 1
        c.append(f"ESC ! {value}")
        return i + 3
    if cmd == ord("d"):
        count = need(3)[2]
        paper.flush()
        paper.out.feed_lines += count
        c.append(f"ESC d {count}")
        return i + 3
    if cmd == ord("p"):
        _, _, m, t1, t2 = need(5)
        paper.out.drawer_kicks.append((m, t1, t2))
        c.append(f"ESC p {m} {t1} {t2}")
        return i + 5
    raise DecodeError(f"unknown ESC command {cmd:#x} at byte {i}")


def _gs(paper: _Paper, cmd: int, data: bytes, i: int, need) -> int:
    c = paper.out.commands
    if cmd == ord("!"):
        value = need(3)[2]
        paper.width_mul = (value >> 4) + 1
        paper.height_mul = (value & 0x0F) + 1
        c.append(f"GS ! {value:#04x}")
        return i + 3
    if cmd in (ord("h"), ord("w"), ord("f"), ord("H")):
        value = need(3)[2]
        if cmd == ord("H"):
            paper.hri_position = value
        c.append(f"GS {chr(cmd)} {value}")
        return i + 3
    if cmd == ord("V"):
        mode = need(3)[2]
        paper.flush()
        paper.out.cuts += 1
        c.append(f"GS V {mode}")
        return i + (4 if mode in (65, 66) else 3)
    if cmd == ord("k"):
        return _barcode(paper, data, i, need)
    if cmd == ord("v"):
        return _raster(paper, i, need)
    if cmd == ord("("):
        head = need(5)
        if head[2] != ord("k"):
            raise DecodeError(f"unknown GS ( {chr(head[2])} at byte {i}")
        size = head[3] | head[4] << 8
        body = need(5 + size)[5:]
        cn, fn, rest = body[0], body[1], body[2:]
        if cn != ord("1"):
            raise DecodeError(f"2D code type {cn} is not QR")
        c.append(f"GS ( k {fn}")
        if fn == 80:  # store data (after the m byte "0")
            paper.out.qr_data.append(rest[1:])
        elif fn == 81:  # print the stored symbol
            paper.flush()
            paper.emit("[QR]", 4)
        return i + 5 + size
    raise DecodeError(f"unknown GS command {cmd:#x} at byte {i}")


def _raster(paper: _Paper, i: int, need) -> int:
    """GS v 0 m xL xH yL yH d1...dk: k = (xL + xH * 256) bytes a row times (yL + yH * 256) rows."""
    _, _, fn, m, x_low, x_high, y_low, y_high = need(8)
    if fn != ord("0"):
        raise DecodeError(f"unknown GS v {fn:#x} at byte {i}")
    if m not in (0, 1, 2, 3, 48, 49, 50, 51):
        raise DecodeError(f"bad raster mode {m} at byte {i}")
    if paper.cells:
        # standard mode: only executed with an empty print buffer, the data would print as text
        raise DecodeError(f"GS v 0 after unprinted text at byte {i}")
    width_bytes, height = x_low | x_high << 8, y_low | y_high << 8
    if width_bytes == 0 or height == 0:
        raise DecodeError(f"empty raster image at byte {i}")
    scale = 2 if m in (1, 3, 49, 51) else 1  # double width
    if width_bytes * 8 * scale > paper.columns * 12:
        raise DecodeError(f"raster image {width_bytes * 8 * scale} dots wide: wider than the paper")
    size = width_bytes * height
    raster = need(8 + size)[8:]  # raises on a truncated image
    paper.out.images.append((width_bytes * 8, height))
    paper.out.image_data.append(raster)
    paper.out.commands.append(f"GS v 0 {m}")
    paper.emit("[IMAGE]", 7)
    return i + 8 + size


def _barcode(paper: _Paper, data: bytes, i: int, need) -> int:
    m = need(3)[2]
    if m >= 65:  # function B: a length byte, then the data
        length = need(4)[3]
        payload = need(4 + length)[4:]
        end = i + 4 + length
    else:  # function A: NUL-terminated
        stop = data.index(NUL, i + 3)
        payload = data[i + 3 : stop]
        end = stop + 1
    paper.out.barcodes.append((m, payload))
    paper.out.commands.append(f"GS k {m}")
    paper.flush()
    if paper.hri_position in (1, 2, 3, 49, 50, 51):
        hri = code128_text(payload) if m == 73 else payload.decode("ascii")
        saved = paper.width_mul
        paper.width_mul = 1  # GS ! does not scale HRI characters
        paper.emit(hri, len(hri))
        paper.width_mul = saved
    return end


def code128_text(payload: bytes) -> str:
    """Human-readable text of Epson's CODE128 data: {A/{B/{C select code sets, {{ is a brace."""
    out = []
    code_set = None
    j = 0
    while j < len(payload):
        if payload[j] == ord("{") and j + 1 < len(payload):
            nxt = chr(payload[j + 1])
            if nxt in "ABC":
                code_set = nxt
                j += 2
                continue
            if nxt == "{":
                out.append("{")
                j += 2
                continue
        if code_set is None:
            raise DecodeError("CODE128 data must start with a code set ({A, {B or {C)")
        if code_set == "C":
            if payload[j] > 99:
                raise DecodeError(f"code C value {payload[j]} > 99")
            out.append(f"{payload[j]:02d}")
        else:
            out.append(chr(payload[j]))
        j += 1
    return "".join(out)
