"""The printer base class: subclasses send bytes, the base renders and frames each job."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Self

from devices.errors import DeviceOffline, PaperOut
from devices.layout import PrinterProfile, get_profile
from devices.receipt import ReceiptDocument
from devices.render_escpos import DrawerKick, render_escpos

PAPER_STATUS_QUERY = b"\x10\x04\x04"  # DLE EOT 4: roll paper sensor status
PAPER_END_BITS = 0x60  # bits 5 and 6 of the reply: paper end detected
_JOB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


class Printer(ABC):
    """A receipt printer in the python-escpos spirit: subclasses implement `_raw` (and `_read`
    if the connection can answer), plus `_open`/`_release` around each job."""

    def __init__(self, profile: PrinterProfile | None = None, drawer: DrawerKick | None = None,
                 check_paper: bool = False) -> None:
        self.profile = profile or get_profile()
        self.drawer = drawer or DrawerKick()
        # Ask the paper sensor (DLE EOT 4) before each job. Off by default: not every printer
        # or interface answers, and one that does not would look offline.
        self.check_paper = check_paper

    @abstractmethod
    def _raw(self, data: bytes) -> None:
        """Send bytes to the open device."""

    def _read(self) -> bytes:
        """Read a status reply from the open device (connections that cannot answer: none)."""
        raise NotImplementedError(f"{type(self).__name__} cannot read from the printer")

    def _open(self) -> None:
        """Acquire the device for one job."""
        return  # default: nothing to acquire (simulators)

    def _release(self) -> None:
        """Let the device go after a job (also called after a failure). Must not raise."""
        return  # default: nothing held

    def print_receipt(self, doc: ReceiptDocument, job_id: str) -> None:
        """Print one receipt (and kick the drawer first if `doc.open_drawer`).

        `job_id` identifies the job (the till's persisted print-job id): the virtual printer
        names its files after it; a retried job reuses its id. Raises DeviceError.
        """
        check_job_id(job_id)
        self._send(render_escpos(doc, self.profile, self.drawer))

    def kick_drawer(self) -> None:
        """Open the cash drawer (ESC p on the configured pin) without printing."""
        self._send(self.drawer.command())

    def close(self) -> None:
        self._release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _send(self, data: bytes) -> None:
        self._open()
        try:
            if self.check_paper:
                self._ensure_paper()
            self._raw(data)
        finally:
            self._release()

    def _ensure_paper(self) -> None:
        self._raw(PAPER_STATUS_QUERY)
        reply = self._read()
        if not reply:
            raise DeviceOffline("the printer did not answer the paper status query")
        if reply[0] & PAPER_END_BITS:
            raise PaperOut("the printer reports paper end")


def check_job_id(job_id: str) -> None:
    # Programming error, not a device problem: job ids are UUIDs, and they become file names.
    if not isinstance(job_id, str) or not _JOB_ID.fullmatch(job_id):
        raise ValueError(f"job id must be 1-128 of [A-Za-z0-9._-], not {job_id!r}")
