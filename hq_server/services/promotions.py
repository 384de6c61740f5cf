"""Promotions and member levels (HQ is authoritative, DESIGN §8), published chain-wide in the
changes feed (entities `promotion` and `member_level`, store_id NULL).

The file format is resources/demo/promotions.json: {"rules": [...], "member_levels": [...]},
with optional "comment" keys at the top and inside rules, which are dropped. The rule format
itself belongs to the till's domain (pos_app/domain/promotion_rules.py); HQ checks what it
relies on — id, name, a known kind, `enabled` — then runs that same parser, so a rule HQ publishes
is one every till can price with, and passes the rule through unchanged. Every write appends its change-log row in the same transaction; an
unchanged rule or level appends nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hq_server.models import MemberLevel, Promotion, utcnow
from hq_server.services import changelog
from hq_server.services.errors import BadInput, NotFound
from hq_server.services.json_files import read_json
from pos_app.domain.errors import PosError
from pos_app.domain.promotion_rules import parse_rule

KINDS = ("time_discount", "member_price", "member_level_discount", "buy_n_get_m",
         "spend_reduce")
COMMENT = "comment"
SECTIONS = ("rules", "member_levels")
MAX_KEY = 64  # change_log.key, promotion.id, member_level.code
MAX_NAME = 200
BP = 10_000


@dataclass(frozen=True, slots=True)
class PromotionSet:
    """A checked promotions document: rules and member levels, comments dropped."""

    rules: tuple[dict[str, Any], ...]
    levels: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class LoadResult:
    rules: int
    levels: int
    changed: int

    def summary(self) -> str:
        return (f"{self.rules} promotions and {self.levels} member levels loaded "
                f"({self.changed} created or updated)")


def _key(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or value != value.strip() \
            or len(value) > MAX_KEY or "\x00" in value:
        raise BadInput(f"{what} must be 1 to {MAX_KEY} characters without surrounding spaces")
    return value


def check_rule(data: Any, label: str = "rule") -> dict[str, Any]:
    """A rule as tills will receive it (without its comment), or BadInput."""
    if not isinstance(data, Mapping):
        raise BadInput(f"{label} is not a JSON object")
    rule_id = _key(data.get("id"), f"{label}: id")
    where = f"{label} ({rule_id})"
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise BadInput(f"{where}: name must be 1 to {MAX_NAME} characters")
    if data.get("kind") not in KINDS:
        raise BadInput(f"{where}: kind {data.get('kind')!r} is not one of {', '.join(KINDS)}")
    if not isinstance(data.get("enabled", True), bool):
        raise BadInput(f"{where}: enabled must be true or false")
    rule = {k: v for k, v in data.items() if k != COMMENT}
    try:  # the till's own parser: a rule HQ accepts is a rule every till can price with
        parse_rule(rule)
    except PosError as exc:
        raise BadInput(f"{where}: {exc.message()}") from exc
    return rule


def check_level(data: Any, label: str = "member level") -> dict[str, Any]:
    """{code, name, default_rate_bp, category_rates_bp} (rates 1..10000 bp), or BadInput."""
    if not isinstance(data, Mapping):
        raise BadInput(f"{label} is not a JSON object")
    code = _key(data.get("code"), f"{label}: code")
    where = f"{label} ({code})"
    name = data.get("name", "")
    if not isinstance(name, str) or len(name) > MAX_NAME:
        raise BadInput(f"{where}: name must be text of at most {MAX_NAME} characters")
    rates = {"default_rate_bp": data.get("default_rate_bp", BP)}
    category_rates = data.get("category_rates_bp", {})
    if not isinstance(category_rates, Mapping):
        raise BadInput(f"{where}: category_rates_bp must be an object")
    rates.update({f"category_rates_bp.{k}": v for k, v in category_rates.items()})
    for field, rate in rates.items():
        if isinstance(rate, bool) or not isinstance(rate, int) or not 1 <= rate <= BP:
            raise BadInput(f"{where}: {field} must be a whole number from 1 to {BP} "
                           f"(basis points paid), not {rate!r}")
    return {k: v for k, v in data.items() if k != COMMENT}


def _unique(items: Sequence[dict[str, Any]], key: str, what: str, source: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item[key] in seen:
            raise BadInput(f"{source}: two {what} have the {key} {item[key]!r}")
        seen.add(item[key])


def parse_document(doc: Any, source: str = "promotions") -> PromotionSet:
    if not isinstance(doc, Mapping):
        raise BadInput(f"{source}: expected a JSON object with \"rules\" and/or "
                       f"\"member_levels\"")
    unknown = sorted(k for k in doc if k not in (*SECTIONS, COMMENT))
    if unknown:
        raise BadInput(f"{source}: unknown key {unknown[0]!r} (expected rules, member_levels)")
    if not any(k in doc for k in SECTIONS):
        raise BadInput(f"{source}: nothing to load (no \"rules\" or \"member_levels\")")
    for section in SECTIONS:
        if not isinstance(doc.get(section, []), list):
            raise BadInput(f"{source}: \"{section}\" must be a list")
    rules = tuple(check_rule(item, f"{source}: rule #{i}")
                  for i, item in enumerate(doc.get("rules", []), start=1))
    levels = tuple(check_level(item, f"{source}: member level #{i}")
                   for i, item in enumerate(doc.get("member_levels", []), start=1))
    _unique(rules, "id", "rules", source)
    _unique(levels, "code", "member levels", source)
    return PromotionSet(rules=rules, levels=levels)


def read_file(path: Path) -> PromotionSet:
    """Read and check a promotions file; BadInput (one line) for anything wrong with it."""
    return parse_document(read_json(path), Path(path).name)


def upsert_promotion(session: Session, data: Mapping[str, Any]) -> tuple[Promotion, bool]:
    """Create or replace a rule by id; returns (promotion, changed)."""
    rule = check_rule(data)
    active = rule.get("enabled", True)
    promotion = session.get(Promotion, rule["id"])
    if promotion is None:
        promotion = Promotion(id=rule["id"], data=rule, active=active)
        session.add(promotion)
    elif promotion.data == rule and promotion.active == active:
        return promotion, False
    else:
        promotion.data, promotion.active, promotion.updated_at = rule, active, utcnow()
    session.flush()
    changelog.record_promotion(session, promotion)
    return promotion, True


def disable_promotion(session: Session, rule_id: str) -> tuple[Promotion, bool]:
    """Publish the rule with "enabled": false (tills keep it but stop applying it)."""
    promotion = session.get(Promotion, rule_id)
    if promotion is None:
        raise NotFound(f"no promotion with id {rule_id!r}")
    if not promotion.active and promotion.data.get("enabled") is False:
        return promotion, False
    return upsert_promotion(session, {**promotion.data, "enabled": False})


def delete_promotion(session: Session, rule_id: str) -> None:
    promotion = session.get(Promotion, rule_id)
    if promotion is None:
        raise NotFound(f"no promotion with id {rule_id!r}")
    session.delete(promotion)
    changelog.record_promotion_deleted(session, rule_id)


def upsert_member_level(session: Session, data: Mapping[str, Any]) -> tuple[MemberLevel, bool]:
    level_data = check_level(data)
    level = session.get(MemberLevel, level_data["code"])
    if level is None:
        level = MemberLevel(code=level_data["code"], data=level_data)
        session.add(level)
    elif level.data == level_data:
        return level, False
    else:
        level.data, level.updated_at = level_data, utcnow()
    session.flush()
    changelog.record_member_level(session, level)
    return level, True


def delete_member_level(session: Session, code: str) -> None:
    level = session.get(MemberLevel, code)
    if level is None:
        raise NotFound(f"no member level with code {code!r}")
    session.delete(level)
    changelog.record_member_level_deleted(session, code)


def load(session: Session, promotions: PromotionSet) -> LoadResult:
    """Upsert every level and rule of a checked set (rules not in the set are left alone)."""
    changed = 0
    for level in promotions.levels:
        changed += upsert_member_level(session, level)[1]
    for rule in promotions.rules:
        changed += upsert_promotion(session, rule)[1]
    return LoadResult(rules=len(promotions.rules), levels=len(promotions.levels),
                      changed=changed)

