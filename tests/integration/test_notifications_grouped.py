"""Mastodon 4.3 notifications over plain HTTP (Mastodon.py 1.8 has no v2 notification calls):
grouped notifications (GET /api/v2/notifications, /:group_key, /:group_key/accounts,
/:group_key/dismiss, unread counts), the notification policy (v2 and v1) and notification
requests (accept, dismiss, include_filtered), with v1 listing unchanged beside them.

One server for the module; every test makes its own users."""
from __future__ import annotations

import re

from org_util import ADMIN_SCOPES, login
from social_util import Actor, anon_get, describe, module_server_fixture, next_link

srv = module_server_fixture()

GROUP_KEY_RE = {
    "favourite": re.compile(r"^favourite-\d+-\d+$"),
    "reblog": re.compile(r"^reblog-\d+-\d+$"),
    "follow": re.compile(r"^follow-\d+$"),
}


def grouped(actor: Actor, **params) -> dict:
    r = actor.get("/api/v2/notifications", params=params)
    assert r.status_code == 200, describe(r)
    body = r.json()
    assert set(body) >= {"accounts", "statuses", "notification_groups"}, body.keys()
    return body


def v1_notifications(actor: Actor, **params) -> list:
    r = actor.get("/api/v1/notifications", params=params)
    assert r.status_code == 200, describe(r)
    return r.json()


