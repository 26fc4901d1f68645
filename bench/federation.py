#!/usr/bin/env python3
"""Federation benchmark (issue 6): one Parloir server and a loopback "sink" peer that hosts N
actors, each with its own inbox.

  fan-out   N sink actors follow alice (signed Follow → actor fetch → Accept); alice posts once;
            time from the POST /api/v1/statuses answer until all N inboxes got the Create
            (target: N = 500 within 3 s)
  inbound   M signed Create(Note) activities from the N actors, pre-signed, sent by 16 threads
            over keep-alive connections; accepted (202) activities per second (target ≥ 2,000/s
            on a release build)

  bench/federation.py [--smoke] [--inboxes N] [--inbound M]

Uses $PARLOIR_BIN (default build/release/parloir). --smoke: N = 20, M = 100, no threshold.
Figures from a dev (ASan) build mean nothing."""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))
os.environ.setdefault("PARLOIR_BIN", str(ROOT / "build" / "release" / "parloir"))
from fake_peer import PUBLIC, FakePeer  # noqa: E402
from helpers import ParloirServer, create_app, password_token, bearer  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--inboxes", type=int)
    ap.add_argument("--inbound", type=int)
    args = ap.parse_args()
    n = args.inboxes or (20 if args.smoke else 500)
    m = args.inbound or (100 if args.smoke else 5000)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        server = ParloirServer(Path(tmp) / "data", env={
            "PARLOIR_FEDERATION_ALLOW_HTTP": "true", "PARLOIR_FEDERATION_ALLOW_PRIVATE_ADDRESSES": "127.0.0.0/8",
            "PARLOIR_SERVER_BLOCKING_THREADS": "8", "PARLOIR_FEDERATION_DELIVERY_WORKERS": "16"}).start()
        sink = FakePeer()
        sink.shared_inbox = False  # N distinct inboxes: nothing to deduplicate
        try:
            user = server.create_user("alice")
            token = password_token(server.base_url, create_app(server.base_url), user)
            alice = f"{server.base_url}/users/{user.username}"
            creates = threading.Event()
            lock = threading.Lock()
            seen: set[str] = set()

            def on_post(entry):
                body = json.loads(entry["body"])
                if body.get("type") == "Create":
                    with lock:
                        seen.add(entry["path"])
                        if len(seen) >= n:
                            creates.set()
            sink.on_post = on_post

            # N followers, each with its own inbox.
            def follow(i):
                name = f"s{i}"
                act = json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "type": "Follow",
                                  "id": f"{sink.actor_uri(name)}#follows/1", "actor": sink.actor_uri(name),
                                  "object": alice}).encode()
                return sink.signed_post(server.base_url + "/inbox", act, name=name).status_code
            with ThreadPoolExecutor(8) as ex:
                codes = list(ex.map(follow, range(n)))
            if any(c != 202 for c in codes):
                print(f"federation: {sum(c != 202 for c in codes)} follows refused", file=sys.stderr)
                return 1
            deadline = time.monotonic() + 120
            while sum(1 for r in sink.received if b'"Accept"' in r["body"]) < n and time.monotonic() < deadline:
                time.sleep(0.05)

            # Fan-out: one public post to N inboxes.
            t0 = time.monotonic()
            r = requests.post(server.base_url + "/api/v1/statuses", headers=bearer(token),
                              data={"status": "fan-out benchmark", "visibility": "public"}, timeout=30)
            assert r.status_code == 200, r.text
            done = creates.wait(timeout=120)
            fanout_s = time.monotonic() - t0
            print(f"fan-out: 1 post to {len(seen)}/{n} distinct inboxes in {fanout_s:.2f} s"
                  + ("" if args.smoke else f" (target ≤ 3 s: {'ok' if done and fanout_s <= 3 else 'MISSED'})"))
            ok &= done

            # Inbound: M pre-signed Creates from the N actors.
            sessions = threading.local()
            prepared = []
            for i in range(m):
                name = f"s{i % n}"
                body = sink.create_note(f"inbound {i}", name=name, to=(PUBLIC,))
                prepared.append(sink.prepare_signed_post(server.base_url + "/inbox", body, name=name))

            def send(p):
                s = getattr(sessions, "s", None) or requests.Session()
                sessions.s = s
                return s.post(p[0], data=p[1], headers=p[2], timeout=60).status_code
            t0 = time.monotonic()
            with ThreadPoolExecutor(16) as ex:
                codes = list(ex.map(send, prepared))
            inbound_s = time.monotonic() - t0
            accepted = sum(c == 202 for c in codes)
            rate = accepted / inbound_s if inbound_s > 0 else 0
            print(f"inbound: {accepted}/{m} signed Create(Note) accepted in {inbound_s:.2f} s = {rate:.0f}/s"
                  + ("" if args.smoke else f" (target ≥ 2000/s: {'ok' if rate >= 2000 else 'MISSED'})"))
            ok &= accepted == m
        finally:
            sink.close()
            server.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
