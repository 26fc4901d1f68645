"""Federation of changes after the first delivery (issue 6 leftovers): poll tallies travel back
as Update(Question) (coalesced, never one delivery per vote; the final tallies and `closed` when
the poll ends), an inbound Update(Question) refreshes our copy, a remote edit's attachment
changes follow on our side with the edit history showing them, and a remote avatar shows the
origin's URL until our cached copy replaces it without anyone asking. Two real Parloir
instances, the Fedify peer (tests/js/fedify_peer.mjs) and the hand-written peer (fake_peer.py)
for what a real server sends at times we cannot choose. Asserted through Mastodon.py."""
from __future__ import annotations

import json
import time

import requests

from fake_peer import AS, PUBLIC, FakePeer
from fed_util import Client, fed_server, wait_for
from media_util import png_bytes
from test_federation_fedify import fedify, received  # noqa: F401 - the Fedify peer fixture


def status_on(client: Client, needle: str):
    for s in client.m.timeline_home(limit=40):
        if needle in s["content"]:
            return s
    return None


def cached_on(server, url: str | None) -> bool:
    return bool(url) and url.startswith(server.base_url + "/system/")


def post(peer: FakePeer, server, doc: dict, name: str = "evil"):
    r = peer.signed_post(server.base_url + "/inbox", json.dumps(doc).encode(), name=name)
    assert r.status_code == 202, r.text
    return r


def bodies(peer: FakePeer, kind: str) -> list[dict]:
    out = []
    for entry in peer.received:
        try:
            doc = json.loads(entry["body"])
        except ValueError:
            continue
        if doc.get("type") == kind:
            out.append(doc)
    return out


def test_poll_tallies_travel_back_coalesced_and_final_on_close(server_factory, fedify):
    base, port = fedify
    # A lets polls run for a few seconds only, so the test sees one end.
    a = fed_server(server_factory, PARLOIR_INSTANCE_MIN_POLL_EXPIRATION_SECONDS="1")
    b = fed_server(server_factory)
    alice, dave = Client(a, "alice"), Client(a, "dave")
    bob = Client(b, "bob")
    alice_uri = f"{a.base_url}/users/{alice.user.username}"
    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="bob follows alice")
    # The Fedify peer follows alice too: it must accept (verify and parse) our Update(Question).
    r = requests.post(base + "/control/follow", json={"actor": alice_uri}, timeout=30)
    assert r.status_code == 200, r.text
    wait_for(lambda: len(alice.m.account_followers(alice.me["id"])) == 2, what="Fedify follows alice")

    poll = alice.m.make_poll(["tea", "coffee", "water"], expires_in=30)
    mine = alice.m.status_post("tallies travel", poll=poll)
    seen = wait_for(lambda: status_on(bob, "tallies travel"), what="poll on B")

    # bob votes on B: counted on A.
    bob.m.poll_vote(seen["poll"]["id"], [1])
    wait_for(lambda: alice.m.poll(mine["poll"]["id"])["votes_count"] == 1, what="bob's vote counted on A")
    # dave votes on A: B learns it only through A's Update(Question).
    dave.m.poll_vote(mine["poll"]["id"], [0])
    updated = wait_for(lambda: (lambda p: p if p["votes_count"] == 2 else None)(bob.m.poll(seen["poll"]["id"])),
                       what="A's tallies on B", timeout=20)
    assert [o["votes_count"] for o in updated["options"]] == [1, 1, 0]
    assert updated["voters_count"] == 2
    assert updated["voted"] is True and updated["own_votes"] == [1]  # bob's own vote is kept
    assert updated["expired"] is False

    # A burst of 8 remote votes (8 actors of one peer) is coalesced: far fewer Updates than votes
    # reach that peer (each voter's instance gets the tallies), and the last carries all of them.
    peer = FakePeer()
    try:
        note_uri = mine["uri"]
        for i in range(8):
            name = f"voter{i}"
            uri = peer.actor_uri(name)
            vote = {"@context": AS, "id": f"{uri}#votes/{i}", "type": "Create", "actor": uri, "to": [alice_uri],
                    "object": {"id": f"{uri}#votes/{i}/note", "type": "Note", "name": "water",
                               "attributedTo": uri, "inReplyTo": note_uri, "to": [alice_uri]}}
            post(peer, a, vote, name=name)
        wait_for(lambda: alice.m.poll(mine["poll"]["id"])["votes_count"] == 10, what="the burst counted on A")
        final = wait_for(lambda: [u for u in bodies(peer, "Update") if u["object"].get("votersCount") == 10],
                         what="an Update with every vote", timeout=20)
        time.sleep(4)  # anything still coalescing would have gone out by now
        updates = [u for u in bodies(peer, "Update") if "closed" not in u["object"]]
        assert 1 <= len(updates) <= 2, [u["object"].get("votersCount") for u in updates]
        q = final[-1]["object"]
        assert q["type"] == "Question" and q["id"] == note_uri
        assert [o["replies"]["totalItems"] for o in q["oneOf"]] == [1, 1, 8]
    finally:
        peer.close()

    # B sees the burst through the update too.
    wait_for(lambda: bob.m.poll(seen["poll"]["id"])["votes_count"] == 10, what="the burst's tallies on B", timeout=20)
    # Fedify accepted our signed Update(Question) (it records only what it verified and parsed).
    fed_updates = wait_for(lambda: [u for u in received(base, "Update") if "Question" in json.dumps(u)],
                           what="Update(Question) on Fedify")
    assert "votersCount" in json.dumps(fed_updates[-1])

    # The poll ends on A: the final tallies with `closed` reach B; bob (a local voter of a remote
    # poll) gets his poll notification there.
    wait_for(lambda: [u for u in received(base, "Update") if "closed" in json.dumps(u)], timeout=45,
             what="the closing Update on Fedify")
    closed = wait_for(lambda: (lambda p: p if p["expired"] else None)(bob.m.poll(seen["poll"]["id"])),
                      what="poll expired on B", timeout=20)
    assert [o["votes_count"] for o in closed["options"]] == [1, 1, 8]
    notes = wait_for(lambda: [n for n in bob.m.notifications(types=["poll"]) if n["status"]["id"] == seen["id"]],
                     what="poll notification for bob on B", timeout=20)
    assert notes[0]["account"]["id"] == alice_on_b["id"]
    assert a.healthy() and b.healthy()


