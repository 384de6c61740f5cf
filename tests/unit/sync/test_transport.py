"""HttpTransport and enroll() against a real HTTP server on 127.0.0.1 (http.server, a thread)."""

from __future__ import annotations

import gzip
import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from sync.ports import AuthError, SeqGapError, TransportError
from sync.protocol import (
    ChangesResponse,
    EnrolRequest,
    PushRequest,
    PushResponse,
)
from sync.transport import CHANGES_PATH, ENROLL_PATH, PUSH_PATH, HttpTransport, InvalidHqUrl, enroll

from .fakes import TERMINAL, make_events

TOKEN = "tok-123"
SHORT = (1.0, 0.3)  # connect, read


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    status: int = 200
    body: bytes | dict | list | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    gzip: bool = False
    action: str | None = None  # "hang" | "close" | "reset"


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the handler threads: nothing left behind
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that timed out and left makes the late write fail: expected here


class FakeHqServer:
    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.reply: Callable[[Seen], Reply] = lambda seen: Reply(404, {"detail": "Not Found"})
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args) -> None:
                pass

            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                self._serve()

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                url = urlsplit(self.path)
                seen = Seen(self.command, url.path, parse_qs(url.query),
                            {k.lower(): v for k, v in self.headers.items()},
                            self.rfile.read(length))
                outer.seen.append(seen)
                reply = outer.reply(seen)
                if reply.action == "hang":
                    outer.release.wait(5)
                    return
                if reply.action == "close":
                    self.close_connection = True
                    return
                if reply.action == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.close_connection = True
                    return
                body = reply.body
                if isinstance(body, (dict, list)):
                    body = json.dumps(body).encode()
                elif isinstance(body, str):
                    body = body.encode()
                headers = {"Content-Type": "application/json", **reply.headers}
                if reply.gzip:
                    body = gzip.compress(body)
                    headers["Content-Encoding"] = "gzip"
                self.send_response(reply.status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> FakeHqServer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def hq() -> Iterator[FakeHqServer]:
    with FakeHqServer() as server:
        yield server


@pytest.fixture
def transport(hq: FakeHqServer) -> Iterator[HttpTransport]:
    client = HttpTransport(hq.url + "/", TOKEN, timeout=SHORT)
    yield client
    client.close()


def push_request(n: int = 50) -> PushRequest:
    events = make_events(n)
    return PushRequest(terminal_id=TERMINAL, events=events, outbox_depth=n,
                       oldest_pending_at=events[0].occurred_at, app_version="0.1.0",
                       terminal_time=events[-1].occurred_at)


def ok_push(seen: Seen) -> Reply:
    request = PushRequest.model_validate_json(gzip.decompress(seen.body))
    return Reply(200, {"acked_through_seq": request.events[-1].seq,
                       "results": [{"seq": e.seq, "status": "applied"} for e in request.events],
                       "server_time": "2024-05-01T09:00:00+00:00", "min_app_version": "0.1.0"},
                 gzip="gzip" in seen.headers.get("accept-encoding", ""))


def assert_clear(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message
    assert len(message) < 300


# --- push ---------------------------------------------------------------------------------


def test_push_sends_a_gzip_body_with_the_token_and_parses_a_gzip_answer(hq, transport):
    hq.reply = ok_push
    request = push_request(50)
    response = transport.push(request)

    assert isinstance(response, PushResponse) and response.acked_through_seq == 50
    [seen] = hq.seen
    assert (seen.method, seen.path) == ("POST", PUSH_PATH)
    assert seen.headers["authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["content-encoding"] == "gzip"
    assert seen.headers["content-type"] == "application/json"
    assert "gzip" in seen.headers["accept-encoding"]
    plain = gzip.decompress(seen.body)
    assert PushRequest.model_validate_json(plain) == request
    assert len(seen.body) * 3 < len(plain)  # really compressed


def test_changes_sends_since_and_limit_and_parses_the_page(hq, transport):
    hq.reply = lambda seen: Reply(200, {"changes": [
        {"cursor": 8, "entity": "product", "key": "p1", "op": "upsert", "data": {"a": 1}},
        {"cursor": 9, "entity": "product", "key": "p2", "op": "delete", "data": None}],
        "next_cursor": 9, "has_more": True})
    page = transport.changes(7, 500)
    assert isinstance(page, ChangesResponse)
    assert [c.cursor for c in page.changes] == [8, 9] and page.next_cursor == 9 and page.has_more
    [seen] = hq.seen
    assert (seen.method, seen.path) == ("GET", CHANGES_PATH)
    assert seen.query == {"since": ["7"], "limit": ["500"]}
    assert seen.headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize("body", [b"this is not json", b'{"acked_through_seq": "many"}',
                                  b"[]", b""])
def test_garbage_from_hq_is_a_transport_error(hq, transport, body):
    hq.reply = lambda seen: Reply(200, body)
    with pytest.raises(TransportError) as err:
        transport.push(push_request(2))
    assert type(err.value) is TransportError
    assert "HQ answered something unexpected" in str(err.value)
    assert_clear(str(err.value))


def test_garbage_in_a_changes_page_is_a_transport_error(hq, transport):
    hq.reply = lambda seen: Reply(200, {"changes": [{"cursor": "x"}], "next_cursor": 1},
                                  gzip=True)
    with pytest.raises(TransportError, match="HQ answered something unexpected"):
        transport.changes(0, 10)


def test_server_error_carries_hqs_detail(hq, transport):
    hq.reply = lambda seen: Reply(500, {"detail": "database is locked"})
    with pytest.raises(TransportError) as err:
        transport.push(push_request(2))
    assert type(err.value) is TransportError
    assert "HTTP 500" in str(err.value) and "database is locked" in str(err.value)
    assert_clear(str(err.value))


def test_an_html_error_page_is_not_pasted_into_the_message(hq, transport):
    page = "<html><body><h1>502 Bad Gateway</h1>\n<hr>nginx</body></html>"
    hq.reply = lambda seen: Reply(502, page, headers={"Content-Type": "text/html"})
    with pytest.raises(TransportError) as err:
        transport.changes(0, 10)
    assert "HTTP 502" in str(err.value) and "<html>" not in str(err.value)
    assert_clear(str(err.value))


@pytest.mark.parametrize("status", [401, 403])
def test_refused_token_is_an_auth_error(hq, transport, status):
    hq.reply = lambda seen: Reply(status, {"detail": "token revoked"})
    with pytest.raises(AuthError) as err:
        transport.changes(0, 10)
    assert "token" in str(err.value) and f"HTTP {status}" in str(err.value)
    assert "token revoked" in str(err.value)
    assert_clear(str(err.value))


def test_409_with_a_seq_gap_body_is_a_seq_gap_error(hq, transport):
    hq.reply = lambda seen: Reply(409, {"detail": "events must continue from seq 7",
                                        "expected_seq": 7})
    with pytest.raises(SeqGapError) as err:
        transport.push(push_request(2))
    assert err.value.expected_seq == 7


def test_409_without_a_seq_gap_body_is_a_plain_transport_error(hq, transport):
    hq.reply = lambda seen: Reply(409, {"detail": "terminal flagged: chain broken"})
    with pytest.raises(TransportError) as err:
        transport.push(push_request(2))
    assert not isinstance(err.value, SeqGapError)
    assert "HTTP 409" in str(err.value) and "chain broken" in str(err.value)


def test_a_redirect_is_not_followed_and_says_check_the_address(hq, transport):
    hq.reply = lambda seen: Reply(301, b"", headers={"Location": "https://hq.example/x"})
    with pytest.raises(TransportError, match=r"redirected .* https://hq\.example/x"):
        transport.push(push_request(1))
    assert len(hq.seen) == 1


# --- network failures ---------------------------------------------------------------------


def test_a_hanging_hq_times_out_quickly_with_a_clear_message(hq, transport):
    hq.reply = lambda seen: Reply(action="hang")
    started = time.monotonic()
    with pytest.raises(TransportError) as err:
        transport.push(push_request(2))
    assert time.monotonic() - started < 2
    assert str(err.value) == f"HQ at {urlsplit(hq.url).netloc} did not answer within 0.3 s"


@pytest.mark.parametrize("action", ["close", "reset"])
def test_a_dropped_connection_is_a_transport_error(hq, transport, action):
    hq.reply = lambda seen: Reply(action=action)
    with pytest.raises(TransportError) as err:
        transport.changes(0, 10)
    assert "closed the connection" in str(err.value) or "broke off" in str(err.value)
    assert_clear(str(err.value))


def test_connection_refused_is_a_transport_error():
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with HttpTransport(f"http://127.0.0.1:{port}", TOKEN, timeout=SHORT) as client:
        started = time.monotonic()
        with pytest.raises(TransportError) as err:
            client.changes(0, 10)
    assert time.monotonic() - started < 2
    assert str(err.value) == f"HQ at 127.0.0.1:{port} refused the connection (is it running?)"


def test_dns_failure_is_a_transport_error(monkeypatch):
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host == "hq.nowhere.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with HttpTransport("https://hq.nowhere.invalid", TOKEN, timeout=SHORT) as client:
        with pytest.raises(TransportError) as err:
            client.push(push_request(1))
    assert str(err.value) == "cannot find HQ host hq.nowhere.invalid (DNS lookup failed)"


@pytest.mark.parametrize("url", ["ftp://hq.example", "hq.example:8000", "file:///etc/passwd",
                                 "http://", "javascript:alert(1)"])
def test_non_http_base_urls_are_refused(url):
    with pytest.raises(InvalidHqUrl) as err:
        HttpTransport(url, TOKEN)
    assert isinstance(err.value, TransportError) and isinstance(err.value, ValueError)
    assert "HQ address" in str(err.value)
    with pytest.raises(InvalidHqUrl):
        enroll(url, "CODE", "0.1.0")


# --- enrolment ----------------------------------------------------------------------------

IDENTITY = {"terminal_id": TERMINAL, "terminal_name": "T01", "store_id": "s1",
            "store_code": "S001", "store_name": "人民路店", "token": "device-token"}


def test_enroll_exchanges_the_code_for_an_identity(hq):
    hq.reply = lambda seen: Reply(200, IDENTITY)
    identity = enroll(hq.url, "AAAA-BBBB", "0.1.0", timeout=SHORT)
    assert identity.token == "device-token" and identity.store_name == "人民路店"
    [seen] = hq.seen
    assert (seen.method, seen.path) == ("POST", ENROLL_PATH)
    assert EnrolRequest.model_validate_json(seen.body) == EnrolRequest(code="AAAA-BBBB",
                                                                       app_version="0.1.0")
    assert "authorization" not in seen.headers


@pytest.mark.parametrize(("status", "body", "text", "kind"), [
    (400, {"detail": "this enrolment code was already used"}, "already used", TransportError),
    (404, {"detail": "unknown enrolment code"}, "unknown enrolment code", TransportError),
    (401, {"detail": "code expired"}, "code expired", AuthError),
    (422, {"detail": [{"msg": "Field required", "loc": ["body", "code"]}]}, "Field required",
     TransportError),
])
def test_enroll_surfaces_hqs_reason(hq, status, body, text, kind):
    hq.reply = lambda seen: Reply(status, body)
    with pytest.raises(kind) as err:
        enroll(hq.url, "AAAA-BBBB", "0.1.0", timeout=SHORT)
    message = str(err.value)
    assert message.startswith("HQ refused the enrolment: ") and text in message
    assert f"HTTP {status}" in message
    assert_clear(message)


def test_enroll_against_a_hanging_hq_times_out(hq):
    hq.reply = lambda seen: Reply(action="hang")
    with pytest.raises(TransportError, match=r"did not answer within 0\.3 s"):
        enroll(hq.url, "AAAA-BBBB", "0.1.0", timeout=SHORT)


def test_close_is_idempotent_and_a_caller_owned_session_stays_open(hq):
    import requests

    hq.reply = lambda seen: Reply(200, {"changes": [], "next_cursor": 0, "has_more": False})
    with requests.Session() as session:
        client = HttpTransport(hq.url, TOKEN, timeout=SHORT, session=session)
        client.changes(0, 1)
        client.close()
        client.close()
        other = HttpTransport(hq.url, "other", timeout=SHORT, session=session)
        assert other.changes(0, 1).next_cursor == 0  # the shared session still works
    assert hq.seen[-1].headers["authorization"] == "Bearer other"
