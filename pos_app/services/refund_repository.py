"""Abstract storage for refunds (filled in by the refunds work)."""

from __future__ import annotations

import abc


class RefundRepository(abc.ABC):  # noqa: B024 - methods come with the shifts / refunds work
    """Refunds, their lines and tenders, and what was already returned of a sale's lines."""
