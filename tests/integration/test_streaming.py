"""The streaming API (mastodon-api.md §6.10): Mastodon.py's `stream_user` over SSE (update,
notification, delete, status.update, filters_changed; warn filters give `filtered`, hide filters
drop the status); SSE framing and health; a WebSocket client that never reads is dropped (the
send queue is bounded) while another keeps receiving everything. Other event sources reach the
user stream too: announcements (announcement, announcement.reaction, announcement.delete, also
over a WebSocket), poll-end notifications, and statuses and notifications arriving by federation
from a second instance."""
from __future__ import annotations

import base64
import json
import os
import socket
import threading
import time

import requests
from mastodon import Mastodon, StreamListener

from fed_util import Client, fed_server
from helpers import ParloirServer, bearer
from org_util import admin_client
from social_util import Actor, module_server_fixture

srv = module_server_fixture()


class Recorder(StreamListener):
    def __init__(self):
        super().__init__()
        self.events: list[tuple[str, object]] = []
        self.lock = threading.Lock()

    def _add(self, name, payload):
        with self.lock:
            self.events.append((name, payload))

    def on_update(self, status):
        self._add("update", status)

    def on_status_update(self, status):
        self._add("status.update", status)

    def on_notification(self, notification):
        self._add("notification", notification)

    def on_delete(self, status_id):
        self._add("delete", status_id)

    def on_filters_changed(self):
        self._add("filters_changed", None)

    def on_announcement(self, announcement):
        self._add("announcement", announcement)

    def on_announcement_reaction(self, reaction):
        self._add("announcement.reaction", reaction)

    def on_announcement_delete(self, announcement_id):
        self._add("announcement.delete", announcement_id)

    def wait_for(self, pred, what: str, timeout: float = 15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for name, payload in self.events:
                    if pred(name, payload):
                        return payload
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}; got {[e[0] for e in self.events]}")


def _is_update(status_id: str):
    return lambda name, p: name == "update" and str(p["id"]) == status_id


def _open_user_stream(api: Mastodon, post) -> tuple[Recorder, object]:
    """Mastodon.py's stream_user, once it is live: `post(text)` makes a status (returning it)
    that reaches this user's home (their own, or a followed account's)."""
    rec = Recorder()
    handle = api.stream_user(rec, run_async=True, timeout=30)
    for _ in range(50):
        s = post("warm-up")
        try:
            rec.wait_for(_is_update(str(s["id"])), "warm-up", timeout=0.3)
            return rec, handle
        except AssertionError:
            continue
    handle.close()
    raise AssertionError("stream_user never delivered")


def test_mastodon_py_stream_user_over_sse(srv):
    alice, bob = Actor.create(srv, "al"), Actor.create(srv, "bo")
    alice.follow(bob)
    api = Mastodon(access_token=alice.token, api_base_url=srv.base_url)
    rec = Recorder()
    handle = api.stream_user(rec, run_async=True, timeout=30)
    try:
        # The stream is live once a post by a followed account arrives.
        first = None
        for _ in range(50):
            s = bob.status("warm-up")
            try:
                first = rec.wait_for(_is_update(s["id"]), "warm-up", timeout=0.3)
                break
            except AssertionError:
                continue
        assert first is not None, "stream_user never delivered"
        assert first["account"]["id"] == int(bob.id)  # MP turns ids into ints

        mine = alice.status("my post")
        bob.ok("POST", f"/api/v1/statuses/{mine['id']}/favourite")
        n = rec.wait_for(lambda name, p: name == "notification" and p["type"] == "favourite", "notification")
        assert n["status"]["id"] == int(mine["id"])

        post = bob.status("to be edited")
        rec.wait_for(_is_update(post["id"]), "update")
        bob.ok("PUT", f"/api/v1/statuses/{post['id']}", data={"status": "edited now"})
        edited = rec.wait_for(lambda name, p: name == "status.update" and str(p["id"]) == post["id"], "status.update")
        assert "edited now" in edited["content"]
        bob.ok("DELETE", f"/api/v1/statuses/{post['id']}")
        rec.wait_for(lambda name, p: name == "delete" and str(p) == post["id"], "delete")

        # Filters: creating one sends filters_changed; warn → `filtered`, hide → not sent.
        alice.ok("POST", "/api/v2/filters", data={
            "title": "Spoilers", "context[]": "home", "filter_action": "warn",
            "keywords_attributes[0][keyword]": "spoiler"})
        rec.wait_for(lambda name, p: name == "filters_changed", "filters_changed")
        alice.ok("POST", "/api/v2/filters", data={
            "title": "Never", "context[]": "home", "filter_action": "hide",
            "keywords_attributes[0][keyword]": "secret"})
        warned = bob.status("a big SPOILER here")
        hidden = bob.status("a secret thing")
        sentinel = bob.status("sentinel")
        got = rec.wait_for(_is_update(warned["id"]), "warned status")
        assert [f["filter"]["title"] for f in got["filtered"]] == ["Spoilers"]
        rec.wait_for(_is_update(sentinel["id"]), "sentinel")
        assert not any(name == "update" and str(p["id"]) == hidden["id"] for name, p in rec.events), \
            "a hide-filtered status was streamed"
        plain = [p for name, p in rec.events if name == "update" and str(p["id"]) == sentinel["id"]]
        assert plain[0]["filtered"] == []
    finally:
        handle.close()


