"""Real printer connections: device file, raw TCP 9100, USB and serial (python-escpos)."""

from __future__ import annotations

import contextlib
import errno
import socket
from pathlib import Path
from typing import Any

from devices.base import Printer
from devices.errors import (
    DeviceBusy,
    DeviceError,
    DeviceIOError,
    DeviceMisconfigured,
    DeviceNotFound,
    DeviceOffline,
)
from devices.layout import PrinterProfile
from devices.render_escpos import DrawerKick


class FilePrinter(Printer):
    """A device node (/dev/usb/lp0, /dev/ttyS0 set up elsewhere) or any file; jobs are appended."""

    def __init__(self, path: str | Path, profile: PrinterProfile | None = None,
                 drawer: DrawerKick | None = None) -> None:
        super().__init__(profile, drawer)
        self.path = Path(path)
        self._fh: Any = None

    def _open(self) -> None:
        try:
            # "ab": never truncates a regular file; on a device node it is an ordinary write.
            self._fh = self.path.open("ab", buffering=0)
        except FileNotFoundError as exc:
            raise DeviceNotFound(f"no printer at {self.path}") from exc
        except PermissionError as exc:
            raise DeviceMisconfigured(f"no permission to write {self.path} "
                                      "(is the user in the lp group?)") from exc
        except OSError as exc:
            raise _os_error(exc, f"cannot open {self.path}") from exc

    def _raw(self, data: bytes) -> None:
        try:
            self._fh.write(data)
            self._fh.flush()
        except OSError as exc:
            raise _os_error(exc, f"writing to {self.path} failed") from exc

    def _release(self) -> None:
        fh, self._fh = self._fh, None
        if fh is not None:
            with contextlib.suppress(OSError):  # the job reached the device or raised already
                fh.close()


class NetworkPrinter(Printer):
    """Raw TCP (port 9100, "JetDirect"). One connection per job: most printers serve a single
    client at a time, so holding the connection would lock out the other tills."""

    def __init__(self, host: str, port: int = 9100, timeout: float = 5.0,
                 profile: PrinterProfile | None = None, drawer: DrawerKick | None = None,
                 check_paper: bool = False) -> None:
        super().__init__(profile, drawer, check_paper)
        self.host, self.port, self.timeout = host, port, timeout
        self._sock: socket.socket | None = None

    def _open(self) -> None:
        where = f"{self.host}:{self.port}"
        try:
            self._sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except socket.gaierror as exc:
            raise DeviceNotFound(f"printer host {self.host!r} not found: {exc}") from exc
        except (ConnectionRefusedError, TimeoutError) as exc:
            raise DeviceOffline(f"printer at {where} does not answer: {exc}") from exc
        except OSError as exc:
            raise DeviceOffline(f"printer at {where} unreachable: {exc}") from exc

    def _raw(self, data: bytes) -> None:
        assert self._sock is not None
        try:
            self._sock.sendall(data)
        except TimeoutError as exc:
            raise DeviceOffline(f"printer at {self.host}:{self.port} stopped reading") from exc
        except OSError as exc:
            raise DeviceIOError(f"sending to {self.host}:{self.port} failed: {exc}") from exc

    def _read(self) -> bytes:
        assert self._sock is not None
        try:
            return self._sock.recv(1)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise DeviceIOError(f"reading from {self.host}:{self.port} failed: {exc}") from exc

    def _release(self) -> None:
        sock, self._sock = self._sock, None
        if sock is None:
            return
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_WR)  # tell the printer the job is complete
        sock.close()


class UsbPrinter(Printer):
    """A USB printer through python-escpos (pyusb/libusb), imported only when a job runs."""

    def __init__(self, vendor_id: int, product_id: int, profile: PrinterProfile | None = None,
                 drawer: DrawerKick | None = None, timeout_ms: int = 5000,
                 in_ep: int = 0x82, out_ep: int = 0x01, check_paper: bool = False) -> None:
        super().__init__(profile, drawer, check_paper)
        self.vendor_id, self.product_id = vendor_id, product_id
        self.timeout_ms, self.in_ep, self.out_ep = timeout_ms, in_ep, out_ep
        self._dev: Any = None

    @property
    def _name(self) -> str:
        return f"USB printer {self.vendor_id:04x}:{self.product_id:04x}"

    def _open(self) -> None:
        try:
            import usb.core
            from escpos.exceptions import DeviceNotFoundError
            from escpos.printer import Usb
        except ImportError as exc:
            raise DeviceMisconfigured(f"USB support is not installed: {exc}") from exc
        dev = Usb(self.vendor_id, self.product_id, timeout=self.timeout_ms,
                  in_ep=self.in_ep, out_ep=self.out_ep)
        try:
            dev.open()
        except usb.core.NoBackendError as exc:
            raise DeviceMisconfigured(f"libusb is not installed: {exc}") from exc
        except DeviceNotFoundError as exc:
            raise _usb_open_error(exc, self._name) from exc
        self._dev = dev

    def _raw(self, data: bytes) -> None:
        try:
            self._dev._raw(data)
        except Exception as exc:  # pyusb raises USBError/USBTimeoutError and ValueError
            raise _usb_io_error(exc, self._name) from exc

    def _read(self) -> bytes:
        try:
            return bytes(self._dev._read())
        except Exception as exc:
            if type(exc).__name__ == "USBTimeoutError":
                return b""
            raise _usb_io_error(exc, self._name) from exc

    def _release(self) -> None:
        dev, self._dev = self._dev, None
        if dev is not None:
            with contextlib.suppress(Exception):  # a vanished device may fail to close; fine
                dev.close()


