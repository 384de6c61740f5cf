"""Accept request bodies sent with `Content-Encoding: gzip` (the till compresses big pushes).

A pure ASGI middleware: it reads the compressed body, inflates it with a size cap (a small
gzip bomb must not exhaust memory), and hands the route a plain body. Broken gzip → 400,
an encoding we do not speak → 415, each with {"detail": ...}.
"""

from __future__ import annotations

import json
import zlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_COMPRESSED = 32 * 1024 * 1024
MAX_INFLATED = 64 * 1024 * 1024


class GzipRequestMiddleware:
    def __init__(self, app: ASGIApp, max_inflated: int = MAX_INFLATED) -> None:
        self.app = app
        self.max_inflated = max_inflated

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"]]
        encoding = next((v.decode("latin-1").strip().lower() for k, v in headers
                         if k == b"content-encoding"), "identity")
        if encoding in ("", "identity"):
            await self.app(scope, receive, send)
            return
        if encoding != "gzip":
            await _reply(send, 415, f"Content-Encoding {encoding!r} is not supported; use gzip")
            return
        compressed = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            compressed += message.get("body", b"")
            more = message.get("more_body", False)
            if len(compressed) > MAX_COMPRESSED:
                await _reply(send, 413, "request body too large")
                return
        try:
            body = _inflate(bytes(compressed), self.max_inflated)
        except _TooLarge:
            await _reply(send, 413, "request body too large once decompressed")
            return
        except (zlib.error, EOFError):
            await _reply(send, 400, "request body is not valid gzip")
            return
        new_headers = [(k, v) for k, v in headers
                       if k not in (b"content-encoding", b"content-length")]
        new_headers.append((b"content-length", str(len(body)).encode()))
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app({**scope, "headers": new_headers}, replay, send)


class _TooLarge(Exception):
    pass


def _inflate(data: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # gzip header and trailer
    out = inflater.decompress(data, limit + 1)
    if len(out) > limit or inflater.unconsumed_tail:
        raise _TooLarge
    out += inflater.flush()
    if not inflater.eof:
        raise EOFError("truncated gzip stream")
    if len(out) > limit:
        raise _TooLarge
    return out


async def _reply(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
