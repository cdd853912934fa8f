"""The network boundary (SPEC §12): a pure ASGI middleware in front of every HTTP and websocket route.

- Host header must name this machine (defeats DNS rebinding): otherwise 400.
- A request that carries an Origin header must come from one of our own origins: otherwise 403.
- When bound to a non-loopback address, every request needs the access token (``?token=`` once, then a cookie),
  except ``/calendar.ics``, which accepts only its own feed token (checked by the route).
- Every response gets headers that stop framing and content sniffing.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")
FEED_PATH = "/calendar.ics"
TOKEN_COOKIE = "tickettracker_token"
SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_NAMES or host.startswith("127.")


def new_token(secret: str = "") -> str:
    """A stable token derived from the secret key when there is one, else a fresh random one."""
    if secret:
        return hmac.new(secret.encode(), b"tickettracker-access", "sha256").hexdigest()[:32]
    return secrets.token_urlsafe(24)


def split_host(value: str) -> str:
    """The host part of a Host header or an origin's netloc, without the port."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        rest = value[end + 1 :]
        return (
            value[: end + 1] if end > 0 and (not rest or (rest[0] == ":" and rest[1:].isdigit())) else value
        )
    if value.count(":") == 1:
        name, port = value.split(":")
        return name if port.isdigit() else value  # "localhost:1@evil.example" is not localhost
    return value


class BoundaryMiddleware:
    def __init__(self, app: ASGIApp, *, hosts: Iterable[str], port: int, token: str | None = None) -> None:
        self.app = app
        self.hosts = {h.lower() for h in hosts}
        self.port = port
        self.token = token
        self.origins = {f"http://{h}:{port}" for h in self.hosts} | {f"http://{h}" for h in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if split_host(host) not in self.hosts:
            await self._refuse(scope, send, 400, "Invalid host header")
            return
        origin = headers.get("origin")
        if origin is not None and origin.lower() not in self.origins:
            await self._refuse(scope, send, 403, "Cross-origin request refused")
            return
        set_cookie = False
        # The calendar feed checks its own token (and accepts only that one): calendar apps cannot log in.
        if self.token is not None and scope.get("path") != FEED_PATH:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = (query.get("token") or [""])[0]
            cookie = SimpleCookie(headers.get("cookie", ""))
            from_cookie = cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else ""
            if given and hmac.compare_digest(given, self.token):
                set_cookie = True
            elif not (from_cookie and hmac.compare_digest(from_cookie, self.token)):
                await self._refuse(
                    scope, send, 401, "Access token required: open the URL printed at start-up"
                )
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _v in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if set_cookie:
                    extra.append(
                        (
                            b"set-cookie",
                            f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict".encode(
                                "latin-1"
                            ),
                        )
                    )
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    async def _refuse(scope: Scope, send: Send, status: int, text: str) -> None:
        if scope["type"] == "websocket":
            # Refuse the handshake: an ASGI close before accept becomes HTTP 403.
            await send({"type": "websocket.close", "code": 1008})
            return
        body = text.encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
