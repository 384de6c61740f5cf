"""Roles, what each may do at the counter, and how far.

A restricted action asks for another staff member's number + PIN; it runs only if that person's
role allows it (no shared override PIN). HQ may change the limits per store
(sync.protocol.StorePolicy.role_limits); what it leaves out falls back to DEFAULT_LIMITS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError

CASHIER = "cashier"
MANAGER = "manager"
FULL_RATE_BP = 10_000


class Permission(StrEnum):
    DISCOUNT = "discount"  # a line or sale discount, up to max_discount_bp of the amount
    PRICE_OVERRIDE = "price_override"
    VOID_LINE = "void_line"
    VOID_SALE = "void_sale"
    REFUND = "refund"  # up to max_refund_fen per refund
    REFUND_NO_RECEIPT = "refund_no_receipt"
    REFUND_TO_CASH = "refund_to_cash"  # pay back in cash what was paid by card or mobile
    OPEN_DRAWER = "open_drawer"  # without a sale
    CASH_MOVE = "cash_move"  # paid-in / paid-out
    CLOSE_DAY = "close_day"
    MANAGE_DEVICES = "manage_devices"  # printer, drawer, scanner, card reader, display


# What the UI and the audit log call each action.
ACTION_NAMES = {
    Permission.DISCOUNT: QT_TRANSLATE_NOOP("errors", "Discount"),
    Permission.PRICE_OVERRIDE: QT_TRANSLATE_NOOP("errors", "Price override"),
    Permission.VOID_LINE: QT_TRANSLATE_NOOP("errors", "Void line"),
    Permission.VOID_SALE: QT_TRANSLATE_NOOP("errors", "Void sale"),
    Permission.REFUND: QT_TRANSLATE_NOOP("errors", "Refund"),
    Permission.REFUND_NO_RECEIPT: QT_TRANSLATE_NOOP("errors", "Return without receipt"),
    Permission.REFUND_TO_CASH: QT_TRANSLATE_NOOP("errors", "Refund in cash"),
    Permission.OPEN_DRAWER: QT_TRANSLATE_NOOP("errors", "Open drawer"),
    Permission.CASH_MOVE: QT_TRANSLATE_NOOP("errors", "Paid in / paid out"),
    Permission.CLOSE_DAY: QT_TRANSLATE_NOOP("errors", "Close the day"),
    Permission.MANAGE_DEVICES: QT_TRANSLATE_NOOP("errors", "Device settings"),
}


class ApprovalNeeded(PosError):
    """The cashier's role does not allow this; another staff member may approve it."""

    msgid = QT_TRANSLATE_NOOP(
        "errors", "{action} needs approval: a staff member allowed to do it enters their "
                  "number and PIN.")

    def __init__(self, permission: Permission, **params: Any) -> None:
        self.permission = permission
        super().__init__(action=ACTION_NAMES[permission], **params)

    def message(self, translate=None) -> str:
        return _with_action(self, translate)


def _with_action(error: PosError, translate) -> str:
    """The message with its {action} name translated too."""
    params = dict(error.params)
    if translate and "action" in params:
        params["action"] = translate("errors", params["action"])
    text = translate("errors", error.msgid) if translate else error.msgid
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return error.msgid.format(**params)


class ApproverNotAllowed(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "Staff no. {staff_no} may not approve this ({action}).")

    def __init__(self, permission: Permission, staff_no: str) -> None:
        self.permission = permission
        super().__init__(action=ACTION_NAMES[permission], staff_no=staff_no)

    def message(self, translate=None) -> str:
        return _with_action(self, translate)


class ApproverIsRequester(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "Approval must come from another staff member.")


@dataclass(frozen=True, slots=True)
class RoleLimits:
    max_discount_bp: int = 0  # of the amount being discounted; 10000 = may give it away
    max_refund_fen: int = 0
    price_override: bool = False
    void_line: bool = False
    void_sale: bool = False
    refund_no_receipt: bool = False
    refund_to_cash: bool = False
    open_drawer: bool = False
    cash_move: bool = False
    close_day: bool = False
    manage_devices: bool = False

    def allows(self, permission: Permission, *, amount_fen: int = 0, rate_bp: int = 0) -> bool:
        if permission is Permission.DISCOUNT:
            return 0 <= rate_bp <= self.max_discount_bp
        if permission is Permission.REFUND:
            return 0 <= amount_fen <= self.max_refund_fen
        return bool(getattr(self, permission.value))

    @classmethod
    def from_config(cls, base: RoleLimits, config: Mapping[str, Any]) -> RoleLimits:
        known = {f.name: f.type for f in fields(cls)}
        values = {f.name: getattr(base, f.name) for f in fields(cls)}
        for key, value in config.items():
            if key not in known:
                raise ValueError(f"unknown role limit {key!r}")
            if key.startswith("max_"):
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValueError(f"role limit {key} must be a whole number >= 0")
            elif not isinstance(value, bool):
                raise ValueError(f"role limit {key} must be true or false")
            values[key] = value
        return cls(**values)


DEFAULT_LIMITS: dict[str, RoleLimits] = {
    # A cashier may give up to 10% off and void a line before payment; everything else needs
    # a manager. Refunds always need one (max_refund_fen 0).
    CASHIER: RoleLimits(max_discount_bp=1000, void_line=True),
    MANAGER: RoleLimits(max_discount_bp=5000, max_refund_fen=99_999_999, price_override=True,
                        void_line=True, void_sale=True, refund_no_receipt=True,
                        refund_to_cash=True, open_drawer=True, cash_move=True, close_day=True,
                        manage_devices=True),
}


def role_limits(role: str, policy: Mapping[str, Mapping[str, Any]] | None = None) -> RoleLimits:
    """The limits of `role` in this store: the defaults, changed by HQ's policy. An unknown role
    may do nothing restricted."""
    base = DEFAULT_LIMITS.get(role, RoleLimits())
    override = (policy or {}).get(role)
    return RoleLimits.from_config(base, override) if override else base


def discount_rate_bp(discount_fen: int, amount_fen: int) -> int:
    """A discount as basis points of the amount it comes off, rounded up so 10.01% is not 10%."""
    if amount_fen <= 0:
        return FULL_RATE_BP if discount_fen > 0 else 0
    return -(-discount_fen * FULL_RATE_BP // amount_fen)
