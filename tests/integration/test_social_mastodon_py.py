"""The social API (statuses, timelines, follows, blocks, notifications, profile) driven the way a
Mastodon.py 1.8.0 application drives it: one realistic scenario per feature, against one server
per module (every test makes its own users)."""
from __future__ import annotations

import re

import pytest
import requests
from mastodon import Mastodon
from mastodon.errors import MastodonAPIError, MastodonNotFoundError

from helpers import bearer
from social_util import module_server_fixture, unique

SCOPES = ["read", "write", "follow", "push"]

srv = module_server_fixture()


@pytest.fixture(scope="module")
def mp_app(srv):
    return Mastodon.create_app("parloir social mastodon.py test", scopes=SCOPES,
                               website="https://client.example", api_base_url=srv.base_url)


@pytest.fixture
def login(srv, mp_app):
    """login(prefix) -> (Mastodon client, account dict) for a fresh user."""

    def make(prefix: str = "mp"):
        user = srv.create_user(unique(prefix))
        m = Mastodon(client_id=mp_app[0], client_secret=mp_app[1], api_base_url=srv.base_url)
        m.log_in(user.email, user.password, scopes=SCOPES)
        me = m.account_verify_credentials()
        assert me["username"] == user.username
        return m, me

    return make


def ids(items) -> list[str]:
    return [str(x["id"]) for x in items]


def notif_types(m: Mastodon, **kw) -> list[tuple[str, str]]:
    return [(n["type"], str(n["account"]["id"])) for n in m.notifications(**kw)]


# -- posting ------------------------------------------------------------------------------------

def test_post_with_spoiler_text_in_each_visibility(login):
    alice, me = login("alice")
    bob, bob_acct = login("bob")
    posted = {}
    for vis in ("public", "unlisted", "private", "direct"):
        text = f"a {vis} post for @{bob_acct['username']}"
        st = alice.status_post(text, visibility=vis, spoiler_text=f"cw {vis}")
        assert st["visibility"] == vis, st
        assert st["spoiler_text"] == f"cw {vis}", st
        assert st["sensitive"] is True, "a content warning makes the status sensitive (Mastodon)"
        assert st["account"]["id"] == me["id"]
        assert st["reblog"] is None and st["in_reply_to_id"] is None
        assert f"a {vis} post for" in st["content"]
        assert [str(x["id"]) for x in st["mentions"]] == [str(bob_acct["id"])], st["mentions"]
        assert st["favourites_count"] == st["reblogs_count"] == st["replies_count"] == 0
        assert st["favourited"] is False and st["reblogged"] is False and st["bookmarked"] is False
        posted[vis] = st
        again = alice.status(st["id"])
        assert again["id"] == st["id"] and again["visibility"] == vis
        assert again["spoiler_text"] == f"cw {vis}"
    # Batch read (GET /api/v1/statuses?id[]=) returns them all to their author.
    r = requests.get(alice.api_base_url + "/api/v1/statuses", headers=bearer(alice.access_token),
                     params={"id[]": [str(s["id"]) for s in posted.values()]}, timeout=30)
    assert r.status_code == 200, r.text
    assert sorted(ids(r.json())) == sorted(str(s["id"]) for s in posted.values())
    assert alice.account(me["id"])["statuses_count"] == 4
    assert alice.account_verify_credentials()["statuses_count"] == 4, \
        "verify_credentials must show the same counts as GET /api/v1/accounts/:id"
    # The mentioned user sees all four, direct included.
    for vis, st in posted.items():
        assert bob.status(st["id"])["visibility"] == vis


