"""Device settings (manager): receipt printer, cash drawer, barcode scanner, card reader and
customer display.

    dialog = DeviceSettingsDialog(till, staff, worker, approver, parent=menu)
    dialog.open()

The caller checks Permission.MANAGE_DEVICES first (asking for an approver when needed, see
ManagerMenu.do_devices) and passes the approver's credentials on: every save and test goes
through the till with them, and the till checks them again.

Left: the five devices, each with the kind it is set to. Right: the chosen device's form: its
kind, that kind's settings, a test and Save. Only settings with a value go into the saved
settings, so an empty field means "the device's default". Edits are kept per device while the
dialog is open (switching devices loses nothing, and the list marks a device with unsaved
edits); only Save stores them, and closing the dialog drops what was not saved. The till
validates on save and on test: a bad value shows its message and changes nothing.

Save and test run on the worker (a serial scanner or card reader test waits up to 10 s for a
read); meanwhile Save and Test are disabled. The devices found on this machine (serial ports,
USB and Windows printers) are listed on the worker when the dialog opens and offered in the
port and printer fields.

A keyboard-wedge scanner or card reader types like a keyboard, so its test opens a test field:
scan or swipe into it, and Enter shows what was read (a card as its member card number in the
saved card format, so a card reader's edits are saved before its test). A `KeyWedge` tells a
scan from typing: the window's, when it is given, else one the dialog builds from the form's
settings, which also shows whether those settings recognise the device.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.staff import Staff
from pos_app.qt import (
    QCheckBox,
    QComboBox,
    QCoreApplication,
    QDialog,
    QEvent,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.services.approvals import Credentials
from pos_app.services.devices import (
    CARD_READER,
    DISPLAY,
    DRAWER,
    PRINTER,
    ROLE_NAMES,
    ROLES,
    SCANNER,
)
from pos_app.services.till import Till
from pos_app.ui.background import Worker
from pos_app.ui.dialogs import Message, dialog_button, key_shortcuts, label
from pos_app.ui.errors import attempt, describe
from pos_app.ui.print_line import submit_for
from pos_app.ui.style import set_role
from pos_app.ui.wedge import KeyWedge, WedgeSettings, WedgeSource

log = logging.getLogger(__name__)

CONTEXT = "DeviceSettingsDialog"  # the translation context of the texts in the tables below

# What a field holds.
TEXT = "text"  # free text (paths, host names, prefixes)
NUMBER = "number"  # digits (sent as a whole number), a decimal, or hex such as 0x04b8
CHOICE = "choice"  # one of a fixed list, or the device's default
FLAG = "flag"  # a check box
SERIAL_PORT = "serial_port"  # free text, with the serial ports found on this machine
WINDOWS_PRINTER = "windows_printer"  # free text, with the Windows printers found
USB_PRINTERS = "usb_printers"  # not a setting: the USB printers found, to fill in their ids

_DIGITS = re.compile(r"\d+")
_DECIMAL = re.compile(r"\d*\.\d+|\d+\.\d*")


@dataclass(frozen=True)
class Spec:
    """One setting in a device's form."""

    name: str  # unique within the device (the widget's object name)
    key: str  # the settings key it fills
    label: str  # QT_TRANSLATE_NOOP(CONTEXT, …)
    kinds: tuple[str, ...]  # the device kinds that take it
    type: str = TEXT
    #: CHOICE: (value, label) pairs; a label of None shows the value as it is.
    choices: tuple[tuple[Any, str | None], ...] = ()
    #: The device's default, shown as a hint (FLAG: the state that is not written).
    default: Any = None
    #: A translatable hint used instead of "Default (…)" (QT_TRANSLATE_NOOP(CONTEXT, …)).
    default_label: str | None = None
    example: str = ""  # an untranslated example shown in an empty field


