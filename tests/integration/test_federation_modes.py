"""Federation modes: an allowlist circuit (A ⇄ B only; a third peer C can neither deliver to A
nor be contacted by A) and `off` (a counting listener sees no connection at all)."""
from __future__ import annotations

import time

import pytest
import requests
from mastodon import Mastodon

from fake_peer import FakePeer
from fed_util import Client, fed_server, wait_for
from helpers import free_port


@pytest.fixture
def peer():
    p = FakePeer()
    yield p
    p.close()


def public_texts(server) -> list[str]:
    return [s["content"] for s in Mastodon(api_base_url=server.base_url).timeline_public(limit=40)]


def test_allowlist_circuit(server_factory, peer):
    pa, pb = free_port(), free_port()
    a = server_factory(env={"PARLOIR_FEDERATION_MODE": "allowlist",
                            "PARLOIR_FEDERATION_ALLOWED_DOMAINS": f"127.0.0.1:{pb}",
                            "PARLOIR_FEDERATION_ALLOW_HTTP": "true",
                            "PARLOIR_FEDERATION_ALLOW_PRIVATE_ADDRESSES": "127.0.0.0/8"})
    a.port = pa
    b = server_factory(env={"PARLOIR_FEDERATION_MODE": "allowlist",
                            "PARLOIR_FEDERATION_ALLOWED_DOMAINS": f"127.0.0.1:{pa}",
                            "PARLOIR_FEDERATION_ALLOW_HTTP": "true",
                            "PARLOIR_FEDERATION_ALLOW_PRIVATE_ADDRESSES": "127.0.0.0/8"})
    b.port = pb
    a.start()
    b.start()
    alice, bob = Client(a, "alice"), Client(b, "bob")

    # A ⇄ B works.
    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="follow inside the circuit")
    alice.m.status_post("inside the circuit")
    wait_for(lambda: any("inside the circuit" in s["content"] for s in bob.m.timeline_home()), what="post on B")

    # C cannot deliver to A, and A does not even fetch C's key.
    r = peer.signed_post(a.base_url + "/inbox", peer.create_note("from outside"))
    assert r.status_code == 403, r.text
    assert not any("from outside" in t for t in public_texts(a))
    # C cannot fetch from A nor WebFinger A: unsigned GETs get 401 (allowlist mode implies
    # authorized fetch), GETs signed by C 403 — without A fetching C's key.
    actor_url = f"{a.base_url}/users/{alice.user.username}"
    webfinger = f"{a.base_url}/.well-known/webfinger?resource=acct:{alice.user.username}@{a.host}"
    for url in (actor_url, webfinger):
        assert requests.get(url, headers={"Accept": "application/activity+json"}, timeout=10).status_code == 401
        assert peer.signed_get(url).status_code == 403
    # A never contacts C.
    found = alice.m.search_v2(f"@evil@127.0.0.1:{peer.port}", resolve=True, result_type="accounts")
    assert found["accounts"] == []
    assert peer.requests == 0

    # The admin CLI opens the circuit to C at run time (no restart).
    a.cli("admin", "domain", "allow", f"127.0.0.1:{peer.port}")
    listed = a.cli("admin", "domain", "list").stdout
    assert f"127.0.0.1:{peer.port}\tallow\tdatabase" in listed

    def accepted():
        return peer.signed_post(a.base_url + "/inbox", peer.create_note("now allowed")).status_code == 202
    wait_for(accepted, timeout=15, what="C allowed after `admin domain allow`")
    assert any("now allowed" in t for t in public_texts(a))


def test_blocked_domain_in_open_mode(server_factory, peer):
    a = fed_server(server_factory, PARLOIR_FEDERATION_BLOCKED_DOMAINS=f"127.0.0.1:{peer.port}")
    r = peer.signed_post(a.base_url + "/inbox", peer.create_note("blocked peer"))
    assert r.status_code == 403
    assert peer.requests == 0


def test_off_mode_makes_no_connection(server_factory, peer):
    a = server_factory(env={"PARLOIR_FEDERATION_MODE": "off", "PARLOIR_FEDERATION_ALLOW_HTTP": "true",
                            "PARLOIR_FEDERATION_ALLOW_PRIVATE_ADDRESSES": "127.0.0.0/8"}).start()
    alice = Client(a, "alice")
    found = alice.m.search_v2(f"@evil@127.0.0.1:{peer.port}", resolve=True, result_type="accounts")
    assert found["accounts"] == []
    alice.m.status_post(f"@evil@127.0.0.1:{peer.port} hello")
    r = peer.signed_post(a.base_url + "/inbox", peer.create_note("into an off server"))
    assert r.status_code == 404
    time.sleep(1)
    assert peer.requests == 0
    assert requests.get(a.base_url + "/api/v1/instance", timeout=10).status_code == 200
