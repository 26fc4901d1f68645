#!/usr/bin/python3
"""Media benchmark: image uploads processed end to end (sniff, header check, decode, orient,
strip, re-encode, preview, blurhash, store, commit) under concurrency, with the server's memory
sampled throughout. Builds nothing: it runs $PARLOIR_BIN (default build/release/parloir).

  bench/media.py                 16 distinct 2-megapixel JPEGs (1920x1080, ~EXIF-free camera-like
                                 content), 8 concurrent clients, 20 s of POST /api/v2/media
  bench/media.py --write         ... and replace the "## Media" section of bench/RESULTS.md
  bench/media.py --smoke         2 s, fails only if something is broken (no thresholds)

Each client thread keeps one HTTP/1.1 connection and posts prebuilt multipart bodies in turn;
a request counts when it answers 200 with a media `url`. RSS (VmRSS) of the server is read from
/proc every 50 ms; VmHWM (the kernel's peak) is read at the end. Targets (issue 5): >= 50 images/s
on 2 cores, RSS <= 300 MB throughout. Needs Pillow (python3-pil) to make the images.
"""
from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from foundation import Server, binary_version, machine_info, write_section  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def log(msg: str) -> None:
    print(f"[media] {msg}", flush=True)


def make_jpegs(count: int, width: int, height: int, orientation: int = 0) -> list[bytes]:
    from PIL import Image, ImageDraw, ImageFilter
    out = []
    for i in range(count):
        r = Image.linear_gradient("L").resize((width, height))
        g = Image.radial_gradient("L").resize((width, height))
        b = Image.effect_noise((width, height), 30 + i).filter(ImageFilter.GaussianBlur(1))
        img = Image.merge("RGB", (r, g, b))
        d = ImageDraw.Draw(img)
        for k in range(12):
            x, y = (i * 97 + k * 151) % width, (i * 53 + k * 89) % height
            d.rectangle([x, y, x + 200, y + 120], fill=((k * 40) % 256, (i * 30) % 256, 128))
        buf = io.BytesIO()
        if orientation:
            exif = Image.Exif()
            exif[0x0112] = orientation  # the camera was turned: the server must rotate (re-encode)
            exif[0x0110] = "BenchCam"
            img.save(buf, "JPEG", quality=88, exif=exif.tobytes())
        else:
            img.save(buf, "JPEG", quality=88)
        out.append(buf.getvalue())
    return out


def multipart(data: bytes, name: str) -> tuple[bytes, str]:
    boundary = "parloirbench" + os.urandom(8).hex()
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: image/jpeg\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return head + data + tail, f"multipart/form-data; boundary={boundary}"