SERIAL_FLOW = ("none", "rtscts", "xonxoff", "dsrdtr")


class SerialPrinter(Printer):
    """An RS-232 printer through python-escpos (pyserial), imported only when a job runs."""

    def __init__(self, port: str, baudrate: int = 9600, flow: str = "dsrdtr",
                 timeout: float = 5.0, profile: PrinterProfile | None = None,
                 drawer: DrawerKick | None = None, check_paper: bool = False) -> None:
        super().__init__(profile, drawer, check_paper)
        if flow not in SERIAL_FLOW:
            raise DeviceMisconfigured(f"serial flow must be one of {SERIAL_FLOW}, not {flow!r}")
        self.port, self.baudrate, self.flow, self.timeout = port, baudrate, flow, timeout
        self._dev: Any = None

    def _open(self) -> None:
        try:
            from escpos.exceptions import DeviceNotFoundError
            from escpos.printer import Serial
        except ImportError as exc:
            raise DeviceMisconfigured(f"serial support is not installed: {exc}") from exc
        dev = Serial(devfile=self.port, baudrate=self.baudrate, timeout=self.timeout,
                     xonxoff=self.flow == "xonxoff", dsrdtr=self.flow == "dsrdtr")
        try:
            dev.open()
        except DeviceNotFoundError as exc:
            raise _errno_error(exc.__context__, f"cannot open {self.port}") from exc
        port = dev.device
        port.rtscts = self.flow == "rtscts"  # python-escpos only knows xonxoff and dsrdtr
        # Without a write timeout a printer holding the handshake line would block forever.
        port.write_timeout = self.timeout
        self._dev = dev

    def _raw(self, data: bytes) -> None:
        try:
            self._dev._raw(data)
            self._dev.device.flush()
        except Exception as exc:  # serial.SerialTimeoutException, SerialException
            if type(exc).__name__ == "SerialTimeoutException":
                raise DeviceOffline(f"printer on {self.port} is not accepting data") from exc
            raise DeviceIOError(f"writing to {self.port} failed: {exc}") from exc

    def _read(self) -> bytes:
        try:
            return bytes(self._dev.device.read(1))
        except Exception as exc:
            raise DeviceIOError(f"reading from {self.port} failed: {exc}") from exc

    def _release(self) -> None:
        dev, self._dev = self._dev, None
        if dev is not None:
            with contextlib.suppress(Exception):  # a vanished device may fail to close; fine
                dev.close()


# --- errno mapping --------------------------------------------------------------------------


def _os_error(exc: OSError, what: str) -> DeviceError:
    return _errno_error(exc, what)


def errno_of(exc: BaseException | None) -> int | None:
    code = getattr(exc, "errno", None)
    if code is None and exc is not None and exc.args and isinstance(exc.args[0], int):
        code = exc.args[0]  # pyserial puts the errno first in SerialException's args
    return code


def serial_open_error(exc: BaseException, what: str) -> DeviceError:
    """Why pyserial could not open a port (drawer, display, scanner, card reader)."""
    code = errno_of(exc)
    if code in (errno.EAGAIN, errno.EWOULDBLOCK):  # pyserial's exclusive lock is taken
        return DeviceBusy(f"{what}: another program is using it ({exc})")
    if code == errno.ENOTTY:
        return DeviceMisconfigured(f"{what}: not a serial port ({exc})")
    if code is None:
        # pyserial on Windows gives no errno, only the OSError's repr in the message; there
        # "access denied" on a COM port means another program has it open.
        text = str(exc)
        if "FileNotFoundError" in text:
            return DeviceNotFound(f"{what}: no such port ({exc})")
        if "PermissionError" in text:
            return DeviceBusy(f"{what}: another program is using it ({exc})")
    if type(exc).__name__ == "SerialTimeoutException" or isinstance(exc, TimeoutError):
        return DeviceOffline(f"{what}: {exc}")
    return _errno_error(exc, what)


def _errno_error(exc: BaseException | None, what: str) -> DeviceError:
    code = errno_of(exc)
    detail = f"{what}: {exc}"
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return DeviceNotFound(detail)
    if code == errno.EBUSY:
        return DeviceBusy(detail)
    if code in (errno.EACCES, errno.EPERM):
        return DeviceMisconfigured(detail)
    return DeviceIOError(detail)


def _usb_open_error(exc: BaseException, name: str) -> DeviceError:
    cause = exc.__context__
    if isinstance(cause, AssertionError):  # python-escpos: usb.core.find found nothing
        return DeviceNotFound(f"{name} not found (cable, power?)")
    return _errno_error(cause, f"cannot open {name}")


def _usb_io_error(exc: BaseException, name: str) -> DeviceError:
    if type(exc).__name__ == "USBTimeoutError":
        return DeviceOffline(f"{name} is not accepting data")
    return _errno_error(exc, f"{name} I/O failed")
