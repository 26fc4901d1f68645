"""Remote media over federation (issue 5 item 5, issue 6): attachments of remote statuses and
remote avatars are recorded with the origin's alt text / blurhash / focus, fetched in the
background through the SSRF-guarded client, sniffed and re-encoded like uploads, served from
our own URL (the origin's shown as `remote_url`), and dropped again by
`parloir admin media prune-remote`. Two real Parloir instances (Mastodon.py on both sides) and
a hand-written hostile peer (fake_peer.py) for what a real server would never send."""
from __future__ import annotations

import io
import json
import re
import time

import requests
from PIL import Image

from fake_peer import AS, PUBLIC, FakePeer
from fed_util import Client, fed_server, wait_for
from test_federation_fedify import fedify, received  # noqa: F401 - the Fedify peer fixture
from media_util import png_bytes, size_of


def status_on(client: Client, needle: str):
    for s in client.m.timeline_home(limit=40):
        if needle in s["content"]:
            return s
    return None


def cached_on(server, url: str | None) -> bool:
    return bool(url) and url.startswith(server.base_url + "/system/")


def test_attachments_and_avatar_cached_across_parloir_instances(server_factory, tmp_path):
    a, b = fed_server(server_factory), fed_server(server_factory)
    alice = Client(a, "alice")
    bob = Client(b, "bob")

    avatar = tmp_path / "avatar.png"
    avatar.write_bytes(png_bytes(300, 300))
    alice.m.account_update_credentials(avatar=str(avatar))
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_bytes(640, 480))
    media = alice.m.media_post(str(photo), description="a gradient, described", focus=(0.25, -0.5))

    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="follow accepted")
    posted = alice.m.status_post("a post with a picture", media_ids=[media["id"]])
    ours = posted["media_attachments"][0]

    # The remote avatar is fetched and served from B.
    acct = wait_for(lambda: (lambda x: x if cached_on(b, x["avatar"]) else None)(bob.m.account(alice_on_b["id"])),
                    what="alice's avatar cached on B")
    r = requests.get(acct["avatar"], timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("image/")
    assert size_of(r.content) == (400, 400)  # re-encoded through the media module (avatar crop)

    # The attachment: first known by its remote URL, then cached; alt text, blurhash and focus
    # are the origin's.
    seen = wait_for(lambda: status_on(bob, "a post with a picture"), what="post on B")
    assert len(seen["media_attachments"]) == 1
    att = seen["media_attachments"][0]
    assert att["remote_url"] == ours["url"]
    assert att["description"] == "a gradient, described"
    assert att["blurhash"] == ours["blurhash"]

    def cached_attachment():
        s = bob.m.status(seen["id"])
        m = s["media_attachments"][0]
        return m if cached_on(b, m["url"]) else None

    att = wait_for(cached_attachment, what="attachment cached on B")
    assert att["type"] == "image"
    assert att["remote_url"] == ours["url"]
    assert att["description"] == "a gradient, described"
    assert att["meta"]["original"]["width"] == 640 and att["meta"]["original"]["height"] == 480
    assert abs(att["meta"]["focus"]["x"] - 0.25) < 0.01 and abs(att["meta"]["focus"]["y"] + 0.5) < 0.01
    assert cached_on(b, att["preview_url"])
    r = requests.get(att["url"], timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("image/")
    assert size_of(r.content) == (640, 480)
    cached_url, cached_avatar = att["url"], acct["avatar"]

    # Pruning with the CLI while B is stopped (test_cli_prune_remote_reaches_the_running_server
    # prunes under a running server): cached copies go; the attachment falls back to the remote
    # URL, the avatar to the default; the files are gone from B.
    b.stop()
    out = b.cli("admin", "media", "prune-remote", "--older-than", "0d").stdout
    removed = re.search(r"removed (\d+) cached remote file\(s\)", out)
    assert removed and int(removed.group(1)) >= 2, out  # the attachment (and its preview), the avatar
    # A second prune finds nothing left to remove; a malformed age is refused.
    assert "removed 0 cached remote file(s)" in b.cli("admin", "media", "prune-remote", "--older-than", "0d").stdout
    bad = b.cli("admin", "media", "prune-remote", "--older-than", "soon", check=False)
    assert bad.returncode == 2 and "--older-than" in bad.stderr
    b.start()
    s = bob.m.status(seen["id"])
    assert s["media_attachments"][0]["url"] == ours["url"]
    assert s["media_attachments"][0]["remote_url"] == ours["url"]
    assert s["media_attachments"][0]["description"] == "a gradient, described"
    assert requests.get(cached_url, timeout=10).status_code == 404
    assert requests.get(cached_avatar, timeout=10).status_code == 404
    assert not cached_on(b, bob.m.account(alice_on_b["id"])["avatar"])


def png_with(color) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "PNG")
    return out.getvalue()


def test_hostile_remote_media_is_refused_and_never_blocks_the_inbox(server_factory):
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    peer = FakePeer()
    try:
        peer.files["/media/good.png"] = ("image/png", png_with((200, 30, 30)), 0)
        # HTML dressed as a PNG: sniffed, refused, never stored.
        peer.files["/media/evil.png"] = ("image/png", b"<html><script>alert(1)</script></html>" * 20, 0)
        # A very slow media host: the inbox must not wait for it.
        peer.files["/media/slow.png"] = ("image/png", png_with((0, 0, 255)), 8)
        uri = peer.actor_uri("evil")
        nid = f"{uri}/notes/{time.time_ns()}"
        doc = {
            "@context": AS, "id": nid + "/activity", "type": "Create", "actor": uri, "to": [PUBLIC],
            "object": {
                "id": nid, "type": "Note", "attributedTo": uri, "content": "<p>look at these</p>",
                "to": [PUBLIC], "published": "2026-01-01T00:00:00Z", "sensitive": True,
                "attachment": [
                    {"type": "Document", "mediaType": "image/png", "url": peer.base + "/media/good.png",
                     "name": "a red box", "blurhash": "LEHV6nWB2yk8pyo0adR*.7kCMdnj", "focalPoint": [0.5, 0.1],
                     "width": 64, "height": 48},
                    {"type": "Document", "mediaType": "image/png", "url": "javascript:alert(1)", "name": "no"},
                    {"type": "Image", "url": {"type": "Link", "href": peer.base + "/media/evil.png"}, "name": "evil"},
                    {"type": "Document", "mediaType": "image/png", "url": "http://10.11.12.13/private.png",
                     "name": "ssrf"},
                    {"type": "Document", "mediaType": "image/png", "url": peer.base + "/media/slow.png",
                     "name": "slow"},
                ]}}
        started = time.monotonic()
        r = peer.signed_post(a.base_url + "/inbox", json.dumps(doc).encode())
        assert r.status_code == 202, r.text
        assert time.monotonic() - started < 5  # answered without waiting on any media host

        found = wait_for(lambda: alice.m.search_v2(nid, resolve=False, result_type="statuses")["statuses"]
                         or [s for s in alice.m.timeline_public(limit=40) if s["uri"] == nid], what="note stored")
        sid = found[0]["id"]
        st = alice.m.status(sid)
        assert st["sensitive"] is True
        # The javascript: URL was dropped; four remain, in the origin's order (cap is 4).
        assert [m["remote_url"] for m in st["media_attachments"]] == [
            peer.base + "/media/good.png", peer.base + "/media/evil.png", "http://10.11.12.13/private.png",
            peer.base + "/media/slow.png"]
        good = st["media_attachments"][0]
        assert good["description"] == "a red box"
        assert good["blurhash"] == "LEHV6nWB2yk8pyo0adR*.7kCMdnj"
        assert good["meta"]["focus"] == {"x": 0.5, "y": 0.1}

        def cached_good():
            m = alice.m.status(sid)["media_attachments"]
            return m if cached_on(a, m[0]["url"]) and cached_on(a, m[3]["url"]) else None

        atts = wait_for(cached_good, timeout=40, what="good and slow files cached")
        assert size_of(requests.get(atts[0]["url"], timeout=10).content) == (64, 48)
        wait_for(lambda: peer.file_gets.get("/media/evil.png"), what="the evil file fetched")
        time.sleep(1)
        atts = alice.m.status(sid)["media_attachments"]
        assert atts[1]["url"] == peer.base + "/media/evil.png"  # not cached: shown by its remote URL
        assert atts[2]["url"] == "http://10.11.12.13/private.png"  # private address refused
        for f in (a.data_dir / "media").rglob("*"):
            if f.is_file():
                assert b"<script>" not in f.read_bytes(), f
        assert a.healthy()
    finally:
        peer.close()


def test_remote_avatar_refused_when_not_an_image(server_factory):
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    peer = FakePeer()
    try:
        peer.files["/media/face.png"] = ("image/png", png_with((10, 200, 10)), 0)
        peer.files["/media/header.svg"] = ("image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', 0)
        actor = peer.actor("carol")
        actor["icon"] = {"type": "Image", "mediaType": "image/png", "url": peer.base + "/media/face.png"}
        actor["image"] = {"type": "Image", "mediaType": "image/png", "url": peer.base + "/media/header.svg"}
        peer.overrides["/users/carol"] = actor
        r = peer.signed_post(a.base_url + "/inbox", peer.create_note("hi from carol", name="carol"), name="carol")
        assert r.status_code == 202, r.text
        carol = wait_for(lambda: [x["account"] for x in alice.m.timeline_public(limit=40)
                                  if "hi from carol" in x["content"]], what="carol known")[0]
        carol = wait_for(lambda: (lambda x: x if cached_on(a, x["avatar"]) else None)(alice.m.account(carol["id"])),
                         what="carol's avatar cached")
        assert size_of(requests.get(carol["avatar"], timeout=10).content) == (400, 400)
        wait_for(lambda: peer.file_gets.get("/media/header.svg"), what="the svg header fetched")
        time.sleep(1)
        assert not cached_on(a, alice.m.account(carol["id"])["header"])
    finally:
        peer.close()


def test_media_both_ways_with_fedify(server_factory, fedify, tmp_path):
    base, port = fedify
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    alice_uri = f"{a.base_url}/users/{alice.user.username}"
    r = requests.post(base + "/control/follow", json={"actor": alice_uri}, timeout=30)
    assert r.status_code == 200, r.text
    wait_for(lambda: alice.m.account_followers(alice.me["id"]), what="Fedify's Follow on Parloir")

    # Our attachment, as Fedify parsed it: a Document with mediaType, our URL and the alt text.
    photo = tmp_path / "square.png"
    photo.write_bytes(png_bytes(200, 200))
    media = alice.m.media_post(str(photo), description="a tiny square")
    alice.m.status_post("a picture for fedify", media_ids=[media["id"]])
    create = wait_for(lambda: [c for c in received(base, "Create") if "a picture for fedify" in json.dumps(c)],
                      what="Create with attachment on Fedify")[0]
    att = create["object"]["attachment"]
    att = att[0] if isinstance(att, list) else att
    assert att["type"] == "Document"
    assert att["mediaType"] == "image/png" or att["mediaType"].startswith("image/")
    url = att["url"] if isinstance(att["url"], str) else att["url"]["href"]
    assert url == media["url"]
    assert att["name"] == "a tiny square"
    assert att["width"] == 200 and att["height"] == 200

    # Fedify's attachment on Parloir: recorded with its alt text, then cached here.
    r = requests.put(base + "/control/media/pic.png", data=png_with((1, 2, 3)), headers={"Content-Type": "image/png"},
                     timeout=10)
    assert r.status_code == 200
    r = requests.post(base + "/control/post", json={"text": "fedify has a picture", "to": alice_uri, "attachments": [
        {"path": "/media/pic.png", "mediaType": "image/png", "name": "fedify pic"}]}, timeout=30)
    assert r.status_code == 200, r.text

    def cached():
        for s in alice.m.timeline_public(limit=40):
            if "fedify has a picture" in s["content"] and s["media_attachments"]:
                m = s["media_attachments"][0]
                return m if cached_on(a, m["url"]) else None
        return None

    m = wait_for(cached, what="Fedify's attachment cached on Parloir")
    assert m["remote_url"] == base + "/media/pic.png"
    assert m["description"] == "fedify pic"
    assert m["type"] == "image" and m["blurhash"]
    assert size_of(requests.get(m["url"], timeout=10).content) == (64, 48)


def test_remote_cache_retention_prunes_in_the_running_server(server_factory):
    a = fed_server(server_factory, PARLOIR_MEDIA_REMOTE_CACHE_RETENTION="4s")
    alice = Client(a, "alice")
    peer = FakePeer()
    try:
        peer.files["/media/pic.png"] = ("image/png", png_with((9, 9, 9)), 0)
        uri = peer.actor_uri("evil")
        nid = f"{uri}/notes/{time.time_ns()}"
        doc = {"@context": AS, "id": nid + "/activity", "type": "Create", "actor": uri, "to": [PUBLIC],
               "object": {"id": nid, "type": "Note", "attributedTo": uri, "content": "<p>short-lived cache</p>",
                          "to": [PUBLIC], "attachment": {"type": "Image", "mediaType": "image/png",
                                                         "url": peer.base + "/media/pic.png"}}}
        assert peer.signed_post(a.base_url + "/inbox", json.dumps(doc).encode()).status_code == 202

        def attachment():
            for s in alice.m.timeline_public(limit=40):
                if s["uri"] == nid and s["media_attachments"]:
                    return s["media_attachments"][0]
            return None

        cached = wait_for(lambda: (lambda m: m if m and cached_on(a, m["url"]) else None)(attachment()),
                          what="cached")
        assert requests.get(cached["url"], timeout=10).status_code == 200
        # After the retention the running server drops its copy and shows the remote URL again.
        gone = wait_for(lambda: (lambda m: m if m and m["url"] == peer.base + "/media/pic.png" else None)(attachment()),
                        timeout=30, what="pruned by the sweeper")
        assert gone["remote_url"] == peer.base + "/media/pic.png"
        assert requests.get(cached["url"], timeout=10).status_code == 404
    finally:
        peer.close()


def test_cli_prune_remote_reaches_the_running_server(server_factory):
    # `parloir admin media prune-remote` in another process while the server runs: the
    # server's cached views of the status (and of the account's avatar) must drop the pruned
    # copies at once (the CLI's event crosses through event_outbox), not show dead /system URLs.
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    peer = FakePeer()
    try:
        peer.files["/media/pic.png"] = ("image/png", png_with((90, 9, 9)), 0)
        peer.files["/media/face.png"] = ("image/png", png_with((9, 90, 9)), 0)
        actor = peer.actor("dave")
        actor["icon"] = {"type": "Image", "mediaType": "image/png", "url": peer.base + "/media/face.png"}
        peer.overrides["/users/dave"] = actor
        uri = peer.actor_uri("dave")
        nid = f"{uri}/notes/{time.time_ns()}"
        doc = {"@context": AS, "id": nid + "/activity", "type": "Create", "actor": uri, "to": [PUBLIC],
               "object": {"id": nid, "type": "Note", "attributedTo": uri, "content": "<p>prune me live</p>",
                          "to": [PUBLIC], "attachment": {"type": "Image", "mediaType": "image/png",
                                                         "url": peer.base + "/media/pic.png"}}}
        assert peer.signed_post(a.base_url + "/inbox", json.dumps(doc).encode(), name="dave").status_code == 202
        sid = wait_for(lambda: [s["id"] for s in alice.m.timeline_public(limit=40) if s["uri"] == nid],
                       what="note stored")[0]

        def attachment():
            # The public timeline goes through the view and render caches; so does the status.
            on_timeline = [s for s in alice.m.timeline_public(limit=40) if s["id"] == sid][0]["media_attachments"][0]
            single = alice.m.status(sid)["media_attachments"][0]
            return on_timeline if on_timeline["url"] == single["url"] else single | {"url": "mixed"}

        cached = wait_for(lambda: (lambda m: m if cached_on(a, m["url"]) else None)(attachment()), what="cached")
        account_id = alice.m.status(sid)["account"]["id"]
        face = wait_for(lambda: (lambda x: x if cached_on(a, x["avatar"]) else None)(alice.m.account(account_id)),
                        what="avatar cached")
        # Read again so the server's view caches hold the cached state.
        for _ in range(3):
            assert cached_on(a, attachment()["url"])
            assert cached_on(a, alice.m.account(account_id)["avatar"])

        out = a.cli("admin", "media", "prune-remote", "--older-than", "0d").stdout
        assert "removed" in out and not out.startswith("removed 0"), out
        assert requests.get(cached["url"], timeout=10).status_code == 404

        started = time.monotonic()
        gone = wait_for(lambda: (lambda m: m if m["url"] == peer.base + "/media/pic.png" else None)(attachment()),
                        timeout=10, what="the running server shows the remote URL again")
        took = time.monotonic() - started
        assert gone["remote_url"] == peer.base + "/media/pic.png"
        assert gone["preview_url"] == peer.base + "/media/pic.png"
        assert took < 4, f"the server showed pruned media for {took:.1f} s"  # relay runs each second
        acct = wait_for(lambda: (lambda x: x if not cached_on(a, x["avatar"]) else None)(alice.m.account(account_id)),
                        timeout=4, what="the avatar falls back to the default")
        assert acct["avatar"] != face["avatar"]
        assert a.healthy()
    finally:
        peer.close()
