import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.business_day import business_date
from pos_app.domain.hlc import Hlc, receive, tick
from pos_app.domain.ids import uuid7
from pos_app.domain.pinyin import initials
from pos_app.domain.receipt_no import format_receipt_no, is_receipt_no
from pos_app.domain.staff import LOCKOUT, MAX_FAILED_LOGINS, LoginAttempts


def test_uuid7_is_version_7_and_time_ordered():
    ids = [uuid7() for _ in range(5000)]
    assert all(x.version == 7 and x.variant == uuid.RFC_4122 for x in ids)
    assert ids == sorted(ids, key=lambda x: x.int)
    assert len(set(ids)) == len(ids)


def test_uuid7_carries_its_millisecond():
    ms = 4_000_000_000_123  # later than any id made so far in this process
    assert uuid7(ms).int >> 80 == ms


def test_hlc_ticks_forward_even_when_the_wall_clock_goes_back():
    a = tick(None, 1000, "t1")
    b = tick(a, 900, "t1")  # clock stepped back
    assert b > a and str(b) > str(a)
    assert Hlc.parse(str(b)) == b


@given(st.lists(st.integers(min_value=0, max_value=10**13), min_size=1, max_size=50))
def test_hlc_is_monotonic_for_any_wall_clock(walls):
    last = None
    for wall in walls:
        nxt = tick(last, wall, "n")
        assert last is None or nxt > last
        last = nxt


def test_hlc_receive_moves_past_the_remote_stamp():
    remote = Hlc(5000, 7, "t2")
    mine = receive(tick(None, 1000, "t1"), remote, 1000, "t1")
    assert mine > remote


def test_lockout_after_five_failures_and_expiry():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    attempts = LoginAttempts("1001")
    for _ in range(MAX_FAILED_LOGINS - 1):
        attempts.record_failure(now)
    assert attempts.locked_minutes_left(now) == 0
    attempts.record_failure(now)
    assert attempts.locked_minutes_left(now) == LOCKOUT.seconds // 60
    later = now + LOCKOUT + timedelta(seconds=1)
    assert attempts.locked_minutes_left(later) == 0
    attempts.record_failure(later)  # a fresh count after the lock ran out
    assert attempts.failed == 1 and attempts.locked_minutes_left(later) == 0


def test_business_date_is_the_stores_not_utc():
    late_utc = datetime(2026, 1, 1, 17, 30, tzinfo=UTC)  # 01:30 on Jan 2 in Shanghai
    assert business_date(late_utc, "Asia/Shanghai").isoformat() == "2026-01-02"


def test_receipt_numbers():
    no = format_receipt_no("S001", "T01", datetime(2026, 3, 4).date(), 7)
    assert no == "S001-T01-20260304-0007" and is_receipt_no(no)
    assert not is_receipt_no("S001-T01-2026034-0007")


def test_pinyin_initials():
    assert initials("可口可乐") == "kkkl"
    assert initials("农夫山泉 550ml") == "nfsq550ml"
    assert initials("康师傅红烧牛肉面") == "ksfhsnrm"
