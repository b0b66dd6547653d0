"""What the app's server accepts and keeps: request bodies up to 64 KB, no uploads, /ask's defaults for raw HTTP
callers, only its own pages (and --allowed-origin ones) from a browser, login attempts limited, sessions kept only
while they may be used, and Gradio's temporary files in a private folder of the process's own (`ui.cleanup`).

An ASGI middleware in front of everything Gradio serves (`guarded_app`): a 50 MB body is refused with 413 before
it is read into memory, the upload route (the app takes no files) answers 403, a raw call of /ask with fewer than
its parameters gets the documented defaults (gradio_client fills them itself; curl does not) and one with none is
refused in one line; a request from another site's page is refused (`ui.origins`), logins are rate-limited
(`ui.logins`), and idle sessions are dropped (`ui.sessions`).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import parse_qs

from reviewqa.ui.logins import HOLD, MAX_HELD, LoginLimiter, too_early
from reviewqa.ui.origins import OriginPolicy, preflight_headers, with_cors
from reviewqa.ui.sessions import CALL_RESULT, HEARTBEAT, SessionKeeper

MAX_BODY_BYTES = 64 * 1024  # a question is at most 2,000 characters; every request of the page is far smaller
_UPLOAD = re.compile(r"/(?:upload|process_recording)/?$")
_NAMED_CALL = re.compile(r"/gradio_api/(?:run|api|call|call/v2)/(?P<name>[\w-]+)/?$")
_LOGIN = re.compile(r"/login/?$")
NO_QUESTION = 'a call of /ask needs the question first: {"data": ["your question"]}'

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class RequestGuard:
    """ASGI middleware: `defaults` maps an API name to the values of its parameters after the first; `origins`
    says which other sites' pages may use the app; `logins` limits /login attempts (None: no logins); `sessions`
    drops idle sessions from what `state()` returns (Gradio's StateHolder; None: nothing is dropped)."""

    def __init__(
        self,
        app,
        max_body: int = MAX_BODY_BYTES,
        defaults: dict[str, Sequence[Any]] | None = None,
        origins: OriginPolicy | None = None,
        logins: LoginLimiter | None = None,
        sessions: SessionKeeper | None = None,
        state: Callable[[], Any] | None = None,
    ):
        self.app = app
        self.max_body = max_body
        self.defaults = defaults or {}
        self.origins = origins or OriginPolicy()
        self.logins = logins
        self.sessions = sessions if state is not None else None
        self.state: Callable[[], Any] = state or (lambda: None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        origin = headers.get("origin")
        if origin is not None and not self.origins.permits(origin, headers.get("host")):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            else:
                await _respond(send, 403, refused_origin(origin))
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        if origin is not None:
            if scope.get("method") == "OPTIONS" and "access-control-request-method" in headers:
                requested = headers.get("access-control-request-headers")
                await _respond(send, 200, "", preflight_headers(origin, requested))
                return
            send = _answering_with_cors(send, origin)
        await self._http(scope, receive, send, headers)

    async def _http(self, scope: Scope, receive: Receive, send: Send, headers: dict[str, str]) -> None:
        path = scope.get("path", "")
        if self.sessions is not None:
            self.sessions.sweep(self.state())
        if _UPLOAD.search(path):
            await _respond(send, 403, "uploads are disabled: this app takes no files")
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _respond(send, 413, f"request body over {self.max_body} bytes")
            return
        named = _NAMED_CALL.search(path)
        if named and named["name"] in self.defaults and scope.get("method") == "POST":
            await self._with_defaults(scope, receive, send, self.defaults[named["name"]])
        elif self.logins is not None and _LOGIN.search(path) and scope.get("method") == "POST":
            await self._login(scope, receive, send, self.logins)
        elif (page := HEARTBEAT.search(path)) and self.sessions is not None:
            self.sessions.page_opened(page["session"])
            try:
                await self._bounded(scope, receive, send)
            finally:
                self.sessions.page_closed(page["session"])
        elif (answered := CALL_RESULT.search(path)) and scope.get("method") == "GET" and self.sessions is not None:
            forget = functools.partial(self.sessions.call_answered, self.state(), answered["event"])
            await self._bounded(scope, receive, _before_the_end(send, forget))
            forget()  # the client left before the end
        else:
            await self._bounded(scope, receive, send)

    async def _bounded(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting its body (a chunked body has no Content-Length to check up front).

        Past the limit the client gets 413 at once and the app sees the client disconnect (what it answers is
        dropped), so nothing more of the body is read.
        """
        seen, started, refused = 0, False, False

        async def counting_receive() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body and not started:
                refused = True
                await _respond(send, 413, f"request body over {self.max_body} bytes")
                return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counting_receive, tracking_send)

    async def _with_defaults(self, scope: Scope, receive: Receive, send: Send, defaults: Sequence[Any]) -> None:
        """Read the whole (bounded) body, append the defaults of the parameters not sent, pass it on; a call
        without its first parameter (the question) is refused in one line."""
        body = await _read_body(receive, self.max_body)
        if body is None:
            await _respond(send, 413, f"request body over {self.max_body} bytes")
            return
        if _no_arguments(body):
            await _respond(send, 422, NO_QUESTION)
            return
        body = with_defaults(body, defaults)
        headers = [(k, v) for k, v in scope.get("headers") or [] if k != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await self.app({**scope, "headers": headers}, _replaying(body, receive), send)

    async def _login(self, scope: Scope, receive: Receive, send: Send, limiter: LoginLimiter) -> None:
        """A login attempt, checked only when neither its address nor its user name must wait (429 otherwise)."""
        body = await _read_body(receive, self.max_body)
        if body is None:
            await _respond(send, 413, f"request body over {self.max_body} bytes")
            return
        name = parse_qs(body.decode("utf-8", "replace")).get("username", [""])[0]
        address = str((scope.get("client") or ("",))[0])
        wait = limiter.wait(address, name)
        if wait > 0:
            if limiter.held < MAX_HELD:  # slow the client's loop down; holding costs no CPU
                limiter.held += 1
                try:
                    await asyncio.sleep(min(wait, HOLD))
                finally:
                    limiter.held -= 1
            wait = max(limiter.wait(address, name), 1.0)
            await _respond(send, 429, too_early(wait), [(b"retry-after", str(round(wait)).encode())])
            return
        limiter.attempt(address, name)
        status: list[int] = []

        async def watching(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        await self.app(scope, _replaying(body, receive), watching)
        if status == [200]:
            limiter.succeeded(address, name)


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None once it is over `limit` bytes."""
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > limit:
            return None
        if not message.get("more_body"):
            return body


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then waits on the client (for its disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _before_the_end(send: Send, then: Callable[[], None]) -> Send:
    """`send` that calls `then()` just before the last of the answer goes out (the client sees it done after)."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.body" and not message.get("more_body"):
            then()
        await send(message)

    return sending


def _answering_with_cors(send: Send, origin: str) -> Send:
    """`send` with the answer's CORS headers set for a permitted page's `origin` (Gradio's own replaced)."""

    async def answer(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": with_cors(list(message.get("headers") or []), origin)}
        await send(message)

    return answer


def refused_origin(origin: str) -> str:
    """What a request from another site's page is told."""
    return f"refused: a page of {origin[:100]} may not use this app (the operator can allow it with --allowed-origin)"


def _no_arguments(body: bytes) -> bool:
    """A JSON body whose "data" is an empty list: a call without even the question."""
    try:
        payload = json.loads(body)
    except ValueError:
        return False
    return isinstance(payload, dict) and payload.get("data") == []


def with_defaults(body: bytes, defaults: Sequence[Any]) -> bytes:
    """A JSON body {"data": [question, …]} padded with the defaults of the parameters it leaves out."""
    try:
        payload = json.loads(body)
    except ValueError:
        return body
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, list) or not data or len(data) > len(defaults) + 1:
        return body
    payload["data"] = [*data, *defaults[len(data) - 1 :]]
    return json.dumps(payload).encode()


async def _respond(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": text}).encode() if text else b""
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


def guarded_app(**guard: Any) -> Any:
    """A Gradio App (for `launch(_app=…)`) whose outermost layer is a RequestGuard with `guard`'s options: in front
    of Gradio's own CORS layer, which answers preflights itself, so the guard's answer is the one a browser sees."""
    from gradio.routes import App, ORJSONResponse

    class GuardedApp(App):
        def build_middleware_stack(self):
            return RequestGuard(super().build_middleware_stack(), state=lambda: self.state_holder, **guard)

    return GuardedApp(default_response_class=ORJSONResponse)


def api_defaults(function: Callable[..., Any]) -> list[Any]:
    """The defaults of an API function's parameters after the question, for raw HTTP callers that leave them out."""
    return [p.default for p in list(inspect.signature(function).parameters.values())[1:]]