def test_sse_framing_health_and_errors(srv):
    alice = Actor.create(srv, "ss")
    assert requests.get(srv.base_url + "/api/v1/streaming/health", timeout=10).text == "OK"
    r = requests.get(srv.base_url + "/api/v1/streaming/public/local", timeout=10)
    assert r.status_code == 401 and "error" in r.json()
    r = requests.get(srv.base_url + "/api/v1/streaming/hashtag", headers=alice.headers, timeout=10)
    assert r.status_code == 400 and "error" in r.json()
    r = requests.get(srv.base_url + "/api/v1/streaming/list", params={"list": "99"}, headers=alice.headers, timeout=10)
    assert r.status_code == 401
    with requests.get(srv.base_url + "/api/v1/streaming/hashtag", params={"tag": "Framing"},
                      headers=alice.headers, stream=True, timeout=10) as r:
        assert r.status_code == 200
        assert r.headers["Content-Type"] == "text/event-stream"
        assert r.headers["Cache-Control"] == "no-store"
        lines = r.iter_lines(decode_unicode=True)
        assert next(lines) == ":)"
        time.sleep(0.3)
        s = alice.status("about #framing")
        event = next(lines)
        while event.startswith(":"):
            event = next(lines)
        assert event == "event: update"
        data = next(lines)
        assert data.startswith("data: ")
        assert json.loads(data[6:])["id"] == s["id"]
        assert next(lines) == ""  # a blank line ends the event


# -- a client that never reads --------------------------------------------------------------------

def _ws_connect(port: int, path: str, rcvbuf: int | None = None) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.settimeout(10)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        assert chunk, "closed during the handshake"
        head += chunk
    assert head.startswith(b"HTTP/1.1 101"), head
    return sock


def _masked_text(text: str) -> bytes:
    data = text.encode()
    assert len(data) < 126
    mask = os.urandom(4)
    return bytes([0x81, 0x80 | len(data)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data))


def _ws_frames(sock: socket.socket):
    """Yields text payloads of server frames (unmasked), until EOF."""
    buf = b""

    def need(n):
        nonlocal buf
        while len(buf) < n:
            chunk = sock.recv(65536)
            if not chunk:
                raise EOFError
            buf += chunk

    while True:
        need(2)
        op, ln = buf[0] & 0x0F, buf[1] & 0x7F
        off = 2
        if ln == 126:
            need(4)
            ln, off = int.from_bytes(buf[2:4], "big"), 4
        elif ln == 127:
            need(10)
            ln, off = int.from_bytes(buf[2:10], "big"), 10
        need(off + ln)
        payload, buf = buf[off:off + ln], buf[off + ln:]
        if op == 1:
            yield payload.decode()
        elif op == 8:
            return


def test_a_client_that_never_reads_is_dropped_while_others_keep_receiving(server_factory):
    s: ParloirServer = server_factory(env={"PARLOIR_STREAMING_QUEUE_BYTES": "65536"}).start()
    poster = Actor.create(s, "po")
    path = f"/api/v1/streaming?access_token={poster.token}&stream=public:local"
    stuck = _ws_connect(s.port, path, rcvbuf=4096)
    for extra in ({"type": "subscribe", "stream": "public"}, {"type": "subscribe", "stream": "hashtag", "tag": "flood"}):
        stuck.sendall(_masked_text(json.dumps(extra)))
    good = _ws_connect(s.port, path)
    received: list[str] = []

    def read_good():
        try:
            for text in _ws_frames(good):
                received.append(json.loads(json.loads(text)["payload"])["id"])
        except (EOFError, OSError):
            pass

    reader = threading.Thread(target=read_good, daemon=True)
    reader.start()
    time.sleep(0.3)
    text = "x" * 470
    posted = [poster.status(f"#flood {text} {i}")["id"] for i in range(150)]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(received) < len(posted):
        time.sleep(0.05)
    assert received == posted, f"the reading client got {len(received)} of {len(posted)}"

    # The stuck client was dropped: reading now ends at EOF after far less than was posted.
    stuck.settimeout(5)
    got = 0
    dropped = False
    try:
        while True:
            chunk = stuck.recv(65536)
            if not chunk:
                dropped = True
                break
            got += len(chunk)
    except ConnectionResetError:
        dropped = True
    except socket.timeout:
        pass
    total = 3 * 150 * 1500  # three subscriptions, ~1.5 KB or more per message
    print(f"stuck client read {got} bytes before EOF")
    assert dropped, f"the stuck client was not disconnected (read {got} bytes, still open)"
    assert got < total, f"the stuck client received {got} bytes: nothing was dropped"
    stuck.close()
    good.close()