BAUD_RATES = tuple((rate, None) for rate in (9600, 19200, 38400, 115200))
ENCODINGS_PRINTER = (("gb18030", None), ("gbk", None), ("utf-8", None))
SERIAL_FLOW = (
    ("none", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "None")),
    ("rtscts", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "RTS/CTS (hardware)")),
    ("xonxoff", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "XON/XOFF (software)")),
    ("dsrdtr", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "DSR/DTR (hardware)")),
)
SUFFIXES = (
    ("enter", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Enter")),
    ("tab", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Tab")),
    ("none", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Nothing (Enter or Tab both work)")),
)
FRAMINGS = (
    ("cr", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "CR at the end")),
    ("lf", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "LF at the end")),
    ("crlf", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "CR LF at the end")),
    ("stx_etx", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Between STX and ETX")),
)
CARD_FORMATS = (
    ("10H", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "10H: 10 hex digits")),
    ("8H", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "8H: 8 hex digits")),
    ("8H10D", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "8H10D: 10 decimal digits")),
    ("6H8D", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "6H8D: 8 decimal digits")),
    ("W26", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "W26: Wiegand 26 (3 + 5 digits)")),
    ("raw", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "As read (no conversion)")),
)
INPUT_FORMATS = (
    ("auto", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Auto-detect")),
    ("swipe", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Magnetic stripe")),
    *CARD_FORMATS[:-1],
    ("raw", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Any text")),
)

PRINTER_KINDS = ("virtual", "network", "usb", "serial", "windows", "file")
_SPECS: dict[str, tuple[Spec, ...]] = {
    PRINTER: (
        Spec("directory", "directory",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Folder for the printed files"),
             ("virtual",), example="D:\\pos\\receipts"),
        Spec("path", "path", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Device file"),
             ("file",), example="/dev/usb/lp0"),
        Spec("host", "host",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Printer's IP address or host name"),
             ("network",), example="192.168.1.50"),
        Spec("tcp_port", "port", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "TCP port"),
             ("network",), NUMBER, default=9100),
        Spec("usb_printers", "", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "USB printers found"),
             ("usb",), USB_PRINTERS),
        Spec("vendor_id", "vendor_id", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Vendor ID"),
             ("usb",), NUMBER, example="0x0416"),
        Spec("product_id", "product_id", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Product ID"),
             ("usb",), NUMBER, example="0x5011"),
        Spec("serial_port", "port", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Serial port"),
             ("serial",), SERIAL_PORT, example="COM3"),
        Spec("baudrate", "baudrate", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Baud rate"),
             ("serial",), CHOICE, BAUD_RATES, default=9600),
        Spec("flow", "flow", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Flow control"),
             ("serial",), CHOICE, SERIAL_FLOW, default="dsrdtr"),
        Spec("printer_name", "printer_name",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Windows printer"), ("windows",),
             WINDOWS_PRINTER),
        Spec("profile", "profile", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Paper width"),
             PRINTER_KINDS, CHOICE, (("58mm", None), ("80mm", None)), default="80mm"),
        Spec("encoding", "encoding",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Chinese character encoding"),
             PRINTER_KINDS, CHOICE, ENCODINGS_PRINTER, default="gb18030"),
        Spec("drawer_pin", "drawer_pin",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Drawer kick pin"), PRINTER_KINDS,
             CHOICE, ((2, None), (5, None)), default=2),
        Spec("drawer_on_ms", "drawer_on_ms",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Drawer pulse on (ms)"), PRINTER_KINDS,
             NUMBER, default=100),
        Spec("drawer_off_ms", "drawer_off_ms",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Drawer pulse off (ms)"),
             PRINTER_KINDS, NUMBER, default=100),
        Spec("timeout", "timeout", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Timeout (s)"),
             ("network", "serial"), NUMBER, default=5),
        Spec("timeout_ms", "timeout_ms",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Timeout (ms)"), ("usb",), NUMBER,
             default=5000),
        Spec("out_ep", "out_ep", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "OUT endpoint"),
             ("usb",), NUMBER, default="0x01"),
        Spec("in_ep", "in_ep", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "IN endpoint"),
             ("usb",), NUMBER, default="0x82"),
        Spec("font", "font",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Font file for the pictures"),
             ("virtual",), default_label=QT_TRANSLATE_NOOP("DeviceSettingsDialog",
                                                           "Default: a Chinese system font")),
        Spec("png", "png",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Also save each receipt as a picture"),
             ("virtual",), FLAG, default=True),
        Spec("paper_out", "paper_out",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Simulate: out of paper"),
             ("virtual",), FLAG, default=False),
        Spec("check_paper", "check_paper",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Check the paper before each receipt"),
             ("network", "usb", "serial"), FLAG, default=False),
        Spec("logo", "logo",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Logo image at the top (file)"),
             ("virtual", "file", "network", "usb", "serial", "windows"),
             default_label=QT_TRANSLATE_NOOP("DeviceSettingsDialog", "No logo")),
    ),
    DRAWER: (
        Spec("pin", "pin", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Kick pin"), ("printer",),
             CHOICE, ((2, None), (5, None)),
             default_label=QT_TRANSLATE_NOOP("DeviceSettingsDialog", "As set for the printer")),
        Spec("on_ms", "on_ms", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Pulse on (ms)"),
             ("printer",), NUMBER,
             default_label=QT_TRANSLATE_NOOP("DeviceSettingsDialog", "As set for the printer")),
        Spec("off_ms", "off_ms", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Pulse off (ms)"),
             ("printer",), NUMBER,
             default_label=QT_TRANSLATE_NOOP("DeviceSettingsDialog", "As set for the printer")),
        Spec("status", "status",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Drawer-open sensor"), ("printer",),
             CHOICE, (
                 ("none", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Not connected")),
                 ("high", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Open when it reads high")),
                 ("low", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Open when it reads low")),
             ), default="none"),
        Spec("serial_port", "port", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Serial port"),
             ("serial",), SERIAL_PORT, example="COM4"),
        Spec("baudrate", "baudrate", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Baud rate"),
             ("serial",), CHOICE, BAUD_RATES, default=9600),
        Spec("trigger", "trigger", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Opened by"),
             ("serial",), CHOICE, (
                 ("bytes", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Sending bytes")),
                 ("dtr", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "A DTR pulse")),
                 ("rts", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "An RTS pulse")),
             ), default="bytes"),
        Spec("data", "data", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Bytes to send (hex)"),
             ("serial",), example="1b70003232"),
        Spec("pulse_ms", "pulse_ms", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Pulse (ms)"),
             ("serial",), NUMBER, default=200),
        Spec("status_line", "status_line",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Drawer-open sensor line"), ("serial",),
             CHOICE, (("none", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Not connected")),
                      ("cts", "CTS"), ("dsr", "DSR"), ("cd", "CD")), default="none"),
        Spec("timeout", "timeout", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Timeout (s)"),
             ("serial",), NUMBER, default=2),
        Spec("directory", "directory",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Folder for drawer.log"), ("virtual",),
             example="D:\\pos\\drawer"),
        Spec("open_seconds", "open_seconds",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Reads as open for (s)"), ("virtual",),
             NUMBER, default=3),
    ),
    SCANNER: (
        Spec("serial_port", "port", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Serial port"),
             ("serial",), SERIAL_PORT, example="COM5"),
        Spec("baudrate", "baudrate", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Baud rate"),
             ("serial",), CHOICE, BAUD_RATES, default=9600),
        Spec("framing", "framing", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Each code ends"),
             ("serial",), CHOICE, FRAMINGS, default="cr"),
        Spec("encoding", "encoding", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Encoding"),
             ("serial",), CHOICE, (("ascii", None), ("gb18030", None)), default="ascii"),
        Spec("prefix", "prefix",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Prefix the scanner sends first"),
             ("wedge", "serial"),
             default_label=QT_TRANSLATE_NOOP("DeviceSettingsDialog", "No prefix")),
        Spec("suffix", "suffix",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Key sent after each code"), ("wedge",),
             CHOICE, SUFFIXES, default="enter"),
        Spec("min_length", "min_length",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Shortest code (characters)"),
             ("wedge", "serial"), NUMBER, default=3),
        Spec("max_gap_ms", "max_gap_ms",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Longest pause between keys (ms)"),
             ("wedge",), NUMBER, default=35),
    ),
    CARD_READER: (
        Spec("card_format", "card_format",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Member card numbers are written as"),
             ("wedge", "serial"), CHOICE, CARD_FORMATS, default="raw"),
        Spec("input_format", "input_format",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "The reader sends"), ("wedge", "serial"),
             CHOICE, INPUT_FORMATS, default="auto"),
        Spec("serial_port", "port", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Serial port"),
             ("serial",), SERIAL_PORT, example="COM6"),
        Spec("baudrate", "baudrate", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Baud rate"),
             ("serial",), CHOICE, BAUD_RATES, default=9600),
        Spec("framing", "framing", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Each card is sent"),
             ("serial",), CHOICE, FRAMINGS, default="stx_etx"),
        Spec("checksum", "checksum", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Check byte"),
             ("serial",), CHOICE,
             (("none", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "None")),
              ("xor", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "XOR byte after ETX"))),
             default="none"),
        Spec("prefix", "prefix",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Prefix the reader sends first"),
             ("wedge", "serial"),
             default_label=QT_TRANSLATE_NOOP("DeviceSettingsDialog", "No prefix")),
        Spec("suffix", "suffix",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Key sent after each card"), ("wedge",),
             CHOICE, SUFFIXES, default="enter"),
        Spec("max_gap_ms", "max_gap_ms",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Longest pause between keys (ms)"),
             ("wedge",), NUMBER, default=35),
    ),
    DISPLAY: (
        Spec("serial_port", "port", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Serial port"),
             ("serial",), SERIAL_PORT, example="COM2"),
        Spec("baudrate", "baudrate", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Baud rate"),
             ("serial",), CHOICE, BAUD_RATES, default=9600),
        Spec("serial_encoding", "encoding", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Encoding"),
             ("serial",), CHOICE, (("ascii", None), ("gb18030", None), ("gbk", None)),
             default="ascii"),
        Spec("directory", "directory",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Folder for display.txt"), ("virtual",),
             example="D:\\pos\\display"),
        Spec("virtual_encoding", "encoding",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Encoding"), ("virtual",), CHOICE,
             (("ascii", None), ("gb18030", None), ("gbk", None)), default="gb18030"),
        Spec("columns", "columns",
             QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Characters per line"),
             ("serial", "virtual"), NUMBER, default=20),
        Spec("timeout", "timeout", QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Timeout (s)"),
             ("serial",), NUMBER, default=1),
    ),
}

