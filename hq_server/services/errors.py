"""Errors a service raises for bad input. Each carries an HTTP status and one clear sentence;
the API turns them into {"detail": ...}, the CLI into a stderr line and exit code 2."""

from __future__ import annotations


class ServiceError(Exception):
    status_code = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadInput(ServiceError):
    status_code = 422


class NotFound(ServiceError):
    status_code = 404


class AlreadyExists(ServiceError):
    status_code = 409


class Unauthorized(ServiceError):
    status_code = 401


class Forbidden(ServiceError):
    status_code = 403


class SeqGapError(ServiceError):
    """The batch starts past last_seq + 1 (409 with body sync.protocol.SeqGap)."""

    status_code = 409

    def __init__(self, expected_seq: int, got_seq: int) -> None:
        super().__init__(
            f"events must continue from seq {expected_seq}; the batch starts at {got_seq}")
        self.expected_seq = expected_seq