def test_reply_and_context(login):
    alice, alice_acct = login("alice")
    bob, bob_acct = login("bob")
    root = alice.status_post("The root of a thread")
    r1 = bob.status_reply(root, "A reply from bob")  # adds @alice, like Mastodon.py does
    assert str(r1["in_reply_to_id"]) == str(root["id"])
    assert str(r1["in_reply_to_account_id"]) == str(alice_acct["id"])
    assert f"@{alice_acct['username']}" in re.sub(r"<[^>]+>", "", r1["content"])
    r2 = alice.status_reply(r1, "alice answers bob")
    assert str(r2["in_reply_to_id"]) == str(r1["id"])
    side = bob.status_reply(root, "a second branch")

    ctx = alice.status_context(root["id"])
    assert ctx["ancestors"] == []
    # Depth-first reply order: r1, its child r2, then the second branch.
    assert ids(ctx["descendants"]) == ids([r1, r2, side]), ids(ctx["descendants"])

    ctx2 = bob.status_context(r2["id"])
    assert ids(ctx2["ancestors"]) == ids([root, r1]), "ancestors are oldest first"
    assert ctx2["descendants"] == []

    assert alice.status(root["id"])["replies_count"] == 2
    assert alice.status(r1["id"])["replies_count"] == 1


def test_favourite_unfavourite(login):
    alice, alice_acct = login("alice")
    bob, bob_acct = login("bob")
    st = alice.status_post("please like this")
    fav = bob.status_favourite(st["id"])
    assert fav["favourited"] is True and fav["favourites_count"] == 1, fav
    assert bob.status_favourite(st["id"])["favourites_count"] == 1, "favouriting twice is idempotent"
    seen_by_alice = alice.status(st["id"])
    assert seen_by_alice["favourites_count"] == 1 and seen_by_alice["favourited"] is False
    assert ids(alice.status_favourited_by(st["id"])) == [str(bob_acct["id"])]
    assert ids(bob.favourites()) == [str(st["id"])]

    unfav = bob.status_unfavourite(st["id"])
    assert unfav["favourited"] is False and unfav["favourites_count"] == 0, unfav
    assert alice.status_favourited_by(st["id"]) == []
    assert bob.favourites() == []
    assert alice.status(st["id"])["favourites_count"] == 0


def test_reblog_unreblog(login):
    alice, alice_acct = login("alice")
    bob, bob_acct = login("bob")
    st = alice.status_post("boost me")
    wrapper = bob.status_reblog(st["id"])
    assert wrapper["reblog"] is not None, wrapper
    assert str(wrapper["reblog"]["id"]) == str(st["id"]), "the wrapper's `reblog` is the original"
    assert str(wrapper["account"]["id"]) == str(bob_acct["id"])
    assert str(wrapper["id"]) != str(st["id"])
    assert wrapper["reblog"]["reblogged"] is True
    assert wrapper["reblog"]["reblogs_count"] == 1
    assert alice.status(st["id"])["reblogs_count"] == 1
    assert ids(alice.status_reblogged_by(st["id"])) == [str(bob_acct["id"])]
    # The wrapper shows up on bob's profile.
    bob_statuses = bob.account_statuses(bob_acct["id"])
    assert ids(bob_statuses) == [str(wrapper["id"])]
    assert str(bob_statuses[0]["reblog"]["id"]) == str(st["id"])

    original = bob.status_unreblog(st["id"])
    assert str(original["id"]) == str(st["id"]), "unreblog returns the original status"
    assert original["reblogged"] is False and original["reblogs_count"] == 0, original
    assert alice.status_reblogged_by(st["id"]) == []
    assert bob.account_statuses(bob_acct["id"]) == []
    with pytest.raises(MastodonNotFoundError):
        bob.status(wrapper["id"])


def test_bookmarks(login):
    alice, _ = login("alice")
    bob, _ = login("bob")
    first = alice.status_post("bookmark me first")
    second = alice.status_post("bookmark me second")
    not_marked = alice.status_post("not bookmarked")
    assert bob.status_bookmark(first["id"])["bookmarked"] is True
    assert bob.status_bookmark(second["id"])["bookmarked"] is True
    assert ids(bob.bookmarks()) == ids([second, first]), "newest bookmark first"
    assert bob.status(first["id"])["bookmarked"] is True
    assert bob.status(not_marked["id"])["bookmarked"] is False
    assert alice.status(first["id"])["bookmarked"] is False, "bookmarks are per viewer"
    assert alice.bookmarks() == []
    assert bob.status_unbookmark(first["id"])["bookmarked"] is False
    assert ids(bob.bookmarks()) == ids([second])


