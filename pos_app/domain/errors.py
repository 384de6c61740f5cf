"""Errors a user can cause. Each carries an English message id that the UI translates.

`QT_TRANSLATE_NOOP` is a plain marker: Qt's lupdate finds the strings by that name and puts them
in resources/i18n/*.ts under the "errors" context, without this module importing Qt.
"""

from __future__ import annotations

from typing import Any

CONTEXT = "errors"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


class PosError(Exception):
    """A rejected input or action. Nothing was changed when this is raised."""

    msgid: str = QT_TRANSLATE_NOOP("errors", "The action could not be completed.")

    def __init__(self, msgid: str | None = None, **params: Any) -> None:
        self.msgid = msgid or type(self).msgid
        self.params = params
        super().__init__(self.message())

    def message(self, translate=None) -> str:
        """The message, translated by `translate(context, msgid)` when given."""
        text = translate(CONTEXT, self.msgid) if translate else self.msgid
        try:
            return text.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return self.msgid.format(**self.params)


class InvalidBarcode(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "“{code}” is not a valid barcode (check digit is wrong).")


class UnknownBarcode(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "No product has the barcode “{code}”.")


class InvalidQuantity(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "Quantity must be a whole number from 1 to {max_qty}.")


class InvalidAmount(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "“{text}” is not an amount of money (e.g. 12.50).")


class AmountTooLarge(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "The amount is larger than the till accepts ({limit}).")


class InsufficientTender(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "Not enough money: {tendered} given, {due} due.")


class EmptySale(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "The sale has no items.")


class NoSuchLine(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "The sale has no line {line_no}.")


class LoginFailed(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "Wrong staff number or PIN.")


class LoginLocked(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Too many wrong PINs. Login is locked for {minutes} more minute(s)."
    )


class NotEnrolled(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "This till is not enrolled with head office yet (run: pos-till enroll)."
    )


class NoStaffOnTill(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "No staff are known on this till yet: sync with head office first."
    )


class TillAlreadyOpen(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "The till window is already open on this computer (data: {path})."
    )
