"""Serving to others (issue 22, findings 1, 3, 4, 12, 14), replayed against a live app: another site's pages,
login floods, what the server keeps per session, a stop by SIGTERM, a raw /ask without data."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import httpx
import pytest
from helpers import BROWSER_WAIT, REPO

from reviewqa.memory.access import MemoryAccess
from reviewqa.memory.database import Store
from reviewqa.memory.notebooks import Notebooks
from reviewqa.memory.users import AuthFile, hash_password

EVIL = "http://evil.example"
TEACHER = "https://teacher.example:8443"  # named with --allowed-origin
PASSWORDS = {"ana": "correct horse", "ben": "battery staple"}
CHECKS: list[bool] = []  # per password check: whether it ran on a thread with a running event loop


@dataclass(frozen=True)
class WatchedAuth(AuthFile):
    """An auth file that records, for each check, whether it ran on the server's event loop."""

    def check(self, user: str, password: str) -> bool:
        try:
            asyncio.get_running_loop()
            CHECKS.append(True)
        except RuntimeError:
            CHECKS.append(False)
        return super().check(user, password)


def _start(app_module, assistant, data_dir, free_port, allowed=()):
    """An app with logins (ana, ben), notebooks in `data_dir`; (demo, url, store)."""
    auth = WatchedAuth(tuple((user, hash_password(password)) for user, password in PASSWORDS.items()))
    store = Store.open(data_dir)
    memory = MemoryAccess(store, auth)
    demo = app_module.build_demo(assistant, memory)
    app_module.launch(demo, port=free_port, block=False, quiet=True, memory=memory, allowed_origins=list(allowed))
    return demo, demo.local_url, store