def test_pin_unpin(login):
    alice, alice_acct = login("alice")
    bob, _ = login("bob")
    keep = alice.status_post("pin me")
    alice.status_post("a later post")
    pinned = alice.status_pin(keep["id"])
    assert pinned["pinned"] is True, pinned
    assert ids(alice.account_statuses(alice_acct["id"], pinned=True)) == [str(keep["id"])]
    # Others see the pin on the profile too.
    assert ids(bob.account_statuses(alice_acct["id"], pinned=True)) == [str(keep["id"])]
    # Nobody can pin someone else's status.
    with pytest.raises(MastodonAPIError) as e:
        bob.status_pin(keep["id"])
    assert e.value.args[1] == 422, e.value.args
    unpinned = alice.status_unpin(keep["id"])
    assert unpinned["pinned"] is False
    assert alice.account_statuses(alice_acct["id"], pinned=True) == []


def test_mute_conversation(login):
    alice, alice_acct = login("alice")
    bob, _ = login("bob")
    root = alice.status_post("a thread alice will mute")
    bob.status_reply(root, "first reply")  # mentions @alice
    assert [t for t, _ in notif_types(alice)] == ["mention"]

    muted = alice.status_mute(root["id"])
    assert muted["muted"] is True, muted
    assert alice.status(root["id"])["muted"] is True
    bob.status_reply(root, "second reply, while muted")
    assert [t for t, _ in notif_types(alice)] == ["mention"], "no notification from a muted thread"

    assert alice.status_unmute(root["id"])["muted"] is False
    bob.status_reply(root, "third reply, unmuted")
    assert [t for t, _ in notif_types(alice)] == ["mention", "mention"]


# -- follows and blocks ---------------------------------------------------------------------------

def test_follow_unfollow_relationships(login):
    alice, alice_acct = login("alice")
    bob, bob_acct = login("bob")
    rel = alice.account_follow(bob_acct["id"])
    assert rel["following"] is True and rel["requested"] is False, rel
    assert str(rel["id"]) == str(bob_acct["id"])
    [seen_by_bob] = bob.account_relationships(alice_acct["id"])
    assert seen_by_bob["followed_by"] is True and seen_by_bob["following"] is False
    assert ids(bob.account_followers(bob_acct["id"])) == [str(alice_acct["id"])]
    assert ids(alice.account_following(alice_acct["id"])) == [str(bob_acct["id"])]
    assert alice.account(bob_acct["id"])["followers_count"] == 1
    assert alice.account(alice_acct["id"])["following_count"] == 1
    assert alice.account_verify_credentials()["following_count"] == 1, \
        "verify_credentials must show the same counts as GET /api/v1/accounts/:id"

    rel = alice.account_unfollow(bob_acct["id"])
    assert rel["following"] is False, rel
    [seen_by_bob] = bob.account_relationships(alice_acct["id"])
    assert seen_by_bob["followed_by"] is False
    assert bob.account_followers(bob_acct["id"]) == []
    assert alice.account(bob_acct["id"])["followers_count"] == 0


def test_follow_options_and_remove_from_followers(login):
    alice, alice_acct = login("alice")
    bob, bob_acct = login("bob")
    carol, carol_acct = login("carol")
    rel = alice.account_follow(bob_acct["id"], reblogs=False, notify=True)
    assert rel["following"] is True, rel
    assert rel["showing_reblogs"] is False and rel["notifying"] is True, rel
    # Following again updates the options.
    rel = alice.account_follow(bob_acct["id"], reblogs=True, notify=False)
    assert rel["showing_reblogs"] is True and rel["notifying"] is False, rel
    alice.account_follow(bob_acct["id"], reblogs=False)
    # With reblogs off, bob's boosts stay out of alice's home; his own posts come in.
    assert alice.timeline_home() == []
    own = bob.status_post("bob's own words")
    boosted = carol.status_post("carol's words")
    bob.status_reblog(boosted["id"])
    assert ids(alice.timeline_home()) == [str(own["id"])]

    # bob removes alice from his followers.
    rel = bob.account_remove_from_followers(alice_acct["id"])
    assert rel["followed_by"] is False, rel
    [rel_alice] = alice.account_relationships(bob_acct["id"])
    assert rel_alice["following"] is False, rel_alice
    assert bob.account_followers(bob_acct["id"]) == []


