"""A tiny fake web/dist (what Vite builds: index.html + hashed assets + root files), so the
serving tests do not depend on the real web app."""
from __future__ import annotations

from pathlib import Path

INDEX_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Parloir test app</title>
<link rel="stylesheet" href="/assets/index-3f2a9c1d.css">
<script type="module" src="/assets/index-8b1e44f0.js"></script>
</head><body><div id="app">shell</div></body></html>
"""

# Big enough to be gzipped; writes a marker into the DOM when it runs (checked in Chromium:
# proves the CSP lets the app's own module script run).
APP_JS = ("document.getElementById('app').textContent = 'booted by app script';\n"
          + "".join(f"export const filler{i} = 'some repeated filler text number {i}';\n" for i in range(60)))
APP_CSS = "body{font-family:sans-serif}\n" + "".join(f".c{i}{{margin:{i}px}}\n" for i in range(60))
FAVICON = bytes([0, 0, 1, 0, 1, 0, 16, 16]) + b"\x00" * 40
MANIFEST = '{"name":"Parloir","start_url":"/","display":"standalone"}\n'


def make_fake_dist(root: Path) -> Path:
    (root / "assets").mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text(INDEX_HTML)
    (root / "assets" / "index-8b1e44f0.js").write_text(APP_JS)
    (root / "assets" / "index-3f2a9c1d.css").write_text(APP_CSS)
    (root / "favicon.ico").write_bytes(FAVICON)
    (root / "manifest.webmanifest").write_text(MANIFEST)
    return root
