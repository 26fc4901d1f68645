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