def test_follow_locked_account_request_then_authorize(login):
    alice, alice_acct = login("alice")
    bob, bob_acct = login("bob")
    assert bob.account_update_credentials(locked=True)["locked"] is True
    rel = alice.account_follow(bob_acct["id"])
    assert rel["requested"] is True and rel["following"] is False, rel
    [rel_bob] = bob.account_relationships(alice_acct["id"])
    assert rel_bob["followed_by"] is False
    assert rel_bob.get("requested_by") is True, rel_bob
    assert ids(bob.follow_requests()) == [str(alice_acct["id"])]
    pending_count = bob.account_verify_credentials()["source"]["follow_requests_count"]
    assert [t for t, _ in notif_types(bob)] == ["follow_request"]

    rel = bob.follow_request_authorize(alice_acct["id"])
    assert rel["followed_by"] is True, rel
    assert bob.follow_requests() == []
    [rel_alice] = alice.account_relationships(bob_acct["id"])
    assert rel_alice["following"] is True and rel_alice["requested"] is False, rel_alice
    assert ids(bob.account_followers(bob_acct["id"])) == [str(alice_acct["id"])]
    assert pending_count == 1, "verify_credentials source.follow_requests_count while pending"
    assert bob.account_verify_credentials()["source"]["follow_requests_count"] == 0


def test_follow_request_reject(login):
    alice, alice_acct = login("alice")
    bob, bob_acct = login("bob")
    bob.account_update_credentials(locked=True)
    alice.account_follow(bob_acct["id"])
    rel = bob.follow_request_reject(alice_acct["id"])
    assert rel["followed_by"] is False and rel.get("requested_by") is not True, rel
    [rel_alice] = alice.account_relationships(bob_acct["id"])
    assert rel_alice["following"] is False and rel_alice["requested"] is False, rel_alice
    assert bob.follow_requests() == []


def test_block_removes_follows_both_ways(login):
    alice, alice_acct = login("alice")
    bob, bob_acct = login("bob")
    alice.account_follow(bob_acct["id"])
    bob.account_follow(alice_acct["id"])
    [rel] = alice.account_relationships(bob_acct["id"])
    assert rel["following"] and rel["followed_by"], rel

    rel = alice.account_block(bob_acct["id"])
    assert rel["blocking"] is True, rel
    assert rel["following"] is False and rel["followed_by"] is False, rel
    [rel_bob] = bob.account_relationships(alice_acct["id"])
    assert rel_bob["following"] is False and rel_bob["followed_by"] is False, rel_bob
    assert rel_bob["blocked_by"] is True, rel_bob
    assert ids(alice.blocks()) == [str(bob_acct["id"])]
    assert alice.account_followers(alice_acct["id"]) == []
    assert alice.account_following(alice_acct["id"]) == []
    me = alice.account_verify_credentials()
    assert me["followers_count"] == 0 and me["following_count"] == 0, me
    # bob cannot follow alice back while blocked.
    with pytest.raises(MastodonAPIError):
        bob.account_follow(alice_acct["id"])
    [rel] = alice.account_relationships(bob_acct["id"])
    assert rel["followed_by"] is False

    rel = alice.account_unblock(bob_acct["id"])
    assert rel["blocking"] is False and rel["following"] is False, "unblocking does not re-follow"
    assert alice.blocks() == []


def test_mute_account_list_and_unmute(login):
    alice, alice_acct = login("alice")
    bob, bob_acct = login("bob")
    rel = alice.account_mute(bob_acct["id"], notifications=True)
    assert rel["muting"] is True and rel["muting_notifications"] is True, rel
    assert ids(alice.mutes()) == [str(bob_acct["id"])]
    bob.status_post(f"@{alice_acct['username']} are you there?")
    assert alice.notifications() == [], "no notifications from a muted account"
    assert alice.account_unmute(bob_acct["id"])["muting"] is False
    assert alice.mutes() == []
    # A timed mute, notifications still on.
    rel = alice.account_mute(bob_acct["id"], notifications=False, duration=3600)
    assert rel["muting"] is True and rel["muting_notifications"] is False, rel
    [muted] = alice.mutes()
    assert muted["mute_expires_at"] is not None, muted


