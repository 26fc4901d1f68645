"""Moderation through the Mastodon admin API with Mastodon.py: a user reports an account
(`report`), moderators list, assign, resolve and reopen reports, and act on accounts
(`admin_account_moderate` with none/sensitive/disable/silence/suspend and the undo endpoints).
Every moderator action in this test appears in the audit log (API and `parloir admin audit-log`)."""
import pytest
import requests
from mastodon.errors import MastodonAPIError

from helpers import bearer
from org_util import ADMIN_SCOPES, admin_client, audit_actions, login


def test_reports_and_account_actions_are_audited(server):
    admin = admin_client(server)
    mod_user = server.create_user(role="moderator")
    mod = login(server, mod_user.email, mod_user.password, ADMIN_SCOPES)
    mod_id = str(mod.account_verify_credentials()["id"])
    reporter_u = server.create_user()
    troll_u = server.create_user()
    reporter = login(server, reporter_u.email, reporter_u.password)
    troll = login(server, troll_u.email, troll_u.password)
    troll_id = troll.account_verify_credentials()["id"]
    bad = troll.status_post("something nasty")
    mine = reporter.status_post("my own post")

    report = reporter.report(troll_id, status_ids=[bad["id"]], comment="harassment", category="violation")
    assert report["category"] == "violation" and report["comment"] == "harassment"
    assert report["action_taken"] is False and str(report["target_account"]["id"]) == str(troll_id)
    assert [str(x) for x in report["status_ids"]] == [str(bad["id"])]
    # Statuses must be the target's.
    with pytest.raises(MastodonAPIError):
        reporter.report(troll_id, status_ids=[mine["id"]], comment="wrong status")
    # Users cannot see the moderation queue.
    r = requests.get(server.base_url + "/api/v1/admin/reports", headers=bearer(reporter.access_token), timeout=30)
    assert r.status_code == 403

    open_reports = mod.admin_reports()
    assert [str(r["id"]) for r in open_reports] == [str(report["id"])]
    rep = open_reports[0]
    assert rep["account"]["username"] == reporter_u.username
    assert rep["target_account"]["username"] == troll_u.username
    assert mod.admin_report_assign(report["id"])["assigned_account"]["username"] == mod_user.username
    mod.admin_report_unassign(report["id"])
    resolved = mod.admin_report_resolve(report["id"])
    assert resolved["action_taken"] is True and resolved["action_taken_by_account"]["username"] == mod_user.username
    assert mod.admin_reports() == []
    assert [str(r["id"]) for r in mod.admin_reports(resolved=True)] == [str(report["id"])]
    mod.admin_report_reopen(report["id"])
    assert len(mod.admin_reports()) == 1

    # Account actions; a warning with a report resolves it.
    mod.admin_account_moderate(troll_id, action=None, report_id=report["id"], text="be nice")
    assert mod.admin_reports() == []
    mod.admin_account_moderate(troll_id, "sensitive")
    mod.admin_account_moderate(troll_id, "silence")
    acct = mod.admin_account(troll_id)
    assert acct["sensitized"] is True and acct["silenced"] is True and acct["disabled"] is False
    assert [a["username"] for a in mod.admin_accounts_v2(origin="local", status="silenced")] == [troll_u.username]
    mod.admin_account_unsilence(troll_id)
    mod.admin_account_unsensitive(troll_id)
    acct = mod.admin_account(troll_id)
    assert acct["sensitized"] is False and acct["silenced"] is False

    mod.admin_account_moderate(troll_id, "disable")
    r = requests.get(server.base_url + "/api/v1/accounts/verify_credentials", headers=bearer(troll.access_token),
                     timeout=30)
    assert r.status_code == 401, "a disabled account's token is refused"
    mod.admin_account_enable(troll_id)
    assert mod.admin_account(troll_id)["disabled"] is False

    mod.admin_account_moderate(troll_id, "suspend")
    acct = mod.admin_account(troll_id)
    assert acct["suspended"] is True
    r = requests.get(f"{server.base_url}/api/v1/accounts/{troll_id}", headers=bearer(reporter.access_token), timeout=30)
    assert r.status_code == 404, "a suspended account is hidden"
    r = requests.get(f"{server.base_url}/api/v1/statuses/{bad['id']}", headers=bearer(reporter.access_token),
                     timeout=30)
    assert r.status_code == 404, "and so are its statuses"
    r = requests.get(server.base_url + "/api/v1/accounts/verify_credentials", headers=bearer(troll.access_token),
                     timeout=30)
    assert r.status_code == 401, "suspension ends the account's sessions"
    admin.admin_account_unsuspend(troll_id)
    assert mod.admin_account(troll_id)["suspended"] is False
    with pytest.raises(MastodonAPIError):
        mod.admin_account_moderate(troll_id, "obliterate")

    # The CLI's suspension is audited too.
    server.cli("admin", "account", "suspend", troll_u.username)

    log = audit_actions(server, admin)
    by_mod = [(e["action"], e["target_type"], e["target_id"]) for e in log if e["account_id"] == mod_id]
    t, rid = str(troll_id), str(report["id"])
    expected_by_mod = [
        ("assigned_to_self_report", "Report", rid), ("unassigned_report", "Report", rid),
        ("resolve_report", "Report", rid), ("reopen_report", "Report", rid),
        ("warn_account", "Account", t), ("resolve_report", "Report", rid),
        ("sensitize_account", "Account", t), ("silence_account", "Account", t),
        ("unsilence_account", "Account", t), ("unsensitize_account", "Account", t),
        ("disable_user", "Account", t), ("enable_user", "Account", t), ("suspend_account", "Account", t),
    ]
    assert list(reversed(by_mod)) == expected_by_mod
    admin_id = str(admin.account_verify_credentials()["id"])
    assert [(e["action"], e["target_id"]) for e in log if e["account_id"] == admin_id] == [("unsuspend_account", t)]
    assert log[0]["action"] == "suspend_account" and log[0]["account_id"] is None  # the CLI, newest first
    assert "be nice" in [e for e in log if e["action"] == "warn_account"][0]["detail"]
    cli_log = server.cli("admin", "audit-log").stdout
    for action, _, _ in expected_by_mod:
        assert action in cli_log
    # Paging: limit and max_id.
    r = requests.get(server.base_url + "/api/v1/admin/audit_log", params={"limit": 2},
                     headers=bearer(admin.access_token), timeout=30)
    assert len(r.json()) == 2 and "max_id" in r.headers.get("Link", "")
