"""Unavailable domains (issue 6 item 2): a peer whose deliveries keep failing for
federation.unavailable_after is marked unavailable and gets nothing more; a verified inbound
activity from it makes it available again and deliveries resume. A real Parloir instance and a
hand-written peer (fake_peer.py) that can go down and come back on the same port."""
from __future__ import annotations

import json
import time

from fake_peer import AS, FakePeer
from fed_util import Client, fed_server, wait_for


def posts_received(peer: FakePeer, text: str) -> int:
    return sum(1 for r in peer.received if text in r["body"].decode(errors="replace"))


def test_failing_domain_marked_unavailable_then_revived(server_factory):
    a = fed_server(server_factory, PARLOIR_FEDERATION_UNAVAILABLE_AFTER="2s")
    alice = Client(a, "alice")
    peer = FakePeer()
    try:
        alice_uri = f"{a.base_url}/users/{alice.user.username}"
        follow = json.dumps({"@context": AS, "id": peer.actor_uri() + "/follows/1", "type": "Follow",
                             "actor": peer.actor_uri(), "object": alice_uri}).encode()
        assert peer.signed_post(a.base_url + "/inbox", follow).status_code == 202
        wait_for(lambda: any(json.loads(r["body"]).get("type") == "Accept" for r in peer.received), what="Accept")
        alice.m.status_post("reachable")
        wait_for(lambda: posts_received(peer, "reachable"), what="first post delivered")

        # The peer goes down: two failures more than 2 s apart mark it unavailable.
        peer.close()
        alice.m.status_post("lost one")
        time.sleep(3)
        alice.m.status_post("lost two")
        time.sleep(2)

        # Back up, but marked unavailable: nothing is sent to it any more.
        peer.reopen()
        alice.m.status_post("while unavailable")
        time.sleep(4)
        assert posts_received(peer, "while unavailable") == 0

        # A verified activity from the peer revives it; deliveries resume.
        assert peer.signed_post(a.base_url + "/inbox", peer.create_note("i am back")).status_code == 202
        alice.m.status_post("welcome back")
        wait_for(lambda: posts_received(peer, "welcome back"), what="delivery after revival")
        assert posts_received(peer, "welcome back") == 1
        assert a.healthy()
    finally:
        peer.close()
