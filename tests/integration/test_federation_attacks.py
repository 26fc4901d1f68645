"""Inbox attacks: every forged or broken delivery is refused (401/403/400/413) and nothing of
it is stored; a correctly signed one from the same peer is accepted (so the refusals are not
just a broken inbox). Also the SSRF guard refusing private targets without the allow list."""
from __future__ import annotations

import email.utils
import json
import socket
import time

import pytest
import requests
from mastodon import Mastodon

from fake_peer import PUBLIC, FakePeer
from fed_util import Client, fed_server


@pytest.fixture
def peer():
    p = FakePeer()
    yield p
    p.close()


def public_texts(server) -> list[str]:
    return [s["content"] for s in Mastodon(api_base_url=server.base_url).timeline_public(limit=40)]


def test_forged_deliveries_are_refused_and_nothing_is_stored(server_factory, peer):
    a = fed_server(server_factory)
    inbox = a.base_url + "/inbox"

    ok = peer.signed_post(inbox, peer.create_note("genuine note"))
    assert ok.status_code == 202, ok.text
    assert any("genuine note" in t for t in public_texts(a))

    attacks = {
        "tampered body": lambda: peer.signed_post(inbox, peer.create_note("signed text"),
                                                  send_body=peer.create_note("tampered text")),
        "digest not signed": lambda: peer.signed_post(inbox, peer.create_note("no digest signed"),
                                                      signed=("(request-target)", "host", "date")),
        "wrong digest": lambda: peer.signed_post(inbox, peer.create_note("wrong digest"),
                                                 digest="SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
        "stale date": lambda: peer.signed_post(inbox, peer.create_note("stale date"),
                                               date=email.utils.formatdate(time.time() - 3 * 3600, usegmt=True)),
        "future date": lambda: peer.signed_post(inbox, peer.create_note("future date"),
                                                date=email.utils.formatdate(time.time() + 3 * 3600, usegmt=True)),
        "keyId of another host": lambda: peer.signed_post(
            inbox, peer.create_note("other host key"), key_id="http://127.0.0.2:9/users/evil#main-key"),
        "host not signed": lambda: peer.signed_post(inbox, peer.create_note("host unsigned"),
                                                    signed=("(request-target)", "date", "digest")),
        "unsigned": lambda: requests.post(inbox, data=peer.create_note("unsigned"), timeout=10,
                                          headers={"Content-Type": "application/activity+json"}),
        "object host differs from actor host": lambda: peer.signed_post(
            inbox, peer.create_note("foreign object", note_id="http://127.0.0.2:9/notes/1")),
        "rfc9421 only": lambda: requests.post(inbox, data=peer.create_note("rfc9421"), timeout=10, headers={
            "Content-Type": "application/activity+json", "Signature-Input": 'sig1=("@method");keyid="x"',
            "Content-Digest": "sha-256=:x:"}),
    }
    for name, send in attacks.items():
        r = send()
        assert r.status_code in (400, 401, 403), f"{name}: {r.status_code} {r.text}"
        assert r.json().get("error"), name
    # A document whose id is not the URL it was fetched from is not a key (CVE-2024-23832).
    liar = peer.actor("liar")
    liar["id"] = peer.actor_uri("someoneelse")
    peer.overrides["/users/liar"] = liar
    r = peer.signed_post(inbox, peer.create_note("from a liar", name="liar"), name="liar")
    assert r.status_code == 401, r.text
    texts = " ".join(public_texts(a))
    for word in ("tampered", "signed text", "no digest", "wrong digest", "stale", "future", "other host key",
                 "host unsigned", "unsigned", "foreign object", "rfc9421", "liar"):
        assert word not in texts, f"{word!r} was stored"
    # The server keeps serving.
    assert requests.get(a.base_url + "/health", timeout=5).status_code == 200


def test_remote_html_is_sanitised(server_factory, peer):
    a = fed_server(server_factory)
    body = json.loads(peer.create_note("x"))
    body["object"]["content"] = ('<p onclick="steal()">hi<script>alert(1)</script>'
                                 '<a href="javascript:alert(2)">js</a><img src=x onerror=alert(3)></p>')
    r = peer.signed_post(a.base_url + "/inbox", json.dumps(body).encode())
    assert r.status_code == 202, r.text
    [content] = [t for t in public_texts(a) if "hi" in t]
    assert content == "<p>hijs</p>"


def raw_post(port: int, head: str, chunks: list[bytes]) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
        s.sendall(head.encode())
        try:
            for c in chunks:
                s.sendall(c)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = s.recv(4096).decode(errors="replace")
    return int(data.split(" ", 2)[1])


def test_oversize_inbox_bodies_are_refused(server_factory):
    a = fed_server(server_factory)
    big = b"{" + b" " * (1024 * 1024 + 10) + b"}"
    r = requests.post(a.base_url + "/inbox", data=big, timeout=30,
                      headers={"Content-Type": "application/activity+json"})
    assert r.status_code == 413
    chunk = b" " * 65536
    chunks = [f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for _ in range(20)] + [b"0\r\n\r\n"]
    status = raw_post(a.port, f"POST /inbox HTTP/1.1\r\nHost: {a.host}\r\nContent-Type: application/activity+json\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n", chunks)
    assert status == 413
    assert requests.get(a.base_url + "/health", timeout=5).status_code == 200


def test_ssrf_guard_refuses_loopback_without_the_allow_list(server_factory, peer):
    # Plain http allowed, but no private-address exemption: resolving a peer on 127.0.0.1 must
    # not make any request to it.
    a = server_factory(env={"PARLOIR_FEDERATION_ALLOW_HTTP": "true"}).start()
    alice = Client(a, "alice")
    hits_before = peer.requests
    found = alice.m.search_v2(f"@evil@127.0.0.1:{peer.port}", resolve=True, result_type="accounts")
    assert found["accounts"] == []
    r = peer.signed_post(a.base_url + "/inbox", peer.create_note("via ssrf"))
    assert r.status_code == 401  # the key cannot be fetched from a loopback address
    assert peer.requests == hits_before


def test_unknown_statuses_are_fetched_from_their_origin(server_factory, peer):
    """A boost of, and a reply to, statuses we do not hold make us fetch them from their origin
    (through the SSRF guard, id checked); a document whose id differs from its URL is refused."""
    a = fed_server(server_factory)
    inbox = a.base_url + "/inbox"

    def note(path, text, in_reply_to=None, served_id=None):
        doc = {"@context": "https://www.w3.org/ns/activitystreams", "id": served_id or peer.base + path,
               "type": "Note", "attributedTo": peer.actor_uri("carol"), "content": f"<p>{text}</p>",
               "to": [PUBLIC], "inReplyTo": in_reply_to}
        peer.overrides[path] = doc
        return peer.base + path

    boosted = note("/notes/boosted", "a boosted note")
    announce = json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "type": "Announce",
                           "id": peer.actor_uri() + "/announces/1", "actor": peer.actor_uri(),
                           "object": boosted, "to": [PUBLIC]}).encode()
    assert peer.signed_post(inbox, announce).status_code == 202
    public = Mastodon(api_base_url=a.base_url).timeline_public(limit=40)
    [orig] = [s for s in public if s["content"] == "<p>a boosted note</p>"]
    assert orig["uri"] == boosted and orig["account"]["acct"] == f"carol@127.0.0.1:{peer.port}"

    parent = note("/notes/parent", "the parent")
    body = json.loads(peer.create_note("the reply"))
    body["object"]["inReplyTo"] = parent
    assert peer.signed_post(inbox, json.dumps(body).encode()).status_code == 202
    anon = Mastodon(api_base_url=a.base_url)
    [p] = [s for s in anon.timeline_public(limit=40) if s["content"] == "<p>the parent</p>"]
    [r] = anon.status_context(p["id"])["descendants"]  # replies to others stay off public timelines
    assert r["content"] == "<p>the reply</p>" and r["in_reply_to_id"] == p["id"]

    liar = note("/notes/liar", "a note that lies about its id", served_id=peer.base + "/notes/other")
    announce = json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "type": "Announce",
                           "id": peer.actor_uri() + "/announces/2", "actor": peer.actor_uri(),
                           "object": liar, "to": [PUBLIC]}).encode()
    assert peer.signed_post(inbox, announce).status_code == 202
    assert not any("lies about its id" in t for t in public_texts(a))
