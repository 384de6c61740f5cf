"""The print queue: jobs are stored with the sale and printed after commit, retried, reprinted."""

from __future__ import annotations

from datetime import timedelta

from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError
from pos_app.domain.ids import new_id
from pos_app.services.ports import Clock, PrinterFailed, ReceiptPrinter, Translate
from pos_app.services.receipts import mark_reprint
from pos_app.services.repositories import PrintJob
from pos_app.services.unit_of_work import UnitOfWorkFactory


class NoSuchReceipt(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "No receipt “{receipt_no}” on this till.")


# A job claimed longer ago than this was being printed by a process that died (the slowest
# printer connection gives up within seconds); it is printed again.
CLAIM_TIMEOUT = timedelta(minutes=2)


def print_job(uow_factory: UnitOfWorkFactory, printer: ReceiptPrinter, clock: Clock,
              job_id: str) -> None:
    """Print a new job: the queue is printed oldest first up to it, so receipts come out in
    the order of the sales. Raises PrinterFailed (the failed job and every later one stay
    queued, to be retried in order)."""
    drain(uow_factory, printer, clock)


def retry_unprinted(uow_factory: UnitOfWorkFactory, printer: ReceiptPrinter,
                    clock: Clock) -> int:
    """Print what is still queued, oldest first; stop at the first failure to keep order."""
    return drain(uow_factory, printer, clock)


def drain(uow_factory: UnitOfWorkFactory, printer: ReceiptPrinter, clock: Clock) -> int:
    """Print queued jobs one at a time, each claimed in the database first, so two processes
    on one till (the window and a `pos-till` command) never print a receipt twice, and a job
    is never skipped: when another process holds the oldest job, it prints the rest."""
    printed = 0
    while True:
        now = clock.now()
        with uow_factory() as uow:
            job = uow.print_jobs.claim_next(now.isoformat(), (now - CLAIM_TIMEOUT).isoformat())
            uow.commit()
        if job is None:
            return printed
        _print_claimed(uow_factory, printer, clock, job)
        printed += 1


def _print_claimed(uow_factory: UnitOfWorkFactory, printer: ReceiptPrinter, clock: Clock,
                   job: PrintJob) -> None:
    document = job.document
    if job.attempts:  # the drawer opened on the first attempt; a retry only prints
        document = {**document, "open_drawer": False}
    try:
        printer.print_document(job.id, document)
    except PrinterFailed as exc:
        with uow_factory() as uow:
            uow.print_jobs.mark_failed(job.id, exc.message())
            uow.commit()
        _open_drawer_for_waiting_sales(uow_factory, printer, exc)
        raise
    except BaseException:
        # Not a device error (a bug, an interrupt): give the job back rather than leave it
        # claimed for CLAIM_TIMEOUT.
        with uow_factory() as uow:
            uow.print_jobs.mark_failed(job.id, "interrupted")
            uow.commit()
        raise
    with uow_factory() as uow:
        uow.print_jobs.mark_printed(job.id, clock.now().isoformat())
        uow.commit()


def _open_drawer_for_waiting_sales(uow_factory: UnitOfWorkFactory, printer: ReceiptPrinter,
                                   failure: PrinterFailed) -> None:
    """Later receipts wait behind a failed one, but a cash sale still needs the drawer open
    for change: kick it once for those never tried, and count them as tried so a retry
    prints them without opening the drawer again."""
    with uow_factory() as uow:
        waiting = [job for job in uow.print_jobs.unprinted()
                   if job.attempts == 0 and job.status != "printing"]
        if not waiting:
            return
        for job in waiting:
            uow.print_jobs.mark_failed(job.id, failure.message())
        uow.commit()
    if any(job.document.get("open_drawer") for job in waiting):
        try:
            printer.open_drawer()
        except PosError:
            pass  # the cashier sees the print failure; the drawer has a key


def reprint(uow_factory: UnitOfWorkFactory, printer: ReceiptPrinter, clock: Clock,
            translate: Translate, receipt_no: str) -> str:
    """Queue and print a copy of a receipt, marked as a reprint, without opening the drawer."""
    with uow_factory() as uow:
        source = uow.print_jobs.first_for_receipt(receipt_no)
        if source is None:
            raise NoSuchReceipt(receipt_no=receipt_no)
        copy = PrintJob(id=new_id(), receipt_no=receipt_no,
                        document=mark_reprint(source.document, translate), status="pending",
                        attempts=0, last_error=None)
        uow.print_jobs.add(copy, clock.now().isoformat())
        uow.commit()
    print_job(uow_factory, printer, clock, copy.id)
    return copy.id