@pytest.fixture(scope="module")
def class_app(app_module, fake_assistant, tmp_path_factory, review):
    """The app as served to a class: logins, ana's notebook 'reading' holding s3-p9, TEACHER allowed."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    demo, url, store = _start(app_module, fake_assistant, tmp_path_factory.mktemp("class"), port, [TEACHER])
    Notebooks(store, "ana").add("reading", ["s3-p9"], review)
    yield url
    demo.close()
    store.close()


def _login(url: str, user: str, password: str, **headers) -> httpx.Response:
    return httpx.post(f"{url}login", data={"username": user, "password": password}, headers=headers, timeout=60)


def _cors(response: httpx.Response) -> str | None:
    return response.headers.get("access-control-allow-origin")


def _as_seen_at(url: str, host: str | None) -> tuple[dict[str, str], str]:
    """(headers, origin of the app's own pages) for requests that reach the app as `host` (None: 127.0.0.1:port,
    else what a browser sends to an app served with --host 0.0.0.0 and opened at that address)."""
    if host is None:
        return {}, url.rstrip("/")
    return {"Host": host}, f"http://{host}"


# --- 1. another site's page used a logged-in user's session ----------------------------------------------------


@pytest.mark.parametrize("host", [None, "192.168.1.20:{port}"], ids=["loopback", "as-0.0.0.0"])
def test_f01_another_sites_page_gets_no_cors_and_changes_nothing(class_app, host):
    port = urlsplit(class_app).port
    base, _ = _as_seen_at(class_app, host.format(port=port) if host else None)
    cookies = _login(class_app, "ana", PASSWORDS["ana"]).cookies
    assert cookies, "ana could not log in"
    other_port = f"http://127.0.0.1:{port + 1}"  # a page on another port of the same machine
    for origin in (EVIL, other_port, "null"):
        headers = {**base, "Origin": origin}
        preflight = httpx.options(
            f"{class_app}gradio_api/queue/join",
            headers={**headers, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-a"},
        )
        assert preflight.status_code == 403 and _cors(preflight) is None
        join = httpx.post(
            f"{class_app}gradio_api/queue/join",
            json={"data": [], "fn_index": 0, "session_hash": "evil0000001"},
            headers=headers,
            cookies=cookies,
        )
        assert join.status_code == 403 and _cors(join) is None
        said = f"refused: a page of {origin} may not use this app (the operator can allow it with --allowed-origin)"
        assert join.json() == {"error": said}
        read = httpx.get(f"{class_app}config", headers=headers, cookies=cookies)
        assert read.status_code == 403 and _cors(read) is None
        login = _login(class_app, "ana", PASSWORDS["ana"], **headers)
        assert login.status_code == 403 and not login.cookies


@pytest.mark.parametrize("host", [None, "192.168.1.20:{port}"], ids=["loopback", "as-0.0.0.0"])
def test_f01_the_apps_own_pages_allowed_origins_and_clients_without_an_origin_work(class_app, host):
    port = urlsplit(class_app).port
    base, own = _as_seen_at(class_app, host.format(port=port) if host else None)
    for origin in (own, TEACHER):
        preflight = httpx.options(
            f"{class_app}gradio_api/queue/join",
            headers={**base, "Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status_code == 200 and _cors(preflight) == origin
        assert preflight.headers["access-control-allow-credentials"] == "true"
        login = _login(class_app, "ben", PASSWORDS["ben"], **base, Origin=origin)
        assert login.status_code == 200 and _cors(login) == origin and login.cookies
    # curl and gradio_client send no Origin: they keep working
    plain = _login(class_app, "ben", PASSWORDS["ben"], **base)
    assert plain.status_code == 200 and _cors(plain) is None
    config = httpx.get(f"{class_app}config", headers=base, cookies=plain.cookies)
    assert config.status_code == 200 and config.json()["components"]


def test_f01_allowed_origins_come_from_the_command_line(monkeypatch, capsys):
    import types

    from reviewqa.cli import serve
    from reviewqa.cli.main import main

    handed = []
    monkeypatch.setattr(serve, "load_app", lambda: types.SimpleNamespace(main=lambda *a, **k: handed.append(k) or 0))
    monkeypatch.setattr(serve, "bind_problem", lambda host, port: None)
    argv = ["serve", "--allowed-origin", TEACHER, "--allowed-origin", "http://lab.example"]
    assert main(argv) == 0 and handed[-1]["allowed_origins"] == (TEACHER, "http://lab.example")
    assert main(["serve"]) == 0 and handed[-1]["allowed_origins"] == ()
    capsys.readouterr()
    assert main(["serve", "--allowed-origin", "teacher.example/app"]) == 2
    assert capsys.readouterr().err == (
        "reviewqa serve: error: --allowed-origin: 'teacher.example/app' is not an origin: give scheme, host and port "
        "only, e.g. https://host:8443\n"
    )


EVIL_PAGE = """<!doctype html><title>evil</title><script>
async function run(app, session, dependency, data) {
  await fetch(app + "gradio_api/queue/join", {method: "POST", credentials: "include",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({data: data, fn_index: dependency.id, session_hash: session})});
  return await (await fetch(app + "gradio_api/queue/data?session_hash=" + session, {credentials: "include"})).text();
}
async function steal(app) {
  const found = {config: false, notebook: false};
  try {
    const config = await (await fetch(app + "config", {credentials: "include"})).json();
    found.config = true;
    const listing = config.components.find(c => c.props && c.props.elem_id === "rq-collection").id;
    const load = config.dependencies.find(d => d.targets.some(t => t[1] === "load")
      && JSON.stringify(d.inputs) === JSON.stringify(d.outputs));
    const refresh = config.dependencies.find(d => d.outputs.includes(listing)
      && d.targets.some(t => t[1] === "change"));
    const session = "evil" + Math.random().toString(36).slice(2, 10);
    await run(app, session, load, load.inputs.map(() => null));
    const shown = await run(app, session, refresh, [null, null, "vancouver"]);
    found.notebook = shown.includes("s3-p9");
  } catch (error) { found.error = String(error); }
  return found;
}
</script>"""


@pytest.fixture
def evil_site():
    """A page on another port of this machine (what a second user, or any site via the browser, could serve)."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            body = EVIL_PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_f01_a_page_on_another_port_cannot_read_a_logged_in_users_notebooks(class_app, evil_site, chromium):
    context = chromium.new_context()
    try:
        logged_in = context.request.post(f"{class_app}login", form={"username": "ana", "password": PASSWORDS["ana"]})
        assert logged_in.ok
        page = context.new_page()
        page.goto(class_app)  # ana's own page shows her notebook: the session is real
        page.wait_for_selector("#rq-tab-notebooks, [role=tab]", timeout=BROWSER_WAIT)
        page.goto(evil_site)
        found = page.evaluate("app => steal(app)", class_app)
        assert found["config"] is False and found["notebook"] is False, found
    finally:
        context.close()


