"""Lists, markers, search and conversations (direct messages), driven the way Mastodon.py 1.8.0
drives them, plus plain-HTTP checks of the details clients rely on (Link headers, error codes,
form vs JSON bodies). One server per module; every test makes its own users."""
from __future__ import annotations

import pytest
import requests
from mastodon import Mastodon
from mastodon.errors import MastodonAPIError, MastodonNotFoundError, MastodonUnauthorizedError

from social_util import Actor, anon_get, describe, module_server_fixture, unique, walk

SCOPES = ["read", "write", "follow", "push"]

srv = module_server_fixture()


@pytest.fixture(scope="module")
def mp_app(srv):
    return Mastodon.create_app("parloir lists/search test", scopes=SCOPES, api_base_url=srv.base_url)


@pytest.fixture
def login(srv, mp_app):
    """login(prefix) -> (Mastodon client, account dict, Actor with the same user's token)."""

    def make(prefix: str = "u"):
        user = srv.create_user(unique(prefix))
        m = Mastodon(client_id=mp_app[0], client_secret=mp_app[1], api_base_url=srv.base_url)
        token = m.log_in(user.email, user.password, scopes=SCOPES)
        me = m.account_verify_credentials()
        actor = Actor(srv, user, token, str(me["id"]))
        return m, me, actor

    return make


def ids(items) -> list[str]:
    return [str(x["id"]) for x in items]


# -- lists --------------------------------------------------------------------------------------

def test_list_lifecycle_with_mastodon_py(login):
    alice, _, a = login("alice")
    _, bob_acct, _ = login("bob")
    _, carol_acct, _ = login("carol")
    alice.account_follow(bob_acct["id"])

    lst = alice.list_create("Friends")
    assert lst["title"] == "Friends"
    assert lst["replies_policy"] == "list"
    assert lst["exclusive"] is False
    assert isinstance(lst["id"], int) or str(lst["id"]).isdigit()
    assert ids(alice.lists()) == [str(lst["id"])]
    assert alice.list(lst["id"])["title"] == "Friends"
    assert alice.list_update(lst["id"], "Best friends")["title"] == "Best friends"

    alice.list_accounts_add(lst["id"], [bob_acct["id"]])
    alice.list_accounts_add(lst["id"], [bob_acct["id"]])  # again: no error
    assert ids(alice.list_accounts(lst["id"])) == [str(bob_acct["id"])]
    assert ids(alice.account_lists(bob_acct["id"])) == [str(lst["id"])]
    assert alice.account_lists(carol_acct["id"]) == []

    # Only followed accounts may be added (as Mastodon): 422.
    with pytest.raises(MastodonAPIError) as e:
        alice.list_accounts_add(lst["id"], [carol_acct["id"]])
    assert e.value.args[1] == 422

    alice.list_accounts_delete(lst["id"], [bob_acct["id"]])
    assert alice.list_accounts(lst["id"]) == []
    alice.list_delete(lst["id"])
    with pytest.raises(MastodonNotFoundError):
        alice.list(lst["id"])
    assert alice.lists() == []
    # Empty endpoints answer {} (never 204).
    r = a.post("/api/v1/lists", data={"title": "tmp"})
    d = a.request("DELETE", f"/api/v1/lists/{r.json()['id']}")
    assert d.status_code == 200 and d.json() == {}, describe(d)


