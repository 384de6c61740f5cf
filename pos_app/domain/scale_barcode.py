"""In-store scale barcodes (GS1 restricted-circulation prefixes 20–29).

A scale prints a label whose barcode carries the item's PLU and the amount and / or the weight.
Which digits mean what depends on how the store set up its scales, so the layouts are data:

    ScaleTemplate.from_config({"prefix": "20-29", "layout": "FFPPPPPAAAAAC"})

`layout` has one letter per digit of the barcode:

    F  flag (the prefix digits, matched against `prefix`)
    P  PLU (the scale's item number; leading zeros are not significant)
    A  amount in fen
    W  weight in grams
    X  ignored (e.g. a scale's own price check digit)
    C  check digit, last: EAN-13's for 13 digits, GS1 mod-10 over the body for 18 digits

The common Chinese layouts are the defaults below: 13 digits flag + PLU5 + amount5 + C, or
flag + PLU5 + weight5 + C; 18 digits flag + PLU5 + amount5 + weight5 + C. Templates are tried in
order and the first whose prefix and length match the code wins: it then decides everything,
so a wrong check digit is an error, not a reason to try the next template.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pos_app.domain.barcode import gtin_check_digit
from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError
from pos_app.domain.money import Fen, round_half_up

SCALE_FLAGS = tuple(f"{n}" for n in range(20, 30))
FIELD_LETTERS = frozenset("FPAWXC")
GRAMS_PER_KG = 1000


class InvalidScaleTemplate(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "Scale barcode template “{template}” is not valid: {reason}.")


class InvalidScaleBarcode(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "“{code}” is not a valid scale barcode (check digit is wrong).")


class UnknownScalePlu(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "No product has the scale item number (PLU) {plu} (barcode “{code}”).")


@dataclass(frozen=True, slots=True)
class ScaleTemplate:
    """One barcode layout. `prefixes` are the flag values it applies to (e.g. ("21", "22"))."""

    prefixes: tuple[str, ...]
    layout: str

    def __post_init__(self) -> None:
        problem = _layout_problem(self.prefixes, self.layout)
        if problem:
            raise InvalidScaleTemplate(template=self.describe(), reason=problem)

    @property
    def length(self) -> int:
        return len(self.layout)

    def describe(self) -> str:
        return f"{'/'.join(self.prefixes)}:{self.layout}"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ScaleTemplate:
        """{"prefix": "22" | "20-29" | ["21", "22"], "layout": "FFPPPPPAAAAAC", "length": 13}.

        `length` is optional and, when given, must equal the layout's length."""
        try:
            prefixes = _prefixes(config["prefix"])
            layout = str(config["layout"]).strip().upper()
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidScaleTemplate(template=str(dict(config)),
                                       reason="needs “prefix” and “layout”") from exc
        length = config.get("length")
        if length is not None and length != len(layout):
            raise InvalidScaleTemplate(template=f"{'/'.join(prefixes)}:{layout}",
                                       reason=f"layout has {len(layout)} digits, not {length}")
        return cls(prefixes, layout)

    def to_config(self) -> dict[str, Any]:
        return {"prefix": list(self.prefixes), "layout": self.layout, "length": self.length}

    def matches(self, code: str) -> bool:
        return len(code) == self.length and code[:self._flag_len] in self.prefixes

    @property
    def _flag_len(self) -> int:
        return self.layout.count("F")

    def _digits(self, code: str, letter: str) -> str | None:
        digits = "".join(c for c, role in zip(code, self.layout, strict=True) if role == letter)
        return digits or None


@dataclass(frozen=True, slots=True)
class ScaleReading:
    """What a scale barcode says. `amount_fen` and / or `weight_g` (one of them at least)."""

    code: str
    plu: str
    amount_fen: Fen | None
    weight_g: int | None
    template: ScaleTemplate


