"""Registration modes (open, approval, invite, closed) through Mastodon.py `create_account`
(POST /api/v1/accounts with a client_credentials app token), email-domain allow/deny lists,
invites from the CLI and the admin API, the approval queue through the Mastodon admin API, and
default follows. The instance documents reflect the mode."""
import re

import pytest
import requests
from mastodon.errors import MastodonAPIError

from helpers import bearer
from org_util import USER_SCOPES, admin_client, app_client, audit_actions, login

PW = "correct-horse-battery"


def sign_up(server, username, email=None, **kw):
    """create_account with return_detailed_error: (token or None, error dict)."""
    m = app_client(server)
    token, err = m.create_account(username, PW, email or f"{username}@example.com", agreement=True,
                                  return_detailed_error=True, scopes=USER_SCOPES, **kw)
    return m, token, err


def raw_sign_up(server, username, **form):
    """POST /api/v1/accounts with requests (for invite_code, which Mastodon.py does not send)."""
    m = app_client(server)
    r = requests.post(server.base_url + "/oauth/token", data={
        "grant_type": "client_credentials", "client_id": m.client_id, "client_secret": m.client_secret,
        "scope": "read write follow"}, timeout=30)
    app_token = r.json()["access_token"]
    data = {"username": username, "email": f"{username}@example.com", "password": PW, "agreement": "true"}
    data.update(form)
    return requests.post(server.base_url + "/api/v1/accounts", data=data, headers=bearer(app_token), timeout=30)


def instance_docs(server):
    v1 = requests.get(server.base_url + "/api/v1/instance", timeout=30).json()
    v2 = requests.get(server.base_url + "/api/v2/instance", timeout=30).json()
    return v1, v2


def test_open_mode_signs_up_and_reads(server):
    m, token, err = sign_up(server, "newbie")
    assert token and not err, err
    assert m.account_verify_credentials()["username"] == "newbie"
    v1, v2 = instance_docs(server)
    assert v1["registrations"] is True and v1["approval_required"] is False
    assert v2["registrations"]["enabled"] is True and v2["registrations"]["approval_required"] is False


def test_closed_mode_refuses(server_factory):
    s = server_factory(env={"PARLOIR_INSTANCE_REGISTRATIONS": "closed"}).start()
    _, token, err = sign_up(s, "nobody")
    assert token is None
    assert err["error"] == "Registrations are currently closed"
    v1, v2 = instance_docs(s)
    assert v1["registrations"] is False and v1["invites_enabled"] is False
    assert v2["registrations"]["enabled"] is False


def test_approval_mode_pending_until_approved(server_factory):
    s = server_factory(env={"PARLOIR_INSTANCE_REGISTRATIONS": "approval"}).start()
    v1, v2 = instance_docs(s)
    assert v1["registrations"] is True and v1["approval_required"] is True
    assert v2["registrations"]["approval_required"] is True and v2["registrations"]["reason_required"] is True

    _, token, err = sign_up(s, "noreason")
    assert token is None and err["error"] == "Validation failed: Reason can't be blank"

    m, token, err = sign_up(s, "pending1", reason="I joined the team on Monday")
    assert token and not err, err
    # The token exists but is refused with Mastodon's 403 until approval, and so is signing in.
    r = requests.get(s.base_url + "/api/v1/accounts/verify_credentials", headers=bearer(token), timeout=30)
    assert r.status_code == 403, r.text
    assert r.json()["error"] == "Your login is currently pending approval"
    r = requests.post(s.base_url + "/oauth/token", data={
        "grant_type": "password", "client_id": m.client_id, "client_secret": m.client_secret,
        "username": "pending1@example.com", "password": PW, "scope": "read"}, timeout=30)
    assert r.status_code == 400 and "pending approval" in r.json()["error_description"], r.text

    admin = admin_client(s)
    pending = admin.admin_accounts_v2(origin="local", status="pending")
    assert [a["username"] for a in pending] == ["pending1"]
    entry = pending[0]
    assert entry["approved"] is False and entry["invite_request"] == "I joined the team on Monday"
    assert entry["email"] == "pending1@example.com" and entry["account"]["username"] == "pending1"
    # v1 filters as booleans.
    r = requests.get(s.base_url + "/api/v1/admin/accounts", params={"pending": "true"},
                     headers=bearer(admin.access_token), timeout=30)
    assert r.status_code == 200 and [a["username"] for a in r.json()] == ["pending1"], r.text
    # Active accounts do not include the pending one.
    active = admin.admin_accounts_v2(origin="local", status="active")
    assert "pending1" not in [a["username"] for a in active] and "admin" in [a["username"] for a in active]

    approved = admin.admin_account_approve(entry["id"])
    assert approved["approved"] is True
    r = requests.get(s.base_url + "/api/v1/accounts/verify_credentials", headers=bearer(token), timeout=30)
    assert r.status_code == 200 and r.json()["username"] == "pending1", r.text
    assert admin.admin_accounts_v2(origin="local", status="pending") == []
    # Approving twice is refused.
    with pytest.raises(MastodonAPIError):
        admin.admin_account_approve(entry["id"])

    # Reject: the sign-up is deleted; the username is free again.
    _, token2, _ = sign_up(s, "spammer", reason="buy my stuff")
    spam = admin.admin_accounts_v2(origin="local", status="pending")[0]
    assert spam["username"] == "spammer"
    admin.admin_account_reject(spam["id"])
    r = requests.get(s.base_url + f"/api/v1/admin/accounts/{spam['id']}", headers=bearer(admin.access_token),
                     timeout=30)
    assert r.status_code == 404
    r = requests.get(s.base_url + "/api/v1/accounts/verify_credentials", headers=bearer(token2), timeout=30)
    assert r.status_code == 401

    actions = [(e["action"], e["target_id"]) for e in audit_actions(s, admin)]
    assert ("approve_user", str(entry["id"])) in actions
    assert ("reject_user", str(spam["id"])) in actions
    admin_id = admin.account_verify_credentials()["id"]
    assert all(e["account_id"] == str(admin_id) for e in audit_actions(s, admin))


