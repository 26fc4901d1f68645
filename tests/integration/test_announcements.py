"""Announcements: created, updated, published, unpublished and deleted by an admin (CLI and the
admin REST API), read with Mastodon.py `announcements`, dismissed with `announcement_dismiss`,
reacted to with `announcement_reaction_create/delete`; the entity has Mastodon's shape; an
announcement past its ends_at disappears by itself."""
import datetime as dt
import time

import pytest
import requests
from mastodon.errors import MastodonAPIError, MastodonNotFoundError

from helpers import bearer
from org_util import admin_client, audit_actions, login


def iso(seconds_from_now: float) -> str:
    t = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds_from_now)
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def raw(server, token, method, path, **kw):
    return requests.request(method, server.base_url + path, headers=bearer(token), timeout=30, **kw)


def test_lifecycle_with_mastodon_py(server):
    admin = admin_client(server)
    u1 = server.create_user()
    u2 = server.create_user()
    alice = login(server, u1.email, u1.password)
    bob = login(server, u2.email, u2.password)
    assert alice.announcements() == []

    r = raw(server, admin.access_token, "POST", "/api/v1/admin/announcements",
            data={"text": "Office closed on Friday, see https://intranet.example/holidays",
                  "starts_at": iso(3600), "ends_at": iso(7200), "all_day": "true"})
    assert r.status_code == 200, r.text
    created = r.json()
    assert created["published"] is True and created["text"].startswith("Office closed")

    [a] = alice.announcements()
    assert str(a["id"]) == created["id"]
    assert "<a href=\"https://intranet.example/holidays\"" in a["content"]
    assert a["all_day"] is True and a["read"] is False
    assert a["starts_at"] is not None and a["ends_at"] is not None and a["published_at"] is not None
    for key in ("mentions", "statuses", "tags", "emojis", "reactions"):
        assert a[key] == [], key
    raw_json = raw(server, alice.access_token, "GET", "/api/v1/announcements").json()[0]
    assert isinstance(raw_json["id"], str)
    assert set(raw_json) >= {"id", "content", "starts_at", "ends_at", "all_day", "published_at", "updated_at",
                             "read", "mentions", "statuses", "tags", "emojis", "reactions"}

    # Reactions: counts and `me` per viewer.
    alice.announcement_reaction_create(a["id"], "👍")
    bob.announcement_reaction_create(a["id"], "👍")
    bob.announcement_reaction_create(a["id"], "🎉")
    alice.announcement_reaction_create(a["id"], "👍")  # twice: no-op
    [a_alice] = alice.announcements()
    assert a_alice["reactions"] == [{"name": "👍", "count": 2, "me": True}, {"name": "🎉", "count": 1, "me": False}]
    [a_bob] = bob.announcements()
    assert {r["name"]: r["me"] for r in a_bob["reactions"]} == {"👍": True, "🎉": True}
    bob.announcement_reaction_delete(a["id"], "🎉")
    assert [r["name"] for r in alice.announcements()[0]["reactions"]] == ["👍"]
    with pytest.raises(MastodonAPIError):
        alice.announcement_reaction_create(a["id"], "thumbsup")  # not a unicode emoji
    with pytest.raises(MastodonNotFoundError):
        alice.announcement_reaction_create("999999", "👍")

    # Dismiss: gone for alice unless with_dismissed; still there for bob.
    alice.announcement_dismiss(a["id"])
    assert alice.announcements() == []
    dismissed = raw(server, alice.access_token, "GET", "/api/v1/announcements",
                    params={"with_dismissed": "true"}).json()
    assert [d["id"] for d in dismissed] == [created["id"]] and dismissed[0]["read"] is True
    assert len(bob.announcements()) == 1

    # Update, unpublish, publish, delete.
    r = raw(server, admin.access_token, "PUT", f"/api/v1/admin/announcements/{created['id']}",
            data={"text": "Office closed on Friday and Monday"})
    assert r.status_code == 200 and "Monday" in r.json()["text"], r.text
    assert "Monday" in bob.announcements()[0]["content"]
    r = raw(server, admin.access_token, "POST", f"/api/v1/admin/announcements/{created['id']}/unpublish")
    assert r.status_code == 200 and r.json()["published"] is False
    assert bob.announcements() == []
    r = raw(server, admin.access_token, "POST", f"/api/v1/admin/announcements/{created['id']}/publish")
    assert r.status_code == 200 and r.json()["published"] is True
    assert len(bob.announcements()) == 1
    r = raw(server, admin.access_token, "DELETE", f"/api/v1/admin/announcements/{created['id']}")
    assert r.status_code == 200
    assert bob.announcements() == []
    assert raw(server, admin.access_token, "GET", f"/api/v1/admin/announcements/{created['id']}").status_code == 404

    # Users may not manage announcements.
    r = raw(server, alice.access_token, "POST", "/api/v1/admin/announcements", data={"text": "hi"})
    assert r.status_code == 403
    actions = [e["action"] for e in audit_actions(server, admin)]
    for action in ("create_announcement", "update_announcement", "unpublish_announcement",
                   "publish_announcement", "destroy_announcement"):
        assert action in actions, (action, actions)


def test_cli_and_expiry(server):
    u = server.create_user()
    alice = login(server, u.email, u.password)
    out = server.cli("admin", "announcement", "create", "--text", "Fire drill at noon",
                     "--ends-at", iso(10)).stdout
    ann_id = out.split()[0]
    assert "published" in out
    draft = server.cli("admin", "announcement", "create", "--text", "Not yet", "--draft").stdout.split()[0]
    assert [str(a["id"]) for a in alice.announcements()] == [ann_id]
    server.cli("admin", "announcement", "publish", draft)
    assert sorted(str(a["id"]) for a in alice.announcements()) == sorted([ann_id, draft])
    server.cli("admin", "announcement", "update", draft, "--text", "Now it is")
    assert any("Now it is" in a["content"] for a in alice.announcements())
    server.cli("admin", "announcement", "delete", draft)
    # The fire drill ends within 10 s (room for slow CLI calls on a loaded machine) and then
    # disappears by itself.
    deadline = time.monotonic() + 20
    while alice.announcements() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert alice.announcements() == []
    listing = server.cli("admin", "announcement", "list").stdout
    assert ann_id in listing and draft not in listing
    bad = server.cli("admin", "announcement", "create", "--text", "x", "--ends-at", "tomorrow", check=False)
    assert bad.returncode == 2 and "ISO 8601" in bad.stderr
    log = server.cli("admin", "audit-log").stdout
    assert log.count("create_announcement") == 2 and "destroy_announcement" in log and "\tcli\t" in log