def test_list_fields_validation_and_privacy(srv):
    owner = Actor.create(srv, "own")
    other = Actor.create(srv, "oth")
    r = owner.post("/api/v1/lists", json={"title": "Tech", "replies_policy": "none", "exclusive": True})
    assert r.status_code == 200, describe(r)
    lst = r.json()
    assert lst["replies_policy"] == "none" and lst["exclusive"] is True
    r = owner.request("PUT", f"/api/v1/lists/{lst['id']}", data={"replies_policy": "followed"})
    assert r.status_code == 200 and r.json()["replies_policy"] == "followed" and r.json()["title"] == "Tech"

    assert owner.post("/api/v1/lists", data={"title": "x" * 257}).status_code == 422
    assert owner.post("/api/v1/lists", data={"title": "é" * 256}).status_code == 200
    assert owner.post("/api/v1/lists", data={"title": "  "}).status_code == 422
    assert owner.post("/api/v1/lists", data={}).status_code == 400
    assert owner.post("/api/v1/lists", data={"title": "t", "replies_policy": "all"}).status_code == 422
    r = owner.request("PUT", f"/api/v1/lists/{lst['id']}", data={"title": "y" * 300})
    assert r.status_code == 422 and "error" in r.json()

    # Someone else's list is not found, whatever the verb.
    for method, path in [("GET", ""), ("PUT", ""), ("DELETE", ""), ("GET", "/accounts"),
                         ("POST", "/accounts"), ("DELETE", "/accounts")]:
        r = other.request(method, f"/api/v1/lists/{lst['id']}{path}", data={"title": "z", "account_ids[]": owner.id})
        assert r.status_code == 404, describe(r)
        assert r.json() == {"error": "Record not found"}
    r = other.get(f"/api/v1/timelines/list/{lst['id']}")
    assert r.status_code == 404, describe(r)
    assert other.get("/api/v1/lists").json() == []
    assert anon_get(srv, "/api/v1/lists").status_code == 401
    assert owner.get("/api/v1/lists/12345").status_code == 404


def test_list_members_are_paged_with_link_headers(srv):
    owner = Actor.create(srv, "own")
    members = [Actor.create(srv, "mem") for _ in range(3)]
    for m in members:
        owner.follow(m)
    lst = owner.ok("POST", "/api/v1/lists", data={"title": "Paged"})
    r = owner.post(f"/api/v1/lists/{lst['id']}/accounts", json={"account_ids": [m.id for m in members]})
    assert r.status_code == 200 and r.json() == {}, describe(r)
    items, pages = walk(owner, f"/api/v1/lists/{lst['id']}/accounts", {"limit": 1})
    assert sorted(ids(items)) == sorted(m.id for m in members)
    assert pages >= 3
    r = owner.get(f"/api/v1/lists/{lst['id']}/accounts", params={"limit": 2})
    assert 'rel="next"' in r.headers["Link"] and "limit=2" in r.headers["Link"]
    # Unknown account: 404; no ids: 400.
    assert owner.post(f"/api/v1/lists/{lst['id']}/accounts", data={"account_ids[]": "999"}).status_code == 404
    assert owner.post(f"/api/v1/lists/{lst['id']}/accounts", data={}).status_code == 400


def test_list_timeline_shows_members_statuses_newest_first(login):
    alice, _, a = login("alice")
    bob, bob_acct, b = login("bob")
    carol, carol_acct, c = login("carol")
    dave, dave_acct, d = login("dave")
    for acct in (bob_acct, carol_acct, dave_acct):
        alice.account_follow(acct["id"])
    lst = alice.list_create("Two")
    alice.list_accounts_add(lst["id"], [bob_acct["id"], carol_acct["id"]])

    s1 = bob.status_post("bob public")
    s2 = dave.status_post("dave is not a member")
    s3 = carol.status_post("carol followers only", visibility="private")
    s4 = bob.status_post(f"@{dave_acct['username']} secret", visibility="direct")  # not for alice
    s5 = carol.status_reblog(s1["id"])
    tl = alice.timeline_list(lst["id"])
    assert ids(tl) == [str(s5["id"]), str(s3["id"]), str(s1["id"])], tl
    assert str(s2["id"]) not in ids(tl) and str(s4["id"]) not in ids(tl)

    # Paging by max_id / min_id and the Link header.
    r = a.get(f"/api/v1/timelines/list/{lst['id']}", params={"limit": 2})
    assert ids(r.json()) == [str(s5["id"]), str(s3["id"])]
    assert r.headers["Link"].startswith("<") and 'rel="next"' in r.headers["Link"]
    older = a.get(f"/api/v1/timelines/list/{lst['id']}", params={"max_id": s3["id"]}).json()
    assert ids(older) == [str(s1["id"])]
    newer = a.get(f"/api/v1/timelines/list/{lst['id']}", params={"min_id": s1["id"], "limit": 1}).json()
    assert ids(newer) == [str(s3["id"])]

    # Replies policy: "list" shows replies to members, hides replies to others.
    bob.account_follow(carol_acct["id"])  # so bob may see (and answer) carol's private status
    to_dave = bob.status_post("reply to dave", in_reply_to_id=s2["id"])
    to_carol = bob.status_post("reply to carol", in_reply_to_id=s3["id"])
    got = ids(alice.timeline_list(lst["id"]))
    assert str(to_carol["id"]) in got and str(to_dave["id"]) not in got
    a.ok("PUT", f"/api/v1/lists/{lst['id']}", data={"replies_policy": "followed"})
    assert str(to_dave["id"]) in ids(alice.timeline_list(lst["id"]))
    a.ok("PUT", f"/api/v1/lists/{lst['id']}", data={"replies_policy": "none"})
    got = ids(alice.timeline_list(lst["id"]))
    assert str(to_dave["id"]) not in got and str(to_carol["id"]) not in got

    # Unfollowing a member takes them out of the list's feed.
    alice.account_unfollow(carol_acct["id"])
    got = ids(alice.timeline_list(lst["id"]))
    assert str(s3["id"]) not in got and str(s5["id"]) not in got and str(s1["id"]) in got


