"""At-least-once delivery: posts made while the peer is down and the sender is then killed
with SIGKILL all arrive once both are running again."""
from __future__ import annotations

from fed_util import Client, fed_server, wait_for


def test_deliveries_survive_kill9_of_the_sender(server_factory):
    a = fed_server(server_factory)
    b = fed_server(server_factory)
    alice = Client(a, "alice")
    bob = Client(b, "bob")
    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="follow accepted")

    b.kill()  # the peer is down: deliveries fail and wait for a retry
    texts = [f"queued post {i}" for i in range(20)]
    for t in texts:
        alice.m.status_post(t, visibility="public")
    a.kill()  # SIGKILL with the deliveries still queued
    b.start()
    a.start()

    def arrived():
        home = " ".join(s["content"] for s in bob.m.timeline_home(limit=40))
        return all(t in home for t in texts)
    wait_for(arrived, timeout=120, interval=1, what="all 20 queued posts on B after the restart")
    home = [s["content"] for s in bob.m.timeline_home(limit=40)]
    for t in texts:  # at-least-once, but stored once (deduplicated by URI)
        assert sum(c == f"<p>{t}</p>" for c in home) == 1, t


def test_shutdown_does_not_wait_for_a_hanging_peer(server_factory):
    """A peer that accepts connections and never answers must not hold a SIGTERM for the 30 s
    request timeout: transfers in progress are cancelled, the delivery stays queued."""
    import json
    import socket
    import sqlite3
    import time

    from fake_peer import FakePeer

    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(16)  # accepts (in the kernel) and never answers
    peer = FakePeer()
    try:
        a = fed_server(server_factory)
        alice = Client(a, "alice")
        actor = peer.actor("evil")
        actor["inbox"] = f"http://127.0.0.1:{hole.getsockname()[1]}/inbox"
        actor["endpoints"] = {}
        peer.overrides["/users/evil"] = actor
        follow = json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "type": "Follow",
                             "id": peer.actor_uri() + "#follows/1", "actor": peer.actor_uri(),
                             "object": f"{a.base_url}/users/{alice.user.username}"}).encode()
        assert peer.signed_post(a.base_url + "/inbox", follow).status_code == 202
        time.sleep(1.5)  # the Accept is now stuck sending to the black hole
        started = time.monotonic()
        a.stop(timeout=15)
        assert time.monotonic() - started < 10
        con = sqlite3.connect(a.db_path)
        assert con.execute("SELECT count(*) FROM deliveries").fetchone()[0] == 1  # kept for a retry
        con.close()
    finally:
        peer.close()
        hole.close()


def test_thousand_pending_deliveries_survive_kill9(server_factory):
    """Issue 6: kill -9 with 1,000 deliveries pending — every one arrives after the restart and
    is stored exactly once on the peer."""
    import sqlite3

    a = fed_server(server_factory)
    b = fed_server(server_factory)
    alice = Client(a, "alice")
    bob = Client(b, "bob")
    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="follow accepted")

    b.kill()  # the peer is down: every delivery waits for a retry
    n = 1000
    for i in range(n):
        alice.m.status_post(f"bulk post {i}", visibility="public")
    con = sqlite3.connect(a.db_path)
    queued = con.execute("SELECT count(*) FROM deliveries").fetchone()[0]
    con.close()
    assert queued >= n, queued  # one per post (the follower's inbox), none delivered
    a.kill()  # SIGKILL with them all still queued
    b.start()
    a.start()

    def count_on_b():
        con = sqlite3.connect(b.db_path)
        try:
            total, distinct = con.execute(
                "SELECT count(*), count(DISTINCT uri) FROM statuses WHERE account_id = ? AND content LIKE '%bulk post %'",
                (int(alice_on_b["id"]),)).fetchone()
        finally:
            con.close()
        return (total, distinct) if total >= n else None

    total, distinct = wait_for(count_on_b, timeout=300, interval=2, what=f"all {n} posts on B")
    assert total == n and distinct == n
    wait_for(lambda: sqlite3.connect(a.db_path).execute("SELECT count(*) FROM deliveries").fetchone()[0] == 0,
             timeout=60, interval=1, what="A's queue drained")
