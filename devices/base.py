"""The printer base class: subclasses send bytes, the base renders and frames each job."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import replace
from typing import Self

from devices.errors import CoverOpen, DeviceOffline, PaperOut, StatusUnsupported
from devices.layout import PrinterProfile, get_profile
from devices.receipt import ReceiptDocument
from devices.render_escpos import DrawerKick, render_escpos
from devices.status import (
    OFFLINE_CAUSE,
    PAPER_END_BITS,
    PAPER_SENSOR,
    PRINTER_STATUS,
    PrinterStatus,
    cover_open,
    drawer_pin3_high,
    paper_end,
    parse_status,
    reply_byte,
    status_query,
)

__all__ = ["PAPER_END_BITS", "PAPER_STATUS_QUERY", "Printer", "check_job_id"]

PAPER_STATUS_QUERY = status_query(PAPER_SENSOR)  # DLE EOT 4: roll paper sensor status
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
        self.logo: str | None = None  # an image file printed at the top of every receipt

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
        self._send(render_escpos(self.with_logo(doc), self.profile, self.drawer))

    def with_logo(self, doc: ReceiptDocument) -> ReceiptDocument:
        """The document with this printer's logo on top, unless it brings its own."""
        if self.logo and not doc.logo:
            return replace(doc, logo=self.logo)
        return doc

    def kick_drawer(self) -> None:
        """Open the cash drawer (ESC p on the configured pin) without printing. No paper check:
        a printer out of paper still opens the drawer, and the cashier needs it for change."""
        self._send(self.drawer.command(), check_paper=False)

    def status(self) -> PrinterStatus:
        """Ask the printer how it is (DLE EOT 1, 2 and 4). Raises StatusUnsupported when the
        connection cannot read, DeviceOffline when the printer does not answer, DeviceError."""
        self._check_can_read()
        self._open()
        try:
            replies = [self._query(n) for n in (PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR)]
        finally:
            self._release()
        return parse_status(*replies)

    def drawer_pin3_high(self) -> bool:
        """Level of the drawer connector's pin 3 (DLE EOT 1 only: one round trip, so a drawer
        status poll stays cheap). Same errors as `status`."""
        self._check_can_read()
        self._open()
        try:
            return drawer_pin3_high(self._query(PRINTER_STATUS))
        finally:
            self._release()

    def close(self) -> None:
        self._release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _send(self, data: bytes, check_paper: bool = True) -> None:
        self._open()
        try:
            if check_paper and self.check_paper:
                self._ensure_paper()
            self._raw(data)
            if check_paper and self.check_paper:
                self._confirm_received()
        finally:
            self._release()

    def _confirm_received(self) -> None:
        """Ask once more after the job. A network printer takes a job into the socket buffer
        whether or not it prints it; one that lost power or its cable halfway no longer
        answers, and the job is then reported failed (kept queued) instead of lost."""
        try:
            self._query(PRINTER_STATUS)
        except DeviceOffline as exc:
            raise DeviceOffline(f"the printer stopped answering during the job: {exc}") from exc

    def _ensure_paper(self) -> None:
        # Paper first: paper end is the common case and then the cover needs no second query
        # (the cashier opens the cover to reload anyway).
        if paper_end(self._query(PAPER_SENSOR)):
            raise PaperOut("the printer reports paper end")
        if cover_open(self._query(OFFLINE_CAUSE)):
            raise CoverOpen("the printer reports its cover open")

    def _check_can_read(self) -> None:
        # Checked before opening: a write-only connection (a device file, the Windows spooler)
        # would otherwise get query bytes it can never answer, and a regular file would keep them.
        if type(self)._read is Printer._read:
            raise StatusUnsupported(f"{type(self).__name__} cannot read the printer's status")

    def _query(self, n: int) -> int:
        """Send DLE EOT n on the open device and return the validated reply byte."""
        self._raw(status_query(n))
        try:
            reply = self._read()
        except NotImplementedError as exc:
            raise StatusUnsupported(str(exc)) from exc
        return reply_byte(n, reply)


def check_job_id(job_id: str) -> None:
    # Programming error, not a device problem: job ids are UUIDs, and they become file names.
    if not isinstance(job_id, str) or not _JOB_ID.fullmatch(job_id):
        raise ValueError(f"job id must be 1-128 of [A-Za-z0-9._-], not {job_id!r}")
