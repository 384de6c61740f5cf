"""Outbox event types the till writes (DESIGN §6), with their payload versions.

The wire models are in sync/protocol.py; services may not import `sync`, so the names are here
too, and a test keeps the two lists equal.
"""

SALE_COMPLETED = "sale.completed"
SALE_COMPLETED_V = 2
SALE_VOIDED = "sale.voided"
REFUND_COMPLETED = "refund.completed"
SHIFT_OPENED = "shift.opened"
SHIFT_CASH_MOVED = "shift.cash_moved"
SHIFT_CLOSED = "shift.closed"
DAY_CLOSED = "day.closed"
AUDIT_OVERRIDE = "audit.override"
