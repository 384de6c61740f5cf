"""Hand-written in-memory fakes of the service repositories and ports (our own ports only)."""

from __future__ import annotations

import copy
import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from pos_app.domain.catalog import Product
from pos_app.domain.staff import LoginAttempts, Staff
from pos_app.services import repositories as repo
from pos_app.services.ports import PrinterFailed, TerminalIdentity
from pos_app.services.unit_of_work import AbstractUnitOfWork, UnitOfWorkFactory

IDENTITY = TerminalIdentity(terminal_id="t-1", terminal_name="T01", store_id="s-1",
                            store_code="S001", store_name="人民路店", hq_url="http://127.0.0.1:9")


class FakeStore:
    """What the fake 'database' holds; a unit of work edits a copy and commit swaps it in."""

    def __init__(self) -> None:
        self.settings: dict[str, Any] = {"terminal": dataclasses.asdict(IDENTITY)}
        self.staff: dict[str, repo.StaffCredentials] = {}
        self.attempts: dict[str, LoginAttempts] = {}
        self.products: dict[str, Product] = {}
        self.counters: dict[str, int] = {}
        self.sales: list[repo.SaleRecord] = []
        self.events: list[dict[str, Any]] = []
        self.jobs: dict[str, repo.PrintJob] = {}
        self.rules: list[dict[str, Any]] = []
        self.levels: list[dict[str, Any]] = []
        self.category_codes: dict[str, str] = {}
        self.suspended: dict[str, tuple[repo.SuspendedSale, dict[str, Any]]] = {}
        self.voids: list[repo.VoidRecord] = []
        self.commits = 0