def groups_by_type(body: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for g in body["notification_groups"]:
        out.setdefault(g["type"], []).append(g)
    return out


def mention(author: Actor, target: Actor, text: str = "hello", **fields) -> dict:
    return author.status(f"@{target.username} {text}", **fields)


def _scenario(srv):
    """alice's post favourited by 3 accounts, alice followed by the same 3, mentioned twice by eve."""
    alice = Actor.create(srv, "alice")
    fans = [Actor.create(srv, p) for p in ("bob", "carol", "dave")]
    eve = Actor.create(srv, "eve")
    post = alice.status("a post worth a star")
    for f in fans:
        f.ok("POST", f"/api/v1/statuses/{post['id']}/favourite")
    for f in fans:
        f.follow(alice)
    mentions = [mention(eve, alice, f"ping {i}") for i in range(2)]
    return alice, fans, eve, post, mentions


def test_grouping_favourites_follows_and_ungrouped_mentions(srv):
    alice, fans, eve, post, mentions = _scenario(srv)
    fan_ids = {f.id for f in fans}
    body = grouped(alice)
    by_type = groups_by_type(body)
    assert sorted(by_type) == ["favourite", "follow", "mention"], body["notification_groups"]

    [fav] = by_type["favourite"]
    assert fav["notifications_count"] == 3, fav
    assert set(fav["sample_account_ids"]) == fan_ids, fav
    assert fav["status_id"] == post["id"], fav
    assert GROUP_KEY_RE["favourite"].match(fav["group_key"]), fav["group_key"]
    assert fav["group_key"].startswith(f"favourite-{post['id']}-")
    for k in ("most_recent_notification_id", "page_min_id", "page_max_id", "latest_page_notification_at"):
        assert isinstance(fav[k], str) and fav[k], (k, fav)
    assert int(fav["page_min_id"]) < int(fav["page_max_id"]) == int(fav["most_recent_notification_id"])

    [follow] = by_type["follow"]
    assert follow["notifications_count"] == 3 and set(follow["sample_account_ids"]) == fan_ids, follow
    assert GROUP_KEY_RE["follow"].match(follow["group_key"]), follow
    assert "status_id" not in follow or follow["status_id"] is None

    ment = by_type["mention"]
    assert len(ment) == 2, ment
    assert {g["status_id"] for g in ment} == {m["id"] for m in mentions}
    for g in ment:
        assert g["group_key"] == f"ungrouped-{g['most_recent_notification_id']}", g
        assert g["notifications_count"] == 1 and g["sample_account_ids"] == [eve.id]
    # Newest first: mentions came last.
    assert [g["type"] for g in body["notification_groups"]] == ["mention", "mention", "follow", "favourite"]

    # Every account and status once, full accounts by default.
    account_ids = [a["id"] for a in body["accounts"]]
    assert len(account_ids) == len(set(account_ids))
    assert set(account_ids) >= fan_ids | {eve.id, alice.id}
    assert all("username" in a and "followers_count" in a for a in body["accounts"])
    assert "partial_accounts" not in body
    status_ids = [s["id"] for s in body["statuses"]]
    assert sorted(status_ids) == sorted([post["id"]] + [m["id"] for m in mentions])

    # v1 is unchanged: eight separate notifications.
    assert sorted(n["type"] for n in v1_notifications(alice)) == ["favourite"] * 3 + ["follow"] * 3 + ["mention"] * 2

    # grouped_types[] narrows what groups; types[] / exclude_types[] filter as in v1.
    only_fav = grouped(alice, **{"grouped_types[]": ["favourite"]})
    assert [g["type"] for g in only_fav["notification_groups"]].count("follow") == 3
    assert all(g["group_key"].startswith("ungrouped-") for g in only_fav["notification_groups"] if g["type"] == "follow")
    assert [g["type"] for g in grouped(alice, **{"types[]": ["mention"]})["notification_groups"]] == ["mention"] * 2
    assert "mention" not in groups_by_type(grouped(alice, **{"exclude_types[]": ["mention"]}))
    assert grouped(alice, **{"types[]": ["nonsense"]})["notification_groups"] == []
    assert {g["type"] for g in grouped(alice, account_id=eve.id)["notification_groups"]} == {"mention"}

    # partial_avatars: the first sample account of each group in full, the others partial.
    part = grouped(alice, expand_accounts="partial_avatars")
    assert "partial_accounts" in part
    full_ids = {a["id"] for a in part["accounts"]}
    partial_ids = {a["id"] for a in part["partial_accounts"]}
    assert not full_ids & partial_ids
    assert full_ids | partial_ids >= fan_ids | {eve.id}
    for a in part["partial_accounts"]:
        assert set(a) == {"id", "acct", "locked", "bot", "url", "avatar", "avatar_static"}, a


def test_reblogs_group_per_status(srv):
    alice = Actor.create(srv, "alice")
    p1, p2 = alice.status("one"), alice.status("two")
    boosters = [Actor.create(srv, "rb") for _ in range(2)]
    for b in boosters:
        b.ok("POST", f"/api/v1/statuses/{p1['id']}/reblog")
    boosters[0].ok("POST", f"/api/v1/statuses/{p2['id']}/reblog")
    reblogs = groups_by_type(grouped(alice))["reblog"]
    counts = {g["status_id"]: g["notifications_count"] for g in reblogs}
    assert counts == {p1["id"]: 2, p2["id"]: 1}, reblogs
    assert all(GROUP_KEY_RE["reblog"].match(g["group_key"]) for g in reblogs)
    # An unreblog withdraws its notification from the group.
    boosters[1].ok("POST", f"/api/v1/statuses/{p1['id']}/unreblog")
    counts = {g["status_id"]: g["notifications_count"] for g in groups_by_type(grouped(alice))["reblog"]}
    assert counts == {p1["id"]: 1, p2["id"]: 1}


def test_pagination_across_groups_with_link_headers(srv):
    alice = Actor.create(srv, "alice")
    post = alice.status("star me")
    stranger = Actor.create(srv, "men")
    for i in range(2):
        mention(stranger, alice, f"early {i}")
    for _ in range(3):
        Actor.create(srv, "fav").ok("POST", f"/api/v1/statuses/{post['id']}/favourite")
    for i in range(3):
        mention(stranger, alice, f"late {i}")
    everything = grouped(alice)["notification_groups"]
    assert len(everything) == 6, everything  # 5 mentions + 1 favourite group

    seen: list[dict] = []
    r = alice.get("/api/v2/notifications", params={"limit": 2})
    pages = 0
    while True:
        assert r.status_code == 200, describe(r)
        page = r.json()["notification_groups"]
        pages += 1
        seen += page
        url = next_link(r)
        if not url:
            break
        assert "limit=2" in url, url
        r = alice.get(url)
    # As Mastodon: a group whose members straddle a page boundary shows again on the next page
    # (clients merge groups by key); otherwise every group once, in order.
    keys = [g["group_key"] for g in seen]
    collapsed = [k for i, k in enumerate(keys) if i == 0 or keys[i - 1] != k]
    assert collapsed == [g["group_key"] for g in everything], (keys, everything)
    assert len(set(keys)) == 6 and pages == 4, (keys, pages)
    favs = [g for g in seen if g["type"] == "favourite"]
    assert [g["notifications_count"] for g in favs] == [3, 2], favs
    assert favs[0]["most_recent_notification_id"] != favs[1]["most_recent_notification_id"]

    # The prev link of the second page (min_id) leads back to the first page's groups.
    first = alice.get("/api/v2/notifications", params={"limit": 2})
    second = alice.get(next_link(first))
    m = re.search(r'<([^>]+)>; rel="prev"', second.headers.get("Link", ""))
    assert m, second.headers.get("Link")
    back = alice.get(m.group(1))
    assert back.status_code == 200, describe(back)
    assert [g["group_key"] for g in back.json()["notification_groups"]] == \
        [g["group_key"] for g in first.json()["notification_groups"]]
    # since_id: only groups newer than the cursor.
    newest = int(everything[1]["page_max_id"])
    after = grouped(alice, since_id=str(newest))["notification_groups"]
    assert [g["group_key"] for g in after] == [everything[0]["group_key"]]


def test_show_accounts_dismiss_and_unknown_keys(srv):
    alice, fans, eve, post, mentions = _scenario(srv)
    body = grouped(alice)
    [fav] = groups_by_type(body)["favourite"]
    key = fav["group_key"]

    one = alice.ok("GET", f"/api/v2/notifications/{key}")
    [g] = one["notification_groups"]
    assert g["group_key"] == key and g["notifications_count"] == 3 and g["status_id"] == post["id"]
    assert [s["id"] for s in one["statuses"]] == [post["id"]]

    accts = alice.ok("GET", f"/api/v2/notifications/{key}/accounts")
    assert {a["id"] for a in accts} == {f.id for f in fans}
    page = alice.get(f"/api/v2/notifications/{key}/accounts", params={"limit": 2})
    assert len(page.json()) == 2 and next_link(page), page.headers.get("Link")
    assert len(alice.ok("GET", next_link(page))) == 1

    ungrouped = groups_by_type(body)["mention"][0]["group_key"]
    assert alice.ok("GET", f"/api/v2/notifications/{ungrouped}")["notification_groups"][0]["type"] == "mention"
    assert [a["id"] for a in alice.ok("GET", f"/api/v2/notifications/{ungrouped}/accounts")] == [eve.id]

    # Another user cannot read or dismiss alice's groups.
    r = eve.get(f"/api/v2/notifications/{ungrouped}")
    assert r.status_code == 404 and "error" in r.json(), describe(r)
    assert eve.ok("POST", f"/api/v2/notifications/{ungrouped}/dismiss") == {}
    assert alice.get(f"/api/v2/notifications/{ungrouped}").status_code == 200

    assert alice.ok("POST", f"/api/v2/notifications/{key}/dismiss") == {}
    r = alice.get(f"/api/v2/notifications/{key}")
    assert r.status_code == 404 and r.json() == {"error": "Record not found"}, describe(r)
    assert "favourite" not in groups_by_type(grouped(alice))
    assert [n for n in v1_notifications(alice) if n["type"] == "favourite"] == []
    assert alice.ok("POST", f"/api/v2/notifications/{ungrouped}/dismiss") == {}
    assert len(groups_by_type(grouped(alice))["mention"]) == 1

    for bad in ("favourite-1-1", "ungrouped-1", "ungrouped-x", "nonsense"):
        r = alice.get(f"/api/v2/notifications/{bad}")
        assert r.status_code == 404 and "error" in r.json(), describe(r)
        assert alice.get(f"/api/v2/notifications/{bad}/accounts").status_code == 404

    r = alice.get("/api/v2/notifications", params={"expand_accounts": "everything"})
    assert r.status_code == 400 and "error" in r.json(), describe(r)
    for path in ("/api/v2/notifications", f"/api/v2/notifications/{key}", "/api/v2/notifications/policy",
                 "/api/v1/notifications/requests"):
        r = anon_get(srv, path)
        assert r.status_code == 401 and "error" in r.json(), describe(r)


def test_groups_never_show_what_the_recipient_cannot_see(srv):
    alice = Actor.create(srv, "alice")
    bob = Actor.create(srv, "bob")
    st = mention(bob, alice, "soon hidden")
    kept = mention(bob, alice, "kept", visibility="unlisted")
    assert {g["status_id"] for g in grouped(alice)["notification_groups"]} == {st["id"], kept["id"]}
    # bob blocks alice: alice may no longer see bob's statuses, so neither list shows them.
    bob.ok("POST", f"/api/v1/accounts/{alice.id}/block")
    body = grouped(alice)
    assert body["notification_groups"] == [] and body["statuses"] == [], body
    assert v1_notifications(alice) == []
    for g_key in ("ungrouped-" + st["id"],):
        assert alice.get(f"/api/v2/notifications/{g_key}").status_code == 404

    # A deleted status takes its group with it.
    carol = Actor.create(srv, "carol")
    post = carol.status("to be deleted")
    for _ in range(2):
        Actor.create(srv, "fav").ok("POST", f"/api/v1/statuses/{post['id']}/favourite")
    assert "favourite" in groups_by_type(grouped(carol))
    carol.ok("DELETE", f"/api/v1/statuses/{post['id']}")
    assert grouped(carol)["notification_groups"] == []


def test_policy_filters_into_requests_and_accepting_merges(srv):
    alice = Actor.create(srv, "alice")
    friend = Actor.create(srv, "friend")
    alice.follow(friend)

    policy = alice.ok("GET", "/api/v2/notifications/policy")
    assert policy == {"for_not_following": "accept", "for_not_followers": "accept", "for_new_accounts": "accept",
                      "for_private_mentions": "accept", "for_limited_accounts": "filter",
                      "summary": {"pending_requests_count": 0, "pending_notifications_count": 0}}, policy
    r = alice.request("PATCH", "/api/v2/notifications/policy", json={"for_not_following": "maybe"})
    assert r.status_code == 422 and "error" in r.json(), describe(r)
    assert alice.ok("GET", "/api/v2/notifications/policy")["for_not_following"] == "accept"
    p = alice.ok("PATCH", "/api/v2/notifications/policy", json={"for_not_following": "filter"})
    assert p["for_not_following"] == "filter" and p["for_limited_accounts"] == "filter", p
    v1 = alice.ok("GET", "/api/v1/notifications/policy")
    assert v1["filter_not_following"] is True and v1["filter_new_accounts"] is False, v1

    bob, carol = Actor.create(srv, "bob"), Actor.create(srv, "carol")
    from_bob = [mention(bob, alice, f"hi {i}") for i in range(2)]
    mention(carol, alice, "spam")
    mention(friend, alice, "from a friend")
    # Only the friend's mention is in the lists; the strangers' wait in requests.
    assert [n["account"]["id"] for n in v1_notifications(alice)] == [friend.id]
    assert [g["sample_account_ids"] for g in grouped(alice)["notification_groups"]] == [[friend.id]]
    with_filtered = grouped(alice, include_filtered="true")["notification_groups"]
    assert len(with_filtered) == 4
    assert len(v1_notifications(alice, include_filtered="true")) == 4

    summary = alice.ok("GET", "/api/v2/notifications/policy")["summary"]
    assert summary == {"pending_requests_count": 2, "pending_notifications_count": 3}, summary
    reqs = alice.ok("GET", "/api/v1/notifications/requests")
    assert [q["account"]["id"] for q in reqs] == [carol.id, bob.id], reqs
    bob_req = reqs[1]
    assert bob_req["notifications_count"] == "2"
    assert bob_req["last_status"]["id"] == from_bob[1]["id"]
    assert alice.ok("GET", f"/api/v1/notifications/requests/{bob_req['id']}")["account"]["id"] == bob.id
    assert bob.get(f"/api/v1/notifications/requests/{bob_req['id']}").status_code == 404
    assert [q["id"] for q in alice.ok("GET", "/api/v1/notifications/requests", params={"account_id": bob.id})] == \
        [bob_req["id"]]

    # Accept bob: his notifications join the lists, and later ones are not filtered.
    assert alice.ok("POST", f"/api/v1/notifications/requests/{bob_req['id']}/accept") == {}
    got = {n["status"]["id"] for n in v1_notifications(alice) if n["account"]["id"] == bob.id}
    assert got == {s["id"] for s in from_bob}
    assert alice.ok("GET", "/api/v1/notifications/requests/merged") == {"merged": True}
    later = mention(bob, alice, "again")
    assert later["id"] in {g.get("status_id") for g in grouped(alice)["notification_groups"]}

    # Dismiss carol: the request and her filtered notifications go.
    [carol_req] = alice.ok("GET", "/api/v1/notifications/requests")
    assert alice.ok("POST", "/api/v1/notifications/requests/dismiss", data={"id[]": [carol_req["id"], "123"]}) == {}
    assert alice.ok("GET", "/api/v1/notifications/requests") == []
    assert carol.id not in {n["account"]["id"] for n in v1_notifications(alice, include_filtered="true")}

    for path in ("requests/1", "requests/1/accept", "requests/1/dismiss"):
        r = alice.request("GET" if path == "requests/1" else "POST", f"/api/v1/notifications/{path}")
        assert r.status_code == 404 and "error" in r.json(), describe(r)
    assert alice.ok("POST", "/api/v1/notifications/requests/accept", data={"id[]": ["999"]}) == {}

    # drop: nothing is kept, no request.
    alice.ok("PATCH", "/api/v2/notifications/policy", json={"for_not_following": "drop"})
    dan = Actor.create(srv, "dan")
    mention(dan, alice, "dropped")
    assert dan.id not in {n["account"]["id"] for n in v1_notifications(alice, include_filtered="true")}
    assert alice.ok("GET", "/api/v1/notifications/requests") == []
    # v1 PATCH with booleans.
    v1 = alice.ok("PATCH", "/api/v1/notifications/policy", data={"filter_not_following": "false"})
    assert v1["filter_not_following"] is False
    assert alice.ok("GET", "/api/v2/notifications/policy")["for_not_following"] == "accept"
    r = alice.request("PATCH", "/api/v1/notifications/policy", data={"filter_not_following": "perhaps"})
    assert r.status_code == 422, describe(r)


def test_private_mentions_and_limited_accounts(srv):
    alice = Actor.create(srv, "alice")
    stranger = Actor.create(srv, "dm")
    # Default: a stranger's private mention is accepted (kept as before the policy existed).
    dm = mention(stranger, alice, "secret", visibility="direct")
    assert [n["status"]["id"] for n in v1_notifications(alice)] == [dm["id"]]
    alice.ok("PATCH", "/api/v2/notifications/policy", json={"for_private_mentions": "filter"})
    dm2 = mention(stranger, alice, "secret 2", visibility="direct")
    pub = mention(stranger, alice, "public")
    assert {n["status"]["id"] for n in v1_notifications(alice)} == {dm["id"], pub["id"]}
    [req] = alice.ok("GET", "/api/v1/notifications/requests")
    assert req["last_status"]["id"] == dm2["id"]

    # A silenced (limited) account reaches a non-follower only as a request (the default).
    mod_u = srv.create_user(role="moderator")
    mod = login(srv, mod_u.email, mod_u.password, ADMIN_SCOPES)
    loud = Actor.create(srv, "loud")
    fan = Actor.create(srv, "fan")
    fan.follow(loud)
    mod.admin_account_moderate(loud.id, "silence")
    bob = Actor.create(srv, "bob")
    mention(loud, bob, f"and @{fan.username}")
    assert v1_notifications(bob) == []
    [req] = bob.ok("GET", "/api/v1/notifications/requests")
    assert req["account"]["id"] == loud.id
    assert [n["account"]["id"] for n in v1_notifications(fan)] == [loud.id]
    bob.ok("PATCH", "/api/v2/notifications/policy", json={"for_limited_accounts": "accept"})
    mention(loud, bob, "now accepted")
    assert [n["account"]["id"] for n in v1_notifications(bob)] == [loud.id]


def test_unread_counts_follow_the_marker(srv):
    alice = Actor.create(srv, "alice")
    post = alice.status("count me")
    mention(Actor.create(srv, "m"), alice, "first")
    [first] = v1_notifications(alice)
    alice.ok("POST", "/api/v1/markers", data={"notifications[last_read_id]": first["id"]})
    for _ in range(3):
        Actor.create(srv, "fav").ok("POST", f"/api/v1/statuses/{post['id']}/favourite")
    assert alice.ok("GET", "/api/v1/notifications/unread_count") == {"count": 3}
    assert alice.ok("GET", "/api/v2/notifications/unread_count") == {"count": 1}
    assert alice.ok("GET", "/api/v2/notifications/unread_count", params={"grouped_types[]": ["follow"]}) == {"count": 3}
    assert alice.ok("GET", "/api/v1/notifications/unread_count", params={"limit": 2}) == {"count": 2}
    assert alice.ok("GET", "/api/v2/notifications/unread_count", params={"types[]": ["mention"]}) == {"count": 0}
    assert alice.ok("GET", "/api/v2/notifications/unread_count", params={"exclude_types[]": ["mention"]}) == {"count": 1}
