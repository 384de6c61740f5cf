"""Turning any exception from the services into a message for the cashier, never a crash."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from pos_app.domain.errors import PosError
from pos_app.qt import QCoreApplication
from pos_app.ui.translation import qt_translate

log = logging.getLogger(__name__)
T = TypeVar("T")


def generic_message() -> str:
    return QCoreApplication.translate(
        "errors", "Something went wrong and nothing was changed. Please try again or call the "
        "store manager.")


def describe(exc: BaseException) -> str:
    """The translated message for a user error; a generic message for anything else."""
    if isinstance(exc, PosError):
        return exc.message(qt_translate)
    return generic_message()


class Outcome:
    """Result of `attempt`: either `.value` or `.error` (the exception) is set."""

    __slots__ = ("error", "value")

    def __init__(self, value=None, error: BaseException | None = None) -> None:
        self.value = value
        self.error = error

    @property
    def ok(self) -> bool:
        return self.error is None

    def message(self) -> str:
        return describe(self.error) if self.error is not None else ""


def attempt(action: Callable[[], T]) -> Outcome:
    """Run a service call; every exception becomes an Outcome instead of reaching Qt."""
    try:
        return Outcome(value=action())
    except PosError as exc:
        return Outcome(error=exc)
    except Exception as exc:  # the window must survive anything a service does
        log.error("unexpected error in the till window", exc_info=exc)
        return Outcome(error=exc)
