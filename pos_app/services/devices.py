"""Counter devices as the till's use cases see them: their stored settings, who may change
them, the keyboard-wedge settings the window needs, and what the customer display says.

The settings of each device are one JSON object in the till database under its role's key
(`printer`, `drawer`, `scanner`, `card_reader`, `display`); the `devices` package validates
them (through the DeviceAdmin port) before anything is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError
from pos_app.domain.money import format_yuan
from pos_app.domain.sale import SaleLine
from pos_app.services.ports import CustomerDisplay, DeviceAdmin, Translate
from pos_app.services.unit_of_work import UnitOfWorkFactory

PRINTER, DRAWER, SCANNER, CARD_READER, DISPLAY = (
    "printer", "drawer", "scanner", "card_reader", "display")
ROLES = (PRINTER, DRAWER, SCANNER, CARD_READER, DISPLAY)

ROLE_NAMES = {
    PRINTER: QT_TRANSLATE_NOOP("devices", "Receipt printer"),
    DRAWER: QT_TRANSLATE_NOOP("devices", "Cash drawer"),
    SCANNER: QT_TRANSLATE_NOOP("devices", "Barcode scanner"),
    CARD_READER: QT_TRANSLATE_NOOP("devices", "Card reader"),
    DISPLAY: QT_TRANSLATE_NOOP("devices", "Customer display"),
}

# What a till has before anyone configures it: keyboard-wedge scanner and card reader (they
# need no settings), the drawer on the printer's kick port, no customer display. The printer
# default (a virtual printer in the data dir) is the adapter's: it depends on the data dir.
DEFAULTS: dict[str, dict[str, Any]] = {
    DRAWER: {"kind": "printer"},
    SCANNER: {"kind": "wedge"},
    CARD_READER: {"kind": "wedge"},
    DISPLAY: {"kind": "none"},
}


class UnknownDeviceRole(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "There is no device called “{role}”. Choose one of: "
                                        "{roles}.")


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UnknownDeviceRole(role=role, roles=", ".join(ROLES))
    return role


def stored_settings(uow_factory: UnitOfWorkFactory, default_printer: dict[str, Any]
                    ) -> dict[str, dict[str, Any]]:
    """Every role's settings as stored, or its default."""
    defaults = {PRINTER: default_printer, **DEFAULTS}
    with uow_factory(readonly=True) as uow:
        return {role: uow.settings.get(role) or dict(defaults[role]) for role in ROLES}


def save_settings(uow_factory: UnitOfWorkFactory, admin: DeviceAdmin, role: str,
                  config: dict[str, Any], audit) -> None:
    """Validate (DeviceSettingsInvalid), store with its audit record in one transaction, then
    rebuild the till's devices. `audit(uow)` appends the audit event."""
    check_role(role)
    admin.check(role, config)
    with uow_factory() as uow:
        uow.settings.put(role, config)
        audit(uow)
        uow.commit()
    admin.apply()


def text_document(lines: Sequence[str]) -> dict[str, Any]:
    """A receipt document of plain left-aligned lines (the printer wraps nothing: the layout
    does, counting Chinese characters as two columns)."""
    return {"header": [{"text": line, "align": "left", "bold": False, "double": False}
                       for line in lines],
            "lines": [], "totals": [], "payments": [], "footer": [], "barcode": None,
            "qr": None, "open_drawer": False}


# --- the keyboard wedge -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WedgeSource:
    name: str  # SCANNER or CARD_READER
    prefix: str
    terminators: tuple[str, ...]
    min_length: int


@dataclass(frozen=True, slots=True)
class WedgeConfig:
    """What the window needs to tell a wedge scanner or card reader from typing."""

    sources: tuple[WedgeSource, ...]
    max_gap_ms: int


def wedge_config(settings: dict[str, dict[str, Any]]) -> WedgeConfig:
    sources = []
    gaps = []
    for role in (SCANNER, CARD_READER):
        config = settings.get(role) or DEFAULTS[role]
        if config.get("kind", "wedge") != "wedge":
            continue
        suffix = config.get("suffix", "enter")
        terminators = ("enter", "tab") if suffix == "none" else (suffix,)
        sources.append(WedgeSource(role, str(config.get("prefix", "")), terminators,
                                   int(config.get("min_length", 3))))
        gaps.append(int(config.get("max_gap_ms", 35)))
    return WedgeConfig(tuple(sources), max(gaps) if gaps else 35)


# --- the customer display ---------------------------------------------------------------


class CustomerScreen:
    """What the pole display says: a welcome when idle, the item and price while scanning, the
    total at payment, paid and change after it. Labels are translated. A tab in a line puts
    what follows it at the right edge (the adapter fits the line to the display's width)."""

    def __init__(self, display: CustomerDisplay, translate: Translate) -> None:
        self.display = display
        self.translate = translate
        self.store_name = ""

    def _tr(self, text: str) -> str:
        if not self.display.shows_chinese():
            return text  # English labels on an ASCII-only display, not pinyin of Chinese
        return self.translate("devices", text)

    def welcome(self) -> None:
        self.display.show(self._tr(QT_TRANSLATE_NOOP("devices", "Welcome")), self.store_name)

    def item(self, line: SaleLine, total_fen: int) -> None:
        name = line.product.name if line.qty == 1 else f"{line.product.name} x{line.qty}"
        self.display.show(f"{name}\t{_yuan(line.amount_fen)}",
                          self._pair(QT_TRANSLATE_NOOP("devices", "Total"), total_fen))

    def total(self, total_fen: int) -> None:
        self.display.show(self._tr(QT_TRANSLATE_NOOP("devices", "Please pay")),
                          self._pair(QT_TRANSLATE_NOOP("devices", "Total"), total_fen))

    def paid(self, paid_fen: int, change_fen: int) -> None:
        self.display.show(self._pair(QT_TRANSLATE_NOOP("devices", "Paid"), paid_fen),
                          self._pair(QT_TRANSLATE_NOOP("devices", "Change"), change_fen))

    def _pair(self, label: str, fen: int) -> str:
        return f"{self._tr(label)}\t{_yuan(fen)}"


def _yuan(fen: int) -> str:
    return f"¥{format_yuan(fen)}"
