"""Terminals: creation with a one-time enrolment code, enrolment, and token authentication.

HQ stores only sha256 hashes of the code and of the device token. Both are high-entropy random
strings (not passwords), so a fast hash is the right tool: it lets us look a token up by its
hash, and a copy of the database is no use for talking to HQ.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq_server.models import Terminal, utcnow
from hq_server.services.catalog import store_by_code
from hq_server.services.errors import AlreadyExists, BadInput, Forbidden, Unauthorized
from sync.protocol import EnrolRequest, EnrolResponse

# No 0/O, 1/I/L: an operator reads the code over the phone and a manager types it at the till.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS, CODE_GROUP_LEN = 3, 4  # 31**12 ≈ 2**59 possible codes
CODE_LENGTH = CODE_GROUPS * CODE_GROUP_LEN
TERMINAL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_enrol_code() -> str:
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(chars[i:i + CODE_GROUP_LEN] for i in range(0, CODE_LENGTH, CODE_GROUP_LEN))


def normalise_code(code: str) -> str:
    """What the user typed → the canonical code: case, spaces and dashes do not matter."""
    cleaned = re.sub(r"[\s-]", "", code or "").upper()
    if len(cleaned) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in cleaned):
        raise BadInput("an enrolment code looks like XXXX-XXXX-XXXX (letters and digits)")
    return "-".join(cleaned[i:i + CODE_GROUP_LEN] for i in range(0, CODE_LENGTH, CODE_GROUP_LEN))


@dataclass(frozen=True, slots=True)
class TerminalCreated:
    terminal: Terminal
    code: str
    expires_at: datetime


def create_terminal(session: Session, store_code: str, name: str,
                    valid_for: timedelta = timedelta(hours=24)) -> TerminalCreated:
    if not TERMINAL_NAME.match(name or ""):
        raise BadInput("a terminal name is 1-16 letters, digits, '-' or '_' (e.g. T01)")
    store = store_by_code(session, store_code)
    if session.scalar(select(Terminal.id).where(Terminal.store_id == store.id,
                                                Terminal.name == name)):
        raise AlreadyExists(f"store {store_code} already has a terminal named {name}")
    code = new_enrol_code()
    expires = utcnow() + valid_for
    terminal = Terminal(store_id=store.id, name=name, enrol_code_hash=sha256_hex(code),
                        enrol_expires_at=expires)
    session.add(terminal)
    session.flush()
    return TerminalCreated(terminal=terminal, code=code, expires_at=expires)


def enrol(session: Session, request: EnrolRequest) -> EnrolResponse:
    """Exchange a one-time code for a device token. The code is spent in the same transaction."""
    code_hash = sha256_hex(normalise_code(request.code))
    terminal = session.scalar(select(Terminal).where(Terminal.enrol_code_hash == code_hash)
                              .with_for_update())
    now = utcnow()
    if terminal is None or terminal.revoked:
        raise Unauthorized("unknown or already used enrolment code")
    if terminal.enrol_expires_at is None or terminal.enrol_expires_at < now:
        raise Unauthorized("this enrolment code has expired; ask head office for a new one")
    token = secrets.token_urlsafe(32)
    terminal.enrol_code_hash = None
    terminal.enrol_expires_at = None
    terminal.token_hash = sha256_hex(token)
    terminal.enrolled_at = now
    terminal.app_version = request.app_version[:32]
    store = terminal.store
    response = EnrolResponse(terminal_id=terminal.id, terminal_name=terminal.name,
                             store_id=store.id, store_code=store.code, store_name=store.name,
                             token=token)
    session.commit()
    return response


@dataclass(frozen=True, slots=True)
class TerminalPrincipal:
    """Who is calling: the terminal a device token belongs to."""

    id: str
    name: str
    store_id: str

    def require(self, terminal_id: str) -> None:
        if terminal_id != self.id:
            raise Forbidden("terminal_id in the request does not match the device token")


def authenticate(session: Session, token: str) -> TerminalPrincipal:
    if not token:
        raise Unauthorized("missing device token (Authorization: Bearer <token>)")
    terminal = session.scalar(select(Terminal).where(Terminal.token_hash == sha256_hex(token)))
    if terminal is None:
        raise Unauthorized("unknown device token; enrol this till again")
    if terminal.revoked:
        raise Unauthorized("this terminal's device token was revoked by head office")
    return TerminalPrincipal(id=terminal.id, name=terminal.name, store_id=terminal.store_id)


def revoke(session: Session, store_code: str, name: str) -> Terminal:
    store = store_by_code(session, store_code)
    terminal = session.scalar(select(Terminal).where(Terminal.store_id == store.id,
                                                     Terminal.name == name))
    if terminal is None:
        raise BadInput(f"store {store_code} has no terminal named {name}")
    terminal.revoked = True
    terminal.enrol_code_hash = None
    return terminal
