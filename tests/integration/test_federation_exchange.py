"""Two real Parloir instances on 127.0.0.1 exchanging ActivityPub: follow (also of a locked
account, approved), posts in every visibility, reply, favourite, boost, edit, delete, unfollow —
each checked on the other side through Mastodon.py."""
from __future__ import annotations

import pytest
import requests
from mastodon import MastodonNotFoundError

from fed_util import Client, fed_server, wait_for


@pytest.fixture
def pair(server_factory):
    return fed_server(server_factory), fed_server(server_factory)


def status_on(client: Client, needle: str):
    """The status containing `needle` in client's home timeline, or None."""
    for s in client.m.timeline_home(limit=40):
        if needle in s["content"]:
            return s
    return None


def test_follow_posts_and_interactions_across_instances(pair):
    a, b = pair
    alice = Client(a, "alice")
    bob = Client(b, "bob")
    dave = Client(b, "dave")  # on B, follows nobody: must never see alice's restricted posts

    # Discovery: WebFinger + actor document, then follow through the normal client API.
    alice_on_b = bob.resolve(alice)
    assert alice_on_b["url"].startswith(a.base_url)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="Accept of bob's Follow")
    followers = alice.m.account_followers(alice.me["id"])
    assert [f["acct"] for f in followers] == [bob.handle]
    assert any(n["type"] == "follow" for n in alice.m.notifications())

    # Public post reaches the follower's home timeline.
    pub = alice.m.status_post("hello fediverse from alice", visibility="public")
    seen = wait_for(lambda: status_on(bob, "hello fediverse from alice"), what="public post on B")
    assert seen["account"]["acct"] == alice.handle
    assert seen["visibility"] == "public"
    assert seen["uri"] == pub["uri"]

    # Followers-only: the follower sees it, a non-follower on the same server cannot.
    alice.m.status_post("for my followers only", visibility="private")
    priv = wait_for(lambda: status_on(bob, "for my followers only"), what="private post on B")
    assert priv["visibility"] == "private"
    with pytest.raises(MastodonNotFoundError):
        dave.m.status(priv["id"])
    assert not any("for my followers only" in s["content"] for s in dave.m.timeline_public(limit=40))

    # Direct: only the mentioned account.
    alice.m.status_post(f"@{bob.handle} a secret for bob", visibility="direct")
    dm = wait_for(lambda: [n for n in bob.m.notifications(types=["mention"])
                           if "a secret for bob" in n["status"]["content"]], what="direct mention on B")[0]
    assert dm["status"]["visibility"] == "direct"
    with pytest.raises(MastodonNotFoundError):
        dave.m.status(dm["status"]["id"])

    # Reply from B threads under alice's post on A, with a mention notification.
    bob.m.status_post(f"@{alice.handle} nice post!", in_reply_to_id=seen["id"], visibility="public")
    reply = wait_for(lambda: [n for n in alice.m.notifications(types=["mention"])
                              if "nice post!" in n["status"]["content"]], what="reply on A")[0]["status"]
    assert reply["in_reply_to_id"] == pub["id"]
    assert reply["account"]["acct"] == bob.handle
    ctx = alice.m.status_context(pub["id"])
    assert [d["id"] for d in ctx["descendants"]] == [reply["id"]]

    # Favourite and boost from B are seen on A.
    bob.m.status_favourite(seen["id"])
    wait_for(lambda: alice.m.status(pub["id"])["favourites_count"] == 1, what="favourite on A")
    assert any(n["type"] == "favourite" and n["account"]["acct"] == bob.handle for n in alice.m.notifications())
    bob.m.status_reblog(seen["id"])
    wait_for(lambda: alice.m.status(pub["id"])["reblogs_count"] == 1, what="boost on A")
    bob.m.status_unfavourite(seen["id"])
    wait_for(lambda: alice.m.status(pub["id"])["favourites_count"] == 0, what="unfavourite on A")
    bob.m.status_unreblog(seen["id"])
    wait_for(lambda: alice.m.status(pub["id"])["reblogs_count"] == 0, what="unboost on A")

    # Edit and delete on A are applied on B.
    alice.m.status_update(pub["id"], "hello fediverse from alice (edited)")
    wait_for(lambda: "(edited)" in bob.m.status(seen["id"])["content"], what="edit on B")
    assert bob.m.status(seen["id"])["edited_at"] is not None
    alice.m.status_delete(pub["id"])

    def gone():
        try:
            bob.m.status(seen["id"])
            return False
        except MastodonNotFoundError:
            return True
    wait_for(gone, what="delete on B")

    # Unfollow: alice loses her follower.
    bob.m.account_unfollow(alice_on_b["id"])
    wait_for(lambda: alice.m.account_followers(alice.me["id"]) == [], what="Undo Follow on A")
    alice.m.status_post("after the unfollow", visibility="public")
    import time
    time.sleep(2)
    assert status_on(bob, "after the unfollow") is None