# --- 3. anonymous logins stalled everyone --------------------------------------------------------------------


def test_f03_the_password_check_runs_off_the_event_loop(class_app):
    CHECKS.clear()
    assert _login(class_app, "ben", PASSWORDS["ben"]).status_code == 200
    assert _login(class_app, "nobody", "made up").status_code == 400
    assert CHECKS == [False, False]


def test_f03_failed_logins_wait_longer_and_longer_per_name_and_per_address(
    app_module, fake_assistant, tmp_path, free_port, monkeypatch
):
    import reviewqa.ui.logins as logins

    # No attempt in this test comes after its wait is over (the waits are ten minutes), whatever the machine's load.
    monkeypatch.setattr(logins, "FIRST_WAIT", 600.0)
    monkeypatch.setattr(logins, "MAX_WAIT", 600.0)
    monkeypatch.setattr(logins, "HOLD", 0.05)
    demo, url, store = _start(app_module, fake_assistant, tmp_path / "data", free_port)
    try:
        CHECKS.clear()
        for _ in range(logins.FREE_FAILURES["name"]):
            assert _login(url, "ana", "wrong guess").status_code == 400
        early = _login(url, "ana", PASSWORDS["ana"])  # even the right password waits: it is not checked at all
        said = re.fullmatch(r"too many login attempts: try again in (\d+) s", early.json()["error"])
        assert early.status_code == 429 and said and 500 < int(said[1]) <= 600
        assert early.headers["retry-after"] == said[1] and len(CHECKS) == logins.FREE_FAILURES["name"]
        assert _login(url, "ben", PASSWORDS["ben"]).status_code == 200  # another name from the address still may
        names = logins.FREE_FAILURES["address"] - logins.FREE_FAILURES["name"]
        for number in range(names):  # made-up names, each new: the address's count reaches its limit
            assert _login(url, f"made-up-{number}", "x").status_code == 400
        flood = _login(url, "yet-another-name", "x")
        assert flood.status_code == 429 and flood.json()["error"].startswith("too many login attempts")
        # every failure from the address, and ben's login, were checked; the refused attempts cost no check
        assert len(CHECKS) == logins.FREE_FAILURES["address"] + 1
    finally:
        demo.close()
        store.close()


# --- 4. every session was kept for good -----------------------------------------------------------------------


def _guard(demo):
    from reviewqa.ui.server import RequestGuard

    guard = demo.server_app.middleware_stack
    assert isinstance(guard, RequestGuard)
    return guard


def _raw_ask(url: str, data: list) -> tuple[str, object]:
    posted = httpx.post(f"{url}gradio_api/call/ask", json={"data": data}, timeout=60)
    event = posted.json()["event_id"]
    stream = httpx.get(f"{url}gradio_api/call/ask/{event}", timeout=60).text
    lines = [line for line in stream.splitlines() if line.startswith("data: ")]
    return event, json.loads(lines[-1][len("data: ") :])


def test_f04_a_raw_api_call_keeps_nothing(fake_app):
    url = fake_app.local_url
    sessions = fake_app.server_app.state_holder.session_data
    before = set(sessions)
    events = [_raw_ask(url, [question])[0] for question in ("EGFR", "CAFs", "hypoxia") * 5]
    assert not set(events) & set(sessions)
    assert set(sessions) <= before


