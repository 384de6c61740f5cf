"""The UI worker: jobs run off the UI thread, in order, and everything a job holds is let go
on the UI thread (PySide deletes a Qt object whose last reference dies on another thread later,
on the UI thread, which crashes if its parent deleted it meanwhile)."""

from __future__ import annotations

import gc
import threading

from pos_app.ui.background import Worker

FREED_ON: list[str] = []  # the thread each _Tracked was freed on


class _Tracked:
    def __del__(self) -> None:
        FREED_ON.append(threading.current_thread().name)


def test_jobs_run_off_the_ui_thread_in_order_and_report_on_it(qtbot):
    worker = Worker()
    ran_on, delivered_on, results = [], [], []

    def job(n):
        def call():
            ran_on.append(threading.current_thread().name)
            return n
        return call

    for n in range(5):
        worker.submit(job(n), lambda r: (results.append(r), delivered_on.append(
            threading.current_thread().name)), lambda e: results.append(e))
    qtbot.waitUntil(lambda: len(results) == 5)
    assert results == [0, 1, 2, 3, 4]
    assert all(name.startswith("till-worker") for name in ran_on)
    assert set(delivered_on) == {threading.main_thread().name}
    assert not worker.busy()


def test_a_failing_job_reports_its_exception(qtbot):
    worker = Worker()
    failures = []
    worker.submit(lambda: 1 / 0, lambda _r: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], ZeroDivisionError)


def test_what_a_job_holds_is_freed_on_the_ui_thread(qtbot):
    FREED_ON.clear()
    worker = Worker()
    done = []
    for _ in range(20):
        held = _Tracked()
        worker.submit(lambda held=held: held and None, done.append, done.append)
        del held
    qtbot.waitUntil(lambda: len(done) == 20)
    gc.collect()
    assert len(FREED_ON) == 20
    assert set(FREED_ON) == {threading.main_thread().name}


def test_wait_blocks_until_the_running_job_is_done(qtbot):
    worker = Worker()
    gate = threading.Event()
    worker.submit(gate.wait, lambda _r: None, lambda _e: None)
    assert not worker.wait(50)
    gate.set()
    assert worker.wait(2000)
