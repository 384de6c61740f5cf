"""Members (HQ is authoritative for the profile, DESIGN §8), published chain-wide in the changes
feed (entity `member`, store_id NULL) so a swiped or tapped card identifies its member at any
till, offline. Registration at the counter, balances and points come later; this is what a card
reader needs.

The file format is resources/demo/members.json:

    {"members": [{"member_no": "M000001", "card_no": "0040856634", "name": "王芳",
                  "phone": "13800138001", "level_code": "GOLD", "status": "active"}, ...]}

with optional "comment" keys at the top and in members, which are dropped. card_no and
level_code may be null or left out (no card; no level), status defaults to "active". Member and
card numbers follow the till's rule (pos_app.domain.member.is_valid_number); a level_code must
be a member level HQ already holds. Members are upserted by member_no; members not in the file
are left alone. Every write appends its change-log row in the same transaction; an unchanged
member appends nothing. Anything wrong with the file is one BadInput line, and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from hq_server.models import Member, MemberLevel, utcnow
from hq_server.services import changelog
from hq_server.services.errors import BadInput
from hq_server.services.json_files import read_json
from pos_app.domain.member import ACTIVE, MAX_NUMBER, STATUSES, is_valid_number

SECTION = "members"
COMMENT = "comment"
FIELDS = ("member_no", "card_no", "name", "phone", "level_code", "status")
MAX_NAME = 64
MAX_LEVEL = 64  # member_level.code
PHONE = re.compile(r"[0-9]{7,15}")
CHUNK = 500  # numbers per IN (...) query
NUMBER_RULE = f"1 to {MAX_NUMBER} printable ASCII characters without spaces"


@dataclass(frozen=True, slots=True)
class MemberSpec:
    """A checked member of a file (what HQ stores, less the id and times)."""

    member_no: str
    card_no: str | None
    name: str
    phone: str
    level_code: str | None
    status: str = ACTIVE

    def values(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class MemberSet:
    members: tuple[MemberSpec, ...]
    source: str = ""  # the file name, for messages


@dataclass(frozen=True, slots=True)
class LoadResult:
    members: int
    changed: int

    def summary(self) -> str:
        return f"{self.members} members loaded ({self.changed} created or updated)"


def check_member(data: Any, label: str = "member") -> MemberSpec:
    """One member of a file, or BadInput naming it."""
    if not isinstance(data, Mapping):
        raise BadInput(f"{label} is not a JSON object")
    member_no = data.get("member_no")
    if not is_valid_number(member_no):
        raise BadInput(f"{label}: member_no must be {NUMBER_RULE}, not {member_no!r}")
    where = f"{label} ({member_no})"
    unknown = sorted(k for k in data if k not in (*FIELDS, COMMENT))
    if unknown:
        raise BadInput(f"{where}: unknown key {unknown[0]!r} (expected {', '.join(FIELDS)})")
    card_no = data.get("card_no")
    if card_no is not None and not is_valid_number(card_no):
        raise BadInput(f"{where}: card_no must be {NUMBER_RULE} (or null), not {card_no!r}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > MAX_NAME:
        raise BadInput(f"{where}: name must be 1 to {MAX_NAME} characters")
    phone = data.get("phone")
    if not isinstance(phone, str) or not PHONE.fullmatch(phone):
        raise BadInput(f"{where}: phone must be 7 to 15 digits, not {phone!r}")
    level_code = data.get("level_code")
    if level_code is not None and (not isinstance(level_code, str) or not level_code.strip()
                                   or len(level_code) > MAX_LEVEL):
        raise BadInput(f"{where}: level_code must be a member level code (or null), "
                       f"not {level_code!r}")
    status = data.get("status", ACTIVE)
    if status not in STATUSES:
        raise BadInput(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    return MemberSpec(member_no=member_no, card_no=card_no, name=name.strip(), phone=phone,
                      level_code=level_code, status=status)


def parse_document(doc: Any, source: str = SECTION) -> MemberSet:
    if not isinstance(doc, Mapping):
        raise BadInput(f"{source}: expected a JSON object with \"{SECTION}\"")
    unknown = sorted(k for k in doc if k not in (SECTION, COMMENT))
    if unknown:
        raise BadInput(f"{source}: unknown key {unknown[0]!r} (expected {SECTION})")
    if SECTION not in doc:
        raise BadInput(f"{source}: nothing to load (no \"{SECTION}\")")
    if not isinstance(doc[SECTION], list):
        raise BadInput(f"{source}: \"{SECTION}\" must be a list")
    members = tuple(check_member(item, f"{source}: member #{i}")
                    for i, item in enumerate(doc[SECTION], start=1))
    numbers: set[str] = set()
    cards: dict[str, str] = {}
    for member in members:
        if member.member_no in numbers:
            raise BadInput(f"{source}: two members have the member_no {member.member_no!r}")
        numbers.add(member.member_no)
        if member.card_no is None:
            continue
        if member.card_no in cards:
            raise BadInput(f"{source}: members {cards[member.card_no]} and "
                           f"{member.member_no} have the same card_no {member.card_no!r}")
        cards[member.card_no] = member.member_no
    return MemberSet(members=members, source=source)


def read_file(path: Path) -> MemberSet:
    """Read and check a members file; BadInput (one line) for anything wrong with it."""
    return parse_document(read_json(path), Path(path).name)


def _where_in(session: Session, column: InstrumentedAttribute, values: Sequence[str]
              ) -> Iterator[Member]:
    values = list(dict.fromkeys(values))
    for start in range(0, len(values), CHUNK):
        yield from session.scalars(select(Member).where(column.in_(values[start:start + CHUNK])))


def _values(member: Member) -> dict[str, Any]:
    return {field: getattr(member, field) for field in FIELDS}


def load(session: Session, members: MemberSet) -> LoadResult:
    """Upsert every member of a checked set by member_no. Everything is checked against what
    HQ holds (levels, cards of other members) before the first write."""
    prefix = f"{members.source}: " if members.source else ""
    specs = {m.member_no: m for m in members.members}

    levels = set(session.scalars(select(MemberLevel.code)))
    for spec in specs.values():
        if spec.level_code is not None and spec.level_code not in levels:
            known = ", ".join(sorted(levels)) or "none yet"
            raise BadInput(f"{prefix}member {spec.member_no}: level_code {spec.level_code!r} "
                           f"is not a member level at head office (known: {known})")

    by_card = {m.card_no: m.member_no for m in specs.values() if m.card_no is not None}
    for holder in _where_in(session, Member.card_no, list(by_card)):
        if holder.member_no not in specs:
            raise BadInput(f"{prefix}member {by_card[holder.card_no]}: card_no "
                           f"{holder.card_no!r} already belongs to member {holder.member_no}")

    existing = {m.member_no: m for m in _where_in(session, Member.member_no, list(specs))}
    before = {no: _values(m) for no, m in existing.items()}
    # Cards moving between members of this file: free them first, so that no two rows ever
    # hold one card (each member's own change then publishes its new card, or none).
    moving = [m for no, m in existing.items()
              if m.card_no is not None and m.card_no != specs[no].card_no]
    for member in moving:
        member.card_no = None
    if moving:
        session.flush()

    changed = 0
    for no, spec in specs.items():
        changed += _write(session, spec, existing.get(no), before.get(no))
    return LoadResult(members=len(specs), changed=changed)


def _write(session: Session, spec: MemberSpec, member: Member | None,
           before: dict[str, Any] | None) -> bool:
    values = spec.values()
    if member is None:
        member = Member(**values)
        session.add(member)
    elif before == values:
        return False
    else:
        for field, value in values.items():
            setattr(member, field, value)
        member.updated_at = utcnow()
    session.flush()
    changelog.record_member(session, member)
    return True


def load_members(session: Session, file: Path | str) -> LoadResult:
    """Read, check and load a members file (see the module docstring for its format)."""
    return load(session, read_file(Path(file)))


def upsert_member(session: Session, data: Mapping[str, Any]) -> tuple[Member, bool]:
    """Create or update one member by member_no; returns (member, changed)."""
    spec = check_member(data)
    result = load(session, MemberSet(members=(spec,)))
    member = session.scalar(select(Member).where(Member.member_no == spec.member_no))
    assert member is not None
    return member, bool(result.changed)
