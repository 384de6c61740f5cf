"""`make demo`: a seeded head office, an enrolled till, the till window, the dashboard URL.

Everything lives in .demo/ under the current folder and starts fresh each run. With no display
the window runs offscreen, says so, rings one sale by itself and saves screenshots. Ctrl+C stops
everything.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

DEMO_DIR = Path(".demo")
HOST = "127.0.0.1"
PORT = int(os.environ.get("POS_DEMO_PORT", "8765"))
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _cli(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"demo: `{' '.join(args)}` failed:\n{result.stderr.strip()}")
    return result.stdout.strip()


def _die_with_parent() -> None:
    """Linux: the kernel sends SIGTERM to this child when the demo exits, however it exits."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex((HOST, port)) != 0


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("demo: head office exited while starting; see the messages above")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"demo: head office did not answer on {url} within {seconds:.0f} s")


def main() -> int:
    if not _port_free(PORT):
        sys.exit(f"demo: port {PORT} on {HOST} is in use; stop what uses it or set "
                 f"POS_DEMO_PORT=another port")
    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    DEMO_DIR.mkdir()
    db_url = f"sqlite:///{(DEMO_DIR / 'hq.sqlite').resolve()}"
    url = f"http://{HOST}:{PORT}"
    till_dir = DEMO_DIR / "till"
    print("demo: seeding head office (store S001, cashier 1001 / PIN 1234, "
          "manager 9001 / PIN 9999, ~200 products)")
    _cli("hq_server", "--db", db_url, "seed-demo")
    code = _cli("hq_server", "--db", db_url, "terminal", "add", "--store", "S001",
                "--name", "T01").splitlines()[-1]
    # Its own session: Ctrl+C reaches the demo only, which then stops HQ once, cleanly. If the
    # demo dies without that (its terminal closed, say), HQ goes with it.
    hq = subprocess.Popen([sys.executable, "-m", "hq_server", "serve", "--db", db_url,
                           "--host", HOST, "--port", str(PORT)], start_new_session=True,
                          preexec_fn=_die_with_parent)
    try:
        _wait_healthy(url, hq)
        print(_cli("pos_app", "--data-dir", str(till_dir), "enroll", "--hq", url,
                   "--code", code))
        print(f"demo: head-office dashboard: {url}/")
        headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if headless:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            print("demo: no display found, so the till window runs OFFSCREEN: it rings one "
                  f"sale by itself and saves screenshots in {DEMO_DIR / 'screenshots'}/")
        from pos_app.demo_devices import DemoDevices

        devices = DemoDevices.start(DEMO_DIR)
        devices.configure(till_dir)
        print(f"demo: receipts from the virtual printer go to {till_dir / 'receipts'}/")
        print(f"demo: simulated serial devices: scanner {devices.scanner.path}, card reader "
              f"{devices.card_reader.path}, pole display {devices.display.path} (watch "
              f"{DEMO_DIR / 'display.txt'}), cash drawer {devices.drawer.path} "
              f"({DEMO_DIR / 'drawer.log'})")
        if not headless and sys.stdin.isatty():
            print("demo: type `scan 6917674936532`, `card 0040856634` or "
                  "`swipe 62258800001234` here to use them")
            devices.run_console()
        print("demo: press Ctrl+C to stop")
        from pos_app import bootstrap

        try:
            bootstrap.run_window(till_dir, lang=None,
                                 autoplay_dir=(DEMO_DIR / "screenshots") if headless else None)
        finally:
            devices.close()
        print("\ndemo: stopping")
    except KeyboardInterrupt:
        print("\ndemo: stopping")
    finally:
        hq.terminate()
        try:
            hq.wait(timeout=10)
        except subprocess.TimeoutExpired:
            hq.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
