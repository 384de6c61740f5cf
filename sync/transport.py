"""The till's HTTP client to HQ (DESIGN §7): bearer token, gzip, timeouts, clear errors.

Every failure becomes a TransportError (AuthError for a refused token, SeqGapError for a 409
gap) whose message is one short sentence for the log and the status bar, never a traceback.
"""

from __future__ import annotations

import gzip
import http.client
import json
import socket
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import requests
from pydantic import BaseModel, ValidationError

from sync.ports import AuthError, SeqGapError, TransportError
from sync.protocol import (
    ChangesResponse,
    EnrolRequest,
    EnrolResponse,
    PushRequest,
    PushResponse,
    SaleLookupResponse,
    SeqGap,
)

PUSH_PATH = "/api/v1/sync/push"
CHANGES_PATH = "/api/v1/sync/changes"
ENROLL_PATH = "/api/v1/enroll"
SALE_BY_RECEIPT_PATH = "/api/v1/sales/by-receipt/"

Timeout = float | tuple[float, float]
DEFAULT_TIMEOUT: tuple[float, float] = (3.05, 10)  # (connect, read) seconds
GZIP_LEVEL = 6  # most of the size win of 9 at a fraction of the CPU

_M = TypeVar("_M", bound=BaseModel)
_DETAIL_MAX = 200


class InvalidHqUrl(TransportError, ValueError):
    """The configured HQ address is not an http(s) URL."""


def check_base_url(base_url: str) -> str:
    """The URL without a trailing slash, or InvalidHqUrl with a sentence saying why."""
    try:
        parts = urlsplit(base_url.strip())
    except ValueError as exc:
        raise InvalidHqUrl(f"the HQ address {base_url!r} is not a valid URL") from exc
    if parts.scheme not in ("http", "https"):
        raise InvalidHqUrl(
            f"the HQ address must start with http:// or https:// (got {base_url!r})")
    if not parts.hostname:
        raise InvalidHqUrl(f"the HQ address {base_url!r} has no host name")
    if parts.query or parts.fragment:
        raise InvalidHqUrl(f"the HQ address {base_url!r} must not have a query or fragment")
    return base_url.strip().rstrip("/")


class _Client:
    """Requests plumbing shared by HttpTransport and enroll()."""

    def __init__(self, base_url: str, timeout: Timeout, session: requests.Session | None,
                 headers: dict[str, str]) -> None:
        self.base_url = check_base_url(base_url)
        self.host = urlsplit(self.base_url).netloc
        self.timeout = timeout
        self._owns_session = session is None
        self.session = session if session is not None else requests.Session()
        self.headers = {"Accept": "application/json", "Accept-Encoding": "gzip", **headers}

    def close(self) -> None:
        if self._owns_session:
            self.session.close()

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        try:
            response = self.session.request(
                method, self.base_url + path, headers=headers, timeout=self.timeout,
                allow_redirects=False, **kwargs)
        except requests.exceptions.RequestException as exc:
            raise TransportError(self._describe(exc)) from exc
        if 300 <= response.status_code < 400:
            where = response.headers.get("Location", "elsewhere")
            raise TransportError(f"HQ at {self.host} redirected {method} {path} to {where}; "
                                 "check the HQ address (http or https?)")
        return response

    def parse(self, response: requests.Response, model: type[_M], what: str) -> _M:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            first = exc.errors()[0] if exc.errors() else {}
            where = ".".join(str(x) for x in first.get("loc", ())) or "body"
            raise TransportError(f"HQ answered something unexpected to {what} "
                                 f"({where}: {first.get('msg', 'invalid')})") from None

    def fail(self, response: requests.Response, what: str, refused: str) -> TransportError:
        """The error for a non-2xx answer (409 gaps are handled by the caller)."""
        code = response.status_code
        detail = _detail(response)
        if code in (401, 403):
            return AuthError(f"{refused} (HTTP {code}: {detail})")
        if code >= 500:
            return TransportError(f"HQ at {self.host} failed on {what} (HTTP {code}: {detail})")
        return TransportError(f"HQ rejected {what} (HTTP {code}: {detail})")

    def _describe(self, exc: requests.exceptions.RequestException) -> str:
        host = self.host
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return f"HQ at {host} did not accept a connection within {_connect(self.timeout)} s"
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return f"HQ at {host} did not answer within {_read(self.timeout)} s"
        if isinstance(exc, requests.exceptions.SSLError):
            return f"secure connection to HQ at {host} failed (certificate or TLS settings)"
        if isinstance(exc, requests.exceptions.ContentDecodingError):
            return f"HQ at {host} sent a body that could not be decompressed"
        causes = list(_causes(exc))
        if any(isinstance(c, socket.gaierror) for c in causes):
            return f"cannot find HQ host {urlsplit(self.base_url).hostname} (DNS lookup failed)"
        if any(isinstance(c, ConnectionRefusedError) for c in causes):
            return f"HQ at {host} refused the connection (is it running?)"
        if any(isinstance(c, (ConnectionResetError, BrokenPipeError,
                              http.client.RemoteDisconnected)) for c in causes):
            return f"HQ at {host} closed the connection without answering"
        if isinstance(exc, requests.exceptions.ChunkedEncodingError):
            return f"HQ at {host} broke off its answer"
        if any(isinstance(c, TimeoutError) for c in causes):
            return f"HQ at {host} did not answer in time"
        if isinstance(exc, requests.exceptions.ConnectionError):
            return f"cannot connect to HQ at {host}"
        return f"request to HQ at {host} failed ({type(exc).__name__})"


