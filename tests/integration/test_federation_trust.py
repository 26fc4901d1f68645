"""Who may claim what, against a peer we script (tests/integration/fake_peer.py): a Move is
recorded only from the account itself and to a target that lists it in alsoKnownAs (else
refused, nothing recorded); an actor whose WebFinger does not lead back to it does not get its
handle (its activities are refused); an Update(Person) carrying a new key signed with that new
key is refused, and a key carried in a correctly signed Update never replaces the stored one
(only the origin's own document may), while key re-fetches are rate-limited."""
from __future__ import annotations

import json
import time

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from mastodon import Mastodon

from fake_peer import AS, FakePeer
from fed_util import Client, fed_server, wait_for


@pytest.fixture
def peer():
    p = FakePeer()
    yield p
    p.close()


def public_texts(server) -> list[str]:
    return [s["content"] for s in Mastodon(api_base_url=server.base_url).timeline_public(limit=40)]


def lookup(client: Client, acct: str):
    """The account `acct` as the server holds it (search without resolving), or None."""
    found = client.m.search_v2(f"@{acct}", resolve=False, result_type="accounts")
    return next((x for x in found["accounts"] if x["acct"] == acct), None)


def sent(peer: FakePeer) -> list[dict]:
    return [json.loads(e["body"]) for e in list(peer.received)]


def activity(peer: FakePeer, kind: str, obj, name: str = "evil", **extra) -> bytes:
    uri = peer.actor_uri(name)
    return json.dumps({"@context": AS, "id": f"{uri}/activities/{time.time_ns()}", "type": kind, "actor": uri,
                       "object": obj, **extra}).encode()


def test_move_needs_the_origin_itself_and_a_target_listing_it(server_factory, peer):
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    inbox = a.base_url + "/inbox"
    # mover is known here (it posted) and followed by alice.
    assert peer.signed_post(inbox, peer.create_note("mover was here", name="mover"), name="mover").status_code == 202
    handle = f"mover@127.0.0.1:{peer.port}"
    mover = lookup(alice, handle)
    assert mover and "moved" not in mover
    # alice and bob follow mover (a remote follow is a request until the peer accepts; accept
    # them as a peer would).
    bob = Client(a, "bob")
    for c in (alice, bob):
        c.m.account_follow(mover["id"])
        c_uri = f"{a.base_url}/users/{c.user.username}"
        follow = wait_for(lambda: next((x for x in sent(peer) if x["type"] == "Follow" and x["actor"] == c_uri), None),
                          what="the Follow")
        assert peer.signed_post(inbox, activity(peer, "Accept", follow, name="mover"), name="mover").status_code == 202
        wait_for(lambda: c.m.account_relationships(mover["id"])[0]["following"], what="follows mover")
    # The future target blocks bob: bob will stay with mover.
    target = peer.actor("newhome")
    target["alsoKnownAs"] = [peer.actor_uri("mover")]
    peer.overrides["/users/newhome"] = target
    bob_uri = f"{a.base_url}/users/{bob.user.username}"
    assert peer.signed_post(inbox, activity(peer, "Block", bob_uri, name="newhome"), name="newhome").status_code == 202

    # A Move about another actor, and a Move to a target that does not list the origin: refused.
    r = peer.signed_post(inbox, activity(peer, "Move", peer.actor_uri("other"), name="mover",
                                         target=peer.actor_uri("plain")), name="mover")
    assert r.status_code == 403, r.text
    r = peer.signed_post(inbox, activity(peer, "Move", peer.actor_uri("mover"), name="mover",
                                         target=peer.actor_uri("plain")), name="mover")
    assert r.status_code == 400 and "alsoKnownAs" in r.json()["error"], r.text
    assert "moved" not in alice.m.account(mover["id"])
    assert alice.m.account_relationships(mover["id"])[0]["following"]
    plain = lookup(alice, f"plain@127.0.0.1:{peer.port}")
    assert plain is None or not alice.m.account_relationships(plain["id"])[0]["following"]

    # A target listing the origin: recorded, and alice now follows (requests) the target.
    r = peer.signed_post(inbox, activity(peer, "Move", peer.actor_uri("mover"), name="mover",
                                         target=peer.actor_uri("newhome")), name="mover")
    assert r.status_code == 202, r.text
    moved = alice.m.account(mover["id"])
    assert moved["moved"]["acct"] == f"newhome@127.0.0.1:{peer.port}", moved
    assert moved["moved"]["uri"] == peer.actor_uri("newhome")
    rel_old = alice.m.account_relationships(mover["id"])[0]
    rel_new = alice.m.account_relationships(moved["moved"]["id"])[0]
    assert not rel_old["following"] and (rel_new["requested"] or rel_new["following"]), (rel_old, rel_new)
    # The Follow of the target and the Undo of the old follow reached the peer.
    wait_for(lambda: any(x["type"] == "Follow" and x["object"] == peer.actor_uri("newhome") for x in sent(peer)),
             what="Follow of the target")
    wait_for(lambda: any(x["type"] == "Undo" and x["object"]["object"] == peer.actor_uri("mover")
                         for x in sent(peer)), what="Undo of the old follow")
    # bob, blocked by the target, keeps following the origin and does not ask to follow the target.
    rel_bob_old = bob.m.account_relationships(mover["id"])[0]
    rel_bob_new = bob.m.account_relationships(moved["moved"]["id"])[0]
    assert rel_bob_old["following"] and not rel_bob_new["requested"] and not rel_bob_new["following"]
    assert not [x for x in sent(peer) if x["type"] == "Follow" and x["actor"] == bob_uri
                and x["object"] == peer.actor_uri("newhome")]
    # Mastodon.py sees the moved account through lookup too (account JSON cache invalidated).
    assert lookup(alice, handle)["moved"]["id"] == moved["moved"]["id"]


