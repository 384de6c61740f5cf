"""The till's counter devices, built from the settings in its database.

`CounterDevices` owns one of each device and implements the services' ports on top of them:
the receipt printer and drawer (`printer`), the customer display (`display`), card number
normalisation (`cards`), serial scanners and card readers (`input`) and checking / testing /
applying settings (`admin`). When a manager saves new settings, `apply()` swaps the devices
in place, so the ports the Till holds stay the same objects.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devices.card_reader import card_reader_from_config, open_serial_card_reader
from devices.cards import normalise_card
from devices.display import CustomerDisplay as DisplayDevice
from devices.display import display_from_config, fit, two_columns
from devices.drawer import drawer_from_config
from devices.errors import DeviceError, DeviceMisconfigured
from devices.printer import Printer, printer_from_config
from devices.receipt import ReceiptDocument
from devices.scanner import open_serial_scanner, scanner_from_config
from pos_app.adapters.printing import DevicePrinter, reason
from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.ids import new_id
from pos_app.domain.pinyin import romanise
from pos_app.services import devices as roles
from pos_app.services.ports import (
    BadCardNumber,
    DeviceSettingsInvalid,
    DeviceTestFailed,
    Translate,
)
from pos_app.services.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)

SERIAL_TEST_SECONDS = 10.0  # how long a scanner / card reader test waits for one read


def default_printer(data_dir: Path) -> dict[str, Any]:
    return {"kind": "virtual", "directory": str(data_dir / "receipts"), "profile": "80mm"}


def build(role: str, config: dict[str, Any], printer: Printer | None = None) -> Any:
    """The device (or reader settings) for one role. Opens nothing; raises DeviceError.
    A drawer on the printer's kick port needs the `printer` it kicks through."""
    if not isinstance(config, dict):
        raise DeviceMisconfigured(f"{role} settings must be a JSON object")
    if role == roles.PRINTER:
        return printer_from_config(config)
    if role == roles.DRAWER:
        return drawer_from_config(config, printer)
    if role == roles.SCANNER:
        return scanner_from_config(config)
    if role == roles.CARD_READER:
        return card_reader_from_config(config)
    return display_from_config(config)


class CounterDevices:
    def __init__(self, uow_factory: UnitOfWorkFactory, data_dir: Path,
                 translate: Translate) -> None:
        self.uow_factory = uow_factory
        self.data_dir = data_dir
        self.translate = translate
        self.printer = DevicePrinter(None, translate)
        self.display = BackgroundDisplay()
        self.cards = CardNumberFormat({"kind": "wedge"})
        self.input = SerialInputs(translate)
        self.admin = DeviceSettingsAdmin(self)
        self.apply()

    def settings(self) -> dict[str, dict[str, Any]]:
        return roles.stored_settings(self.uow_factory, default_printer(self.data_dir))

    def apply(self) -> None:
        """(Re)build every device from the stored settings. Settings were checked when saved;
        one that still fails to build (a library missing on this machine) leaves that device
        off and is logged, so the till still starts and sells."""
        settings = self.settings()
        printer = self._built(roles.PRINTER, settings[roles.PRINTER])
        if printer is None:
            printer = printer_from_config(default_printer(self.data_dir))
        drawer = self._built(roles.DRAWER, settings[roles.DRAWER], printer)
        self.printer.replace(printer, drawer)
        self.display.replace(self._built(roles.DISPLAY, settings[roles.DISPLAY]))
        self.cards.replace(settings[roles.CARD_READER])
        self.input.replace(self._built(roles.SCANNER, settings[roles.SCANNER]),
                           self._built(roles.CARD_READER, settings[roles.CARD_READER]))

    def _built(self, role: str, config: dict[str, Any], printer: Printer | None = None) -> Any:
        try:
            return build(role, config, printer)
        except DeviceError as exc:
            log.error("%s settings unusable, device off: %s", role, exc)
            return None

    def close(self) -> None:
        self.input.stop()
        self.display.close()