# -- markers ------------------------------------------------------------------------------------

def test_markers_json_and_form_with_versions(login):
    alice, _, a = login("alice")
    st = alice.status_post("marker target")
    assert alice.markers_get(["home", "notifications"]) == {}
    saved = alice.markers_set(["home"], [st["id"]])
    assert set(saved) == {"home"}
    assert str(saved["home"]["last_read_id"]) == str(st["id"])
    assert saved["home"]["version"] == 1
    got = alice.markers_get(["home", "notifications"])
    assert set(got) == {"home"} and got["home"]["version"] == 1

    r = a.post("/api/v1/markers", data={"home[last_read_id]": "12345", "notifications[last_read_id]": "777"})
    assert r.status_code == 200, describe(r)
    body = r.json()
    assert body["home"] == {"last_read_id": "12345", "version": 2, "updated_at": body["home"]["updated_at"]}
    assert body["home"]["updated_at"].endswith("Z") and "." in body["home"]["updated_at"]
    assert body["notifications"]["version"] == 1
    only = a.get("/api/v1/markers", params={"timeline[]": "notifications"}).json()
    assert set(only) == {"notifications"} and only["notifications"]["last_read_id"] == "777"
    assert a.get("/api/v1/markers", params={"timeline[]": "nope"}).json() == {}
    assert a.post("/api/v1/markers", data={}).status_code == 400
    assert a.post("/api/v1/markers", data={"home[last_read_id]": "abc"}).status_code == 422
    assert requests.get(a.server.base_url + "/api/v1/markers", timeout=30).status_code == 401


# -- search -------------------------------------------------------------------------------------

def test_search_accounts_exact_first_then_prefix(srv, login):
    base = unique("zed")
    m, me, a = login(base)
    exact = srv.create_user(base[:-1])  # a shorter name that is a prefix of the others
    longer = srv.create_user(base[:-1] + "zz")
    host = srv.base_url.split("://", 1)[1]
    for q in (exact.username, "@" + exact.username, f"{exact.username}@{host}"):
        res = m.search_v2(q, result_type="accounts")
        assert set(res) >= {"accounts", "statuses", "hashtags"}
        assert res["accounts"][0]["username"] == exact.username, (q, res["accounts"])
        assert res["statuses"] == [] and res["hashtags"] == []
    names = [x["username"] for x in m.search_v2(exact.username)["accounts"]]
    assert names[0] == exact.username and {longer.username, me["username"]} <= set(names)

    # following=true restricts to accounts the searcher follows.
    r = a.get("/api/v1/accounts/search", params={"q": exact.username, "following": "true"})
    assert r.status_code == 200 and r.json() == [], describe(r)
    exact_id = a.get("/api/v1/accounts/lookup", params={"acct": exact.username}).json()["id"]
    a.ok("POST", f"/api/v1/accounts/{exact_id}/follow")
    r = a.get("/api/v1/accounts/search", params={"q": exact.username, "following": "true"})
    assert [x["username"] for x in r.json()] == [exact.username]
    assert [x["username"] for x in m.account_search(exact.username, limit=1)] == [exact.username]
    r = a.get("/api/v1/accounts/search", params={"q": exact.username, "limit": 1, "offset": 1})
    assert len(r.json()) == 1 and r.json()[0]["username"] != exact.username

    # Suspended accounts are not found.
    srv.cli("admin", "account", "suspend", longer.username)
    assert longer.username not in [x["username"] for x in m.search_v2(exact.username)["accounts"]]