def test_invite_mode_needs_a_valid_code(server_factory):
    s = server_factory(env={"PARLOIR_INSTANCE_REGISTRATIONS": "invite"}).start()
    v1, v2 = instance_docs(s)
    assert v1["registrations"] is False and v1["invites_enabled"] is True
    assert v2["registrations"]["enabled"] is False

    # No code: refused (Mastodon.py cannot send invite_code; it shows the refusal).
    _, token, err = sign_up(s, "nocode")
    assert token is None and "invite" in err["error"]

    out = s.cli("admin", "invite", "create", "--max-uses", "3", "--url", s.base_url).stdout
    code = re.search(r"^code: (\S+)$", out, re.M).group(1)
    assert re.search(rf"^link: {re.escape(s.base_url)}/invite/{code}$", out, re.M), out

    # The link opens the web app's sign-up (/signup?invite=CODE) when the app is built, else the
    # server's sign-up page (test_org_rules.py checks both explicitly); submitting it uses the
    # invite too.
    link = requests.get(f"{s.base_url}/invite/{code}", timeout=30, allow_redirects=False)
    if link.status_code == 302:
        assert link.headers["Location"] == f"/signup?invite={code}"
    else:
        assert link.status_code == 200 and f'name="invite_code" value="{code}"' in link.text
    page = requests.get(f"{s.base_url}/auth/sign_up", params={"invite_code": code}, timeout=30)
    assert page.status_code == 200 and f'name="invite_code" value="{code}"' in page.text
    assert "Content-Security-Policy" in page.headers
    r = requests.post(s.base_url + "/auth/sign_up", data={
        "username": "webby", "email": "webby@example.com", "password": PW, "agreement": "1",
        "invite_code": code}, timeout=30)
    assert r.status_code == 200 and "Welcome, webby" in r.text, r.text
    web = login(s, "webby@example.com", PW)
    assert web.account_verify_credentials()["username"] == "webby"
    # Without a code the web page refuses as the API does.
    r = requests.post(s.base_url + "/auth/sign_up", data={
        "username": "webless", "email": "webless@example.com", "password": PW, "agreement": "1"}, timeout=30)
    assert r.status_code == 403 and "require an invite" in r.text

    r = raw_sign_up(s, "bad1", invite_code="not-a-code")
    assert r.status_code == 422 and "Invite" in r.json()["error"], r.text
    for name in ("inv1", "inv2"):
        r = raw_sign_up(s, name, invite_code=code)
        assert r.status_code == 200, r.text
        me = requests.get(s.base_url + "/api/v1/accounts/verify_credentials",
                          headers=bearer(r.json()["access_token"]), timeout=30)
        assert me.status_code == 200 and me.json()["username"] == name
    # Used up after three (webby, inv1, inv2).
    r = raw_sign_up(s, "inv3", invite_code=code)
    assert r.status_code == 422 and "used up" in r.json()["error"], r.text
    # A refused sign-up writes nothing: the username is still free.
    assert s.cli("admin", "account", "list").stdout.count("inv3") == 0

    # Expired code (created through the admin API with a 1-second lifetime).
    admin = admin_client(s)
    r = requests.post(s.base_url + "/api/v1/admin/invites", data={"expires_in": "1"},
                      headers=bearer(admin.access_token), timeout=30)
    assert r.status_code == 200, r.text
    invite = r.json()
    assert invite["url"] == f"{s.base_url}/invite/{invite['code']}" and invite["max_uses"] is None
    import time
    time.sleep(1.5)
    r = raw_sign_up(s, "late", invite_code=invite["code"])
    assert r.status_code == 422, r.text
    listed = requests.get(s.base_url + "/api/v1/admin/invites", headers=bearer(admin.access_token), timeout=30)
    assert {i["code"] for i in listed.json()} >= {code, invite["code"]}
    assert [i["uses"] for i in listed.json() if i["code"] == code] == [3]
    listing = s.cli("admin", "invite", "list").stdout
    assert code in listing and invite["code"] in listing
    # Invites created by CLI and API are in the audit log.
    assert sum(1 for e in audit_actions(s, admin) if e["action"] == "create_invite") == 2
    # A plain user may not use the invites API.
    user = s.create_user()
    u = login(s, user.email, user.password)
    r = requests.post(s.base_url + "/api/v1/admin/invites", headers=bearer(u.access_token), timeout=30)
    assert r.status_code == 403


