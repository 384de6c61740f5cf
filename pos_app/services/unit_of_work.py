"""The unit of work: one transaction over every repository (cosmicpython style)."""

from __future__ import annotations

import abc
from typing import Any, Self

from pos_app.services.refund_repository import RefundRepository
from pos_app.services.repositories import (
    CatalogRepository,
    MemberRepository,
    OutboxRepository,
    PrintJobRepository,
    PromotionRepository,
    SaleRepository,
    SettingsRepository,
    StaffRepository,
    SuspendedSaleRepository,
    VoidRepository,
)
from pos_app.services.shift_repository import DayRepository, ShiftRepository


class AbstractUnitOfWork(abc.ABC):
    settings: SettingsRepository
    staff: StaffRepository
    catalog: CatalogRepository
    sales: SaleRepository
    outbox: OutboxRepository
    print_jobs: PrintJobRepository
    promotions: PromotionRepository
    suspended: SuspendedSaleRepository
    voids: VoidRepository
    catalog_search: Any  # services.lookup.CatalogSearchPort
    shifts: ShiftRepository
    days: DayRepository
    refunds: RefundRepository
    members: MemberRepository

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.rollback()  # a no-op after commit; undoes everything on an exception

    @abc.abstractmethod
    def commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None: ...


class UnitOfWorkFactory(abc.ABC):
    @abc.abstractmethod
    def __call__(self, readonly: bool = False) -> AbstractUnitOfWork:
        """A new unit of work; readonly ones never wait for the write lock."""