def test_search_hashtags_and_statuses(srv, login):
    alice, alice_acct, a = login("alice")
    bob, bob_acct, b = login("bob")
    tag = unique("tagq")
    mine = alice.status_post(f"the quick brown fox #{tag}")
    bob_public = bob.status_post("a quick public fox from bob")
    bob_private = bob.status_post("a quick private fox", visibility="private")
    to_alice = bob.status_post(f"@{alice_acct['username']} quick direct fox", visibility="direct")

    res = alice.search_v2("#" + tag[:-2])
    assert [h["name"] for h in res["hashtags"]] == [tag]
    assert res["hashtags"][0]["url"].endswith("/tags/" + tag) and res["hashtags"][0]["history"] == []

    found = ids(alice.search_v2("quick fox", result_type="statuses")["statuses"])
    # Own statuses and those mentioning alice; bob is not indexable, so not his public one.
    assert found == [str(to_alice["id"]), str(mine["id"])]
    b.ok("PATCH", "/api/v1/accounts/update_credentials", data={"indexable": "true"})
    found = ids(alice.search_v2("quick fox", result_type="statuses")["statuses"])
    assert found == [str(to_alice["id"]), str(bob_public["id"]), str(mine["id"])]
    assert str(bob_private["id"]) not in found
    only_bob = ids(alice.search_v2("fox", result_type="statuses", account_id=bob_acct["id"])["statuses"])
    assert only_bob == [str(to_alice["id"]), str(bob_public["id"])]
    paged = a.get("/api/v2/search", params={"q": "fox", "type": "statuses", "limit": 1, "offset": 1}).json()
    assert ids(paged["statuses"]) == [str(bob_public["id"])]
    # A blocked author's statuses are not shown.
    a.ok("POST", f"/api/v1/accounts/{bob_acct['id']}/block")
    assert ids(alice.search_v2("fox", result_type="statuses")["statuses"]) == [str(mine["id"])]
    # Punctuation-only or quote-laden queries do not break the full-text parser.
    for q in ('"', 'fox"', "***", "AND OR NOT", "fox*"):
        r = a.get("/api/v2/search", params={"q": q, "type": "statuses"})
        assert r.status_code == 200, describe(r)


def test_search_anonymous_and_errors(srv):
    u = Actor.create(srv, "srch")
    u.status("anonymous search fox")
    r = anon_get(srv, "/api/v2/search", params={"q": u.username})
    assert r.status_code == 200, describe(r)
    body = r.json()
    assert set(body) == {"accounts", "statuses", "hashtags"} and body["statuses"] == []
    assert [x["username"] for x in body["accounts"]] == [u.username]
    assert anon_get(srv, "/api/v2/search", params={"q": "fox", "offset": 1}).status_code == 401
    assert anon_get(srv, "/api/v2/search", params={"q": "fox", "resolve": "true"}).status_code == 401
    assert u.get("/api/v2/search", params={"q": ""}).status_code == 400
    assert u.get("/api/v2/search").status_code == 400
    r = u.get("/api/v2/search", params={"q": "fox", "type": "bogus"})
    assert r.json() == {"accounts": [], "statuses": [], "hashtags": []}
    assert u.get("/api/v2/search", params={"q": "fox", "limit": 500}).status_code == 200


# -- conversations ------------------------------------------------------------------------------

