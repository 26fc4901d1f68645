#!/usr/bin/python3
"""Foundation benchmark: how fast parloir starts, how much memory it holds, and how many simple
requests it serves. Builds nothing: it runs $PARLOIR_BIN (default build/release/parloir).

  bench/foundation.py                 full run (startup x5, wrk 10 s per endpoint), print table
  bench/foundation.py --write         ... and replace the "## Foundation" section of bench/RESULTS.md
  bench/foundation.py --smoke         quick check (startup x3, wrk 2 s); fails if anything is broken

Measures:
  startup   spawn -> first 200 "OK" from GET /health, polled in a tight loop (0.5 ms sleeps);
            "cold" = empty data dir (migrations + admin account with Argon2id hashing),
            "warm" = restart on that data dir; median of N runs each.
  idle RSS  VmRSS of the server 1 s after a warm start.
  load      wrk -t2 -c64 (10 s, 2 s in smoke) on /health and /api/v1/instance, the server with its
            access log on (written to a file in the temp dir); req/s and latency p50/p90/p99 from
            bench/wrk-report.lua; RSS (VmRSS and peak VmHWM) after each load.
wrk runs on the same 2 cores as the server, so req/s is a floor, not the server's ceiling.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LUA = REPO / "bench" / "wrk-report.lua"
RESULTS = REPO / "bench" / "RESULTS.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health_once(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                part = s.recv(4096)
                if not part:
                    break
                data += part
                head, sep, body = data.partition(b"\r\n\r\n")
                m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
                if sep and m and len(body) >= int(m.group(1)):
                    break
            return data.startswith(b"HTTP/1.1 200") and data.rstrip().endswith(b"OK")
    except OSError:
        return False


class Server:
    def __init__(self, binary: str, data_dir: Path, access_log: str = "off", env: dict | None = None):
        self.extra_env = dict(env or {})
        self.binary = binary
        self.data_dir = data_dir
        self.port = free_port()
        self.access_log = access_log
        self.proc: subprocess.Popen | None = None
        self.log = data_dir.parent / f"{data_dir.name}-server.log"

    def start(self, timeout: float = 30.0) -> float:
        """Starts the server; returns milliseconds from spawn to the first good /health."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARLOIR_")}
        env.update(PARLOIR_LOG_ACCESS_LOG=self.access_log, PARLOIR_LOG_LEVEL="warn",
                   PARLOIR_RATE_LIMITS_ENABLED="false")  # wrk hammers from one IP
        env.update(self.extra_env)
        args = [self.binary, "serve", "--data-dir", str(self.data_dir),
                "--listen", f"127.0.0.1:{self.port}", "--url", f"http://127.0.0.1:{self.port}"]
        log = open(self.log, "ab")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(args, stdout=log, stderr=log, stdin=subprocess.DEVNULL, env=env)
        log.close()
        deadline = t0 + timeout
        while time.perf_counter() < deadline:
            if health_once(self.port):
                return (time.perf_counter() - t0) * 1000.0
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n"
                                   + self.log.read_text(errors="replace")[-3000:])
            time.sleep(0.0005)
        self.kill()
        raise RuntimeError(f"no /health within {timeout}s:\n"
                           + self.log.read_text(errors="replace")[-3000:])

    def status_kb(self, field: str) -> int:
        text = Path(f"/proc/{self.proc.pid}/status").read_text()
        m = re.search(rf"^{field}:\s+(\d+) kB", text, re.M)
        return int(m.group(1)) if m else 0

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def run_wrk(url: str, seconds: int, threads: int = 2, connections: int = 64) -> dict:
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
           "-s", str(LUA), url]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    m = re.search(r"^WRK-REPORT (.*)$", proc.stdout, re.M)
    if proc.returncode != 0 or not m:
        raise RuntimeError(f"wrk failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    vals = {k: float(v) for k, v in (kv.split("=") for kv in m.group(1).split())}
    vals["rps"] = vals["requests"] / (vals["duration_us"] / 1e6)
    vals["errors"] = vals["connect"] + vals["read"] + vals["write"] + vals["timeout"]
    return vals


def machine_info() -> dict:
    cpu = "unknown"
    try:
        m = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = m.group(1).strip() if m else platform.processor() or "unknown"
    except OSError:
        pass
    mem_gib = 0.0
    try:
        m = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        mem_gib = int(m.group(1)) / 1024 / 1024 if m else 0.0
    except OSError:
        pass

    def git(*args):
        try:
            return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                                  timeout=10).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""
    commit = git("rev-parse", "--short=12", "HEAD") or "(no commit)"
    if git("status", "--porcelain", "--untracked-files=no", "--", "src", "CMakeLists.txt"):
        commit += " (+ uncommitted changes)"
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem": f"{mem_gib:.1f} GiB", "commit": commit,
            "kernel": platform.release(),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def binary_version(binary: str) -> str:
    try:
        out = subprocess.run([binary, "version"], capture_output=True, text=True, timeout=10)
        return out.stdout.strip().splitlines()[0] if out.stdout.strip() else "?"
    except (OSError, subprocess.TimeoutExpired, IndexError):
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="2-second loads, 3 start-ups, no RESULTS.md")
    ap.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    ap.add_argument("--runs", type=int, help="start-ups to take the median of (default 5; smoke 3)")
    ap.add_argument("--duration", type=int, help="wrk seconds per endpoint (default 10; smoke 2)")
    args = ap.parse_args()

    binary = os.environ.get("PARLOIR_BIN") or "build/release/parloir"
    if not os.path.isabs(binary):
        binary = str(REPO / binary)
    if not os.access(binary, os.X_OK):
        print(f"foundation: {binary} not found (make build, or set PARLOIR_BIN)", file=sys.stderr)
        return 1
    if not shutil.which("wrk"):
        print("foundation: wrk not installed (scripts/install-deps --test)", file=sys.stderr)
        return 1
    runs = args.runs or (3 if args.smoke else 5)
    duration = args.duration or (2 if args.smoke else 10)
    problems: list[str] = []

    tmp = Path(tempfile.mkdtemp(prefix="parloir-bench-"))
    try:
        # (a) start-up time, cold and warm; (b) idle RSS
        cold, warm, idle_rss = [], [], []
        for i in range(runs):
            s = Server(binary, tmp / f"startup{i}")
            cold.append(s.start())
            s.stop()
            warm.append(s.start())
            time.sleep(1.0)
            idle_rss.append(s.status_kb("VmRSS"))
            s.stop()
        print(f"startup cold ms: {[round(x, 1) for x in cold]}", file=sys.stderr)
        print(f"startup warm ms: {[round(x, 1) for x in warm]}", file=sys.stderr)

        # (c) load with the access log on
        access_log = tmp / "access.log"
        s = Server(binary, tmp / "load", access_log=str(access_log))
        s.start()
        time.sleep(0.5)
        rss_before = s.status_kb("VmRSS")
        loads = []
        for path in ("/health", "/api/v1/instance"):
            url = f"http://127.0.0.1:{s.port}{path}"
            r = run_wrk(url, duration)
            r["path"] = path
            r["rss_after_kb"] = s.status_kb("VmRSS")
            r["hwm_kb"] = s.status_kb("VmHWM")
            loads.append(r)
            print(f"{path}: {r['rps']:.0f} req/s, p50 {r['p50_us']:.0f} us, p99 {r['p99_us']:.0f} us, "
                  f"errors {r['errors']:.0f}, non-2xx {r['status']:.0f}", file=sys.stderr)
            if r["requests"] == 0:
                problems.append(f"{path}: no request completed")
            if r["status"] > 0:
                problems.append(f"{path}: {r['status']:.0f} non-2xx/3xx responses")
            if r["errors"] > r["requests"] * 0.01:
                problems.append(f"{path}: {r['errors']:.0f} socket errors/timeouts")
        alive = s.proc.poll() is None
        s.stop()
        if not alive:
            problems.append("the server died under load")
        access_lines = 0
        if access_log.exists():
            with open(access_log, "rb") as f:
                access_lines = sum(1 for _ in f)
        total_requests = sum(r["requests"] for r in loads)
    except RuntimeError as e:
        print(f"foundation: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    info = machine_info()
    mb = lambda kb: f"{kb / 1024:.1f}"  # noqa: E731
    lines = [
        f"Run {info['date']}, commit {info['commit']}, `{binary_version(binary)}` "
        f"({os.path.relpath(binary, REPO) if binary.startswith(str(REPO)) else binary}).",
        f"Machine: {info['nproc']} cores, {info['cpu']}, {info['mem']} RAM, Linux {info['kernel']}. "
        f"wrk runs on the same cores.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| start-up to first /health, empty data dir (median of {runs}) | {statistics.median(cold):.1f} ms |",
        f"| start-up to first /health, existing data dir (median of {runs}) | {statistics.median(warm):.1f} ms |",
        f"| idle RSS 1 s after start (median) | {mb(statistics.median(idle_rss))} MB |",
        f"| RSS before load | {mb(rss_before)} MB |",
        "",
        f"wrk -t2 -c64 -d{duration}s, access log on ({access_lines} lines written for "
        f"{total_requests:.0f} requests):",
        "",
        "| endpoint | req/s | p50 | p90 | p99 | max | errors | non-2xx | RSS after | peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in loads:
        lines.append(
            f"| GET {r['path']} | {r['rps']:,.0f} | {r['p50_us'] / 1000:.2f} ms | "
            f"{r['p90_us'] / 1000:.2f} ms | {r['p99_us'] / 1000:.2f} ms | {r['max_us'] / 1000:.1f} ms | "
            f"{r['errors']:.0f} | {r['status']:.0f} | {mb(r['rss_after_kb'])} MB | {mb(r['hwm_kb'])} MB |")
    table = "\n".join(lines)
    print(table)

    if args.write and not args.smoke:
        write_section("Foundation", table)
        print(f"\nwritten to {RESULTS.relative_to(REPO)}", file=sys.stderr)
    if problems:
        print("\nfoundation: PROBLEMS:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return 0


def write_section(name: str, body: str) -> None:
    header = "# Benchmark results\n\nWritten by the scripts in bench/ (see bench/README.md). " \
             "Each section is replaced by its script's latest `--write` run.\n"
    text = RESULTS.read_text() if RESULTS.exists() else header
    section = f"## {name}\n\n{body}\n"
    pattern = re.compile(rf"^## {re.escape(name)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    RESULTS.write_text(text)


if __name__ == "__main__":
    sys.exit(main())
