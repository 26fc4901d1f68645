#!/usr/bin/env python3
"""Streaming benchmark (issue 7): WebSocket streaming connections held by one server process,
and the delay from a post's acknowledgement to its arrival on every stream.

  seed      `parloir admin bench-seed` with F+1 accounts (one token each), no follows;
  followers F accounts follow the first one (the author) through the API;
  user      F connections, one per follower, on the `user` stream; the author posts P statuses
            one after the other; per post and follower: POST response → `update` arrival;
  public    N connections on `public:local` (tokens rotated over all accounts); the author posts
            P statuses; per post and connection: POST response → arrival. Server RSS (VmRSS) is
            sampled every 100 ms while the connections are open.

The client is bench/stream/stream_client.cpp (`parloir-stream-bench`, built next to the server
in build/<preset>/bench/). Targets (reported, not enforced): N = 10,000 connections with RSS ≤
200 MB and p99 ≤ 250 ms on public:local; F = 1,000 followers with p99 ≤ 50 ms on user streams.
--smoke: N = 50, F = 20, P = 3, nothing written; fails only on missing deliveries or errors.
PARLOIR_BENCH_LOG_LEVEL=debug keeps the server log (per event: viewers gated, messages queued, µs).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from foundation import Server, binary_version, machine_info, write_section  # noqa: E402
from social import Client, log, read_tokens, seed  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def raise_nofile() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # children (server, client) inherit it
    return hard


class RssSampler:
    def __init__(self, server: Server):
        self.server = server
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.server.status_kb("VmRSS"))
            except OSError:
                pass
            time.sleep(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run_client(client_bin: str, port: int, tokens_file: Path, connections: int, stream: str, poster: str,
               posts: int) -> dict:
    args = [client_bin, "--port", str(port), "--tokens", str(tokens_file), "--connections", str(connections),
            "--stream", stream, "--poster-token", poster, "--posts", str(posts), "--interval-ms", "200",
            "--wait-ms", "10000"]
    log("client: " + " ".join(a if len(a) < 40 else a[:8] + "…" for a in args[1:]))
    proc = subprocess.run(args, capture_output=True, text=True, timeout=900)
    log(proc.stderr.strip())
    if proc.returncode != 0:
        raise RuntimeError(f"parloir-stream-bench failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, nothing written")
    ap.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    ap.add_argument("--connections", type=int, help="public:local connections (default 10000; smoke 50)")
    ap.add_argument("--followers", type=int, help="followers on user streams (default 1000; smoke 20)")
    ap.add_argument("--posts", type=int, help="posts per scenario (default 20; smoke 3)")
    args = ap.parse_args()

    binary = os.environ.get("PARLOIR_BIN") or "build/release/parloir"
    if not os.path.isabs(binary):
        binary = str(REPO / binary)
    client_bin = os.environ.get("PARLOIR_STREAM_BENCH") or str(Path(os.path.realpath(binary)).parent / "bench" / "parloir-stream-bench")
    for b in (binary, client_bin):
        if not os.access(b, os.X_OK):
            log(f"stream: {b} not found (build the release preset, or set PARLOIR_BIN / PARLOIR_STREAM_BENCH)")
            return 1
    smoke = args.smoke
    n_conn = args.connections or (50 if smoke else 10000)
    n_followers = args.followers or (20 if smoke else 1000)
    n_posts = args.posts or (3 if smoke else 20)
    hard = raise_nofile()
    if n_conn + 100 > hard:
        log(f"stream: RLIMIT_NOFILE hard limit {hard} is below {n_conn + 100}: lower --connections")
        return 1
    problems: list[str] = []

    tmp = Path(tempfile.mkdtemp(prefix="parloir-stream-"))
    data_dir = tmp / "data"
    tokens_file = tmp / "bench-tokens.txt"
    env = {
        "PARLOIR_SERVER_MAX_CONNECTIONS": str(n_conn + 1000),
        "PARLOIR_STREAMING_MAX_CONNECTIONS_PER_IP": str(n_conn + 1000),
    }
    if os.environ.get("PARLOIR_BENCH_LOG_LEVEL"):
        env["PARLOIR_LOG_LEVEL"] = os.environ["PARLOIR_BENCH_LOG_LEVEL"]
    server = Server(binary, data_dir, env=env)
    url = f"http://127.0.0.1:{server.port}"
    try:
        seeded = seed(binary, data_dir, url, n_followers + 1, 10, 0, 1, tokens_file)
        tokens = read_tokens(tokens_file)
        server.start()
        author_id, _, author_token = tokens[0]
        followers = tokens[1:n_followers + 1]

        def follow(t):
            c = Client(server.port, t[2])
            try:
                c.json("POST", f"/api/v1/accounts/{author_id}/follow")
            finally:
                c.close()

        t0 = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(follow, followers))
        log(f"followers: {len(followers)} follows in {time.perf_counter() - t0:.1f} s")
        followers_file = tmp / "followers.txt"
        followers_file.write_text("".join(f"{a} {u} {t}\n" for a, u, t in followers))
        rss_idle = server.status_kb("VmRSS")

        with RssSampler(server) as s_user:
            user = run_client(client_bin, server.port, followers_file, len(followers), "user", author_token, n_posts)
        with RssSampler(server) as s_pub:
            pub = run_client(client_bin, server.port, tokens_file, n_conn, "public:local", author_token, n_posts)
        rss_end = server.status_kb("VmRSS")
        hwm = server.status_kb("VmHWM")

        for name, r in (("user", user), ("public:local", pub)):
            if r["failed"] or r["opened"] != r["connections"]:
                problems.append(f"{name}: {r['failed']} connections failed, {r['opened']} of {r['connections']} open")
            if r["missing"] or r["post_errors"] or r["posts"] != n_posts:
                problems.append(f"{name}: {r['missing']} deliveries missing, {r['post_errors']} post errors, "
                                f"{r['posts']} of {n_posts} posts acknowledged")
            if r["closed"]:
                problems.append(f"{name}: {r['closed']} connections closed by the server during the run")
        print(json.dumps({"user": user, "public": pub, "rss_idle_kb": rss_idle, "rss_user_peak_kb": s_user.peak,
                          "rss_public_peak_kb": s_pub.peak, "rss_end_kb": rss_end, "hwm_kb": hwm}, indent=1))
    except Exception as e:  # noqa: BLE001 - reported as a failure
        problems.append(f"{type(e).__name__}: {e}")
        log(f"stream: FAILED: {e}")
        server.kill()
        return 1
    finally:
        server.stop()
        if os.environ.get("PARLOIR_BENCH_LOG_LEVEL"):
            log(f"stream: server log kept: {server.log}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    def verdict(ok: bool) -> str:
        return "ok" if ok else "**over target**"

    mb = lambda kb: kb / 1024  # noqa: E731
    if args.write and not smoke:
        info = machine_info()
        load = os.getloadavg()
        body = "\n".join([
            f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {info['commit']}, "
            f"`{binary_version(binary)}` ({os.path.relpath(binary, REPO)}); client `parloir-stream-bench` "
            f"(bench/stream/stream_client.cpp, one thread) on the same machine.",
            f"Machine: {info['nproc']} cores, {info['cpu']}, {info['mem']} RAM, Linux {info['kernel']}. Load average when it ended: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} "
            "(other work was running on the 2 cores).",
            "",
            f"Delay = arrival of the `update` event at a connection − the POST /api/v1/statuses response "
            f"(clamped at 0), over {n_posts} posts one after the other (200 ms apart), every connection.",
            "",
            "| scenario | connections | deliveries | missing | p50 | p99 | max | server RSS (peak while open) | target | result |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
            f"| post by an account with {len(followers):,} followers → their `user` streams | {user['opened']:,} | "
            f"{user['deliveries']:,} | {user['missing']} | {user['p50_ms']:.1f} ms | {user['p99_ms']:.1f} ms | "
            f"{user['max_ms']:.1f} ms | {mb(s_user.peak):.0f} MB | p99 ≤ 50 ms | {verdict(user['p99_ms'] <= 50)} |",
            f"| local public post → `public:local` streams | {pub['opened']:,} | {pub['deliveries']:,} | "
            f"{pub['missing']} | {pub['p50_ms']:.1f} ms | {pub['p99_ms']:.1f} ms | {pub['max_ms']:.1f} ms | "
            f"{mb(s_pub.peak):.0f} MB | p99 ≤ 250 ms, RSS ≤ 200 MB | "
            f"{verdict(pub['p99_ms'] <= 250 and mb(s_pub.peak) <= 200)} |",
            "",
            f"- connecting {pub['opened']:,} WebSockets took {pub['connect_s']:.1f} s (256 handshakes in flight); "
            f"POST /api/v1/statuses p50 {pub['post_p50_ms']:.1f} ms while they were open",
            f"- server RSS: {mb(rss_idle):.0f} MB before the streams, {mb(rss_end):.0f} MB after they closed, "
            f"VmHWM {mb(hwm):.0f} MB",
            f"- data: {seeded['summary']}",
        ] + ([f"- problems: {'; '.join(problems)}"] if problems else []))
        write_section("Streaming", body)
    if problems:
        for p in problems:
            log(f"stream: PROBLEM: {p}")
        return 1
    log("stream: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
