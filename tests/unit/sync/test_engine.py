"""SyncEngine over in-memory fakes of its ports."""

from __future__ import annotations

import logging
import random
import threading
from datetime import datetime, timedelta

import pytest

from sync.engine import SyncEngine
from sync.ports import AuthError, SeqGapError, TransportError
from sync.protocol import Change, ChangesResponse, PushRequest, PushResponse

from .fakes import T0, TERMINAL, FakeClock, FakeHq, FakeOutbox, FakeSink, FakeStatus, make_events


class Setup:
    def __init__(self, events: int = 0, acked: int = 0, hq_last_seq: int = 0, changes: int = 0,
                 rng: random.Random | None = None, **engine_kwargs) -> None:
        self.outbox = FakeOutbox(make_events(events), acked)
        self.sink = FakeSink()
        self.status = FakeStatus()
        self.hq = FakeHq(last_seq=hq_last_seq, changes=changes)
        self.clock = FakeClock()
        self.engine = SyncEngine(
            outbox=self.outbox, sink=self.sink, status=self.status, transport=self.hq,
            terminal_id=TERMINAL, app_version="0.1.0", clock=self.clock,
            rng=rng if rng is not None else random.Random(7), **engine_kwargs)


# --- push ---------------------------------------------------------------------------------


def test_1234_events_go_in_three_batches_of_at_most_500_and_all_are_acked():
    s = Setup(events=1234)
    outcome = s.engine.push_once()
    assert [len(r.events) for r in s.hq.pushes] == [500, 500, 234]
    assert [r.events[0].seq for r in s.hq.pushes] == [1, 501, 1001]
    assert s.hq.applied == list(range(1, 1235))
    assert s.outbox.acked == 1234 and s.outbox.ack_calls == [500, 1000, 1234]
    assert outcome.ok and outcome.kind == "push" and outcome.pushed == 1234 and not outcome.more
    assert s.status.outcomes == [outcome]


def test_each_request_reports_depth_oldest_pending_time_and_version():
    s = Setup(events=1234)
    s.engine.push_once()
    first, second, third = s.hq.pushes
    events = s.outbox.events
    assert (first.outbox_depth, second.outbox_depth, third.outbox_depth) == (734, 234, 0)
    assert first.oldest_pending_at == events[500].occurred_at
    assert second.oldest_pending_at == events[1000].occurred_at
    assert third.oldest_pending_at is None
    assert first.terminal_id == TERMINAL and first.app_version == "0.1.0"
    assert datetime.fromisoformat(first.terminal_time) == T0


def test_a_run_is_bounded_and_says_more_is_waiting():
    s = Setup(events=1234, max_push_batches=2)
    outcome = s.engine.push_once()
    assert len(s.hq.pushes) == 2 and s.outbox.acked == 1000
    assert outcome.ok and outcome.more and outcome.pushed == 1000
    assert s.engine.push_once().pushed == 234


def test_nothing_to_send_makes_no_request_and_records_nothing():
    s = Setup(events=3, acked=3)
    outcome = s.engine.push_once()
    assert outcome.ok and outcome.pushed == 0
    assert s.hq.pushes == [] and s.status.outcomes == []


def test_seq_gap_resends_from_the_seq_hq_expects():
    # The till believes HQ holds 1–2 (an answer was lost the other way round), HQ has only 1.
    s = Setup(events=5, acked=2, hq_last_seq=1)
    outcome = s.engine.push_once()
    assert [r.events[0].seq for r in s.hq.pushes] == [3, 2]
    assert s.hq.applied == [2, 3, 4, 5]
    assert outcome.ok and s.outbox.acked == 5 and outcome.pushed == 4


def test_seq_gap_that_keeps_coming_back_gives_up_with_an_error():
    s = Setup(events=5, max_gap_resends=2)
    s.hq.fail_next = [SeqGapError(1)] * 10
    outcome = s.engine.push_once()
    assert len(s.hq.pushes) == 3  # first try + 2 resends
    assert not outcome.ok and "gave up" in outcome.error and "seq 1" in outcome.error
    assert s.outbox.acked == 0 and s.status.outcomes == [outcome]


def test_seq_gap_past_the_end_of_the_journal_is_an_error_not_a_loop():
    s = Setup(events=5)
    s.hq.fail_next = [SeqGapError(40)]
    outcome = s.engine.push_once()
    assert not outcome.ok and "40" in outcome.error and "no such event" in outcome.error
    assert s.outbox.acked == 0


def test_resent_events_hq_already_holds_are_duplicates_and_counted_once():
    s = Setup(events=5, hq_last_seq=3)  # till lost HQ's answer for 1–3
    outcome = s.engine.push_once()
    assert [r.status for r in s.hq.responses[0].results] == ["duplicate"] * 3 + ["applied"] * 2
    assert s.hq.applied == [4, 5] and s.outbox.acked == 5
    assert outcome.ok and outcome.pushed == 5
    assert s.engine.push_once().pushed == 0 and len(s.hq.pushes) == 1  # nothing sent twice