# --- customer display ---------------------------------------------------------------------


class BackgroundDisplay:
    """The CustomerDisplay port: `show` returns at once; a thread writes the newest lines.

    A serial VFD at 9600 baud takes tens of ms per update and may block for its write timeout
    when unplugged; scanning must not wait for it. Updates that pile up are coalesced: only
    the latest text matters to the customer."""

    def __init__(self) -> None:
        self._device: DisplayDevice | None = None
        self._pending: tuple[str, str] | None = None
        self._wake = threading.Condition()
        self._closed = False
        self.last_error: DeviceError | None = None
        self.shown: tuple[str, str] | None = None  # what the device last accepted
        self._thread = threading.Thread(target=self._run, name="customer-display", daemon=True)
        self._thread.start()

    def replace(self, device: DisplayDevice | None) -> None:
        with self._wake:
            old, self._device = self._device, device
            if self.shown is not None:  # show the new display what the old one showed
                self._pending = self._pending or self.shown
            self._wake.notify()
        if old is not None and old is not device:
            _quietly(old.close)

    def show(self, line1: str, line2: str) -> None:
        with self._wake:
            self._pending = (line1, line2)
            self._wake.notify()

    def shows_chinese(self) -> bool:
        device = self._device
        return device is None or getattr(device, "encoding", "ascii") != "ascii"

    def flush(self, timeout: float = 2.0) -> bool:
        """Wait until the pending text was written (tests, and before the till closes)."""
        deadline = time.monotonic() + timeout
        with self._wake:
            while self._pending is not None and time.monotonic() < deadline:
                self._wake.wait(0.02)
            return self._pending is None

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._thread.join(timeout=2.0)
        if self._device is not None:
            _quietly(self._device.close)

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                lines, self._pending = self._pending, None
                device = self._device
            if device is not None:
                self._write(device, lines)
            with self._wake:
                self._wake.notify_all()  # flush() waits on this

    def _write(self, device: DisplayDevice, lines: tuple[str, str]) -> None:
        columns = getattr(device, "columns", 20)
        encoding = getattr(device, "encoding", "ascii")
        texts = [romanise(text) for text in lines] if encoding == "ascii" else lines
        fitted = [_layout(text, columns, encoding) for text in texts]
        try:
            device.show(*fitted)
        except DeviceError as exc:
            if self.last_error is None or self.last_error.code != exc.code:
                log.warning("customer display: %s", exc)
            self.last_error = exc
            return
        self.last_error = None
        self.shown = lines


def _layout(text: str, columns: int, encoding: str) -> str:
    left, tab, right = text.partition("\t")
    if tab:
        return two_columns(left, right, columns, encoding)
    return fit(text, columns, encoding)


# --- card numbers -------------------------------------------------------------------------