class _Settings(repo.SettingsRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def get(self, key, default=None):
        return self.s.settings.get(key, default)

    def put(self, key, value):
        self.s.settings[key] = value


class _Staff(repo.StaffRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def credentials(self, staff_no):
        return self.s.staff.get(staff_no)

    def count_active(self):
        return sum(1 for c in self.s.staff.values() if c.staff.active)

    def attempts(self, staff_no):
        return copy.copy(self.s.attempts.get(staff_no, LoginAttempts(staff_no)))

    def save_attempts(self, attempts):
        self.s.attempts[attempts.staff_no] = attempts


class _Catalog(repo.CatalogRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def by_barcode(self, code):
        return self.s.products.get(code)

    def count_products(self):
        return len(self.s.products)


class _Sales(repo.SaleRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def next_receipt_number(self, business_date):
        self.s.counters[business_date] = self.s.counters.get(business_date, 0) + 1
        return self.s.counters[business_date]

    def add(self, sale):
        self.s.sales.append(sale)

    def by_receipt_no(self, receipt_no):
        return next((x for x in self.s.sales if x.receipt_no == receipt_no), None)


class _Outbox(repo.OutboxRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def append(self, **event):
        self.s.events.append(event)
        return len(self.s.events)

    def pending_count(self):
        return len(self.s.events)


class _Jobs(repo.PrintJobRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def add(self, job, created_at):
        self.s.jobs[job.id] = job

    def get(self, job_id):
        return self.s.jobs.get(job_id)

    def first_for_receipt(self, receipt_no):
        return next((j for j in self.s.jobs.values() if j.receipt_no == receipt_no), None)

    def unprinted(self, limit=20):
        return [j for j in self.s.jobs.values() if j.status != "printed"][:limit]

    def claim_next(self, now, stale_before):
        job = next((j for j in self.s.jobs.values() if j.status != "printed"), None)
        if job is None or job.status == "printing":
            return None
        self.s.jobs[job.id] = repo.PrintJob(job.id, job.receipt_no, job.document, "printing",
                                            job.attempts, job.last_error)
        return self.s.jobs[job.id]

    def mark_printed(self, job_id, at):
        j = self.s.jobs[job_id]
        self.s.jobs[job_id] = repo.PrintJob(j.id, j.receipt_no, j.document, "printed",
                                            j.attempts + 1, None)

    def mark_failed(self, job_id, error):
        j = self.s.jobs[job_id]
        self.s.jobs[job_id] = repo.PrintJob(j.id, j.receipt_no, j.document, "failed",
                                            j.attempts + 1, error)


class _Promotions(repo.PromotionRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def rules_data(self):
        return list(self.s.rules)

    def levels_data(self):
        return list(self.s.levels)

    def category_codes(self):
        return dict(self.s.category_codes)


class _Suspended(repo.SuspendedSaleRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def add(self, summary, data):
        self.s.suspended[summary.id] = (summary, copy.deepcopy(data))

    def list(self):
        return sorted((x for x, _ in self.s.suspended.values()), key=lambda x: x.created_at)

    def take(self, suspended_id):
        found = self.s.suspended.pop(suspended_id, None)
        return None if found is None else found[1]


class _Voids(repo.VoidRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def add(self, void):
        self.s.voids.append(void)


class _CatalogSearch:
    """lookup.CatalogSearchPort over the fake products (keyed by barcode)."""

    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def by_barcode(self, code):
        return self.s.products.get(code)

    def by_plu(self, code):
        return None

    def by_sku(self, code):
        return next((p for p in self.s.products.values() if p.sku == code), None)

    def search(self, query, limit=20):
        return [p for p in self.s.products.values() if query in p.name][:limit]


class FakeUnitOfWork(AbstractUnitOfWork):
    def __init__(self, committed: FakeStore) -> None:
        self.committed = committed
        self.work = copy.deepcopy(committed)
        self._bind(self.work)

    def _bind(self, s: FakeStore) -> None:
        self.settings, self.staff, self.catalog = _Settings(s), _Staff(s), _Catalog(s)
        self.sales, self.outbox, self.print_jobs = _Sales(s), _Outbox(s), _Jobs(s)
        self.promotions, self.suspended, self.voids = _Promotions(s), _Suspended(s), _Voids(s)
        self.catalog_search = _CatalogSearch(s)

    def commit(self) -> None:
        self.work.commits += 1
        self.committed.__dict__.update(copy.deepcopy(self.work.__dict__))

    def rollback(self) -> None:
        self.work = copy.deepcopy(self.committed)
        self._bind(self.work)


class FakeUnitOfWorkFactory(UnitOfWorkFactory):
    def __init__(self) -> None:
        self.store = FakeStore()

    def __call__(self, readonly: bool = False) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.store)


class FakeClock:
    def __init__(self) -> None:
        self.current = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs) -> None:
        self.current += timedelta(**kwargs)


class PlainPinHasher:
    """Stores 'plain:PIN' so unit tests need no argon2 (the adapters test the real one)."""

    def verify(self, pin_hash: str, pin: str) -> bool:
        return pin_hash == f"plain:{pin}"


class FakePrinter:
    def __init__(self) -> None:
        self.printed: list[tuple[str, dict]] = []
        self.fail_with: str | None = None

    def print_document(self, job_id: str, document: dict) -> None:
        if self.fail_with:
            raise PrinterFailed(reason=self.fail_with)
        self.printed.append((job_id, document))

    def open_drawer(self) -> None:
        if self.fail_with:
            raise PrinterFailed(reason=self.fail_with)
        self.drawer_kicks = getattr(self, "drawer_kicks", 0) + 1


class FakeMobilePay:
    """Pays every valid code; `reachable = False` makes charges pending."""

    def __init__(self) -> None:
        self.reachable = True
        self.charges: list[tuple[str, int]] = []
        self.cancelled: list[str] = []

    def charge(self, code, amount_fen, order_id):
        from pos_app.domain.tender import mobile_provider
        from pos_app.services.ports import MobilePayResult

        provider = mobile_provider(code)
        if not self.reachable:
            return MobilePayResult("pending", provider, code)
        self.charges.append((code, amount_fen))
        return MobilePayResult("paid", provider, f"TXN{len(self.charges)}")

    def refund(self, reference, amount_fen, refund_id):
        from pos_app.services.ports import MobilePayResult

        return MobilePayResult("paid" if self.reachable else "pending", "wechat", reference)

    def cancel(self, reference):
        self.cancelled.append(reference)


def add_staff(uow_factory: FakeUnitOfWorkFactory, staff_no: str, pin: str,
              role: str = "cashier") -> Staff:
    staff = Staff(f"id-{staff_no}", staff_no, "张敏", role)
    uow_factory.store.staff[staff_no] = repo.StaffCredentials(staff, f"plain:{pin}")
    return staff
