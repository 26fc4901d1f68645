"""Interop with a peer we did not write: @fedify/fedify 1.5.9 (tests/js/fedify_peer.mjs), with
HTTP signatures verified on both sides (only allowPrivateAddress relaxed): Fedify follows a
Parloir user (Follow verified by us, our Accept verified by Fedify), a Parloir post reaches
Fedify, a Fedify post reaches Parloir, and a Parloir user resolves and follows the Fedify
actor through WebFinger."""
from __future__ import annotations

import subprocess
import pytest
import requests
from mastodon import Mastodon

from fed_util import Client, fed_server, wait_for
from helpers import REPO_ROOT, free_port

JS_DIR = REPO_ROOT / "tests" / "js"


@pytest.fixture
def fedify(tmp_path):
    port = free_port()
    log = open(tmp_path / "fedify-peer.log", "w+")
    proc = subprocess.Popen(["node", "fedify_peer.mjs", str(port)], cwd=JS_DIR, stdout=subprocess.PIPE,
                            stderr=log, text=True)
    line = proc.stdout.readline()
    assert line.strip() == "ready", f"fedify peer did not start: {line!r}"
    yield f"http://127.0.0.1:{port}", port
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def received(base: str, kind: str) -> list[dict]:
    return [a for a in requests.get(base + "/control/received", timeout=10).json() if a.get("type") == kind]


def test_fedify_peer_exchanges_follow_and_posts(server_factory, fedify):
    base, port = fedify
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    alice_uri = f"{a.base_url}/users/{alice.user.username}"

    # Fedify follows alice: our inbox verifies Fedify's signature, Fedify verifies our Accept.
    r = requests.post(base + "/control/follow", json={"actor": alice_uri}, timeout=30)
    assert r.status_code == 200, r.text
    wait_for(lambda: [f["acct"] for f in alice.m.account_followers(alice.me["id"])] == [f"fedi@127.0.0.1:{port}"],
             what="Fedify's Follow on Parloir")
    wait_for(lambda: received(base, "Accept"), what="our Accept verified by Fedify")

    # A Parloir post reaches Fedify.
    alice.m.status_post("hello fedify", visibility="public")
    creates = wait_for(lambda: [c for c in received(base, "Create") if "hello fedify" in str(c)],
                       what="Create on Fedify")
    assert creates[0]["actor"] == alice_uri

    # A Fedify post reaches Parloir (addressed to alice: a mention notification).
    r = requests.post(base + "/control/post", json={"text": "hello parloir", "to": alice_uri}, timeout=30)
    assert r.status_code == 200, r.text
    note_id = r.json()["id"]
    wait_for(lambda: [n for n in alice.m.notifications(types=["mention"]) if "hello parloir" in n["status"]["content"]],
             what="Fedify's Create on Parloir")
    public = Mastodon(api_base_url=a.base_url).timeline_public(limit=40)
    [st] = [s for s in public if "hello parloir" in s["content"]]
    assert st["uri"] == note_id and st["account"]["acct"] == f"fedi@127.0.0.1:{port}"

    # alice resolves the Fedify actor (WebFinger over http) and follows it; Fedify accepts.
    found = alice.m.search_v2(f"@fedi@127.0.0.1:{port}", resolve=True, result_type="accounts")
    [fedi] = [x for x in found["accounts"] if x["acct"] == f"fedi@127.0.0.1:{port}"]
    alice.m.account_follow(fedi["id"])
    wait_for(lambda: alice.m.account_relationships(fedi["id"])[0]["following"], what="Fedify's Accept on Parloir")


def test_fedify_move_moves_local_followers(server_factory, fedify):
    """A Fedify actor alice follows moves: to an account that does not list it in alsoKnownAs,
    nothing is recorded; to one that does, alice follows the new account (Fedify accepts), no
    longer the old one, and the old account shows `moved`."""
    base, port = fedify
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    alice_uri = f"{a.base_url}/users/{alice.user.username}"
    found = alice.m.search_v2(f"@fedi@127.0.0.1:{port}", resolve=True, result_type="accounts")
    [fedi] = [x for x in found["accounts"] if x["acct"] == f"fedi@127.0.0.1:{port}"]
    alice.m.account_follow(fedi["id"])
    wait_for(lambda: alice.m.account_relationships(fedi["id"])[0]["following"], what="alice follows fedi")

    # fedi3 does not list fedi in alsoKnownAs: our inbox refuses the Move (Fedify reports the
    # failed delivery), nothing is recorded.
    requests.post(base + "/control/move", json={"target": f"{base}/users/fedi3", "to": alice_uri}, timeout=30)
    assert "moved" not in alice.m.account(fedi["id"])
    assert alice.m.account_relationships(fedi["id"])[0]["following"]
    assert not [f for f in received(base, "Follow") if "fedi3" in str(f.get("object"))]

    # fedi2 lists fedi: recorded; alice's follow moves to fedi2 through a real Follow/Accept.
    r = requests.post(base + "/control/move", json={"target": f"{base}/users/fedi2", "to": alice_uri}, timeout=30)
    assert r.status_code == 200, r.text
    moved = wait_for(lambda: alice.m.account(fedi["id"]).get("moved"), what="fedi shows moved")
    assert moved["acct"] == f"fedi2@127.0.0.1:{port}" and moved["uri"] == f"{base}/users/fedi2"
    wait_for(lambda: alice.m.account_relationships(moved["id"])[0]["following"], what="Fedify accepts alice's follow")
    assert not alice.m.account_relationships(fedi["id"])[0]["following"]
    assert [f for f in received(base, "Follow") if f.get("object") == f"{base}/users/fedi2"]
    wait_for(lambda: [u for u in received(base, "Undo") if "Follow" in str(u.get("object"))],
             what="Undo(Follow) of fedi on Fedify")
    assert [x["acct"] for x in alice.m.account_following(alice.me["id"])] == [f"fedi2@127.0.0.1:{port}"]