def test_webfinger_must_lead_back_to_the_actor(server_factory, peer):
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    inbox = a.base_url + "/inbox"
    # WebFinger of acct:impostor@peer names another actor: impostor does not get the handle.
    peer.webfinger_overrides["impostor"] = (f"acct:impostor@127.0.0.1:{peer.port}", peer.actor_uri("realone"))
    r = peer.signed_post(inbox, peer.create_note("impostor speaks", name="impostor"), name="impostor")
    assert r.status_code == 401, r.text
    # WebFinger answering with a handle on another domain that does not confirm it: refused too.
    peer.webfinger_overrides["wanderer"] = ("acct:wanderer@127.0.0.1:9", peer.actor_uri("wanderer"))
    r = peer.signed_post(inbox, peer.create_note("wanderer speaks", name="wanderer"), name="wanderer")
    assert r.status_code == 401, r.text
    # Resolving by handle goes through the same check.
    found = alice.m.search_v2(f"@impostor@127.0.0.1:{peer.port}", resolve=True, result_type="accounts")
    assert f"impostor@127.0.0.1:{peer.port}" not in [x["acct"] for x in found["accounts"]], found
    assert lookup(alice, f"impostor@127.0.0.1:{peer.port}") is None
    assert lookup(alice, f"wanderer@127.0.0.1:{peer.port}") is None
    texts = " ".join(public_texts(a))
    assert "impostor" not in texts and "wanderer" not in texts
    # An actor whose WebFinger leads back to it is accepted (so the refusals mean something).
    gets = peer.webfinger_gets
    r = peer.signed_post(inbox, peer.create_note("honest speaks", name="honest"), name="honest")
    assert r.status_code == 202, r.text
    assert peer.webfinger_gets > gets
    assert lookup(alice, f"honest@127.0.0.1:{peer.port}")["uri"] == peer.actor_uri("honest")


def test_key_changes_come_only_from_the_origin(server_factory, peer):
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    inbox = a.base_url + "/inbox"
    assert peer.signed_post(inbox, peer.create_note("first words")).status_code == 202
    real_key, real_pem = peer.key, peer.pem
    forged_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged_pem = forged_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    forged_actor = peer.actor("evil")
    forged_actor["publicKey"]["publicKeyPem"] = forged_pem
    forged_actor["name"] = "Forged Name"
    actor_gets = peer.requests

    # 1. Update(Person) with a new key, signed with that new key: refused; nothing changes.
    peer.key = forged_key
    for _ in range(5):  # failing signatures re-fetch the actor at most once a minute
        r = peer.signed_post(inbox, activity(peer, "Update", forged_actor))
        assert r.status_code == 401, r.text
    peer.key = real_key
    assert peer.requests - actor_gets <= 1, "key re-fetches are not rate-limited"
    evil = lookup(alice, f"evil@127.0.0.1:{peer.port}")
    assert evil["display_name"] != "Forged Name"
    assert peer.signed_post(inbox, peer.create_note("still me")).status_code == 202

    # 2. The same Update signed with the current key: the profile changes, the key does not
    #    (a key carried in a payload never replaces the stored one; the origin still serves the
    #    old key, so nothing else can be learned).
    r = peer.signed_post(inbox, activity(peer, "Update", forged_actor))
    assert r.status_code == 202, r.text
    assert lookup(alice, f"evil@127.0.0.1:{peer.port}")["display_name"] == "Forged Name"
    peer.key = forged_key
    r = peer.signed_post(inbox, peer.create_note("signed with the forged key"))
    assert r.status_code == 401, r.text
    peer.key = real_key
    assert peer.pem == real_pem
    assert peer.signed_post(inbox, peer.create_note("old key still verifies")).status_code == 202
    texts = " ".join(public_texts(a))
    assert "old key still verifies" in texts and "forged key" not in texts