def test_blocks_either_way_keep_statuses_off_public_streams(srv):
    viewer, blocker, blocked, other = (Actor.create(srv, p) for p in ("vw", "bk", "bd", "ot"))
    blocker.ok("POST", f"/api/v1/accounts/{viewer.id}/block")   # the author blocks the viewer
    viewer.ok("POST", f"/api/v1/accounts/{blocked.id}/block")   # the viewer blocks the author
    sock = _ws_connect(srv.port, f"/api/v1/streaming?access_token={viewer.token}&stream=public:local")
    got: list[str] = []

    def read():
        try:
            for text in _ws_frames(sock):
                msg = json.loads(text)
                if msg.get("event") == "update":
                    got.append(json.loads(msg["payload"])["id"])
        except (EOFError, OSError):
            pass

    threading.Thread(target=read, daemon=True).start()
    time.sleep(0.3)
    hidden = [blocker.status("by someone who blocks the viewer")["id"], blocked.status("by someone blocked")["id"]]
    sentinel = other.status("sentinel")["id"]
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and sentinel not in got:
        time.sleep(0.02)
    assert sentinel in got, f"the sentinel never arrived: {got}"
    assert not set(hidden) & set(got), "a status across a block was streamed"
    sock.close()


def test_media_streams_carry_only_statuses_with_attachments(srv):
    import io
    from PIL import Image
    viewer, author = Actor.create(srv, "mv"), Actor.create(srv, "ma")
    sock = _ws_connect(srv.port, f"/api/v1/streaming?access_token={viewer.token}&stream=public:local:media")
    got: list[str] = []

    def read():
        try:
            for text in _ws_frames(sock):
                msg = json.loads(text)
                if msg.get("event") == "update":
                    got.append(json.loads(msg["payload"])["id"])
        except (EOFError, OSError):
            pass

    threading.Thread(target=read, daemon=True).start()
    time.sleep(0.3)
    text_only = author.status("no picture here")["id"]
    png = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(png, format="PNG")
    media = author.post("/api/v2/media", files={"file": ("red.png", png.getvalue(), "image/png")})
    assert media.status_code == 200, media.text
    with_media = author.ok("POST", "/api/v1/statuses",
                           data={"status": "a picture", "media_ids[]": [media.json()["id"]]})["id"]
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and with_media not in got:
        time.sleep(0.02)
    assert with_media in got, f"the status with media never arrived: {got}"
    assert text_only not in got, "a status without media reached a :media stream"
    sock.close()


# -- other event sources --------------------------------------------------------------------------

def test_announcements_reach_every_user_stream(srv):
    alice, bob = Actor.create(srv, "aa"), Actor.create(srv, "ab")
    admin_token = admin_client(srv).access_token
    rec, handle = _open_user_stream(Mastodon(access_token=alice.token, api_base_url=srv.base_url), alice.status)
    ws = _ws_connect(srv.port, f"/api/v1/streaming?access_token={bob.token}&stream=user")
    ws_events: list[dict] = []

    def read_ws():
        try:
            for text in _ws_frames(ws):
                ws_events.append(json.loads(text))
        except (EOFError, OSError):
            pass

    threading.Thread(target=read_ws, daemon=True).start()
    try:
        time.sleep(0.3)
        r = requests.post(srv.base_url + "/api/v1/admin/announcements", headers=bearer(admin_token),
                          data={"text": "Maintenance tonight"}, timeout=30)
        assert r.status_code == 200, r.text
        aid = r.json()["id"]
        got = rec.wait_for(lambda n, p: n == "announcement" and str(p["id"]) == aid, "announcement")
        assert "Maintenance tonight" in got["content"] and got["reactions"] == [] and got["read"] is False

        bob.ok("PUT", f"/api/v1/announcements/{aid}/reactions/%F0%9F%91%8D")  # 👍
        alice.ok("PUT", f"/api/v1/announcements/{aid}/reactions/%F0%9F%91%8D")
        reacted = rec.wait_for(lambda n, p: n == "announcement.reaction" and p["count"] == 2, "reaction count 2")
        assert reacted["name"] == "👍" and str(reacted["announcement_id"]) == aid
        bob.ok("DELETE", f"/api/v1/announcements/{aid}/reactions/%F0%9F%91%8D")

        r = requests.delete(srv.base_url + f"/api/v1/admin/announcements/{aid}", headers=bearer(admin_token),
                            timeout=30)
        assert r.status_code == 200, r.text
        rec.wait_for(lambda n, p: n == "announcement.delete" and str(p) == aid, "announcement.delete")
        # Events arrive in order: every reaction change came before the delete.
        with rec.lock:
            counts = [p["count"] for n, p in rec.events if n == "announcement.reaction"]
        assert counts == [1, 2, 1]

        # The WebSocket client (bob) got the same three kinds, with Mastodon's payload shapes.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(e.get("event") == "announcement.delete" for e in ws_events):
            time.sleep(0.05)
        by_event = {}
        for e in ws_events:
            by_event.setdefault(e["event"], []).append(e)
        assert by_event["announcement"][0]["stream"] == ["user"]
        assert json.loads(by_event["announcement"][0]["payload"])["id"] == aid
        assert [json.loads(e["payload"]) for e in by_event["announcement.reaction"]] == [
            {"name": "👍", "count": 1, "announcement_id": aid},
            {"name": "👍", "count": 2, "announcement_id": aid},
            {"name": "👍", "count": 1, "announcement_id": aid}]
        assert [e["payload"] for e in by_event["announcement.delete"]] == [aid]
    finally:
        handle.close()
        ws.close()