class CardNumberFormat:
    """The CardNumbers port: a reader's output in this store's member card number format."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.replace(config)

    def replace(self, config: dict[str, Any]) -> None:
        self.input_format = str(config.get("input_format", "auto"))
        self.card_format = str(config.get("card_format", "raw"))

    def normalise(self, raw: str) -> str:
        try:
            return normalise_card(raw, self.card_format, self.input_format)
        except DeviceError as exc:
            log.info("card data refused: %s", exc)
            shown = raw.strip()[:24] or "-"
            raise BadCardNumber(detail=shown) from exc


# --- serial scanners and card readers -----------------------------------------------------

PROBLEMS = {
    roles.SCANNER: QT_TRANSLATE_NOOP("devices", "Scanner: {reason}"),
    roles.CARD_READER: QT_TRANSLATE_NOOP("devices", "Card reader: {reason}"),
}


class SerialInputs:
    """The CounterInput port: a reader thread per serial scanner / card reader."""

    def __init__(self, translate: Translate) -> None:
        self.translate = translate
        self._settings: dict[str, Any] = {}
        self._readers: list[Any] = []
        self._callbacks: tuple[Callable, Callable, Callable] | None = None
        self._lock = threading.Lock()

    def replace(self, scanner, card_reader) -> None:
        with self._lock:
            self._settings = {roles.SCANNER: scanner, roles.CARD_READER: card_reader}
            running = self._callbacks is not None
        if running:
            self._stop_readers()
            self._start_readers()

    def start(self, on_scan: Callable[[str], None], on_card: Callable[[str], None],
              on_problem: Callable[[str], None]) -> None:
        """`on_card` gets card numbers already in the store's format."""
        with self._lock:
            self._callbacks = (on_scan, on_card, on_problem)
        self._start_readers()

    def stop(self) -> None:
        with self._lock:
            self._callbacks = None
        self._stop_readers()

    def _start_readers(self) -> None:
        with self._lock:
            if self._callbacks is None:
                return
            on_scan, on_card, on_problem = self._callbacks
            readers = []
            scanner = self._settings.get(roles.SCANNER)
            if scanner is not None and scanner.kind == "serial":
                readers.append(open_serial_scanner(
                    scanner, on_scan, self._problem(roles.SCANNER, on_problem)))
            card = self._settings.get(roles.CARD_READER)
            if card is not None and card.kind == "serial":
                readers.append(open_serial_card_reader(
                    card, on_card, self._problem(roles.CARD_READER, on_problem)))
            self._readers = readers  # open_serial_* return readers already started

    def _stop_readers(self) -> None:
        with self._lock:
            readers, self._readers = self._readers, []
        for reader in readers:
            _quietly(reader.stop)

    def _problem(self, role: str, on_problem: Callable[[str], None]):
        def report(error: DeviceError) -> None:
            log.warning("%s: %s", role, error)
            text = self.translate("devices", PROBLEMS[role])
            on_problem(text.format(reason=reason(self.translate, error, role)))
        return report


# --- checking and testing settings --------------------------------------------------------


