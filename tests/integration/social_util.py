"""Shared helpers for the social-API integration tests (statuses, timelines, follows,
notifications): one `parloir serve` per test module, and a tiny `Actor` (user + bearer token)
for the tests that speak plain HTTP with `requests`.

    from social_util import module_server_fixture, Actor
    srv = module_server_fixture()           # a module-scoped fixture named `srv`

    def test_x(srv):
        alice = Actor.create(srv)           # fresh user + password-grant token
        r = alice.post("/api/v1/statuses", data={"status": "hi"})

Each test creates its own users, so tests sharing the module's server do not see each other's
data (except on the public timelines, which tests must filter by their own ids).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

import pytest
import requests

from helpers import ALL_SCOPES, App, ParloirServer, User, create_app, password_token, unique  # noqa: F401 (unique: re-exported)

SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer")
HTTP_TIMEOUT = 30


def _stop_and_check(s: ParloirServer) -> None:
    errors = []
    if s.running():
        try:
            s.stop()
        except AssertionError as e:
            errors.append(str(e))
    err = s.stderr_text()
    for marker in SANITIZER_MARKERS:
        if marker in err:
            i = err.index(marker)
            errors.append(f"sanitizer report in the server's stderr ({s.stderr_path}):\n"
                          + err[max(0, i - 200):][:6000])
            break
    if errors:
        pytest.fail("\n".join(errors))


def module_server_fixture(name: str = "srv", env: dict | None = None):
    """A module-scoped fixture that starts one server for the whole test module (with `env`
    added to its environment) and, at the end, stops it and fails on any sanitizer report (like
    conftest's `server` fixture)."""

    @pytest.fixture(scope="module", name=name)
    def _fixture(tmp_path_factory) -> Iterator[ParloirServer]:
        d = tmp_path_factory.mktemp("social") / "data"
        s = ParloirServer(d, env=env).start()
        try:
            yield s
        finally:
            _stop_and_check(s)

    return _fixture


_apps: dict[str, App] = {}


def shared_app(s: ParloirServer) -> App:
    # why: keyed by data dir too — a later server may get a port an earlier one had.
    key = f"{s.base_url} {s.data_dir}"
    app = _apps.get(key)
    if app is None:
        app = _apps[key] = create_app(s.base_url, scopes=ALL_SCOPES, name="parloir social tests")
    return app


@dataclass
class Actor:
    """A local user with a token, speaking plain HTTP to the server."""
    server: ParloirServer
    user: User
    token: str
    id: str

    @classmethod
    def create(cls, s: ParloirServer, prefix: str = "u") -> "Actor":
        user = s.create_user(unique(prefix))
        token = password_token(s.base_url, shared_app(s), user)
        r = requests.get(s.base_url + "/api/v1/accounts/verify_credentials",
                         headers={"Authorization": f"Bearer {token}"}, timeout=HTTP_TIMEOUT)
        assert r.status_code == 200, f"verify_credentials -> {r.status_code} {r.text}"
        return cls(s, user, token, r.json()["id"])

    @property
    def username(self) -> str:
        return self.user.username

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    def request(self, method: str, path: str, **kw) -> requests.Response:
        headers = dict(kw.pop("headers", {}) or {})
        headers.update(self.headers)
        url = path if path.startswith("http") else self.server.base_url + path
        return requests.request(method, url, headers=headers, timeout=HTTP_TIMEOUT, **kw)

    def get(self, path: str, **kw) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        return self.request("POST", path, **kw)

    def ok(self, method: str, path: str, **kw):
        r = self.request(method, path, **kw)
        assert r.status_code == 200, describe(r)
        return r.json()

    def status(self, text: str, **fields) -> dict:
        return self.ok("POST", "/api/v1/statuses", data={"status": text, **fields})

    def follow(self, other: "Actor") -> dict:
        return self.ok("POST", f"/api/v1/accounts/{other.id}/follow")

    def me(self) -> dict:
        return self.ok("GET", "/api/v1/accounts/verify_credentials")


def anon_get(s: ParloirServer, path: str, **kw) -> requests.Response:
    return requests.get(s.base_url + path, timeout=HTTP_TIMEOUT, **kw)


def describe(r: requests.Response) -> str:
    """`METHOD URL [body] -> STATUS body` for assertion messages."""
    req = r.request
    body = req.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    sent = f" body={body[:300]!r}" if body else ""
    return f"{req.method} {req.url}{sent} -> {r.status_code} {r.text[:1500]}"


def next_link(r: requests.Response) -> str | None:
    m = re.match(r'<([^>]+)>; rel="next"', r.headers.get("Link", ""))
    return m.group(1) if m else None


def walk(actor_or_server, path: str, params: dict | None = None, max_pages: int = 50) -> tuple[list, int]:
    """Follows rel="next" Link headers from `path`; returns (all items, number of pages)."""
    items: list = []
    pages = 0
    url: str | None = path
    while url and pages < max_pages:
        if isinstance(actor_or_server, Actor):
            r = actor_or_server.get(url, params=params if pages == 0 else None)
        else:
            r = anon_get(actor_or_server, url, params=params if pages == 0 else None) \
                if not url.startswith("http") else requests.get(url, timeout=HTTP_TIMEOUT)
        assert r.status_code == 200, describe(r)
        page = r.json()
        pages += 1
        items += page
        url = next_link(r)
        if not page:
            assert url is None, f"an empty page has a next link: {r.headers.get('Link')}"
    return items, pages