# -- notifications ------------------------------------------------------------------------------

def test_notifications_types_filters_dismiss_clear(login):
    alice, alice_acct = login("alice")
    bob, bob_acct = login("bob")
    carol, carol_acct = login("carol")
    bob_id, carol_id = str(bob_acct["id"]), str(carol_acct["id"])

    post = alice.status_post("something worth interacting with")
    bob.account_follow(alice_acct["id"])                                     # follow
    mention = bob.status_post(f"hey @{alice_acct['username']}")              # mention
    bob.status_favourite(post["id"])                                         # favourite
    bob.status_reblog(post["id"])                                            # reblog
    alice.account_update_credentials(locked=True)
    carol.account_follow(alice_acct["id"])                                   # follow_request

    got = alice.notifications()
    assert [(n["type"], str(n["account"]["id"])) for n in got] == [
        ("follow_request", carol_id), ("reblog", bob_id), ("favourite", bob_id),
        ("mention", bob_id), ("follow", bob_id)], "newest first"
    by_type = {n["type"]: n for n in got}
    assert str(by_type["mention"]["status"]["id"]) == str(mention["id"])
    assert str(by_type["favourite"]["status"]["id"]) == str(post["id"])
    assert str(by_type["reblog"]["status"]["id"]) == str(post["id"])
    assert by_type["follow"].get("status") is None
    assert all(isinstance(n["id"], int) for n in got), "snowflake ids (Mastodon.py makes them ints)"

    assert notif_types(alice, types=["mention"]) == [("mention", bob_id)]
    assert [t for t, _ in notif_types(alice, types=["favourite", "reblog"])] == ["reblog", "favourite"]
    assert [t for t, _ in notif_types(alice, exclude_types=["follow", "follow_request", "mention"])] \
        == ["reblog", "favourite"]
    assert [t for t, _ in notif_types(alice, account_id=carol_acct["id"])] == ["follow_request"]
    # Paging: limit 2 then fetch_next reaches the rest.
    page = alice.notifications(limit=2)
    assert len(page) == 2
    assert ids(alice.fetch_remaining(page)) == ids(got)

    one = alice.notifications(id=by_type["favourite"]["id"])
    assert one["type"] == "favourite" and one["id"] == by_type["favourite"]["id"]
    alice.notifications_dismiss(by_type["favourite"]["id"])
    assert "favourite" not in [t for t, _ in notif_types(alice)]
    with pytest.raises(MastodonNotFoundError):
        alice.notifications(id=by_type["favourite"]["id"])
    assert len(alice.notifications()) == 4
    # Bob cannot see or dismiss alice's notifications.
    with pytest.raises(MastodonNotFoundError):
        bob.notifications(id=by_type["mention"]["id"])

    alice.notifications_clear()
    assert alice.notifications() == []


# -- editing and deleting ---------------------------------------------------------------------------

def test_edit_history_and_source(login):
    alice, _ = login("alice")
    st = alice.status_post("first version", spoiler_text="cw1")
    assert st["edited_at"] is None
    edited = alice.status_update(st["id"], status="second version", spoiler_text="cw2")
    assert str(edited["id"]) == str(st["id"])
    assert "second version" in edited["content"] and "first version" not in edited["content"]
    assert edited["spoiler_text"] == "cw2"
    assert edited["edited_at"] is not None
    history = alice.status_history(st["id"])
    assert len(history) == 2, history
    assert "first version" in history[0]["content"] and history[0]["spoiler_text"] == "cw1"
    assert "second version" in history[1]["content"] and history[1]["spoiler_text"] == "cw2"
    source = alice.status_source(st["id"])
    assert source["text"] == "second version", source
    assert source["spoiler_text"] == "cw2"
    assert str(source["id"]) == str(st["id"])
    assert "second version" in alice.status(st["id"])["content"]