def test_conversations_unread_read_delete_and_return(login):
    alice, alice_acct, a = login("alice")
    bob, bob_acct, b = login("bob")
    carol, carol_acct, c = login("carol")
    dm = alice.status_post(f"@{bob_acct['username']} psst", visibility="direct")
    alice.status_post("not a dm")

    convs = bob.conversations()
    assert len(convs) == 1
    conv = convs[0]
    assert conv["unread"] is True
    assert ids(conv["accounts"]) == [str(alice_acct["id"])]
    assert str(conv["last_status"]["id"]) == str(dm["id"])
    mine = alice.conversations()
    assert len(mine) == 1 and mine[0]["unread"] is False
    assert ids(mine[0]["accounts"]) == [str(bob_acct["id"])]
    assert str(mine[0]["id"]) == str(conv["id"])
    assert carol.conversations() == []

    read = bob.conversations_read(conv["id"])
    assert read["unread"] is False and str(read["last_status"]["id"]) == str(dm["id"])
    assert bob.conversations()[0]["unread"] is False

    reply = bob.status_post(f"@{alice_acct['username']} hi back", visibility="direct", in_reply_to_id=dm["id"])
    assert alice.conversations()[0]["unread"] is True
    assert str(alice.conversations()[0]["last_status"]["id"]) == str(reply["id"])
    assert bob.conversations()[0]["unread"] is False

    # Someone else's conversation is not found.
    r = c.post(f"/api/v1/conversations/{conv['id']}/read")
    assert r.status_code == 404, describe(r)
    assert c.request("DELETE", f"/api/v1/conversations/{conv['id']}").status_code == 404

    r = b.request("DELETE", f"/api/v1/conversations/{conv['id']}")
    assert r.status_code == 200 and r.json() == {}, describe(r)
    assert bob.conversations() == []
    assert len(alice.conversations()) == 1
    again = alice.status_post(f"@{bob_acct['username']} still there?", visibility="direct", in_reply_to_id=reply["id"])
    back = bob.conversations()
    assert len(back) == 1 and back[0]["unread"] is True and str(back[0]["last_status"]["id"]) == str(again["id"])


def test_conversations_are_paged_and_need_scopes(srv, login):
    alice, alice_acct, a = login("alice")
    friends = [login("f") for _ in range(3)]
    for f, acct, _ in friends:
        f.status_post(f"@{alice_acct['username']} hello", visibility="direct")
    items, pages = walk(a, "/api/v1/conversations/", {"limit": 1})
    assert len(items) == 3 and pages >= 3
    assert len({str(x["id"]) for x in items}) == 3
    assert anon_get(srv, "/api/v1/conversations").status_code == 401
    with pytest.raises(MastodonUnauthorizedError):
        Mastodon(api_base_url=srv.base_url, access_token="bogus").conversations()


def test_unfollowing_or_blocking_takes_the_account_out_of_lists(login):
    alice, _, _ = login("alice")
    _, bob_acct, _ = login("bob")
    _, carol_acct, _ = login("carol")
    alice.account_follow(bob_acct["id"])
    alice.account_follow(carol_acct["id"])
    lst = alice.list_create("Team")
    alice.list_accounts_add(lst["id"], [bob_acct["id"], carol_acct["id"]])
    alice.account_unfollow(bob_acct["id"])
    assert [str(a["id"]) for a in alice.list_accounts(lst["id"])] == [str(carol_acct["id"])]
    alice.account_block(carol_acct["id"])
    assert alice.list_accounts(lst["id"]) == []


def test_exclusive_list_members_leave_the_home_timeline(login):
    m, me, alice = login("ex")
    _, bob_me, bob = login("exb")
    _, carol_me, carol = login("exc")
    alice.follow(bob)
    alice.follow(carol)
    before = bob.status("bob before the list")
    home = ids(m.timeline_home())
    assert str(before["id"]) in home  # the feed is loaded with bob in it
    lst = m.list_create("only here")
    r = alice.request("PUT", f"/api/v1/lists/{lst['id']}", data={"exclusive": "true"})
    assert r.status_code == 200 and r.json()["exclusive"] is True, describe(r)
    m.list_accounts_add(lst["id"], [bob_me["id"]])
    b = bob.status("bob in an exclusive list")
    c = carol.status("carol still at home")
    home = ids(m.timeline_home())
    assert str(c["id"]) in home
    assert str(b["id"]) not in home and str(before["id"]) not in home
    assert ids(m.timeline_list(lst["id"]))[:2] == [str(b["id"]), str(before["id"])]
    # No longer exclusive: bob's statuses come back home.
    r = alice.request("PUT", f"/api/v1/lists/{lst['id']}", data={"exclusive": "false"})
    assert r.status_code == 200 and r.json()["exclusive"] is False, describe(r)
    home = ids(m.timeline_home())
    assert str(b["id"]) in home and str(before["id"]) in home
    # Exclusive again, then bob leaves the list: back home too.
    alice.request("PUT", f"/api/v1/lists/{lst['id']}", data={"exclusive": "true"})
    assert str(b["id"]) not in ids(m.timeline_home())
    m.list_accounts_delete(lst["id"], [bob_me["id"]])
    assert str(b["id"]) in ids(m.timeline_home())
