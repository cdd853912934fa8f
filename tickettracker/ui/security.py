"""The network boundary (SPEC §12, §16): a pure ASGI middleware in front of every HTTP and websocket route.

- Host header must name this machine (defeats DNS rebinding): otherwise 400.
- A request that carries an Origin header must come from one of our own origins: otherwise 403.
- When reachable from other machines (bound to a non-loopback address, or given ``--allow-host``), every request
  (pages, websocket, uploads, downloads, static files) needs an access token: the start-up token or a person's
  access link, as ``?token=`` once, then a cookie (HttpOnly, SameSite=Strict). A wrong or missing one gets 401 and
  nothing else. Who came in is left in ``scope["state"]`` for the pages (see :data:`PERSON_KEY`). The exception is
  ``/calendar.ics``, which accepts only its own feed token (checked by the route: calendar apps cannot log in).
- Every response gets headers that stop framing and content sniffing.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from tickettracker.domain.records import Person

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Identify = Callable[[str], Person | None]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")
FEED_PATH = "/calendar.ics"
TOKEN_COOKIE = "tickettracker_token"
PERSON_KEY = "tickettracker_person"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie: a colleague's link keeps working
SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
OWNER = Person(name="")


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_NAMES or host.startswith("127.")


def new_token(secret: str = "") -> str:
    """A stable token derived from the secret key when there is one, else a fresh random one."""
    if secret:
        return hmac.new(secret.encode(), b"tickettracker-access", "sha256").hexdigest()[:32]
    return secrets.token_urlsafe(24)


def split_host(value: str) -> str:
    """The host part of a Host header or an origin's netloc, without the port (IPv6 in brackets, compressed)."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        rest = value[end + 1 :]
        if end > 0 and (not rest or (rest[0] == ":" and rest[1:].isdigit())):
            try:
                return f"[{ipaddress.IPv6Address(value[1:end]).compressed}]"
            except ValueError:
                return value
        return value
    if value.count(":") == 1:
        name, port = value.split(":")
        return name if port.isdigit() else value  # "localhost:1@evil.example" is not localhost
    return value


def origins(hosts: Iterable[str], port: int) -> set[str]:
    """The origins of pages served under ``hosts``: on our port, or on a proxy's default one (http or https)."""
    return {
        f"{scheme}://{h.lower()}{suffix}"
        for h in hosts
        for scheme in ("http", "https")
        for suffix in (f":{port}", "")
    }


def token_checker(start_token: str, people: Identify | None = None) -> Identify:
    """Who a token belongs to: the start-up token (compared in constant time) or a person's access link."""

    def identify(token: str) -> Person | None:
        if hmac.compare_digest(token.encode(), start_token.encode()):
            return OWNER
        return people(token) if people is not None else None

    return identify


class BoundaryMiddleware:
    def __init__(
        self, app: ASGIApp, *, hosts: Iterable[str], port: int, identify: Identify | None = None
    ) -> None:
        self.app = app
        self.hosts = {h.lower() for h in hosts}
        self.port = port
        self.identify = identify
        self.origins = origins(self.hosts, port)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if split_host(headers.get("host", "")) not in self.hosts:
            await self._refuse(scope, send, 400, "Invalid host header")
            return
        origin = headers.get("origin")
        if origin is not None and origin.lower() not in self.origins:
            await self._refuse(scope, send, 403, "Cross-origin request refused")
            return
        new_cookie = ""
        # The calendar feed checks its own token (and accepts only that one): calendar apps cannot log in.
        if self.identify is not None and scope.get("path") != FEED_PATH:
            token, from_query = _presented_token(scope, headers)
            person = self.identify(token) if token else None
            if person is None:
                await self._refuse(scope, send, 401, "Access token required: open the link you were given")
                return
            scope.setdefault("state", {})[PERSON_KEY] = person
            new_cookie = token if from_query else ""

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _v in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if new_cookie:
                    cookie = f"{TOKEN_COOKIE}={new_cookie}; Path=/; Max-Age={COOKIE_MAX_AGE}; HttpOnly; SameSite=Strict"
                    extra.append((b"set-cookie", cookie.encode("latin-1")))
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    async def _refuse(scope: Scope, send: Send, status: int, text: str) -> None:
        body = text.encode()
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            *SECURITY_HEADERS,
        ]
        if scope["type"] == "websocket":
            if "websocket.http.response" not in scope.get("extensions", {}):
                await send({"type": "websocket.close", "code": 1008})  # becomes HTTP 403 before accept
                return
            await send({"type": "websocket.http.response.start", "status": status, "headers": headers})
            await send({"type": "websocket.http.response.body", "body": body})
            return
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _presented_token(scope: Scope, headers: dict[str, str]) -> tuple[str, bool]:
    """The token a request carries and whether it came in the URL; a URL token wins over the cookie."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    given = (query.get("token") or [""])[0]
    if given:
        return given, True
    try:
        cookie = SimpleCookie(headers.get("cookie", ""))
    except CookieError:
        return "", False
    return (cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else ""), False
