"""Abstract storage for refunds: the refund, its lines and tenders, and what was already
returned of a sale's lines at this till. Amounts are positive fen (money paid back)."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class RefundRecord:
    """A refund as stored.

    lines: {line_no, original_sale_id, original_line_no (None without receipt), product_id, sku,
    name, category_id, qty, amount_fen}; other keys (e.g. unit_price_fen for the slip) are
    ignored by the storage.
    tenders: {kind, amount_fen, reference, provider, status} in the order they were paid back.
    """

    id: str
    refund_no: str
    business_date: str
    created_at: str
    staff_id: str
    staff_no: str
    total_fen: int
    lines: list[dict[str, Any]]
    tenders: list[dict[str, Any]]
    original_sale_id: str | None = None
    original_receipt_no: str | None = None
    shift_id: str | None = None
    approved_by: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SaleSummary:
    """One sale of this till in a list to pick a return from."""

    id: str
    receipt_no: str
    business_date: str
    created_at: str
    staff_no: str
    total_fen: int
    item_count: int
    refunded_fen: int = 0  # paid back so far by refunds at this till
    tender_kinds: tuple[str, ...] = field(default_factory=tuple)


class RefundRepository(abc.ABC):
    """Refunds, their lines and tenders, and what was already returned of a sale's lines."""

    @abc.abstractmethod
    def add(self, refund: RefundRecord) -> None:
        """Write the refund, its lines and its tenders (in the caller's transaction)."""

    @abc.abstractmethod
    def get(self, refund_id: str) -> RefundRecord | None: ...

    @abc.abstractmethod
    def by_refund_no(self, refund_no: str) -> RefundRecord | None: ...

    @abc.abstractmethod
    def returned_qty(self, original_sale_id: str, *,
                     after_seq: int | None = None) -> dict[int, int]:
        """Units returned at this till per original line no. With `after_seq`, only refunds whose
        refund.completed event comes after that outbox seq (not yet acknowledged by HQ)."""

    @abc.abstractmethod
    def refunded_by_kind(self, original_sale_id: str) -> dict[str, int]:
        """Money paid back at this till for that sale, per tender kind."""

    @abc.abstractmethod
    def sales_for_return(self, *, business_date: str | None = None,
                         receipt_fragment: str | None = None,
                         limit: int = 50) -> list[SaleSummary]:
        """This till's sales, newest first, of one business day and/or whose receipt no.
        contains the fragment."""
