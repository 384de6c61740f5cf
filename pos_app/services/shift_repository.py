"""Abstract storage for shifts, cash movements and day closes.

The figures (what a shift took, a day's Z figures) are summed by the storage (SQL aggregates),
never by loading every sale: a Z report over thousands of sales must stay fast (DESIGN §11).
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Any

from pos_app.domain.shift import DayFigures, ShiftTakings


@dataclass(frozen=True, slots=True)
class ShiftRecord:
    id: str
    opened_at: str  # ISO-8601 UTC
    opened_by: str  # staff no.
    business_date: str
    float_fen: int
    closed_at: str | None = None
    closed_by: str | None = None
    counted_cash_fen: int | None = None
    summary: dict[str, Any] | None = None  # the shift.closed payload, once closed

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True, slots=True)
class CashMovementRecord:
    id: str
    shift_id: str
    business_date: str
    created_at: str
    kind: str  # paid_in | paid_out
    amount_fen: int
    reason: str
    staff_no: str
    approved_by: str | None


@dataclass(frozen=True, slots=True)
class ClosedDay:
    business_date: str
    closed_at: str
    closed_by: str  # staff no.
    totals: dict[str, Any]  # sync.protocol.ZTotals fields


class ShiftRepository(abc.ABC):
    """Shifts, paid-in / paid-out, and the figures the X report and the shift close need."""

    @abc.abstractmethod
    def add(self, shift: ShiftRecord) -> None: ...

    @abc.abstractmethod
    def get(self, shift_id: str) -> ShiftRecord | None: ...

    @abc.abstractmethod
    def open_shifts(self) -> list[ShiftRecord]:
        """Shifts not closed yet, oldest first (at most one, unless the file was tampered)."""

    @abc.abstractmethod
    def add_movement(self, movement: CashMovementRecord) -> None: ...

    @abc.abstractmethod
    def close(self, shift_id: str, *, closed_at: str, closed_by: str, counted_cash_fen: int,
              summary: dict[str, Any]) -> None: ...

    @abc.abstractmethod
    def takings(self, shift: ShiftRecord) -> ShiftTakings:
        """What the shift took: its sales and refunds by tender, its cash movements."""


class DayRepository(abc.ABC):
    """Closed business days and their Z totals."""

    @abc.abstractmethod
    def get(self, business_date: str) -> ClosedDay | None: ...

    @abc.abstractmethod
    def add(self, closed: ClosedDay) -> None: ...

    @abc.abstractmethod
    def figures(self, business_date: str) -> DayFigures:
        """The day's facts at this till, summed (the Z report's raw figures)."""
