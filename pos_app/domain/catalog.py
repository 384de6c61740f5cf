"""Catalog value types as the till sees them (HQ is authoritative; DESIGN §8)."""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.money import Fen


@dataclass(frozen=True, slots=True)
class Product:
    id: str
    sku: str
    name: str
    price_fen: Fen
    category_id: str | None = None
    unit: str = "件"
    active: bool = True
