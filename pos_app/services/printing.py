"""The print queue: jobs are stored with the sale and printed after commit, retried, reprinted."""

from __future__ import annotations

from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError
from pos_app.domain.ids import new_id
from pos_app.services.ports import Clock, PrinterFailed, ReceiptPrinter, Translate
from pos_app.services.receipts import mark_reprint
from pos_app.services.repositories import PrintJob
from pos_app.services.unit_of_work import UnitOfWorkFactory


class NoSuchReceipt(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "No receipt “{receipt_no}” on this till.")


def print_job(uow_factory: UnitOfWorkFactory, printer: ReceiptPrinter, clock: Clock,
              job_id: str) -> None:
    """Print one job. Raises PrinterFailed (the job stays queued and can be retried)."""
    with uow_factory(readonly=True) as uow:
        job = uow.print_jobs.get(job_id)
    if job is None or job.status == "printed":
        return
    document = job.document
    if job.attempts:  # the drawer opened on the first attempt; a retry only prints
        document = {**document, "open_drawer": False}
    try:
        printer.print_document(job.id, document)
    except PrinterFailed as exc:
        with uow_factory() as uow:
            uow.print_jobs.mark_failed(job.id, exc.message())
            uow.commit()
        raise
    with uow_factory() as uow:
        uow.print_jobs.mark_printed(job.id, clock.now().isoformat())
        uow.commit()


def retry_unprinted(uow_factory: UnitOfWorkFactory, printer: ReceiptPrinter,
                    clock: Clock) -> int:
    """Print what is still queued, oldest first; stop at the first failure to keep order."""
    with uow_factory(readonly=True) as uow:
        jobs = uow.print_jobs.unprinted()
    printed = 0
    for job in jobs:
        print_job(uow_factory, printer, clock, job.id)
        printed += 1
    return printed


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
