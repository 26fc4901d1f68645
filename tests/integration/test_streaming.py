"""The streaming API (mastodon-api.md §6.10): Mastodon.py's `stream_user` over SSE (update,
notification, delete, status.update, filters_changed; warn filters give `filtered`, hide filters
drop the status); SSE framing and health; a WebSocket client that never reads is dropped (the
send queue is bounded) while another keeps receiving everything."""
from __future__ import annotations

import base64
import json
import os
import socket
import threading
import time

import requests
from mastodon import Mastodon, StreamListener

from helpers import ParloirServer
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
