"""Which web pages may use the app from a browser: its own (the page's Origin is the address the request came to)
and those the operator names with `reviewqa serve --allowed-origin URL`. A request from any other page's script is
refused (403) and no answer tells the browser another site may read it.

Why our own check: Gradio reflects any Origin into access-control-allow-origin, with credentials, whenever the
Host is not localhost, so with --host 0.0.0.0 a page of another site (or another port of the same machine) could
read and change a logged-in user's notebooks. Requests without an Origin (curl, gradio_client, a browser's own
page loads and navigation) are not made by another site's script and pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
# Answers to a permitted cross-site page: it may send its cookies (the login) and read the reply.
METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
CORS_HEADERS = (b"access-control-allow-origin", b"access-control-allow-credentials", b"access-control-allow-methods")

Origin = tuple[str, str, int]  # scheme, host name (lower case), port


def parse_origin(text: str) -> Origin | None:
    """('https', 'class.example.org', 443) for 'https://Class.example.org'; None unless http(s)://host[:port]."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        return None
    if parts.query or parts.fragment or parts.username or parts.password:
        return None
    scheme = parts.scheme.lower()
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def origin_text(origin: Origin) -> str:
    scheme, host, port = origin
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}" if port == DEFAULT_PORTS[scheme] else f"{scheme}://{shown}:{port}"


@dataclass(frozen=True)
class OriginPolicy:
    """The origins besides the app's own whose pages may use it (`reviewqa serve --allowed-origin`)."""

    allowed: frozenset[Origin] = frozenset()

    @classmethod
    def of(cls, origins: Iterable[str] = ()) -> OriginPolicy:
        """From URLs like 'https://class.example.org'; ValueError names one that is not an origin."""
        parsed = []
        for text in origins:
            origin = parse_origin(text)
            if origin is None:
                raise ValueError(
                    f"'{text[:80]}' is not an origin: give scheme, host and port only, e.g. https://host:8443"
                )
            parsed.append(origin)
        return cls(frozenset(parsed))

    def permits(self, origin: str, host: str | None) -> bool:
        """Whether a page of `origin` may use the app reached at `host` (the request's Host header)."""
        parsed = parse_origin(origin)
        if parsed is None:  # 'null' (a sandboxed or file: page), or nonsense
            return False
        return parsed in self.allowed or _same_place(parsed, host)


def _same_place(origin: Origin, host: str | None) -> bool:
    """The page came from the address the request was sent to (scheme aside: a proxy may end TLS in front)."""
    if not host:
        return False
    try:
        parts = urlsplit(f"//{host.strip()}")
        port = parts.port
    except ValueError:
        return False
    return (parts.hostname or "") == origin[1] and (port or DEFAULT_PORTS[origin[0]]) == origin[2]


def preflight_headers(origin: str, requested: str | None) -> list[tuple[bytes, bytes]]:
    """The answer to a permitted page's preflight."""
    headers = [
        (b"access-control-allow-origin", origin.encode("latin-1")),
        (b"access-control-allow-credentials", b"true"),
        (b"access-control-allow-methods", METHODS.encode()),
        (b"access-control-max-age", b"600"),
        (b"vary", b"Origin"),
    ]
    if requested:
        headers.append((b"access-control-allow-headers", requested.encode("latin-1")))
    return headers


def with_cors(headers: list[tuple[bytes, bytes]], origin: str | None) -> list[tuple[bytes, bytes]]:
    """An answer's headers with Gradio's CORS headers replaced: the permitted origin's, or none."""
    kept = [(k, v) for k, v in headers if k.lower() not in CORS_HEADERS]
    if origin is not None:
        kept += [
            (b"access-control-allow-origin", origin.encode("latin-1")),
            (b"access-control-allow-credentials", b"true"),
        ]
        if not any(k.lower() == b"vary" for k, _ in kept):
            kept.append((b"vary", b"Origin"))
    return kept
