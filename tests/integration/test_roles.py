"""Roles and permissions: owner, admin, moderator and user, each signed in with Mastodon.py,
walk the admin API. The Role entity (Mastodon's default roles' ids, names and permission bits)
is on CredentialAccount and the admin Account; each admin route needs its permission
(moderators handle reports and accounts but not announcements, invites, email-domain blocks or
roles); only the owner touches owners; nobody grants more than they have; `parloir admin role
set` and the API change roles, and every change is in the audit log."""
import pytest
import requests
from mastodon.errors import MastodonAPIError

from helpers import bearer
from org_util import ADMIN_SCOPES, admin_client, audit_actions, login

MODERATOR_BITS = str(8 | 4 | 1024 | 16 | 256)  # view_dashboard, view_audit_log, manage_users, manage_reports, taxonomies
ADMIN_BITS = str(((1 << 20) - 1) & ~1)         # every permission but administrator


def _get(server, token, path, **params):
    return requests.get(server.base_url + path, params=params, headers=bearer(token), timeout=30)


def _post(server, token, path, **data):
    return requests.post(server.base_url + path, data=data, headers=bearer(token), timeout=30)


def _set_role(server, token, account_id, role):
    return _post(server, token, f"/api/v1/admin/accounts/{account_id}/role", role=role)


def test_each_role_gets_exactly_its_permissions(server):
    owner = admin_client(server)  # the first admin, created at install, is the owner
    me = owner.account_verify_credentials()
    assert me["role"]["name"] == "Owner" and me["role"]["permissions"] == "1" and me["role"]["highlighted"] is True
    assert set(me["role"]) >= {"id", "name", "color", "permissions", "highlighted"}

    admin_u = server.create_user(role="admin")
    mod_u = server.create_user(role="moderator")
    user_u = server.create_user()
    admin = login(server, admin_u.email, admin_u.password, ADMIN_SCOPES)
    mod = login(server, mod_u.email, mod_u.password, ADMIN_SCOPES)
    user = login(server, user_u.email, user_u.password, ADMIN_SCOPES)
    assert admin.account_verify_credentials()["role"]["permissions"] == ADMIN_BITS
    role = mod.account_verify_credentials()["role"]
    assert (str(role["id"]), role["name"], role["permissions"], role["color"], role["highlighted"]) == (
        "1", "Moderator", MODERATOR_BITS, "", True)
    assert user.account_verify_credentials()["role"]["permissions"] == str(1 << 16)
    user_id = user.account_verify_credentials()["id"]

    # Moderators: reports, accounts, the audit log…
    assert mod.admin_reports() == []
    assert user_u.username in [a["username"] for a in mod.admin_accounts_v2(origin="local")]
    assert mod.admin_account(user_id)["role"]["name"] == ""
    assert _get(server, mod.access_token, "/api/v1/admin/audit_log").status_code == 200
    assert [r["name"] for r in _get(server, mod.access_token, "/api/v1/admin/roles").json()] == [
        "Owner", "Admin", "Moderator", ""]
    # …but not announcements, invites, email-domain blocks or roles.
    r = _post(server, mod.access_token, "/api/v1/admin/announcements", text="from a moderator")
    assert r.status_code == 403 and r.json()["error"] == "This action is not allowed"
    assert _post(server, mod.access_token, "/api/v1/admin/invites").status_code == 403
    assert _post(server, mod.access_token, "/api/v1/admin/email_domain_blocks", domain="x.example").status_code == 403
    assert _set_role(server, mod.access_token, user_id, "moderator").status_code == 403
    # Users: nothing.
    for path in ("/api/v1/admin/accounts", "/api/v1/admin/reports", "/api/v1/admin/audit_log"):
        assert _get(server, user.access_token, path).status_code == 403, path
    with pytest.raises(MastodonAPIError):
        user.admin_accounts_v2()

    # Admins: announcements, invites, email-domain blocks, roles up to their own.
    r = _post(server, admin.access_token, "/api/v1/admin/announcements", text="from an admin")
    assert r.status_code == 200, r.text
    assert _post(server, admin.access_token, "/api/v1/admin/invites").status_code == 200
    assert _post(server, admin.access_token, "/api/v1/admin/email_domain_blocks", domain="y.example").status_code == 200
    r = _set_role(server, admin.access_token, user_id, "moderator")
    assert r.status_code == 200 and r.json()["role"]["name"] == "Moderator", r.text
    assert user.account_verify_credentials()["role"]["name"] == "Moderator"
    assert user.admin_reports() == []  # the new moderator's token now reaches the queue
    # Nobody but the owner makes or unmakes an owner; nobody changes their own role.
    assert _set_role(server, admin.access_token, user_id, "owner").status_code == 403
    assert _set_role(server, admin.access_token, me["id"], "user").status_code == 403
    admin_id = admin.account_verify_credentials()["id"]
    assert _set_role(server, admin.access_token, admin_id, "owner").status_code == 403
    assert _set_role(server, owner.access_token, me["id"], "user").status_code == 403
    assert owner.account_verify_credentials()["role"]["name"] == "Owner"
    # Bad input.
    assert _set_role(server, owner.access_token, user_id, "emperor").status_code == 422
    assert _set_role(server, owner.access_token, "999999999", "user").status_code == 404

    # The owner can do all of it.
    r = _set_role(server, owner.access_token, admin_id, "owner")
    assert r.status_code == 200 and r.json()["role"]["name"] == "Owner"
    r = _set_role(server, owner.access_token, admin_id, "admin")
    assert r.status_code == 200 and r.json()["role"]["permissions"] == ADMIN_BITS
    r = _set_role(server, owner.access_token, user_id, "user")
    assert r.status_code == 200
    assert _get(server, user.access_token, "/api/v1/admin/reports").status_code == 403

    # The CLI.
    out = server.cli("admin", "role", "set", user_u.username, "admin").stdout
    assert "is now admin" in out
    assert user.account_verify_credentials()["role"]["name"] == "Admin"
    assert server.cli("admin", "role", "set", user_u.username, "king", check=False).returncode != 0
    server.cli("admin", "account", "set-role", user_u.username, "user")

    # Every change is audited, with who did it.
    log = audit_actions(server, owner)
    changes = [(e["account_id"], e["target_id"], e["detail"]) for e in log if e["action"] == "change_role_user"]
    u = user_u.username
    assert list(reversed(changes)) == [
        (str(admin_id), str(user_id), f"{u}: user -> moderator"),
        (str(me["id"]), str(admin_id), f"{admin_u.username}: admin -> owner"),
        (str(me["id"]), str(admin_id), f"{admin_u.username}: owner -> admin"),
        (str(me["id"]), str(user_id), f"{u}: moderator -> user"),
        (None, str(user_id), f"{u}: user -> admin"),
        (None, str(user_id), f"{u}: admin -> user"),
    ]


def test_first_admin_is_owner_and_cli_lists_it(server):
    out = server.cli("admin", "account", "list").stdout
    line = [l for l in out.splitlines() if l.split("\t")[1:2] == [server.admin.username]][0]
    assert line.split("\t")[3] == "owner"
