"""Helpers for the integration tests: start a real `parloir` server, drive its CLI, and make the
OAuth dance with plain `requests`.

The server under test is $PARLOIR_BIN, or build/dev/parloir (the ASan/UBSan build) relative to
the repository root. Each `ParloirServer` runs on a free 127.0.0.1 port with its own data dir.
"""
from __future__ import annotations

import base64
import hashlib
import html.parser
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
OOB = "urn:ietf:wg:oauth:2.0:oob"
ALL_SCOPES = "read write follow push"

# ASan builds start slowly; this is the longest we wait for /health.
START_TIMEOUT_S = float(os.environ.get("PARLOIR_TEST_START_TIMEOUT", "20"))
CLI_TIMEOUT_S = 60


def parloir_bin() -> str:
    value = os.environ.get("PARLOIR_BIN") or "build/dev/parloir"
    path = Path(value)
    if not path.is_absolute():
        path = REPO_ROOT / path
    return str(path)


def unique(prefix: str) -> str:
    """`prefix` and six random hex digits: a username no other test uses."""
    return prefix + secrets.token_hex(3)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        data = path.read_text(errors="replace")
    except FileNotFoundError:
        return "(no file)"
    return data[-limit:]


@dataclass
class User:
    username: str
    email: str
    password: str


@dataclass
class App:
    client_id: str
    client_secret: str
    redirect_uri: str
    scopes: str


