"""GTIN barcodes: EAN-13, EAN-8 and UPC-A with their check digits."""

from __future__ import annotations

from pos_app.domain.errors import InvalidBarcode

GTIN_LENGTHS = (8, 12, 13)


def gtin_check_digit(body: str) -> int:
    """Check digit for the digits before it (GS1 mod-10, weights 3,1 from the right)."""
    total = 0
    for position, char in enumerate(reversed(body)):
        total += int(char) * (3 if position % 2 == 0 else 1)
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    return (
        code.isascii()
        and code.isdigit()
        and len(code) in GTIN_LENGTHS
        and gtin_check_digit(code[:-1]) == int(code[-1])
    )


def normalize_scan(raw: str) -> str:
    """What the scanner or keyboard gave, trimmed of whitespace and terminators."""
    return (raw or "").strip().replace("\r", "").replace("\n", "")


def validate_gtin(raw: str) -> str:
    """Return the code if it is a valid EAN-13 / EAN-8 / UPC-A, else raise InvalidBarcode."""
    code = normalize_scan(raw)
    if not is_valid_gtin(code):
        raise InvalidBarcode(code=code)
    return code


def lookup_keys(code: str) -> tuple[str, ...]:
    """The forms a code may be stored under: UPC-A 012345678905 is EAN-13 0012345678905."""
    if len(code) == 12:
        return (code, "0" + code)
    if len(code) == 13 and code.startswith("0"):
        return (code, code[1:])
    return (code,)
