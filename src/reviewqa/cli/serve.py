"""`reviewqa serve`: the Gradio chat app in the browser (app/app.py), on localhost unless told otherwise."""

from __future__ import annotations

import argparse
import sys

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="run the chat app (open http://127.0.0.1:7860 in a browser)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    serve.add_argument("--index", help="index folder")
    serve.add_argument("--data-dir", help="the study store's folder (default: $REVIEWQA_DATA_DIR, else the user's)")
    serve.add_argument(
        "--auth-file",
        help="'user:password-hash' lines (from `reviewqa password NAME`): logins, each user's own notebooks",
    )
    serve.add_argument(
        "--allowed-origin",
        action="append",
        default=[],
        metavar="URL",
        help="another site whose pages may use the app (e.g. https://class.example.org); repeatable. "
        "Only the app's own pages may by default",
    )
    serve.set_defaults(handler=run_serve)

    password = sub.add_parser("password", help="a line for --auth-file: NAME and a hash of the password typed or piped")
    password.add_argument("name", metavar="NAME", help="the user name (letters, digits, . _ @ -)")
    password.set_defaults(handler=run_password)


def exposure_warning(host: str, logins: bool = False) -> str | None:
    """A warning when the app would be reachable from other machines."""
    if host in LOCAL_HOSTS:
        return None
    if logins:
        return f"warning: serving on {host}, not 127.0.0.1: anyone who can reach this machine can try to log in."
    return (
        f"warning: serving on {host}, not 127.0.0.1: anyone who can reach this machine can use the app "
        "(there is no login; notebooks and quiz history are off without --auth-file). "
        "Use --host 127.0.0.1 to keep it local."
    )


def load_app():
    """The app module, reviewqa.ui.app; MissingExtra names `pip install 'reviewqa[app]'` when Gradio is absent."""
    from reviewqa.errors import missing_extra

    try:
        import reviewqa.ui.app as app
    except ImportError as exc:
        if exc.name and exc.name.split(".")[0] in ("gradio", "starlette", "fastapi"):
            raise missing_extra("app", "The chat app", exc) from exc
        raise
    return app


def bind_problem(host: str, port: int) -> str | None:
    """Why the app could not listen on host:port (unknown host, not this machine's address, port in use), or None."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        return f"unknown host '{host}' ({exc}); use --host 127.0.0.1, or an address of this machine"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} is in use; try --port {port + 1 if port < 65535 else port - 1}"
            if exc.errno == errno.EADDRNOTAVAIL:
                return f"{host} is not an address of this machine; use --host 127.0.0.1 or one of its own"
            return exc.strerror or str(exc)
    return None


def run_serve(args: argparse.Namespace) -> int:
    from reviewqa.errors import UsageError

    if not 1 <= args.port <= 65535:
        raise UsageError(f"port must be 1..65535, not {args.port}")
    origins = allowed_origins(args.allowed_origin)
    auth = None
    if args.auth_file:
        from reviewqa.memory.users import read_auth_file

        auth = read_auth_file(args.auth_file)
    warning = exposure_warning(args.host, logins=auth is not None)
    if warning:
        print(warning, file=sys.stderr)
    problem = bind_problem(args.host, args.port)
    if problem:
        raise UsageError(f"cannot serve on {args.host}:{args.port}: {problem}")
    preloading = _preload_meanwhile(args.index)
    app = load_app()  # Gradio's import (seconds), while the review, the index and the encoder are opened
    preloading.join()
    from reviewqa.cli.index_build import ensure_index

    ensure_index(args.index)  # built in a child process: this one stays the size of a server with a ready index
    memory = study_memory(args, auth)
    try:
        return app.main(args.host, args.port, args.index, memory, ready=banner, allowed_origins=origins)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise UsageError(f"cannot serve on {args.host}:{args.port}: {exc}") from exc


def _preload_meanwhile(index: str | None):
    """A thread opening what the app's first answer needs besides Gradio (`Assistant.load` then takes it)."""
    import threading

    from reviewqa.search.assistant import preload

    def meanwhile() -> None:
        _quietly(preload, index)
        import reviewqa.chat.api  # noqa: F401  # what the app imports besides Gradio and the search
        import reviewqa.memory.access  # noqa: F401

    thread = threading.Thread(target=meanwhile, name="reviewqa-preload", daemon=True)
    thread.start()
    return thread


def _quietly(function, *args) -> None:
    """`function(*args)`; its ReviewqaError (no review text…) is left to the main thread, which meets it again."""
    import contextlib

    from reviewqa.errors import ReviewqaError

    with contextlib.suppress(ReviewqaError):
        function(*args)


def allowed_origins(urls: list[str]) -> tuple[str, ...]:
    """The --allowed-origin values, checked: scheme, host and port only; UsageError names one that is not."""
    from reviewqa.errors import UsageError
    from reviewqa.ui.origins import OriginPolicy

    try:
        OriginPolicy.of(urls)
    except ValueError as exc:
        raise UsageError(f"--allowed-origin: {exc}") from exc
    return tuple(urls)


def banner(url: str) -> None:
    """The one line `serve` prints once the app listens (Gradio's own lines and share hint are kept quiet)."""
    print(f"reviewqa on {url} — Ctrl+C to stop", flush=True)


def study_memory(args: argparse.Namespace, auth):
    """The app's study memory: the store (its notices on stderr), or off in one line when it cannot be used."""
    from reviewqa.cli.common import open_store
    from reviewqa.errors import StoreUnavailable
    from reviewqa.memory.access import memory_access

    served_to_others = args.host not in LOCAL_HOSTS
    try:
        store = open_store(args, "serve")
    except StoreUnavailable as exc:
        print(f"reviewqa serve: notebooks and quiz history are off: {exc}", file=sys.stderr)
        return memory_access(None, auth, served_to_others, problem=f"{exc}.")
    return memory_access(store, auth, served_to_others)


def run_password(args: argparse.Namespace) -> int:
    """Print 'NAME:scrypt$…' for the auth file; the password is asked twice in a terminal, else read from stdin."""
    import getpass

    from reviewqa.cli.common import open_stdin
    from reviewqa.errors import UsageError
    from reviewqa.memory.users import USER_NAME, hash_password

    if not USER_NAME.fullmatch(args.name):
        raise UsageError(f"'{args.name[:40]}' cannot be a user name: letters, digits, . _ @ -")
    if sys.stdin is not None and sys.stdin.isatty():
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            raise UsageError("the two passwords differ")
    else:
        with open_stdin("type the password in a terminal or pipe it in") as stream:
            password = stream.readline().rstrip("\r\n")
    if len(password) < 8:
        raise UsageError("a password needs at least 8 characters")
    print(f"{args.name}:{hash_password(password)}")
    return 0