def test_ack_never_goes_past_what_the_request_carried():
    s = Setup(events=5, push_batch=2)

    def respond(request: PushRequest) -> PushResponse:
        return PushResponse(acked_through_seq=99, results=[], server_time="x",
                            min_app_version="0")

    s.hq.respond = respond
    outcome = s.engine.push_once()
    assert s.outbox.ack_calls == [2, 4, 5]
    assert outcome.ok and outcome.pushed == 5


def test_a_partial_ack_resends_the_rest_and_a_zero_ack_stops_the_run():
    s = Setup(events=5)
    acks = iter([3, 5])

    def respond(request: PushRequest) -> PushResponse:
        return PushResponse(acked_through_seq=next(acks), results=[], server_time="x",
                            min_app_version="0")

    s.hq.respond = respond
    assert s.engine.push_once(force=True).ok
    assert [r.events[0].seq for r in s.hq.pushes] == [1, 4]

    stuck = Setup(events=5, acked=2)
    stuck.hq.respond = lambda request: PushResponse(
        acked_through_seq=1, results=[], server_time="x", min_app_version="0")
    outcome = stuck.engine.push_once()
    assert not outcome.ok and "acknowledged none" in outcome.error
    assert len(stuck.hq.pushes) == 1


def test_conflict_and_quarantine_are_not_errors_for_the_till(caplog):
    s = Setup(events=3)
    s.hq.statuses = {2: "conflict", 3: "quarantined"}
    with caplog.at_level(logging.WARNING, logger="sync.engine"):
        outcome = s.engine.push_once()
    assert outcome.ok and outcome.pushed == 3 and s.outbox.acked == 3
    assert "conflict event seq 2" in caplog.text and "quarantined event seq 3" in caplog.text


def test_old_app_version_is_logged(caplog):
    s = Setup(events=1)
    s.hq.respond = lambda request: PushResponse(
        acked_through_seq=1, results=[], server_time="x", min_app_version="0.10.0")
    with caplog.at_level(logging.WARNING, logger="sync.engine"):
        assert s.engine.push_once().ok
    assert "0.10.0 or newer" in caplog.text


# --- pull ---------------------------------------------------------------------------------


def test_pull_pages_until_done_applying_in_cursor_order_and_storing_cursors():
    s = Setup(changes=1234)
    outcome = s.engine.pull_once()
    assert s.hq.change_calls == [(0, 500), (500, 500), (1000, 500)]
    assert [cursor for _changes, cursor in s.sink.pages] == [500, 1000, 1234]
    applied = [c.cursor for changes, _ in s.sink.pages for c in changes]
    assert applied == list(range(1, 1235))
    assert s.sink.stored_cursor == 1234
    assert outcome.ok and outcome.kind == "pull" and outcome.pulled == 1234
    assert s.status.outcomes == [outcome]
    again = s.engine.pull_once()
    assert again.ok and again.pulled == 0 and s.hq.change_calls[-1] == (1234, 500)


def test_pull_sorts_a_page_into_cursor_order():
    s = Setup()
    page = [Change(cursor=c, entity="product", key=f"p{c}", op="upsert", data={})
            for c in (3, 1, 2)]
    s.hq.changes = lambda since, limit: ChangesResponse(changes=page, next_cursor=3,
                                                        has_more=False)
    assert s.engine.pull_once().ok
    assert [c.cursor for c in s.sink.pages[0][0]] == [1, 2, 3]


def test_pull_is_bounded_per_run():
    s = Setup(changes=1234, pull_limit=100, max_pull_pages=3)
    outcome = s.engine.pull_once()
    assert outcome.ok and outcome.more and outcome.pulled == 300 and s.sink.stored_cursor == 300


@pytest.mark.parametrize(("page", "message"), [
    (ChangesResponse(changes=[], next_cursor=5, has_more=False), "behind ours"),
    (ChangesResponse(changes=[], next_cursor=10, has_more=True), "sent none"),
])
def test_pull_refuses_cursors_that_go_backwards_or_nowhere(page, message):
    s = Setup()
    s.sink.stored_cursor = 10
    s.hq.changes = lambda since, limit: page
    outcome = s.engine.pull_once()
    assert not outcome.ok and message in outcome.error and s.sink.pages == []


def test_a_failing_sink_is_recorded_not_raised(caplog):
    s = Setup(changes=3)
    s.sink.fail_with = RuntimeError("database is locked")
    with caplog.at_level(logging.ERROR, logger="sync.engine"):
        outcome = s.engine.pull_once()
    assert not outcome.ok and outcome.error == "pull failed: RuntimeError: database is locked"
    assert s.status.outcomes == [outcome] and s.engine.failures == 1


