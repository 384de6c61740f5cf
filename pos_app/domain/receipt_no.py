"""Human receipt numbers: {store}-{terminal}-{yyyymmdd}-{nnnn} (DESIGN §4)."""

from __future__ import annotations

import re
from datetime import date

RECEIPT_NO_RE = re.compile(r"^(?P<store>[A-Z0-9]+)-(?P<terminal>[A-Z0-9]+)-(?P<day>\d{8})-(?P<n>\d{4,})$")


def format_receipt_no(store_code: str, terminal_name: str, business_date: date, n: int) -> str:
    return f"{store_code}-{terminal_name}-{business_date:%Y%m%d}-{n:04d}"


def is_receipt_no(text: str) -> bool:
    return bool(RECEIPT_NO_RE.match(text))
