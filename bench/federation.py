#!/usr/bin/env python3
"""Federation benchmark (issue 6): starts one Parloir server (fresh data dir), creates a local
user and a token, and runs the C++ load tool bench/federation/fed_bench.cpp
(`parloir-fed-bench`, built next to the server in build/<preset>/bench/), which plays I remote
instances on loopback ports (own RSA key, WebFinger, actor documents, N actors with one inbox each)
and measures:

  fan-out   N actors follow the user (signed Follow → actor fetch → Accept); the user posts once;
            time from the POST /api/v1/statuses until all N inboxes got the Create
            (target: N = 500 within 3 s)
  inbound   M signed Create(Note) from the N actors, signed before the clock starts, sent over C
            keep-alive connections to the shared inbox: accepted (202) per second, p50/p99
            latency, errors (target ≥ 2,000/s on a release build); server RSS sampled every 100 ms

  bench/federation.py [--smoke] [--write] [--instances I] [--inboxes N] [--inbound M] [--connections C]

Uses $PARLOIR_BIN (default build/release/parloir) and $PARLOIR_FED_BENCH (default
<dir of PARLOIR_BIN>/bench/parloir-fed-bench). --smoke: I = 4, N = 20, M = 200, nothing written,
no threshold. Figures from a dev (ASan) build mean nothing."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from foundation import Server, binary_version, machine_info, write_section  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def local_user_token(server: Server, binary: str) -> str:
    """A local user (admin CLI) and a password-grant token for it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLOIR_")}
    subprocess.run([binary, "admin", "account", "create", "--username", "alice", "--email", "alice@example.com",
                    "--password", "bench-password-1", "--data-dir", str(server.data_dir)],
                   check=True, capture_output=True, env=env, timeout=60)
    base = f"http://127.0.0.1:{server.port}"
    app = requests.post(base + "/api/v1/apps", timeout=30, data={
        "client_name": "fed-bench", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob", "scopes": "read write"}).json()
    r = requests.post(base + "/oauth/token", timeout=30, data={
        "grant_type": "password", "client_id": app["client_id"], "client_secret": app["client_secret"],
        "username": "alice@example.com", "password": "bench-password-1", "scope": "read write"})
    r.raise_for_status()
    return r.json()["access_token"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, nothing written, no threshold")
    ap.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    ap.add_argument("--instances", type=int, help="remote instances (ports, keys); default 20, smoke 4")
    ap.add_argument("--inboxes", type=int, help="remote actors = distinct follower inboxes; default 500, smoke 20")
    ap.add_argument("--inbound", type=int, help="inbound Create(Note) activities; default 10000, smoke 200")
    ap.add_argument("--connections", type=int, default=16, help="keep-alive connections flooding the inbox")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (data, server log)")
    args = ap.parse_args()
    smoke = args.smoke
    instances = args.instances or (4 if smoke else 20)
    actors = args.inboxes or (20 if smoke else 500)
    inbound = args.inbound if args.inbound is not None else (200 if smoke else 10000)

    binary = os.environ.get("PARLOIR_BIN") or "build/release/parloir"
    if not os.path.isabs(binary):
        binary = str(REPO / binary)
    tool = os.environ.get("PARLOIR_FED_BENCH") or str(Path(os.path.realpath(binary)).parent / "bench" / "parloir-fed-bench")
    for b in (binary, tool):
        if not os.access(b, os.X_OK):
            log(f"federation: {b} not found (build the release preset, or set PARLOIR_BIN / PARLOIR_FED_BENCH)")
            return 1

    tmp = Path(tempfile.mkdtemp(prefix="parloir-fed-"))
    server = Server(binary, tmp / "data", env={
        "PARLOIR_FEDERATION_MODE": "open",
        "PARLOIR_FEDERATION_ALLOW_HTTP": "true", "PARLOIR_FEDERATION_ALLOW_PRIVATE_ADDRESSES": "127.0.0.0/8",
        "PARLOIR_FEDERATION_DELIVERY_WORKERS": "16"})
    load_before = os.getloadavg()
    try:
        server.start()
        token = local_user_token(server, binary)
        cmd = [tool, "--server", f"127.0.0.1:{server.port}", "--token", token, "--server-pid", str(server.proc.pid),
               "--instances", str(instances), "--actors", str(actors), "--inbound", str(inbound),
               "--connections", str(args.connections)]
        log("federation: " + " ".join(c if c != token else "<token>" for c in cmd[1:]))
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1200)
        log(proc.stderr.strip())
        lines = proc.stdout.strip().splitlines()
        if not lines:
            log(f"federation: parloir-fed-bench printed nothing (exit {proc.returncode})")
            return 1
        r = json.loads(lines[-1])
        if server.proc.poll() is not None:
            log("federation: the server died under load:\n" + server.log.read_text(errors="replace")[-3000:])
            return 1
    finally:
        server.stop()
        if args.keep:
            log(f"federation: kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    load_after = os.getloadavg()
    print(json.dumps(r, indent=1))

    f, i, rss = r["fanout"], r["inbound"], r["rss_kb"]
    fan_ok = f["delivered"] == actors and f["all_delivered_ms"] <= 3000
    in_ok = i["per_s"] >= 2000 and i["non_202"] == 0 and i["socket_errors"] == 0
    print(f"fan-out: 1 post to {f['delivered']}/{actors} distinct inboxes in {f['all_delivered_ms'] / 1000:.2f} s "
          f"({f['deliveries_per_s']:.0f} deliveries/s)" + ("" if smoke else f" (target ≤ 3 s: {'ok' if fan_ok else 'MISSED'})"))
    print(f"inbound: {i['accepted']}/{inbound} signed Create(Note) accepted in {i['seconds']:.2f} s = {i['per_s']:.0f}/s, "
          f"p50 {i['p50_ms']:.1f} ms, p99 {i['p99_ms']:.1f} ms, non-202 {i['non_202']}, socket errors {i['socket_errors']}"
          + ("" if smoke else f" (target ≥ 2000/s: {'ok' if in_ok else 'MISSED'})"))

    if args.write and not smoke:
        info = machine_info()
        mb = lambda kb: f"{kb / 1024:.0f} MB"  # noqa: E731
        body = "\n".join([
            f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {info['commit']}, "
            f"`{binary_version(binary)}` ({os.path.relpath(binary, REPO)}); load tool `parloir-fed-bench` "
            "(bench/federation/fed_bench.cpp: remote instances on one thread, sender on another) on the same cores.",
            f"Machine: {info['nproc']} cores, {info['cpu']}, {info['mem']} RAM, Linux {info['kernel']}. "
            f"Load average before / after: {' '.join(f'{x:.2f}' for x in load_before)} / "
            f"{' '.join(f'{x:.2f}' for x in load_after)}.",
            "",
            f"{instances} remote instances on loopback ports (an RSA-2048 key each), {actors} remote actors "
            "(one inbox each, no shared inbox); `PARLOIR_FEDERATION_DELIVERY_WORKERS=16`.",
            "",
            "| benchmark | figure | p50 | p99 | errors | target | result |",
            "|---|---:|---:|---:|---:|---|---|",
            f"| fan-out: one public post to {actors} followers on distinct inboxes | all delivered in "
            f"{f['all_delivered_ms'] / 1000:.2f} s ({f['deliveries_per_s']:,.0f} deliveries/s; POST answered in "
            f"{f['post_ack_ms']:.0f} ms) | {f['p50_ms']:.0f} ms | {f['p99_ms']:.0f} ms | "
            f"{actors - f['delivered']} missing | ≤ 3 s | {'ok' if fan_ok else '**missed**'} |",
            f"| inbound: {inbound:,} signed Create(Note) to the shared inbox, {i['connections']} connections | "
            f"{i['per_s']:,.0f} accepted/s ({i['accepted']:,} in {i['seconds']:.2f} s) | {i['p50_ms']:.1f} ms | "
            f"{i['p99_ms']:.1f} ms | {i['non_202']} non-202, {i['socket_errors']} socket | ≥ 2,000/s | "
            f"{'ok' if in_ok else '**missed**'} |",
            "",
            f"Server RSS: {mb(rss['before'])} before, {mb(rss['peak'])} peak (sampled every 100 ms), "
            f"{mb(rss['after'])} after; VmHWM {mb(rss['hwm'])}.",
        ])
        write_section("Federation", body)
        log("federation: written to bench/RESULTS.md")
    ok = r["ok"] and f["delivered"] == actors and i["accepted"] == inbound
    if not ok:
        log("federation: FAILED (missing deliveries or refused activities, see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