class DeviceSettingsAdmin:
    """The DeviceAdmin port."""

    def __init__(self, devices: CounterDevices) -> None:
        self.devices = devices

    @property
    def translate(self) -> Translate:
        return self.devices.translate

    def check(self, role: str, config: dict[str, Any]) -> None:
        self._build(role, config)

    def _build(self, role: str, config: dict[str, Any]) -> Any:
        roles.check_role(role)
        try:
            printer = None
            if role == roles.DRAWER:  # the drawer kicks through the configured printer
                printer = self.devices._built(roles.PRINTER, self.devices.settings()[roles.PRINTER])
            return build(role, config, printer)
        except DeviceError as exc:
            raise DeviceSettingsInvalid(detail=exc.detail) from exc

    def apply(self) -> None:
        self.devices.apply()

    def settings(self) -> dict[str, dict[str, Any]]:
        return self.devices.settings()

    def test(self, role: str, config: dict[str, Any]) -> str:
        device = self._build(role, config)
        try:
            return getattr(self, f"_test_{role}")(device)
        except DeviceError as exc:
            raise DeviceTestFailed(reason=reason(self.translate, exc, role)) from exc
        finally:
            close = getattr(device, "close", None)
            if close is not None:
                _quietly(close)

    def _tr(self, text: str) -> str:
        return self.translate("devices", text)

    def _test_printer(self, printer: Printer) -> str:
        printer.print_receipt(test_page(self.translate), f"test-{new_id()}")
        return self._tr(QT_TRANSLATE_NOOP("devices", "Test page sent to the printer."))

    def _test_drawer(self, drawer) -> str:
        if drawer is None:
            return self._tr(QT_TRANSLATE_NOOP("devices", "No drawer is configured."))
        drawer.open()
        sent = self._tr(QT_TRANSLATE_NOOP("devices", "The drawer was sent the open pulse."))
        state = drawer.is_open()  # None: no switch wired
        if state is None:
            return sent
        said = (QT_TRANSLATE_NOOP("devices", "Its switch reports it open.") if state else
                QT_TRANSLATE_NOOP("devices", "Its switch still reports it closed."))
        return f"{sent} {self._tr(said)}"

    def _test_display(self, display: DisplayDevice) -> str:
        columns = getattr(display, "columns", 20)
        encoding = getattr(display, "encoding", "ascii")
        display.show(fit(self._tr(QT_TRANSLATE_NOOP("devices", "Display test")), columns,
                         encoding), two_columns("0123456789", "¥88.88", columns, encoding))
        return self._tr(QT_TRANSLATE_NOOP("devices", "Test text sent to the customer display."))

    def _test_scanner(self, settings) -> str:
        if settings.kind != "serial":
            return self._tr(QT_TRANSLATE_NOOP(
                "devices", "This scanner types like a keyboard: scan into the test field."))
        code = self._one_read(lambda on, err: open_serial_scanner(settings, on, err))
        return self._tr(QT_TRANSLATE_NOOP("devices", "Read: {code}")).format(code=code)

    def _test_card_reader(self, settings) -> str:
        if settings.kind != "serial":
            return self._tr(QT_TRANSLATE_NOOP(
                "devices", "This reader types like a keyboard: swipe or tap into the test field."))
        card = self._one_read(lambda on, err: open_serial_card_reader(settings, on, err))
        return self._tr(QT_TRANSLATE_NOOP("devices", "Card no.: {code}")).format(code=card)

    def _one_read(self, open_reader) -> str:
        results: queue.Queue = queue.Queue()
        reader = open_reader(lambda text: results.put(("ok", text)),
                             lambda error: results.put(("error", error)))
        try:
            kind, value = results.get(timeout=SERIAL_TEST_SECONDS)
        except queue.Empty:
            raise DeviceTestFailed(reason=self._tr(QT_TRANSLATE_NOOP(
                "devices", "nothing was read within 10 seconds"))) from None
        finally:
            reader.stop()
        if kind == "error":
            raise value
        return value

    def listing(self) -> list[dict[str, Any]]:
        from pos_app.adapters.device_listing import detected_devices
        return detected_devices()

    def status(self) -> dict[str, Any]:
        """How the configured devices are, as far as they can tell (asks the printer)."""
        printer, drawer = self.devices.printer._devices()
        report: dict[str, Any] = {}
        try:
            report["printer"] = printer.status().to_dict()
        except DeviceError as exc:
            report["printer"] = {"problem": exc.code, "detail": exc.detail}
        report["drawer"] = {"open": self.devices.printer.drawer_is_open()
                            if drawer is not None else None}
        error = self.devices.display.last_error
        report["display"] = {"problem": error.code if error else None,
                             "detail": error.detail if error else None}
        return report


def test_page(translate: Translate) -> ReceiptDocument:
    """A page that shows at a glance whether Chinese, alignment, barcode and QR print right."""
    from devices.receipt import AmountLine, ItemLine, TextLine

    def tr(text: str) -> str:
        return translate("devices", text)

    return ReceiptDocument(
        header=[TextLine(tr(QT_TRANSLATE_NOOP("devices", "Printer test page")), "center",
                         bold=True, double=True),
                TextLine("中文打印测试：收银小票 ￥12.80", "center"),
                TextLine("ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789")],
        lines=[ItemLine("可口可乐 500ml", "2", "3.50", "7.00"),
               ItemLine("Long product name that wraps onto the next line", "1", "12.80",
                        "12.80")],
        totals=[AmountLine(tr(QT_TRANSLATE_NOOP("devices", "Total")), "19.80", bold=True)],
        footer=[TextLine(tr(QT_TRANSLATE_NOOP("devices", "If this page reads well, the printer "
                                                         "is set up right.")), "center")],
        barcode="TEST0123456789", qr="POS TEST 二维码 0123456789",
    )


def _quietly(call: Callable[[], Any]) -> None:
    try:
        call()
    except Exception:  # closing a device that already failed must not hide the first error
        log.debug("closing a device failed", exc_info=True)