def question(peer: FakePeer, qid: str, tallies: list[int], *, closed: str | None = None,
             end: str = "2030-01-01T00:00:00Z", options=("left", "right"), voters: int | None = None,
             name: str = "evil") -> dict:
    uri = peer.actor_uri(name)
    q = {"id": qid, "type": "Question", "attributedTo": uri, "content": "<p>which way?</p>", "to": [PUBLIC],
         "published": "2026-01-01T00:00:00Z", "endTime": end,
         "oneOf": [{"type": "Note", "name": o, "replies": {"type": "Collection", "totalItems": t}}
                   for o, t in zip(options, tallies)],
         "votersCount": sum(tallies) if voters is None else voters}
    if closed:
        q["closed"] = closed
    return q


def test_remote_question_updates_refresh_our_copy(server_factory):
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    peer = FakePeer()
    try:
        uri = peer.actor_uri("evil")
        qid = f"{uri}/questions/{time.time_ns()}"
        post(peer, a, {"@context": AS, "id": qid + "/activity", "type": "Create", "actor": uri, "to": [PUBLIC],
                       "object": question(peer, qid, [3, 4])})
        found = wait_for(lambda: [s for s in alice.m.timeline_public(limit=40) if s["uri"] == qid], what="question")
        sid = found[0]["id"]
        pid = found[0]["poll"]["id"]

        # alice votes: Create(Note name=option, inReplyTo=the question) goes to the origin.
        alice.m.poll_vote(pid, [1])
        votes = wait_for(lambda: [c for c in bodies(peer, "Create") if c["object"].get("inReplyTo") == qid],
                         what="our vote at the origin")
        assert votes[0]["object"]["name"] == "right" and votes[0]["object"]["type"] == "Note"
        assert votes[0]["actor"] == f"{a.base_url}/users/{alice.user.username}"
        assert alice.m.poll(pid)["votes_count"] == 8  # our copy counts alice's vote at once

        # An Update(Question) from the origin replaces the tallies (no edit: tallies only).
        post(peer, a, {"@context": AS, "id": qid + "#u1", "type": "Update", "actor": uri, "to": [PUBLIC],
                       "object": question(peer, qid, [10, 20])})
        p = wait_for(lambda: (lambda x: x if x["votes_count"] == 30 else None)(alice.m.poll(pid)), what="new tallies")
        assert [o["votes_count"] for o in p["options"]] == [10, 20] and p["voters_count"] == 30
        assert p["own_votes"] == [1] and p["expired"] is False
        assert alice.m.status(sid)["edited_at"] is None

        # The same Update from another host is refused (origin check) and changes nothing.
        other = FakePeer()
        try:
            ouri = other.actor_uri("mallory")
            r = other.signed_post(a.base_url + "/inbox", json.dumps(
                {"@context": AS, "id": ouri + "#u", "type": "Update", "actor": ouri, "to": [PUBLIC],
                 "object": question(peer, qid, [99, 99])}).encode(), name="mallory")
            assert r.status_code == 403
        finally:
            other.close()
        assert alice.m.poll(pid)["votes_count"] == 30

        # Closed early by the origin: `closed` wins over endTime; final tallies; alice (a local
        # voter) gets the poll notification.
        closed_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        post(peer, a, {"@context": AS, "id": qid + "#u2", "type": "Update", "actor": uri, "to": [PUBLIC],
                       "object": question(peer, qid, [11, 21], closed=closed_at)})
        p = wait_for(lambda: (lambda x: x if x["expired"] else None)(alice.m.poll(pid)), what="closed poll")
        assert [o["votes_count"] for o in p["options"]] == [11, 21]
        wait_for(lambda: [n for n in alice.m.notifications(types=["poll"]) if n["status"]["id"] == sid],
                 what="poll notification for alice")
        r = requests.post(f"{a.base_url}/api/v1/polls/{pid}/votes", data={"choices[]": "0"},
                          headers={"Authorization": f"Bearer {alice.m.access_token}"}, timeout=10)
        assert r.status_code == 422

        # Changed options: the poll is replaced (an edit), our votes with it.
        post(peer, a, {"@context": AS, "id": qid + "#u3", "type": "Update", "actor": uri, "to": [PUBLIC],
                       "object": question(peer, qid, [0, 0, 0], options=("up", "down", "sideways"))})
        p = wait_for(lambda: (lambda x: x if len(x["options"]) == 3 else None)(alice.m.poll(pid)), what="new options")
        assert [o["title"] for o in p["options"]] == ["up", "down", "sideways"]
        assert p["voted"] is False
        st = alice.m.status(sid)
        assert st["edited_at"] is not None
        history = alice.m.status_history(sid)
        assert [[o["title"] for o in h["poll"]["options"]] for h in history] == [["left", "right"],
                                                                                  ["up", "down", "sideways"]]
    finally:
        peer.close()
    assert a.healthy()


