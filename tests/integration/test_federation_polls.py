"""Polls over federation (issue 6): a local poll federates as a Question (oneOf/anyOf, endTime,
votersCount) and shows as a poll on the other instance; a vote there is sent back as Mastodon
sends it (a Create(Note) named after the option, in reply to the Question) and counted by the
poll's instance; a multiple-choice poll travels as anyOf. Two real Parloir instances, Mastodon.py."""
from __future__ import annotations

from fed_util import Client, fed_server, wait_for


def status_on(client: Client, needle: str):
    for s in client.m.timeline_home(limit=40):
        if needle in s["content"]:
            return s
    return None


def test_poll_and_votes_across_instances(server_factory):
    a, b = fed_server(server_factory), fed_server(server_factory)
    alice, bob, carol = Client(a, "alice"), Client(b, "bob"), Client(b, "carol")
    alice_on_b = bob.resolve(alice)
    for c in (bob, carol):
        c.m.account_follow(alice_on_b["id"])
        wait_for(lambda c=c: c.m.account_relationships(alice_on_b["id"])[0]["following"], what="follow accepted")

    poll = alice.m.make_poll(["tea", "coffee", "water"], expires_in=3600)
    mine = alice.m.status_post("what do you drink?", poll=poll)
    seen = wait_for(lambda: status_on(bob, "what do you drink?"), what="poll on B")
    assert seen["poll"] is not None
    assert [o["title"] for o in seen["poll"]["options"]] == ["tea", "coffee", "water"]
    assert seen["poll"]["multiple"] is False
    assert seen["poll"]["expires_at"] is not None
    # endTime carried over (Mastodon.py parses both into datetimes)
    assert abs((seen["poll"]["expires_at"] - mine["poll"]["expires_at"]).total_seconds()) < 1

    # bob's vote on B reaches A and is counted there; carol's too.
    bob.m.poll_vote(seen["poll"]["id"], [1])  # Mastodon.py 1.8 drops the response body
    voted = bob.m.poll(seen["poll"]["id"])
    assert voted["voted"] is True and voted["own_votes"] == [1]
    seen_c = wait_for(lambda: status_on(carol, "what do you drink?"), what="poll on B for carol")
    carol.m.poll_vote(seen_c["poll"]["id"], [2])
    counted = wait_for(lambda: (lambda p: p if p["votes_count"] == 2 else None)(alice.m.poll(mine["poll"]["id"])),
                       what="remote votes counted on A")
    assert [o["votes_count"] for o in counted["options"]] == [0, 1, 1]
    assert counted["voters_count"] == 2

    # A multiple-choice poll travels as anyOf.
    multi = alice.m.make_poll(["red", "green", "blue"], expires_in=3600, multiple=True)
    alice.m.status_post("pick colours", poll=multi)
    seen_m = wait_for(lambda: status_on(bob, "pick colours"), what="multiple-choice poll on B")
    assert seen_m["poll"]["multiple"] is True
    bob.m.poll_vote(seen_m["poll"]["id"], [0, 2])
    mine_m = [s for s in alice.m.account_statuses(alice.me["id"]) if "pick colours" in s["content"]][0]
    counted_m = wait_for(lambda: (lambda p: p if p["votes_count"] == 2 else None)(alice.m.poll(mine_m["poll"]["id"])),
                         what="both choices counted on A")
    assert [o["votes_count"] for o in counted_m["options"]] == [1, 0, 1]
    assert counted_m["voters_count"] == 1
    assert a.healthy() and b.healthy()
