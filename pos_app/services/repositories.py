"""Abstract repositories: what the services read and write, with no storage technology."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Any

from pos_app.domain.catalog import Product
from pos_app.domain.member import MemberRecord
from pos_app.domain.staff import LoginAttempts, Staff
from pos_app.services.ports import TerminalIdentity


@dataclass(frozen=True, slots=True)
class StaffCredentials:
    staff: Staff
    pin_hash: str


@dataclass(frozen=True, slots=True)
class SaleRecord:
    """A completed sale as stored."""

    id: str
    receipt_no: str
    business_date: str
    created_at: str
    staff_id: str
    staff_no: str
    total_fen: int  # paid, after discounts and rounding
    item_count: int
    lines: list[dict[str, Any]]
    tenders: list[dict[str, Any]]
    shift_id: str | None = None
    original_fen: int = 0
    discount_fen: int = 0
    rounding_fen: int = 0
    member_id: str | None = None
    member_level: str | None = None


@dataclass(frozen=True, slots=True)
class VoidRecord:
    id: str
    kind: str  # line | sale
    business_date: str
    created_at: str
    shift_id: str | None
    staff_no: str
    approved_by: str | None
    sale_id: str | None
    lines: int
    amount_fen: int


@dataclass(frozen=True, slots=True)
class SuspendedSale:
    id: str
    created_at: str
    staff_no: str
    item_count: int
    total_fen: int


@dataclass(frozen=True, slots=True)
class PrintJob:
    id: str
    receipt_no: str
    document: dict[str, Any]
    status: str
    attempts: int
    last_error: str | None


class SettingsRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, key: str, default: Any = None) -> Any: ...

    @abc.abstractmethod
    def put(self, key: str, value: Any) -> None: ...

    def identity(self) -> TerminalIdentity | None:
        data = self.get("terminal")
        return TerminalIdentity(**data) if data else None


class StaffRepository(abc.ABC):
    @abc.abstractmethod
    def credentials(self, staff_no: str) -> StaffCredentials | None: ...

    @abc.abstractmethod
    def count_active(self) -> int: ...

    @abc.abstractmethod
    def attempts(self, staff_no: str) -> LoginAttempts: ...

    @abc.abstractmethod
    def save_attempts(self, attempts: LoginAttempts) -> None: ...


class CatalogRepository(abc.ABC):
    @abc.abstractmethod
    def by_barcode(self, code: str) -> Product | None: ...

    @abc.abstractmethod
    def count_products(self) -> int: ...


class SaleRepository(abc.ABC):
    @abc.abstractmethod
    def next_receipt_number(self, business_date: str) -> int:
        """1, 2, 3 … per business day; only valid inside the transaction that uses it."""

    @abc.abstractmethod
    def add(self, sale: SaleRecord) -> None: ...

    @abc.abstractmethod
    def by_receipt_no(self, receipt_no: str) -> SaleRecord | None: ...


class OutboxRepository(abc.ABC):
    @abc.abstractmethod
    def append(
        self,
        *,
        type: str,
        payload: dict[str, Any],
        occurred_at: str,
        business_date: str,
        store_id: str,
        terminal_id: str,
        actor_id: str | None,
        v: int = 1,
    ) -> int:
        """Append one event in the current transaction; returns its seq."""

    @abc.abstractmethod
    def pending_count(self) -> int: ...


class PrintJobRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, job: PrintJob, created_at: str) -> None: ...

    @abc.abstractmethod
    def get(self, job_id: str) -> PrintJob | None: ...

    @abc.abstractmethod
    def first_for_receipt(self, receipt_no: str) -> PrintJob | None:
        """The original job of a receipt (the source of reprints)."""

    @abc.abstractmethod
    def unprinted(self, limit: int = 20) -> list[PrintJob]: ...

    @abc.abstractmethod
    def claim_next(self, now: str, stale_before: str) -> PrintJob | None:
        """Claim the oldest unprinted job for printing (status "printing", claimed at `now`)
        and return it; None when the queue is empty or its oldest job is claimed by another
        printer run since `stale_before` (that run prints the rest, in order)."""

    @abc.abstractmethod
    def mark_printed(self, job_id: str, at: str) -> None: ...

    @abc.abstractmethod
    def mark_failed(self, job_id: str, error: str) -> None: ...


class PromotionRepository(abc.ABC):
    """Promotion rules and member levels as HQ sent them (parsed by services.pricing)."""

    @abc.abstractmethod
    def rules_data(self) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def levels_data(self) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def category_codes(self) -> dict[str, str]: ...


class MemberRepository(abc.ABC):
    """Members as head office published them (entity `member` of the changes feed)."""

    @abc.abstractmethod
    def by_card(self, card_no: str) -> MemberRecord | None:
        """The member holding this (normalised) card number, whatever their status."""

    @abc.abstractmethod
    def by_id(self, member_id: str) -> MemberRecord | None: ...

    @abc.abstractmethod
    def by_member_no(self, member_no: str) -> MemberRecord | None: ...

    @abc.abstractmethod
    def count(self) -> int: ...


class SuspendedSaleRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, summary: SuspendedSale, data: dict[str, Any]) -> None: ...

    @abc.abstractmethod
    def list(self) -> list[SuspendedSale]: ...

    @abc.abstractmethod
    def take(self, suspended_id: str) -> dict[str, Any] | None:
        """The sale's data, removed from the list; None when it is gone."""


class VoidRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, void: VoidRecord) -> None: ...
