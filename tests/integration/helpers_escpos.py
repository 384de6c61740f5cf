"""Reading printed ESC/POS back: which receipts a byte stream holds, in order."""

from __future__ import annotations

import re

INIT = b"\x1b@"  # every job starts by resetting the printer
_RECEIPT_NO = re.compile(rb"S\d{3}-T\d{2}-\d{8}-\d{4}")


def receipt_numbers(stream: bytes) -> list[str]:
    """The receipt no. printed on each job of `stream`, job by job."""
    numbers = []
    for job in stream.split(INIT)[1:]:
        match = _RECEIPT_NO.search(job)
        if match:
            numbers.append(match.group().decode("ascii"))
    return numbers
