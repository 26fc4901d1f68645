"""Organisation controls across two federated Parloir instances (127.0.0.1, plain http allowed
by configuration): a local-only status on A never becomes visible on B by any path — delivery
to a follower, fetch of its URI/URL, a reblog or a reply (mentioning B's user) by another local
user of A, search with resolve, notifications — and an expiring status delivered to B is
deleted on B at its time (the expiry runner on A federates a Delete).

Each negative check is paired with a control that travels the same path for a normal status,
so "nothing arrived" means the path was closed, not that federation was idle."""
from __future__ import annotations

import time

import pytest
import requests
from mastodon import MastodonNotFoundError

from fed_util import Client, fed_server, unique, wait_for
from helpers import bearer

AP_ACCEPTS = ("application/activity+json",
              'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
              "application/json")


def post(client: Client, **data) -> dict:
    """POST /api/v1/statuses with raw form fields (Mastodon.py has no `local_only`)."""
    r = requests.post(client.server.base_url + "/api/v1/statuses", data=data,
                      headers=bearer(client.m.access_token), timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def texts(statuses) -> str:
    """Everything a client could read of these statuses (and their reblogged originals)."""
    out = []
    for s in statuses:
        out.append(s["content"])
        if s.get("reblog"):
            out.append(s["reblog"]["content"])
    return "\n".join(out)


def notification_texts(client: Client) -> str:
    return "\n".join((n.get("status") or {}).get("content", "") for n in client.m.notifications(limit=40))


def test_local_only_status_never_reaches_the_other_instance(server_factory):
    a, b = fed_server(server_factory), fed_server(server_factory)
    alice = Client(a, "alice")  # author on A
    carol = Client(a, "carol")  # another member of A: reblogs and replies
    bob = Client(b, "bob")      # on B, follows both
    alice_on_b, carol_on_b = bob.resolve(alice), bob.resolve(carol)
    for acct in (alice_on_b, carol_on_b):
        bob.m.account_follow(acct["id"])
        wait_for(lambda acct=acct: bob.m.account_relationships(acct["id"])[0]["following"],
                 what="Accept of bob's Follow")

    secret = unique("SECRETMARK")
    # Two ways to ask for local-only: the flag, and Parloir's "local" visibility.
    lo = post(alice, status=f"{secret} for members only, cc @{bob.handle}", local_only="true",
              visibility="public")
    lo_vis = post(alice, status=f"{secret} second, via visibility", visibility="local")
    assert lo["local_only"] is True and lo_vis["local_only"] is True
    assert [m["acct"] for m in lo["mentions"]] == [bob.handle]

    # Another local user reblogs it and replies to it, mentioning the remote follower. The reply
    # to a local-only status is itself local-only, even when the client asks otherwise.
    carol.m.status_reblog(lo["id"])
    reply = post(carol, status=f"@{bob.handle} {secret} reply in the thread", in_reply_to_id=lo["id"],
                 visibility="public", local_only="false")
    assert reply["local_only"] is True
    assert reply["in_reply_to_id"] == lo["id"]
    reply_to_reply = post(alice, status=f"{secret} deeper in the thread", in_reply_to_id=reply["id"])
    assert reply_to_reply["local_only"] is True
    # On A, members see everything.
    assert secret in texts(carol.m.timeline_home(limit=40))

    # Controls, posted after the local-only ones through the same paths: a public post, its
    # reblog by carol, and carol's reply to it mentioning bob. Once these are on B, the
    # deliveries queued before them have been processed.
    control = unique("CONTROLMARK")
    pub = post(alice, status=f"{control} public post", visibility="public")
    carol.m.status_reblog(pub["id"])
    post(carol, status=f"@{bob.handle} {control} public reply", in_reply_to_id=pub["id"], visibility="public")
    wait_for(lambda: control in texts(bob.m.timeline_home(limit=40)), what="control post on B")
    wait_for(lambda: any(s.get("reblog") and control in s["reblog"]["content"]
                         for s in bob.m.account_statuses(carol_on_b["id"], limit=40)), what="control reblog on B")
    wait_for(lambda: "public reply" in notification_texts(bob), what="control reply's mention on B")
    time.sleep(2)  # and any straggler delivery

    # 1. Not delivered: home timeline, the authors' statuses as B knows them, public timelines.
    assert secret not in texts(bob.m.timeline_home(limit=40))
    assert secret not in texts(bob.m.account_statuses(alice_on_b["id"], limit=40))
    assert secret not in texts(bob.m.account_statuses(carol_on_b["id"], limit=40))
    assert secret not in texts(bob.m.timeline_public(limit=40))
    assert secret not in texts(bob.m.timeline_public(limit=40, remote=True))
    # 2. No notification on B (mention in the status, mention in the reply, nothing else).
    assert secret not in notification_texts(bob)
    assert not [n for n in bob.m.notifications(limit=40) if n["type"] != "mention"]
    # 3. Not fetchable from A by its URI or URL, whatever ActivityPub Accept is sent; the
    #    public control is, so the route works.
    for accept in AP_ACCEPTS:
        ok = requests.get(pub["uri"], headers={"Accept": accept}, timeout=10)
        assert ok.status_code == 200 and ok.json()["type"] == "Note", (accept, ok.status_code, ok.text[:200])
        for st in (lo, lo_vis, reply, reply_to_reply):
            for address in (st["uri"], st["url"]):
                r = requests.get(address, headers={"Accept": accept}, timeout=10, allow_redirects=True)
                assert r.status_code == 404, (address, accept, r.status_code, r.text[:200])
                assert secret not in r.text
    # Anonymous client API on A does not show it either (only signed-in members do).
    r = requests.get(f"{a.base_url}/api/v1/statuses/{lo['id']}", timeout=10)
    assert r.status_code == 404
    # 4. Search with resolve on B, by URI, URL and text, finds nothing.
    for q in (lo["uri"], lo["url"], reply["uri"], secret):
        found = bob.m.search_v2(q, resolve=True)
        assert found["statuses"] == [], (q, found["statuses"])
        assert secret not in texts(found["statuses"])
    # 5. Deleting the local-only status sends nothing either; the control's delete does.
    alice.m.status_delete(lo["id"])
    alice.m.status_delete(pub["id"])
    wait_for(lambda: f"{control} public post" not in texts(bob.m.timeline_home(limit=40)),
             what="control delete on B")
    assert secret not in texts(bob.m.timeline_home(limit=40))


def test_expiring_status_is_deleted_on_the_peer_at_its_time(server_factory):
    fast = {"PARLOIR_INSTANCE_MIN_EXPIRES_IN": "1"}
    a, b = fed_server(server_factory, **fast), fed_server(server_factory, **fast)
    alice = Client(a, "alice")
    bob = Client(b, "bob")
    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="Accept of bob's Follow")

    marker = unique("EXPIRING")
    expires_in = 10  # room for the delivery to B on a loaded machine before the status expires
    posted_at = time.monotonic()
    st = post(alice, status=f"{marker} valid for ten seconds", visibility="public", expires_in=str(expires_in))

    def on_b(needle):
        return [s for s in bob.m.timeline_home(limit=40) if needle in s["content"]]

    seen = wait_for(lambda: on_b("valid for ten seconds"), timeout=expires_in - 1, what="expiring post on B")[0]
    # why: posted once the first has arrived — two Creates from one actor arriving at once have
    # been seen to delay one of them by a delivery retry (under investigation); this test is
    # about the expiry, not that race.
    keep = post(alice, status=f"{marker} stays", visibility="public")
    wait_for(lambda: on_b("stays"), what="the other post on B")
    assert bob.m.status(seen["id"])["uri"] == st["uri"]

    def gone_on_b():
        try:
            bob.m.status(seen["id"])
            return False
        except MastodonNotFoundError:
            return True
    wait_for(gone_on_b, timeout=expires_in + 30, interval=0.25, what="the expired status deleted on B")
    gone_after = time.monotonic() - posted_at
    assert gone_after >= expires_in - 0.05, f"gone on B after {gone_after:.1f}s, before its time"
    assert on_b("valid for ten seconds") == []
    assert "valid for ten seconds" not in texts(bob.m.account_statuses(alice_on_b["id"], limit=40))
    # Gone on A as well, fetchable by nobody; the other status stays on both sides.
    with pytest.raises(MastodonNotFoundError):
        alice.m.status(st["id"])
    assert requests.get(st["uri"], headers={"Accept": "application/activity+json"}, timeout=10).status_code == 404
    assert on_b("stays")
    assert str(alice.m.status(keep["id"])["id"]) == keep["id"]
