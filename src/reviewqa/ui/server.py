"""What the app's server accepts and keeps: request bodies up to 64 KB, no uploads, /ask's defaults for raw HTTP
callers, and Gradio's temporary files in a private folder of the process's own.

An ASGI middleware in front of Gradio: a 50 MB body is refused with 413 before it is read into memory, the
upload route (the app takes no files) answers 403, and a raw call of /ask with fewer than its parameters gets
the documented defaults (gradio_client fills them itself; curl does not).
"""

from __future__ import annotations

import atexit
import inspect
import json
import os
import re
import shutil
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

MAX_BODY_BYTES = 64 * 1024  # a question is at most 2,000 characters; every request of the page is far smaller
_UPLOAD = re.compile(r"/(?:upload|process_recording)/?$")
_NAMED_CALL = re.compile(r"/gradio_api/(?:run|api|call|call/v2)/(?P<name>[\w-]+)/?$")

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class RequestGuard:
    """ASGI middleware: `defaults` maps an API name to the values of its parameters after the first."""

    def __init__(self, app, max_body: int = MAX_BODY_BYTES, defaults: dict[str, Sequence[Any]] | None = None):
        self.app = app
        self.max_body = max_body
        self.defaults = defaults or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if _UPLOAD.search(path):
            await _respond(send, 403, "uploads are disabled: this app takes no files")
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _respond(send, 413, f"request body over {self.max_body} bytes")
            return
        named = _NAMED_CALL.search(path)
        if named and named["name"] in self.defaults and scope.get("method") == "POST":
            await self._with_defaults(scope, receive, send, self.defaults[named["name"]])
            return
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
        """Read the whole (bounded) body, append the defaults of the parameters not sent, pass it on."""
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > self.max_body:
                await _respond(send, 413, f"request body over {self.max_body} bytes")
                return
            if not message.get("more_body"):
                break
        body = with_defaults(body, defaults)
        headers = [(k, v) for k, v in scope.get("headers") or [] if k != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app({**scope, "headers": headers}, replay, send)


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


async def _respond(send: Send, status: int, text: str) -> None:
    body = json.dumps({"error": text}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def private_temporary_folder() -> str:
    """Gradio's cache in a folder of this process's own (0700), removed at exit, not the shared system one."""
    if not os.environ.get("GRADIO_TEMP_DIR"):
        folder = tempfile.mkdtemp(prefix="reviewqa-gradio-")
        atexit.register(shutil.rmtree, folder, True)
        os.environ["GRADIO_TEMP_DIR"] = folder
    return os.environ["GRADIO_TEMP_DIR"]


def api_defaults(function: Callable[..., Any]) -> list[Any]:
    """The defaults of an API function's parameters after the question, for raw HTTP callers that leave them out."""
    return [p.default for p in list(inspect.signature(function).parameters.values())[1:]]
