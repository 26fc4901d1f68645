"""Helpers for the organisation-control tests: Mastodon.py clients for sign-up (app only) and
for the instance's first admin (with the admin scopes)."""
from __future__ import annotations

import requests
from mastodon import Mastodon

from helpers import ParloirServer

USER_SCOPES = ["read", "write", "follow"]
ADMIN_SCOPES = ["read", "write", "follow", "admin:read", "admin:write"]


def app_client(server: ParloirServer, scopes=USER_SCOPES) -> Mastodon:
    """A Mastodon.py client with a registered app and no user (what create_account needs)."""
    cid, csec = Mastodon.create_app("orgctl test", scopes=scopes, api_base_url=server.base_url)
    return Mastodon(client_id=cid, client_secret=csec, api_base_url=server.base_url)


def login(server: ParloirServer, email: str, password: str, scopes=USER_SCOPES) -> Mastodon:
    m = app_client(server, scopes)
    m.log_in(email, password, scopes=scopes)
    return m


def admin_client(server: ParloirServer) -> Mastodon:
    a = server.admin
    return login(server, a.email, a.password, ADMIN_SCOPES)


def audit_actions(server: ParloirServer, admin: Mastodon) -> list[dict]:
    """The audit log through the admin API (newest first)."""
    r = requests.get(server.base_url + "/api/v1/admin/audit_log", params={"limit": 500},
                     headers={"Authorization": f"Bearer {admin.access_token}"}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()