class HttpTransport:
    """The Transport port (sync.ports) over HTTP(S) with requests."""

    def __init__(self, base_url: str, token: str, timeout: Timeout = DEFAULT_TIMEOUT,
                 session: requests.Session | None = None) -> None:
        self._client = _Client(base_url, timeout, session,
                               {"Authorization": f"Bearer {token}"})

    @property
    def base_url(self) -> str:
        return self._client.base_url

    def push(self, request: PushRequest) -> PushResponse:
        what = f"POST {PUSH_PATH}"
        body = gzip.compress(request.model_dump_json().encode(), compresslevel=GZIP_LEVEL)
        response = self._client.request(
            "POST", PUSH_PATH, data=body,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
        if response.status_code == 409:
            try:
                gap = SeqGap.model_validate_json(response.content)
            except ValidationError:
                pass
            else:
                raise SeqGapError(gap.expected_seq)
        if not response.ok:
            raise self._client.fail(response, what, _TOKEN_REFUSED)
        return self._client.parse(response, PushResponse, what)

    def changes(self, since: int, limit: int) -> ChangesResponse:
        what = f"GET {CHANGES_PATH}"
        response = self._client.request("GET", CHANGES_PATH,
                                        params={"since": since, "limit": limit})
        if not response.ok:
            raise self._client.fail(response, what, _TOKEN_REFUSED)
        return self._client.parse(response, ChangesResponse, what)

    def sale_by_receipt(self, receipt_no: str) -> SaleLookupResponse | None:
        """A sale of this till's store by receipt no. (for a return at another till), with what
        HQ knows was already returned of it; None when HQ has no such sale."""
        path = SALE_BY_RECEIPT_PATH + quote(receipt_no, safe="")
        what = f"GET {SALE_BY_RECEIPT_PATH}{receipt_no}"
        response = self._client.request("GET", path)
        if response.status_code == 404 and _detail(response) != "Not Found":
            return None  # HQ's own answer; a bare "Not Found" is a server without this route
        if not response.ok:
            raise self._client.fail(response, what, _TOKEN_REFUSED)
        return self._client.parse(response, SaleLookupResponse, what)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


_TOKEN_REFUSED = "HQ refused this till's device token; enrol the till again"


def enroll(base_url: str, code: str, app_version: str,
           timeout: Timeout = DEFAULT_TIMEOUT) -> EnrolResponse:
    """Exchange a one-time enrolment code for this till's identity and device token."""
    what = f"POST {ENROLL_PATH}"
    client = _Client(base_url, timeout, None, {})
    try:
        response = client.request(
            "POST", ENROLL_PATH,
            data=EnrolRequest(code=code, app_version=app_version).model_dump_json(),
            headers={"Content-Type": "application/json"})
        if not response.ok:
            if 400 <= response.status_code < 500:
                raise (AuthError if response.status_code in (401, 403) else TransportError)(
                    f"HQ refused the enrolment: {_detail(response)} "
                    f"(HTTP {response.status_code})")
            raise client.fail(response, what, "HQ refused the enrolment")
        return client.parse(response, EnrolResponse, what)
    finally:
        client.close()


def _detail(response: requests.Response) -> str:
    """HQ's one-sentence reason ({"detail": ...}), else a snippet of the body, else the reason
    phrase."""
    text = ""
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
        try:
            text = response.content.decode("utf-8", "replace")
        except Exception:  # pragma: no cover - defensive
            text = ""
        if "<" in text[:1] or "html" in text[:200].lower():
            text = ""  # an HTML error page is noise in a status bar
    if isinstance(body, dict) and "detail" in body:
        detail = body["detail"]
        if isinstance(detail, list):  # FastAPI validation errors
            text = "; ".join(str(d.get("msg", d)) if isinstance(d, dict) else str(d)
                             for d in detail[:3])
        else:
            text = str(detail)
    elif body is not None:
        text = json.dumps(body, ensure_ascii=False)
    text = " ".join(text.split())
    if not text:
        text = response.reason or "no detail"
    return text if len(text) <= _DETAIL_MAX else text[: _DETAIL_MAX - 1] + "…"


def _causes(exc: BaseException):
    """The exception and everything it wraps (cause, context, args, urllib3's .reason)."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nested = [current.__cause__, current.__context__, getattr(current, "reason", None),
                  *current.args]
        stack.extend(x for x in nested if isinstance(x, BaseException))


def _connect(timeout: Timeout) -> float:
    return timeout[0] if isinstance(timeout, tuple) else timeout


def _read(timeout: Timeout) -> float:
    return timeout[1] if isinstance(timeout, tuple) else timeout