def seed_tokens(binary: str, data_dir: Path, url: str, n: int, tokens: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLOIR_")}
    env["PARLOIR_LOG_LEVEL"] = "warn"
    subprocess.run([binary, "admin", "bench-seed", "--data-dir", str(data_dir), "--url", url,
                    "--accounts", str(max(2, n)), "--statuses", "0", "--follows-per-account", "0",
                    "--seed", "5", "--tokens-out", str(tokens)],
                   check=True, capture_output=True, text=True, env=env, timeout=600)
    return [line.split()[2] for line in tokens.read_text().splitlines() if len(line.split()) == 3]


def run(port: int, bodies: list[tuple[bytes, str]], tokens: list[str], clients: int, seconds: float,
        server: Server) -> dict:
    stop = threading.Event()
    lock = threading.Lock()
    stats = {"ok": 0, "bad": 0, "errors": 0, "lat": [], "bad_samples": []}
    rss_max = [0]

    def sampler():
        while not stop.is_set():
            try:
                rss_max[0] = max(rss_max[0], server.status_kb("VmRSS"))
            except (OSError, AttributeError):
                pass
            time.sleep(0.05)

    def client(idx: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        token = tokens[idx % len(tokens)]
        k = idx
        while not stop.is_set():
            body, ctype = bodies[k % len(bodies)]
            k += clients
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/api/v2/media", body=body,
                             headers={"Authorization": f"Bearer {token}", "Content-Type": ctype})
                resp = conn.getresponse()
                payload = resp.read()
                ok = resp.status == 200 and json.loads(payload).get("url")
            except (OSError, http.client.HTTPException, ValueError):
                with lock:
                    stats["errors"] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            dt = time.perf_counter() - t0
            with lock:
                if ok:
                    stats["ok"] += 1
                    stats["lat"].append(dt)
                else:
                    stats["bad"] += 1
                    if len(stats["bad_samples"]) < 3:
                        stats["bad_samples"].append(f"{resp.status} {payload[:200]!r}")
        conn.close()

    samp = threading.Thread(target=sampler, daemon=True)
    samp.start()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    samp.join()
    lat = sorted(stats["lat"])
    pick = (lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000) if lat else (lambda q: 0.0)
    return {"ok": stats["ok"], "bad": stats["bad"], "errors": stats["errors"], "elapsed": elapsed,
            "rate": stats["ok"] / elapsed, "p50": pick(0.5), "p90": pick(0.9), "p99": pick(0.99),
            "max": lat[-1] * 1000 if lat else 0.0, "rss_max_kb": rss_max[0],
            "hwm_kb": server.status_kb("VmHWM"), "bad_samples": stats["bad_samples"]}


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds (/proc/PID/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_avg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--duration", type=float, default=20.0)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--images", type=int, default=16)
    ap.add_argument("--width", type=int, default=1920)
    ap.add_argument("--height", type=int, default=1080)
    ap.add_argument("--orientation", type=int, default=0,
                    help="EXIF orientation to embed (e.g. 6, a portrait phone photo): forces the re-encoding path")
    args = ap.parse_args()
    if args.smoke:
        args.duration = 2.0
        args.images = 4
    binary = os.environ.get("PARLOIR_BIN", str(REPO / "build/release/parloir"))
    if not Path(binary).is_absolute():
        binary = str(REPO / binary)
    log(f"binary {binary}; making {args.images} {args.width}x{args.height} JPEGs")
    jpegs = make_jpegs(args.images, args.width, args.height, args.orientation)
    avg_kb = sum(len(j) for j in jpegs) / len(jpegs) / 1024
    bodies = [multipart(j, f"photo{i}.jpg") for i, j in enumerate(jpegs)]
    tmp = Path(tempfile.mkdtemp(prefix="parloir-bench-media-"))
    problems = []
    try:
        data_dir = tmp / "data"
        server = Server(binary, data_dir)
        url_guess = f"http://127.0.0.1:{server.port}"
        tokens = seed_tokens(binary, data_dir, url_guess, args.clients, tmp / "tokens.txt")
        load_before = load_avg()
        server.start()
        idle_kb = server.status_kb("VmRSS")
        log(f"server on port {server.port}, idle RSS {idle_kb / 1024:.1f} MB, load average {load_before}")
        cpu0 = cpu_seconds(server.proc.pid)
        res = run(server.port, bodies, tokens, args.clients, args.duration, server)
        cpu_used = cpu_seconds(server.proc.pid) - cpu0
        cpu_ms = cpu_used * 1000 / res["ok"] if res["ok"] else 0.0
        load_after = load_avg()
        stored = sum(1 for p in (data_dir / "media").rglob("*") if p.is_file())
        server.stop()
        log(f"{res['ok']} images in {res['elapsed']:.1f} s = {res['rate']:.1f} images/s; "
            f"p50 {res['p50']:.0f} ms p99 {res['p99']:.0f} ms; max RSS sampled {res['rss_max_kb'] / 1024:.1f} MB, "
            f"VmHWM {res['hwm_kb'] / 1024:.1f} MB; {stored} files stored; server CPU {cpu_ms:.1f} ms/image "
            f"(= {2000 / cpu_ms if cpu_ms else 0:.0f} images/s if it had both cores); load average after {load_after}")
        if res["ok"] == 0:
            problems.append("no successful upload")
        if res["bad"] or res["errors"]:
            problems.append(f"{res['bad']} non-200 answers, {res['errors']} socket errors: {res['bad_samples']}")
        if args.write:
            info = machine_info()
            body = (f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {info['commit']}, "
                    f"`{binary_version(binary)}` ({os.path.relpath(binary, REPO)}).\n"
                    f"Machine: {info['nproc']} cores, {info['cpu']}, {info['mem']} RAM, Linux {info['kernel']}. The clients run on the same cores. Load average before / after: "
                    f"{load_before} / {load_after}.\n\n"
                    f"{args.images} distinct {args.width}x{args.height} JPEGs (average {avg_kb:.0f} KiB"
                    + (f", EXIF orientation {args.orientation}: rotated and re-encoded" if args.orientation
                       else ", upright: metadata cut losslessly, original data kept") + "), "
                    f"{args.clients} concurrent clients (one keep-alive connection each) posting "
                    f"`POST /api/v2/media` for {args.duration:.0f} s; defaults (`media.processing_slots` 2, "
                    f"`media.vips_threads` 1).\n\n"
                    "| measure | value | target |\n|---|---:|---:|\n"
                    f"| images processed / s | {res['rate']:.1f} | ≥ 50 |\n"
                    f"| server CPU time per image (user + system) | {cpu_ms:.1f} ms | |\n"
                    f"| images / s if the server had both cores (2000 ms / CPU per image) | {2000 / cpu_ms if cpu_ms else 0:.0f} | ≥ 50 |\n"
                    f"| uploads (200) / non-200 / socket errors | {res['ok']} / {res['bad']} / {res['errors']} | – / 0 / 0 |\n"
                    f"| latency p50 / p90 / p99 / max | {res['p50']:.0f} / {res['p90']:.0f} / {res['p99']:.0f} / {res['max']:.0f} ms | |\n"
                    f"| RSS idle | {idle_kb / 1024:.1f} MB | |\n"
                    f"| RSS max (sampled every 50 ms) | {res['rss_max_kb'] / 1024:.1f} MB | ≤ 300 MB |\n"
                    f"| VmHWM (kernel peak) | {res['hwm_kb'] / 1024:.1f} MB | ≤ 300 MB |\n")
            write_section("Media" if not args.orientation else f"Media (EXIF orientation {args.orientation})", body)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if problems:
        print("bench/media.py: FAILED: " + "; ".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
