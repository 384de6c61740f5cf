"""Splitting an amount of fen exactly: discounts over lines, refunds over units.

Two rules, both exact to the fen and deterministic:

* `allocate(total_fen, weights)` shares `total_fen` in proportion to integer weights by the
  largest-remainder method: every share is the exact proportional figure rounded down or up, and
  the shares always add up to `total_fen`. Used by the pricing engine to spread an order-level
  discount (满减) or a buy-N-get-M group's free value over lines, and by refunds.
* `refund_share(...)` says what refunding `k` units of a line pays back, such that refunding all
  units of the line, in any number of chunks, pays back exactly the line's final amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError
from pos_app.domain.money import Fen, round_half_up


class RefundQuantityTooLarge(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Cannot refund {refund_qty}: only {left} of {qty} are left to refund on this line."
    )


def allocate(total_fen: Fen, weights: Sequence[int]) -> list[Fen]:
    """Share `total_fen` (>= 0) over `weights` (ints >= 0) in proportion, to the fen.

    Each share is floor(total * w / W) plus at most one fen; the fen left over after flooring go
    to the largest remainders, ties to the larger weight, then to the earlier position. So the
    result depends only on the sequence given: callers that want an order-independent result
    pass the weights in a canonical order. When `total_fen <= sum(weights)`, no share exceeds
    its weight (a discount spread this way never takes a line below zero).

    A zero total gives zeros; a positive total over all-zero weights (or no weights) is a
    programming error and raises ValueError.
    """
    if isinstance(total_fen, bool) or not isinstance(total_fen, int) or total_fen < 0:
        raise ValueError(f"total_fen must be an int >= 0, not {total_fen!r}")
    for w in weights:
        if isinstance(w, bool) or not isinstance(w, int) or w < 0:
            raise ValueError(f"weights must be ints >= 0, not {w!r}")
    whole = sum(weights)
    if total_fen == 0:
        return [0] * len(weights)
    if whole == 0:
        raise ValueError("cannot allocate a positive amount over zero weights")
    shares = []
    remainders = []
    for w in weights:
        share, rem = divmod(total_fen * w, whole)
        shares.append(share)
        remainders.append(rem)
    left = total_fen - sum(shares)  # 0 <= left < len(weights)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], -weights[i], i))
    for i in order[:left]:
        shares[i] += 1
    return shares


def refunded_through(line_final_fen: Fen, line_qty: int, units: int) -> Fen:
    """What the first `units` units of a line are worth together: line final × units / qty,
    rounded half-up to the fen. 0 for no units, the whole line final for all of them."""
    if units == line_qty:
        return line_final_fen
    return round_half_up(Decimal(line_final_fen * units) / Decimal(line_qty))


def refund_share(line_final_fen: Fen, line_qty: int, already_refunded_qty: int,
                 refund_qty: int) -> Fen:
    """The fen to pay back for `refund_qty` more units of a line that sold `line_qty` units for
    `line_final_fen` in all (after every discount), `already_refunded_qty` being refunded before.

    The share is the difference of a cumulative figure (`refunded_through`), so the refunds of
    any sequence of chunks that ends with every unit returned add up to `line_final_fen` exactly,
    and two units never differ by more than one fen. Refunding more than is left raises
    RefundQuantityTooLarge (nothing is refunded).
    """
    for name, value in (("line_final_fen", line_final_fen), ("line_qty", line_qty),
                        ("already_refunded_qty", already_refunded_qty),
                        ("refund_qty", refund_qty)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be an int, not {value!r}")
    if line_final_fen < 0 or line_qty < 1 or already_refunded_qty < 0 or refund_qty < 1:
        raise ValueError("refund_share needs final >= 0, qty >= 1, already >= 0, refund >= 1")
    left = line_qty - already_refunded_qty
    if refund_qty > left:
        raise RefundQuantityTooLarge(refund_qty=refund_qty, left=max(left, 0), qty=line_qty)
    done = already_refunded_qty
    return (refunded_through(line_final_fen, line_qty, done + refund_qty)
            - refunded_through(line_final_fen, line_qty, done))
