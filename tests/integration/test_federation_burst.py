"""Bursts of activities from one author between two real Parloir instances: concurrent inbound
Creates from the same actor (including its very first sight on the receiving side) must all be
accepted at once, not left to a delivery retry with backoff (a uniqueness race inserting the
remote account once sent the second of two back-to-back posts 15 s+ later)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from fed_util import Client, fed_server, wait_for

BURST = 20
# Generous for a loaded 2-core machine with ASan, yet far below the first retry (15 s).
ARRIVAL_S = 8.0


@pytest.fixture
def pair(server_factory):
    # 8 delivery workers on A, so the burst really reaches B concurrently.
    return (fed_server(server_factory, PARLOIR_FEDERATION_DELIVERY_WORKERS="8"), fed_server(server_factory))


def post_burst(client: Client, texts: list[str], visibility: str = "public") -> None:
    token = client.m.access_token
    url = client.server.base_url + "/api/v1/statuses"

    def one(text):
        r = requests.post(url, headers={"Authorization": f"Bearer {token}"},
                          data={"status": text, "visibility": visibility}, timeout=30)
        assert r.status_code == 200, r.text
    with ThreadPoolExecutor(BURST) as ex:
        list(ex.map(one, texts))


def test_burst_from_a_new_remote_author_arrives_at_once(pair):
    a, b = pair
    alice = Client(a, "alice")
    bob = Client(b, "bob")
    # B has never seen alice: each post mentions bob, so A delivers it to bob's inbox, and the
    # first Creates to arrive all find alice unknown and fetch her actor at the same time.
    texts = [f"@{bob.handle} burst {i} from a stranger" for i in range(BURST)]
    alice.resolve(bob)
    post_burst(alice, texts)

    def arrived():
        got = {n["status"]["content"] for n in bob.m.notifications(types=["mention"], limit=40)}
        return all(any(f"burst {i} from a stranger" in c for c in got) for i in range(BURST))
    wait_for(arrived, timeout=ARRIVAL_S, interval=0.1, what=f"all {BURST} mentions on B")
    # One remote account, however many Creates raced to create it.
    found = bob.m.search_v2(f"@{alice.handle}", resolve=False, result_type="accounts")["accounts"]
    assert [x["acct"] for x in found] == [alice.handle]
    assert b.healthy()


def test_burst_to_a_follower_arrives_at_once(pair):
    a, b = pair
    alice = Client(a, "alice")
    bob = Client(b, "bob")
    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="Accept")
    texts = [f"back to back {i}" for i in range(BURST)]
    post_burst(alice, texts)

    def arrived():
        got = " ".join(s["content"] for s in bob.m.timeline_home(limit=40))
        return all(f"back to back {i}<" in got for i in range(BURST))  # "<p>back to back 7</p>"
    wait_for(arrived, timeout=ARRIVAL_S, interval=0.1, what=f"all {BURST} posts in bob's home on B")
    assert bob.m.account(alice_on_b["id"])["statuses_count"] == BURST
