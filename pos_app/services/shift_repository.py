"""Abstract storage for shifts, cash movements and day closes (filled in by the shifts work)."""

from __future__ import annotations

import abc


class ShiftRepository(abc.ABC):  # noqa: B024 - methods come with the shifts / refunds work
    """Shifts, paid-in / paid-out, and the figures the X / Z reports and the shift close need."""


class DayRepository(abc.ABC):  # noqa: B024 - methods come with the shifts / refunds work
    """Closed business days and their Z totals."""
