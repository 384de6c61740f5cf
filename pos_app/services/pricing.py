"""The rule book a till prices with: promotions and member levels from HQ, the store's zone.

Parsed once and kept until the changes feed brings new rules (the sync sink bumps
VERSION_KEY in the same transaction as the rules), so pricing on every scan costs no parsing.
A rule HQ sent that this till cannot parse is left out, logged, and shown with the sync status;
the other rules still apply.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from pos_app.domain.errors import PosError
from pos_app.domain.promotion_rules import parse_member_level, parse_rule
from pos_app.domain.sale import Sale
from pos_app.domain.sale_pricing import PricingContext, SalePrice, levels_by_code, price_sale
from pos_app.services.ports import Clock
from pos_app.services.unit_of_work import AbstractUnitOfWork

log = logging.getLogger(__name__)
VERSION_KEY = "promotions.version"


@dataclass
class PromotionBook:
    clock: Clock
    _version: object = None
    _context: PricingContext | None = None
    unusable: list[str] = field(default_factory=list)  # "rule id: reason"

    def context(self, uow: AbstractUnitOfWork) -> PricingContext | None:
        """The current rules (reloaded when HQ changed them); None before enrolment."""
        identity = uow.settings.identity()
        if identity is None:
            return None
        version = (uow.settings.get(VERSION_KEY), identity.timezone)
        if self._context is None or version != self._version:
            self._context = self._load(uow, identity.timezone)
            self._version = version
        return self._context

    def _load(self, uow: AbstractUnitOfWork, timezone: str) -> PricingContext:
        rules, levels, unusable = [], [], []
        for data in uow.promotions.rules_data():
            try:
                rules.append(parse_rule(data))
            except PosError as exc:
                unusable.append(f"{data.get('id', '?')}: {exc.message()}")
        for data in uow.promotions.levels_data():
            try:
                levels.append(parse_member_level(data))
            except PosError as exc:
                unusable.append(f"{data.get('code', '?')}: {exc.message()}")
        if unusable:
            log.warning("promotions this till cannot use: %s", unusable)
        self.unusable = unusable
        return PricingContext(rules=tuple(rules), levels=levels_by_code(levels),
                              store_tz=timezone, category_codes=uow.promotions.category_codes())

    def pricer(self, context: PricingContext | None):
        """The sale's pricer: prices at the moment the sale is read."""
        def price(sale: Sale) -> SalePrice:
            return price_sale(sale, context, self.clock.now())
        return price
