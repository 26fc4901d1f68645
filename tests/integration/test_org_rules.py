"""Instance rules: seeded from instance.rules in the config file, managed with `parloir admin
rule` and the admin API (/api/v1/admin/rules, manage_rules: owner and admin, not moderator),
shown in /api/v1/instance/rules (Mastodon.py `instance_rules`), /api/v1/instance and
/api/v2/instance, cited by reports (`report(..., rule_ids=...)`: unknown or deleted rules are
refused with 422, citing rules makes the report a violation), every change audit-logged.
Also: the v2 instance's `parloir` extension object in each federation mode, and the invite
link /invite/CODE (redirect to the web app's sign-up when it is served)."""
from __future__ import annotations

import re
import time

import pytest
import requests
from mastodon.errors import MastodonAPIError

from helpers import bearer
from org_util import ADMIN_SCOPES, admin_client, audit_actions, login
from webapp_fixture import make_fake_dist


def _rules(server) -> list[dict]:
    r = requests.get(server.base_url + "/api/v1/instance/rules", timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def _wait_rules(server, pred, what: str, timeout: float = 5.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        rules = _rules(server)
        if pred(rules):
            return rules
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; rules: {rules}")
        time.sleep(0.1)


def test_rules_seeded_managed_cited_and_audited(server_factory, tmp_path):
    cfg = tmp_path / "parloir.toml"
    cfg.write_text('[instance]\nrules = ["Be kind", { text = "No spam", hint = "Advertising included" }]\n')
    server = server_factory(env={"PARLOIR_CONFIG": str(cfg)}).start()
    base = server.base_url

    # Seeded on first start, ordered, Mastodon's shape (string ids, text, hint).
    rules = _rules(server)
    assert [(r["text"], r["hint"]) for r in rules] == [("Be kind", ""), ("No spam", "Advertising included")]
    assert all(isinstance(r["id"], str) for r in rules) and set(rules[0]) == {"id", "text", "hint"}
    kind_id, spam_id = rules[0]["id"], rules[1]["id"]

    admin = admin_client(server)
    assert [r["text"] for r in admin.instance_rules()] == ["Be kind", "No spam"]
    v1 = requests.get(base + "/api/v1/instance", timeout=30).json()
    v2 = requests.get(base + "/api/v2/instance", timeout=30).json()
    assert [r["text"] for r in v1["rules"]] == ["Be kind", "No spam"]
    assert [r["id"] for r in v2["rules"]] == [kind_id, spam_id]

    # The CLI adds one: the running server shows it (and in the instance documents) at once.
    out = server.cli("admin", "rule", "add", "Respect privacy", "--hint", "No doxxing").stdout
    privacy_id = out.split("\t")[0]
    assert re.fullmatch(r"\d+", privacy_id), out
    _wait_rules(server, lambda rs: [r["text"] for r in rs][-1:] == ["Respect privacy"], "the CLI's rule")
    v2 = requests.get(base + "/api/v2/instance", timeout=30).json()
    assert [r["text"] for r in v2["rules"]][-1] == "Respect privacy"
    listed = server.cli("admin", "rule", "list").stdout
    assert "Respect privacy\tNo doxxing" in listed and "Be kind" in listed
    server.cli("admin", "rule", "update", privacy_id, "--text", "Respect everyone's privacy")
    _wait_rules(server, lambda rs: any(r["text"] == "Respect everyone's privacy" for r in rs), "the CLI update")

    # Admin API: create (priority orders), update, validation, 404, delete.
    h = bearer(admin.access_token)
    r = requests.post(base + "/api/v1/admin/rules", headers=h, timeout=30,
                      data={"text": "Follow the law", "hint": "French law applies", "priority": "-1"})
    assert r.status_code == 200, r.text
    law = r.json()
    assert law["text"] == "Follow the law" and law["hint"] == "French law applies" and law["priority"] == -1
    assert [x["text"] for x in _rules(server)][0] == "Follow the law"
    r = requests.post(base + "/api/v1/admin/rules", headers=h, timeout=30, json={"text": "JSON rule", "priority": 3})
    assert r.status_code == 200 and r.json()["priority"] == 3, r.text
    json_rule = r.json()["id"]
    r = requests.post(base + "/api/v1/admin/rules", headers=h, timeout=30, json={"text": "x", "priority": "high"})
    assert r.status_code == 422
    r = requests.put(f"{base}/api/v1/admin/rules/{law['id']}", headers=h, timeout=30, json={"hint": "Any law"})
    assert r.status_code == 200 and r.json()["hint"] == "Any law" and r.json()["text"] == "Follow the law"
    for bad in ({"text": ""}, {"text": "   "}, {"text": "x" * 301}, {"text": "ok", "hint": "h" * 301}):
        r = requests.post(base + "/api/v1/admin/rules", headers=h, timeout=30, data=bad)
        assert r.status_code == 422 and "error" in r.json(), (bad, r.status_code, r.text)
    r = requests.post(base + "/api/v1/admin/rules", headers=h, timeout=30, data={"text": "é" * 300})
    assert r.status_code == 200, r.text  # 300 characters (600 bytes) is within the limit
    long_id = r.json()["id"]
    r = requests.put(f"{base}/api/v1/admin/rules/{law['id']}", headers=h, timeout=30, json={"text": ""})
    assert r.status_code == 422
    assert requests.put(f"{base}/api/v1/admin/rules/999999", headers=h, json={"text": "x"}, timeout=30).status_code == 404
    assert requests.delete(f"{base}/api/v1/admin/rules/999999", headers=h, timeout=30).status_code == 404
    listed = requests.get(base + "/api/v1/admin/rules", headers=h, timeout=30).json()
    assert [x["text"] for x in listed][0] == "Follow the law" and "created_at" in listed[0]
    assert requests.delete(f"{base}/api/v1/admin/rules/{long_id}", headers=h, timeout=30).status_code == 200
    assert requests.delete(f"{base}/api/v1/admin/rules/{json_rule}", headers=h, timeout=30).status_code == 200
    assert long_id not in [x["id"] for x in _rules(server)]
    assert requests.delete(f"{base}/api/v1/admin/rules/{long_id}", headers=h, timeout=30).status_code == 404

    # manage_rules: a moderator may not; a user's token neither; anonymous 401.
    mod_u = server.create_user(role="moderator")
    mod = login(server, mod_u.email, mod_u.password, ADMIN_SCOPES)
    for method, path in (("GET", "/api/v1/admin/rules"), ("POST", "/api/v1/admin/rules"),
                         ("DELETE", f"/api/v1/admin/rules/{kind_id}")):
        r = requests.request(method, base + path, headers=bearer(mod.access_token), data={"text": "m"}, timeout=30)
        assert r.status_code == 403, (method, path, r.status_code)
    assert requests.get(base + "/api/v1/admin/rules", timeout=30).status_code == 401

    # Reports cite rules: valid ones make a violation; unknown or deleted ones are refused.
    reporter_u, troll_u = server.create_user(), server.create_user()
    reporter = login(server, reporter_u.email, reporter_u.password)
    troll = login(server, troll_u.email, troll_u.password)
    troll_id = troll.account_verify_credentials()["id"]
    report = reporter.report(troll_id, comment="spammy and rude", rule_ids=[kind_id, spam_id])
    assert report["category"] == "violation"
    assert sorted(str(x) for x in report["rule_ids"]) == sorted([kind_id, spam_id])
    with pytest.raises(MastodonAPIError) as err:
        reporter.report(troll_id, comment="unknown rule", rule_ids=["999999"])
    assert "422" in str(err.value) or "rule" in str(err.value).lower()
    r = requests.post(base + "/api/v1/reports", headers=bearer(reporter.access_token), timeout=30,
                      json={"account_id": str(troll_id), "rule_ids": [long_id], "category": "violation"})
    assert r.status_code == 422 and "rule" in r.json()["error"].lower(), r.text
    r = requests.post(base + "/api/v1/reports", headers=bearer(reporter.access_token), timeout=30,
                      json={"account_id": str(troll_id), "rule_ids": ["abc"]})
    assert r.status_code == 422
    reports = admin.admin_reports()
    assert len(reports) == 1  # the refused ones were not stored
    assert sorted(x["text"] for x in reports[0]["rules"]) == ["Be kind", "No spam"]
    assert sorted(str(x) for x in reports[0]["rule_ids"]) == sorted([kind_id, spam_id])

    # Removing a cited rule keeps the report's reference (soft delete), and the CLI's removal
    # reaches the server.
    server.cli("admin", "rule", "remove", spam_id)
    _wait_rules(server, lambda rs: spam_id not in [x["id"] for x in rs], "the CLI removal")
    again = admin.admin_report(reports[0]["id"])
    assert sorted(x["text"] for x in again["rules"]) == ["Be kind", "No spam"]

    # Every rule change is in the audit log (API and CLI alike).
    actions = [(e["action"], e["target_type"]) for e in audit_actions(server, admin)]
    assert actions.count(("create_rule", "Rule")) == 4  # CLI add, API create x3 (the seeds are config)
    assert actions.count(("update_rule", "Rule")) == 2  # CLI update, API update
    assert actions.count(("destroy_rule", "Rule")) == 3  # API delete x2, CLI remove
    cli_log = server.cli("admin", "audit-log").stdout
    assert "destroy_rule" in cli_log and "create_rule" in cli_log

    # A restart does not seed again (rules were created before): deleted seeds stay deleted.
    server.stop()
    server.start()
    texts = [x["text"] for x in _rules(server)]
    assert "No spam" not in texts and "Be kind" in texts and texts[0] == "Follow the law"


@pytest.mark.parametrize("mode", ["open", "allowlist", "off"])
def test_v2_instance_carries_the_parloir_extension(server_factory, mode):
    env = {"PARLOIR_FEDERATION_MODE": mode}
    if mode == "off":
        env["PARLOIR_INSTANCE_LOCAL_ONLY_DEFAULT"] = "true"
    s = server_factory(env=env).start()
    v2 = requests.get(s.base_url + "/api/v2/instance", timeout=30).json()
    assert v2["parloir"] == {"federation_mode": mode, "local_only_default": mode == "off", "private": False}
    # Mastodon's own keys are all still there.
    for key in ("domain", "title", "configuration", "registrations", "rules", "contact"):
        assert key in v2, key


def test_v2_instance_says_private(server_factory):
    s = server_factory(env={"PARLOIR_INSTANCE_PRIVATE": "true"}).start()
    v2 = requests.get(s.base_url + "/api/v2/instance", timeout=30).json()
    assert v2["parloir"]["private"] is True and v2["parloir"]["federation_mode"] == "open"


def test_invite_link_opens_the_web_app_sign_up(server_factory, tmp_path):
    dist = make_fake_dist(tmp_path / "dist")
    s = server_factory(env={"PARLOIR_WEB_ROOT": str(dist), "PARLOIR_INSTANCE_REGISTRATIONS": "invite"}).start()
    out = s.cli("admin", "invite", "create", "--url", s.base_url).stdout
    code = re.search(r"^code: (\S+)$", out, re.M).group(1)
    link = re.search(r"^link: (\S+)$", out, re.M).group(1)
    assert link == f"{s.base_url}/invite/{code}"
    r = requests.get(link, allow_redirects=False, timeout=30)
    assert r.status_code == 302 and r.headers["Location"] == f"/signup?invite={code}"
    followed = requests.get(link, timeout=30, headers={"Accept": "text/html"})
    assert followed.status_code == 200 and "Parloir test app" in followed.text  # the app's shell
    # The admin API returns the same link.
    admin = admin_client(s)
    r = requests.post(s.base_url + "/api/v1/admin/invites", headers=bearer(admin.access_token), timeout=30)
    assert r.status_code == 200 and r.json()["url"] == f"{s.base_url}/invite/{r.json()['code']}"


def test_invite_link_without_the_web_app_shows_the_server_page(server_factory, tmp_path):
    s = server_factory(env={"PARLOIR_WEB_ROOT": str(tmp_path / "not-built"),
                            "PARLOIR_INSTANCE_REGISTRATIONS": "invite"}).start()
    code = re.search(r"^code: (\S+)$", s.cli("admin", "invite", "create").stdout, re.M).group(1)
    r = requests.get(f"{s.base_url}/invite/{code}", allow_redirects=False, timeout=30)
    assert r.status_code == 200 and f'name="invite_code" value="{code}"' in r.text