# --- failures and backoff -----------------------------------------------------------------


def test_transport_failure_is_recorded_with_its_message():
    s = Setup(events=2)
    s.hq.fail_next = [TransportError("HQ at hq:8000 refused the connection (is it running?)")]
    outcome = s.engine.push_once()
    assert not outcome.ok and outcome.error == "HQ at hq:8000 refused the connection (is it running?)"
    assert s.status.outcomes == [outcome] and s.outbox.acked == 0
    assert outcome.at == T0


def test_auth_error_is_a_failure_too():
    s = Setup(changes=2)
    s.hq.fail_next = [AuthError("HQ refused this till's device token")]
    outcome = s.engine.pull_once()
    assert not outcome.ok and "device token" in outcome.error


def test_backoff_grows_exponentially_within_jitter_bounds_and_caps_at_five_minutes():
    s = Setup(changes=1)
    delays = []
    for n in range(1, 12):
        s.hq.fail_next = [TransportError("down")]
        outcome = s.engine.pull_once(force=True)
        delay = (s.engine.next_attempt_at - outcome.at).total_seconds()
        ceiling = min(300.0, 2.0 * 2 ** (n - 1))
        assert ceiling / 2 <= delay <= ceiling, (n, delay)
        assert s.engine.failures == n
        delays.append(delay)
        s.clock.advance(1)
    assert delays[5] > delays[0] * 8  # 64 s band vs 2 s band
    assert all(150 <= d <= 300 for d in delays[8:])  # capped


def test_jitter_comes_from_the_injected_rng():
    class Extreme(random.Random):
        def __init__(self, pick: str) -> None:
            super().__init__()
            self.pick = pick

        def uniform(self, a: float, b: float) -> float:
            return a if self.pick == "low" else b

    low, high = Setup(rng=Extreme("low")).engine, Setup(rng=Extreme("high")).engine
    assert [low.backoff_delay(n) for n in (1, 2, 3, 9, 10)] == [1, 2, 4, 150, 150]
    assert [high.backoff_delay(n) for n in (1, 2, 3, 9, 10)] == [2, 4, 8, 300, 300]
    same = [Setup(rng=random.Random(3)).engine.backoff_delay(4) for _ in range(2)]
    assert same[0] == same[1] and 8 <= same[0] <= 16
    assert low.backoff_delay(0) == 0


def test_due_skips_background_runs_until_the_backoff_expires_and_force_ignores_it():
    s = Setup(events=2)
    assert s.engine.due(T0) and s.engine.next_attempt_at is None
    s.hq.fail_next = [TransportError("down")]
    failed = s.engine.push_once()
    retry_at = s.engine.next_attempt_at
    assert retry_at is not None and retry_at > T0
    assert not s.engine.due(retry_at - timedelta(milliseconds=1))
    assert s.engine.due(retry_at)
    assert not s.engine.due()  # uses the engine's clock, still at T0

    skipped = s.engine.push_once()
    assert skipped.skipped and not skipped.ok and "waiting to retry" in skipped.error
    assert len(s.hq.pushes) == 1 and s.status.outcomes == [failed]  # skipped: not recorded

    forced = s.engine.push_once(force=True)
    assert forced.ok and forced.pushed == 2
    assert s.engine.next_attempt_at is None and s.engine.failures == 0 and s.engine.due(T0)


def test_success_after_clock_passes_retry_time_resets_backoff():
    s = Setup(changes=1)
    for _ in range(3):
        s.hq.fail_next = [TransportError("down")]
        s.engine.pull_once(force=True)
    assert s.engine.failures == 3
    s.clock.now = s.engine.next_attempt_at
    outcome = s.engine.pull_once()
    assert outcome.ok and not outcome.skipped and s.engine.failures == 0
    assert [o.ok for o in s.status.outcomes] == [False, False, False, True]


def test_run_once_pushes_then_pulls_and_skips_the_pull_when_push_failed():
    s = Setup(events=2, changes=2)
    push, pull = s.engine.run_once()
    assert (push.kind, push.pushed, pull.kind, pull.pulled) == ("push", 2, "pull", 2)

    down = Setup(events=2, changes=2)
    down.hq.fail_next = [TransportError("down")]
    outcomes = down.engine.run_once()
    assert [o.kind for o in outcomes] == ["push"] and down.hq.change_calls == []


def test_runs_are_one_at_a_time_across_threads():
    s = Setup(events=40, changes=40, push_batch=5, pull_limit=5)
    s.hq.delay = 0.002
    threads = [threading.Thread(target=f) for f in (s.engine.push_once, s.engine.pull_once) * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert s.hq.max_in_flight == 1
    assert s.hq.applied == list(range(1, 41)) and s.sink.stored_cursor == 40


def test_constructor_rejects_batches_over_the_protocol_limit():
    with pytest.raises(ValueError, match="push_batch"):
        Setup(push_batch=501)