def test_remote_edit_attachment_changes_follow(server_factory, tmp_path):
    a, b = fed_server(server_factory), fed_server(server_factory)
    alice, bob = Client(a, "alice"), Client(b, "bob")
    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="follow accepted")

    posted = alice.m.status_post("a post that will get a picture")
    seen = wait_for(lambda: status_on(bob, "a post that will get a picture"), what="post on B")
    assert seen["media_attachments"] == []

    # alice's edit adds an image: B's copy gets it (remote URL first, then cached).
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_bytes(320, 200))
    media = alice.m.media_post(str(photo), description="now with a picture")
    edited = alice.m.status_update(posted["id"], "a post that will get a picture, and has one", media_ids=[media["id"]])
    ours = edited["media_attachments"][0]

    def with_media():
        s = bob.m.status(seen["id"])
        return s if s["media_attachments"] else None

    s = wait_for(with_media, what="the added image on B")
    att = s["media_attachments"][0]
    assert att["remote_url"] == ours["url"] and att["description"] == "now with a picture"
    assert s["edited_at"] is not None and "and has one" in s["content"]
    wait_for(lambda: cached_on(b, bob.m.status(seen["id"])["media_attachments"][0]["url"]), what="cached on B")
    history = bob.m.status_history(seen["id"])
    assert len(history) == 2
    assert history[0]["media_attachments"] == []
    assert [m["description"] for m in history[1]["media_attachments"]] == ["now with a picture"]
    assert history[1]["media_attachments"][0]["remote_url"] == ours["url"]

    # Replacing the image on A replaces it on B; the history keeps the version that had the first.
    other = tmp_path / "other.png"
    other.write_bytes(png_bytes(200, 320))
    media2 = alice.m.media_post(str(other), description="another picture")
    alice.m.status_update(posted["id"], "a post that has another picture", media_ids=[media2["id"]])

    def replaced():
        x = bob.m.status(seen["id"])
        return x if [m["description"] for m in x["media_attachments"]] == ["another picture"] else None

    s = wait_for(replaced, what="image replaced on B")
    assert "another picture" in s["content"]
    history = bob.m.status_history(seen["id"])
    assert [[m["description"] for m in h["media_attachments"]] for h in history] == [
        [], ["now with a picture"], ["another picture"]]
    assert a.healthy() and b.healthy()


