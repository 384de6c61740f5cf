"""Money is integer fen (分) everywhere. Every rounding rule lives here and has a name."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pos_app.domain.errors import AmountTooLarge, InvalidAmount

Fen = int

FEN_PER_YUAN = 100
# No single sale, line or tender at a counter is near a million yuan; a bigger figure is a typo
# or a misread barcode, and is refused rather than recorded.
MAX_AMOUNT_FEN: Fen = 99_999_999

_AMOUNT_RE = re.compile(r"^\s*[¥￥]?\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$")


def round_half_up(value: Decimal) -> Fen:
    """Round a fen amount given as Decimal to whole fen, halves away from zero (四舍五入)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# Store rounding (抹零): the small change wiped off an all-cash sale, always in the customer's
# favour. The wiped amount is recorded as its own line ("rounding"), never hidden in a price.
ROUNDING_MODES = ("none", "jiao", "yuan")
_ROUNDING_UNIT = {"none": 1, "jiao": 10, "yuan": 100}


def cash_rounding(due_fen: Fen, mode: str) -> Fen:
    """What 抹零 wipes off `due_fen`: the fen below a jiao, or the jiao and fen below a yuan.
    0 for mode "none". Never more than the amount due."""
    if mode not in _ROUNDING_UNIT:
        raise ValueError(f"unknown rounding mode {mode!r}")
    return due_fen % _ROUNDING_UNIT[mode] if due_fen > 0 else 0


def parse_yuan(text: str) -> Fen:
    """'12', '12.5', '¥12.50' → fen. Anything else (negative, 3 decimals, letters) is refused."""
    match = _AMOUNT_RE.match(text or "")
    if not match:
        raise InvalidAmount(text=text)
    yuan, fraction = match.group(1), (match.group(2) or "").ljust(2, "0")
    fen = int(yuan) * FEN_PER_YUAN + int(fraction)
    check_amount(fen)
    return fen


def check_amount(fen: Fen) -> Fen:
    if not isinstance(fen, int) or isinstance(fen, bool) or fen < 0:
        raise InvalidAmount(text=str(fen))
    if fen > MAX_AMOUNT_FEN:
        raise AmountTooLarge(limit=format_yuan(MAX_AMOUNT_FEN))
    return fen


def format_yuan(fen: Fen) -> str:
    """1234 → '12.34'; -50 → '-0.50'. No currency sign: callers add ¥ where the medium allows."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole}.{part:02d}"


def to_decimal_yuan(fen: Fen) -> Decimal:
    try:
        return Decimal(fen) / FEN_PER_YUAN
    except InvalidOperation as exc:  # pragma: no cover - ints always convert
        raise InvalidAmount(text=str(fen)) from exc