def test_locked_account_approves_remote_follower(pair):
    a, b = pair
    carol = Client(a, "carol", locked=True)
    bob = Client(b, "bob")
    carol_on_b = bob.resolve(carol)
    assert carol_on_b["locked"] is True
    rel = bob.m.account_follow(carol_on_b["id"])
    assert rel["requested"] is True and rel["following"] is False
    requests_ = wait_for(lambda: carol.m.follow_requests(), what="follow request on A")
    assert [r["acct"] for r in requests_] == [bob.handle]
    carol.m.status_post("only for approved followers", visibility="private")
    carol.m.follow_request_authorize(requests_[0]["id"])
    wait_for(lambda: bob.m.account_relationships(carol_on_b["id"])[0]["following"], what="Accept on B")
    carol.m.status_post("now you can read this", visibility="private")
    wait_for(lambda: status_on(bob, "now you can read this"), what="private post after approval")


def test_rejected_follow_request(pair):
    a, b = pair
    carol = Client(a, "carol", locked=True)
    bob = Client(b, "bob")
    carol_on_b = bob.resolve(carol)
    bob.m.account_follow(carol_on_b["id"])
    req = wait_for(lambda: carol.m.follow_requests(), what="follow request on A")
    carol.m.follow_request_reject(req[0]["id"])
    wait_for(lambda: not bob.m.account_relationships(carol_on_b["id"])[0]["requested"], what="Reject on B")
    assert bob.m.account_relationships(carol_on_b["id"])[0]["following"] is False


def test_documents_and_content_negotiation(server_factory):
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    name = alice.user.username
    for resource in (f"acct:{name}@{a.host}", f"acct:{name}@127.0.0.1"):
        r = requests.get(a.base_url + "/.well-known/webfinger", params={"resource": resource}, timeout=10)
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].startswith("application/jrd+json")
        links = [l for l in r.json()["links"] if l["rel"] == "self"]
        assert links[0]["href"] == f"{a.base_url}/users/{name}"
    assert requests.get(a.base_url + "/.well-known/webfinger",
                        params={"resource": f"acct:nobody@{a.host}"}, timeout=10).status_code == 404
    for accept in ("application/activity+json",
                   'application/ld+json; profile="https://www.w3.org/ns/activitystreams"', "application/json"):
        r = requests.get(f"{a.base_url}/users/{name}", headers={"Accept": accept}, timeout=10)
        assert r.status_code == 200
        assert r.headers["Content-Type"].startswith("application/activity+json")
        doc = r.json()
        assert doc["id"] == f"{a.base_url}/users/{name}" and doc["type"] == "Person"
        assert doc["inbox"] == doc["id"] + "/inbox" and doc["endpoints"]["sharedInbox"] == a.base_url + "/inbox"
        assert doc["publicKey"]["owner"] == doc["id"]
        assert "BEGIN PUBLIC KEY" in doc["publicKey"]["publicKeyPem"]
    r = requests.get(f"{a.base_url}/users/{name}", headers={"Accept": "text/html"}, allow_redirects=False, timeout=10)
    assert r.status_code in (301, 302, 303) and r.headers["Location"] == f"{a.base_url}/@{name}"
    pub = alice.m.status_post("a note", visibility="public")
    r = requests.get(pub["uri"], headers={"Accept": "application/activity+json"}, timeout=10)
    assert r.status_code == 200 and r.json()["type"] == "Note" and r.json()["content"] == pub["content"]
    assert "https://www.w3.org/ns/activitystreams#Public" in r.json()["to"]
    priv = alice.m.status_post("a private note", visibility="private")
    assert requests.get(priv["uri"], headers={"Accept": "application/activity+json"}, timeout=10).status_code == 404
    # The same key on every fetch (stored, not regenerated).
    k1 = requests.get(f"{a.base_url}/users/{name}", headers={"Accept": "application/activity+json"}).json()
    a.stop()
    a.start()
    k2 = requests.get(f"{a.base_url}/users/{name}", headers={"Accept": "application/activity+json"}).json()
    assert k1["publicKey"]["publicKeyPem"] == k2["publicKey"]["publicKeyPem"]


def test_off_mode_answers_404(server_factory):
    a = server_factory(env={"PARLOIR_FEDERATION_MODE": "off"}).start()
    alice = Client(a, "alice")
    name = alice.user.username
    for path in (f"/.well-known/webfinger?resource=acct:{name}@{a.host}", f"/users/{name}"):
        assert requests.get(a.base_url + path, headers={"Accept": "application/activity+json"},
                            timeout=10).status_code == 404
    for path in ("/inbox", f"/users/{name}/inbox"):
        assert requests.post(a.base_url + path, data="{}", timeout=10,
                             headers={"Content-Type": "application/activity+json"}).status_code == 404
    # The client API keeps working.
    assert alice.m.status_post("still works")["content"]


def test_profile_update_and_block_across_instances(pair):
    a, b = pair
    alice = Client(a, "alice")
    bob = Client(b, "bob")
    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="follow accepted")

    # Update(Person): the new display name and bio show on B.
    alice.m.account_update_credentials(display_name="Alice Remote", note="I federate")
    wait_for(lambda: bob.m.account(alice_on_b["id"])["display_name"] == "Alice Remote", what="Update(Person) on B")
    assert "I federate" in bob.m.account(alice_on_b["id"])["note"]

    # Block from A severs bob's follow on both sides.
    bob_on_a = alice.resolve(bob)
    alice.m.account_block(bob_on_a["id"])
    assert alice.m.account_followers(alice.me["id"]) == []
    wait_for(lambda: not bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="Block applied on B")
    alice.m.status_post("bob must not get this", visibility="public")
    import time
    time.sleep(2)
    assert status_on(bob, "bob must not get this") is None
