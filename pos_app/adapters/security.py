"""PIN hashes (argon2id) and the device token, encrypted at rest (never stored in clear)."""

from __future__ import annotations

import os
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken

KEY_FILE = "device.key"


class Argon2PinHasher:
    def __init__(self) -> None:
        self._hasher = PasswordHasher()

    def hash(self, pin: str) -> str:
        return self._hasher.hash(pin)

    def verify(self, pin_hash: str, pin: str) -> bool:
        try:
            return self._hasher.verify(pin_hash, pin)
        except (VerificationError, InvalidHashError):
            return False


class TokenVault:
    """Encrypts the device token with a key kept in its own owner-only file in the data dir.

    The database (which is backed up and may be copied for support) then never holds the token
    in clear; a support copy of till.sqlite without device.key cannot talk to HQ.
    """

    def __init__(self, data_dir: Path) -> None:
        self.key_path = data_dir / KEY_FILE

    def _fernet(self) -> Fernet:
        if not self.key_path.exists():
            key = Fernet.generate_key()
            fd = os.open(self.key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(key)
        return Fernet(self.key_path.read_bytes())

    def seal(self, token: str) -> str:
        return self._fernet().encrypt(token.encode()).decode()

    def open(self, sealed: str) -> str | None:
        try:
            return self._fernet().decrypt(sealed.encode()).decode()
        except (InvalidToken, ValueError):
            return None
