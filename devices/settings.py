"""Reading device settings (JSON from the till database or strings from the command line).

Every device module validates its own settings with `Fields`, so a bad value becomes one clear
DeviceMisconfigured naming the device and the key, before anything is opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from devices.errors import DeviceMisconfigured

_MISSING = object()


class Fields:
    """Typed access to settings that came from JSON or the command line (strings).

    `what` names the device in messages ("printer setting 'port' is required").
    """

    def __init__(self, config: Mapping[str, Any], what: str = "device") -> None:
        self.config = config
        self.what = what

    def _get(self, key: str, default: Any) -> Any:
        value = self.config.get(key, default)
        if value is _MISSING or value is None:
            raise DeviceMisconfigured(f"{self.what} setting {key!r} is required")
        return value

    def text(self, key: str, default: Any = _MISSING) -> str:
        value = self._get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise DeviceMisconfigured(f"{self.what} setting {key!r} must be a non-empty text")
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if self.config.get(key) is not None else None

    def integer(self, key: str, default: Any = _MISSING, low: int | None = None,
                high: int | None = None) -> int:
        value = self._get(key, _MISSING if default is None else default)
        try:
            if isinstance(value, bool):
                raise ValueError
            number = int(value, 0) if isinstance(value, str) else int(value)
            if isinstance(value, float) and value != number:
                raise ValueError
        except ValueError:
            raise DeviceMisconfigured(f"{self.what} setting {key!r} must be a whole number, "
                                      f"not {value!r}") from None
        if (low is not None and number < low) or (high is not None and number > high):
            raise DeviceMisconfigured(f"{self.what} setting {key!r} must be in {low}..{high}, "
                                      f"not {number}")
        return number

    def number(self, key: str, default: float) -> float:
        value = self._get(key, default)
        try:
            if isinstance(value, bool):
                raise ValueError
            number = float(value)
        except ValueError:
            raise DeviceMisconfigured(f"{self.what} setting {key!r} must be a number, "
                                      f"not {value!r}") from None
        if not 0 < number <= 300:
            raise DeviceMisconfigured(f"{self.what} setting {key!r} must be in (0, 300] seconds")
        return number

    def flag(self, key: str, default: bool) -> bool:
        value = self.config.get(key, default)
        if isinstance(value, bool):
            return value
        if isinstance(value, int | str) and str(value).lower() in ("1", "true", "yes", "on"):
            return True
        if isinstance(value, int | str) and str(value).lower() in ("0", "false", "no", "off"):
            return False
        raise DeviceMisconfigured(f"{self.what} setting {key!r} must be true or false, not {value!r}")