ROLE_KINDS: dict[str, tuple[str, ...]] = {
    PRINTER: PRINTER_KINDS,
    DRAWER: ("printer", "serial", "virtual", "none"),
    SCANNER: ("wedge", "serial", "none"),
    CARD_READER: ("wedge", "serial", "none"),
    DISPLAY: ("none", "serial", "virtual"),
}

KIND_NAMES = {
    "virtual": QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Virtual (writes files to a folder)"),
    "network": QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Network (LAN / Wi-Fi)"),
    "usb": QT_TRANSLATE_NOOP("DeviceSettingsDialog", "USB"),
    "serial": QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Serial port (COM)"),
    "windows": QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Windows printer"),
    "file": QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Device file"),
    "printer": QT_TRANSLATE_NOOP("DeviceSettingsDialog", "On the receipt printer"),
    "wedge": QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Keyboard mode (USB)"),
    "none": QT_TRANSLATE_NOOP("DeviceSettingsDialog", "None"),
}

TEST_NAMES = {
    PRINTER: QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Print a test page (F5)"),
    DRAWER: QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Open the drawer (F5)"),
    SCANNER: QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Scan test (F5)"),
    CARD_READER: QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Card test (F5)"),
    DISPLAY: QT_TRANSLATE_NOOP("DeviceSettingsDialog", "Display test (F5)"),
}