def test_email_domain_allowlist_and_denylist(server_factory):
    s = server_factory(env={"PARLOIR_INSTANCE_EMAIL_DOMAIN_ALLOWLIST": "corp.example, school.example",
                            "PARLOIR_INSTANCE_EMAIL_DOMAIN_DENYLIST": "interns.corp.example"}).start()
    _, token, err = sign_up(s, "outsider", email="outsider@gmail.example")
    assert token is None
    assert err["error"] == "Validation failed: Email domain is not allowed on this server (gmail.example)"
    _, token, err = sign_up(s, "intern", email="intern@interns.corp.example")
    assert token is None and "interns.corp.example" in err["error"]
    for name, email in (("worker", "worker@corp.example"), ("teacher", "teacher@staff.school.example")):
        _, token, err = sign_up(s, name, email=email)
        assert token and not err, err


def test_default_follows(server_factory):
    s = server_factory(env={"PARLOIR_INSTANCE_DEFAULT_FOLLOWS": "news,help,nosuchuser"}).start()
    s.create_user("news")
    s.create_user("help")
    m, token, err = sign_up(s, "freshman")
    assert token, err
    me = m.account_verify_credentials()
    following = [a["acct"] for a in m.account_following(me["id"])]
    assert sorted(following) == ["help", "news"]


def test_admin_api_needs_staff_and_admin_scopes(server):
    user = server.create_user()
    u = login(server, user.email, user.password)
    r = requests.get(server.base_url + "/api/v2/admin/accounts", headers=bearer(u.access_token), timeout=30)
    assert r.status_code == 403, r.text  # no admin scope
    mod = server.create_user(role="moderator")
    from org_util import ADMIN_SCOPES
    m = login(server, mod.email, mod.password, ADMIN_SCOPES)
    assert [a["username"] for a in m.admin_accounts_v2(origin="local", status="active")]
    plain = login(server, user.email, user.password, ADMIN_SCOPES)
    r = requests.get(server.base_url + "/api/v2/admin/accounts", headers=bearer(plain.access_token), timeout=30)
    assert r.status_code == 403 and r.json()["error"] == "This action is not allowed"
    r = requests.get(server.base_url + "/api/v2/admin/accounts", timeout=30)
    assert r.status_code == 401


def test_email_domain_blocks_through_the_admin_api(server):
    admin = admin_client(server)
    h = bearer(admin.access_token)
    r = requests.post(server.base_url + "/api/v1/admin/email_domain_blocks", data={"domain": " Spam.Example "},
                      headers=h, timeout=30)
    assert r.status_code == 200, r.text
    block = r.json()
    assert block["domain"] == "spam.example" and block["history"] == [] and isinstance(block["id"], str)
    r = requests.post(server.base_url + "/api/v1/admin/email_domain_blocks", data={"domain": "spam.example"},
                      headers=h, timeout=30)
    assert r.status_code == 422 and r.json()["error"] == "Validation failed: Domain has already been taken"
    r = requests.post(server.base_url + "/api/v1/admin/email_domain_blocks", data={"domain": "a@b"},
                      headers=h, timeout=30)
    assert r.status_code == 422
    for name, email in (("spam1", "spam1@spam.example"), ("spam2", "spam2@mx.spam.example")):
        _, token, err = sign_up(server, name, email=email)
        assert token is None
        assert err["error"].startswith("Validation failed: Email domain is not allowed on this server"), err
    _, token, err = sign_up(server, "ham", email="ham@notspam.example")
    assert token, err
    listed = requests.get(server.base_url + "/api/v1/admin/email_domain_blocks", headers=h, timeout=30).json()
    assert [b["domain"] for b in listed] == ["spam.example"]
    shown = requests.get(f"{server.base_url}/api/v1/admin/email_domain_blocks/{block['id']}", headers=h, timeout=30)
    assert shown.status_code == 200 and shown.json()["domain"] == "spam.example"
    r = requests.delete(f"{server.base_url}/api/v1/admin/email_domain_blocks/{block['id']}", headers=h, timeout=30)
    assert r.status_code == 200
    _, token, err = sign_up(server, "spam3", email="spam3@spam.example")
    assert token, err
    actions = [(e["action"], e["target_id"]) for e in audit_actions(server, admin)]
    assert ("create_email_domain_block", block["id"]) in actions
    assert ("destroy_email_domain_block", block["id"]) in actions
