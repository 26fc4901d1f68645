"""Test images and media made at test time (Pillow, ffmpeg): a JPEG with GPS EXIF, rotated
JPEGs, pixel bombs, truncated files, markup dressed as images."""
from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from PIL import Image


def jpeg_with_gps(width: int = 120, height: int = 80, orientation: int | None = None) -> bytes:
    """A JPEG with EXIF GPS coordinates, a camera model, and optionally an orientation tag."""
    img = Image.new("RGB", (width, height))
    px = img.load()
    for x in range(width):
        for y in range(height):
            px[x, y] = (x * 2 % 256, y * 3 % 256, 90)
    exif = Image.Exif()
    exif[0x0110] = "SpyCam 3000"  # Model
    if orientation:
        exif[0x0112] = orientation
    gps = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, exif=exif.tobytes())
    data = out.getvalue()
    assert b"SpyCam 3000" in data
    return data


def exif_of(data: bytes) -> dict:
    img = Image.open(io.BytesIO(data))
    return dict(img.getexif())


def png_bytes(width: int, height: int, noise: bool = False) -> bytes:
    img = Image.new("RGB", (width, height))
    if noise:
        img = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        px = img.load()
        for x in range(width):
            for y in range(height):
                px[x, y] = (x % 256, y % 256, 128)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def size_of(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pixel_bomb_png(width: int = 20000, height: int = 20000) -> bytes:
    """A tiny PNG whose header claims width x height (decoding it would need gigabytes)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\0" * 1024))
            + _chunk(b"IEND", b""))


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(document.domain)</script></svg>')
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
POSTSCRIPT = b"%!PS-Adobe-3.0\n/Times-Roman findfont 12 scalefont setfont\n72 72 moveto (hi) show\nshowpage\n"
GIF_HTML_POLYGLOT = b"GIF89a/*\x01\x00\x01\x00\x00\x00*/=1;<html><script>alert(1)</script></html>"


def tiny_video(path: Path, seconds: int = 1, audio: bool = True) -> bytes | None:
    """An MP4 made by ffmpeg from its test sources; None when ffmpeg is missing."""
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        return None
    cmd = [ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size=160x120:rate=10:duration={seconds}"]
    if audio:
        cmd += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:a", "aac", "-shortest"]
    cmd += ["-c:v", "mpeg4", "-pix_fmt", "yuv420p", str(path)]
    subprocess.run(cmd, check=True, timeout=60)
    return path.read_bytes()


def stored_files(data_dir: Path) -> list[Path]:
    root = Path(data_dir) / "media"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