def test_delete_returns_source_for_redraft(login):
    alice, alice_acct = login("alice")
    st = alice.status_post("delete me and #redraft", spoiler_text="careful")
    assert alice.account(alice_acct["id"])["statuses_count"] == 1
    assert alice.account_verify_credentials()["statuses_count"] == 1, \
        "verify_credentials must show the same counts as GET /api/v1/accounts/:id"
    deleted = alice.status_delete(st["id"])
    assert str(deleted["id"]) == str(st["id"])
    assert deleted["text"] == "delete me and #redraft", deleted
    assert deleted["spoiler_text"] == "careful"
    with pytest.raises(MastodonNotFoundError):
        alice.status(st["id"])
    assert alice.account(alice_acct["id"])["statuses_count"] == 0
    assert alice.account_verify_credentials()["statuses_count"] == 0
    assert alice.account_statuses(alice_acct["id"]) == []
    with pytest.raises(MastodonNotFoundError):
        alice.status_delete(st["id"])


# -- profile ------------------------------------------------------------------------------------

def test_update_credentials_profile_fields_and_source_privacy(login, srv):
    alice, alice_acct = login("alice")
    bob, _ = login("bob")
    me = alice.account_update_credentials(
        display_name="Alice Liddell", note="Down the rabbit hole.\nSecond line",
        fields=[("Home", "https://wonderland.example"), ("Pronouns", "she/her")])
    assert me["display_name"] == "Alice Liddell"
    assert "Down the rabbit hole." in me["note"] and "<p>" in me["note"], me["note"]
    assert me["source"]["note"] == "Down the rabbit hole.\nSecond line"
    assert [(f["name"], re.sub(r"<[^>]+>", "", f["value"])) for f in me["fields"]] == [
        ("Home", "https://wonderland.example"), ("Pronouns", "she/her")], me["fields"]
    source_fields = [(f["name"], f["value"]) for f in me["source"]["fields"]]
    # Others see the public profile.
    public = bob.account(alice_acct["id"])
    assert public["display_name"] == "Alice Liddell"
    assert len(public["fields"]) == 2 and "source" not in public
    assert str(bob.account_lookup(alice_acct["username"])["id"]) == str(alice_acct["id"])

    # Mastodon.py has no argument for source[...]: send it the way Elk/Tusky do (form fields).
    r = requests.patch(srv.base_url + "/api/v1/accounts/update_credentials",
                       headers=bearer(alice.access_token), timeout=30,
                       data={"source[privacy]": "private", "source[sensitive]": "true",
                             "source[language]": "fr"})
    assert r.status_code == 200, r.text
    src = alice.account_verify_credentials()["source"]
    assert src["privacy"] == "private" and src["sensitive"] is True and src["language"] == "fr", src
    prefs = alice.preferences()
    assert prefs["posting:default:visibility"] == "private", prefs
    assert prefs["posting:default:sensitive"] is True
    assert prefs["posting:default:language"] == "fr"
    # The default privacy applies to a status posted without `visibility`.
    assert alice.status_post("defaults apply")["visibility"] == "private"
    assert alice.custom_emojis() == []
    # source.fields holds the plain-text values (what the edit form shows), not the HTML.
    assert source_fields == [("Home", "https://wonderland.example"), ("Pronouns", "she/her")]


# -- pagination -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bulk(srv, mp_app):
    """alice follows bob; bob posts 105 statuses and alice 10: alice's home has 115.
    alice reads her home timeline for the first time after the posts (a cold feed, as after a
    server restart); carol, who also follows bob, reads hers before them (a warm feed)."""
    def mk(prefix):
        user = srv.create_user(unique(prefix))
        m = Mastodon(client_id=mp_app[0], client_secret=mp_app[1], api_base_url=srv.base_url)
        m.log_in(user.email, user.password, scopes=SCOPES)
        return m, m.account_verify_credentials()
    alice, alice_acct = mk("alice")
    bob, bob_acct = mk("bob")
    carol, _ = mk("carol")
    alice.account_follow(bob_acct["id"])
    carol.account_follow(bob_acct["id"])
    assert carol.timeline_home() == []
    bob_posts, all_posts = [], []
    for i in range(105):
        if i % 11 == 0:  # 10 of alice's own posts interleaved
            all_posts.append(str(alice.status_post(f"alice bulk {i}")["id"]))
        st = bob.status_post(f"bob bulk {i}")
        bob_posts.append(str(st["id"]))
        all_posts.append(str(st["id"]))
    return dict(alice=alice, bob=bob, carol=carol, bob_acct=bob_acct, bob_posts=bob_posts, all_posts=all_posts)