def templates_from_config(configs: Iterable[Mapping[str, Any]] | None) -> tuple[ScaleTemplate, ...]:
    """The store's templates (e.g. a JSON list in the store settings); None → the defaults."""
    if configs is None:
        return DEFAULT_SCALE_TEMPLATES
    return tuple(ScaleTemplate.from_config(c) for c in configs)


def parse_scale_barcode(code: str, templates: Iterable[ScaleTemplate]) -> ScaleReading | None:
    """The reading of a scale barcode; None when no template applies (not a scale code).

    Raises InvalidScaleBarcode when the first matching template's check digit fails."""
    if not (code.isascii() and code.isdigit()) or code[:2] not in SCALE_FLAGS:
        return None
    for template in templates:
        if template.matches(code):
            return _read(code, template)
    return None


def normalize_plu(text: str) -> str:
    """PLUs are compared without leading zeros: the scale's 00123 is the catalog's 123."""
    text = (text or "").strip()
    if text.isascii() and text.isdigit():
        return text.lstrip("0") or "0"
    return text.upper()


def weighed_amount_fen(price_per_kg_fen: Fen, weight_g: int) -> Fen:
    """Price per kg × weight, half-up to the fen (四舍五入)."""
    return round_half_up(Decimal(price_per_kg_fen) * weight_g / GRAMS_PER_KG)


def format_weight_kg(weight_g: int) -> str:
    """1234 → '1.234' (kg, as a scale shows it)."""
    kg, grams = divmod(weight_g, GRAMS_PER_KG)
    return f"{kg}.{grams:03d}"


def _read(code: str, template: ScaleTemplate) -> ScaleReading:
    if gtin_check_digit(code[:-1]) != int(code[-1]):
        raise InvalidScaleBarcode(code=code)
    plu = template._digits(code, "P") or ""
    amount = template._digits(code, "A")
    weight = template._digits(code, "W")
    return ScaleReading(
        code=code, plu=normalize_plu(plu),
        amount_fen=int(amount) if amount is not None else None,
        weight_g=int(weight) if weight is not None else None, template=template,
    )


def _prefixes(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",")]
    else:
        parts = [str(p).strip() for p in value]
    out: list[str] = []
    for part in parts:
        low, dash, high = part.partition("-")
        if dash:
            if not (low.isdigit() and high.isdigit() and len(low) == len(high)):
                raise ValueError(part)
            out.extend(str(n).zfill(len(low)) for n in range(int(low), int(high) + 1))
        else:
            out.append(part)
    return tuple(dict.fromkeys(out))


def _layout_problem(prefixes: tuple[str, ...], layout: str) -> str | None:
    if len(layout) not in (13, 18):
        return "a layout has 13 or 18 digits"
    if set(layout) - FIELD_LETTERS:
        return "layout letters are F, P, A, W, X and C"
    if layout.count("C") != 1 or not layout.endswith("C"):
        return "the check digit C comes once, last"
    flag_len = len(layout) - len(layout.lstrip("F"))
    if flag_len != layout.count("F") or flag_len < 2:
        return "the flag F comes first, at least 2 digits"
    if not prefixes or any(
        len(p) != flag_len or not (p.isascii() and p.isdigit()) or p[:2] not in SCALE_FLAGS
        for p in prefixes
    ):
        return f"prefixes are {flag_len}-digit numbers starting 20–29"
    for letter in "PAW":
        run = layout.strip("".join(FIELD_LETTERS - {letter}))
        if letter in layout and set(run) != {letter}:
            return f"the {letter} digits must be contiguous"
    if "P" not in layout:
        return "a layout needs the PLU (P)"
    if "A" not in layout and "W" not in layout:
        return "a layout needs an amount (A) or a weight (W)"
    return None


# The usual Chinese set-up: 18-digit amount + weight, or 13-digit amount, under any flag 20–29.
DEFAULT_SCALE_TEMPLATES: tuple[ScaleTemplate, ...] = (
    ScaleTemplate(SCALE_FLAGS, "FFPPPPPAAAAAWWWWWC"),
    ScaleTemplate(SCALE_FLAGS, "FFPPPPPAAAAAC"),
)
