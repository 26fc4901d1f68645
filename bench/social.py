#!/usr/bin/python3
"""Social benchmark: a freshly seeded instance under wrk load, endpoint by endpoint.
Builds nothing: it runs $PARLOIR_BIN (default build/release/parloir).

  bench/social.py                  full run: seed 10,000 accounts / 1,000,000 statuses / 200 follows
                                   each, wrk 15 s per endpoint, print the table
  bench/social.py --write          ... and replace the "## Social" section of bench/RESULTS.md
  bench/social.py --smoke          tiny data (50 / 500 / 5), wrk 2 s; fails if anything is broken
  bench/social.py --only home,post --duration 5 --accounts 1000 --statuses 50000 --follows 50

Steps (each timed):
  seed      `parloir admin bench-seed` into a fresh data dir (phase timings from its stderr);
  start     `parloir serve` on it, access log on (a file in the temp dir);
  ids       public status ids for context/favourite: pages of GET /api/v1/timelines/public?local=true
            &limit=40 at random max_id points spread over the seeded time range (reblogs replaced
            by the status they reblog), written to a file the Lua scripts read;
  warm-up   one GET /api/v1/timelines/home per seeded token (8 client threads), so every home feed
            is built before the home timeline is measured (and posting fans out to loaded feeds);
  load      wrk -t2 -c64 -d15s (2 s in smoke) --timeout 5s with bench/lua/<endpoint>.lua for each
            endpoint; req/s, p50/p90/p99/max, socket errors, non-2xx (wrk) and non-200 (Lua),
            server RSS after each, ratio of req/s to GET /health's req/s in the same run;
  delivery  after the posting load: one author with about 200 followers posts N statuses; 20 of
            its followers poll their home timelines; delay from the POST's response to the
            status's first appearance in each follower's timeline (p50/p99/max, share within 1 s).
A benchmark with no successful response, any non-200 answer, or socket errors on more than 1% of
requests is reported as FAILED and makes the exit status non-zero (no performance thresholds).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from foundation import Server, binary_version, machine_info, write_section  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LUA_DIR = REPO / "bench" / "lua"

# name, Lua script, method + path shown in the table, URL path given to wrk
BENCHMARKS = [
    ("health", "plain.lua", "GET /health", "/health"),
    ("instance", "plain.lua", "GET /api/v1/instance", "/api/v1/instance"),
    ("home", "home.lua", "GET /api/v1/timelines/home", "/"),
    ("public_local", "public_local.lua", "GET /api/v1/timelines/public?local=true", "/"),
    ("account_statuses", "account_statuses.lua", "GET /api/v1/accounts/:id/statuses", "/"),
    ("context", "context.lua", "GET /api/v1/statuses/:id/context", "/"),
    ("notifications", "notifications.lua", "GET /api/v1/notifications", "/"),
    ("favourite", "favourite.lua", "POST /api/v1/statuses/:id/favourite", "/"),
    ("post", "post_status.lua", "POST /api/v1/statuses", "/"),
]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- a small keep-alive HTTP client (one connection per thread) -------------------------------------

class Client:
    def __init__(self, port: int, token: str | None = None):
        self.port = port
        self.token = token
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: str | None = None, token: str | None = None,
                timeout: float = 30.0) -> tuple[int, dict, bytes]:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        tok = token or self.token
        if tok:
            headers["Authorization"] = f"Bearer {tok}"
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def json(self, method: str, path: str, body: str | None = None, token: str | None = None):
        status, headers, data = self.request(method, path, body, token)
        if status != 200:
            raise RuntimeError(f"{method} {path}: HTTP {status}: {data[:300]!r}")
        return json.loads(data), headers

    def close(self) -> None:
        if self.conn:
            self.conn.close()


def read_tokens(path: Path) -> list[tuple[str, str, str]]:
    out = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 3:
            out.append((parts[0], parts[1], parts[2]))
    return out


# -- steps ------------------------------------------------------------------------------------------

def seed(binary: str, data_dir: Path, url: str, accounts: int, statuses: int, follows: int,
         seed_value: int, tokens: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLOIR_")}
    env["PARLOIR_LOG_LEVEL"] = "warn"
    args = [binary, "admin", "bench-seed", "--data-dir", str(data_dir), "--url", url,
            "--accounts", str(accounts), "--statuses", str(statuses),
            "--follows-per-account", str(follows), "--seed", str(seed_value),
            "--tokens-out", str(tokens)]
    log("seed: " + " ".join(args[1:]))
    t0 = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=3600)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"bench-seed failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    phases = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"^(\w+): .* in ([0-9.eE+-]+) s", line)
        if m:
            phases[m.group(1)] = float(m.group(2))
    log(proc.stderr.strip())
    log(f"seed: {seconds:.1f} s total ({proc.stdout.strip()})")
    return {"seconds": seconds, "phases": phases, "summary": proc.stdout.strip()}


def collect_status_ids(port: int, token: str, pages: int, out: Path) -> int:
    """Public local status ids from pages at random points of the timeline (originals only)."""
    c = Client(port, token)
    first, _ = c.json("GET", "/api/v1/timelines/public?local=true&limit=40")
    ids: set[str] = set()

    def add(page):
        for s in page:
            target = s.get("reblog") or s
            if target.get("visibility") == "public":
                ids.add(target["id"])
    add(first)
    if first:
        newest = int(first[0]["id"])
        newest_ms = newest >> 16
        oldest_ms = newest_ms - 32 * 86400 * 1000  # the seeder spreads statuses over 30 days
        rng = random.Random(1)
        for _ in range(pages - 1):
            max_id = rng.randint(oldest_ms, newest_ms) << 16
            page, _ = c.json("GET", f"/api/v1/timelines/public?local=true&limit=40&max_id={max_id}")
            add(page)
    c.close()
    out.write_text("\n".join(sorted(ids)) + "\n")
    return len(ids)


def warm_up(port: int, tokens: list[tuple[str, str, str]], budget_s: float | None,
            workers: int = 8) -> dict:
    """One GET /api/v1/timelines/home per token (a cold feed: the server rebuilds it from the
    database), until every token is done or `budget_s` has passed. Returns the warmed tokens,
    seconds, per-request latencies and non-200 examples."""
    local = threading.local()
    bad: list[str] = []
    warmed: list[tuple[str, str, str]] = []
    lat: list[float] = []
    lock = threading.Lock()
    t0 = time.perf_counter()
    deadline = t0 + budget_s if budget_s else None

    def one(t: tuple[str, str, str]) -> None:
        if deadline and time.perf_counter() > deadline:
            return
        if not hasattr(local, "c"):
            local.c = Client(port)
        r0 = time.perf_counter()
        status, _, data = local.c.request("GET", "/api/v1/timelines/home", token=t[2], timeout=120)
        dt_s = time.perf_counter() - r0
        with lock:
            if status != 200:
                bad.append(f"{status} {data[:120]!r}")
            else:
                warmed.append(t)
                lat.append(dt_s)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, tokens))
    seconds = time.perf_counter() - t0
    lat.sort()
    pct = lambda q: lat[min(len(lat) - 1, int(len(lat) * q))] * 1e6 if lat else 0.0  # noqa: E731
    return {"seconds": seconds, "requests": len(warmed) + len(bad), "non200": len(bad),
            "examples": bad[:3], "warmed": warmed, "complete": len(warmed) + len(bad) == len(tokens),
            "p50_us": pct(0.5), "p99_us": pct(0.99), "max_us": lat[-1] * 1e6 if lat else 0.0}


def run_wrk(port: int, name: str, script: str, path: str, seconds: int, env_extra: dict) -> dict:
    url = f"http://127.0.0.1:{port}{path}"
    cmd = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--timeout", "5s", "-s", str(LUA_DIR / script), url]
    env = dict(os.environ)
    env.update(env_extra)
    env["PARLOIR_BENCH_LUA"] = str(LUA_DIR)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120, env=env, cwd=REPO)
    m = re.search(r"^WRK-REPORT (.*)$", proc.stdout, re.M)
    if proc.returncode != 0 or not m:
        raise RuntimeError(f"wrk ({name}) failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    vals: dict = {k: float(v) for k, v in (kv.split("=") for kv in m.group(1).split())}
    bad = re.search(r"^WRK-BAD-STATUSES (.*)$", proc.stdout, re.M)
    vals["bad_statuses"] = bad.group(1).strip(",") if bad else "-"
    vals["rps"] = vals["requests"] / (vals["duration_us"] / 1e6) if vals["duration_us"] else 0.0
    vals["sock_errors"] = vals["connect"] + vals["read"] + vals["write"] + vals["timeout"]
    return vals


def find_author(port: int, token: str, tokens: list[tuple[str, str, str]], want: int = 200,
                sample: int = 400) -> tuple[str, int]:
    """A seeded account whose followers_count is closest to `want` (≥ want preferred)."""
    c = Client(port, token)
    rng = random.Random(7)
    candidates = rng.sample(tokens, min(sample, len(tokens)))
    best: tuple[float, str, int] | None = None
    for acct_id, _, _ in candidates:
        a, _ = c.json("GET", f"/api/v1/accounts/{acct_id}")
        n = int(a.get("followers_count", 0))
        score = abs(n - want) + (0 if n >= want else 0.5)
        if best is None or score < best[0]:
            best = (score, acct_id, n)
    c.close()
    assert best
    return best[1], best[2]


def followers_of(port: int, token: str, acct_id: str, limit: int) -> list[str]:
    c = Client(port, token)
    out: list[str] = []
    path = f"/api/v1/accounts/{acct_id}/followers?limit=80"
    while path and len(out) < limit * 5:
        page, headers = c.json("GET", path)
        if not page:
            break
        out += [a["id"] for a in page]
        m = re.search(r'<([^>]+)>;\s*rel="next"', headers.get("link", ""))
        path = re.sub(r"^https?://[^/]+", "", m.group(1)) if m else ""
    c.close()
    return out


def delivery(port: int, tokens: list[tuple[str, str, str]], posts: int, followers_wanted: int = 20,
             wait_s: float = 5.0) -> dict:
    """Post from an author with ~200 followers; time until each polled follower's home shows it."""
    by_id = {t[0]: t for t in tokens}
    author_id, n_followers = find_author(port, tokens[0][2], tokens)
    author_tok = by_id[author_id][2]
    follower_ids = [f for f in followers_of(port, author_tok, author_id, followers_wanted) if f in by_id]
    random.Random(3).shuffle(follower_ids)
    pollers = [by_id[f][2] for f in follower_ids[:followers_wanted]]
    if not pollers:
        raise RuntimeError(f"delivery: author {author_id} has no seeded followers to poll")
    log(f"delivery: author {by_id[author_id][1]} ({n_followers} followers), polling {len(pollers)} "
        f"followers, {posts} posts")

    delays: list[float] = []
    missing = 0
    lock = threading.Lock()
    poster = Client(port, author_tok)
    for i in range(posts):
        go = threading.Event()
        shared: dict = {}
        barrier = threading.Barrier(len(pollers) + 1)

        def poll(tok: str) -> None:
            nonlocal missing
            c = Client(port, tok)
            c.request("GET", "/api/v1/timelines/home?limit=1")  # open the connection first
            barrier.wait()
            go.wait()
            sid, t_ack = shared["id"], shared["t_ack"]
            deadline = t_ack + wait_s
            found = None
            while time.perf_counter() < deadline:
                status, _, data = c.request("GET", "/api/v1/timelines/home?limit=10")
                if status == 200 and any(s.get("id") == sid for s in json.loads(data)):
                    found = time.perf_counter() - t_ack
                    break
            c.close()
            with lock:
                if found is None:
                    missing += 1
                else:
                    delays.append(found)

        threads = [threading.Thread(target=poll, args=(t,)) for t in pollers]
        for t in threads:
            t.start()
        barrier.wait()
        st, _, data = poster.request("POST", "/api/v1/statuses",
                                     body=f"status=delivery+check+{i}+{time.time_ns()}")
        shared["t_ack"] = time.perf_counter()
        if st != 200:
            shared["id"] = None
            go.set()
            for t in threads:
                t.join()
            raise RuntimeError(f"delivery: POST /api/v1/statuses answered {st}: {data[:200]!r}")
        shared["id"] = json.loads(data)["id"]
        go.set()
        for t in threads:
            t.join()
    poster.close()
    delays.sort()
    res = {"author_followers": n_followers, "followers_polled": len(pollers), "posts": posts,
           "samples": len(delays), "missing": missing}
    if delays:
        res["p50_ms"] = delays[len(delays) // 2] * 1000
        res["p99_ms"] = delays[min(len(delays) - 1, int(len(delays) * 0.99))] * 1000
        res["max_ms"] = delays[-1] * 1000
        res["within_1s"] = sum(1 for d in delays if d <= 1.0) / (len(delays) + missing)
    return res


# -- main -------------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="tiny data, 2-second loads, no RESULTS.md")
    ap.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    ap.add_argument("--duration", type=int, help="wrk seconds per endpoint (default 15; smoke 2)")
    ap.add_argument("--accounts", type=int, help="default 10000 (smoke 50)")
    ap.add_argument("--statuses", type=int, help="default 1000000 (smoke 500)")
    ap.add_argument("--follows", type=int, help="follows per account, default 200 (smoke 5)")
    ap.add_argument("--seed", type=int, default=1, help="seeder random seed (default 1)")
    ap.add_argument("--only", help="comma-separated benchmark names (health always runs): "
                    + ",".join(b[0] for b in BENCHMARKS) + ",delivery")
    ap.add_argument("--delivery-posts", type=int, help="posts in the delivery check (default 20; smoke 3)")
    ap.add_argument("--warm-budget", type=float, default=240.0,
                    help="seconds the home warm-up may take before the rest of the accounts are left cold "
                         "(default 240; smoke: unlimited)")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (data, logs) and print it")
    args = ap.parse_args()

    binary = os.environ.get("PARLOIR_BIN") or "build/release/parloir"
    if not os.path.isabs(binary):
        binary = str(REPO / binary)
    if not os.access(binary, os.X_OK):
        log(f"social: {binary} not found (make build, or set PARLOIR_BIN)")
        return 1
    if not shutil.which("wrk"):
        log("social: wrk not installed (scripts/install-deps --test)")
        return 1
    smoke = args.smoke
    duration = args.duration or (2 if smoke else 15)
    n_accounts = args.accounts or (50 if smoke else 10000)
    n_statuses = args.statuses if args.statuses is not None else (500 if smoke else 1000000)
    n_follows = args.follows if args.follows is not None else (5 if smoke else 200)
    delivery_posts = args.delivery_posts or (3 if smoke else 20)
    only = set(args.only.split(",")) | {"health"} if args.only else None
    problems: list[str] = []
    t_start = time.perf_counter()

    tmp = Path(tempfile.mkdtemp(prefix="parloir-social-"))
    access_log = tmp / "access.log"
    data_dir = tmp / "data"
    tokens_file = tmp / "bench-tokens.txt"
    status_file = tmp / "status-ids.txt"
    server = Server(binary, data_dir, access_log=str(access_log))
    url = f"http://127.0.0.1:{server.port}"
    results: list[dict] = []
    try:
        seeded = seed(binary, data_dir, url, n_accounts, n_statuses, n_follows, args.seed, tokens_file)
        tokens = read_tokens(tokens_file)
        db_bytes = sum(f.stat().st_size for f in data_dir.rglob("*") if f.is_file())

        startup_ms = server.start(timeout=120)
        log(f"server: up in {startup_ms:.0f} ms on {url} (data {db_bytes / 2**20:.0f} MiB)")
        rss_start = server.status_kb("VmRSS")

        t0 = time.perf_counter()
        n_ids = collect_status_ids(server.port, tokens[0][2], 10 if smoke else 100, status_file)
        log(f"status ids: {n_ids} in {time.perf_counter() - t0:.1f} s")
        if n_ids == 0:
            raise RuntimeError("no public status ids found in the local timeline")

        # Warm-up order: a fixed shuffle, so a time-capped warm-up covers a random sample.
        order = list(tokens)
        random.Random(args.seed).shuffle(order)
        warm = warm_up(server.port, order, None if smoke else args.warm_budget)
        rss_warm = server.status_kb("VmRSS")
        warm_rate = warm["requests"] / warm["seconds"] if warm["seconds"] else 0.0
        log(f"warm-up: {warm['requests']} of {len(tokens)} home timelines in {warm['seconds']:.1f} s "
            f"({warm_rate:.1f}/s, p50 {warm['p50_us'] / 1000:.0f} ms, p99 {warm['p99_us'] / 1000:.0f} ms), "
            f"non-200: {warm['non200']} {warm['examples']}")
        if warm["non200"]:
            problems.append(f"warm-up: {warm['non200']} non-200 home timelines, e.g. {warm['examples'][:1]}")
        if not warm["warmed"]:
            raise RuntimeError("warm-up: no home timeline could be built")
        # The home load rotates over the accounts whose feed is built (all of them unless the
        # warm-up hit its time budget).
        home_tokens_file = tmp / "home-tokens.txt"
        home_tokens_file.write_text("".join(f"{a} {u} {t}\n" for a, u, t in warm["warmed"]))

        env_extra = {"PARLOIR_BENCH_TOKENS": str(tokens_file), "PARLOIR_BENCH_STATUSES": str(status_file)}
        health_rps = None
        for name, script, label, path in BENCHMARKS:
            if only and name not in only:
                continue
            if server.proc.poll() is not None:
                problems.append(f"{name}: not run, the server has died")
                continue
            env_run = dict(env_extra)
            if name == "home":
                env_run["PARLOIR_BENCH_TOKENS"] = str(home_tokens_file)
            try:
                r = run_wrk(server.port, name, script, path, duration, env_run)
            except RuntimeError as e:
                problems.append(f"{label}: {str(e)[:300]}")
                log(f"{label}: {e}")
                continue
            r.update(name=name, label=label, rss_after_kb=server.status_kb("VmRSS"),
                     hwm_kb=server.status_kb("VmHWM"))
            if name == "health":
                health_rps = r["rps"]
            r["ratio"] = r["rps"] / health_rps if health_rps else 0.0
            ok_responses = r["requests"] - r["non200"]
            failed = []
            if ok_responses <= 0:
                failed.append("no successful response")
            if r["non200"] > 0 or r["status"] > 0:
                failed.append(f"{r['non200']:.0f} non-200 ({r['status']:.0f} ≥ 400 per wrk; "
                              f"first: {r['bad_statuses']})")
            if r["sock_errors"] > max(1, r["requests"] * 0.01):
                failed.append(f"{r['sock_errors']:.0f} socket errors/timeouts")
            r["failed"] = failed
            if failed:
                problems.append(f"{label}: " + "; ".join(failed))
            results.append(r)
            log(f"{label}: {r['rps']:.0f} req/s, p50 {r['p50_us'] / 1000:.2f} ms, p99 "
                f"{r['p99_us'] / 1000:.2f} ms, non-200 {r['non200']:.0f}, socket errors "
                f"{r['sock_errors']:.0f}, RSS {r['rss_after_kb'] / 1024:.0f} MB"
                + ("  FAILED: " + "; ".join(failed) if failed else ""))

        deliv = None
        if (not only or "delivery" in only) and server.proc.poll() is None:
            try:
                deliv = delivery(server.port, tokens, delivery_posts)
            except (RuntimeError, OSError, http.client.HTTPException) as e:
                problems.append(f"delivery: {str(e)[:300]}")
                log(f"delivery: {e}")
        if deliv:
            deliv["rss_after_kb"] = server.status_kb("VmRSS") if server.proc.poll() is None else 0
            log(f"delivery: {json.dumps(deliv)}")
            if deliv["samples"] == 0:
                problems.append("delivery: no post reached a polled follower's home timeline")
            elif deliv["missing"]:
                problems.append(f"delivery: {deliv['missing']} of {deliv['samples'] + deliv['missing']} "
                                f"(follower, post) pairs never showed the post within 5 s")

        alive = server.proc.poll() is None
        rss_end = server.status_kb("VmRSS") if alive else 0
        hwm_end = server.status_kb("VmHWM") if alive else 0
        server.stop()
        if not alive:
            problems.append(f"the server died (exit {server.proc.returncode})")
        server_log = server.log.read_text(errors="replace") if server.log.exists() else ""
        err_lines = [ln for ln in server_log.splitlines() if re.search(r"\b(error|critical|fatal)\b", ln, re.I)]
        if err_lines:
            log(f"server log: {len(err_lines)} error lines, e.g.:\n  " + "\n  ".join(err_lines[:5]))
        access_lines = 0
        if access_log.exists():
            with open(access_log, "rb") as f:
                access_lines = sum(1 for _ in f)
    except RuntimeError as e:
        log(f"social: {e}")
        server.kill()
        if server.log.exists():
            log("server log tail:\n" + server.log.read_text(errors="replace")[-2000:])
        return 1
    finally:
        server.kill()
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    total_s = time.perf_counter() - t_start
    info = machine_info()
    mb = lambda kb: f"{kb / 1024:.0f} MB"  # noqa: E731
    ms = lambda us: f"{us / 1000:.2f} ms"  # noqa: E731
    ph = seeded["phases"]
    phase_txt = ", ".join(f"{k} {v:.1f} s" for k, v in ph.items())
    lines = [
        f"Run {info['date']}, commit {info['commit']}, `{binary_version(binary)}` "
        f"({os.path.relpath(binary, REPO) if binary.startswith(str(REPO)) else binary}).",
        f"Machine: {info['nproc']} cores, {info['cpu']}, {info['mem']} RAM, Linux {info['kernel']}. "
        f"wrk runs on the same cores.",
        "",
        f"Data: {n_accounts:,} accounts, {n_statuses:,} statuses, {n_follows} follows per account "
        f"(seed {args.seed}): {seeded['summary']}. Database {db_bytes / 2**20:,.0f} MiB.",
        "",
        f"- **seed time: {seeded['seconds']:.1f} s** (`parloir admin bench-seed`, wall clock; phases: {phase_txt})",
        f"- server start-up on the seeded data: {startup_ms:.0f} ms; RSS {mb(rss_start)} after start-up, "
        f"{mb(rss_warm)} after the warm-up",
        f"- warm-up (one GET /api/v1/timelines/home per account on a cold feed, 8 client threads, "
        f"so the server rebuilds each feed from the database): **{warm['requests']:,} feeds in "
        f"{warm['seconds']:.1f} s** ({warm_rate:,.1f} feeds/s, p50 {warm['p50_us'] / 1000:.0f} ms, "
        f"p99 {warm['p99_us'] / 1000:.0f} ms, {warm['non200']} non-200)"
        + ("" if warm["complete"] else
           f"; **stopped at its {args.warm_budget:.0f} s budget**: all {len(tokens):,} would take "
           f"~{len(tokens) / warm_rate / 60:.0f} min at this rate. The home load below rotates over "
           f"the {len(warm['warmed']):,} warmed accounts; posting fans out only to loaded feeds"),
        f"- {n_ids:,} public status ids sampled for context/favourite",
        f"- whole run (seed to report): {total_s / 60:.1f} min; access log on ({access_lines:,} lines)",
        "",
        f"wrk -t2 -c64 -d{duration}s --timeout 5s, tokens rotated over all {len(tokens):,} accounts "
        f"(home: over the {len(warm['warmed']):,} warmed ones); "
        "ratio = req/s ÷ GET /health req/s in this run; RSS = server VmRSS after each load:",
        "",
        "| benchmark | req/s | p50 | p99 | max | non-200 | socket errors | RSS after | ratio to /health | result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    cold_row = (
        f"| GET /api/v1/timelines/home, cold feed (the warm-up: rebuild from the database; 8 client "
        f"threads, not wrk) | {warm_rate:,.1f} | {ms(warm['p50_us'])} | {ms(warm['p99_us'])} | "
        f"{ms(warm['max_us'])} | {warm['non200']} | — | {mb(rss_warm)} | "
        f"{(warm_rate / health_rps if health_rps else 0):.5f} | {'ok' if not warm['non200'] else 'FAILED'} |")
    for r in results:
        verdict = "FAILED: " + "; ".join(r["failed"]) if r["failed"] else "ok"
        lines.append(
            f"| {r['label']} | {r['rps']:,.0f} | {ms(r['p50_us'])} | {ms(r['p99_us'])} | {ms(r['max_us'])} | "
            f"{r['non200']:.0f} | {r['sock_errors']:.0f} | {mb(r['rss_after_kb'])} | {r['ratio']:.4f} | {verdict} |")
        if r["name"] == "home":
            lines.append(cold_row)
            cold_row = ""
    if cold_row:
        lines.append(cold_row)
    if deliv:
        if deliv["samples"]:
            lines.append(
                f"| post → followers' home timelines ({deliv['posts']} posts × {deliv['followers_polled']} "
                f"followers polled, author has {deliv['author_followers']} followers) | — | "
                f"{deliv['p50_ms']:.1f} ms | {deliv['p99_ms']:.1f} ms | {deliv['max_ms']:.1f} ms | "
                f"{deliv['missing']} missing | — | {mb(deliv['rss_after_kb'])} | — | "
                f"{deliv['within_1s'] * 100:.0f}% within 1 s |")
        else:
            lines.append("| post → followers' home timelines | — | — | — | — | all missing | — | — | — | FAILED |")
    lines += ["", f"Peak server RSS (VmHWM) over the run: {mb(hwm_end)}; RSS at the end: {mb(rss_end)}."]
    if err_lines:
        lines += ["", f"Server log: {len(err_lines)} error lines, first: `{err_lines[0][:200]}`"]
    if problems:
        lines += ["", "**Problems:** " + "; ".join(problems)]
    table = "\n".join(lines)
    print(table)
    if args.write and not smoke:
        write_section("Social", table)
        log(f"\nwritten to {(REPO / 'bench' / 'RESULTS.md').relative_to(REPO)}")
    if problems:
        log("\nsocial: PROBLEMS:\n  " + "\n  ".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