def walk_pages(m: Mastodon, first):
    seen, pages = list(first), 1
    page = first
    while True:
        page = m.fetch_next(page)
        if not page:
            break
        pages += 1
        seen += page
        assert pages < 100, "fetch_next never ends"
    return seen, pages


def test_home_timeline_walk_with_fetch_next(bulk):
    """A cold home feed (first read after the posts were made)."""
    alice = bulk["alice"]
    first = alice.timeline_home(limit=40)
    assert len(first) == 40
    seen, pages = walk_pages(alice, first)
    got = ids(seen)
    assert len(got) == len(set(got)), "duplicates across pages"
    want = bulk["all_posts"]
    assert len(want) == 115
    assert set(got) == set(want), (f"walked {len(got)} statuses in {pages} pages, expected "
                                   f"{len(want)}: {len(set(want) - set(got))} missing, "
                                   f"{len(set(got) - set(want))} unexpected")
    assert got == sorted(got, key=int, reverse=True), "newest first across pages"
    assert pages == 3, "40 + 40 + 35, and no next link after the last, partial page"


def test_home_timeline_walk_warm_feed(bulk):
    """A warm home feed (read before the posts, then filled as they were made)."""
    carol = bulk["carol"]
    first = carol.timeline_home()  # default limit 20
    assert len(first) == 20
    seen, pages = walk_pages(carol, first)
    got = ids(seen)
    assert len(got) == len(set(got)), "duplicates across pages"
    assert sorted(got) == sorted(bulk["bob_posts"]), f"{len(got)} of {len(bulk['bob_posts'])}"
    assert got == sorted(got, key=int, reverse=True)
    assert pages == 6, "5 full pages of 20, then 5 statuses"


def test_account_statuses_walk_with_fetch_next(bulk):
    alice = bulk["alice"]
    first = alice.account_statuses(bulk["bob_acct"]["id"])  # default limit 20
    assert len(first) == 20
    seen, pages = walk_pages(alice, first)
    got = ids(seen)
    assert len(got) == len(set(got)), "duplicates across pages"
    assert sorted(got) == sorted(bulk["bob_posts"]) and len(got) == 105
    assert got == sorted(got, key=int, reverse=True)
    # since_id and min_id from the first status: nothing newer.
    assert alice.account_statuses(bulk["bob_acct"]["id"], since_id=got[0]) == []
    # min_id returns the page right after the cursor, still newest first.
    after = alice.account_statuses(bulk["bob_acct"]["id"], min_id=got[-1], limit=5)
    assert ids(after) == got[-6:-1], ids(after)


# -- HTML, mentions and hashtags --------------------------------------------------------------------

