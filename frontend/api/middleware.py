"""Refusals as JSON, the body size limit and the per-client rate limit of
write requests."""

from __future__ import annotations

import ipaddress
import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import requests
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from web3.exceptions import Web3Exception

from frontend.chain import ChainUnavailable
from frontend.errors import ApiError

__all__ = ["BodyLimit", "PathSegments", "RateLimit", "SecurityHeaders", "install_error_handlers"]

log = logging.getLogger("harvest.api")


class PathSegments:
    """An API path split where the client put its slashes: `%2F` in a segment
    (a co-op named "Roof/top" is `/api/coops/Roof%2Ftop`) is not a separator.

    The server decodes the whole path before routing, so the router took
    such a name for two segments (a 404, or another route). Here the path
    the router sees is built from the raw one segment by segment, each
    decoded with `%` and `/` escaped again; `values.segment` undoes that."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = scope.get("raw_path") if scope["type"] == "http" else None
        if raw and b"%" in raw and scope["path"].startswith("/api/"):
            segments = raw.decode("ascii", "surrogateescape").split("/")
            path = "/".join(unquote(s).replace("%", "%25").replace("/", "%2F") for s in segments)
            scope = {**scope, "path": path}
        await self.app(scope, receive, send)


def _error(status: int, code: str, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "detail": detail}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Every refusal as {"error": code, "detail": sentence}."""

    @app.exception_handler(ApiError)
    async def api_error(_: Request, err: ApiError) -> JSONResponse:
        return _error(err.status, err.code, err.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, err: RequestValidationError) -> JSONResponse:
        errors = list(err.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            return _error(400, "malformed_json", "the body is not valid JSON")
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "the request"
        return _error(422, "invalid_request", f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, err: StarletteHTTPException) -> JSONResponse:
        if err.status_code == 404:
            return _error(404, "not_found", "there is no such route (see /docs)")
        if err.status_code == 405:
            return _error(405, "method_not_allowed", "this route does not take that method (see /docs)")
        if err.status_code == 400:
            # FastAPI's own "error parsing the body": JSON the parser gave up
            # on (nested deeper than it recurses), not a field's fault
            return _error(400, "malformed_json", "the body could not be read as JSON")
        return _error(err.status_code, "invalid_request", str(err.detail))

    @app.exception_handler(UnicodeError)
    async def bad_text(_: Request, err: UnicodeError) -> JSONResponse:
        # JSON may escape a lone surrogate (\udfff), which no database or
        # JSON writer accepts: the client's text is at fault, not the service.
        return _error(400, "bad_text", "the request holds text that is not valid Unicode (a lone surrogate?)")

    @app.exception_handler(ChainUnavailable)
    async def chain_down(_: Request, err: ChainUnavailable) -> JSONResponse:
        return _error(503, "chain_unavailable", "the node does not answer; try again shortly")

    @app.exception_handler(requests.RequestException)
    async def rpc_down(_: Request, err: Exception) -> JSONResponse:
        return _error(503, "chain_unavailable", "the node does not answer; try again shortly")

    @app.exception_handler(Web3Exception)
    async def web3_error(_: Request, err: Exception) -> JSONResponse:
        log.warning("api: node error: %s", err)
        return _error(503, "chain_unavailable", "the node could not answer this request; try again shortly")

    @app.exception_handler(Exception)
    async def crash(_: Request, err: Exception) -> JSONResponse:
        log.exception("api: unexpected error")
        return _error(500, "internal_error", "the service failed on this request; it was logged")


async def _send_json(
    send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]
) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class SecurityHeaders:
    """nosniff and no-referrer on every answer, the page's Content-Security-Policy
    and `Cache-Control: no-cache` on the page and its static files (plain ASGI: no per-request task, and
    streamed answers such as /api/stream pass through untouched)."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.csp = csp.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        page = path == "/" or path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
                if page:
                    extra.append((b"content-security-policy", self.csp))
                    # revalidated every time (ETag): a fixed app.js reaches members at once,
                    # not after a browser's heuristic cache lifetime
                    extra.append((b"cache-control", b"no-cache"))
                headers.extend((n, v) for n, v in extra if n not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuse bodies over `limit` bytes with 413 before the route reads them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        too_large = {"error": "body_too_large", "detail": f"the body is over the {self.limit}-byte limit"}
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await _send_json(send, 413, too_large, [])
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _send_json(send, 413, too_large, [])
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def client_key(host: str) -> str:
    """Who the rate limit counts a request against: an IPv4 address, or an
    IPv6 client's /64 (one home line or host gets a whole /64 and could
    send every request from a new address), an IPv4-mapped IPv6 address as
    its IPv4 address; anything else (a Unix socket's name) as it is."""
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class RateLimit:
    """At most `count` write requests (POST, PUT, PATCH, DELETE) and reads
    that ask the node (a ballot to sign: the voter's nonce) per client
    (`client_key`: an IPv4 address or an IPv6 /64) in any `window` seconds;
    more get 429 with Retry-After."""

    def __init__(
        self, app: ASGIApp, count: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.app = app
        self.count = count
        self.window = window
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._swept = clock()

    def _retry_after(self, client: str) -> float:
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(client, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.count:
                return self.window - (now - hits[0])
            hits.append(now)
            self._forget_idle(now)
            return 0.0

    def _forget_idle(self, now: float) -> None:
        """Past 10,000 clients, at most once a window: drop the clients whose
        last write is a window old (their hits no longer count)."""
        if len(self._hits) <= 10_000 or now - self._swept < self.window:
            return
        self._swept = now
        for key in [k for k, v in self._hits.items() if not v or now - v[-1] >= self.window]:
            del self._hits[key]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            scope["method"] in ("POST", "PUT", "PATCH", "DELETE")
            or (
                scope["method"] == "GET"
                and scope["path"].startswith("/api/")
                and scope["path"].endswith("/ballot")
            )
        ):
            client = (scope.get("client") or ("unknown", 0))[0]
            wait = self._retry_after(client_key(str(client)))
            if wait > 0:
                await _send_json(
                    send,
                    429,
                    {"error": "rate_limited", "detail": f"too many requests; try again in {wait:.0f} s"},
                    [(b"retry-after", str(max(int(wait + 0.999), 1)).encode())],
                )
                return
        await self.app(scope, receive, send)
