"""Authorized fetch (issue 6 item 4): our GETs of remote actors/objects/WebFinger are signed
with the instance actor's key; with federation.authorized_fetch (and always on a private
instance) our documents answer only signed requests from permitted domains. Two and three real
Parloir instances, and a hand-written peer (fake_peer.py) for forged and blocked signers."""
from __future__ import annotations

import time

import pytest
import requests

from fake_peer import FakePeer
from fed_util import FED_ENV, Client, fed_server, wait_for
from helpers import free_port

AP = {"Accept": "application/activity+json"}


@pytest.fixture
def peer():
    p = FakePeer()
    yield p
    p.close()


def test_authorized_fetch_requires_a_valid_signature(server_factory, peer):
    a = fed_server(server_factory, PARLOIR_FEDERATION_AUTHORIZED_FETCH="true")
    b = fed_server(server_factory)  # an ordinary instance: its fetches of A are signed anyway
    alice, bob = Client(a, "alice"), Client(b, "bob")
    actor_url = f"{a.base_url}/users/{alice.user.username}"

    # Anonymous readers are refused; the instance actor (needed to verify us) is public.
    r = requests.get(actor_url, headers=AP, timeout=10)
    assert r.status_code == 401 and "error" in r.json()
    r = requests.get(f"{a.base_url}/.well-known/webfinger", params={"resource": f"acct:{alice.handle}"}, timeout=10)
    assert r.status_code == 401
    assert requests.get(actor_url + "/followers", headers=AP, timeout=10).status_code == 401
    inst = requests.get(f"{a.base_url}/actor", headers=AP, timeout=10)
    assert inst.status_code == 200
    assert inst.json()["type"] == "Application" and "BEGIN PUBLIC KEY" in inst.json()["publicKey"]["publicKeyPem"]
    # A browser still gets the redirect to the profile page.
    r = requests.get(actor_url, headers={"Accept": "text/html"}, timeout=10, allow_redirects=False)
    assert r.status_code in (301, 302, 303)

    # A signed GET from a peer is answered; a signature over another path is not.
    r = peer.signed_get(actor_url)
    assert r.status_code == 200, r.text
    assert r.json()["id"] == actor_url
    assert peer.signed_get(actor_url, path="/users/somebody-else").status_code == 401

    # Another Parloir instance resolves, follows and reads alice: its GETs are signed.
    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="follow accepted")
    alice.m.status_post("signed fetches work")
    wait_for(lambda: any("signed fetches work" in s["content"] for s in bob.m.timeline_home()), what="post on B")

    # Once the peer's domain is blocked its signed GETs are refused (403).
    a.cli("admin", "domain", "block", f"127.0.0.1:{peer.port}")
    wait_for(lambda: peer.signed_get(actor_url).status_code == 403, timeout=15, what="blocked signer refused")


def test_private_instance_in_an_allowlist_circuit(server_factory):
    pa, pb = free_port(), free_port()

    def make(port, allowed, **extra):
        env = dict(FED_ENV, PARLOIR_FEDERATION_MODE="allowlist",
                   PARLOIR_FEDERATION_ALLOWED_DOMAINS=",".join(f"127.0.0.1:{p}" for p in allowed), **extra)
        s = server_factory(env=env)
        s.port = port
        return s.start()

    a = make(pa, [pb])
    b = make(pb, [pa], PARLOIR_INSTANCE_PRIVATE="true")
    alice, bob = Client(a, "alice"), Client(b, "bob")

    # The private instance refuses anonymous readers of its ActivityPub documents.
    bob_url = f"{b.base_url}/users/{bob.user.username}"
    assert requests.get(bob_url, headers=AP, timeout=10).status_code == 401
    r = requests.get(f"{b.base_url}/.well-known/webfinger", params={"resource": f"acct:{bob.handle}"}, timeout=10)
    assert r.status_code == 401
    assert requests.get(f"{b.base_url}/actor", headers=AP, timeout=10).status_code == 200

    # A and B exchange follows and posts both ways.
    bob_on_a = alice.resolve(bob)
    alice.m.account_follow(bob_on_a["id"])
    wait_for(lambda: alice.m.account_relationships(bob_on_a["id"])[0]["following"], what="alice follows bob")
    bob.m.status_post("from the private instance")
    wait_for(lambda: any("from the private instance" in s["content"] for s in alice.m.timeline_home()),
             what="B's post on A")
    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="bob follows alice")
    alice.m.status_post("to the private instance")
    wait_for(lambda: any("to the private instance" in s["content"] for s in bob.m.timeline_home()),
             what="A's post on B")


def test_private_instance_refuses_signers_outside_its_allowlist(server_factory):
    pa, pb, pc = free_port(), free_port(), free_port()

    def make(port, allowed, **extra):
        env = dict(FED_ENV, PARLOIR_FEDERATION_MODE="allowlist",
                   PARLOIR_FEDERATION_ALLOWED_DOMAINS=",".join(f"127.0.0.1:{p}" for p in allowed), **extra)
        s = server_factory(env=env)
        s.port = port
        return s.start()

    b = make(pb, [pa], PARLOIR_INSTANCE_PRIVATE="true")  # B's circuit: A only (not even running)
    c = make(pc, [pb])  # C would like to read B
    bob, carol = Client(b, "bob"), Client(c, "carol")
    found = carol.m.search_v2(f"@{bob.handle}", resolve=True, result_type="accounts")
    assert found["accounts"] == []  # B refused C's signed WebFinger / actor fetch (403)
    time.sleep(0.5)
    assert b.healthy()
