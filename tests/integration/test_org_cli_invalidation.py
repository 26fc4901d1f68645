"""Changes made with the admin CLI (another process) reach the running server at once through
the event outbox (services/event_relay.h), not after its token cache's 5 s expiry: a role
granted by the CLI opens the admin API within a moment; a CLI suspension closes the account's
streams within about a second; an unsuspension lets it back in at once."""
from __future__ import annotations

import time

import requests

from helpers import bearer, create_app, password_token
from test_org_account_pages import Stream


def _admin_status(server, token: str) -> int:
    return requests.get(server.base_url + "/api/v1/admin/accounts", headers=bearer(token), timeout=30).status_code


def _until(fn, timeout: float) -> float:
    """Seconds until fn() is true (polling every 50 ms); fails after timeout."""
    start = time.monotonic()
    while not fn():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - start


def test_cli_role_change_applies_at_once(server):
    user = server.create_user()
    app = create_app(server.base_url, scopes="read write admin:read admin:write")
    token = password_token(server.base_url, app, user)
    assert _admin_status(server, token) == 403  # the token (role user) is now in the server's cache
    server.cli("admin", "account", "set-role", user.username, "admin")
    # The cache entry would live up to 5 s; the invalidation arrives within about a second.
    assert _until(lambda: _admin_status(server, token) == 200, 4.0) < 2.0
    assert _admin_status(server, token) == 200
    server.cli("admin", "role", "set", user.username, "user")
    assert _until(lambda: _admin_status(server, token) == 403, 4.0) < 2.0


def test_cli_suspension_closes_streams_and_unsuspension_restores(server):
    user = server.create_user()
    app = create_app(server.base_url, scopes="read write")
    token = password_token(server.base_url, app, user)
    stream = Stream(server, token)
    time.sleep(0.3)
    assert stream.is_open()
    account_id = requests.get(server.base_url + "/api/v1/accounts/verify_credentials", headers=bearer(token),
                              timeout=30).json()["id"]
    profile = lambda: requests.get(f"{server.base_url}/api/v1/accounts/{account_id}", timeout=30).status_code
    assert profile() == 200
    server.cli("admin", "account", "suspend", user.username)
    done = time.monotonic()
    stream.wait_closed(5)
    assert stream.closed_at - done < 1.6, stream.closed_at - done
    ok = lambda: requests.get(server.base_url + "/api/v1/accounts/verify_credentials", headers=bearer(token),
                              timeout=30).status_code
    # The token cache entry is dropped by the relayed event (the stream may close first, through
    # the streams' own token re-check).
    assert time.monotonic() - done + _until(lambda: ok() == 401, 4.0) < 2.2
    assert _until(lambda: profile() == 404, 4.0) < 2.0
    # Back at once after unsuspension (the server's cached account is dropped).
    server.cli("admin", "account", "unsuspend", user.username)
    assert _until(lambda: profile() == 200, 4.0) < 2.0
    fresh = password_token(server.base_url, app, user)
    assert _until(lambda: requests.get(server.base_url + "/api/v1/accounts/verify_credentials",
                                       headers=bearer(fresh), timeout=30).status_code == 200, 4.0) < 2.0
