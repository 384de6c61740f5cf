"""Run the real head-office service (`pos-hq serve` under uvicorn) for integration tests.

    with running_hq("sqlite:///" + str(tmp_path / "hq.sqlite")) as hq:
        code = add_terminal(hq.db_url, "S001", "T01")
        requests.post(hq.url + "/api/v1/enroll", json={...})
        hq.stop()    # HQ down (the port stays reserved for this HQ)
        hq.start()   # HQ up again on the same port and database

Other suites (sync, e2e) import this module; it uses only the standard library.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def run_cli(db_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """`pos-hq --db URL ARGS...` as a subprocess; raises with its stderr when check fails."""
    proc = subprocess.run([sys.executable, "-m", "hq_server", "--db", db_url, *args],
                          capture_output=True, text=True, cwd=ROOT, env=_env(), timeout=120)
    if check and proc.returncode != 0:
        raise RuntimeError(f"pos-hq {' '.join(args)} failed ({proc.returncode}): "
                           f"{proc.stderr.strip()}")
    return proc


def seed_demo(db_url: str) -> str:
    """Store S001, cashier 1001/1234, manager 9001/9999 and the demo catalog. Idempotent."""
    return run_cli(db_url, "seed-demo").stdout


def add_terminal(db_url: str, store: str, name: str) -> str:
    """Create a terminal and return its one-time enrolment code."""
    return run_cli(db_url, "terminal", "add", "--store", store, "--name", name) \
        .stdout.strip().splitlines()[-1]


class HqProcess:
    """One `pos-hq serve` subprocess bound to 127.0.0.1:port; restartable on the same port."""

    def __init__(self, db_url: str, port: int | None = None, log_dir: Path | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.host = "127.0.0.1"
        self.url = f"http://{self.host}:{self.port}"
        self.log_path = Path(log_dir or tempfile.mkdtemp(prefix="pos-hq-")) / "hq.log"
        self.extra_env = env or {}
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start(self, timeout: float = START_TIMEOUT) -> HqProcess:
        if self.running:
            return self
        cmd = [sys.executable, "-m", "hq_server", "serve", "--db", self.db_url,
               "--host", self.host, "--port", str(self.port)]
        with self.log_path.open("ab") as log:
            self._proc = subprocess.Popen(cmd, cwd=ROOT, env={**_env(), **self.extra_env},
                                          stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"pos-hq serve exited with {self._proc.returncode}:\n"
                                   f"{self.log()[-3000:]}")
            if self.healthy():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"pos-hq serve did not answer /healthz within {timeout}s:\n"
                           f"{self.log()[-3000:]}")

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(STOP_TIMEOUT)


@contextmanager
def running_hq(db_url: str, port: int | None = None) -> Iterator[HqProcess]:
    """Start `pos-hq serve` on 127.0.0.1 (a free port unless given), wait for /healthz,
    yield the HqProcess, and stop it on exit whatever happened."""
    hq = HqProcess(db_url, port)
    try:
        hq.start()
        yield hq
    finally:
        hq.stop()
