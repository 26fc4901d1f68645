"""Stored media served with HTTP byte ranges (issue 5, video/audio seeking): Accept-Ranges,
single ranges (a-b, a-, -n) answered 206 with Content-Range, unsatisfiable ones 416 with
`bytes */size`, several ranges answered with the whole file, If-Range with the ETag or the
Last-Modified date, conditional GETs (304), HEAD; all on one keep-alive connection. Files are
streamed from disk: concurrent downloads of a large file do not grow the server's memory by
its size. Plain HTTP with python-requests and a raw socket; Chromium seeks in an uploaded video."""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import threading
import time

import pytest
import requests

from helpers import raw_exchange
from social_util import Actor, module_server_fixture

srv = module_server_fixture()
TIMEOUT = 60


def wav_bytes(seconds: float, rate: int = 44100, noise: bool = True) -> bytes:
    """A 16-bit stereo PCM WAV (stored untouched by the server, so bytes can be compared)."""
    frames = int(seconds * rate)
    pcm = os.urandom(frames * 4) if noise else b"\0" * (frames * 4)
    fmt = struct.pack("<HHIIHH", 1, 2, rate, rate * 4, 4, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(pcm)) + pcm
    return b"RIFF" + struct.pack("<I", len(body)) + body


def upload(actor: Actor, data: bytes, name: str, ctype: str) -> dict:
    r = actor.post("/api/v2/media", files={"file": (name, data, ctype)})
    assert r.status_code == 200, r.text
    return r.json()


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_byte_ranges_on_a_stored_audio_file(srv):
    a = Actor.create(srv, "range")
    data = wav_bytes(15)  # ~2.6 MB: more than one 1 MiB sendfile chunk
    media = upload(a, data, "tone.wav", "audio/wav")
    assert media["type"] == "audio"
    url, n = media["url"], len(data)
    s = requests.Session()  # one keep-alive connection for everything below

    whole = s.get(url, timeout=TIMEOUT)
    assert whole.status_code == 200
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert int(whole.headers["Content-Length"]) == n
    assert whole.content == data, "stored untouched and streamed whole"
    etag, modified = whole.headers["ETag"], whole.headers["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    assert whole.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in whole.headers["Content-Security-Policy"]

    def get(rng: str, **headers) -> requests.Response:
        return s.get(url, headers={"Range": rng, **headers}, timeout=TIMEOUT)

    r = get("bytes=0-99")
    assert r.status_code == 206
    assert r.headers["Content-Range"] == f"bytes 0-99/{n}"
    assert r.headers["Content-Length"] == "100" and r.content == data[:100]
    assert r.headers["Content-Type"] == whole.headers["Content-Type"]

    r = get("bytes=100000-2500000")  # crosses sendfile chunks
    assert r.status_code == 206 and r.content == data[100000:2500001]
    assert r.headers["Content-Range"] == f"bytes 100000-2500000/{n}"

    r = get(f"bytes={n - 1000}-")
    assert r.status_code == 206 and r.content == data[-1000:]
    assert r.headers["Content-Range"] == f"bytes {n - 1000}-{n - 1}/{n}"

    r = get("bytes=-500")
    assert r.status_code == 206 and r.content == data[-500:]

    r = get(f"bytes=10-{n + 5000}")  # end past the file: clamped
    assert r.status_code == 206 and r.content == data[10:]

    for bad in (f"bytes={n}-", f"bytes={n + 10}-{n + 20}", "bytes=-0"):
        r = get(bad)
        assert r.status_code == 416, bad
        assert r.headers["Content-Range"] == f"bytes */{n}"
        assert r.content == b""

    r = get("bytes=0-9,20-29")  # several ranges: the whole file (RFC 9110 allows it)
    assert r.status_code == 200 and r.content == data
    r = get("bytes=9-2")  # invalid: ignored
    assert r.status_code == 200 and len(r.content) == n

    # If-Range: the range only applies to the same representation.
    assert get("bytes=0-9", **{"If-Range": etag}).status_code == 206
    assert get("bytes=0-9", **{"If-Range": modified}).status_code == 206
    r = get("bytes=0-9", **{"If-Range": '"some-other-version"'})
    assert r.status_code == 200 and r.content == data
    r = get("bytes=0-9", **{"If-Range": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert r.status_code == 200 and len(r.content) == n

    # Conditional GETs.
    r = s.get(url, headers={"If-None-Match": etag}, timeout=TIMEOUT)
    assert r.status_code == 304 and r.content == b"" and r.headers["ETag"] == etag
    r = s.get(url, headers={"If-None-Match": '"nope"'}, timeout=TIMEOUT)
    assert r.status_code == 200 and len(r.content) == n

    # HEAD: the headers of the GET, no body.
    h = s.head(url, timeout=TIMEOUT)
    assert h.status_code == 200 and int(h.headers["Content-Length"]) == n and h.content == b""
    h = s.head(url, headers={"Range": "bytes=5-14"}, timeout=TIMEOUT)
    assert h.status_code == 206 and h.headers["Content-Length"] == "10"
    assert h.headers["Content-Range"] == f"bytes 5-14/{n}"

    # The keep-alive connection is still in step after all of that.
    assert s.get(url, headers={"Range": "bytes=1-3"}, timeout=TIMEOUT).content == data[1:4]
    # Raw HTTP: exactly the range's bytes follow the head.
    path = url.split(srv.base_url, 1)[1]
    status, headers, body = raw_exchange(
        int(srv.base_url.rsplit(":", 1)[1]),
        f"GET {path} HTTP/1.1\r\nHost: x\r\nRange: bytes=7-16\r\nConnection: close\r\n\r\n".encode(), [])
    assert status == 206 and body == data[7:17] and headers["content-range"] == f"bytes 7-16/{n}"
    assert srv.healthy()


def test_large_files_are_streamed_not_loaded(srv):
    a = Actor.create(srv, "big")
    data = wav_bytes(240, noise=False)  # ~42 MB of silence: PCM, stored as it is
    media = upload(a, data, "long.wav", "audio/wav")
    url = media["url"]
    pid = srv.proc.pid
    time.sleep(0.5)
    base = rss_kb(pid)
    peak = [base]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kb(pid))
            time.sleep(0.02)

    def slow_download(results, i):
        got = 0
        with requests.get(url, stream=True, timeout=TIMEOUT) as r:
            assert r.status_code == 200
            for chunk in r.iter_content(256 * 1024):
                got += len(chunk)
                time.sleep(0.002)
        results[i] = got

    sampler = threading.Thread(target=sample)
    sampler.start()
    results = [0] * 4
    threads = [threading.Thread(target=slow_download, args=(results, i)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    sampler.join()
    assert results == [len(data)] * 4
    grown_mb = (peak[0] - base) / 1024
    # Four concurrent 42 MB downloads held in memory would add ~170 MB.
    assert grown_mb < 40, f"RSS grew by {grown_mb:.0f} MB while serving 4 x {len(data) >> 20} MB"


@pytest.mark.skipif(not shutil.which("chromium") or not shutil.which("ffmpeg"), reason="chromium/ffmpeg missing")
def test_chromium_seeks_in_an_uploaded_video(srv, tmp_path):
    a = Actor.create(srv, "seek")
    video = tmp_path / "clip.webm"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=8",
                    "-c:v", "libvpx", "-b:v", "600k", "-g", "25", str(video)], check=True, timeout=120)
    media = upload(a, video.read_bytes(), "clip.webm", "video/webm")
    assert media["type"] in ("gifv", "video")
    page = tmp_path / "seek.html"
    page.write_text(f"""<!DOCTYPE html><html><body><pre id="out">waiting</pre>
<video id="v" muted preload="auto" src="{media['url']}"></video>
<script>
const v = document.getElementById('v'), out = document.getElementById('out');
v.addEventListener('loadedmetadata', () => {{ v.currentTime = 6.0; }});
v.addEventListener('seeked', () => {{
  const s = v.seekable;
  out.textContent = 'SEEKED ' + v.currentTime.toFixed(2) + ' seekable-end ' + (s.length ? s.end(0).toFixed(2) : 'none');
}});
v.addEventListener('error', () => {{ out.textContent = 'ERROR ' + (v.error && v.error.code); }});
</script></body></html>""")
    out = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--autoplay-policy=no-user-gesture-required",
         f"--user-data-dir={tmp_path / 'profile'}", "--proxy-server=direct://", "--proxy-bypass-list=*",
         "--allow-file-access-from-files", "--virtual-time-budget=15000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert "SEEKED 6.00" in out.stdout, (out.stdout[-1500:], out.stderr[-1500:])
    end = float(out.stdout.split("seekable-end ")[1].split()[0].split("<")[0])
    assert end > 7.5  # the whole duration is seekable: the server honours ranges