def test_f04_sessions_are_bounded_and_idle_ones_dropped(fake_app):
    import datetime

    from reviewqa.ui.sessions import API_IDLE, MAX_SESSIONS

    holder = fake_app.server_app.state_holder
    assert holder.capacity == MAX_SESSIONS == 250
    # Gradio's per-event records for a monitoring page the app does not offer: few, and no page
    assert fake_app._queue.ANALYTICS_MAX_EVENTS == 500
    assert httpx.get(f"{fake_app.local_url}monitoring/summary", timeout=60).status_code == 403
    config = httpx.get(f"{fake_app.local_url}config", timeout=60).json()
    load = next(d for d in config["dependencies"] if any(t[1] == "load" for t in d["targets"]))
    for number in range(5):  # five page loads by a script: no page, no heartbeat
        body = {"data": [None] * len(load["inputs"]), "fn_index": load["id"], "session_hash": f"script{number:05d}"}
        assert httpx.post(f"{fake_app.local_url}gradio_api/queue/join", json=body, timeout=60).status_code == 200
        with httpx.stream("GET", f"{fake_app.local_url}gradio_api/queue/data?session_hash={body['session_hash']}") as s:
            for line in s.iter_lines():
                if "process_completed" in line:
                    break
    scripted = {f"script{number:05d}" for number in range(5)}
    assert scripted <= set(holder.session_data)
    keeper = _guard(fake_app).sessions
    now = datetime.datetime.now()
    keeper.page_opened("script00000")  # one of them has its page open: kept while the others expire
    try:
        keeper.clock = lambda: now + datetime.timedelta(seconds=API_IDLE + 60)
        keeper.sweep(holder, force=True)
        assert set(holder.session_data) & scripted == {"script00000"}
    finally:
        keeper.clock = datetime.datetime.now
        keeper.page_closed("script00000")


def test_f04_an_open_page_is_known_by_its_heartbeat(fake_app, chromium):
    keeper = _guard(fake_app).sessions
    before = set(keeper.open_pages)
    page = chromium.new_page()
    try:
        page.goto(fake_app.local_url)
        page.wait_for_function("document.body.dataset.rqConversation === 'ready'", timeout=BROWSER_WAIT)
        opened = set(keeper.open_pages) - before
        assert len(opened) == 1 and opened <= set(fake_app.server_app.state_holder.session_data)
        assert keeper.idle_limit(next(iter(opened))) == 4 * 3600
    finally:
        page.close()


# --- 12. SIGTERM left the temporary folder behind ----------------------------------------------------------------


def test_f12_sigterm_removes_the_servers_temporary_folder(fake_index_dir, free_port, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "TMPDIR": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    env.pop("GRADIO_TEMP_DIR", None)
    command = [sys.executable, "-m", "reviewqa", "serve", "--port", str(free_port), "--index", str(fake_index_dir)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        lines = []
        for line in server.stdout:
            lines.append(line)
            if line.startswith("reviewqa on "):
                break
        folders = list(tmp_path.glob("reviewqa-gradio-*"))
        assert len(folders) == 1, "".join(lines)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0  # stopped as by Ctrl+C, not killed by the signal
        assert not folders[0].exists()
        assert folders[0].name.startswith(f"reviewqa-gradio-{server.pid}-")  # whose it was, for a later cleanup
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)


def test_f12_a_killed_servers_folder_goes_when_the_next_one_starts(tmp_path):
    from reviewqa.ui.cleanup import remove_orphaned_folders

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = tmp_path / f"reviewqa-gradio-{gone.stdout.strip()}-abc123"
    running = tmp_path / f"reviewqa-gradio-{os.getpid()}-def456"
    other = tmp_path / "reviewqa-gradio-notes"
    for folder in (orphan, running, other):
        (folder / "sub").mkdir(parents=True)
    assert remove_orphaned_folders(tmp_path) == [orphan]
    assert not orphan.exists() and running.exists() and other.exists()


# --- 14. a raw /ask with no data ------------------------------------------------------------------------------


def test_f14_a_raw_ask_without_data_is_refused_in_one_line(fake_app_url):
    refused = httpx.post(f"{fake_app_url}gradio_api/call/ask", json={"data": []}, timeout=60)
    assert refused.status_code == 422
    assert refused.json() == {"error": 'a call of /ask needs the question first: {"data": ["your question"]}'}
    assert _raw_ask(fake_app_url, ["T790M"])[1][0]["hits"][0]["rank"] == 1  # still serving