class ParloirServer:
    """One `parloir serve` process. Start with start(); stop with stop() (SIGTERM) or kill()."""

    def __init__(self, data_dir: Path, port: int | None = None, env: dict | None = None):
        self.bin = parloir_bin()
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.extra_env = dict(env or {})
        self.proc: subprocess.Popen | None = None
        self.stdout_path = self.data_dir.parent / f"{self.data_dir.name}.stdout.log"
        self.stderr_path = self.data_dir.parent / f"{self.data_dir.name}.stderr.log"
        self.admin_username: str | None = None
        self.admin_email: str | None = None
        self._admin_password: str | None = None
        self.starts = 0

    # -- properties -----------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def db_path(self) -> Path:
        return self.data_dir / "parloir.db"

    @property
    def admin_password(self) -> str:
        if self._admin_password is None:
            raise AssertionError(
                "the server did not print '  password: <pw>' on stdout at first start; stdout was:\n"
                + _tail(self.stdout_path))
        return self._admin_password

    @property
    def admin(self) -> User:
        return User(self.admin_username or "admin", self.admin_email or f"admin@127.0.0.1",
                    self.admin_password)

    def env(self) -> dict:
        env = dict(os.environ)
        # Never let the developer's own settings leak into a test server.
        for key in list(env):
            if key.startswith("PARLOIR_") and key != "PARLOIR_BIN":
                del env[key]
        env["PARLOIR_LOG_ACCESS_LOG"] = "off"
        # Tests make bursts (dozens of sign-ups from 127.0.0.1); test_rate_limits.py turns them on.
        env["PARLOIR_RATE_LIMITS_ENABLED"] = "false"
        env.setdefault("ASAN_OPTIONS", "abort_on_error=0:detect_leaks=1")
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        env.update(self.extra_env)
        return env

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self, timeout: float = START_TIMEOUT_S) -> "ParloirServer":
        assert self.proc is None or self.proc.poll() is not None, "already running"
        if not os.access(self.bin, os.X_OK):
            raise AssertionError(f"server binary {self.bin} does not exist or is not executable "
                                 "(build it with `cmake --preset dev && cmake --build --preset dev`, "
                                 "or set PARLOIR_BIN)")
        first_start = self.starts == 0
        self.starts += 1
        out = open(self.stdout_path, "ab")
        err = open(self.stderr_path, "ab")
        args = [self.bin, "serve", "--data-dir", str(self.data_dir),
                "--listen", f"127.0.0.1:{self.port}", "--url", self.base_url]
        self.proc = subprocess.Popen(args, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                     env=self.env(), cwd=str(self.data_dir.parent))
        out.close()
        err.close()
        deadline = time.monotonic() + timeout
        healthy = False
        healthy_at = 0.0
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"parloir serve exited with code {self.proc.returncode} before answering "
                    f"/health\nstderr:\n{_tail(self.stderr_path)}\nstdout:\n{_tail(self.stdout_path)}")
            if not healthy:
                try:
                    r = requests.get(self.base_url + "/health", timeout=1)
                    healthy = r.status_code == 200 and r.text.strip() == "OK"
                    healthy_at = time.monotonic()
                except requests.RequestException:
                    pass
            if healthy:
                if not first_start:
                    break
                # The credentials block may be printed just before or after listening starts;
                # give it a few seconds (admin_password fails loudly later if it never comes).
                if self._parse_admin_block() or time.monotonic() - healthy_at > 5:
                    break
            time.sleep(0.05)
        if not healthy:
            self.kill()
            raise AssertionError(f"parloir serve did not answer GET /health with 200 'OK' within "
                                 f"{timeout:.0f}s\nstderr:\n{_tail(self.stderr_path)}")
        if first_start:
            self._parse_admin_block()
        return self

    def _parse_admin_block(self) -> bool:
        text = self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""
        m_user = re.search(r"^\s*username:\s*(\S+)\s*$", text, re.M)
        m_mail = re.search(r"^\s*email:\s*(\S+)\s*$", text, re.M)
        m_pw = re.search(r"^\s*password:\s*(\S+)\s*$", text, re.M)
        if m_user and m_pw:
            self.admin_username = m_user.group(1)
            self.admin_email = m_mail.group(1) if m_mail else None
            self._admin_password = m_pw.group(1)
            return True
        return False

    def stdout_text(self) -> str:
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    def stderr_text(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 15) -> int | None:
        """SIGTERM, wait for a graceful exit; SIGKILL if it hangs. Returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError(f"parloir serve ignored SIGTERM for {timeout}s")
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    # -- CLI ------------------------------------------------------------------------------------
    def cli(self, *args: str, check: bool = True, env: dict | None = None,
            input: str | None = None) -> subprocess.CompletedProcess:
        """Runs `parloir <args> --data-dir DIR` and returns the CompletedProcess (text mode)."""
        full_env = self.env()
        full_env.update(env or {})
        cmd = [self.bin, *args, "--data-dir", str(self.data_dir)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=full_env, input=input,
                              timeout=CLI_TIMEOUT_S, cwd=str(self.data_dir.parent))
        if check and proc.returncode != 0:
            raise AssertionError(f"{' '.join(cmd[1:])} exited {proc.returncode}\n"
                                 f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
        return proc

    def create_user(self, username: str | None = None, password: str | None = None,
                    email: str | None = None, role: str | None = None) -> User:
        username = username or ("u" + secrets.token_hex(4))
        email = email or f"{username}@example.com"
        password = password or ("pw-" + secrets.token_urlsafe(12))
        args = ["admin", "account", "create", "--username", username, "--email", email,
                "--password", password]
        if role:
            args += ["--role", role]
        self.cli(*args)
        return User(username, email, password)

    def healthy(self) -> bool:
        try:
            r = requests.get(self.base_url + "/health", timeout=5)
            return r.status_code == 200 and r.text.strip() == "OK"
        except requests.RequestException:
            return False


# -- OAuth helpers --------------------------------------------------------------------------------

def create_app(base_url: str, scopes: str = ALL_SCOPES, redirect_uri: str = OOB,
               name: str = "parloir-tests") -> App:
    r = requests.post(base_url + "/api/v1/apps", timeout=30,
                      data={"client_name": name, "redirect_uris": redirect_uri, "scopes": scopes})
    assert r.status_code == 200, f"POST /api/v1/apps -> {r.status_code} {r.text}"
    body = r.json()
    return App(body["client_id"], body["client_secret"], redirect_uri, scopes)


def token_request(base_url: str, **form) -> requests.Response:
    return requests.post(base_url + "/oauth/token", data=form, timeout=30, allow_redirects=False)


def password_token(base_url: str, app: App, user: User, scope: str | None = None) -> str:
    r = token_request(base_url, grant_type="password", client_id=app.client_id,
                      client_secret=app.client_secret, username=user.email,
                      password=user.password, scope=scope or app.scopes)
    assert r.status_code == 200, f"password grant for {user.email} -> {r.status_code} {r.text}"
    return r.json()["access_token"]


def client_credentials_token(base_url: str, app: App, scope: str | None = None) -> str:
    r = token_request(base_url, grant_type="client_credentials", client_id=app.client_id,
                      client_secret=app.client_secret, scope=scope or app.scopes)
    assert r.status_code == 200, f"client_credentials grant -> {r.status_code} {r.text}"
    return r.json()["access_token"]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


class _FormParser(html.parser.HTMLParser):
    """Collects the first <form>: its action, method and the name/value of its inputs."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._current = {"action": a.get("action"), "method": (a.get("method") or "get").lower(),
                             "inputs": {}}
            self.forms.append(self._current)
        elif tag in ("input", "button", "select", "textarea") and self._current is not None:
            name = a.get("name")
            if name and not (tag == "button" or a.get("type") in ("submit", "button")):
                self._current["inputs"][name] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def parse_form(page: str) -> dict:
    p = _FormParser()
    p.feed(page)
    assert p.forms, f"no <form> in the authorize page:\n{page[:2000]}"
    # The sign-in form is the one with a password field.
    for f in p.forms:
        if "password" in f["inputs"]:
            return f
    raise AssertionError(f"no form with a 'password' field in the authorize page:\n{page[:2000]}")