def test_status_html_mention_hashtag_link_and_their_effects(login, srv):
    alice, alice_acct = login("alice")
    bob, bob_acct = login("bob")
    tag = unique("Parloir")
    text = f"Hello @{bob_acct['username']}, see #{tag} and https://example.org/some/path?x=1 now"
    st = alice.status_post(text)
    html = st["content"]
    m = re.search(r'<a href="([^"]+)" class="u-url mention">@<span>([^<]+)</span></a>', html)
    assert m, html
    assert m.group(1) == bob_acct["url"] == f"{srv.base_url}/@{bob_acct['username']}"
    assert m.group(2) == bob_acct["username"]
    assert '<span class="h-card" translate="no">' in html
    m = re.search(r'<a href="([^"]+)" class="mention hashtag" rel="tag">#<span>([^<]+)</span></a>', html)
    assert m, html
    # Mastodon keeps the author's case in the link text (and in the href); tag lookups ignore case.
    assert m.group(1).lower() == f"{srv.base_url}/tags/{tag.lower()}" and m.group(2) == tag, m.groups()
    m = re.search(r'<a href="https://example.org/some/path\?x=1"[^>]*\brel="nofollow noopener"[^>]*>', html)
    assert m, html
    assert 'target="_blank"' in m.group(0)
    assert re.sub(r"<[^>]+>", "", html) == text, html
    assert [(str(x["id"]), x["acct"], x["url"]) for x in st["mentions"]] == [
        (str(bob_acct["id"]), bob_acct["acct"], bob_acct["url"])]
    assert [t["name"].lower() for t in st["tags"]] == [tag.lower()]
    assert st["tags"][0]["url"].lower() == f"{srv.base_url}/tags/{tag.lower()}"

    [n] = bob.notifications()
    assert n["type"] == "mention" and str(n["status"]["id"]) == str(st["id"])
    assert str(n["account"]["id"]) == str(alice_acct["id"])

    assert ids(bob.timeline_hashtag(tag.lower())) == [str(st["id"])]
    assert ids(alice.timeline_hashtag(tag)) == [str(st["id"])], "tag lookup is case-insensitive"
    anon = Mastodon(api_base_url=srv.base_url)
    assert ids(anon.timeline_hashtag(tag.lower())) == [str(st["id"])]
    assert str(st["id"]) in ids(anon.timeline_public(local=True, limit=40))
    assert str(st["id"]) in ids(anon.timeline_public(limit=40))


def test_account_statuses_filters(login):
    alice, alice_acct = login("alice")
    bob, _ = login("bob")
    tag = unique("only")
    plain = alice.status_post("plain")
    tagged = alice.status_post(f"tagged #{tag}")
    other = bob.status_post("bob's post")
    reply = alice.status_reply(other, "a reply to bob")
    self_reply = alice.status_reply(plain, "a thread continues")
    boost = alice.status_reblog(other["id"])
    every = ids(alice.account_statuses(alice_acct["id"]))
    assert every == ids([boost, self_reply, reply, tagged, plain]), every
    assert ids(alice.account_statuses(alice_acct["id"], exclude_reblogs=True)) == \
        ids([self_reply, reply, tagged, plain])
    # Mastodon keeps self-replies (threads) with exclude_replies.
    assert ids(alice.account_statuses(alice_acct["id"], exclude_replies=True)) == \
        ids([boost, self_reply, tagged, plain])
    assert ids(alice.account_statuses(alice_acct["id"], tagged=tag)) == [str(tagged["id"])]
    assert alice.account_statuses(alice_acct["id"], only_media=True) == []


def test_public_timeline_flags_and_tag_any_all_none(login, srv):
    alice, _ = login("alice")
    a, b = unique("ta"), unique("tb")
    only_a = alice.status_post(f"one #{a}")
    only_b = alice.status_post(f"two #{b}")
    both = alice.status_post(f"three #{a} #{b}")
    anon = Mastodon(api_base_url=srv.base_url)
    local = ids(anon.timeline_public(local=True, limit=40))
    assert ids([both, only_b, only_a]) == [x for x in local if x in ids([both, only_b, only_a])]
    assert not set(ids([both, only_a])) & set(ids(anon.timeline_public(remote=True, limit=40))), \
        "remote=true lists no local statuses"
    assert not set(ids([both, only_a])) & set(ids(anon.timeline_public(only_media=True, limit=40)))

    def tag_ids(tag, **params):
        r = requests.get(f"{srv.base_url}/api/v1/timelines/tag/{tag}", params=params, timeout=30)
        assert r.status_code == 200, r.text
        return ids(r.json())

    assert tag_ids(a) == ids([both, only_a])
    assert tag_ids(a, **{"any[]": [b]}) == ids([both, only_b, only_a])
    assert tag_ids(a, **{"all[]": [b]}) == ids([both])
    assert tag_ids(a, **{"none[]": [b]}) == ids([only_a])
    assert tag_ids(a, local="true") == ids([both, only_a])
    assert tag_ids(unique("nothing")) == []
