"""Instance settings changed at run time (services/instance_settings.h): the admin API
(GET/PATCH /api/v1/admin/settings — staff read, admins write, all-or-nothing validation with
422), the CLI (`parloir admin settings list|get|set|reset`), the audit log, and what follows at
once: /api/v1/instance and /api/v2/instance (Mastodon.py `instance()`, requests for v2), NodeInfo,
the extended description, sign-up (Mastodon.py `create_account`) and the HTML pages. A change
made by one process reaches the others (the admin CLI -> the server; one server -> another
server sharing the database) through the event outbox, and survives a restart."""
from __future__ import annotations

import time

import requests

from helpers import bearer
from org_util import USER_SCOPES, admin_client, app_client, audit_actions, login

SETTINGS = "/api/v1/admin/settings"
PW = "correct-horse-battery"


def _v1(server) -> dict:
    r = requests.get(server.base_url + "/api/v1/instance", timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def _v2(server) -> dict:
    r = requests.get(server.base_url + "/api/v2/instance", timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def _until(pred, what: str, timeout: float = 5.0) -> float:
    start = time.monotonic()
    while not pred():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
    return time.monotonic() - start


def _patch(server, token: str, **fields) -> requests.Response:
    return requests.patch(server.base_url + SETTINGS, json=fields, headers=bearer(token), timeout=30)


def _sign_up(server, username: str):
    m = app_client(server)
    token, err = m.create_account(username, PW, f"{username}@example.com", agreement=True,
                                  return_detailed_error=True, scopes=USER_SCOPES, reason="I like it here")
    return token, err


def test_admin_changes_settings_and_everything_follows(server_factory, tmp_path):
    cfg = tmp_path / "parloir.toml"
    cfg.write_text('[instance]\ntitle = "Config Title"\ndescription = "From the file."\n'
                   'contact_email = "file@example.com"\nlanguages = ["en", "de"]\n')
    server = server_factory(env={"PARLOIR_CONFIG": str(cfg)}).start()
    admin = admin_client(server)
    token = admin.access_token

    # The configuration is the default.
    r = requests.get(server.base_url + SETTINGS, headers=bearer(token), timeout=30)
    assert r.status_code == 200, r.text
    s = r.json()
    assert (s["title"], s["short_description"], s["contact_email"], s["registrations"], s["default_language"]) == (
        "Config Title", "From the file.", "file@example.com", "open", "en")
    assert s["defaults"]["title"] == "Config Title" and s["languages"] == ["en", "de"]
    assert admin.instance()["title"] == "Config Title"  # warms the documents' cache

    # One PATCH changes several at once; both documents and NodeInfo follow immediately.
    me = admin.account_verify_credentials()
    r = _patch(server, token, title="Le Parloir", short_description="Un salon.", description="Long text.\n\nSecond.",
               contact_email="admin@parloir.example", contact_account=me["username"], registrations="approval",
               default_language="fr")
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["title"] == "Le Parloir" and s["registrations"] == "approval" and s["languages"] == ["fr", "en", "de"]
    assert s["defaults"]["title"] == "Config Title"
    v1 = admin.instance()
    assert v1["title"] == "Le Parloir" and v1["short_description"] == "Un salon."
    assert v1["email"] == "admin@parloir.example" and v1["languages"] == ["fr", "en", "de"]
    assert v1["registrations"] is True and v1["approval_required"] is True
    assert v1["contact_account"]["id"] == me["id"] and v1["contact_account"]["acct"] == me["username"]
    v2 = _v2(server)
    assert v2["title"] == "Le Parloir" and v2["description"] == "Un salon." and v2["languages"][0] == "fr"
    assert v2["registrations"]["enabled"] is True and v2["registrations"]["approval_required"] is True
    assert v2["contact"]["email"] == "admin@parloir.example" and v2["contact"]["account"]["id"] == str(me["id"])
    ni = requests.get(server.base_url + "/nodeinfo/2.0", timeout=30).json()
    assert ni["metadata"]["nodeName"] == "Le Parloir" and ni["openRegistrations"] is True
    ext = requests.get(server.base_url + "/api/v1/instance/extended_description", headers=bearer(token),
                       timeout=30).json()
    assert ext["content"] == "<p>Long text.</p><p>Second.</p>"
    page = requests.get(server.base_url + "/auth/sign_up", timeout=30)
    assert "Join Le Parloir" in page.text and "A moderator reviews every sign-up" in page.text

    # Registration follows: approval mode -> pending; closed -> refused; open again -> signed up.
    tok, err = _sign_up(server, "pendingone")
    assert tok and not err, err
    pending = requests.get(server.base_url + "/api/v1/admin/accounts", params={"pending": "true"},
                           headers=bearer(token), timeout=30).json()
    assert [a["username"] for a in pending] == ["pendingone"]
    assert _patch(server, token, registrations="closed").status_code == 200
    tok, err = _sign_up(server, "closedone")
    assert tok is None and err["error"] == "Registrations are currently closed"
    assert _v2(server)["registrations"]["enabled"] is False
    assert "Registrations are currently closed" in requests.get(server.base_url + "/auth/sign_up", timeout=30).text
    assert _patch(server, token, registrations="open").status_code == 200
    tok, err = _sign_up(server, "openone")
    assert tok and not err, err

    # Audit log: one entry per changed key, with the acting admin.
    entries = [e for e in audit_actions(server, admin) if e["action"] == "update_setting"]
    details = [e["detail"] for e in entries]
    assert "title: Le Parloir" in details and "registrations: closed" in details and "registrations: open" in details
    assert all(e["account_id"] == str(me["id"]) and e["target_type"] == "Setting" for e in entries)
    before = len(entries)
    assert _patch(server, token, title="Le Parloir").status_code == 200  # unchanged: nothing logged
    assert len([e for e in audit_actions(server, admin) if e["action"] == "update_setting"]) == before

    # Durable: a kill -9 and a restart keep the values (the database wins over the file).
    server.kill()
    server.start()
    assert _v2(server)["title"] == "Le Parloir" and _v1(server)["languages"][0] == "fr"
    assert _v2(server)["contact"]["email"] == "admin@parloir.example"


def test_bad_values_are_refused_and_nothing_is_half_written(server):
    token = admin_client(server).access_token
    before = requests.get(server.base_url + SETTINGS, headers=bearer(token), timeout=30).json()
    cases = [
        ({"registrations": "sometimes"}, "Registrations must be one of"),
        ({"title": "   "}, "Title can't be blank"),
        ({"title": "x" * 201}, "Title is too long"),
        ({"short_description": "é" * 501}, "Short description is too long"),
        ({"description": "d" * 10001}, "Description is too long"),
        ({"default_language": "zz"}, "not a known language code"),
        ({"default_language": "FR"}, "not a known language code"),
        ({"default_language": "fr-CA"}, "not a known language code"),
        ({"contact_email": "not an address"}, "Contact email is not an email address"),
        ({"contact_account": "nobody_here"}, "no local account named nobody_here"),
        ({"favourite_colour": "blue"}, "Unknown setting: favourite_colour"),
        ({}, "no setting given"),
        # A valid change next to a bad one: neither is written.
        ({"title": "Half", "registrations": "maybe"}, "Registrations must be one of"),
        ({"registrations": "closed", "default_language": "xx"}, "not a known language code"),
    ]
    for fields, message in cases:
        r = _patch(server, token, **fields)
        assert r.status_code == 422, (fields, r.status_code, r.text)
        assert message in r.json()["error"], (fields, r.json())
    after = requests.get(server.base_url + SETTINGS, headers=bearer(token), timeout=30).json()
    assert after == before
    assert _v2(server)["title"] == before["title"] and _v2(server)["registrations"]["enabled"] is True
    # Form encoding works the same; a malformed body is a 4xx, and the server keeps serving.
    r = requests.patch(server.base_url + SETTINGS, data={"title": "Form title"}, headers=bearer(token), timeout=30)
    assert r.status_code == 200 and r.json()["title"] == "Form title", r.text
    r = requests.patch(server.base_url + SETTINGS, data=b"{not json", timeout=30,
                       headers={**bearer(token), "Content-Type": "application/json"})
    assert 400 <= r.status_code < 500, r.text
    assert server.healthy()


def test_who_may_read_and_write(server):
    base = server.base_url
    mod_u = server.create_user(role="moderator")
    admin_u = server.create_user(role="admin")
    user_u = server.create_user()
    scopes = ["read", "write", "admin:read", "admin:write"]
    mod = login(server, mod_u.email, mod_u.password, scopes)
    adm = login(server, admin_u.email, admin_u.password, scopes)
    usr = login(server, user_u.email, user_u.password, scopes)
    read_only = login(server, admin_u.email, admin_u.password, ["read", "admin:read"])

    assert requests.get(base + SETTINGS, timeout=30).status_code == 401
    assert requests.get(base + SETTINGS, headers=bearer(usr.access_token), timeout=30).status_code == 403
    r = requests.get(base + SETTINGS, headers=bearer(mod.access_token), timeout=30)
    assert r.status_code == 200 and r.json()["title"] == "Parloir"  # moderators read…
    r = _patch(server, mod.access_token, title="By a moderator")
    assert r.status_code == 403 and r.json()["error"], r.text  # …but do not write
    assert _patch(server, usr.access_token, title="By a user").status_code == 403
    assert _patch(server, read_only.access_token, title="Without admin:write").status_code == 403
    assert _v2(server)["title"] == "Parloir"
    r = _patch(server, adm.access_token, title="By an admin")
    assert r.status_code == 200, r.text
    assert _v2(server)["title"] == "By an admin"


def test_cli_settings_reach_the_running_server(server):
    token = admin_client(server).access_token
    listed = server.cli("admin", "settings", "list").stdout
    assert "title\tParloir\tconfig" in listed and "registrations\topen\tconfig" in listed
    assert _v2(server)["title"] == "Parloir"  # the server's documents are now cached

    server.cli("admin", "settings", "set", "title", "Set from the CLI")
    assert server.cli("admin", "settings", "get", "title").stdout.strip() == "Set from the CLI"
    elapsed = _until(lambda: _v2(server)["title"] == "Set from the CLI", "the CLI's title on the server")
    assert elapsed < 2.5, elapsed
    server.cli("admin", "settings", "set", "registrations", "closed")
    _until(lambda: _v2(server)["registrations"]["enabled"] is False, "the CLI's registration mode")
    tok, err = _sign_up(server, "aftercli")
    assert tok is None and err["error"] == "Registrations are currently closed"
    assert "registrations\tclosed\tdatabase" in server.cli("admin", "settings", "list").stdout

    # Bad input: exit 1, the reason on stderr, nothing changed.
    bad = server.cli("admin", "settings", "set", "registrations", "whenever", check=False)
    assert bad.returncode == 1 and "Registrations must be one of" in bad.stderr
    bad = server.cli("admin", "settings", "set", "colour", "blue", check=False)
    assert bad.returncode == 1 and "Unknown setting: colour" in bad.stderr
    bad = server.cli("admin", "settings", "get", "colour", check=False)
    assert bad.returncode == 1 and "unknown setting" in bad.stderr
    assert server.cli("admin", "settings", "get", "registrations").stdout.strip() == "closed"

    # reset: back to the configuration's value, on the server too.
    server.cli("admin", "settings", "reset", "registrations")
    _until(lambda: _v2(server)["registrations"]["enabled"] is True, "the reset registration mode")
    actions = [(e["action"], e["account_id"]) for e in
               requests.get(server.base_url + "/api/v1/admin/audit_log", headers=bearer(token), timeout=30).json()]
    assert ("update_setting", None) in actions and ("reset_setting", None) in actions
    tok, err = _sign_up(server, "afterreset")
    assert tok and not err, err


def test_a_change_on_one_server_reaches_another_sharing_the_database(server_factory):
    a = server_factory().start()
    b = server_factory(data_dir=a.data_dir).start()  # a second process on the same database
    token = admin_client(a).access_token
    assert _v2(b)["title"] == "Parloir" and _v1(b)["languages"] == ["en"]  # b's documents cached
    r = _patch(a, token, title="Shared", default_language="fr", registrations="closed")
    assert r.status_code == 200, r.text
    elapsed = _until(lambda: _v2(b)["title"] == "Shared", "server b to see server a's change")
    assert elapsed < 2.5, elapsed
    assert _v1(b)["languages"] == ["fr", "en"] and _v2(b)["registrations"]["enabled"] is False
    tok, err = _sign_up(b, "viab")
    assert tok is None and err["error"] == "Registrations are currently closed"