def test_poll_end_notifications_are_streamed(server_factory):
    s: ParloirServer = server_factory(env={"PARLOIR_INSTANCE_MIN_POLL_EXPIRATION_SECONDS": "2"}).start()
    author, voter = Actor.create(s, "pa"), Actor.create(s, "pv")
    a_rec, a_handle = _open_user_stream(Mastodon(access_token=author.token, api_base_url=s.base_url), author.status)
    v_rec, v_handle = _open_user_stream(Mastodon(access_token=voter.token, api_base_url=s.base_url), voter.status)
    try:
        st = author.ok("POST", "/api/v1/statuses", data={"status": "Quick?", "poll[options][]": ["a", "b"],
                                                         "poll[expires_in]": "2"})
        voter.ok("POST", f"/api/v1/polls/{st['poll']['id']}/votes", data={"choices[]": ["0"]})

        def poll_note(name, p):
            return name == "notification" and p["type"] == "poll" and str(p["status"]["id"]) == st["id"]

        vn = v_rec.wait_for(poll_note, "the voter's poll notification", timeout=20)   # through notify()
        an = a_rec.wait_for(poll_note, "the author's poll notification", timeout=20)  # inserted directly
        assert vn["status"]["poll"]["expired"] is True
        assert str(an["account"]["id"]) == author.id and str(vn["account"]["id"]) == author.id
    finally:
        a_handle.close()
        v_handle.close()


def test_federated_statuses_and_notifications_reach_the_follower_stream(server_factory):
    a, b = fed_server(server_factory), fed_server(server_factory)
    alice = Client(a, "alice")
    bob = Client(b, "bob")
    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    deadline = time.monotonic() + 30
    while not bob.m.account_relationships(alice_on_b["id"])[0]["following"]:
        assert time.monotonic() < deadline, "bob's follow was never accepted"
        time.sleep(0.2)
    rec, handle = _open_user_stream(bob.m, lambda text: bob.m.status_post(text))
    remote_public = requests.get(b.base_url + "/api/v1/streaming/public/remote", headers=bearer(bob.m.access_token),
                                 stream=True, timeout=30)
    try:
        assert remote_public.status_code == 200
        time.sleep(0.3)
        alice.m.status_post("hello from instance A", visibility="public")
        got = rec.wait_for(lambda n, p: n == "update" and "hello from instance A" in p["content"], "remote update")
        assert got["account"]["acct"] == alice.handle
        sid = str(got["id"])
        deadline = time.monotonic() + 15
        for line in remote_public.iter_lines(decode_unicode=True):
            assert time.monotonic() < deadline, "public:remote never streamed the remote status"
            if line.startswith("data: ") and "hello from instance A" in line:
                assert json.loads(line[6:])["id"] == sid
                break

        alice.m.status_post(f"@{bob.handle} are you there?", visibility="public")
        note = rec.wait_for(lambda n, p: n == "notification" and p["type"] == "mention", "remote mention")
        assert "are you there?" in note["status"]["content"] and note["account"]["acct"] == alice.handle

        mine = [s for s in alice.m.account_statuses(alice.me["id"]) if "hello from instance A" in s["content"]][0]
        alice.m.status_update(mine["id"], "hello from instance A (edited)")
        edited = rec.wait_for(lambda n, p: n == "status.update" and str(p["id"]) == sid, "remote status.update")
        assert "(edited)" in edited["content"]
        alice.m.status_delete(mine["id"])
        rec.wait_for(lambda n, p: n == "delete" and str(p) == sid, "remote delete")
    finally:
        handle.close()
        remote_public.close()