def test_remote_edit_changes_descriptions_adds_and_removes(server_factory):
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    peer = FakePeer()
    try:
        for n, color in (("one", 10), ("two", 120)):
            peer.files[f"/media/{n}.png"] = ("image/png", png_bytes(40 + color, 30), 0)
        uri = peer.actor_uri("evil")
        nid = f"{uri}/notes/{time.time_ns()}"

        def note(content: str, atts: list[tuple[str, str]]) -> dict:
            return {"id": nid, "type": "Note", "attributedTo": uri, "content": f"<p>{content}</p>", "to": [PUBLIC],
                    "published": "2026-01-01T00:00:00Z",
                    "attachment": [{"type": "Document", "mediaType": "image/png", "url": peer.base + f"/media/{f}.png",
                                    "name": d} for f, d in atts]}

        post(peer, a, {"@context": AS, "id": nid + "/activity", "type": "Create", "actor": uri, "to": [PUBLIC],
                       "object": note("first", [("one", "the first picture")])})
        found = wait_for(lambda: [s for s in alice.m.timeline_public(limit=40) if s["uri"] == nid], what="note")
        sid = found[0]["id"]
        first_id = found[0]["media_attachments"][0]["id"]
        wait_for(lambda: cached_on(a, alice.m.status(sid)["media_attachments"][0]["url"]), what="first cached")

        # Same file, new description, and a second file: the first keeps its row and copy.
        post(peer, a, {"@context": AS, "id": nid + "#u1", "type": "Update", "actor": uri, "to": [PUBLIC],
                       "object": note("first", [("one", "described again"), ("two", "the second picture")])})
        s = wait_for(lambda: (lambda x: x if len(x["media_attachments"]) == 2 else None)(alice.m.status(sid)),
                     what="second attachment")
        assert [m["description"] for m in s["media_attachments"]] == ["described again", "the second picture"]
        assert s["media_attachments"][0]["id"] == first_id and cached_on(a, s["media_attachments"][0]["url"])
        assert s["edited_at"] is not None
        wait_for(lambda: cached_on(a, alice.m.status(sid)["media_attachments"][1]["url"]), what="second cached")

        # The first removed.
        post(peer, a, {"@context": AS, "id": nid + "#u2", "type": "Update", "actor": uri, "to": [PUBLIC],
                       "object": note("first", [("two", "the second picture")])})
        s = wait_for(lambda: (lambda x: x if len(x["media_attachments"]) == 1 else None)(alice.m.status(sid)),
                     what="first removed")
        assert s["media_attachments"][0]["description"] == "the second picture"
        history = alice.m.status_history(sid)
        assert [[m["description"] for m in h["media_attachments"]] for h in history] == [
            ["the first picture"], ["described again", "the second picture"], ["the second picture"]]

        # An identical re-send is no edit.
        post(peer, a, {"@context": AS, "id": nid + "#u3", "type": "Update", "actor": uri, "to": [PUBLIC],
                       "object": note("first", [("two", "the second picture")])})
        time.sleep(0.5)
        assert len(alice.m.status_history(sid)) == 3
    finally:
        peer.close()
    assert a.healthy()


def test_remote_avatar_shows_origin_url_until_cached_without_a_fetch(server_factory):
    a = fed_server(server_factory)
    alice = Client(a, "alice")
    peer = FakePeer()
    try:
        # A slow media host: the actor is stored at once, its avatar cached in the background.
        peer.files["/media/face.png"] = ("image/png", png_bytes(120, 120), 3)
        peer.files["/media/banner.png"] = ("image/png", png_bytes(300, 100), 0)
        doc = peer.actor("painter")
        doc["icon"] = {"type": "Image", "mediaType": "image/png", "url": peer.base + "/media/face.png"}
        doc["image"] = {"type": "Image", "mediaType": "image/png", "url": peer.base + "/media/banner.png"}
        peer.overrides["/users/painter"] = doc
        uri = peer.actor_uri("painter")
        post(peer, a, json.loads(peer.create_note("a painter posts", name="painter")), name="painter")
        found = wait_for(lambda: [s for s in alice.m.timeline_public(limit=40) if s["uri"].startswith(uri)],
                         what="the painter's post")
        acct_id = found[0]["account"]["id"]
        first = alice.m.account(acct_id)
        # Not cached yet: the origin's URL, never the default image.
        assert first["avatar"] == peer.base + "/media/face.png"
        assert first["header"] in (peer.base + "/media/banner.png",) or cached_on(a, first["header"]), first["header"]
        assert first["avatar_static"] == first["avatar"]
        # Nobody asks for the image: the background fetch caches it, and the API shows our copy.
        cached = wait_for(lambda: (lambda x: x if cached_on(a, x["avatar_static"]) and cached_on(a, x["header"])
                                   else None)(alice.m.account(acct_id)), what="avatar and header cached", timeout=20)
        assert cached["avatar"] == cached["avatar_static"]
        assert peer.file_gets["/media/face.png"] == 1
        r = requests.get(cached["avatar"], timeout=10)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("image/")
    finally:
        peer.close()
    assert a.healthy()