def authorize(base_url: str, app: App, user: User, scope: str | None = None,
              state: str | None = None, code_challenge: str | None = None,
              path: str = "/oauth/authorize") -> requests.Response:
    """GETs the sign-in form, POSTs email/password with its hidden fields; returns the POST's
    response (not following redirects)."""
    params = {"response_type": "code", "client_id": app.client_id,
              "redirect_uri": app.redirect_uri, "scope": scope or app.scopes}
    if state is not None:
        params["state"] = state
    if code_challenge is not None:
        params["code_challenge"] = code_challenge
        params["code_challenge_method"] = "S256"
    s = requests.Session()
    r = s.get(base_url + path, params=params, timeout=30)
    assert r.status_code == 200, f"GET {path} -> {r.status_code} {r.text[:500]}"
    assert "text/html" in r.headers.get("Content-Type", ""), r.headers
    form = parse_form(r.text)
    fields = dict(form["inputs"])
    for key in ("client_id", "redirect_uri", "scope", "response_type"):
        assert key in fields, f"hidden field {key!r} missing from the sign-in form: {fields}"
    if code_challenge is not None:
        assert fields.get("code_challenge") == code_challenge, fields
        assert fields.get("code_challenge_method") == "S256", fields
    if state is not None:
        assert fields.get("state") == state, fields
    fields["email"] = user.email
    fields["password"] = user.password
    action = urllib.parse.urljoin(r.url, form["action"] or "/oauth/authorize")
    assert form["method"] == "post", form
    return s.post(action, data=fields, timeout=30, allow_redirects=False)


def code_from_redirect(resp: requests.Response, redirect_uri: str) -> tuple[str, dict]:
    assert resp.status_code == 302, f"expected 302 to the redirect_uri, got {resp.status_code} {resp.text[:500]}"
    location = resp.headers["Location"]
    assert location.startswith(redirect_uri), f"Location {location!r} is not under {redirect_uri!r}"
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    assert "code" in query, f"no code in Location {location!r}"
    return query["code"][0], query


def code_from_oob_page(resp: requests.Response) -> str:
    assert resp.status_code == 200, f"expected the oob code page, got {resp.status_code} {resp.text[:500]}"
    m = re.search(r"<(\w+)[^>]*\bid=[\"']code[\"'][^>]*>\s*([^<\s]+)\s*</\1>", resp.text)
    assert m, f"no element with id=\"code\" in the oob page:\n{resp.text[:2000]}"
    return m.group(2)


# -- raw HTTP -------------------------------------------------------------------------------------

def raw_exchange(port: int, head: bytes, body_chunks, timeout: float = 20) -> tuple[int, dict, bytes]:
    """Sends `head` then the chunks in `body_chunks` on a raw socket, stopping early if the server
    answers or closes; then reads one response. Returns (status, headers, body)."""
    import select

    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        sock.sendall(head)
        for chunk in body_chunks:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
        data = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                part = sock.recv(65536)
            except ConnectionResetError:
                break
            except socket.timeout:
                break
            if not part:
                break
            data += part
            if b"\r\n\r\n" in data:
                head_part, _, rest = data.partition(b"\r\n\r\n")
                m = re.search(rb"(?im)^content-length:\s*(\d+)", head_part)
                if m and len(rest) >= int(m.group(1)):
                    break
        assert data, "the server closed the connection (or reset it) without sending a response"
        head_part, _, rest = data.partition(b"\r\n\r\n")
        lines = head_part.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        return status, headers, rest
    finally:
        sock.close()


MASTODON_PY_SCOPES = ["read", "write", "follow", "push"]


def mastodon_py_fixtures(app_name: str, scopes: list[str] = MASTODON_PY_SCOPES):
    """Two fixtures for a module driven with Mastodon.py against its module server fixture `srv`
    (social_util.module_server_fixture): `mp_app`, the app `app_name` registered once per module
    ((client_id, client_secret)), and `login`, a function login(prefix) that creates a user named
    unique(prefix) and returns (a Mastodon client logged in as them with `scopes`, their account).

        srv = module_server_fixture()
        mp_app, login = mastodon_py_fixtures("parloir my test")
    """
    from mastodon import Mastodon  # why: only the Mastodon.py modules need it

    @pytest.fixture(scope="module", name="mp_app")
    def mp_app_fixture(srv):
        return Mastodon.create_app(app_name, scopes=scopes, api_base_url=srv.base_url)

    @pytest.fixture(name="login")
    def login_fixture(srv, mp_app):
        def make(prefix: str):
            user = srv.create_user(unique(prefix))
            m = Mastodon(client_id=mp_app[0], client_secret=mp_app[1], api_base_url=srv.base_url)
            m.log_in(user.email, user.password, scopes=scopes)
            return m, m.account_verify_credentials()

        return make

    return mp_app_fixture, login_fixture