#: Kinds whose test does nothing useful.
_NOTHING_TO_TEST = "none"
#: Kinds that type like a keyboard: their test is a test field.
WEDGE = "wedge"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def specs_for(role: str) -> tuple[Spec, ...]:
    return _SPECS[role]


def kind_name(kind: str) -> str:
    text = KIND_NAMES.get(kind)
    return _tr(text) if text is not None else kind


def number_value(text: str) -> Any:
    """Digits as an int, a decimal as a float, anything else (hex, a typo) as typed: the till
    validates it."""
    if _DIGITS.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return float(text)
    return text


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _same(a: Any, b: Any) -> bool:
    return a == b or str(a) == str(b)


def wedge_settings(role: str, config: dict[str, Any]) -> WedgeSettings | None:
    """What a KeyWedge needs to recognise this (validated) keyboard-wedge device."""
    suffix = str(config.get("suffix", "enter"))
    try:
        source = WedgeSource(role, str(config.get("prefix", "")),
                             ("enter", "tab") if suffix == "none" else (suffix,),
                             int(config.get("min_length", 3)))
        return WedgeSettings((source,), int(config.get("max_gap_ms", 35)))
    except (TypeError, ValueError):
        return None


# -- one setting -------------------------------------------------------------------------------


class SettingField(QWidget):
    """A caption and the input for one setting."""

    changed = Signal()
    #: USB_PRINTERS: the settings of the printer chosen to be used.
    use_settings = Signal(dict)

    def __init__(self, spec: Spec, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(f"field_{spec.name}")
        self.spec = spec
        self.caption = label("caption")
        self.use_button: QPushButton | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if spec.type == FLAG:
            self.input: QWidget = QCheckBox()
            self.input.toggled.connect(self.changed)
            self.caption.hide()
        elif spec.type == CHOICE:
            combo = QComboBox()
            combo.addItem("", None)
            for value, _text in spec.choices:
                combo.addItem("", value)
            combo.currentIndexChanged.connect(self.changed)
            self.input = combo
        elif spec.type in (SERIAL_PORT, WINDOWS_PRINTER):
            combo = QComboBox()
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.editTextChanged.connect(self.changed)
            self.input = combo
        elif spec.type == USB_PRINTERS:
            self.input = QComboBox()
            self.use_button = dialog_button("use_usb_printer")
            self.use_button.clicked.connect(self._use)
        else:
            edit = QLineEdit()
            edit.setMaxLength(260)
            edit.textEdited.connect(self.changed)
            self.input = edit
        self.input.setObjectName(spec.name)
        if isinstance(self.input, QComboBox):  # long choices must not widen the form
            self.input.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.input.setMinimumContentsLength(8)
        self.caption.setBuddy(self.input)
        layout.addWidget(self.caption)
        if self.use_button is not None:
            row = QHBoxLayout()
            row.addWidget(self.input, 1)
            row.addWidget(self.use_button)
            layout.addLayout(row)
        else:
            layout.addWidget(self.input)
        self._found: list[dict] = []
        self.set_detected([])

    # -- value -----------------------------------------------------------------------------

    def value(self) -> Any:
        """What goes into the settings; None leaves the key out (the device's default)."""
        spec = self.spec
        widget = self.input
        if spec.type == FLAG:
            checked = widget.isChecked()
            return None if checked == bool(spec.default) else checked
        if spec.type == CHOICE:
            return widget.currentData()
        if spec.type == USB_PRINTERS:
            return None
        text = (widget.currentText() if isinstance(widget, QComboBox) else widget.text()).strip()
        if not text:
            return None
        return number_value(text) if spec.type == NUMBER else text

    def set_value(self, value: Any) -> None:
        spec = self.spec
        widget = self.input
        if spec.type == FLAG:
            widget.setChecked(bool(spec.default) if value is None else _flag(value))
        elif spec.type == CHOICE:
            index = 0
            if value is not None:
                found = [i for i in range(1, widget.count()) if _same(widget.itemData(i), value)]
                if found:
                    index = found[0]
                else:  # a value this form does not list: keep it as it is
                    widget.addItem(str(value), value)
                    index = widget.count() - 1
            widget.setCurrentIndex(index)
        elif spec.type in (SERIAL_PORT, WINDOWS_PRINTER):
            widget.setEditText("" if value is None else str(value))
        elif spec.type != USB_PRINTERS:
            widget.setText("" if value is None else str(value))

    # -- devices found on this machine -------------------------------------------------------

    def set_detected(self, found: list[dict]) -> None:
        spec = self.spec
        if spec.type == SERIAL_PORT:
            self._fill_editable([d for d in found if d.get("type") == "serial_port"])
        elif spec.type == WINDOWS_PRINTER:
            self._fill_editable([d for d in found if d.get("type") == "windows_printer"])
        elif spec.type == USB_PRINTERS:
            self._found = [d for d in found if d.get("type") == "usb_printer"]
            combo = self.input
            combo.clear()
            for device in self._found:
                combo.addItem(f"{device.get('name', '')} ({device.get('id', '')})",
                              device.get("settings") or {})
            combo.setEnabled(bool(self._found))
            self.use_button.setEnabled(bool(self._found))
            self.retranslate()

    def _fill_editable(self, found: list[dict]) -> None:
        combo = self.input
        text = combo.currentText()
        combo.blockSignals(True)
        try:
            combo.clear()
            for device in found:
                combo.addItem(str(device.get("id", "")))
                combo.setItemData(combo.count() - 1, str(device.get("name", "")),
                                  Qt.ItemDataRole.ToolTipRole)
            combo.setEditText(text)
        finally:
            combo.blockSignals(False)

    @Slot()
    def _use(self) -> None:
        settings = self.input.currentData()
        if isinstance(settings, dict):
            self.use_settings.emit(dict(settings))

    # -- texts -----------------------------------------------------------------------------

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _default_text(self) -> str:
        spec = self.spec
        if spec.default_label is not None:
            return _tr(spec.default_label)
        if spec.default is None:
            return self.tr("Default")
        shown = str(spec.default)
        for value, text in spec.choices:
            if _same(value, spec.default) and text is not None:
                shown = _tr(text)
        return self.tr("Default: {value}").format(value=shown)

    def retranslate(self) -> None:
        spec = self.spec
        widget = self.input
        name = _tr(spec.label)
        self.caption.setText(name)
        if spec.type == FLAG:
            widget.setText(name)
        elif spec.type == CHOICE:
            widget.setItemText(0, self._default_text())
            for i, (_value, text) in enumerate(spec.choices, start=1):
                widget.setItemText(i, _tr(text) if text is not None else str(_value))
        elif spec.type == USB_PRINTERS:
            self.use_button.setText(self.tr("Use"))
            if not self._found:
                widget.clear()
                widget.addItem(self.tr("None found"))
        else:
            hint = spec.example
            if not hint and (spec.default is not None or spec.default_label is not None):
                hint = self._default_text()
            line = widget.lineEdit() if isinstance(widget, QComboBox) else widget
            line.setPlaceholderText(hint)


# -- one device's form -------------------------------------------------------------------------


class DeviceForm(QWidget):
    """The kind and settings of one device role, its test field and its message line."""

    #: The settings in the form changed (dirty or not).
    changed = Signal()
    #: Enter in the test field of a keyboard-wedge device (the text typed).
    test_read = Signal(str)

    def __init__(self, role: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(f"device_form_{role}")
        self.role = role
        self.kinds = ROLE_KINDS[role]
        self.saved: dict[str, Any] = {}  # the form's settings as last loaded / saved
        self._loaded_kind = ""
        self._extra: dict[str, Any] = {}  # stored keys this form has no field for
        self._message: tuple[Message, str] | None = None
        self._test_prompt: Message | None = None

        self.kind_caption = label("figure")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kind")
        for kind in self.kinds:
            self.kind_combo.addItem("", kind)
        self.kind_caption.setBuddy(self.kind_combo)
        self.fields: dict[str, SettingField] = {}
        self.fields_box = QWidget()
        box = QVBoxLayout(self.fields_box)
        box.setContentsMargins(0, 0, 8, 0)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        box.addLayout(self.grid)
        box.addStretch(1)
        for spec in specs_for(role):
            field = SettingField(spec)
            field.changed.connect(self.changed)
            field.use_settings.connect(self.merge)
            self.fields[spec.name] = field
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.fields_box)
        self.scroll.viewport().setAutoFillBackground(False)
        self.fields_box.setAutoFillBackground(False)

        self.test_caption = label("caption", "test_caption", wrap=True)
        self.test_edit = QLineEdit()
        self.test_edit.setObjectName("test_field")
        self.test_edit.setMaxLength(200)
        self.test_caption.setBuddy(self.test_edit)
        self.test_edit.returnPressed.connect(self._test_entered)
        self.message_label = label("caption", "device_message", wrap=True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_caption)
        kind_row.addWidget(self.kind_combo, 1)
        layout.addLayout(kind_row)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.test_caption)
        layout.addWidget(self.test_edit)
        layout.addWidget(self.message_label)
        self.close_test()
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.retranslate()
        self._lay_out()

    # -- settings ----------------------------------------------------------------------------

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def load(self, config: dict[str, Any]) -> None:
        """Show these stored settings; they become the form's saved state."""
        kind = str(config.get("kind", self.kinds[0]))
        self.kind_combo.blockSignals(True)
        if self.kind_combo.findData(kind) < 0:  # a kind this form does not know: keep it
            self.kind_combo.addItem(kind, kind)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self.kind_combo.blockSignals(False)
        known = set()
        for field in self.fields.values():
            field.blockSignals(True)
            if kind in field.spec.kinds:
                known.add(field.spec.key)
                field.set_value(config.get(field.spec.key))
            else:
                field.set_value(None)
            field.blockSignals(False)
        self._loaded_kind = kind
        self._extra = {k: v for k, v in config.items() if k != "kind" and k not in known}
        self._lay_out()
        self.saved = self.config()
        self.changed.emit()

    def config(self) -> dict[str, Any]:
        """The settings as the form shows them: the kind and every field with a value."""
        kind = self.kind()
        config: dict[str, Any] = {"kind": kind}
        for field in self.visible_fields():
            value = field.value()
            if value is not None and field.spec.key:
                config[field.spec.key] = value
        if kind == self._loaded_kind:
            for key, value in self._extra.items():
                config.setdefault(key, value)
        return config

    def is_dirty(self) -> bool:
        return self.config() != self.saved

    def mark_saved(self) -> None:
        self.saved = self.config()
        self.changed.emit()

    def visible_fields(self) -> list[SettingField]:
        kind = self.kind()
        return [f for f in self.fields.values() if kind in f.spec.kinds]

    def field(self, name: str) -> QWidget:
        """The input widget of a field, by its name (tests, and merging detected settings)."""
        return self.fields[name].input

    @Slot(dict)
    def merge(self, settings: dict[str, Any]) -> None:
        """Fill in the settings of a device found on this machine."""
        kind = settings.get("kind")
        if kind in self.kinds and kind != self.kind():
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        for field in self.visible_fields():
            if field.spec.key in settings:
                field.set_value(settings[field.spec.key])
        self.changed.emit()

    def set_detected(self, found: list[dict]) -> None:
        for field in self.fields.values():
            field.set_detected(found)

    @Slot(int)
    def _kind_changed(self, _index: int) -> None:
        self.close_test()
        self.clear_message()
        self._lay_out()
        self.changed.emit()

    def _lay_out(self) -> None:
        """Show the fields of the chosen kind, two to a row."""
        for field in self.fields.values():
            self.grid.removeWidget(field)
            field.hide()
        visible = self.visible_fields()
        for n, field in enumerate(visible):
            self.grid.addWidget(field, n // 2, n % 2)
            field.show()
        self.scroll.setVisible(bool(visible))

    # -- test field and messages -------------------------------------------------------------

    def open_test(self, prompt: Message) -> None:
        self._test_prompt = prompt
        self.test_caption.setText(prompt())
        self.test_caption.show()
        self.test_edit.clear()
        self.test_edit.show()
        self.test_edit.setFocus()

    def close_test(self) -> None:
        self._test_prompt = None
        self.test_caption.hide()
        self.test_edit.hide()

    def test_open(self) -> bool:
        return self._test_prompt is not None

    @Slot()
    def _test_entered(self) -> None:
        text = self.test_edit.text()
        if text.strip():
            self.test_read.emit(text)
        self.test_edit.clear()
        self.test_edit.setFocus()

    def say(self, message: Message, role: str = "caption") -> None:
        self._message = (message, role)
        set_role(self.message_label, role)
        self.message_label.setText(message())

    def clear_message(self) -> None:
        self._message = None
        self.message_label.clear()

    def message_text(self) -> str:
        return self.message_label.text()

    def message_role(self) -> str:
        return str(self.message_label.property("role"))

    # -- texts -------------------------------------------------------------------------------

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.kind_caption.setText(self.tr("{device}, connected as:").format(
            device=QCoreApplication.translate("devices", ROLE_NAMES[self.role])))
        for i in range(self.kind_combo.count()):
            self.kind_combo.setItemText(i, kind_name(self.kind_combo.itemData(i)))
        for field in self.fields.values():
            field.retranslate()
        self.test_edit.setPlaceholderText(self.tr("Test field"))
        if self._test_prompt is not None:
            self.test_caption.setText(self._test_prompt())
        if self._message is not None:
            self.message_label.setText(self._message[0]())


# -- the dialog --------------------------------------------------------------------------------


class DeviceSettingsDialog(QDialog):
    """The five devices on the left, the chosen one's settings on the right."""

    #: Settings were saved (the role).
    saved = Signal(str)
    #: A save or test call ended on the worker: (role, True when it succeeded).
    finished_call = Signal(str, bool)
    #: The devices found on this machine were listed (or the listing failed).
    detected = Signal()

    def __init__(self, till: Till, staff: Staff, worker: Worker,
                 approver: Credentials | None = None, parent=None, *,
                 wedge: KeyWedge | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("device_settings_dialog")
        self.setModal(True)
        self.till = till
        self.staff = staff
        self.worker = worker
        self.approver = approver
        #: The window's KeyWedge; None: the dialog builds its own for a test from the form.
        self.wedge = wedge
        self._test_wedge: KeyWedge | None = None
        # A KeyWedge holds keys back only inside its window while that is the active window;
        # this hidden widget never is, so the dialog's own wedge just records bursts typed
        # into text fields (the test field) and leaves every other key alone.
        self._wedge_anchor = QWidget(self)
        self._wedge_anchor.hide()
        self.busy = False
        self.found: list[dict] | None = None  # the devices found on this machine
        self._found_error: BaseException | None = None
        self._load_error: BaseException | None = None

        self.title_label = label("title")
        self.found_label = label("caption", "found_devices", wrap=True)
        self.role_list = QListWidget()
        self.role_list.setObjectName("device_roles")
        self.role_list.setFixedWidth(300)
        self.role_list.setWordWrap(True)
        self.role_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.forms: dict[str, DeviceForm] = {}
        self.pages = QStackedWidget()
        self.pages.setObjectName("device_forms")
        for role in ROLES:
            form = DeviceForm(role)
            form.changed.connect(lambda r=role: self._form_changed(r))
            form.test_read.connect(lambda text, r=role: self._test_read(r, text))
            self.forms[role] = form
            self.pages.addWidget(form)
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, role)
            self.role_list.addItem(item)
        self.close_button = dialog_button("close")
        self.test_button = dialog_button("test_device")
        self.save_button = dialog_button("save_device", "primary")

        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.pages, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.test_button, 2)
        buttons.addWidget(self.save_button, 2)
        right.addLayout(buttons)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.role_list)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addWidget(self.found_label)
        layout.addLayout(body, 1)
        self.setMinimumWidth(1080)
        self.resize(1180, 760)

        self.role_list.currentRowChanged.connect(self._role_chosen)
        self.close_button.clicked.connect(self.reject)
        self.test_button.clicked.connect(self.test)
        self.save_button.clicked.connect(self.save)
        self.shortcuts = key_shortcuts(self, ((Qt.Key.Key_F5, self.test),
                                              (Qt.Key.Key_F9, self.save)))
        self.finished.connect(lambda _result: self._stop_test_wedge())

        self._load()
        self.role_list.setCurrentRow(0)
        self.retranslate()
        self.role_list.setFocus()
        submit_for(self, worker, till.detected_devices, self._found, self._not_found)

    # -- the chosen device -------------------------------------------------------------------

    def form(self, role: str | None = None) -> DeviceForm:
        """The form of `role`, or of the device chosen in the list."""
        if role is None:
            return self.pages.currentWidget()
        return self.forms[role]

    def choose(self, role: str) -> None:
        self.role_list.setCurrentRow(ROLES.index(role))

    @Slot(int)
    def _role_chosen(self, row: int) -> None:
        if 0 <= row < len(ROLES):
            self.pages.setCurrentIndex(row)
            self._update_buttons()

    def _load(self) -> None:
        outcome = attempt(self.till.device_settings)
        if not outcome.ok:
            self._load_error = outcome.error
            return
        for role, form in self.forms.items():
            form.load(dict(outcome.value.get(role) or {}))

    def _form_changed(self, role: str) -> None:
        self._retranslate_item(role)
        if role == self.form().role:
            self._update_buttons()

    def _update_buttons(self) -> None:
        form = self.form()
        can_work = not self.busy and self._load_error is None
        self.save_button.setEnabled(can_work)
        self.test_button.setEnabled(can_work and form.kind() != _NOTHING_TO_TEST)
        self.test_button.setText(_tr(TEST_NAMES[form.role]))

    # -- save and test (on the worker) -------------------------------------------------------

    @Slot()
    def save(self) -> None:
        if self.busy or self._load_error is not None:
            return
        form = self.form()
        role, config = form.role, form.config()
        till, staff, approver = self.till, self.staff, self.approver

        form.close_test()
        self._start(form, lambda: self.tr("Saving…"))
        submit_for(self, self.worker,
                   lambda: till.save_device_settings(staff, role, config, approver=approver),
                   lambda _none: self._saved(form, config),
                   lambda error: self._failed(form, error))

    def _saved(self, form: DeviceForm, config: dict[str, Any]) -> None:
        self._stop(form)
        form.saved = config  # edits made while saving stay, and show as not saved
        form.changed.emit()
        form.say(lambda: self.tr("Saved. The till uses these settings now."))
        self.saved.emit(form.role)
        self.finished_call.emit(form.role, True)

    @Slot()
    def test(self) -> None:
        if self.busy or self._load_error is not None:
            return
        form = self.form()
        role, config = form.role, form.config()
        if config["kind"] == _NOTHING_TO_TEST:
            return
        if role == CARD_READER and config["kind"] == WEDGE and form.is_dirty():
            # Cards are read in the saved card format: a test of unsaved edits would mislead.
            form.say(lambda: self.tr("Save these settings first: the card test reads cards "
                                     "with the saved settings."), "error")
            return
        till, staff, approver = self.till, self.staff, self.approver
        form.close_test()
        self._start(form, self._testing_message(role, config["kind"]))
        submit_for(self, self.worker,
                   lambda: till.test_device(staff, role, config, approver=approver),
                   lambda text: self._tested(form, config, text),
                   lambda error: self._failed(form, error))

    def _testing_message(self, role: str, kind: str) -> Message:
        if role == PRINTER:
            return lambda: self.tr("Printing a test page…")
        if role == DRAWER:
            return lambda: self.tr("Opening the drawer…")
        if role in (SCANNER, CARD_READER) and kind == "serial":
            return lambda: self.tr("Waiting up to 10 seconds for a scan or a card…")
        return lambda: self.tr("Testing…")

    def _tested(self, form: DeviceForm, config: dict[str, Any], text: str) -> None:
        self._stop(form)
        result = str(text)
        form.say(lambda: result)
        if form.role in (SCANNER, CARD_READER) and config.get("kind") == WEDGE:
            self._start_test_wedge(form.role, config)
            if form.role == SCANNER:
                form.open_test(lambda: self.tr("Scan a barcode into this field:"))
            else:
                form.open_test(lambda: self.tr("Swipe or tap a member card into this field:"))
        self.finished_call.emit(form.role, True)

    def _failed(self, form: DeviceForm, error: BaseException) -> None:
        self._stop(form)
        form.say(lambda: describe(error), "error")
        self.finished_call.emit(form.role, False)

    def _start(self, form: DeviceForm, message: Message) -> None:
        self.busy = True
        form.say(message)
        self._update_buttons()

    def _stop(self, _form: DeviceForm) -> None:
        self.busy = False
        self._update_buttons()

    # -- the keyboard-wedge test field -------------------------------------------------------

    def _start_test_wedge(self, role: str, config: dict[str, Any]) -> None:
        """Without the window's wedge, watch the test field with the form's settings."""
        if self.wedge is not None:
            return
        settings = wedge_settings(role, config)
        if settings is None:
            self._stop_test_wedge()
            return
        if self._test_wedge is None:
            self._test_wedge = KeyWedge(self._wedge_anchor, settings, parent=self)
        else:
            self._test_wedge.update_settings(settings)
        self._test_wedge.install()

    @Slot()
    def _stop_test_wedge(self) -> None:
        if self._test_wedge is not None:
            self._test_wedge.uninstall()

    def _active_wedge(self) -> KeyWedge | None:
        if self.wedge is not None:
            return self.wedge
        if self._test_wedge is not None and self._test_wedge.installed:
            return self._test_wedge
        return None

    def _test_read(self, role: str, typed: str) -> None:
        form = self.forms[role]
        wedge = self._active_wedge()
        how = None
        if wedge is not None:
            how = "device" if wedge.was_burst(form.test_edit, typed) else "typed"
        text = typed.strip()
        prefix = str(form.config().get("prefix", ""))
        if prefix and text.startswith(prefix):
            text = text[len(prefix):].strip()
        if role == SCANNER:
            form.say(self._scan_message(text, how))
            return
        outcome = attempt(lambda: self.till.cards.normalise(text))
        if not outcome.ok:
            error = outcome.error
            form.say(lambda: describe(error), "error")
            return
        form.say(self._card_message(str(outcome.value), text, how))

    def _scan_message(self, code: str, how: str | None) -> Message:
        if how == "device":
            return lambda: self.tr("Scanned: {code}").format(code=code)
        if how == "typed":
            return lambda: self.tr("Typed, not scanned: {code} (a scanner types faster; check "
                                   "the pause, length and end key settings)").format(code=code)
        return lambda: self.tr("Read: {code}").format(code=code)

    def _card_message(self, number: str, read: str, how: str | None) -> Message:
        if how == "device":
            return lambda: self.tr("Card read: member card no. {number} (sent: {read})").format(
                number=number, read=read)
        if how == "typed":
            return lambda: self.tr("Typed, not read from a card: member card no. {number} "
                                   "(sent: {read})").format(number=number, read=read)
        return lambda: self.tr("Member card no. {number} (sent: {read})").format(
            number=number, read=read)

    # -- devices found on this machine -------------------------------------------------------

    def _found(self, found: list[dict]) -> None:
        self.found = [d for d in found if isinstance(d, dict)]
        for form in self.forms.values():
            form.set_detected(self.found)
        self._retranslate_found()
        self.detected.emit()

    def _not_found(self, error: BaseException) -> None:
        log.warning("listing the devices failed: %s", error)
        self.found = []
        self._found_error = error
        self._retranslate_found()
        self.detected.emit()

    # -- texts -------------------------------------------------------------------------------

    def message_text(self, role: str | None = None) -> str:
        return self.form(role).message_text()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _retranslate_item(self, role: str) -> None:
        item = self.role_list.item(ROLES.index(role))
        form = self.forms[role]
        name = QCoreApplication.translate("devices", ROLE_NAMES[role])
        kind = kind_name(str(form.saved.get("kind", form.kind())))
        if form.is_dirty():
            text = self.tr("{device}\n{kind} · not saved").format(device=name, kind=kind)
        else:
            text = self.tr("{device}\n{kind}").format(device=name, kind=kind)
        item.setText(text)

    def _retranslate_found(self) -> None:
        if self._load_error is not None:
            set_role(self.found_label, "error")
            self.found_label.setText(describe(self._load_error))
            return
        set_role(self.found_label, "caption")
        if self.found is None:
            self.found_label.setText(self.tr("Looking for printers and serial ports on this "
                                             "computer…"))
        elif self._found_error is not None:
            self.found_label.setText(self.tr("Could not list the devices on this computer: "
                                             "type the port or printer name."))
        elif not self.found:
            self.found_label.setText(self.tr("No USB printers, serial ports or Windows "
                                             "printers were found on this computer."))
        else:
            names = ", ".join(str(d.get("id", "")) for d in self.found)
            self.found_label.setText(self.tr("Found on this computer: {devices}").format(
                devices=names))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Device settings"))
        self.title_label.setText(self.tr("Device settings"))
        for role in ROLES:
            self._retranslate_item(role)
        self.close_button.setText(self.tr("Close (Esc)"))
        self.save_button.setText(self.tr("Save (F9)"))
        self._update_buttons()
        self._retranslate_found()
